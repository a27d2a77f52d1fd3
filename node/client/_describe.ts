/**
 * Private helpers of `node/client/`: short descriptions of values for error messages, and the
 * strict readers of the node's JSON answers (decimal u64 strings, lowercase hex, objects), which
 * throw `NODE_ERR_MALFORMED` naming the field when the node answers something the protocol
 * (docs/rpc.md) does not allow.
 *
 * It does NOT know contract values (see `values.ts`) or JSON-RPC framing (see `connection.ts`).
 * @module
 */
import { NodeError } from '../errors.ts';

/** Short description of a value for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Map) return `a Map of ${value.size}`;
  if (value instanceof Date) return 'a Date';
  switch (typeof value) {
    case 'string': return `string ${quote(value)}`;
    case 'number': return `number ${String(value)}`;
    case 'bigint': return `bigint ${String(value)}n`;
    case 'boolean': return `boolean ${String(value)}`;
    case 'object': return 'an object';
    default: return `a ${typeof value}`;
  }
}

/** A string quoted for a message, cut to 80 characters. */
export function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
}

/** A plain object (not an array, Map or class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const U64_RE = /^(0|[1-9][0-9]{0,19})$/;
const U64_END = 1n << 64n;

function malformed(field: string, what: string, value: unknown): NodeError {
  return new NodeError('NODE_ERR_MALFORMED', `the node answered ${describe(value)} for "${field}", expected ${what}`, { field });
}

/** Reads an object answer; `field` names it in errors. */
export function readObject(field: string, value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) throw malformed(field, 'an object', value);
  return value;
}

/** Reads a decimal-string u64 (docs/rpc.md: quantities are never JSON numbers). */
export function readU64(field: string, value: unknown): bigint {
  if (typeof value !== 'string' || !U64_RE.test(value)) throw malformed(field, 'a decimal u64 string', value);
  const n = BigInt(value);
  if (n >= U64_END) throw malformed(field, 'a decimal u64 string', value);
  return n;
}

/** Reads a string. */
export function readString(field: string, value: unknown): string {
  if (typeof value !== 'string') throw malformed(field, 'a string', value);
  return value;
}

/** Reads lowercase hex of exactly `bytes` bytes. */
export function readHex(field: string, value: unknown, bytes: number): string {
  if (typeof value !== 'string' || value.length !== 2 * bytes || !/^[0-9a-f]*$/.test(value)) throw malformed(field, `${bytes} bytes of lowercase hex`, value);
  return value;
}

/** Reads a non-negative safe integer. */
export function readIndex(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw malformed(field, 'a non-negative integer', value);
  return value;
}

/** Reads a boolean. */
export function readBool(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw malformed(field, 'a boolean', value);
  return value;
}

/** Reads an array. */
export function readArray(field: string, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw malformed(field, 'an array', value);
  return value;
}

/** Reads one of `values`. */
export function readOneOf<T extends string>(field: string, value: unknown, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) throw malformed(field, values.map((v) => `"${v}"`).join(' or '), value);
  return value as T;
}
