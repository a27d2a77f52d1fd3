/**
 * The contract artifact format `covenant-artifact/1`: the only compiler output the runtime and the
 * node consume. Defines the artifact and ABI types, the canonical JSON encoding, the domain-separated
 * hashes (`sourceHash`, `codeHash`, `artifactHash`) and `validateArtifact()`, which a node runs on
 * every artifact it receives (untrusted input: every field's type, shape, size and cross-reference is
 * checked, unknown fields are rejected).
 *
 * This module is a LEAF: it imports nothing from `compiler/`, so `runtime/` and `node/` may import
 * it. It does NOT compile anything, run code, or encode contract values (the value encoding is
 * specified in `docs/artifact.md` and implemented inside the isolate by the prelude).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Format tag; a new incompatible layout gets a new tag, never a silent change. */
export const ARTIFACT_FORMAT = 'covenant-artifact/1';
/** Version of the gas schedule the generated code embeds (see `docs/artifact.md`, "Gas"). */
export const GAS_SCHEDULE_VERSION = 1;
/** Version of the host API the generated code calls (see `docs/artifact.md`, "Code ABI"). */
export const HOST_API_VERSION = 1;

/** Largest `code`, in UTF-8 bytes (GAS-03: straight-line code is bounded by code size). */
export const MAX_CODE_BYTES = 2 * 1024 * 1024;
/** Largest encoded artifact `decodeArtifact()` accepts, in UTF-16 code units (SBX-10). */
export const MAX_ARTIFACT_CHARS = 8 * 1024 * 1024;
/** Most failure sites (span-map entries) in one artifact. */
export const MAX_SITES = 200_000;
/** Most source files in one artifact. */
export const MAX_SOURCES = 1024;
/** Longest source path. */
export const MAX_PATH_LENGTH = 512;
/** Longest identifier in the ABI. */
export const MAX_NAME_LENGTH = 128;
/** Most entries, state fields, named types, relations; most fields per record, params per entry. */
export const MAX_ABI_ITEMS = 4096;
/** Deepest nesting of type descriptors and relation terms. */
export const MAX_TYPE_DEPTH = 32;
/** Longest free text in the ABI (relation text, string-literal type values, trigger arguments). */
export const MAX_TEXT_LENGTH = 4096;

// ---------------------------------------------------------------------------------------------
// Types

/** A type descriptor: how a value of an entry parameter, return, field or event is encoded. */
export type AbiType =
  | { readonly kind: 'bool' | 'string' | 'int' | 'decimal' | 'date' | 'period' | 'timestamp' | 'address' | 'commitment' | 'rounding' | 'void' }
  /** `currency` absent: the currency is carried by the value (type `Money`). */
  | { readonly kind: 'money'; readonly currency?: string }
  | { readonly kind: 'array'; readonly element: AbiType }
  | { readonly kind: 'map'; readonly key: AbiType; readonly value: AbiType }
  | { readonly kind: 'optional'; readonly inner: AbiType }
  /** A named record, event or enum; its body is in {@link Abi.types}. */
  | { readonly kind: 'record' | 'event' | 'enum'; readonly name: string }
  /** A union of string literals. */
  | { readonly kind: 'strings'; readonly values: readonly string[] }
  | { readonly kind: 'sealed'; readonly inner: AbiType }
  /** An address typed by a contract interface; `name` is informative. */
  | { readonly kind: 'contract'; readonly name: string };

/** A record or event field. `optional`: the value may be absent (then `type` is the inner type). */
export interface AbiField {
  readonly name: string;
  readonly type: AbiType;
  readonly optional: boolean;
}

export interface AbiParam {
  readonly name: string;
  readonly type: AbiType;
}

export type AbiTypeDef =
  | { readonly kind: 'record' | 'event'; readonly fields: readonly AbiField[] }
  | { readonly kind: 'enum'; readonly members: readonly string[] };

export type AbiTrigger =
  /** Runs when the contract whose address is in state field `source` emits `event`. */
  | { readonly kind: 'event'; readonly source: string; readonly event: string }
  /** Runs every `period` (ISO 8601), from the date in state field `anchor` if given. */
  | { readonly kind: 'every'; readonly period: string; readonly anchor?: string }
  /** Runs at a literal `date`, or at each date held in state field `field`. */
  | { readonly kind: 'at'; readonly date?: string; readonly field?: string };

export interface AbiEntry {
  readonly name: string;
  readonly kind: 'entry' | 'view' | 'trigger';
  readonly params: readonly AbiParam[];
  readonly returns: AbiType;
  readonly trigger?: AbiTrigger;
}

