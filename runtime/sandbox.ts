/**
 * The isolated-vm sandbox: one isolate whose `memoryLimit` follows the memory rule of
 * `docs/artifact.md` (32 MiB + 8 B × the largest gas limit, plus room for cached contexts), each
 * contract script compiled once per `codeHash` from its source text (never from `cachedData` or a
 * snapshot, SBX-06), evaluated in a hardened context whose only doors to the host are five
 * string-in/string-out callbacks (SBX-04/05). Invocations enter through a host-owned driver that
 * also carries prefetched state texts, so `__host_load` answers those keys without a round trip
 * (about 1 µs each); the driver is out of the contract code's reach (see {@link Sandbox.invoke}).
 *
 * Context reuse: creating a context and evaluating a contract script costs about 0.6 ms, a call
 * into an existing one about 3 µs with the backstop timeout armed (measured). The code ABI allows it ("one context can serve any
 * number of invocations, one at a time: each invocation starts from a clean internal state", the
 * prelude's `__run` resets every per-request variable), so contexts are kept per `codeHash`. A
 * context is never entered twice at once: a busy context is skipped and a second one made for the
 * same code (two addresses sharing code, or a call chain that passes through the same code), and
 * re-entering an address is refused by the host before any context is chosen (SC-01). Contexts
 * are evicted least recently used beyond `maxContexts`.
 *
 * Backstops (node-local, never consensus): the wall-clock `timeout` of the outermost call and the
 * isolate's `memoryLimit`. If either fires, the isolate is disposed, a fresh one is created on the
 * next invocation and the caller gets a {@link RuntimeError} `RT_ERR_ISOLATE_LIMIT`: nothing of
 * that execution may be committed (SBX-03, SBX-07, SBX-08, GAS-06).
 *
 * Does NOT build requests, interpret responses, keep state or check environment versions.
 * @module
 */
import ivm from 'isolated-vm';
import { RuntimeError } from './errors.ts';

/** What the contract code may ask of the host, for one invocation (the host API of hostApi 1). */
export interface HostFunctions {
  load(key: string): string | undefined;
  /** JSON array text of keys. */
  keys(prefix: string): string;
  /** JSON result text (`{"ok":…,"gasUsed":…}`). */
  call(address: string, method: string, args: string, gasLimit: number): string;
  rollback(mark: number): void;
  verify(relation: number, inputs: string): boolean;
}

/**
 * Thrown by a {@link HostFunctions} implementation when the contract code broke the host protocol
 * (wrong argument types, a bad rollback mark). It is a deterministic contract failure: it is
 * rethrown into the isolate, where the prelude reports `RT_ERR_INTERNAL`. Any other exception of
 * a host function is a host fault (`RT_ERR_HOST_FAULT`), never a contract result.
 */
export class HostProtocolError extends TypeError {
  override readonly name = 'HostProtocolError';
}

/** Options of {@link Sandbox}. */
export interface SandboxOptions {
  /** Largest `gasLimit` an invocation may have; sizes the isolate (default 12,000,000). */
  readonly maxGasLimit?: number;
  /** Contexts kept alive across invocations (default 32). */
  readonly maxContexts?: number;
  /** Wall-clock backstop of one outermost invocation, in ms (default 10,000). */
  readonly backstopMs?: number;
}

/** Memory the prelude may hold before gas is charged (request parsing), per `docs/artifact.md`. */
const BASE_HEAP_BYTES = 32 * 1024 * 1024;
/** At most 8 bytes of heap per unit of gas (`docs/artifact.md`, Memory bound). */
const HEAP_BYTES_PER_GAS = 8;
/**
 * Heap room per cached context: a small contract's context with its closure is about 0.5 MiB
 * (measured); the largest script (2 MiB of source) needs several times that.
 */
const CONTEXT_HEAP_BYTES = 4 * 1024 * 1024;

/** Default largest gas limit: with the defaults the isolate gets 256 MiB. */
export const DEFAULT_MAX_GAS_LIMIT = 12_000_000;

