/**
 * The boundary between the node and the isolate: checks that arguments are plain JSON data within
 * size and depth caps before any of it is copied into the isolate (SBX-05, SBX-10, SC-12), and
 * builds request texts in the fixed envelope of `docs/artifact.md` (Code ABI, Requests).
 *
 * Does NOT check that an argument is the canonical encoding of its type: the prelude does, and
 * answers `RT_ERR_INVALID_ARGUMENT` deterministically.
 * @module
 */
import { types } from 'node:util';

/** Longest request text `__covenant_invoke` accepts (the prelude's `MAX_REQUEST_CHARS`). */
export const MAX_REQUEST_CHARS = 1024 * 1024;
/**
 * Deepest nesting of an argument value: type descriptors nest at most 32 deep, sealed values 8
 * more, and money and records add a level each; 64 is above every valid encoding.
 */
export const MAX_ARGUMENT_DEPTH = 64;

/** Outcome of {@link encodeArguments}: the JSON array text, or why the arguments were refused. */
export type EncodeArgumentsResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-large' | 'too-deep' }
  | { readonly ok: false; readonly reason: 'not-plain'; readonly path: string; readonly found: string };

/** Thrown inside the walk to unwind it at the first refusal (never escapes this module). */
class Refused {
  readonly reason: 'too-large' | 'too-deep' | 'not-plain';
  readonly path: string;
  readonly found: string;
  constructor(reason: Refused['reason'], path = '', found = '') {
    this.reason = reason;
    this.path = path;
    this.found = found;
  }
}

/**
 * Validates arguments and returns their JSON text. Accepted: strings, booleans, `null`, finite
 * numbers, arrays (dense, no extra properties) and plain objects (prototype `Object.prototype`
 * or `null`, own enumerable data properties only). Refused before any copying:
 * functions, proxies (no trap is run), getters and setters (descriptors are read, never values),
 * class instances (`Date`, `Map`, typed arrays, `SharedArrayBuffer`), bigints, symbols; more than
 * {@link MAX_ARGUMENT_DEPTH} levels; an estimated text longer than {@link MAX_REQUEST_CHARS}.
 * @example encodeArguments(['1', { amount: '2.00', currency: 'USD' }]) // { ok: true, text: '["1",{"amount":"2.00","currency":"USD"}]' }
 */
export function encodeArguments(args: readonly unknown[]): EncodeArgumentsResult {
  const w: Walk = { budget: MAX_REQUEST_CHARS, at: [] };
  try {
    if (!Array.isArray(args)) throw new Refused('not-plain', 'args', 'not an array');
    walk(w, args, 0);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return e.reason === 'not-plain' ? { ok: false, reason: 'not-plain', path: e.path, found: e.found } : { ok: false, reason: e.reason };
  }
  const text = JSON.stringify(args);
  if (text.length > MAX_REQUEST_CHARS) return { ok: false, reason: 'too-large' };
  return { ok: true, text };
}

/** State of one {@link encodeArguments} walk (module-level functions: no closure per call). */
interface Walk {
  budget: number;
  /** The path to the value being checked, as segments (index or key); made text only for a refusal. */
  readonly at: (number | string)[];
}

function pathOf(w: Walk, last?: number | string): string {
  let t = 'args';
  for (const s of w.at) t += typeof s === 'number' ? `[${s}]` : `.${s}`;
  if (last !== undefined) t += typeof last === 'number' ? `[${last}]` : `.${last}`;
  return t;
}

function walk(w: Walk, v: unknown, depth: number): void {
  if (--w.budget < 0) throw new Refused('too-large');
  switch (typeof v) {
    case 'string':
      w.budget -= v.length;
      if (w.budget < 0) throw new Refused('too-large');
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(v)) throw new Refused('not-plain', pathOf(w), String(v));
      return;
    case 'object': {
      if (v === null) return;
      if (depth >= MAX_ARGUMENT_DEPTH) throw new Refused('too-deep');
      // Checked first: any reflection on a proxy would run its traps.
      if (types.isProxy(v)) throw new Refused('not-plain', pathOf(w), 'a proxy');
      if (Array.isArray(v)) {
        const keys = Reflect.ownKeys(v);
        if (keys.length !== v.length + 1) throw new Refused('not-plain', pathOf(w), 'an array with extra properties or holes');
        for (let i = 0; i < v.length; i++) {
          const d = Object.getOwnPropertyDescriptor(v, i);
          if (d === undefined || !('value' in d)) throw new Refused('not-plain', pathOf(w, i), 'an accessor or a hole');
          w.at.push(i);
          walk(w, d.value, depth + 1);
          w.at.pop();
        }
        return;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new Refused('not-plain', pathOf(w), `an instance of ${describe(v)}`);
      for (const k of Reflect.ownKeys(v)) {
        if (typeof k !== 'string') throw new Refused('not-plain', pathOf(w), 'a symbol key');
        // An own "__proto__" key (JSON.parse makes one) is plain data: JSON.stringify writes it
        // and the prelude's decoder rejects it as an unknown field, deterministically.
        const d = Object.getOwnPropertyDescriptor(v, k);
        if (d === undefined || !('value' in d) || !d.enumerable) throw new Refused('not-plain', pathOf(w, k), 'an accessor or hidden property');
        w.budget -= k.length;
        w.at.push(k);
        walk(w, d.value, depth + 1);
        w.at.pop();
      }
      return;
    }
    default:
      throw new Refused('not-plain', pathOf(w), `a ${typeof v}`);
  }
}

function describe(v: object): string {
  const c = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof c === 'string' ? c : 'a class';
}

/** The context fields of a request, already encoded (addresses, decimal strings). */
export interface RequestContext {
  readonly caller: string;
  readonly origin: string;
  readonly self: string;
  readonly time: string;
  readonly height: string;
}

/**
 * Request text for `__covenant_invoke`. `argsText` must be a JSON array text (from
 * {@link encodeArguments} or checked by the host), so no field can be injected through it.
 */
export function requestText(kind: string, name: string, argsText: string, ctx: RequestContext, gasLimit: number): string {
  return `{"kind":${JSON.stringify(kind)},"name":${JSON.stringify(name)},"args":${argsText},"ctx":{"caller":"${ctx.caller}","origin":"${ctx.origin}","self":"${ctx.self}","time":"${ctx.time}","height":"${ctx.height}"},"gasLimit":${gasLimit}}`;
}
