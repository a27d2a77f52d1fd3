/**
 * Range certificates at the contract boundary (issue 5, docs/privacy.md "Range certificates"): the
 * host finds every sealed number (`Sealed<Int>`, `Sealed<Decimal>`, `Sealed<Money>`, possibly inside
 * arrays, maps, optionals and records) in the values entering a contract from outside — the
 * arguments of `init`, `entry` and `trigger` executions, the arguments of every cross-contract call,
 * and the return value a cross-contract call hands back — and verifies its `"range"` certificate
 * (`zk.verifySealedRange`) against its `"commitment"` before any of it reaches the isolate. Relation
 * proofs (`zk/relations.ts`, wire v3) rely on this: they no longer range-prove sealed operands.
 *
 * Gas is deterministic: {@link SEALED_RANGE_GAS} per sealed number found, charged in full before
 * the first certificate is checked, whatever the process-local verdict cache answers. The cache
 * (keyed by SHA-256 of commitment ‖ certificate) only saves time: a verdict is a pure function of
 * those bytes, so it never changes a result.
 *
 * The walk follows the ABI type, not the value: where the value does not have the type's shape
 * (a sealed number that is not an object, an array where a record belongs) it stops, and the
 * prelude refuses the value (`RT_ERR_INVALID_ARGUMENT`). Every object in a sealed-number position
 * is checked, so nothing the prelude accepts as a sealed number goes unchecked.
 *
 * Does NOT look inside non-numeric sealed values (they carry no commitment) and does NOT decode
 * values (the prelude does).
 * @module
 */
import { createHash } from 'node:crypto';
import type { Abi, AbiType } from '../compiler/artifact.ts';
import { verifySealedRange } from './zk/sealed-range.ts';

/** Gas per sealed-number certificate checked at a contract boundary (`SEALED_RANGE` in docs/artifact.md, Gas). */
export const SEALED_RANGE_GAS = 50_000;
/** Deepest value nesting the walk follows (the boundary's own cap, `MAX_ARGUMENT_DEPTH`). */
const MAX_DEPTH = 64;
/** Verdicts kept; beyond it the cache is cleared. */
const MAX_CACHE = 65_536;

/** A sealed number found in a value: where, and the raw JSON object. */
export interface SealedNumber {
  /** `args[0].amount`, `args[1][2]`, `return.total`. */
  readonly path: string;
  readonly value: Record<string, unknown>;
}

/** Outcome of {@link checkSealedNumbers}. */
export type SealedCheckResult =
  | { readonly ok: true; readonly gas: number }
  | { readonly ok: false; readonly code: 'RT_ERR_OUT_OF_GAS' | 'RT_ERR_SEALED_RANGE'; readonly message: string; readonly gas: number };

const NUMERIC = new Set(['int', 'decimal', 'money']);

class TooDeep {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(types: Abi['types'], t: AbiType, v: unknown, path: string, depth: number, out: SealedNumber[]): void {
  if (depth > MAX_DEPTH) throw new TooDeep(path);
  switch (t.kind) {
    case 'sealed':
      if (NUMERIC.has(t.inner.kind) && isObject(v)) out.push({ path, value: v });
      return;
    case 'array':
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) walk(types, t.element, v[i], `${path}[${i}]`, depth + 1, out);
      return;
    case 'map':
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) {
        const e = v[i] as unknown;
        if (!Array.isArray(e) || e.length !== 2) continue;
        walk(types, t.key, e[0], `${path}[${i}][0]`, depth + 1, out);
        walk(types, t.value, e[1], `${path}[${i}][1]`, depth + 1, out);
      }
      return;
    case 'optional':
      if (v !== null && v !== undefined) walk(types, t.inner, v, path, depth + 1, out);
      return;
    case 'record':
    case 'event': {
      const def = Object.prototype.hasOwnProperty.call(types, t.name) ? types[t.name] : undefined;
      if (def === undefined || def.kind === 'enum' || !isObject(v)) return;
      for (const f of def.fields) {
        if (Object.prototype.hasOwnProperty.call(v, f.name)) walk(types, f.type, v[f.name], `${path}.${f.name}`, depth + 1, out);
      }
      return;
    }
    default:
      return;
  }
}

/** A value to search and its ABI type; `path` names it in messages (`args[0]`, `return`). */
export interface TypedValue {
  readonly type: AbiType;
  readonly value: unknown;
  readonly path: string;
}

