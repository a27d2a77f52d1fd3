/**
 * Command-line spellings of contract values: turns each `ARG` string of `covenant call` and
 * `covenant query` (and each element of `deploy --args`) into the JavaScript value the client's
 * codec (`node/client/values.ts`) accepts for the parameter's ABI type, which then checks it
 * strictly and encodes it. The spellings (docs/cli.md):
 *
 * - `Int`, `Timestamp`: `42`, `-7`, `1_000_000`; a Timestamp also as ISO 8601 (`2027-01-31T12:00:00Z`);
 * - `Decimal`: `1.5`, `-0.25`, `3`;
 * - `Money`: `12.50 USD`, `USD 12.50`, `12.50USD`; with a static currency (`Money<'USD'>`) also
 *   `12.50`; or the JSON `{"amount":"12.50","currency":"USD"}`;
 * - `boolean`: `true`, `false`; `string`, dates, periods, enums, string unions: as written;
 * - `Address`: 40 hex digits (a `0x` prefix is dropped) or `@NAME`, the address of key NAME;
 * - optionals: `none` (or `null`, or an empty argument) for absent;
 * - arrays, maps, records, sealed values: JSON; inside it, money and addresses may use the same
 *   spellings as strings (`["12.50 USD", "@dev"]`), maps are `[[key, value], …]` or, for string
 *   keys, an object `{"key": value}`.
 *
 * Anything wrong is `NODE_ERR_BAD_ARGUMENTS` naming the parameter (and the path inside it).
 *
 * It does NOT encode to the wire or decide counts (the codec's `encodeArgs` does both), and does
 * not read keys itself (the caller passes a resolver for `@NAME`).
 * @module
 */
import type { Abi, AbiEntry, AbiParam, AbiType } from '../../compiler/artifact.ts';
import { type AbiTypes, describeType, encodeArgs } from '../client/index.ts';
import { NodeError } from '../errors.ts';
import type { JsonValue } from '../types/index.ts';

/** Resolves `@NAME` to the address of key NAME (throws `NodeError` if there is none). */
export type AddressResolver = (name: string) => string;

const noResolver: AddressResolver = (name) => {
  throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"@${name}" names a key, but no keystore is available here`);
};

function bad(field: string, t: AbiType, text: string, hint = ''): NodeError {
  return new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" expected ${describeType(t)}${hint}, got ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`, { field });
}

const MONEY_AFTER = /^([+-]?[0-9][0-9_]*(?:\.[0-9]+)?)\s*([A-Za-z]{3})$/;
const MONEY_BEFORE = /^([A-Za-z]{3})\s*([+-]?[0-9][0-9_]*(?:\.[0-9]+)?)$/;
const PLAIN_NUMBER = /^[+-]?[0-9][0-9_]*(?:\.[0-9]+)?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A number as typed, without `_` separators and a leading `+`. */
function digits(s: string): string {
  const t = s.replaceAll('_', '');
  return t.startsWith('+') ? t.slice(1) : t;
}

/**
 * Parses money text (`12.50 USD`, `USD 12.50`, `12.50USD`; `12.50` when the type names its
 * currency) into `{ amount, currency }`, or `undefined` if it is no such spelling.
 */
export function parseMoneyText(text: string, currency: string | undefined): { amount: string; currency: string } | undefined {
  const s = text.trim();
  let m = MONEY_AFTER.exec(s);
  if (m !== null) return { amount: digits(m[1] as string), currency: (m[2] as string).toUpperCase() };
  m = MONEY_BEFORE.exec(s);
  if (m !== null) return { amount: digits(m[2] as string), currency: (m[1] as string).toUpperCase() };
  if (currency !== undefined && PLAIN_NUMBER.test(s)) return { amount: digits(s), currency };
  return undefined;
}

function parseJsonArg(text: string, t: AbiType, field: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" expected ${describeType(t)} as JSON: ${e instanceof Error ? e.message : String(e)}`, { field });
  }
}

