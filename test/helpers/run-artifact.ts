/**
 * A small in-memory host for running compiled artifacts in isolated-vm, for tests: one isolate per
 * deployed contract, the host API of `docs/artifact.md` (hostApi 1) backed by plain maps, writes
 * applied only when a transaction succeeds, cross-contract calls with reentrancy and depth checks,
 * rollback of callee effects for atomic `try` blocks, and receipts with events in emission order.
 *
 * It is a TEST HELPER, not the runtime: no persistence, no consensus, no artifact cache by hash,
 * no determinism shims beyond what the compiled code does itself.
 * @module
 */
import ivm from 'isolated-vm';
import { type ContractArtifact, validateArtifact } from '../../compiler/artifact.ts';

export interface Failure {
  readonly code: string;
  readonly message: string;
  readonly site: number;
}

export interface ReceiptEvent {
  readonly contract: string;
  readonly name: string;
  readonly data: unknown;
}

export interface CallResult {
  readonly ok: boolean;
  /** Encoded return value (canonical JSON value), when `ok`. */
  readonly value?: unknown;
  readonly error?: Failure;
  /** `path:line:column` of `error.site`, from the artifact's span map. */
  readonly location?: string;
  /** Engine detail of RT_ERR_INTERNAL (not consensus data). */
  readonly detail?: string;
  readonly gasUsed: number;
  /** All events of the transaction (callees included), in emission order; empty if it failed. */
  readonly events: readonly ReceiptEvent[];
  /** The invoked contract's own writes (for inspection). */
  readonly writes: readonly (readonly [string, string | null])[];
}

export interface CallOptions {
  readonly caller?: string;
  readonly gasLimit?: number;
}

interface Response {
  ok: boolean;
  value?: unknown;
  error?: Failure;
  detail?: string;
  gasUsed: number;
  writes?: [string, string | null][];
  events?: { calls: number; data: unknown; name: string }[];
}

interface Deployed {
  readonly address: string;
  readonly artifact: ContractArtifact;
  readonly isolate: ivm.Isolate;
  readonly invoke: ivm.Reference<(request: string) => string>;
}

/** One running invocation: its contract and the callee calls it has kept so far. */
interface Frame {
  readonly address: string;
  readonly view: boolean;
  readonly calls: { undoStart: number; events: ReceiptEvent[] }[];
}

/** One overlay write, with the value it replaced (`undefined`: the overlay had no entry). */
interface UndoEntry {
  readonly address: string;
  readonly key: string;
  readonly prev: string | null | undefined;
}

/** Deepest cross-contract call stack the harness allows. */
export const MAX_CONTRACT_DEPTH = 32;

/** A deterministic test address: `'a'` followed by the label's index in hex. */
export function testAddress(n: number, prefix = 'a'): string {
  return prefix + n.toString(16).padStart(39, '0');
}

export interface TestChainOptions {
  /** Verifies `prove(...)` relations; default: every proof is valid. */
  readonly verify?: (contract: string, relation: number, inputs: string) => boolean;
  readonly memoryLimitMb?: number;
}

/**
 * An in-memory chain of deployed artifacts.
 * @example
 * const chain = new TestChain();
 * const { address } = chain.deploy(artifact, ['100']);
 * chain.call(address, 'deposit', ['5']);
 */
export class TestChain {
  time = 1_798_761_600_000n;
  height = 1n;
  readonly #contracts = new Map<string, Deployed>();
  readonly #committed = new Map<string, Map<string, string>>();
  /** Per-transaction overlay: address → key → value (null = deleted). */
  #overlay = new Map<string, Map<string, string | null>>();
  /** Undo log of overlay writes, for callee failures and `try` rollbacks. */
  #undo: UndoEntry[] = [];
  #stack: Frame[] = [];
  #origin = testAddress(1);
  readonly #verify: NonNullable<TestChainOptions['verify']>;
  readonly #memoryLimitMb: number;

  constructor(options: TestChainOptions = {}) {
    this.#verify = options.verify ?? (() => true);
    this.#memoryLimitMb = options.memoryLimitMb ?? 128;
  }

