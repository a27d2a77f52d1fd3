/**
 * Test fixtures for the runtime: compile contract source text, an in-memory committed state that
 * implements `StateView` and applies diffs, and a tiny "chain" that deploys and calls through a
 * real `Runtime` (the node's role, reduced to a map of artifacts).
 * Does NOT persist, sign or order anything.
 * @module
 */
import { expect } from 'vitest';
import { type ContractArtifact, codeHashOf, compile } from '../../compiler/index.ts';
import type { ExecuteKind, ExecuteParameters, ExecuteResult, Runtime, StateDiff, StateView } from '../../runtime/index.ts';

/** Compiles one source text; returns its artifacts by contract name. */
export function compileContracts(text: string, path = 'test.contract.ts'): Record<string, ContractArtifact> {
  const r = compile({ inputs: [{ path, text }] });
  expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return Object.fromEntries(r.artifacts.map((a) => [a.contract, a]));
}

/** An artifact whose code is replaced by hand-written JavaScript (bypassing the compiler). */
export function handWritten(base: ContractArtifact, code: string): ContractArtifact {
  return { ...base, code, codeHash: codeHashOf(code) };
}

/** A deterministic address: `prefix` then `n` in hex, 40 digits. */
export function addr(n: number, prefix = 'a'): string {
  return prefix + n.toString(16).padStart(39, '0');
}

/** Committed state in memory. */
export class MemoryState implements StateView {
  readonly data = new Map<string, Map<string, string>>();
  get(address: string, key: string): string | undefined {
    return this.data.get(address)?.get(key);
  }
  keys(address: string, prefix: string): readonly string[] {
    return [...(this.data.get(address)?.keys() ?? [])].filter((k) => k.startsWith(prefix)).reverse();
  }
  apply(diff: StateDiff): void {
    for (const e of diff) {
      let m = this.data.get(e.address);
      if (m === undefined) this.data.set(e.address, (m = new Map()));
      if (e.value === undefined) m.delete(e.key);
      else m.set(e.key, e.value);
    }
  }
}

/** Deploys and calls contracts through a runtime, committing successful diffs. */
export class MiniChain {
  readonly state = new MemoryState();
  readonly artifacts = new Map<string, ContractArtifact>();
  height = 1n;
  time = 1_798_761_600_000n;
  readonly runtime: Runtime;
  constructor(runtime: Runtime) {
    this.runtime = runtime;
  }

  params(address: string, kind: ExecuteKind, name: string, args: readonly unknown[], extra: Partial<ExecuteParameters> = {}): ExecuteParameters {
    return {
      address, kind, name, args, caller: addr(1), origin: addr(1), block: { height: this.height, time: this.time }, gasLimit: 5_000_000,
      state: this.state, resolve: (a) => this.artifacts.get(a), ...extra,
    };
  }

  deploy(artifact: ContractArtifact, address: string, args: readonly unknown[] = [], extra: Partial<ExecuteParameters> = {}): ExecuteResult {
    const r = this.runtime.execute(this.params(address, 'init', '', args, { artifact, ...extra }));
    if (r.status === 'ok') {
      this.artifacts.set(address, artifact);
      this.state.apply(r.stateDiff);
    }
    return r;
  }

  call(address: string, name: string, args: readonly unknown[] = [], extra: Partial<ExecuteParameters> = {}): ExecuteResult {
    const r = this.runtime.execute(this.params(address, 'entry', name, args, extra));
    if (r.status === 'ok') this.state.apply(r.stateDiff);
    return r;
  }

  view(address: string, name: string, args: readonly unknown[] = [], extra: Partial<ExecuteParameters> = {}): ExecuteResult {
    return this.runtime.execute(this.params(address, 'view', name, args, extra));
  }
}

/** The shape of a `TestChain` result (test/helpers/run-artifact.ts), produced through the runtime. */
export interface ChainCallResult {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { readonly code: string; readonly message: string; readonly site: number };
  readonly location?: string;
  readonly detail?: string;
  readonly gasUsed: number;
  readonly events: readonly { readonly contract: string; readonly name: string; readonly data: unknown }[];
  readonly writes: readonly (readonly [string, string | null])[];
}