/**
 * Converts one command-line argument for a parameter of type `t` into what the codec accepts.
 * Structured types are parsed as JSON and then converted element by element ({@link fromJson}).
 * @example fromText({ kind: 'money', currency: 'USD' }, '12.5', {}, 'amount') // { amount: '12.5', currency: 'USD' }
 */
export function fromText(t: AbiType, text: string, types: AbiTypes, field: string, resolve: AddressResolver = noResolver): unknown {
  switch (t.kind) {
    case 'string':
    case 'date':
    case 'period':
    case 'rounding':
    case 'enum':
    case 'strings':
      return text;
    case 'bool':
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw bad(field, t, text, ' (true or false)');
    case 'int':
      if (!PLAIN_NUMBER.test(text) || text.includes('.')) throw bad(field, t, text, ' (an integer such as 42)');
      return digits(text);
    case 'timestamp':
      if (ISO_TIME.test(text)) {
        const ms = Date.parse(text);
        if (!Number.isFinite(ms)) throw bad(field, t, text, ' (ms since the epoch, or ISO 8601 such as 2027-01-31T12:00:00Z)');
        return BigInt(ms);
      }
      if (!PLAIN_NUMBER.test(text) || text.includes('.')) throw bad(field, t, text, ' (ms since the epoch, or ISO 8601 such as 2027-01-31T12:00:00Z)');
      return digits(text);
    case 'decimal':
      if (!PLAIN_NUMBER.test(text)) throw bad(field, t, text, ' (a decimal such as 1.5)');
      return digits(text);
    case 'money': {
      if (text.trim().startsWith('{')) return fromJson(t, parseJsonArg(text, t, field), types, field, resolve);
      const m = parseMoneyText(text, t.currency);
      if (m === undefined) throw bad(field, t, text, t.currency === undefined ? ' such as "12.50 USD"' : ` such as "12.50" or "12.50 ${t.currency}"`);
      return m;
    }
    case 'address':
    case 'contract':
      return addressText(text, t, field, resolve);
    case 'commitment':
      return text.startsWith('0x') ? text.slice(2) : text;
    case 'optional':
      if (text === '' || text === 'none' || text === 'null') return undefined;
      return fromText(t.inner, text, types, field, resolve);
    case 'array':
    case 'map':
    case 'record':
    case 'event':
    case 'sealed':
      return fromJson(t, parseJsonArg(text, t, field), types, field, resolve);
    case 'void':
      if (text === '' || text === 'null') return null;
      throw bad(field, t, text);
  }
}

function addressText(text: string, t: AbiType, field: string, resolve: AddressResolver): string {
  if (text.startsWith('@')) {
    const name = text.slice(1);
    try {
      return resolve(name);
    } catch (e) {
      const why = e instanceof NodeError ? e.shortMessage : e instanceof Error ? e.message : String(e);
      throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `"${field}" expected ${describeType(t)}: ${why}`, { field });
    }
  }
  return /^0x[0-9a-fA-F]{40}$/.test(text) ? text.slice(2) : text;
}

/**
 * Converts a JSON value given on the command line for type `t`: money and addresses may use
 * their text spellings, numbers stand for Ints (safe integers only), maps with string keys may
 * be objects; everything else is left for the codec to check.
 */
