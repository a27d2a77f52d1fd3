/**
 * A small declarative schema helper for request params (docs/rpc.md, Conventions): a schema is a
 * function `(value, path) → decoded value` that accepts exactly one spelling of each value (lowercase
 * hex of a fixed length, canonical decimal u64 strings, bounded integers and strings) and throws
 * `NodeError('NODE_ERR_INVALID_REQUEST')` naming the member at fault. Objects take exactly their
 * declared members (unknown ones, `__proto__` included, are refused: SC-12) and the decoded result
 * is a fresh object holding only those. Free-form JSON (view arguments) is checked iteratively
 * for depth, size, safe integers and forbidden keys, so hostile nesting cannot overflow the stack.
 *
 * It does NOT know methods or JSON-RPC codes (`methods.ts` and `dispatch.ts` do), and it does not
 * decode transactions itself: {@link decoded} wraps the node's own decoders (`txFromJson`).
 * @module
 */
import { NodeError } from '../errors.ts';
import type { JsonValue } from '../types/index.ts';

/** Decodes `value` found at `path` (a member path such as `args[2].x`; `''` is params itself). */
export type Schema<T> = (value: unknown, path: string) => T;

/** The decoded type of a schema. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;

/** The decoded type of {@link object}`(required, optional)`. */
export type ObjectOf<R extends Shape, O extends Shape> = { readonly [K in keyof R]: Infer<R[K]> } & { readonly [K in keyof O]?: Infer<O[K]> };

/** Keys never accepted in free-form JSON, at any depth (SC-12: prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const HEX_RE = /^[0-9a-f]*$/;
const U64_RE = /^(0|[1-9][0-9]{0,19})$/;
const U64_END = 1n << 64n;

/** Throws the schema error for `path`. */
export function fail(path: string, message: string): never {
  throw new NodeError('NODE_ERR_INVALID_REQUEST', message, { field: path === '' ? 'params' : path });
}

/** `a.b`, or `b` at the root. */
function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function label(path: string): string {
  return JSON.stringify(path === '' ? 'params' : path);
}

/** A JSON-quoted prefix of `s`, for messages (never the whole string: it may be megabytes). */
export function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** Short description of a value for messages (never the whole value: it may be megabytes). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** A JSON.parse object: prototype `Object.prototype` or `null`. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Exactly `bytes` bytes as `2·bytes` lowercase hex digits, no `0x` (one value, one spelling). */
export function hex(bytes: number): Schema<string> {
  return (value, path) => {
    if (typeof value !== 'string' || value.length !== 2 * bytes || !HEX_RE.test(value)) {
      fail(path, `${label(path)} expected ${2 * bytes} lowercase hex digits, got ${describe(value)}`);
    }
    return value;
  };
}

/** A u64 as a canonical decimal string (no sign, no leading zeros; never a JSON number), at least `min`. */
export function u64(min = 0n): Schema<bigint> {
  return (value, path) => {
    if (typeof value !== 'string' || !U64_RE.test(value)) {
      fail(path, `${label(path)} expected a decimal string without sign or leading zeros, got ${describe(value)}`);
    }
    const n = BigInt(value);
    if (n < min || n >= U64_END) fail(path, `${label(path)} expected ${min} <= value < 2^64, got ${value}`);
    return n;
  };
}

/** A safe integer in `[min, max]`. */
export function int(min: number, max: number): Schema<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      fail(path, `${label(path)} expected an integer in [${min}, ${max}], got ${describe(value)}`);
    }
    return value;
  };
}

/** `true` or `false`. */
export const bool: Schema<boolean> = (value, path) => {
  if (typeof value !== 'boolean') fail(path, `${label(path)} expected a boolean, got ${describe(value)}`);
  return value;
};

/** A string of at most `maxLength` UTF-16 units matching `pattern` (`what` names it in messages). */
export function text(maxLength: number, pattern: RegExp, what: string): Schema<string> {
  return (value, path) => {
    if (typeof value !== 'string') fail(path, `${label(path)} expected ${what}, got ${describe(value)}`);
    // Length first: a hostile 4 MB string is refused without running the pattern over it.
    if (value.length > maxLength) fail(path, `${label(path)} longer than ${maxLength} characters`);
    if (!pattern.test(value)) fail(path, `${label(path)} expected ${what}, got ${describe(value)}`);
    return value;
  };
}

/** One of the given strings. */
export function oneOf<const L extends string>(...values: readonly L[]): Schema<L> {
  return (value, path) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      fail(path, `${label(path)} expected ${values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describe(value)}`);
    }
    return value as L;
  };
}