/**
 * The isolate's `memoryLimit` in MiB for a gas ceiling and a context cache size: the memory rule
 * of `docs/artifact.md` plus the cached contexts, so a contract's memory bomb always stops with
 * `RT_ERR_OUT_OF_GAS` before the (non-deterministic) isolate limit.
 * @example memoryLimitMb(12_000_000, 32) // 256
 */
export function memoryLimitMb(maxGasLimit: number, maxContexts: number): number {
  return Math.ceil((BASE_HEAP_BYTES + HEAP_BYTES_PER_GAS * maxGasLimit + CONTEXT_HEAP_BYTES * maxContexts) / (1024 * 1024));
}

/**
 * Runs before any contract code in every context: a second line of defence behind the compiler
 * (DET-01/02, SBX-04). Sources of non-determinism are replaced by functions that throw, or
 * deleted; the constructors reachable through prototypes (`f.constructor`, including async and
 * generator functions) cannot compile code; stack traces are cut to the message, so an error's
 * text never depends on engine internals. The prelude captures the intrinsics it needs afterwards.
 */
const HARDEN = String.raw`'use strict';
(function () {
  const g = globalThis, dp = Object.defineProperty, freeze = Object.freeze, getProto = Object.getPrototypeOf;
  function poison(name) {
    const f = function () { throw new TypeError(name + ' is not available in a Covenant contract'); };
    return freeze(f);
  }
  function lock(o, k, v) { dp(o, k, { value: v, writable: false, enumerable: false, configurable: false }); }
  const protos = [Function.prototype, getProto(async function () {}), getProto(function* () {}), getProto(async function* () {})];
  for (const p of protos) lock(p, 'constructor', poison('Function'));
  const date = function () { throw new TypeError('Date is not available in a Covenant contract'); };
  lock(date, 'now', poison('Date.now'));
  lock(date, 'parse', poison('Date.parse'));
  lock(date, 'UTC', poison('Date.UTC'));
  freeze(date);
  lock(g, 'Date', date);
  for (const n of ['WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'eval', 'Function']) lock(g, n, poison(n));
  for (const n of ['Atomics', 'Intl', 'WebAssembly', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask']) delete g[n];
  lock(Math, 'random', poison('Math.random'));
  freeze(Math);
  const locale = [[String.prototype, 'localeCompare'], [String.prototype, 'toLocaleUpperCase'], [String.prototype, 'toLocaleLowerCase'],
    [Number.prototype, 'toLocaleString'], [BigInt.prototype, 'toLocaleString'], [Array.prototype, 'toLocaleString'], [Object.prototype, 'toLocaleString']];
  for (const [o, k] of locale) lock(o, k, poison(k));
  Error.stackTraceLimit = 0;
  lock(Error, 'captureStackTrace', poison('Error.captureStackTrace'));
  lock(Error, 'stackTraceLimit', 0);
})();
`;

/**
 * Runs after {@link HARDEN} and the host callbacks are installed, before the contract script: the
 * host-owned entry through which every invocation enters the context (state prefetch, see
 * {@link Sandbox.invoke}). It captures the `__host_load` callback and `JSON.parse` before any
 * contract code runs and replaces the `__host_load` global by a function that first answers from
 * the values the host sent with the request, then falls back to the callback: contract code sees
 * exactly the answers the callback would give (the values are this contract's state as of the
 * invocation's start, which nothing changes while it runs: re-entrancy is refused and writes are
 * applied when an invocation ends), with one host round trip fewer per prefetched key.
 * The driver and its binder are handed to the host as References and deleted from the global
 * object before the contract script is evaluated, so contract code can neither reach nor replace
 * them. The driver returns `hits;response`, `hits` a bit set of the prefetched keys that were
 * read (for the host's prefetch plan); a non-string result of `__covenant_invoke` is returned as
 * it is, so the host refuses it as before.
 */
