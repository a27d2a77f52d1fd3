/**
 * Contract values on the client: encoding JavaScript values into the canonical JSON of
 * docs/artifact.md "Values", driven by an ABI type descriptor, and decoding the node's JSON back.
 *
 * Encoding checks everything the contract's own decoder would refuse (`RT_ERR_INVALID_ARGUMENT`)
 * before a transaction is signed, and fails fast with `NODE_ERR_BAD_ARGUMENTS` naming the
 * parameter path (`amount`, `panel[1].line`). It is lenient only where the meaning is unambiguous:
 * an Int may be a bigint, a safe-integer number or its decimal string; a Decimal a string such as
 * `"0.40"` (normalised to `"0.4"`) or a bigint; a Money amount is padded to the currency's minor
 * unit (`"12.5"` USD → `"12.50"`, never rounded); a Map may be a `Map` or `[key, value]` pairs in
 * any order; an absent optional is `undefined` or `null`. Numbers are refused for Decimal and
 * Money: they are binary floats (SC-02). Every canonical wire value is accepted unchanged, so
 * `encodeValue(t, wire)` is `wire`.
 *
 * JavaScript forms of decoded values: `bool` boolean; `int`, `timestamp` bigint; `decimal`,
 * `date`, `period`, `address`, `contract`, `commitment`, `rounding`, enums and string unions
 * string; `money` `{ amount, currency }`; arrays arrays; maps `Map`; records and events plain
 * objects without absent optional fields; optionals `undefined` when absent; `sealed` the opaque
 * JSON object; `void` `undefined`.
 *
 * It does NOT do arithmetic on money or decimals, interpret sealed values (ciphertext), or know
 * entries and events (see `contract.ts`).
 * @module
 */
import type { Abi, AbiParam, AbiType, AbiTypeDef } from '../../compiler/artifact.ts';
import { NodeError, type NodeErrorCode } from '../errors.ts';
import type { JsonValue } from '../types/index.ts';
import { currencyExponent } from '../../stdlib/index.ts';
import { describe, isPlainObject, quote } from './_describe.ts';

/** The named types of an ABI (`abi.types`). */
export type AbiTypes = Abi['types'];

/** A money value: a decimal amount with exactly the currency's minor-unit digits, and an ISO 4217 code. */
export interface Money<C extends string = string> {
  readonly amount: string;
  readonly currency: C;
}

/** A sealed value: opaque JSON (ciphertext and, for numbers, a commitment). */
export type SealedValue = { readonly [key: string]: JsonValue };

/** Magnitude bound of Int, Decimal coefficients and Money minor units (10^256). */
const NUMBER_MAX = 10n ** 256n;
/** Most fraction digits of a Decimal. */
const MAX_SCALE = 256;
/** Most elements of an array or pairs of a map. */
const MAX_LENGTH = 1 << 24;
/** Deepest nesting inside a sealed value. */
const MAX_SEALED_DEPTH = 8;
/** The rounding modes of the language. */
export const ROUNDING_MODES: readonly string[] = ['half-up', 'half-even', 'half-down', 'floor', 'ceiling', 'down', 'up'];
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const INT_RE = /^-?(0|[1-9][0-9]*)$/;
const DECIMAL_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;
/** Decimal input: optional sign, digits, optional fraction (leading and trailing zeros allowed). */
const LOOSE_DECIMAL_RE = /^([+-]?)([0-9]+)(?:\.([0-9]+))?$/;
const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const PERIOD_RE = /^P(?=[0-9])(?:([0-9]{1,9})Y)?(?:([0-9]{1,9})M)?(?:([0-9]{1,9})W)?(?:([0-9]{1,9})D)?$/;
const ADDRESS_RE = /^[0-9a-f]{40}$/;
const HEX_RE = /^(?:[0-9a-f]{2}){1,256}$/;

/**
 * A money value, for arguments.
 * @example money('1250.00', 'USD') // { amount: '1250.00', currency: 'USD' }
 */
export function money<C extends string>(amount: string, currency: C): Money<C> {
  return { amount, currency };
}

// ---------------------------------------------------------------------------------------------
// Type names for messages

/**
 * The language's spelling of a descriptor, for messages and generated docs.
 * @example describeType({ kind: 'money', currency: 'USD' }) // "Money<'USD'>"
 */
