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
  constructor(readonly runtime: Runtime) {}

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
