/**
 * The runtime's public face: {@link createRuntime} checks the process (SBX-01/02) and returns a
 * {@link Runtime} that executes compiled artifacts in an isolated-vm sandbox and returns
 * receipt-ready results (status, value or error with source location, gas used, events, sorted
 * state diff and its hash).
 *
 * Does NOT store state, sign or order transactions, or schedule triggers: that is the node's job,
 * which supplies a {@link StateView} of committed state and a resolver of deployed artifacts.
 * @module
 */
import { checkEnvironment, type ProcessFacts } from './environment.ts';
import { RuntimeError } from './errors.ts';
import { type ExecuteParameters, type ExecuteResult, execute } from './executor.ts';
import { Sandbox } from './sandbox.ts';

export { checkEnvironment, currentProcessFacts, MIN_ISOLATED_VM, MIN_NODE_MAJOR, type ProcessFacts } from './environment.ts';
export { CONTRACT_ERROR_CODES, RUNTIME_FAULT_CODES, RuntimeError, isContractErrorCode, type ContractErrorCode, type RuntimeErrorOptions, type RuntimeFaultCode } from './errors.ts';
export { MAX_CONTRACT_DEPTH, type ExecuteEvent, type ExecuteFailure, type ExecuteKind, type ExecuteParameters, type ExecuteResult, type VerifyRelationFn } from './executor.ts';
export { MAX_ARGUMENT_DEPTH, MAX_REQUEST_CHARS } from './boundary.ts';
export { DEFAULT_MAX_GAS_LIMIT, memoryLimitMb } from './sandbox.ts';
/** Zero-knowledge commitments and proofs (docs/privacy.md), as a namespace: `zk.verifyRelation(...)`. */
export * as zk from './zk/index.ts';
/** Field sealing and grants (docs/privacy-sealing.md), as a namespace. */
export * as sealing from './crypto/index.ts';
export { STATE_DIFF_TAG, createStateOverlay, sortStateDiff, stateDiffHash, type StateDiff, type StateDiffEntry, type StateOverlay, type StateView } from './state.ts';

/** Options of {@link createRuntime}. */
export interface CreateRuntimeParameters {
  /** Largest gas limit of one execution; sizes the isolate's memory (default 12,000,000). */
  readonly maxGasLimit?: number;
  /** Contract contexts kept warm (default 32). */
  readonly maxContexts?: number;
  /** Node-local wall-clock backstop per execution in ms (default 10,000; never a consensus limit). */
  readonly backstopMs?: number;
  /**
   * Send the state keys an invocation is expected to read along with its request (default true):
   * a pure optimisation, learned per code and entry, that saves a host round trip per key and
   * never changes a result (`false` for comparisons and diagnostics).
   */
  readonly prefetch?: boolean;
  /** Process facts for the start-up check (default: this process); for tests. */
  readonly processFacts?: ProcessFacts;
}

/** A runtime: one isolate, used by one thread at a time. */
export interface Runtime {
  /**
   * Executes a deployment, entry, view or trigger. Contract failures are results; node faults
   * throw {@link RuntimeError} and must leave no receipt and commit nothing.
   */
  execute(parameters: ExecuteParameters): ExecuteResult;
  /** Memory limit of the isolate, in MiB. */
  readonly memoryLimitMb: number;
  /** Times the isolate was recreated after a backstop fired (a health signal for the node). */
  readonly isolateResets: number;
  /** Releases the isolate. */
  dispose(): void;
}

/** Result type of {@link createRuntime}. */
export type CreateRuntimeResult = Runtime;

/**
 * Checks the environment and creates a runtime.
 * @example
 * const runtime = createRuntime();
 * const r = runtime.execute({ address, artifact, kind: 'init', name: '', args: [], caller, origin: caller,
 *   block: { height: 1n, time: 1798761600000n }, gasLimit: 1_000_000, state, resolve });
 * if (r.status === 'ok') commit(r.stateDiff);
 */
export function createRuntime(parameters: CreateRuntimeParameters = {}): CreateRuntimeResult {
  checkEnvironment(parameters.processFacts);
  const sandbox = new Sandbox(parameters);
  const prefetch = parameters.prefetch ?? true;
  let disposed = false;
  return {
    execute(p) {
      if (disposed) throw new RuntimeError('RT_ERR_DISPOSED', 'the runtime is disposed');
      return execute(sandbox, p, prefetch);
    },
    memoryLimitMb: sandbox.memoryLimitMb,
    get isolateResets() {
      return sandbox.resets;
    },
    dispose() {
      disposed = true;
      sandbox.dispose();
    },
  };
}