export function describeType(t: AbiType): string {
  switch (t.kind) {
    case 'bool': return 'boolean';
    case 'string': return 'string';
    case 'int': return 'Int';
    case 'decimal': return 'Decimal';
    case 'date': return 'LocalDate';
    case 'period': return 'Period';
    case 'timestamp': return 'Timestamp';
    case 'address': return 'Address';
    case 'commitment': return 'Commitment';
    case 'rounding': return 'Rounding';
    case 'void': return 'void';
    case 'money': return t.currency === undefined ? 'Money' : `Money<'${t.currency}'>`;
    case 'array': return `${wrap(t.element)}[]`;
    case 'map': return `Map<${describeType(t.key)}, ${describeType(t.value)}>`;
    case 'optional': return `${describeType(t.inner)} | undefined`;
    case 'record':
    case 'event':
    case 'enum':
    case 'contract': return t.name;
    case 'strings': return t.values.map((v) => `'${v}'`).join(' | ');
    case 'sealed': return `Sealed<${describeType(t.inner)}>`;
  }
}

function wrap(t: AbiType): string {
  return t.kind === 'optional' || t.kind === 'strings' ? `(${describeType(t)})` : describeType(t);
}

// ---------------------------------------------------------------------------------------------
// Encoding (JavaScript → wire)

function bad(field: string, t: AbiType, value: unknown, hint = ''): NodeError {
  return new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" expected ${describeType(t)}${hint}, got ${describe(value)}`, { field });
}

function namedType(types: AbiTypes, name: string, kinds: readonly string[], code: NodeErrorCode, field: string): AbiTypeDef {
  const def = Object.hasOwn(types, name) ? types[name] : undefined;
  if (def === undefined || !kinds.includes(def.kind)) throw new NodeError(code, `the ABI has no ${kinds.join(' or ')} type "${name}"`, { field });
  return def;
}

/**
 * Encodes `value` as type `t` (docs/artifact.md "Values"). `field` names the value in errors.
 * Throws `NODE_ERR_BAD_ARGUMENTS` naming the path of the first bad part.
 * @example encodeValue({ kind: 'money', currency: 'USD' }, { amount: '12.5', currency: 'USD' }, {}, 'amount') // { amount: '12.50', currency: 'USD' }
 */
export function encodeValue(t: AbiType, value: unknown, types: AbiTypes, field: string): JsonValue {
  switch (t.kind) {
    case 'bool':
      if (typeof value !== 'boolean') throw bad(field, t, value);
      return value;
    case 'string':
      if (typeof value !== 'string') throw bad(field, t, value);
      return value;
    case 'int':
    case 'timestamp':
      return encodeInt(t, value, field);
    case 'decimal':
      return encodeDecimal(t, value, field);
    case 'money':
      return encodeMoney(t, value, field);
    case 'date':
      if (typeof value !== 'string' || !isDate(value)) throw bad(field, t, value, ' as "YYYY-MM-DD" (0001-01-01 to 9999-12-31)');
      return value;
    case 'period': {
      const p = typeof value === 'string' ? parsePeriod(value) : undefined;
      if (p === undefined) throw bad(field, t, value, ' as ISO 8601 "P1Y2M3D" (parts of at most 9 digits)');
      return formatPeriod(p);
    }
    case 'address':
    case 'contract': {
      // A contract handle (or anything with an address) stands for its address.
      const v = typeof value === 'object' && value !== null && 'address' in value ? (value as { address?: unknown }).address : value;
      if (typeof v !== 'string' || !ADDRESS_RE.test(v.toLowerCase())) throw bad(field, t, value, ' as 40 hex digits');
      return v.toLowerCase();
    }
    case 'commitment':
      if (typeof value !== 'string' || !HEX_RE.test(value.toLowerCase())) throw bad(field, t, value, ' as 1 to 256 bytes of hex');
      return value.toLowerCase();
    case 'rounding':
      if (typeof value !== 'string' || !ROUNDING_MODES.includes(value)) throw bad(field, t, value, ` (${ROUNDING_MODES.map((m) => `"${m}"`).join(', ')})`);
      return value;
    case 'enum': {
      const def = namedType(types, t.name, ['enum'], 'NODE_ERR_BAD_ARGUMENTS', field);
      if (typeof value !== 'string' || !(def.kind === 'enum' && def.members.includes(value))) {
        throw bad(field, t, value, def.kind === 'enum' ? ` (${def.members.map((m) => `"${m}"`).join(', ')})` : '');
      }
      return value;
    }
    case 'strings':
      if (typeof value !== 'string' || !t.values.includes(value)) throw bad(field, t, value);
      return value;
    case 'optional':
      return value === undefined || value === null ? null : encodeValue(t.inner, value, types, field);
    case 'array': {
      if (!Array.isArray(value)) throw bad(field, t, value);
      if (value.length > MAX_LENGTH) throw bad(field, t, value, ` of at most ${MAX_LENGTH} elements`);
      return value.map((v: unknown, i) => encodeValue(t.element, v, types, `${field}[${i}]`));
    }
    case 'map':
      return encodeMap(t, value, types, field);
    case 'record':
    case 'event':
      return encodeRecord(t, value, types, field);
    case 'sealed':
      return encodeSealed(t, value, field);
    case 'void':
      if (value !== undefined && value !== null) throw bad(field, t, value);
      return null;
  }
}

