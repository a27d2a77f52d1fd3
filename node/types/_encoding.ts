/**
 * Private byte and field helpers of `node/types/`: strict lowercase hex, u32/u64 big-endian,
 * length-prefixed concatenation, sha256 and domain-tagged hashes, and noble-style boundary checks
 * that name the field and throw {@link NodeError}. Also the bounded JSON-value check used for
 * contract arguments, events and the opaque proofs slot (SC-12).
 *
 * It does NOT know transactions, blocks or receipts; nothing outside `node/types/` imports it.
 * @module
 */
import { hash } from 'node:crypto';
import { lengthPrefixed } from '../../compiler/artifact.ts';
import { NodeError, type NodeErrorCode } from '../errors.ts';

/** A JSON value as it appears in canonical JSON (numbers only safe integers). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Deepest nesting of a JSON value inside a transaction, receipt or block (SC-12). */
export const MAX_JSON_DEPTH = 64;

/** Object keys that are never accepted in decoded input, at any depth (SC-12: prototype pollution). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const HEX_RE = /^[0-9a-f]*$/;
const TEXT = new TextEncoder();

/** UTF-8 bytes of `s`. */
export function utf8(s: string): Uint8Array {
  return TEXT.encode(s);
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Strict hex decode: exactly `bytes` bytes as `2·bytes` lowercase hex digits, nothing else (no
 * `0x`, no uppercase: one value, one spelling).
 */
export function fromHex(code: NodeErrorCode, field: string, value: unknown, bytes: number): Uint8Array {
  if (typeof value !== 'string') throw new NodeError(code, `"${field}" expected a hex string, got ${describe(value)}`, { field });
  if (value.length !== 2 * bytes || !HEX_RE.test(value)) {
    throw new NodeError(code, `"${field}" expected ${bytes} bytes as ${2 * bytes} lowercase hex digits, got ${quote(value)}`, { field });
  }
  return new Uint8Array(Buffer.from(value, 'hex'));
}

/** Whether `value` is exactly `bytes` bytes of lowercase hex. */
export function isHex(value: unknown, bytes: number): value is string {
  return typeof value === 'string' && value.length === 2 * bytes && HEX_RE.test(value);
}

/** u32 big-endian. */
export function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** u64 big-endian; `n` must be in [0, 2^64). */
export function u64(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n);
  return out;
}

/** Length-prefixed concatenation, shared with the artifact format's hashes (SC-11: injective). */
export { lengthPrefixed };

/** sha256 (node:crypto: about 3× faster than @noble/hashes, see ../shared/docs/performance.md). */
export function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(hash('sha256', data, 'buffer'));
}

/** `sha256(lp(utf8(tag)) ‖ lp(part₀) ‖ …)`: the domain-separated hash every node/types hash uses. */
export function taggedHash(tag: string, parts: readonly Uint8Array[]): Uint8Array {
  return sha256(lengthPrefixed([utf8(tag), ...parts]));
}

/** Short description of a value for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${quote(value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'bigint') return `bigint ${value}n`;
  return `${typeof value} ${String(value)}`;
}

/** A JSON-quoted prefix of `s`, for messages. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/**
 * Checks that `value` is a plain object with exactly the allowed keys (`required` all present,
 * `optional` possibly) and returns it. Unknown keys, including `__proto__`, are rejected.
 */
export function expectObject(
  code: NodeErrorCode,
  field: string,
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (!isPlainObject(value)) throw new NodeError(code, `"${field}" expected an object, got ${describe(value)}`, { field });
  for (const k of Object.keys(value)) {
    if (!required.includes(k) && !optional.includes(k)) {
      throw new NodeError(code, `"${field}" has unknown field ${quote(k)}`, { field: join(field, k) });
    }
  }
  for (const k of required) {
    if (!Object.hasOwn(value, k)) throw new NodeError(code, `"${join(field, k)}" is missing`, { field: join(field, k) });
  }
  return value;
}

/** `a.b`, or `b` for the root field. */
export function join(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}

/** An object literal or JSON.parse result: prototype `Object.prototype` or `null`, no symbols. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
}

/** A string matching `re` and at most `max` UTF-16 code units long. */
export function expectString(code: NodeErrorCode, field: string, value: unknown, re: RegExp, max: number, what: string): string {
  if (typeof value !== 'string') throw new NodeError(code, `"${field}" expected ${what}, got ${describe(value)}`, { field });
  if (value.length > max) throw new NodeError(code, `"${field}" longer than ${max} characters`, { field });
  if (!re.test(value)) throw new NodeError(code, `"${field}" expected ${what}, got ${quote(value)}`, { field });
  return value;
}