/** One state field. `key` is its state key (`s/<name>`) or, for a map, the key prefix (`m/<name>/`). */
export interface AbiStateField {
  readonly name: string;
  readonly index: number;
  readonly type: AbiType;
  readonly key: string;
  /** The type contains a `Sealed<T>` somewhere (the field holds ciphertext). */
  readonly sealed: boolean;
  readonly readonly: boolean;
}

export type AbiRelationTerm =
  | { readonly kind: 'sealed' | 'public'; readonly index: number }
  | { readonly kind: 'const'; readonly value: string }
  | { readonly kind: 'add' | 'sub' | 'mul' | 'div'; readonly left: AbiRelationTerm; readonly right: AbiRelationTerm };

/** A zero-knowledge relation stated with `prove(...)`; `index` is the id passed to `__host_verify`. */
export interface AbiRelation {
  readonly index: number;
  readonly text: string;
  readonly op: '<' | '<=' | '>' | '>=' | '==';
  readonly left: AbiRelationTerm;
  readonly right: AbiRelationTerm;
  readonly valueType: AbiType;
  /** Number of sealed operands (commitments, in index order). */
  readonly sealed: number;
  /** Types of the public operands, in index order. */
  readonly public: readonly AbiType[];
}

export interface Abi {
  readonly contract: string;
  readonly constructor: { readonly params: readonly AbiParam[] };
  readonly entries: readonly AbiEntry[];
  /** Names of the event types the contract can emit (bodies in `types`), sorted. */
  readonly events: readonly string[];
  readonly state: readonly AbiStateField[];
  readonly types: { readonly [name: string]: AbiTypeDef };
  readonly relations: readonly AbiRelation[];
}

/** Where failure site `site` is in the source; `file` indexes {@link ContractArtifact.sources}. */
export interface SpanEntry {
  readonly site: number;
  readonly file: number;
  readonly start: number;
  readonly end: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export interface SourceEntry {
  readonly path: string;
  /** {@link sourceFileHash} of the normalised text. */
  readonly hash: string;
}

export interface ContractArtifact {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly compiler: { readonly version: string };
  readonly contract: string;
  readonly sourceHash: string;
  readonly code: string;
  readonly codeHash: string;
  readonly abi: Abi;
  readonly gasSchedule: typeof GAS_SCHEDULE_VERSION;
  readonly hostApi: typeof HOST_API_VERSION;
  /** `spans[i].site === i`. */
  readonly spans: readonly SpanEntry[];
  /** Sorted by path (UTF-16 code-unit order), paths unique. */
  readonly sources: readonly SourceEntry[];
}

export type ValidateArtifactResult =
  | { readonly ok: true; readonly artifact: ContractArtifact }
  | { readonly ok: false; readonly errors: readonly string[] };

// ---------------------------------------------------------------------------------------------
// Canonical JSON and hashes

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, `undefined` members
 * omitted. Only strings, booleans, safe integers, arrays and plain objects are allowed, so the
 * text is unique for a value (no float formatting questions).
 * @example canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) throw new RangeError(`canonical JSON allows only safe integers, got ${String(value)}`);
      return String(value);
    case 'object': {
      // Loops and string appends rather than map/join: this runs for every transaction, receipt
      // and block the node handles, and the intermediate arrays were a third of its cost.
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
        return `${out}]`;
      }
      const rec = value as Record<string, unknown>;
      const keys = Object.keys(rec).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = rec[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/**
 * Length-prefixed concatenation (u32 big-endian length, then bytes): no two inputs collide
 * (SC-11). The one encoding every domain-separated hash of the project uses (artifacts here,
 * transactions and blocks in `node/types`).
 */
export function lengthPrefixed(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += 4 + p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(u32(p.length), at);
    out.set(p, at + 4);
    at += 4 + p.length;
  }
  return out;
}

function taggedHash(tag: string, parts: readonly Uint8Array[]): string {
  return bytesToHex(sha256(lengthPrefixed([utf8ToBytes(tag), ...parts])));
}

/** Hash of one normalised source text: `sha256(lp("covenant:source-file:v1") ‖ lp(utf8(text)))`. */
export function sourceFileHash(text: string): string {
  return taggedHash('covenant:source-file:v1', [utf8ToBytes(text)]);
}

/**
 * `sourceHash` over the source list: `sha256(lp("covenant:source:v1") ‖ lp(u32(n)) ‖ for each
 * source in path order: lp(utf8(path)) ‖ lp(fileHashBytes))`. Computable from `sources` alone.
 */
export function sourceHashOf(sources: readonly SourceEntry[]): string {
  const sorted = [...sources].sort((a, b) => compareStrings(a.path, b.path));
  const parts: Uint8Array[] = [u32(sorted.length)];
  for (const s of sorted) parts.push(utf8ToBytes(s.path), hexToBytesStrict(s.hash));
  return taggedHash('covenant:source:v1', parts);
}