const DRIVER = String.raw`'use strict';
(function () {
  const g = globalThis, parse = JSON.parse, load = g.__host_load;
  let pre = null, hits = 0, invoke;
  g.__host_load = function __host_load(key) {
    const p = pre;
    if (p !== null) {
      for (let i = 0; i < p.length; i += 2) {
        if (p[i] === key) {
          hits |= 1 << (i >> 1);
          const v = p[i + 1];
          return v === null ? undefined : v;
        }
      }
    }
    return load(key);
  };
  g.__covenant_driver = function (request, prefetch) {
    pre = prefetch === '' ? null : parse(prefetch);
    hits = 0;
    try {
      const r = invoke(request);
      return typeof r === 'string' ? hits + ';' + r : r;
    } finally {
      pre = null;
    }
  };
  g.__covenant_bind = function () {
    invoke = g.__covenant_invoke;
    return typeof invoke;
  };
})();
`;

/** Most keys one invocation can be sent ahead (the driver reports hits in a 31-bit set). */
export const MAX_PREFETCH_KEYS = 16;

const HOST_NAMES = ['__host_load', '__host_keys', '__host_call', '__host_rollback', '__host_verify'] as const;

interface Slot {
  readonly codeHash: string;
  readonly context: ivm.Context;
  /** The driver: `(request, prefetch) => "hits;response"`. */
  readonly invoke: ivm.Reference<(request: string, prefetch: string) => string>;
  /** The invocation running in this context; `undefined` when idle. */
  host: HostFunctions | undefined;
  lastUsed: number;
}

/**
 * One isolate with a cache of compiled scripts and contexts. Not safe for concurrent use (isolated
 * calls are synchronous); create one per worker thread or process.
 * @example
 * const sandbox = new Sandbox({ maxGasLimit: 1_000_000 });
 * const response = sandbox.invoke(artifact.codeHash, artifact.code, request, host);
 * sandbox.dispose();
 */
export class Sandbox {
  readonly memoryLimitMb: number;
  readonly maxGasLimit: number;
  readonly #maxContexts: number;
  readonly #backstopMs: number;
  #isolate: ivm.Isolate | undefined;
  #scripts = new Map<string, ivm.Script>();
  #slots = new Map<string, Slot[]>();
  #slotCount = 0;
  #clock = 0;
  #depth = 0;
  /** First non-protocol failure of a host function during the outermost invocation. */
  #fault: unknown;
  #disposed = false;
  /** How many times the isolate was recreated after a backstop fired (for node health metrics). */
  resets = 0;
  /** Bit set of the prefetched keys the last completed {@link invoke} read. */
  prefetchHits = 0;
  readonly #outerOptions: { readonly timeout: number };