/**
 * Every sealed number in `items`, in order, or the path of a value nested deeper than the
 * boundary allows (64 levels) in a position where the type goes on.
 */
export function findSealedNumbers(types: Abi['types'], items: readonly TypedValue[]): { readonly found: SealedNumber[] } | { readonly tooDeep: string } {
  const out: SealedNumber[] = [];
  try {
    for (const it of items) walk(types, it.type, it.value, it.path, 1, out);
  } catch (e) {
    if (e instanceof TooDeep) return { tooDeep: e.path };
    throw e;
  }
  return { found: out };
}

/** Whether values of `t` can hold a sealed number (the walk is skipped otherwise). */
export function holdsSealedNumber(t: AbiType, types: Abi['types'], seen: Set<string> = new Set()): boolean {
  switch (t.kind) {
    case 'sealed': return NUMERIC.has(t.inner.kind);
    case 'array': return holdsSealedNumber(t.element, types, seen);
    case 'map': return holdsSealedNumber(t.key, types, seen) || holdsSealedNumber(t.value, types, seen);
    case 'optional': return holdsSealedNumber(t.inner, types, seen);
    case 'record':
    case 'event': {
      if (seen.has(t.name)) return false;
      seen.add(t.name);
      const def = Object.prototype.hasOwnProperty.call(types, t.name) ? types[t.name] : undefined;
      return def !== undefined && def.kind !== 'enum' && def.fields.some((f) => holdsSealedNumber(f.type, types, seen));
    }
    default: return false;
  }
}

/**
 * Finds and checks the sealed numbers of `items` within `gasLimit` ({@link checkSealedNumbers});
 * a value nested too deep to search is `RT_ERR_SEALED_RANGE` with no gas.
 */
export function checkSealedValues(types: Abi['types'], items: readonly TypedValue[], gasLimit: number): SealedCheckResult {
  const f = findSealedNumbers(types, items);
  if ('tooDeep' in f) return { ok: false, code: 'RT_ERR_SEALED_RANGE', message: `${f.tooDeep}: nested too deep to check its sealed numbers`, gas: 0 };
  return checkSealedNumbers(f.found, gasLimit);
}

const cache = new Map<string, string | true>();

/** The certificate verdict: `true` or why it failed (cached by SHA-256 of commitment ‖ certificate). */
function verdict(commitment: string, certificate: string): string | true {
  const key = createHash('sha256').update(commitment).update('\0').update(certificate).digest('hex');
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const r = verifySealedRange(commitment, certificate);
  const v = r.ok ? true : `${r.code}: ${r.message}`;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, v);
  return v;
}

/**
 * Checks the certificates of `found` (in order) within `gasLimit`: `SEALED_RANGE_GAS` each,
 * charged up front. More than the limit: `RT_ERR_OUT_OF_GAS` (gas = the limit, nothing checked).
 * A sealed number without a 64-hex-digit `"commitment"` and a valid `"range"` certificate for it:
 * `RT_ERR_SEALED_RANGE` naming its path (gas = the full charge).
 */
export function checkSealedNumbers(found: readonly SealedNumber[], gasLimit: number): SealedCheckResult {
  const gas = found.length * SEALED_RANGE_GAS;
  if (gas > gasLimit) return { ok: false, code: 'RT_ERR_OUT_OF_GAS', message: `out of gas checking ${found.length} sealed-number range certificates`, gas: gasLimit };
  for (const s of found) {
    const commitment = s.value['commitment'];
    const range = s.value['range'];
    if (typeof commitment !== 'string' || !/^[0-9a-f]{64}$/.test(commitment)) return { ok: false, code: 'RT_ERR_SEALED_RANGE', message: `${s.path}: a sealed number needs a 32-byte "commitment"`, gas };
    if (range === undefined) return { ok: false, code: 'RT_ERR_SEALED_RANGE', message: `${s.path}: the sealed number has no range certificate ("range")`, gas };
    if (typeof range !== 'string') return { ok: false, code: 'RT_ERR_SEALED_RANGE', message: `${s.path}: the range certificate must be hex text`, gas };
    const v = verdict(commitment, range);
    if (v !== true) return { ok: false, code: 'RT_ERR_SEALED_RANGE', message: `${s.path}: the range certificate does not verify (${v.split('\n')[0]})`, gas };
  }
  return { ok: true, gas };
}

/** Forgets every cached verdict (tests; results never depend on the cache). */
export function clearSealedRangeCache(): void {
  cache.clear();
}