/** `codeHash`: `sha256(lp("covenant:code:v1") ‖ lp(utf8(code)))`. */
export function codeHashOf(code: string): string {
  return taggedHash('covenant:code:v1', [utf8ToBytes(code)]);
}

/** Canonical JSON text of an artifact (the bytes that are stored, sent and hashed). */
export function encodeArtifact(artifact: ContractArtifact): string {
  return canonicalJson(artifact);
}

/** `sha256(lp("covenant:artifact:v1") ‖ lp(utf8(encodeArtifact(a))))`: the artifact's identity. */
export function artifactHash(artifact: ContractArtifact): string {
  return taggedHash('covenant:artifact:v1', [utf8ToBytes(encodeArtifact(artifact))]);
}

/** UTF-16 code-unit order, the order of JS `<` on strings and of `Array.prototype.sort()`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hexToBytesStrict(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new TypeError(`"hash" expected 64 lowercase hex digits, got ${JSON.stringify(hex.slice(0, 80))}`);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** State key of a scalar state field. */
export function stateKey(field: string): string {
  return `s/${field}`;
}

/** Key prefix of the entries of a `Map` state field (each entry is stored separately). */
export function mapStatePrefix(field: string): string {
  return `m/${field}/`;
}

// ---------------------------------------------------------------------------------------------
// Building

export interface CreateArtifactParameters {
  readonly compilerVersion: string;
  readonly contract: string;
  readonly code: string;
  readonly abi: Abi;
  /** Normalised source texts by path (any order; sorted here). */
  readonly sources: readonly { readonly path: string; readonly text: string }[];
  /** Failure sites in site order; `path` must be one of `sources`. */
  readonly spans: readonly { readonly path: string; readonly start: number; readonly end: number; readonly line: number; readonly column: number }[];
}

/**
 * Assembles an artifact: sorts sources, computes `sourceHash`, `codeHash`, maps span paths to source
 * indices. Throws `RangeError` if a span names a path that is not a source.
 */
