/**
 * The compiler's public face: compile sources to artifacts, render diagnostics, and the artifact
 * format (also importable on its own from `compiler/artifact.ts`).
 * @module
 */
export { compile, type CompileInput, type CompileParameters, type CompileResult } from './pipeline.ts';
export { formatDiagnostic, type Diagnostic, type Severity } from './diagnostics.ts';
export { DIAGNOSTIC_CODES, type DiagnosticName } from './diagnostic-codes.ts';
export { createSourceFile, lineColumnOf, type SourceFile, type Span } from './source.ts';
export { COMPILER_VERSION } from './version.ts';
export * from './artifact.ts';
