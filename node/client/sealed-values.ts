/**
 * Sealed values on the client (issue 5, docs/privacy.md "Sealed values on the wire"): turns a
 * plain contract value into the opaque `Sealed<T>` JSON a contract stores, and back for a reader
 * that holds the field's data key.
 *
 * Wire form of a `Sealed<T>` argument (what the contract keeps in state and emits):
 * `{"v":1,"record":R,"field":F,"envelope":"<hex>"[,"commitment":"<hex>","range":"<hex>"]}`. `envelope` is a
 * `runtime/crypto` field envelope whose associated data binds the contract address, `R`, `F`, the
 * schema version and the key version (CRY-04). Numeric `T` (`Int`, `Decimal`, `Money`) also carry
 * a Pedersen commitment to the value scaled to an integer (money in minor units, Int as is,
 * Decimal at 10^6: the exponents of `zk.commitmentExponent`), so relations can be proven over it;
 * the same commitment is inside the envelope (authenticated) and the reader checks both that the
 * two agree and that the decrypted opening opens it. Numbers also carry `"range"`, the commitment's
 * range certificate (`zk.proveSealedRange`: a 64-bit Bulletproof that the commitment opens to a
 * value in `[0, 2^64)`, bound to the commitment only, so it stays valid when the value is passed
 * on). The runtime refuses a sealed number without a valid one (`RT_ERR_SEALED_RANGE`); making it
 * costs about 0.3 s per value.
 *
 * Plaintext: UTF-8 canonical JSON `{"value":<wire value>}`, plus `"blinding":"<64 hex, LE>"` for
 * numbers, so a grantee can check the value against the commitment.
 *
 * `record` and `field` travel in the clear (they say where the value belongs, and readers need
 * them to rebuild the associated data), but a reader never trusts them: it passes the record and
 * field it expects, and a value moved elsewhere fails (`SEAL_ERR_AUTH_FAILED` or
 * `SEAL_ERR_BINDING`).
 *
 * It does NOT fetch or manage keys (see `key-registry.ts`), and it never sends anything.
 * @module
 */
import type { AbiType } from '../../compiler/artifact.ts';
import { sealing, zk } from '../../runtime/index.ts';
import { CURRENCIES } from '../../stdlib/index.ts';
import type { JsonValue } from '../types/index.ts';
import { type AbiTypes, type SealedValue, decodeValue, encodeValue } from './values.ts';

/** Version of the sealed-value JSON (`"v"`). */
export const SEALED_VALUE_VERSION = 1;
/** Schema version bound into every envelope unless the caller says otherwise. */
export const DEFAULT_SCHEMA_VERSION = 1;

/** Where a sealed value belongs: the AEAD binding (contract, record, field, schema version). */
export interface SealedFieldRef {
  /** Contract address, 40 lower-case hex digits. */
  readonly contract: string;
  /** Record id inside the contract, chosen by the owner (`policy/P-1`, `loan/L-0001`). */
  readonly record: string;
  /** Field path inside the record (`insuredName`, `balance`). */
  readonly field: string;
  /** Defaults to {@link DEFAULT_SCHEMA_VERSION}. */
  readonly schemaVersion?: number;
}

/** Parameters of {@link sealValue}. */
export interface SealValueParameters extends SealedFieldRef {
  /** `T` of `Sealed<T>` (the `inner` of the ABI's `{"kind":"sealed"}` descriptor). */
  readonly type: AbiType;
  /** Named types of the ABI, for records and enums inside `T`. */
  readonly types?: AbiTypes;
  /** The value, in any form `encodeValue` accepts. */
  readonly value: unknown;
  /** The field's current key version (from the key registry). */
  readonly keyVersion: number;
  /** The field's data key for that version. */
  readonly dataKey: Uint8Array;
  /** Blinding to commit with (numbers only); fresh and random when absent. */
  readonly blinding?: bigint;
}

/** What {@link sealValue} returns. */
export interface SealedResult {
  /** The `Sealed<T>` argument for the contract. */
  readonly sealed: SealedValue;
  /** For numbers: the commitment's opening (keep it to prove relations over the value). */
  readonly opening?: zk.Opening;
  /** For numbers: the commitment, lower-case hex. */
  readonly commitment?: string;
  /** For numbers: the commitment's range certificate, lower-case hex (also in `sealed.range`). */
  readonly range?: string;
}