/**
 * Encodes call or constructor arguments against the parameters, by position; `what` names the
 * entry in errors. Throws `NODE_ERR_BAD_ARGUMENTS` for a wrong count or a bad argument, naming the
 * parameter (`field` is the parameter name, with the path inside it).
 * @example encodeArgs(entry.params, ['a'.repeat(40), money('10', 'USD'), 'ref-1'], abi.types, 'recordPayment')
 */
export function encodeArgs(params: readonly AbiParam[], args: readonly unknown[], types: AbiTypes, what: string): JsonValue[] {
  if (!Array.isArray(args)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `arguments of ${what} expected an array, got ${describe(args)}`, { field: 'args' });
  if (args.length !== params.length) {
    const names = params.map((p) => `${p.name}: ${describeType(p.type)}`).join(', ');
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${what}(${names}) expects ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`, { field: 'args' });
  }
  return params.map((p, i) => encodeValue(p.type, args[i], types, p.name));
}

function encodeInt(t: AbiType, value: unknown, field: string): string {
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && INT_RE.test(value) && value.length <= 258) n = BigInt(value);
  else if (t.kind === 'timestamp' && value instanceof Date && Number.isFinite(value.getTime())) n = BigInt(value.getTime());
  else throw bad(field, t, value, t.kind === 'timestamp' ? ' (bigint, safe integer, Date or integer string)' : ' (bigint, safe integer or integer string)');
  if (n >= NUMBER_MAX || n <= -NUMBER_MAX) throw bad(field, t, value, ' below 10^256 in magnitude');
  return n.toString();
}

/** Parses a decimal string into sign, integer digits and fraction digits without leading/trailing zeros. */
function parseDecimal(s: string): { negative: boolean; int: string; frac: string } | undefined {
  if (s.length > 1200) return undefined;
  const m = LOOSE_DECIMAL_RE.exec(s);
  if (m === null) return undefined;
  const int = (m[2] as string).replace(/^0+(?=[0-9])/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const zero = int === '0' && frac === '';
  return { negative: m[1] === '-' && !zero, int, frac };
}

function encodeDecimal(t: AbiType, value: unknown, field: string): string {
  if (typeof value === 'bigint') {
    if (value >= NUMBER_MAX || value <= -NUMBER_MAX) throw bad(field, t, value, ' below 10^256 in magnitude');
    return value.toString();
  }
  if (typeof value === 'number') throw bad(field, t, value, ' as a decimal string such as "0.4" (numbers are binary floats and lose precision)');
  const d = typeof value === 'string' ? parseDecimal(value) : undefined;
  if (d === undefined) throw bad(field, t, value, ' as a decimal string such as "0.4"');
  if (d.frac.length > MAX_SCALE || BigInt(d.int + d.frac) >= NUMBER_MAX) throw bad(field, t, value, ' with at most 256 fraction digits and a coefficient below 10^256');
  return `${d.negative ? '-' : ''}${d.int}${d.frac === '' ? '' : `.${d.frac}`}`;
}

function encodeMoney(t: Extract<AbiType, { kind: 'money' }>, value: unknown, field: string): JsonValue {
  const hint = ` as { amount: "12.50", currency: "${t.currency ?? 'USD'}" }`;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') {
    throw bad(field, t, value, `${hint}${typeof value === 'number' ? ' (numbers are binary floats and lose precision)' : ''}`);
  }
  if (!isPlainObject(value)) throw bad(field, t, value, hint);
  const extra = Object.keys(value).find((k) => k !== 'amount' && k !== 'currency');
  if (extra !== undefined) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" expected ${describeType(t)} with only "amount" and "currency", got field ${quote(extra)}`, { field: `${field}.${extra}` });
  const currency = value['currency'];
  const exponent = typeof currency === 'string' ? currencyExponent(currency) : undefined;
  if (typeof currency !== 'string' || exponent === undefined) {
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}.currency" expected an ISO 4217 currency code, got ${describe(currency)}`, { field: `${field}.currency` });
  }
  if (t.currency !== undefined && currency !== t.currency) {
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" expected ${describeType(t)}, got currency ${quote(currency)}`, { field: `${field}.currency` });
  }
  const amount = value['amount'];
  const d = typeof amount === 'string' ? parseDecimal(amount) : undefined;
  if (d === undefined) {
    const why = typeof amount === 'number' ? ' (numbers are binary floats and lose precision)' : '';
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}.amount" expected a decimal string such as "12.50"${why}, got ${describe(amount)}`, { field: `${field}.amount` });
  }
  if (d.frac.length > exponent) {
    // Rounding is the contract's business (it names a mode); the client never rounds silently.
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}.amount" ${quote(amount as string)} has more than ${exponent} fraction digit${exponent === 1 ? '' : 's'}, the minor unit of ${currency}`, { field: `${field}.amount` });
  }
  const frac = d.frac.padEnd(exponent, '0');
  if (BigInt(d.int + frac) >= NUMBER_MAX) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}.amount" is out of range (10^256 minor units)`, { field: `${field}.amount` });
  return { amount: `${d.negative ? '-' : ''}${d.int}${exponent === 0 ? '' : `.${frac}`}`, currency };
}

