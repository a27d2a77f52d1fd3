/**
 * The Covenant type model used by the checker and code generator. Types are plain immutable data;
 * nominal types (records, events, enums, contract interfaces) carry their declared name, which is
 * unique within one program after the binder has resolved imports.
 * Does NOT decide assignability of expressions (see `checker.ts`); it only defines types and the
 * structural relations between them.
 * @module
 */

export interface FieldType {
  readonly name: string;
  readonly type: Type;
  readonly optional: boolean;
  readonly readonly: boolean;
}

export interface ParamType {
  readonly name: string;
  readonly type: Type;
}

export interface MethodType {
  readonly name: string;
  readonly params: readonly ParamType[];
  readonly returns: Type;
  /** Known to be read-only (a `@view` of an imported contract). */
  readonly view: boolean;
}

export type Type =
  | { readonly kind: 'bool' }
  | { readonly kind: 'string' }
  /** Arbitrary-precision integer (JS bigint at run time). */
  | { readonly kind: 'int' }
  /** Exact decimal: bigint coefficient and a scale; never a binary float. */
  | { readonly kind: 'decimal' }
  /** Money in an ISO 4217 currency; `currency` is `undefined` when only known at run time. */
  | { readonly kind: 'money'; readonly currency: string | undefined }
  /** Calendar date (ISO 8601 `YYYY-MM-DD`, no time zone). */
  | { readonly kind: 'date' }
  /** Calendar period, ISO 8601 `PnYnMnWnD`. */
  | { readonly kind: 'period' }
  /** Consensus time, milliseconds since the Unix epoch (UTC). */
  | { readonly kind: 'timestamp' }
  /** A party or contract address. */
  | { readonly kind: 'address' }
  | { readonly kind: 'array'; readonly element: Type }
  /** Map with deterministic iteration in ascending key order. */
  | { readonly kind: 'map'; readonly key: Type; readonly value: Type }
  /** `T | undefined` */
  | { readonly kind: 'optional'; readonly inner: Type }
  /** A record declared by an interface or type alias (or an inline shape, `name` = `{...}`). */
  | { readonly kind: 'record'; readonly name: string; readonly fields: readonly FieldType[] }
  /** An event: an interface that `extends Event`. */
  | { readonly kind: 'event'; readonly name: string; readonly fields: readonly FieldType[] }
  /** An enum; values are the member names at run time. */
  | { readonly kind: 'enum'; readonly name: string; readonly members: readonly string[] }
  /** A union of string literals, e.g. `"wind" | "flood"` (one value: a literal type). */
  | { readonly kind: 'strings'; readonly values: readonly string[] }
  /** A sealed value: ciphertext to the contract, with a commitment for numeric `inner`. */
  | { readonly kind: 'sealed'; readonly inner: Type }
  /** A Pedersen commitment (opaque). */
  | { readonly kind: 'commitment' }
  /** A reference to another contract through a typed interface (an address at run time). */
  | { readonly kind: 'contract'; readonly name: string; readonly methods: readonly MethodType[] }
  /** A lambda (only as an argument of an array method). */
  | { readonly kind: 'function'; readonly params: readonly Type[]; readonly returns: Type }
  /** Rounding mode name, one of {@link ROUNDING_MODES}. */
  | { readonly kind: 'rounding' }
  /** The value caught by `catch (e)`: `{ code: string; message: string }`. */
  | { readonly kind: 'failure' }
  /** The type of `undefined`. */
  | { readonly kind: 'undefined' }
  | { readonly kind: 'void' }
  /** Built-in namespace objects such as `ctx`. */
  | { readonly kind: 'namespace'; readonly name: string }
  /** Result of an erroneous expression; assignable both ways so one error does not cascade. */
  | { readonly kind: 'error' };

export type TypeKind = Type['kind'];