export function createArtifact(p: CreateArtifactParameters): ContractArtifact {
  const sources = [...p.sources].sort((a, b) => compareStrings(a.path, b.path)).map((s) => ({ path: s.path, hash: sourceFileHash(s.text) }));
  const indexOf = new Map(sources.map((s, i) => [s.path, i] as const));
  const spans = p.spans.map((s, site) => {
    const file = indexOf.get(s.path);
    if (file === undefined) throw new RangeError(`span of site ${site} names unknown source ${JSON.stringify(s.path)}`);
    return { site, file, start: s.start, end: s.end, line: s.line, column: s.column };
  });
  return {
    format: ARTIFACT_FORMAT,
    compiler: { version: p.compilerVersion },
    contract: p.contract,
    sourceHash: sourceHashOf(sources),
    code: p.code,
    codeHash: codeHashOf(p.code),
    abi: p.abi,
    gasSchedule: GAS_SCHEDULE_VERSION,
    hostApi: HOST_API_VERSION,
    spans,
    sources,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation (untrusted input)

/** Identifier as the language allows it in declarations: no `$`, no leading `__`. */
const IDENTIFIER = /^(?!__)[A-Za-z_][A-Za-z0-9_]*$/;
const HEX64 = /^[0-9a-f]{64}$/;
const CURRENCY = /^[A-Z]{3}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,64}$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const PERIOD = /^P(?=[0-9])([0-9]{1,9}Y)?([0-9]{1,9}M)?([0-9]{1,9}W)?([0-9]{1,9}D)?$/;
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;
const MAP_KEY_KINDS: ReadonlySet<string> = new Set(['string', 'int', 'address', 'date', 'enum', 'strings', 'timestamp']);
const SIMPLE_KINDS: ReadonlySet<string> = new Set(['bool', 'string', 'int', 'decimal', 'date', 'period', 'timestamp', 'address', 'commitment', 'rounding', 'void']);
const RESERVED_PROPERTY_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

type Json = unknown;

class Checker {
  readonly errors: string[] = [];
  /** Named-type references seen while checking descriptors, checked once `types` is known. */
  readonly refs: { path: string; kind: string; name: string }[] = [];

  fail(path: string, message: string): void {
    if (this.errors.length < 100) this.errors.push(`${path}: ${message}`);
  }

  /** An own-property plain object with exactly `required` keys plus any of `optional`. */
  object(path: string, v: Json, required: readonly string[], optional: readonly string[] = []): Record<string, Json> | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.fail(path, `expected an object, got ${describe(v)}`);
      return undefined;
    }
    const rec = v as Record<string, Json>;
    let ok = true;
    for (const k of Object.keys(rec)) {
      if (!required.includes(k) && !optional.includes(k)) {
        this.fail(path, `unknown field ${JSON.stringify(k.slice(0, 80))}`);
        ok = false;
      }
    }
    for (const k of required) {
      if (!Object.prototype.hasOwnProperty.call(rec, k)) {
        this.fail(path, `missing field "${k}"`);
        ok = false;
      }
    }
    return ok ? rec : undefined;
  }

  array(path: string, v: Json, max: number): readonly Json[] | undefined {
    if (!Array.isArray(v)) {
      this.fail(path, `expected an array, got ${describe(v)}`);
      return undefined;
    }
    if (v.length > max) {
      this.fail(path, `expected at most ${max} items, got ${v.length}`);
      return undefined;
    }
    return v;
  }

  string(path: string, v: Json, pattern: RegExp | undefined, maxLength: number, what = 'a string'): v is string {
    if (typeof v !== 'string') {
      this.fail(path, `expected ${what}, got ${describe(v)}`);
      return false;
    }
    if (v.length > maxLength || (pattern !== undefined && !pattern.test(v))) {
      this.fail(path, `expected ${what}, got ${JSON.stringify(v.slice(0, 80))}${v.length > 80 ? '…' : ''}`);
      return false;
    }
    return true;
  }

  name(path: string, v: Json): v is string {
    if (!this.string(path, v, IDENTIFIER, MAX_NAME_LENGTH, 'an identifier')) return false;
    if (RESERVED_PROPERTY_NAMES.has(v)) {
      this.fail(path, `reserved name "${v}"`);
      return false;
    }
    return true;
  }

  int(path: string, v: Json, min: number, max: number): v is number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max || Object.is(v, -0)) {
      this.fail(path, `expected an integer in [${min}, ${max}], got ${describe(v)}`);
      return false;
    }
    return true;
  }

  bool(path: string, v: Json): v is boolean {
    if (typeof v !== 'boolean') {
      this.fail(path, `expected a boolean, got ${describe(v)}`);
      return false;
    }
    return true;
  }

  literal(path: string, v: Json, expected: string | number): boolean {
    if (v !== expected) {
      this.fail(path, `expected ${JSON.stringify(expected)}, got ${describe(v)}`);
      return false;
    }
    return true;
  }

  /** Checks for unique `name`s in a list of records. */
  unique(path: string, names: readonly string[], what: string): void {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) this.fail(path, `duplicate ${what} "${n}"`);
      seen.add(n);
    }
  }

  /** A type descriptor. `allowVoid` only for return types. */
  type(path: string, v: Json, depth: number, allowVoid = false): v is AbiType {
    if (depth > MAX_TYPE_DEPTH) {
      this.fail(path, `type nesting deeper than ${MAX_TYPE_DEPTH}`);
      return false;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.fail(path, `expected a type descriptor, got ${describe(v)}`);
      return false;
    }
    const kind = (v as Record<string, Json>)['kind'];
    if (typeof kind !== 'string') {
      this.fail(path, 'type descriptor without a string "kind"');
      return false;
    }
    const errorsBefore = this.errors.length;
    if (SIMPLE_KINDS.has(kind)) {
      if (this.object(path, v, ['kind']) === undefined) return false;
      if (kind === 'void' && !allowVoid) this.fail(path, '"void" is allowed only as a return type');
    } else {
      switch (kind) {
        case 'money': {
          const o = this.object(path, v, ['kind'], ['currency']);
          if (o !== undefined && o['currency'] !== undefined) this.string(`${path}.currency`, o['currency'], CURRENCY, 3, 'an ISO 4217 code');
          break;
        }
        case 'array': {
          const o = this.object(path, v, ['kind', 'element']);
          if (o !== undefined) this.type(`${path}.element`, o['element'], depth + 1);
          break;
        }
        case 'map': {
          const o = this.object(path, v, ['kind', 'key', 'value']);
          if (o !== undefined) {
            if (this.type(`${path}.key`, o['key'], depth + 1) && !MAP_KEY_KINDS.has((o['key'] as { kind: string }).kind)) {
              this.fail(`${path}.key`, `"${(o['key'] as { kind: string }).kind}" is not a map key type`);
            }
            this.type(`${path}.value`, o['value'], depth + 1);
          }
          break;
        }
        case 'optional': {
          const o = this.object(path, v, ['kind', 'inner']);
          if (o !== undefined && this.type(`${path}.inner`, o['inner'], depth + 1) && (o['inner'] as AbiType).kind === 'optional') {
            this.fail(`${path}.inner`, 'optional of optional');
          }
          break;
        }
        case 'sealed': {
          const o = this.object(path, v, ['kind', 'inner']);
          if (o !== undefined) this.type(`${path}.inner`, o['inner'], depth + 1);
          break;
        }
        case 'record':
        case 'event':
        case 'enum': {
          const o = this.object(path, v, ['kind', 'name']);
          if (o !== undefined && this.name(`${path}.name`, o['name'])) this.refs.push({ path, kind, name: o['name'] });
          break;
        }
        case 'contract': {
          const o = this.object(path, v, ['kind', 'name']);
          if (o !== undefined) this.name(`${path}.name`, o['name']);
          break;
        }
        case 'strings': {
          const o = this.object(path, v, ['kind', 'values']);
          const values = o === undefined ? undefined : this.array(`${path}.values`, o['values'], MAX_ABI_ITEMS);
          if (values !== undefined) {
            if (values.length === 0) this.fail(`${path}.values`, 'expected at least one value');
            values.forEach((s, i) => this.string(`${path}.values[${i}]`, s, undefined, MAX_TEXT_LENGTH));
            if (values.every((s) => typeof s === 'string')) {
              this.unique(`${path}.values`, values as string[], 'value');
              if (!isSorted(values as string[])) this.fail(`${path}.values`, 'values must be sorted');
            }
          }
          break;
        }
        default:
          this.fail(path, `unknown type kind ${JSON.stringify(kind.slice(0, 40))}`);
      }
    }
    return this.errors.length === errorsBefore;
  }

  fields(path: string, v: Json, depth: number): void {
    const list = this.array(path, v, MAX_ABI_ITEMS);
    if (list === undefined) return;
    const names: string[] = [];
    list.forEach((f, i) => {
      const o = this.object(`${path}[${i}]`, f, ['name', 'type', 'optional']);
      if (o === undefined) return;
      if (this.name(`${path}[${i}].name`, o['name'])) names.push(o['name']);
      if (this.type(`${path}[${i}].type`, o['type'], depth + 1) && (o['type'] as AbiType).kind === 'optional') {
        this.fail(`${path}[${i}].type`, 'an optional field is written as optional: true with the inner type');
      }
      this.bool(`${path}[${i}].optional`, o['optional']);
    });
    this.unique(path, names, 'field');
  }

  params(path: string, v: Json): void {
    const list = this.array(path, v, MAX_ABI_ITEMS);
    if (list === undefined) return;
    const names: string[] = [];
    list.forEach((p, i) => {
      const o = this.object(`${path}[${i}]`, p, ['name', 'type']);
      if (o === undefined) return;
      if (this.name(`${path}[${i}].name`, o['name'])) names.push(o['name']);
      this.type(`${path}[${i}].type`, o['type'], 0);
    });
    this.unique(path, names, 'parameter');
  }

  term(path: string, v: Json, depth: number, sealed: number, pub: number): void {
    if (depth > MAX_TYPE_DEPTH) {
      this.fail(path, `relation nesting deeper than ${MAX_TYPE_DEPTH}`);
      return;
    }
    const kind = typeof v === 'object' && v !== null ? (v as Record<string, Json>)['kind'] : undefined;
    switch (kind) {
      case 'sealed':
      case 'public': {
        const o = this.object(path, v, ['kind', 'index']);
        if (o !== undefined) this.int(`${path}.index`, o['index'], 0, (kind === 'sealed' ? sealed : pub) - 1);
        return;
      }
      case 'const': {
        const o = this.object(path, v, ['kind', 'value']);
        if (o !== undefined) this.string(`${path}.value`, o['value'], DECIMAL, 512, 'a canonical decimal');
        return;
      }
      case 'add':
      case 'sub':
      case 'mul':
      case 'div': {
        const o = this.object(path, v, ['kind', 'left', 'right']);
        if (o !== undefined) {
          this.term(`${path}.left`, o['left'], depth + 1, sealed, pub);
          this.term(`${path}.right`, o['right'], depth + 1, sealed, pub);
        }
        return;
      }
      default:
        this.fail(path, `expected a relation term, got ${describe(v)}`);
    }
  }
}

