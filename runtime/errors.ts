/**
 * Stable error codes of the runtime and the one error class it throws.
 *
 * Two families share the `RT_ERR_` prefix (listed together in `docs/errors.md`):
 * - **contract failures** ({@link CONTRACT_ERROR_CODES}): produced by the code inside the isolate
 *   or by the host API (re-entrancy, unknown contract, call depth); they are consensus data, appear
 *   in receipts and are never renamed (`docs/artifact.md`, "Run-time errors");
 * - **runtime faults** ({@link RUNTIME_FAULT_CODES}): the node's own environment or inputs are
 *   wrong, or a node-local backstop fired. They are thrown as {@link RuntimeError} and never
 *   become a receipt: the node must not commit anything from such an execution (GAS-06).
 *
 * Does NOT decide which failures are fatal inside the isolate (the prelude does).
 * @module
 */

/** Codes a failed execution can carry in its receipt (consensus data; add, never rename). */
export const CONTRACT_ERROR_CODES = [
  'RT_ERR_REQUIRE_FAILED',
  'RT_ERR_REVERT',
  'RT_ERR_DIVISION_BY_ZERO',
  'RT_ERR_CURRENCY_MISMATCH',
  'RT_ERR_INEXACT_MONEY',
  'RT_ERR_INDEX_OUT_OF_BOUNDS',
  'RT_ERR_MISSING_VALUE',
  'RT_ERR_INVALID_ARGUMENT',
  'RT_ERR_NUMBER_OUT_OF_RANGE',
  'RT_ERR_DATE_OUT_OF_RANGE',
  'RT_ERR_CALL_FAILED',
  'RT_ERR_PROOF_INVALID',
  'RT_ERR_UNKNOWN_CONTRACT',
  'RT_ERR_OUT_OF_GAS',
  'RT_ERR_CALL_DEPTH',
  'RT_ERR_LIMIT_EXCEEDED',
  'RT_ERR_VIEW_WRITE',
  'RT_ERR_REENTRANCY',
  'RT_ERR_UNKNOWN_ENTRY',
  'RT_ERR_INVALID_REQUEST',
  'RT_ERR_INTERNAL',
  'RT_ERR_INVALID_KEY',
  'RT_ERR_SEALED_RANGE',
] as const;

/** A code that can appear in a receipt. */
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

/**
 * Codes of {@link RuntimeError}: faults of the node, never results of a contract. An execution that
 * throws one has no receipt and commits nothing.
 */
export const RUNTIME_FAULT_CODES = {
  /** Node.js older than 24 (SBX-01). */
  RT_ERR_NODE_VERSION: 'Node.js 24 or newer is required',
  /** isolated-vm older than 7.0.1 or not loadable (SBX-01). */
  RT_ERR_ISOLATED_VM_VERSION: 'isolated-vm 7.0.1 or newer is required',
  /** The process was started without `--no-node-snapshot` (SBX-02). */
  RT_ERR_NO_SNAPSHOT_FLAG: 'the process must run with --no-node-snapshot',
  /** The isolate's memory limit or the wall-clock backstop fired (SBX-03, SBX-07, GAS-06). */
  RT_ERR_ISOLATE_LIMIT: 'a node-local isolate limit stopped the execution',
  /** An artifact failed validation or names an unsupported host API or gas schedule. */
  RT_ERR_INVALID_ARTIFACT: 'the artifact is invalid',
  /** `execute()` was called with malformed parameters (a bug in the caller, not the contract). */
  RT_ERR_INVALID_PARAMETERS: 'invalid execute parameters',
  /** A host dependency (state view, resolver, verifier) threw while serving the contract. */
  RT_ERR_HOST_FAULT: 'a host dependency failed',
  /** The runtime was used after `dispose()`. */
  RT_ERR_DISPOSED: 'the runtime is disposed',
} as const;

/** Code of a {@link RuntimeError}. */
export type RuntimeFaultCode = keyof typeof RUNTIME_FAULT_CODES;

/** Options of {@link RuntimeError}. */
export interface RuntimeErrorOptions {
  /** Extra lines for humans (values involved, what to do). */
  readonly metaMessages?: readonly string[];
  readonly cause?: unknown;
}

/**
 * A fault of the runtime or its environment, with a stable `code` (viem-style `shortMessage`,
 * `metaMessages`, `cause`). Never a contract outcome: contract failures are results, not throws.
 * @example
 * throw new RuntimeError('RT_ERR_NODE_VERSION', 'Node.js 24 or newer is required, found 20.11.0');
 */
export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  readonly code: RuntimeFaultCode;
  readonly shortMessage: string;
  readonly metaMessages: readonly string[];

  constructor(code: RuntimeFaultCode, shortMessage: string, options: RuntimeErrorOptions = {}) {
    const meta = options.metaMessages ?? [];
    super([`${code}: ${shortMessage}`, ...meta].join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.metaMessages = meta;
  }
}

/** Whether `code` is a receipt code (as opposed to a runtime fault or garbage). */
export function isContractErrorCode(code: unknown): code is ContractErrorCode {
  return typeof code === 'string' && (CONTRACT_ERROR_CODES as readonly string[]).includes(code);
}
