/**
 * The checking passes as one unit for the pipeline: names, types, contract rules.
 * @module
 */
export { checkProgram, type CheckProgramParameters } from './checker.ts';
export { checkRules } from './rules.ts';
export type { ImportTarget } from './binder.ts';
export type * from './checked.ts';
export * from './types.ts';