/** Parameters of {@link openSealedValue}. */
export interface OpenSealedParameters extends SealedFieldRef {
  readonly sealed: unknown;
  readonly type: AbiType;
  readonly types?: AbiTypes;
  /** The key version the reader expects (the registry's current one, or an older one on purpose). */
  readonly keyVersion: number;
  readonly dataKey: Uint8Array;
}

/** What a reader gets from {@link openSealedValue}. */
export interface OpenedValue {
  /** The canonical wire JSON of the value. */
  readonly wire: JsonValue;
  /** The value decoded as the client decodes contract values (bigint Int, `{amount, currency}` Money, …). */
  readonly value: unknown;
  /** For numbers: the opening, checked against the commitment. */
  readonly opening?: zk.Opening;
}

/** True when `Sealed<T>` of this `T` carries a commitment (Int, Decimal, Money). */
export function isNumericSealed(t: AbiType): boolean {
  return t.kind === 'int' || t.kind === 'decimal' || t.kind === 'money';
}

/**
 * The integer a numeric value is committed as: Int as is, Decimal × 10^6, Money in minor units
 * (exact; a Decimal with more than 6 fraction digits is refused). Must lie in [0, 2^64).
 */
export function committedInteger(t: AbiType, wire: JsonValue): bigint {
  let text: string;
  let exponent: number;
  if (t.kind === 'money') {
    const m = wire as { amount: string; currency: string };
    text = m.amount;
    const e = CURRENCIES[m.currency];
    if (e === undefined) throw fail('SEAL_ERR_INVALID_ARGUMENT', `unknown currency ${JSON.stringify(m.currency)}`);
    exponent = e;
  } else if (t.kind === 'int' || t.kind === 'decimal') {
    text = wire as string;
    exponent = t.kind === 'int' ? 0 : zk.DECIMAL_COMMITMENT_EXPONENT;
  } else {
    throw fail('SEAL_ERR_INVALID_ARGUMENT', `a ${t.kind} carries no commitment`);
  }
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (m === null) throw fail('SEAL_ERR_INVALID_ARGUMENT', `not a decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  if (frac.replace(/0+$/, '').length > exponent) throw fail('SEAL_ERR_INVALID_ARGUMENT', `${text} has more than ${exponent} fraction digits: it cannot be committed exactly`);
  const v = BigInt(m[2] as string + frac.padEnd(exponent, '0').slice(0, exponent)) * (m[1] === '-' ? -1n : 1n);
  if (v < 0n || v >= zk.VALUE_LIMIT) throw fail('SEAL_ERR_INVALID_ARGUMENT', `a sealed number must lie in [0, 2^64) once scaled, got ${text}`);
  return v;
}

/**
 * Seals one value for one field of one record: encodes it by its ABI type, commits to it and
 * certifies the commitment's range when it is a number, and encrypts it under the field's data key
 * (fresh random nonce).
 * @example
 * const { sealed, opening } = sealValue({ contract, record: 'claim/C-1', field: 'amount',
 *   type: { kind: 'money', currency: 'USD' }, value: { amount: '125000.00', currency: 'USD' }, keyVersion: 1, dataKey });
 */
export function sealValue(p: SealValueParameters): SealedResult {
  const wire = encodeValue(p.type, p.value, p.types ?? {}, p.field);
  const schemaVersion = p.schemaVersion ?? DEFAULT_SCHEMA_VERSION;
  let opening: zk.Opening | undefined;
  let commitment: Uint8Array | undefined;
  const plain: Record<string, JsonValue> = { value: wire };
  if (isNumericSealed(p.type)) {
    const value = committedInteger(p.type, wire);
    const blinding = p.blinding ?? zk.randomScalar();
    opening = { value, blinding };
    commitment = zk.encodePoint(zk.commit(value, blinding));
    plain['blinding'] = hex(zk.encodeScalar(blinding));
  }
  const envelope = sealing.sealField({
    dataKey: p.dataKey,
    keyVersion: p.keyVersion,
    binding: { contract: p.contract, recordId: p.record, fieldPath: p.field, schemaVersion },
    plaintext: new TextEncoder().encode(canonical(plain)),
    ...(commitment === undefined ? {} : { commitment }),
  });
  // Keys in sorted order, as the contract keeps the value (canonical JSON), so what a client
  // prints is what ends up in state.
  if (commitment === undefined || opening === undefined) return { sealed: { envelope: hex(envelope), field: p.field, record: p.record, v: SEALED_VALUE_VERSION } };
  const range = hex(zk.proveSealedRange(commitment, opening));
  const sealed: Record<string, JsonValue> = { commitment: hex(commitment), envelope: hex(envelope), field: p.field, range, record: p.record, v: SEALED_VALUE_VERSION };
  return { sealed, opening, commitment: hex(commitment), range };
}

/**
 * Opens a sealed value as a reader: checks it is a v1 sealed value for the record and field the
 * reader expects (`SEAL_ERR_BINDING`), opens the envelope under the expected key version with the
 * associated data rebuilt from the reader's own binding (`SEAL_ERR_KEY_VERSION`,
 * `SEAL_ERR_AUTH_FAILED`), decodes the value by its type, and for numbers checks that the outer
 * commitment equals the authenticated one and that the decrypted opening opens it
 * (`SEAL_ERR_COMMITMENT_MISMATCH`). It does not check the `"range"` certificate (the runtime does,
 * when the value enters a contract; `zk.verifySealedRange` checks it by hand).
 */
export function openSealedValue(p: OpenSealedParameters): OpenedValue {
  const s = p.sealed;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw fail('SEAL_ERR_MALFORMED', 'a sealed value is a JSON object');
  const o = s as Record<string, unknown>;
  if (o['v'] !== SEALED_VALUE_VERSION || typeof o['envelope'] !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(o['envelope'])) {
    throw fail('SEAL_ERR_MALFORMED', 'not a version-1 sealed value with a hex "envelope"');
  }
  if (o['record'] !== p.record || o['field'] !== p.field) {
    throw fail('SEAL_ERR_BINDING', `the value says it belongs to ${JSON.stringify(o['record'])}/${JSON.stringify(o['field'])}, the reader expects ${JSON.stringify(p.record)}/${JSON.stringify(p.field)}`);
  }
  const numeric = isNumericSealed(p.type);
  let opening: zk.Opening | undefined;
  const opened = sealing.openField({
    dataKey: p.dataKey,
    expectedKeyVersion: p.keyVersion,
    binding: { contract: p.contract, recordId: p.record, fieldPath: p.field, schemaVersion: p.schemaVersion ?? DEFAULT_SCHEMA_VERSION },
    envelope: Buffer.from(o['envelope'], 'hex'),
  });
  let plain: Record<string, unknown>;
  try {
    plain = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(opened.plaintext)) as Record<string, unknown>;
  } catch (cause) {
    throw fail('SEAL_ERR_MALFORMED', 'the plaintext is not JSON', cause);
  }
  if (typeof plain !== 'object' || plain === null || !('value' in plain)) throw fail('SEAL_ERR_MALFORMED', 'the plaintext has no "value"');
  const wire = plain['value'] as JsonValue;
  const value = decodeValue(p.type, wire, p.types ?? {}, p.field);
  if (numeric) {
    const outer = o['commitment'];
    const inner = opened.commitment === undefined ? undefined : hex(opened.commitment);
    if (typeof outer !== 'string' || inner === undefined || outer !== inner) throw fail('SEAL_ERR_COMMITMENT_MISMATCH', 'the visible commitment is not the one sealed with the value');
    const b = plain['blinding'];
    if (typeof b !== 'string' || !/^[0-9a-f]{64}$/.test(b)) throw fail('SEAL_ERR_MALFORMED', 'a sealed number carries its blinding');
    opening = { value: committedInteger(p.type, wire), blinding: zk.decodeScalar(Buffer.from(b, 'hex'), 'blinding') };
    if (!zk.openCommitment(Buffer.from(inner, 'hex'), opening)) throw fail('SEAL_ERR_COMMITMENT_MISMATCH', 'the decrypted value does not open the commitment');
  } else if (opened.commitment !== undefined || o['commitment'] !== undefined || o['range'] !== undefined) {
    throw fail('SEAL_ERR_MALFORMED', 'only numbers carry a commitment');
  }
  return { wire, value, ...(opening === undefined ? {} : { opening }) };
}

/** The key version of a sealed value's envelope (public header data), or undefined when malformed. */
export function sealedKeyVersion(sealed: unknown): number | undefined {
  if (typeof sealed !== 'object' || sealed === null) return undefined;
  const e = (sealed as Record<string, unknown>)['envelope'];
  if (typeof e !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(e)) return undefined;
  try {
    return sealing.decodeEnvelope(Buffer.from(e, 'hex')).keyVersion;
  } catch {
    return undefined;
  }
}

/** Canonical JSON: keys sorted at every level (the plaintext must have one encoding). */
function canonical(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, JsonValue>)[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function fail(code: sealing.SealErrorCode, message: string, cause?: unknown): sealing.SealError {
  return new sealing.SealError(code, message, cause === undefined ? undefined : { cause });
}