const U64_RE = /^(0|[1-9][0-9]{0,19})$/;
/** 2^64, the exclusive bound of every u64 field. */
export const U64_END = 1n << 64n;

/**
 * An unsigned integer written as a canonical decimal string (no sign, no leading zeros), in the
 * half-open range `[min, end)`; `end` defaults to 2^64.
 */
export function expectU64(code: NodeErrorCode, field: string, value: unknown, min = 0n, end = U64_END): bigint {
  if (typeof value !== 'string' || !U64_RE.test(value)) {
    throw new NodeError(code, `"${field}" expected a decimal string without sign or leading zeros, got ${describe(value)}`, { field });
  }
  const n = BigInt(value);
  if (n < min || n >= end) throw new NodeError(code, `"${field}" expected ${min} <= value < ${end}, got ${value}`, { field });
  return n;
}

/** A bigint in `[min, end)`; for typed inputs before they are encoded. */
export function checkU64(code: NodeErrorCode, field: string, value: unknown, min = 0n, end = U64_END): bigint {
  if (typeof value !== 'bigint') throw new NodeError(code, `"${field}" expected a bigint, got ${describe(value)}`, { field });
  if (value < min || value >= end) throw new NodeError(code, `"${field}" expected ${min} <= value < ${end}, got ${value}`, { field });
  return value;
}

/** A safe integer in `[min, max]`. */
export function expectInt(code: NodeErrorCode, field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new NodeError(code, `"${field}" expected an integer in [${min}, ${max}], got ${describe(value)}`, { field });
  }
  return value;
}

/** An array of at most `max` elements. */
export function expectArray(code: NodeErrorCode, field: string, value: unknown, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new NodeError(code, `"${field}" expected an array, got ${describe(value)}`, { field });
  if (value.length > max) throw new NodeError(code, `"${field}" has more than ${max} elements`, { field });
  return value;
}

/**
 * Checks that `value` is a JSON value canonical JSON can encode: `null`, booleans, strings, safe
 * integers (not `-0`), arrays and plain objects, at most {@link MAX_JSON_DEPTH} deep, with no key
 * `__proto__`, `constructor` or `prototype` anywhere (SC-12). Iterative, so hostile depth cannot
 * overflow the stack. With `wellFormed`, strings and keys must also be well-formed Unicode (no lone
 * surrogates): UTF-8 encoders replace them with U+FFFD, so two different strings could become one
 * state key (transactions ask for it; receipts escape them in JSON and need not).
 */
export function checkJsonValue(code: NodeErrorCode, field: string, value: unknown, wellFormed = false): JsonValue {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: field, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (depth > MAX_JSON_DEPTH) throw new NodeError(code, `"${field}" nested deeper than ${MAX_JSON_DEPTH} levels`, { field: path });
    if (typeof v === 'string') {
      if (wellFormed && !v.isWellFormed()) throw new NodeError(code, `"${path}" contains a lone surrogate (not well-formed Unicode)`, { field: path });
      continue;
    }
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new NodeError(code, `"${path}" numbers must be safe integers, got ${String(v)}`, { field: path });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    if (isPlainObject(v)) {
      for (const k of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(k)) throw new NodeError(code, `"${path}" has forbidden key ${quote(k)}`, { field: join(path, k) });
        if (wellFormed && !k.isWellFormed()) throw new NodeError(code, `"${path}" has a key with a lone surrogate (not well-formed Unicode)`, { field: path });
        stack.push({ v: v[k], path: join(path, k), depth: depth + 1 });
      }
      continue;
    }
    throw new NodeError(code, `"${path}" expected a JSON value, got ${describe(v)}`, { field: path });
  }
  return value as JsonValue;
}

/** Parses JSON text of at most `maxChars` UTF-16 units; anything else is `NODE_ERR_MALFORMED`. */
export function parseJson(text: unknown, what: string, maxChars: number, tooLarge: NodeErrorCode): unknown {
  if (typeof text !== 'string') throw new NodeError('NODE_ERR_MALFORMED', `${what} expected JSON text, got ${describe(text)}`);
  if (text.length > maxChars) throw new NodeError(tooLarge, `${what} larger than ${maxChars} characters`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new NodeError('NODE_ERR_MALFORMED', `${what} is not valid JSON`, { cause: e });
  }
}

/** Runs `f`, turning any non-NodeError (a stack overflow, a bug) into `NODE_ERR_MALFORMED` so decoders throw only NodeError. */
export function guarded<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NodeError) throw e;
    throw new NodeError('NODE_ERR_MALFORMED', `${what} could not be decoded`, { cause: e });
  }
}