function encodeMap(t: Extract<AbiType, { kind: 'map' }>, value: unknown, types: AbiTypes, field: string): JsonValue {
  let pairs: (readonly unknown[])[];
  if (value instanceof Map) pairs = [...value.entries()];
  else if (Array.isArray(value)) {
    pairs = value.map((p: unknown, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}[${i}]" expected a [key, value] pair, got ${describe(p)}`, { field: `${field}[${i}]` });
      return p;
    });
  } else throw bad(field, t, value, ' (a Map or [key, value] pairs)');
  if (pairs.length > MAX_LENGTH) throw bad(field, t, value, ` of at most ${MAX_LENGTH} entries`);
  const numeric = t.key.kind === 'int' || t.key.kind === 'timestamp';
  const encoded = pairs.map((p, i) => {
    const key = encodeValue(t.key, p[0], types, `${field}[${i}][0]`) as string;
    return { key, order: numeric ? BigInt(key) : key, value: p[1], i };
  });
  encoded.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  for (let i = 1; i < encoded.length; i++) {
    const e = encoded[i] as (typeof encoded)[number];
    if ((encoded[i - 1] as (typeof encoded)[number]).order === e.order) {
      throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" has the key ${quote(e.key)} twice`, { field: `${field}[${e.i}][0]` });
    }
  }
  return encoded.map((e) => [e.key, encodeValue(t.value, e.value, types, `${field}[${quote(e.key)}]`)]);
}