  constructor(options: SandboxOptions = {}) {
    this.maxGasLimit = options.maxGasLimit ?? DEFAULT_MAX_GAS_LIMIT;
    this.#maxContexts = options.maxContexts ?? 32;
    this.#backstopMs = options.backstopMs ?? 10_000;
    if (!Number.isSafeInteger(this.maxGasLimit) || this.maxGasLimit <= 0) throw new RangeError(`"maxGasLimit" expected a positive safe integer, got ${this.maxGasLimit}`);
    if (!Number.isSafeInteger(this.#maxContexts) || this.#maxContexts < 1) throw new RangeError(`"maxContexts" expected a positive integer, got ${this.#maxContexts}`);
    if (!Number.isSafeInteger(this.#backstopMs) || this.#backstopMs < 1) throw new RangeError(`"backstopMs" expected a positive integer, got ${this.#backstopMs}`);
    this.memoryLimitMb = memoryLimitMb(this.maxGasLimit, this.#maxContexts);
    this.#outerOptions = { timeout: this.#backstopMs };
  }

  /**
   * Sends `request` to `__covenant_invoke` of the code and returns the response text. `prefetch`
   * is `''` or a JSON array text `[key, text or null, …]` of at most {@link MAX_PREFETCH_KEYS} keys
   * with exactly what `host.load(key)` answers for the whole invocation: the code's `__host_load`
   * answers those keys without a round trip. After the call, {@link prefetchHits} holds the bit
   * set of the prefetched keys the code read (bit `i`: the `i`-th key).
   * Calls made from inside a host function (cross-contract calls) nest; only the outermost one runs
   * under the backstop timeout. Throws {@link RuntimeError} `RT_ERR_ISOLATE_LIMIT` if a backstop
   * fired and `RT_ERR_HOST_FAULT` if a host function failed other than by {@link HostProtocolError}.
   */
  invoke(codeHash: string, code: string, request: string, host: HostFunctions, prefetch = ''): string {
    if (this.#disposed) throw new RuntimeError('RT_ERR_DISPOSED', 'the sandbox is disposed');
    const outer = this.#depth === 0;
    if (outer) this.#fault = undefined;
    let slot: Slot | undefined;
    this.#depth++;
    try {
      slot = this.#acquire(codeHash, code);
      slot.host = host;
      const out = slot.invoke.applySync(undefined, [request, prefetch], outer ? this.#outerOptions : NESTED_OPTIONS);
      if (typeof out !== 'string') throw new HostProtocolError('__covenant_invoke returned a non-string');
      if (outer && this.#fault !== undefined) throw this.#fault;
      // The driver's prefix: decimal digits, then ';'.
      const semi = out.indexOf(';');
      this.prefetchHits = Number(out.slice(0, semi));
      return out.slice(semi + 1);
    } catch (e) {
      // A recorded host fault explains whatever the isolate made of it; report the fault itself.
      throw outer && this.#fault !== undefined ? this.#classify(this.#fault) : this.#classify(e);
    } finally {
      if (slot !== undefined) slot.host = undefined;
      this.#depth--;
      if (outer && (this.#isolate?.isDisposed ?? false)) this.#reset();
    }
  }

  /** Releases the isolate; the sandbox cannot be used afterwards. */
  dispose(): void {
    this.#disposed = true;
    this.#reset();
  }

  /** Number of live contexts (for tests and metrics). */
  get contextCount(): number {
    return this.#slotCount;
  }

  #classify(e: unknown): unknown {
    if (e instanceof RuntimeError) return e;
    const isolate = this.#isolate;
    const message = e instanceof Error ? e.message : String(e);
    if (isolate === undefined || isolate.isDisposed || /timed out|disposed|memory limit/i.test(message)) {
      // The isolate is in an unknown state (terminated mid-run or out of memory): drop it.
      if (isolate !== undefined && !isolate.isDisposed) isolate.dispose();
      return new RuntimeError('RT_ERR_ISOLATE_LIMIT', `the isolate stopped: ${message}`, {
        metaMessages: ['A node-local backstop (memoryLimit or timeout) fired; commit nothing from this execution.'],
        cause: e,
      });
    }
    return new RuntimeError('RT_ERR_HOST_FAULT', `the sandbox failed: ${message}`, { cause: e });
  }

  #reset(): void {
    const isolate = this.#isolate;
    this.#isolate = undefined;
    this.#scripts = new Map();
    this.#slots = new Map();
    this.#slotCount = 0;
    if (isolate !== undefined) {
      if (!isolate.isDisposed) isolate.dispose();
      if (!this.#disposed) this.resets++;
    }
  }

  #ensureIsolate(): ivm.Isolate {
    if (this.#isolate === undefined || this.#isolate.isDisposed) {
      this.#reset();
      this.#isolate = new ivm.Isolate({ memoryLimit: this.memoryLimitMb });
    }
    return this.#isolate;
  }

  #acquire(codeHash: string, code: string): Slot {
    const isolate = this.#ensureIsolate();
    const slots = this.#slots.get(codeHash) ?? [];
    let slot: Slot | undefined;
    for (const s of slots) {
      if (s.host === undefined) {
        slot = s;
        break;
      }
    }
    if (slot === undefined) {
      this.#evict();
      let script = this.#scripts.get(codeHash);
      if (script === undefined) {
        // From source text only: no cachedData, no snapshot (SBX-06).
        script = isolate.compileScriptSync(code, { filename: `contract-${codeHash.slice(0, 16)}.js` });
        this.#scripts.set(codeHash, script);
      }
      slot = this.#createSlot(isolate, codeHash, script);
      slots.push(slot);
      this.#slots.set(codeHash, slots);
      this.#slotCount++;
    }
    slot.lastUsed = ++this.#clock;
    return slot;
  }

  #createSlot(isolate: ivm.Isolate, codeHash: string, script: ivm.Script): Slot {
    const context = isolate.createContextSync();
    try {
      isolate.compileScriptSync(HARDEN, { filename: 'covenant-harden.js' }).runSync(context);
      const slot: Slot = { codeHash, context, invoke: undefined as unknown as Slot['invoke'], host: undefined, lastUsed: 0 };
      const g = context.global;
      const current = (): HostFunctions => {
        if (slot.host === undefined) throw new HostProtocolError('host function called outside an invocation');
        return slot.host;
      };
      // Each callback receives and returns primitives only (ivm copies them); no Reference,
      // ExternalCopy or host object is ever placed in the context (SBX-04/05).
      const guard = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
        try {
          return fn(...args);
        } catch (e) {
          if (!(e instanceof HostProtocolError) && this.#fault === undefined) this.#fault = e instanceof RuntimeError ? e : new RuntimeError('RT_ERR_HOST_FAULT', `a host function failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
          throw e instanceof HostProtocolError ? e : new Error('host fault');
        }
      };
      const fns: Record<(typeof HOST_NAMES)[number], (...args: never[]) => unknown> = {
        __host_load: guard((key: unknown) => current().load(str(key, 'key'))),
        __host_keys: guard((prefix: unknown) => current().keys(str(prefix, 'prefix'))),
        __host_call: guard((address: unknown, method: unknown, args: unknown, gasLimit: unknown) => current().call(str(address, 'address'), str(method, 'method'), str(args, 'args'), int(gasLimit, 'gasLimit'))),
        __host_rollback: guard((mark: unknown) => current().rollback(int(mark, 'mark'))),
        __host_verify: guard((relation: unknown, inputs: unknown) => current().verify(int(relation, 'relation'), str(inputs, 'inputs'))),
      };
      for (const name of HOST_NAMES) g.setSync(name, new ivm.Callback(fns[name]));
      isolate.compileScriptSync(DRIVER, { filename: 'covenant-driver.js' }).runSync(context);
      // Taken and deleted before any contract code runs: the contract never sees them.
      const invoke = g.getSync('__covenant_driver', { reference: true }) as Slot['invoke'];
      const bind = g.getSync('__covenant_bind', { reference: true }) as ivm.Reference<() => string>;
      g.deleteSync('__covenant_driver');
      g.deleteSync('__covenant_bind');
      try {
        script.runSync(context);
        if (bind.applySync(undefined, []) !== 'function') throw new RuntimeError('RT_ERR_INVALID_ARTIFACT', 'the code does not define __covenant_invoke');
      } catch (e) {
        invoke.release();
        throw e;
      } finally {
        bind.release();
      }
      (slot as { invoke: Slot['invoke'] }).invoke = invoke;
      return slot;
    } catch (e) {
      context.release();
      throw e;
    }
  }

  #evict(): void {
    while (this.#slotCount >= this.#maxContexts) {
      let oldest: Slot | undefined;
      for (const slots of this.#slots.values()) for (const s of slots) if (s.host === undefined && (oldest === undefined || s.lastUsed < oldest.lastUsed)) oldest = s;
      if (oldest === undefined) return; // every context is on the call stack
      const slots = this.#slots.get(oldest.codeHash) as Slot[];
      slots.splice(slots.indexOf(oldest), 1);
      this.#slotCount--;
      oldest.invoke.release();
      oldest.context.release();
      if (slots.length === 0) {
        this.#slots.delete(oldest.codeHash);
        this.#scripts.get(oldest.codeHash)?.release();
        this.#scripts.delete(oldest.codeHash);
      }
    }
  }
}

const NESTED_OPTIONS = {};

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new HostProtocolError(`"${what}" expected a string, got ${typeof v}`);
  return v;
}

function int(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new HostProtocolError(`"${what}" expected a non-negative safe integer, got ${typeof v === 'number' ? v : typeof v}`);
  return v;
}