function describe(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.slice(0, 40))}${v.length > 40 ? '…' : ''}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

function article(kind: string): string {
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
}

function isSorted(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (compareStrings(values[i - 1] as string, values[i] as string) >= 0) return false;
  return true;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function containsSealed(t: AbiType, types: Abi['types'], seen: Set<string> = new Set()): boolean {
  switch (t.kind) {
    case 'sealed': return true;
    case 'array': return containsSealed(t.element, types, seen);
    case 'map': return containsSealed(t.value, types, seen);
    case 'optional': return containsSealed(t.inner, types, seen);
    case 'record':
    case 'event': {
      if (seen.has(t.name)) return false;
      seen.add(t.name);
      const def = Object.prototype.hasOwnProperty.call(types, t.name) ? types[t.name] : undefined;
      return def !== undefined && def.kind !== 'enum' && def.fields.some((f) => containsSealed(f.type, types, seen));
    }
    default: return false;
  }
}

function checkAbi(c: Checker, v: Json): void {
  const abi = c.object('abi', v, ['contract', 'constructor', 'entries', 'events', 'state', 'types', 'relations']);
  if (abi === undefined) return;
  c.name('abi.contract', abi['contract']);

  const ctor = c.object('abi.constructor', abi['constructor'], ['params']);
  if (ctor !== undefined) c.params('abi.constructor.params', ctor['params']);

  // Named types first, so that references can be resolved. Any identifier may be a type name.
  const rawTypes = abi['types'];
  const typesObj = typeof rawTypes === 'object' && rawTypes !== null && !Array.isArray(rawTypes) ? (rawTypes as Record<string, Json>) : undefined;
  if (typesObj === undefined) c.fail('abi.types', `expected an object, got ${describe(rawTypes)}`);
  const typeKinds = new Map<string, string>();
  if (typesObj !== undefined) {
    const names = Object.keys(typesObj);
    if (names.length > MAX_ABI_ITEMS) c.fail('abi.types', `expected at most ${MAX_ABI_ITEMS} types`);
    else if (!isSorted(names)) c.fail('abi.types', 'type names must be in sorted order');
    for (const name of names) {
      const path = `abi.types.${name.slice(0, 80)}`;
      if (!c.name(path, name)) continue;
      const def = typesObj[name];
      const kind = typeof def === 'object' && def !== null ? (def as Record<string, Json>)['kind'] : undefined;
      if (kind === 'record' || kind === 'event') {
        const o = c.object(path, def, ['kind', 'fields']);
        if (o !== undefined) c.fields(`${path}.fields`, o['fields'], 0);
      } else if (kind === 'enum') {
        const o = c.object(path, def, ['kind', 'members']);
        const members = o === undefined ? undefined : c.array(`${path}.members`, o['members'], MAX_ABI_ITEMS);
        if (members !== undefined) {
          if (members.length === 0) c.fail(`${path}.members`, 'expected at least one member');
          members.forEach((m, i) => c.name(`${path}.members[${i}]`, m));
          if (members.every((m) => typeof m === 'string')) c.unique(`${path}.members`, members as string[], 'member');
        }
      } else {
        c.fail(path, `expected a type definition of kind "record", "event" or "enum", got ${describe(kind)}`);
        continue;
      }
      typeKinds.set(name, kind);
    }
  }

  const entries = c.array('abi.entries', abi['entries'], MAX_ABI_ITEMS);
  const stateList = c.array('abi.state', abi['state'], MAX_ABI_ITEMS);
  const stateNames = new Map<string, AbiType>();
  if (stateList !== undefined) {
    stateList.forEach((s, i) => {
      const path = `abi.state[${i}]`;
      const o = c.object(path, s, ['name', 'index', 'type', 'key', 'sealed', 'readonly']);
      if (o === undefined) return;
      const named = c.name(`${path}.name`, o['name']);
      c.int(`${path}.index`, o['index'], i, i);
      const typed = c.type(`${path}.type`, o['type'], 0);
      c.bool(`${path}.sealed`, o['sealed']);
      c.bool(`${path}.readonly`, o['readonly']);
      if (named && typed) {
        const t = o['type'] as AbiType;
        const expectedKey = t.kind === 'map' ? mapStatePrefix(o['name'] as string) : stateKey(o['name'] as string);
        if (o['key'] !== expectedKey) c.fail(`${path}.key`, `expected ${JSON.stringify(expectedKey)}, got ${describe(o['key'])}`);
        if (stateNames.has(o['name'] as string)) c.fail(`${path}.name`, `duplicate state field "${o['name'] as string}"`);
        stateNames.set(o['name'] as string, t);
      }
    });
  }

  if (entries !== undefined) {
    const names: string[] = [];
    entries.forEach((e, i) => {
      const path = `abi.entries[${i}]`;
      const o = c.object(path, e, ['name', 'kind', 'params', 'returns'], ['trigger']);
      if (o === undefined) return;
      if (c.name(`${path}.name`, o['name'])) names.push(o['name']);
      const kind = o['kind'];
      if (kind !== 'entry' && kind !== 'view' && kind !== 'trigger') c.fail(`${path}.kind`, `expected "entry", "view" or "trigger", got ${describe(kind)}`);
      c.params(`${path}.params`, o['params']);
      c.type(`${path}.returns`, o['returns'], 0, true);
      if ((kind === 'trigger') !== (o['trigger'] !== undefined)) c.fail(path, 'a trigger entry has "trigger", other entries do not');
      if (o['trigger'] !== undefined) checkTrigger(c, `${path}.trigger`, o['trigger'], stateNames);
    });
    c.unique('abi.entries', names, 'entry');
  }

  const events = c.array('abi.events', abi['events'], MAX_ABI_ITEMS);
  if (events !== undefined) {
    events.forEach((e, i) => {
      if (c.name(`abi.events[${i}]`, e) && typeKinds.get(e) !== 'event') c.fail(`abi.events[${i}]`, `"${e}" is not an event type in abi.types`);
    });
    if (events.every((e) => typeof e === 'string')) {
      c.unique('abi.events', events as string[], 'event');
      if (!isSorted(events as string[])) c.fail('abi.events', 'event names must be sorted');
    }
  }

  const relations = c.array('abi.relations', abi['relations'], MAX_ABI_ITEMS);
  if (relations !== undefined) {
    relations.forEach((r, i) => {
      const path = `abi.relations[${i}]`;
      const o = c.object(path, r, ['index', 'text', 'op', 'left', 'right', 'valueType', 'sealed', 'public']);
      if (o === undefined) return;
      c.int(`${path}.index`, o['index'], i, i);
      c.string(`${path}.text`, o['text'], undefined, MAX_TEXT_LENGTH);
      if (!['<', '<=', '>', '>=', '=='].includes(o['op'] as string)) c.fail(`${path}.op`, `expected a comparison operator, got ${describe(o['op'])}`);
      const sealedOk = c.int(`${path}.sealed`, o['sealed'], 0, MAX_ABI_ITEMS);
      const pub = c.array(`${path}.public`, o['public'], MAX_ABI_ITEMS);
      pub?.forEach((t, j) => c.type(`${path}.public[${j}]`, t, 0));
      if (c.type(`${path}.valueType`, o['valueType'], 0) && !['int', 'decimal', 'money'].includes((o['valueType'] as AbiType).kind)) {
        c.fail(`${path}.valueType`, 'expected a numeric type');
      }
      const ns = sealedOk ? (o['sealed'] as number) : 0;
      const np = pub?.length ?? 0;
      c.term(`${path}.left`, o['left'], 0, ns, np);
      c.term(`${path}.right`, o['right'], 0, ns, np);
    });
  }

  for (const ref of c.refs) {
    const kind = typeKinds.get(ref.name);
    if (kind === undefined) c.fail(ref.path, `type "${ref.name}" is not defined in abi.types`);
    else if (kind !== ref.kind) c.fail(ref.path, `type "${ref.name}" is ${article(kind)}, not ${article(ref.kind)}`);
  }

  // `sealed` flags must agree with the types (the node uses them to find ciphertext).
  if (stateList !== undefined && c.errors.length === 0) {
    for (const s of stateList as AbiStateField[]) {
      if (s.sealed !== containsSealed(s.type, abi['types'] as Abi['types'])) c.fail(`abi.state[${s.index}].sealed`, `expected ${String(!s.sealed)}`);
    }
  }
}

function checkTrigger(c: Checker, path: string, v: Json, state: ReadonlyMap<string, AbiType>): void {
  const kind = typeof v === 'object' && v !== null ? (v as Record<string, Json>)['kind'] : undefined;
  const field = (p: string, name: Json): void => {
    if (c.name(p, name) && !state.has(name)) c.fail(p, `"${name}" is not a state field`);
  };
  if (kind === 'event') {
    const o = c.object(path, v, ['kind', 'source', 'event']);
    if (o !== undefined) {
      field(`${path}.source`, o['source']);
      c.name(`${path}.event`, o['event']);
    }
  } else if (kind === 'every') {
    const o = c.object(path, v, ['kind', 'period'], ['anchor']);
    if (o !== undefined) {
      c.string(`${path}.period`, o['period'], PERIOD, 64, 'an ISO 8601 period');
      if (o['anchor'] !== undefined) field(`${path}.anchor`, o['anchor']);
    }
  } else if (kind === 'at') {
    const o = c.object(path, v, ['kind'], ['date', 'field']);
    if (o !== undefined) {
      if ((o['date'] === undefined) === (o['field'] === undefined)) c.fail(path, 'expected exactly one of "date" and "field"');
      if (o['date'] !== undefined) c.string(`${path}.date`, o['date'], DATE, 10, 'a date YYYY-MM-DD');
      if (o['field'] !== undefined) field(`${path}.field`, o['field']);
    }
  } else {
    c.fail(path, `expected a trigger of kind "event", "every" or "at", got ${describe(kind)}`);
  }
}

/**
 * Validates an untrusted, already-parsed artifact: every field's type, shape and size, the hashes
 * (`codeHash`, `sourceHash` from `sources`), the ABI (descriptors, names, references, duplicates)
 * and the span map. Unknown fields anywhere are rejected. Never throws.
 * @example
 * const r = validateArtifact(JSON.parse(text));
 * if (!r.ok) reject(r.errors.join('; '));
 */
export function validateArtifact(json: unknown): ValidateArtifactResult {
  const c = new Checker();
  try {
    const a = c.object('artifact', json, ['format', 'compiler', 'contract', 'sourceHash', 'code', 'codeHash', 'abi', 'gasSchedule', 'hostApi', 'spans', 'sources']);
    if (a === undefined) return { ok: false, errors: c.errors };
    c.literal('format', a['format'], ARTIFACT_FORMAT);
    const comp = c.object('compiler', a['compiler'], ['version']);
    if (comp !== undefined) c.string('compiler.version', comp['version'], VERSION, 64, 'a version string');
    c.name('contract', a['contract']);
    c.literal('gasSchedule', a['gasSchedule'], GAS_SCHEDULE_VERSION);
    c.literal('hostApi', a['hostApi'], HOST_API_VERSION);
    if (c.string('code', a['code'], undefined, MAX_CODE_BYTES)) {
      if (utf8Length(a['code']) > MAX_CODE_BYTES) c.fail('code', `larger than ${MAX_CODE_BYTES} bytes`);
      else if (c.string('codeHash', a['codeHash'], HEX64, 64, 'a sha256 hex digest') && codeHashOf(a['code']) !== a['codeHash']) {
        c.fail('codeHash', 'does not match the code');
      }
    }

    const sources = c.array('sources', a['sources'], MAX_SOURCES);
    let sourcesOk = sources !== undefined;
    sources?.forEach((s, i) => {
      const o = c.object(`sources[${i}]`, s, ['path', 'hash']);
      const ok = o !== undefined && c.string(`sources[${i}].path`, o['path'], /^[^\0]+$/, MAX_PATH_LENGTH, 'a path') && c.string(`sources[${i}].hash`, o['hash'], HEX64, 64, 'a sha256 hex digest');
      sourcesOk &&= ok;
    });
    if (sources !== undefined && sourcesOk) {
      const paths = (sources as SourceEntry[]).map((s) => s.path);
      if (!isSorted(paths)) c.fail('sources', 'paths must be unique and sorted');
      else if (c.string('sourceHash', a['sourceHash'], HEX64, 64, 'a sha256 hex digest') && sourceHashOf(sources as SourceEntry[]) !== a['sourceHash']) {
        c.fail('sourceHash', 'does not match sources');
      }
    } else {
      c.string('sourceHash', a['sourceHash'], HEX64, 64, 'a sha256 hex digest');
    }

    const spans = c.array('spans', a['spans'], MAX_SITES);
    spans?.forEach((s, i) => {
      const o = c.object(`spans[${i}]`, s, ['site', 'file', 'start', 'end', 'line', 'column']);
      if (o === undefined) return;
      c.int(`spans[${i}].site`, o['site'], i, i);
      c.int(`spans[${i}].file`, o['file'], 0, Math.max(0, (sources?.length ?? 0) - 1));
      if (c.int(`spans[${i}].start`, o['start'], 0, 2 ** 31)) c.int(`spans[${i}].end`, o['end'], o['start'] as number, 2 ** 31);
      c.int(`spans[${i}].line`, o['line'], 1, 2 ** 31);
      c.int(`spans[${i}].column`, o['column'], 1, 2 ** 31);
      if (sources !== undefined && sources.length === 0) c.fail(`spans[${i}].file`, 'no sources to refer to');
    });

    checkAbi(c, a['abi']);
    if (c.errors.length === 0 && (a['abi'] as Abi).contract !== a['contract']) c.fail('abi.contract', 'does not match "contract"');
    if (c.errors.length > 0) return { ok: false, errors: c.errors };
    // Re-encode through canonical JSON: the result holds no shared or prototype-bearing objects.
    return { ok: true, artifact: JSON.parse(canonicalJson(a)) as ContractArtifact };
  } catch (e) {
    return { ok: false, errors: [...c.errors, `artifact: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

export interface DecodeArtifactOptions {
  /** Also require `text` to be the canonical encoding (so that its bytes hash like the artifact). */
  readonly canonical?: boolean;
}

/**
 * Parses and validates artifact text (size-capped before parsing).
 * @example const r = decodeArtifact(await readFile(path, 'utf8'));
 */
export function decodeArtifact(text: string, options: DecodeArtifactOptions = {}): ValidateArtifactResult {
  if (typeof text !== 'string') return { ok: false, errors: ['artifact: expected text'] };
  if (text.length > MAX_ARTIFACT_CHARS) return { ok: false, errors: [`artifact: larger than ${MAX_ARTIFACT_CHARS} characters`] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`artifact: invalid JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  const r = validateArtifact(json);
  if (r.ok && options.canonical === true && encodeArtifact(r.artifact) !== text) return { ok: false, errors: ['artifact: not in canonical encoding'] };
  return r;
}