  /** Deploys an artifact (validated first) and runs its constructor. */
  deploy(artifact: ContractArtifact, args: readonly unknown[] = [], options: CallOptions & { address?: string } = {}): { address: string; result: CallResult } {
    const checked = validateArtifact(JSON.parse(JSON.stringify(artifact)));
    if (!checked.ok) throw new Error(`invalid artifact: ${checked.errors.join('; ')}`);
    const address = options.address ?? testAddress(this.#contracts.size + 1, 'c');
    const isolate = new ivm.Isolate({ memoryLimit: this.#memoryLimitMb });
    const context = isolate.createContextSync();
    const g = context.global;
    g.setSync('__host_load', new ivm.Callback((key: string) => this.#load(address, key)));
    g.setSync('__host_keys', new ivm.Callback((prefix: string) => JSON.stringify(this.#keys(address, prefix))));
    g.setSync('__host_call', new ivm.Callback((target: string, method: string, argsJson: string, gasLimit: number) => this.#nestedCall(target, method, argsJson, gasLimit)));
    g.setSync('__host_rollback', new ivm.Callback((mark: number) => this.#rollback(mark)));
    g.setSync('__host_verify', new ivm.Callback((relation: number, inputs: string) => this.#verify(address, relation, inputs)));
    isolate.compileScriptSync(artifact.code, { filename: `${artifact.contract}.js` }).runSync(context);
    const invoke = g.getSync('__covenant_invoke', { reference: true }) as ivm.Reference<(request: string) => string>;
    this.#contracts.set(address, { address, artifact: checked.artifact, isolate, invoke });
    this.#committed.set(address, new Map());
    const result = this.#transaction(address, 'init', '', args, options);
    if (!result.ok) {
      this.#contracts.delete(address);
      isolate.dispose();
    }
    return { address, result };
  }

  /** Calls an `@entry` as a transaction signed by `caller`. */
  call(address: string, name: string, args: readonly unknown[] = [], options: CallOptions = {}): CallResult {
    return this.#transaction(address, 'entry', name, args, options);
  }

  /** Calls a `@view` (nothing is written). */
  view(address: string, name: string, args: readonly unknown[] = [], options: CallOptions = {}): CallResult {
    return this.#transaction(address, 'view', name, args, options);
  }

  /** Runs a trigger handler as the node would (origin = caller = the contract itself unless given). */
  trigger(address: string, name: string, args: readonly unknown[] = [], options: CallOptions = {}): CallResult {
    return this.#transaction(address, 'trigger', name, args, { caller: options.caller ?? address, ...options }, address);
  }

  /**
   * Calls an entry, view or trigger with arguments given as JSON text, sent to the isolate as they
   * are (for inputs the host's own JSON encoder cannot produce, such as 10⁵-deep nesting).
   */
  callText(address: string, kind: 'entry' | 'view' | 'trigger', name: string, argsText: string, options: CallOptions = {}): CallResult {
    return this.#transaction(address, kind, name, argsText, options, kind === 'trigger' ? address : undefined);
  }

  /** Sends a raw request text to a contract's `__covenant_invoke` (no state is applied). */
  raw(address: string, request: string): string {
    return this.#contract(address).invoke.applySync(undefined, [request]);
  }

  /** Committed state of a contract (key → encoded value text). */
  stateOf(address: string): ReadonlyMap<string, string> {
    return this.#committed.get(address) ?? new Map();
  }

  artifactOf(address: string): ContractArtifact {
    return this.#contract(address).artifact;
  }

  /** Releases every isolate. */
  dispose(): void {
    for (const c of this.#contracts.values()) c.isolate.dispose();
    this.#contracts.clear();
  }

  #contract(address: string): Deployed {
    const c = this.#contracts.get(address);
    if (c === undefined) throw new Error(`no contract at ${address}`);
    return c;
  }

  #load(address: string, key: string): string | undefined {
    const o = this.#overlay.get(address);
    if (o !== undefined && o.has(key)) return o.get(key) ?? undefined;
    return this.#committed.get(address)?.get(key);
  }

  #keys(address: string, prefix: string): string[] {
    const keys = new Set<string>();
    for (const k of this.#committed.get(address)?.keys() ?? []) if (k.startsWith(prefix)) keys.add(k);
    for (const [k, v] of this.#overlay.get(address) ?? []) {
      if (!k.startsWith(prefix)) continue;
      if (v === null) keys.delete(k);
      else keys.add(k);
    }
    // Any order is allowed by the host API; reverse insertion order here to prove the isolate sorts.
    return [...keys].reverse();
  }

  #write(address: string, key: string, value: string | null): void {
    let o = this.#overlay.get(address);
    if (o === undefined) this.#overlay.set(address, (o = new Map()));
    this.#undo.push({ address, key, prev: o.has(key) ? o.get(key) : undefined });
    o.set(key, value);
  }

  #undoTo(n: number): void {
    while (this.#undo.length > n) {
      const u = this.#undo.pop() as UndoEntry;
      const o = this.#overlay.get(u.address) as Map<string, string | null>;
      if (u.prev === undefined) o.delete(u.key);
      else o.set(u.key, u.prev);
    }
  }

  #rollback(mark: number): void {
    const frame = this.#stack[this.#stack.length - 1];
    if (frame === undefined || !Number.isInteger(mark) || mark < 0 || mark > frame.calls.length) throw new Error(`bad rollback mark ${mark}`);
    const keep = frame.calls[mark];
    if (keep !== undefined) this.#undoTo(keep.undoStart);
    frame.calls.length = mark;
  }

  #request(kind: string, name: string, args: readonly unknown[] | string, caller: string, self: string, gasLimit: number): string {
    const ctx = { caller, origin: this.#origin, self, time: String(this.time), height: String(this.height) };
    if (typeof args !== 'string') return JSON.stringify({ kind, name, args, ctx, gasLimit });
    return `{"kind":${JSON.stringify(kind)},"name":${JSON.stringify(name)},"args":${args},"ctx":${JSON.stringify(ctx)},"gasLimit":${gasLimit}}`;
  }

  /** Runs one invocation in its frame; applies its writes to the overlay if it succeeded. */
  #run(address: string, kind: string, name: string, args: readonly unknown[] | string, caller: string, gasLimit: number): { response: Response; events: ReceiptEvent[] } {
    const c = this.#contract(address);
    const frame: Frame = { address, view: kind === 'view', calls: [] };
    const undoStart = this.#undo.length;
    this.#stack.push(frame);
    let text: string;
    try {
      text = c.invoke.applySync(undefined, [this.#request(kind, name, args, caller, address, gasLimit)]);
    } finally {
      this.#stack.pop();
    }
    const response = JSON.parse(text) as Response;
    if (!response.ok) {
      this.#undoTo(undoStart);
      return { response, events: [] };
    }
    for (const [k, v] of response.writes ?? []) this.#write(address, k, v);
    // Interleave own events with kept callees' events by the `calls` counter.
    const events: ReceiptEvent[] = [];
    const own = response.events ?? [];
    let i = 0;
    for (let call = 0; call <= frame.calls.length; call++) {
      while (i < own.length && (own[i] as { calls: number }).calls === call) {
        const e = own[i++] as { name: string; data: unknown };
        events.push({ contract: address, name: e.name, data: e.data });
      }
      if (call < frame.calls.length) events.push(...(frame.calls[call] as { events: ReceiptEvent[] }).events);
    }
    return { response, events };
  }

  #nestedCall(target: string, method: string, argsJson: string, gasLimit: number): string {
    const caller = this.#stack[this.#stack.length - 1];
    if (caller === undefined) throw new Error('__host_call outside an invocation');
    const fail = (code: string, message: string): string => JSON.stringify({ ok: false, error: { code, message, site: -1 }, gasUsed: 0 });
    const callee = this.#contracts.get(target);
    if (callee === undefined) return fail('RT_ERR_UNKNOWN_CONTRACT', `no contract at ${target}`);
    if (this.#stack.some((f) => f.address === target)) return fail('RT_ERR_REENTRANCY', `${target} is already on the call stack`);
    if (this.#stack.length >= MAX_CONTRACT_DEPTH) return fail('RT_ERR_CALL_DEPTH', 'contract calls nested too deep');
    const entry = callee.artifact.abi.entries.find((e) => e.name === method && e.kind !== 'trigger');
    if (entry === undefined) return fail('RT_ERR_UNKNOWN_ENTRY', `no entry or view ${method}`);
    if (caller.view && entry.kind !== 'view') return fail('RT_ERR_VIEW_WRITE', 'a view cannot call an entry');
    const undoStart = this.#undo.length;
    const { response, events } = this.#run(target, entry.kind, method, JSON.parse(argsJson) as unknown[], caller.address, gasLimit);
    if (response.ok) caller.calls.push({ undoStart, events });
    return JSON.stringify(response.ok ? { ok: true, value: response.value, gasUsed: response.gasUsed } : { ok: false, error: response.error, gasUsed: response.gasUsed });
  }

  #transaction(address: string, kind: string, name: string, args: readonly unknown[] | string, options: CallOptions, origin?: string): CallResult {
    const caller = options.caller ?? testAddress(1);
    this.#origin = origin ?? caller;
    this.#overlay = new Map();
    this.#undo = [];
    const { response, events } = this.#run(address, kind, name, args, caller, options.gasLimit ?? 10_000_000);
    if (response.ok && kind !== 'view') {
      for (const [addr, writes] of this.#overlay) {
        const state = this.#committed.get(addr) as Map<string, string>;
        for (const [k, v] of writes) {
          if (v === null) state.delete(k);
          else state.set(k, v);
        }
      }
    }
    this.#overlay = new Map();
    this.#undo = [];
    const artifact = this.#contract(address).artifact;
    const span = response.error !== undefined && response.error.site >= 0 ? artifact.spans[response.error.site] : undefined;
    const source = span === undefined ? undefined : artifact.sources[span.file];
    return {
      ok: response.ok,
      gasUsed: response.gasUsed,
      events,
      writes: response.writes ?? [],
      ...(response.ok ? { value: response.value } : {}),
      ...(response.error !== undefined ? { error: response.error } : {}),
      ...(span !== undefined && source !== undefined ? { location: `${source.path}:${span.line}:${span.column}` } : {}),
      ...(response.detail !== undefined ? { detail: response.detail } : {}),
    };
  }
}