/** Rounding modes (ICU names in brackets): every division or rescale names one. */
export const ROUNDING_MODES = ['half-up', 'half-even', 'half-down', 'floor', 'ceiling', 'down', 'up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const BOOL: Type = { kind: 'bool' };
export const STRING: Type = { kind: 'string' };
export const INT: Type = { kind: 'int' };
export const DECIMAL: Type = { kind: 'decimal' };
export const DATE: Type = { kind: 'date' };
export const PERIOD: Type = { kind: 'period' };
export const TIMESTAMP: Type = { kind: 'timestamp' };
export const ADDRESS: Type = { kind: 'address' };
export const COMMITMENT: Type = { kind: 'commitment' };
export const VOID: Type = { kind: 'void' };
export const UNDEFINED: Type = { kind: 'undefined' };
export const ERROR: Type = { kind: 'error' };
export const FAILURE: Type = { kind: 'failure' };
export const ROUNDING: Type = { kind: 'rounding' };

export function moneyOf(currency: string | undefined): Type {
  return { kind: 'money', currency };
}

export function arrayOf(element: Type): Type {
  return { kind: 'array', element };
}

export function optionalOf(inner: Type): Type {
  return inner.kind === 'optional' || inner.kind === 'error' ? inner : { kind: 'optional', inner };
}

/** Human-readable type text, as written in source (`Money<"USD">`, `Map<string, Claim>`). */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case 'bool': return 'boolean';
    case 'string': return 'string';
    case 'int': return 'Int';
    case 'decimal': return 'Decimal';
    case 'money': return t.currency === undefined ? 'Money' : `Money<"${t.currency}">`;
    case 'date': return 'LocalDate';
    case 'period': return 'Period';
    case 'timestamp': return 'Timestamp';
    case 'address': return 'Address';
    case 'array': return `${wrapUnion(t.element)}[]`;
    case 'map': return `Map<${typeToString(t.key)}, ${typeToString(t.value)}>`;
    case 'optional': return `${typeToString(t.inner)} | undefined`;
    case 'record':
    case 'event':
    case 'enum':
    case 'contract': return t.name;
    case 'strings': return t.values.map((v) => `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`).join(' | ');
    case 'sealed': return `Sealed<${typeToString(t.inner)}>`;
    case 'commitment': return 'Commitment';
    case 'function': return `(${t.params.map(typeToString).join(', ')}) => ${typeToString(t.returns)}`;
    case 'rounding': return 'Rounding';
    case 'failure': return 'Failure';
    case 'undefined': return 'undefined';
    case 'void': return 'void';
    case 'namespace': return t.name;
    case 'error': return '<error>';
  }
}

function wrapUnion(t: Type): string {
  const s = typeToString(t);
  return t.kind === 'optional' || t.kind === 'strings' || t.kind === 'function' ? `(${s})` : s;
}

/** Structural identity of two types (nominal types compare by name). */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'money': return a.currency === (b as typeof a).currency;
    case 'array': return sameType(a.element, (b as typeof a).element);
    case 'map': return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case 'optional': return sameType(a.inner, (b as typeof a).inner);
    case 'sealed': return sameType(a.inner, (b as typeof a).inner);
    case 'record':
    case 'event':
    case 'enum':
    case 'contract': return a.name === (b as typeof a).name;
    case 'strings': {
      const bv = (b as typeof a).values;
      return a.values.length === bv.length && a.values.every((v) => bv.includes(v));
    }
    case 'function': {
      const bf = b as typeof a;
      return a.params.length === bf.params.length && a.params.every((p, i) => sameType(p, bf.params[i] as Type)) && sameType(a.returns, bf.returns);
    }
    case 'namespace': return a.name === (b as typeof a).name;
    default: return true;
  }
}

/** True for types that may be stored in contract state, passed to entries and emitted in events. */
export function isDataType(t: Type): boolean {
  switch (t.kind) {
    case 'bool': case 'string': case 'int': case 'decimal': case 'money': case 'date': case 'period':
    case 'timestamp': case 'address': case 'enum': case 'strings': case 'commitment': case 'contract':
    case 'rounding': case 'error':
      return true;
    case 'array': return isDataType(t.element);
    case 'map': return isDataType(t.key) && isDataType(t.value);
    case 'optional': return isDataType(t.inner);
    case 'sealed': return isDataType(t.inner);
    case 'record': case 'event': return t.fields.every((f) => isDataType(f.type));
    default: return false;
  }
}

/** Types usable as map keys: ordered, with a canonical encoding. */
export function isMapKeyType(t: Type): boolean {
  return ['string', 'int', 'address', 'date', 'enum', 'strings', 'timestamp', 'error'].includes(t.kind);
}

/** Numeric types a zero-knowledge relation can range over (integers once scaled). */
export function isNumericType(t: Type): boolean {
  return t.kind === 'int' || t.kind === 'decimal' || t.kind === 'money';
}