function encodeRecord(t: AbiType & { readonly kind: 'record' | 'event' | 'enum'; readonly name: string }, value: unknown, types: AbiTypes, field: string): JsonValue {
  const def = namedType(types, t.name, ['record', 'event'], 'NODE_ERR_BAD_ARGUMENTS', field);
  if (def.kind === 'enum' || !isPlainObject(value)) throw bad(field, t, value, ' (an object)');
  const known = new Set(def.fields.map((f) => f.name));
  for (const k of Object.keys(value)) {
    if (!known.has(k)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" of type ${t.name} has no field ${quote(k)}`, { field: `${field}.${k}` });
  }
  const out: Record<string, JsonValue> = {};
  // Fields in sorted key order, as the canonical encoding writes them.
  for (const f of [...def.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const v = Object.hasOwn(value, f.name) ? value[f.name] : undefined;
    const path = `${field}.${f.name}`;
    if (v === undefined || v === null) {
      if (f.optional) continue;
      throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${path}" is required (${describeType(f.type)}) in ${t.name}`, { field: path });
    }
    out[f.name] = encodeValue(f.type, v, types, path);
  }
  return out;
}

function isNumericType(t: AbiType): boolean {
  return t.kind === 'int' || t.kind === 'decimal' || t.kind === 'money';
}

function encodeSealed(t: Extract<AbiType, { kind: 'sealed' }>, value: unknown, field: string): JsonValue {
  if (!isPlainObject(value)) throw bad(field, t, value, ' (the opaque object produced by sealing)');
  const out = canonSealed(value, 0, field) as SealedValue;
  if (isNumericType(t.inner) && (typeof out['commitment'] !== 'string' || !HEX_RE.test(out['commitment']))) {
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" is a sealed number without a lowercase hex "commitment"`, { field: `${field}.commitment` });
  }
  return out;
}

/** A copy with sorted keys; the sealed-value rules of docs/artifact.md (depth, safe integers, no reserved keys). */
function canonSealed(v: unknown, depth: number, field: string): JsonValue {
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" holds ${describe(v)}; a sealed value holds only safe integers`, { field });
    return v === 0 ? 0 : v;
  }
  if (depth >= MAX_SEALED_DEPTH) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" is nested deeper than ${MAX_SEALED_DEPTH} in a sealed value`, { field });
  if (Array.isArray(v)) return v.map((x: unknown, i) => canonSealed(x, depth + 1, `${field}[${i}]`));
  if (!isPlainObject(v)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" holds ${describe(v)}, not JSON`, { field });
  const out: Record<string, JsonValue> = {};
  for (const k of Object.keys(v).sort()) {
    if (RESERVED_KEYS.has(k)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" has the reserved key ${quote(k)}`, { field: `${field}.${k}` });
    out[k] = canonSealed(v[k], depth + 1, `${field}.${k}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates and periods

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Whether `s` is a valid proleptic Gregorian date `YYYY-MM-DD` in 0001-01-01..9999-12-31. */
export function isDate(s: string): boolean {
  const r = DATE_RE.exec(s);
  if (r === null) return false;
  const y = Number(r[1]);
  const m = Number(r[2]);
  const d = Number(r[3]);
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function parsePeriod(s: string): [number, number, number] | undefined {
  const r = PERIOD_RE.exec(s);
  if (r === null) return undefined;
  // Weeks fold into days; the canonical form must itself have at most 9 digits per part.
  const days = Number(r[3] ?? 0) * 7 + Number(r[4] ?? 0);
  return days > 999_999_999 ? undefined : [Number(r[1] ?? 0), Number(r[2] ?? 0), days];
}

function formatPeriod(p: readonly [number, number, number]): string {
  if (p[0] === 0 && p[1] === 0 && p[2] === 0) return 'P0D';
  return `P${p[0] ? `${p[0]}Y` : ''}${p[1] ? `${p[1]}M` : ''}${p[2] ? `${p[2]}D` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Decoding (wire → JavaScript)

function malformed(field: string, t: AbiType, json: unknown): NodeError {
  return new NodeError('NODE_ERR_MALFORMED', `"${field}" expected the encoding of ${describeType(t)}, got ${describe(json)}`, { field });
}

/**
 * Decodes a value the node sent (a result, event field or state value) as type `t`, strictly: only
 * the canonical encoding is accepted, anything else is `NODE_ERR_MALFORMED` naming the path.
 * @example decodeValue({ kind: 'int' }, '42', {}, 'result') // 42n
 */
export function decodeValue(t: AbiType, json: unknown, types: AbiTypes, field: string): unknown {
  switch (t.kind) {
    case 'bool':
      if (typeof json !== 'boolean') throw malformed(field, t, json);
      return json;
    case 'string':
      if (typeof json !== 'string') throw malformed(field, t, json);
      return json;
    case 'int':
    case 'timestamp':
      if (typeof json !== 'string' || json.length > 258 || !INT_RE.test(json) || json === '-0') throw malformed(field, t, json);
      return BigInt(json);
    case 'decimal':
      if (typeof json !== 'string' || json.length > 600 || !DECIMAL_RE.test(json) || json === '-0') throw malformed(field, t, json);
      return json;
    case 'money': {
      if (!isPlainObject(json) || Object.keys(json).length !== 2 || typeof json['amount'] !== 'string' || typeof json['currency'] !== 'string') throw malformed(field, t, json);
      const exponent = currencyExponent(json['currency']);
      const amount = json['amount'];
      const ok = exponent !== undefined && (t.currency === undefined || t.currency === json['currency'])
        && (exponent === 0 ? INT_RE.test(amount) : new RegExp(`^-?(0|[1-9][0-9]*)\\.[0-9]{${exponent}}$`).test(amount))
        && !/^-0(\.0*)?$/.test(amount);
      if (!ok) throw malformed(field, t, json);
      return { amount, currency: json['currency'] };
    }
    case 'date':
      if (typeof json !== 'string' || !isDate(json)) throw malformed(field, t, json);
      return json;
    case 'period': {
      const p = typeof json === 'string' ? parsePeriod(json) : undefined;
      if (p === undefined || formatPeriod(p) !== json) throw malformed(field, t, json);
      return json;
    }
    case 'address':
    case 'contract':
      if (typeof json !== 'string' || !ADDRESS_RE.test(json)) throw malformed(field, t, json);
      return json;
    case 'commitment':
      if (typeof json !== 'string' || !HEX_RE.test(json)) throw malformed(field, t, json);
      return json;
    case 'rounding':
      if (typeof json !== 'string' || !ROUNDING_MODES.includes(json)) throw malformed(field, t, json);
      return json;
    case 'enum': {
      const def = namedType(types, t.name, ['enum'], 'NODE_ERR_MALFORMED', field);
      if (typeof json !== 'string' || !(def.kind === 'enum' && def.members.includes(json))) throw malformed(field, t, json);
      return json;
    }
    case 'strings':
      if (typeof json !== 'string' || !t.values.includes(json)) throw malformed(field, t, json);
      return json;
    case 'optional':
      return json === null ? undefined : decodeValue(t.inner, json, types, field);
    case 'array':
      if (!Array.isArray(json)) throw malformed(field, t, json);
      return json.map((x: unknown, i) => decodeValue(t.element, x, types, `${field}[${i}]`));
    case 'map': {
      if (!Array.isArray(json)) throw malformed(field, t, json);
      const out = new Map<unknown, unknown>();
      let previous: bigint | string | undefined;
      json.forEach((p: unknown, i) => {
        if (!Array.isArray(p) || p.length !== 2) throw malformed(`${field}[${i}]`, t, p);
        const key = decodeValue(t.key, p[0], types, `${field}[${i}][0]`);
        const order = typeof key === 'bigint' || typeof key === 'string' ? key : String(key);
        if (previous !== undefined && !(previous < order)) throw new NodeError('NODE_ERR_MALFORMED', `"${field}" keys are not strictly ascending at ${describe(p[0])}`, { field: `${field}[${i}][0]` });
        previous = order;
        out.set(key, decodeValue(t.value, p[1], types, `${field}[${i}][1]`));
      });
      return out;
    }
    case 'record':
    case 'event': {
      const def = namedType(types, t.name, ['record', 'event'], 'NODE_ERR_MALFORMED', field);
      if (def.kind === 'enum' || !isPlainObject(json)) throw malformed(field, t, json);
      const known = new Set(def.fields.map((f) => f.name));
      const unknown = Object.keys(json).find((k) => !known.has(k));
      if (unknown !== undefined) throw new NodeError('NODE_ERR_MALFORMED', `"${field}" of type ${t.name} has no field ${quote(unknown)}`, { field: `${field}.${unknown}` });
      const out: Record<string, unknown> = {};
      for (const f of def.fields) {
        const path = `${field}.${f.name}`;
        if (!Object.hasOwn(json, f.name)) {
          if (f.optional) continue;
          throw new NodeError('NODE_ERR_MALFORMED', `"${path}" is missing`, { field: path });
        }
        if (json[f.name] === null) throw malformed(path, f.type, null);
        out[f.name] = decodeValue(f.type, json[f.name], types, path);
      }
      return out;
    }
    case 'sealed':
      if (!isPlainObject(json)) throw malformed(field, t, json);
      return json;
    case 'void':
      if (json !== null) throw malformed(field, t, json);
      return undefined;
  }
}
