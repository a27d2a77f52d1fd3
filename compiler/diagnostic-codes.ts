/**
 * The one catalogue of compiler diagnostics (TypeScript's `diagnosticMessages.json`, Move's
 * `codes!`). Codes are stable: never renumber or reuse one; retire a code by leaving a gap.
 * Ranges: E1xxx lexing/parsing, E2xxx names, E3xxx types, E4xxx contract and determinism rules,
 * E5xxx code-generation limits, W prefix warnings. `test/compiler/codes.test.ts` checks that each
 * code is unique, used by the compiler and covered by a golden case.
 * @module
 */

export interface CodeEntry {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** Message template; `{0}`, `{1}` are filled with arguments. Present tense, singular subject. */
  readonly template: string;
}

export const DIAGNOSTIC_CODES = {
  // ---- E1xxx: lexing and parsing ----------------------------------------------------------
  UnexpectedCharacter: { code: 'E1001', severity: 'error', template: 'Unexpected character "{0}".' },
  // (end of E1xxx)

  // ---- E2xxx: names ------------------------------------------------------------------------
  // (end of E2xxx)

  // ---- E3xxx: types ------------------------------------------------------------------------
  // (end of E3xxx)

  // ---- E4xxx: contract, determinism and safety rules --------------------------------------
  // (end of E4xxx)

  // ---- E5xxx: code generation and size limits ---------------------------------------------
  // (end of E5xxx)
} as const satisfies Record<string, CodeEntry>;

export type DiagnosticName = keyof typeof DIAGNOSTIC_CODES;