/** An array of at most `maxItems` elements, each decoded by `item`. */
export function array<T>(item: Schema<T>, maxItems: number): Schema<readonly T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) fail(path, `${label(path)} expected an array, got ${describe(value)}`);
    if (value.length > maxItems) fail(path, `${label(path)} has more than ${maxItems} elements`);
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

/**
 * An object with exactly the members of `required` (all present) and `optional` (possibly
 * present). The result holds only declared members, decoded.
 */
export function object<R extends Shape, O extends Shape = Record<never, never>>(required: R, optional?: O): Schema<ObjectOf<R, O>> {
  const opt: Shape = optional ?? {};
  return (value, path) => {
    if (!isPlainObject(value)) fail(path, `${label(path)} expected an object, got ${describe(value)}`);
    for (const k of Object.keys(value)) {
      if (!Object.hasOwn(required, k) && !Object.hasOwn(opt, k)) fail(at(path, k), `${label(path)} has unknown member ${quote(k)}`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(required)) {
      if (!Object.hasOwn(value, k)) fail(at(path, k), `${label(at(path, k))} is missing`);
      out[k] = schema(value[k], at(path, k));
    }
    for (const [k, schema] of Object.entries(opt)) {
      if (Object.hasOwn(value, k)) out[k] = schema(value[k], at(path, k));
    }
    return out as ObjectOf<R, O>;
  };
}

/** An object whose string member `tag` picks the schema of the rest (`variants` include `tag` themselves). */
export function tagged<V extends Record<string, Schema<unknown>>>(tag: string, variants: V): Schema<Infer<V[keyof V]>> {
  const names = Object.keys(variants);
  return (value, path) => {
    const t = isPlainObject(value) && Object.hasOwn(value, tag) ? value[tag] : undefined;
    if (typeof t !== 'string' || !Object.hasOwn(variants, t)) {
      if (!isPlainObject(value)) fail(path, `${label(path)} expected an object, got ${describe(value)}`);
      fail(at(path, tag), `${label(at(path, tag))} expected ${names.map((n) => JSON.stringify(n)).join(' or ')}, got ${describe(t)}`);
    }
    return (variants[t] as Schema<unknown>)(value, path) as Infer<V[keyof V]>;
  };
}

/**
 * A value decoded by one of the node's own decoders (which throw `NodeError`): its error keeps its
 * code (`NODE_ERR_INVALID_TX`, …) and gets the member path in front of its field.
 */
export function decoded<T>(decode: (value: unknown) => T): Schema<T> {
  return (value, path) => {
    try {
      return decode(value);
    } catch (e) {
      if (!(e instanceof NodeError)) throw e;
      const field = e.field === undefined || e.field === '' ? path : `${path}.${e.field}`;
      throw new NodeError(e.code, e.shortMessage, { field, metaMessages: e.metaMessages, cause: e });
    }
  };
}

/**
 * Free-form JSON as canonical JSON can hold it (docs/artifact.md, Values): `null`, booleans,
 * strings, safe integers (not `-0`), arrays and plain objects, at most `maxDepth` deep, without the
 * keys `__proto__`, `constructor`, `prototype` (SC-12), at most `maxBytes` of JSON text.
 */
export function json(maxDepth: number, maxBytes: number): Schema<JsonValue> {
  return (value, path) => {
    // Iterative: depth is checked before descending, so hostile nesting never reaches the stack.
    const stack: { v: unknown; p: string; depth: number }[] = [{ v: value, p: path, depth: 0 }];
    while (stack.length > 0) {
      const { v, p, depth } = stack.pop() as { v: unknown; p: string; depth: number };
      if (depth > maxDepth) fail(p, `${label(path)} nested deeper than ${maxDepth} levels`);
      if (v === null || typeof v === 'boolean' || typeof v === 'string') continue;
      if (typeof v === 'number') {
        if (!Number.isSafeInteger(v) || Object.is(v, -0)) fail(p, `${label(p)} numbers must be safe integers, got ${String(v)}`);
        continue;
      }
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push({ v: v[i], p: `${p}[${i}]`, depth: depth + 1 });
        continue;
      }
      if (isPlainObject(v)) {
        for (const k of Object.keys(v)) {
          if (FORBIDDEN_KEYS.has(k)) fail(at(p, k), `${label(p)} has forbidden key ${JSON.stringify(k)}`);
          stack.push({ v: v[k], p: at(p, k), depth: depth + 1 });
        }
        continue;
      }
      fail(p, `${label(p)} expected a JSON value, got ${describe(v)}`);
    }
    const size = Buffer.byteLength(JSON.stringify(value));
    if (size > maxBytes) fail(path, `${label(path)} larger than ${maxBytes} bytes`);
    // A fresh copy: the node never holds a reference into the request.
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  };
}
