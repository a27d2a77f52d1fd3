/**
 * The compiler's version, recorded in every artifact. Bump it with every change to code
 * generation or the artifact format: nodes compare it to refuse artifacts from unknown compilers.
 * @module
 */
export const COMPILER_VERSION = '0.1.0';