export function fromJson(t: AbiType, v: unknown, types: AbiTypes, field: string, resolve: AddressResolver = noResolver): unknown {
  switch (t.kind) {
    case 'money':
      if (typeof v === 'string') {
        const m = parseMoneyText(v, t.currency);
        if (m === undefined) throw bad(field, t, v, ' such as "12.50 USD"');
        return m;
      }
      return v;
    case 'address':
    case 'contract':
      return typeof v === 'string' ? addressText(v, t, field, resolve) : v;
    case 'int':
    case 'timestamp':
    case 'decimal':
      return typeof v === 'string' && PLAIN_NUMBER.test(v) ? digits(v) : v;
    case 'optional':
      return v === null || v === undefined ? undefined : fromJson(t.inner, v, types, field, resolve);
    case 'array':
      return Array.isArray(v) ? v.map((x: unknown, i) => fromJson(t.element, x, types, `${field}[${i}]`, resolve)) : v;
    case 'map': {
      let pairs: unknown[] | undefined;
      if (Array.isArray(v)) pairs = v;
      else if (typeof v === 'object' && v !== null && t.key.kind !== 'int' && t.key.kind !== 'timestamp') pairs = Object.entries(v);
      if (pairs === undefined) return v;
      return pairs.map((p, i) => (Array.isArray(p) && p.length === 2
        ? [fromJson(t.key, p[0], types, `${field}[${i}][0]`, resolve), fromJson(t.value, p[1], types, `${field}[${i}][1]`, resolve)]
        : p));
    }
    case 'record':
    case 'event': {
      const def = Object.hasOwn(types, t.name) ? types[t.name] : undefined;
      if (def === undefined || def.kind === 'enum' || typeof v !== 'object' || v === null || Array.isArray(v)) return v;
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) {
        const f = def.fields.find((x) => x.name === k);
        out[k] = f === undefined ? o[k] : fromJson(f.type, o[k], types, `${field}.${k}`, resolve);
      }
      return out;
    }
    default:
      return v;
  }
}

/**
 * Converts and encodes the arguments of `entry` (an entry, view or the constructor) given as
 * command-line strings: the count must match, each is converted by its parameter's type, then
 * checked and encoded by the codec. `what` names the callee in messages.
 */
export function encodeCliArgs(params: readonly AbiParam[], texts: readonly string[], types: AbiTypes, what: string, resolve?: AddressResolver): JsonValue[] {
  if (texts.length !== params.length) return encodeArgs(params, texts, types, what); // the codec's count message
  return encodeArgs(params, params.map((p, i) => fromText(p.type, texts[i] as string, types, p.name, resolve)), types, what);
}

/** Like {@link encodeCliArgs} for values parsed from a JSON array (`deploy --args '[…]'`). */
export function encodeJsonArgs(params: readonly AbiParam[], values: readonly unknown[], types: AbiTypes, what: string, resolve?: AddressResolver): JsonValue[] {
  if (values.length !== params.length) return encodeArgs(params, values, types, what);
  return encodeArgs(params, params.map((p, i) => fromJson(p.type, values[i], types, p.name, resolve)), types, what);
}

/**
 * The ABI entry `name` of `kind` of `abi`, or `NODE_ERR_BAD_ARGUMENTS` listing what there is (and
 * pointing to `covenant query` for a view, `covenant call` for an entry).
 */
export function entryOf(contract: { readonly abi: Abi }, name: string, kind: 'entry' | 'view'): AbiEntry {
  const abi = contract.abi;
  const e = abi.entries.find((x) => x.name === name);
  if (e !== undefined && e.kind === kind) return e;
  const names = abi.entries.filter((x) => x.kind === kind).map((x) => signatureOf(x));
  const hint = e === undefined ? '' : e.kind === 'view' ? ` ("${name}" is a view: covenant query <address> ${name} …)` : e.kind === 'entry' ? ` ("${name}" is an entry: covenant call <address> ${name} …)` : ` ("${name}" is a ${e.kind})`;
  throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${abi.contract} has no ${kind} "${name}"${hint}`, {
    field: kind,
    metaMessages: [`${kind === 'entry' ? 'entries' : 'views'}: ${names.join(', ') || '(none)'}`],
  });
}

/** A human signature: `recordPayment(reinsurer: Address, amount: Money<'USD'>, reference: string)`. */
export function signatureOf(e: Pick<AbiEntry, 'name' | 'params'>): string {
  return `${e.name}(${e.params.map((p) => `${p.name}: ${describeType(p.type)}`).join(', ')})`;
}
