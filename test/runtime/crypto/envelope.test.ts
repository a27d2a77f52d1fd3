/** Sealed-field envelopes: round trips, binding (CRY-04), rollback, strict decoding, nonces (CRY-03). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENVELOPE_VERSION,
  MAX_COMMITMENT_BYTES,
  NONCE_BYTES,
  type SealBinding,
  decodeEnvelope,
  encodeEnvelope,
  envelopeAad,
  generateDataKey,
  openField,
  sealField,
} from '../../../runtime/crypto/envelope.ts';
import { SealError } from '../../../runtime/crypto/errors.ts';

const binding: SealBinding = { contract: 'cov1quotashare', recordId: 'policy-17', fieldPath: 'sumInsured', schemaVersion: 3 };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(SealError);
    return (e as SealError).code;
  }
}

describe('sealField() / openField()', () => {
  it('round-trips any plaintext, with and without a commitment (property)', () => {
    const dataKey = generateDataKey();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: undefined }), fc.integer({ min: 1, max: 0xffff_ffff }), (plaintext, commitment, keyVersion) => {
        const envelope = sealField({ dataKey, keyVersion, binding, plaintext, ...(commitment === undefined ? {} : { commitment }) });
        const r = openField({ dataKey, expectedKeyVersion: keyVersion, binding, envelope });
        expect(r.plaintext).toEqual(plaintext);
        expect(r.commitment).toEqual(commitment);
      }),
      { numRuns: 200 },
    );
  });

  it('CRY-04 refuses an envelope moved to another record, field, contract or schema version', () => {
    const dataKey = generateDataKey();
    const envelope = sealField({ dataKey, keyVersion: 1, binding, plaintext: text('250000.00 EUR') });
    for (const moved of [
      { ...binding, recordId: 'policy-18' },
      { ...binding, fieldPath: 'deductible' },
      { ...binding, contract: 'cov1other' },
      { ...binding, schemaVersion: 4 },
    ]) {
      expect(codeOf(() => openField({ dataKey, expectedKeyVersion: 1, binding: moved, envelope }))).toBe('SEAL_ERR_AUTH_FAILED');
    }
    expect(openField({ dataKey, expectedKeyVersion: 1, binding, envelope }).plaintext).toEqual(text('250000.00 EUR'));
  });

  it('CRY-04 refuses an envelope opened under any other binding (property)', () => {
    const dataKey = generateDataKey();
    const str = fc.string({ minLength: 1, maxLength: 12 });
    const arbBinding = fc.record({ contract: str, recordId: str, fieldPath: str, schemaVersion: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(arbBinding, arbBinding, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        const envelope = sealField({ dataKey, keyVersion: 1, binding: a, plaintext: text('v') });
        expect(codeOf(() => openField({ dataKey, expectedKeyVersion: 1, binding: b, envelope }))).toBe('SEAL_ERR_AUTH_FAILED');
      }),
      { numRuns: 200 },
    );
  });

  it('envelopeAad() matches the layout of docs/privacy-sealing.md byte for byte', () => {
    const lp = (hex: string): string => (hex.length / 2).toString(16).padStart(8, '0') + hex;
    const utf = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
    const expected =
      lp(utf('covenant/sealed-field/aad/v1')) + lp('01') + lp(utf('c')) + lp(utf('r')) + lp(utf('f.g')) + lp('00000003') + lp('00000002') + lp('abcd');
    const got = envelopeAad({ contract: 'c', recordId: 'r', fieldPath: 'f.g', schemaVersion: 3 }, 2, Uint8Array.of(0xab, 0xcd));
    expect(Buffer.from(got).toString('hex')).toBe(expected);
  });

  it('AAD is length-prefixed: shifting bytes between binding strings changes it', () => {
    const a = envelopeAad({ ...binding, recordId: 'ab', fieldPath: 'c' }, 1, undefined);
    const b = envelopeAad({ ...binding, recordId: 'a', fieldPath: 'bc' }, 1, undefined);
    expect(a).not.toEqual(b);
  });

  it('CRY-04 refuses a rolled-back key version: SEAL_ERR_KEY_VERSION, and auth fails if the header is rewritten', () => {
    const oldKey = generateDataKey();
    const old = sealField({ dataKey: oldKey, keyVersion: 1, binding, plaintext: text('old') });
    expect(codeOf(() => openField({ dataKey: oldKey, expectedKeyVersion: 2, binding, envelope: old }))).toBe('SEAL_ERR_KEY_VERSION');
    const rewritten = old.slice();
    rewritten[4] = 2; // claim key version 2 in the header
    expect(codeOf(() => openField({ dataKey: oldKey, expectedKeyVersion: 2, binding, envelope: rewritten }))).toBe('SEAL_ERR_AUTH_FAILED');
  });

  it('refuses the wrong data key', () => {
    const envelope = sealField({ dataKey: generateDataKey(), keyVersion: 1, binding, plaintext: text('x') });
    expect(codeOf(() => openField({ dataKey: generateDataKey(), expectedKeyVersion: 1, binding, envelope }))).toBe('SEAL_ERR_AUTH_FAILED');
  });

  it('refuses any single flipped bit in an envelope (property)', () => {
    const dataKey = generateDataKey();
    const envelope = sealField({ dataKey, keyVersion: 7, binding, plaintext: text('ACME Ltd'), commitment: new Uint8Array(32).fill(9) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: envelope.length * 8 - 1 }), (bit) => {
        const t = envelope.slice();
        t[bit >> 3] = (t[bit >> 3] as number) ^ (1 << (bit & 7));
        const code = codeOf(() => openField({ dataKey, expectedKeyVersion: 7, binding, envelope: t }));
        expect(['SEAL_ERR_AUTH_FAILED', 'SEAL_ERR_MALFORMED', 'SEAL_ERR_KEY_VERSION']).toContain(code);
      }),
      { numRuns: envelope.length * 8 },
    );
  });

  it('a swapped commitment fails authentication; the commitment hook can refuse a mismatch', () => {
    const dataKey = generateDataKey();
    const envelope = sealField({ dataKey, keyVersion: 1, binding, plaintext: text('100'), commitment: new Uint8Array(32).fill(1) });
    const swapped = envelope.slice();
    swapped.set(new Uint8Array(32).fill(2), 7);
    expect(codeOf(() => openField({ dataKey, expectedKeyVersion: 1, binding, envelope: swapped }))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => openField({ dataKey, expectedKeyVersion: 1, binding, envelope, checkCommitment: () => false }))).toBe('SEAL_ERR_COMMITMENT_MISMATCH');
    let seen: Uint8Array | undefined;
    openField({ dataKey, expectedKeyVersion: 1, binding, envelope, checkCommitment: (_v, c) => ((seen = c), true) });
    expect(seen).toEqual(new Uint8Array(32).fill(1));
  });

  it('CRY-03 never repeats a nonce across many seals under one key', () => {
    const dataKey = generateDataKey();
    const seen = new Set<string>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const e = decodeEnvelope(sealField({ dataKey, keyVersion: 1, binding, plaintext: text('same') }));
      expect(e.nonce.length).toBe(NONCE_BYTES);
      seen.add(Buffer.from(e.nonce).toString('hex'));
    }
    expect(seen.size).toBe(n);
  });

  it('refuses bad parameters with the field named', () => {
    const dataKey = generateDataKey();
    expect(() => sealField({ dataKey: new Uint8Array(16), keyVersion: 1, binding, plaintext: text('x') })).toThrow('"dataKey" expected 32 bytes, got 16');
    expect(codeOf(() => sealField({ dataKey, keyVersion: 0, binding, plaintext: text('x') }))).toBe('SEAL_ERR_INVALID_ARGUMENT');
    expect(codeOf(() => sealField({ dataKey, keyVersion: 1, binding, plaintext: text('x'), commitment: new Uint8Array(0) }))).toBe('SEAL_ERR_INVALID_ARGUMENT');
    expect(() => sealField({ dataKey, keyVersion: 1, binding: { ...binding, recordId: '\ud800' }, plaintext: text('x') })).toThrow('"recordId"');
    expect(() => sealField({ dataKey, keyVersion: 1, binding: { ...binding, fieldPath: '' }, plaintext: text('x') })).toThrow('"fieldPath"');
    expect(() => sealField({ dataKey, keyVersion: 1, binding: { ...binding, schemaVersion: -1 }, plaintext: text('x') })).toThrow('"schemaVersion"');
  });
});

describe('decodeEnvelope()', () => {
  const dataKey = generateDataKey();
  const envelope = sealField({ dataKey, keyVersion: 2, binding, plaintext: text('hello'), commitment: new Uint8Array(32) });

  it('is the inverse of encodeEnvelope() (canonical)', () => {
    expect(encodeEnvelope(decodeEnvelope(envelope))).toEqual(envelope);
    expect(envelope[0]).toBe(ENVELOPE_VERSION);
  });

  it('refuses every truncation with SEAL_ERR_MALFORMED or SEAL_ERR_AUTH_FAILED, never a plaintext', () => {
    for (let n = 0; n < envelope.length; n++) {
      const code = codeOf(() => openField({ dataKey, expectedKeyVersion: 2, binding, envelope: envelope.subarray(0, n) }));
      expect(['SEAL_ERR_MALFORMED', 'SEAL_ERR_AUTH_FAILED']).toContain(code);
    }
    expect(() => decodeEnvelope(envelope.subarray(0, 10))).toThrow(/envelope expected at least 47 bytes, got 10/);
  });

  it('refuses an unknown version, key version 0, and an oversized or overrunning commitment length', () => {
    const v = envelope.slice();
    v[0] = 2;
    expect(() => decodeEnvelope(v)).toThrow('envelope version expected 1, got 2');
    const k = envelope.slice();
    k.fill(0, 1, 5);
    expect(() => decodeEnvelope(k)).toThrow('key version 0');
    const big = envelope.slice();
    new DataView(big.buffer).setUint16(5, MAX_COMMITMENT_BYTES + 1);
    expect(() => decodeEnvelope(big)).toThrow(/commitment length 1025 exceeds 1024/);
    const over = envelope.slice();
    new DataView(over.buffer).setUint16(5, 200);
    expect(() => decodeEnvelope(over)).toThrow(/truncated/);
  });

  it('trailing bytes never open (they become part of the ciphertext and fail authentication)', () => {
    const t = new Uint8Array(envelope.length + 1);
    t.set(envelope);
    expect(codeOf(() => openField({ dataKey, expectedKeyVersion: 2, binding, envelope: t }))).toBe('SEAL_ERR_AUTH_FAILED');
  });
});