function asChainResult(r: ExecuteResult): ChainCallResult {
  const e = r.error;
  return {
    ok: r.status === 'ok',
    gasUsed: r.gasUsed,
    events: r.events,
    writes: [],
    ...(r.status === 'ok' ? { value: r.value } : {}),
    ...(e !== undefined ? { error: { code: e.code, message: e.message, site: e.site } } : {}),
    ...(e?.location !== undefined ? { location: e.location } : {}),
    ...(e?.detail !== undefined ? { detail: e.detail } : {}),
  };
}

/**
 * The `TestChain` surface used by the semantic test runner, implemented on a real `Runtime`, so
 * every semantic file also runs through the production runtime and can be compared with the
 * reference host.
 */
export class RuntimeTestChain {
  time = 1_798_761_600_000n;
  height = 1n;
  readonly #chain: MiniChain;
  readonly #verify: (contract: string, relation: number, inputs: string) => boolean;

  constructor(runtime: Runtime, verify: (contract: string, relation: number, inputs: string) => boolean = () => true) {
    this.#chain = new MiniChain(runtime);
    this.#verify = verify;
  }

  #extra(caller: string | undefined, gasLimit: number | undefined, origin?: string): Partial<ExecuteParameters> {
    this.#chain.time = this.time;
    this.#chain.height = this.height;
    const c = caller ?? addr(1);
    return { caller: c, origin: origin ?? c, gasLimit: gasLimit ?? 10_000_000, verify: ({ address, relation, inputs }) => this.#verify(address, relation, inputs) };
  }

  deploy(artifact: ContractArtifact, args: readonly unknown[] = [], options: { caller?: string; gasLimit?: number; address?: string } = {}): { address: string; result: ChainCallResult } {
    const address = options.address ?? addr(this.#chain.artifacts.size + 1, 'c');
    return { address, result: asChainResult(this.#chain.deploy(artifact, address, args, this.#extra(options.caller, options.gasLimit))) };
  }

  call(address: string, name: string, args: readonly unknown[] = [], options: { caller?: string; gasLimit?: number } = {}): ChainCallResult {
    return asChainResult(this.#chain.call(address, name, args, this.#extra(options.caller, options.gasLimit)));
  }

  view(address: string, name: string, args: readonly unknown[] = [], options: { caller?: string; gasLimit?: number } = {}): ChainCallResult {
    return asChainResult(this.#chain.view(address, name, args, this.#extra(options.caller, options.gasLimit)));
  }

  trigger(address: string, name: string, args: readonly unknown[] = [], options: { caller?: string; gasLimit?: number } = {}): ChainCallResult {
    const r = this.#chain.runtime.execute(this.#chain.params(address, 'trigger', name, args, this.#extra(options.caller ?? address, options.gasLimit, address)));
    if (r.status === 'ok') this.#chain.state.apply(r.stateDiff);
    return asChainResult(r);
  }

  callText(address: string, kind: 'entry' | 'view' | 'trigger', name: string, argsText: string, options: { caller?: string; gasLimit?: number } = {}): ChainCallResult {
    let args: unknown[];
    try {
      args = JSON.parse(argsText) as unknown[];
    } catch {
      // A node decodes transactions before execution: text that is not JSON never reaches the runtime.
      return { ok: false, error: { code: 'RT_ERR_INVALID_REQUEST', message: 'arguments are not JSON', site: -1 }, gasUsed: 0, events: [], writes: [] };
    }
    if (kind === 'trigger') return this.trigger(address, name, args, options);
    return kind === 'view' ? this.view(address, name, args, options) : this.call(address, name, args, options);
  }

  stateOf(address: string): ReadonlyMap<string, string> {
    return this.#chain.state.data.get(address) ?? new Map();
  }

  artifactOf(address: string): ContractArtifact {
    const a = this.#chain.artifacts.get(address);
    if (a === undefined) throw new Error(`no contract at ${address}`);
    return a;
  }

  dispose(): void {
    // The runtime belongs to the caller.
  }
}
