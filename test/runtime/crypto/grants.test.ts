/** Grants: X25519 key hygiene (CRY-08), wrapping and unwrapping, revocation by rotation (CRY-05). */
import fc from 'fast-check';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  type FieldRef,
  SealError,
  WRAPPED_KEY_BYTES,
  assertEncryptionPublicKey,
  createFieldKeyState,
  generateDataKey,
  generateEncryptionKeyPair,
  grant,
  grantOf,
  openField,
  rotate,
  sealField,
  sharedSecret,
  unwrapDataKey,
  wrapDataKey,
} from '../../../runtime/crypto/index.ts';

const field: FieldRef = { contract: 'cov1abs', recordId: 'loan-0042', fieldPath: 'balance' };
const binding = { ...field, schemaVersion: 1 };
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

function le(u: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return out;
}
const P = (1n << 255n) - 19n;
/** Small-order u-coordinates (cr.yp.to/ecdh.html#validate), canonical and non-canonical forms. */
const SMALL_ORDER: Uint8Array[] = [
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
  P - 1n,
].map(le);
const NON_CANONICAL: Uint8Array[] = [P, P + 1n, (1n << 255n) - 1n].map(le);

describe('X25519 keys', () => {
  it('CRY-08 refuses every small-order public key, canonical or not, in assert, sharedSecret and wrap', () => {
    const me = generateEncryptionKeyPair();
    for (const pk of SMALL_ORDER) {
      expect(() => assertEncryptionPublicKey(pk)).toThrow(/small-order/);
      expect(codeOf(() => sharedSecret(me.secretKey, pk))).toBe('SEAL_ERR_INVALID_KEY');
      expect(codeOf(() => wrapDataKey({ granteePublicKey: pk, field, keyVersion: 1, dataKey: generateDataKey() }))).toBe('SEAL_ERR_INVALID_KEY');
    }
    for (const pk of NON_CANONICAL) expect(() => assertEncryptionPublicKey(pk)).toThrow(/non-canonical/);
    const high = me.publicKey.slice();
    high[31] = (high[31] as number) | 0x80;
    expect(() => assertEncryptionPublicKey(high)).toThrow('"publicKey" has the unused top bit set (non-canonical)');
    expect(() => assertEncryptionPublicKey(new Uint8Array(31))).toThrow('"publicKey" expected 32 bytes, got 31 bytes');
  });

  it('CRY-08 second line: @noble/curves x25519 itself refuses the small-order keys our check refuses first', () => {
    const me = generateEncryptionKeyPair();
    for (const pk of [...SMALL_ORDER, ...[P, P + 1n].map(le)]) expect(() => x25519.getSharedSecret(me.secretKey, pk)).toThrow();
  });

  it('generated public keys pass the strict check and agree on the shared secret', () => {
    const a = generateEncryptionKeyPair();
    const b = generateEncryptionKeyPair();
    expect(assertEncryptionPublicKey(a.publicKey)).toBe(a.publicKey);
    expect(sharedSecret(a.secretKey, b.publicKey)).toEqual(sharedSecret(b.secretKey, a.publicKey));
  });

  it('matches the RFC 7748 §6.1 Diffie-Hellman vector', () => {
    const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
    const aliceSk = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bobPk = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    expect(Buffer.from(sharedSecret(aliceSk, bobPk)).toString('hex')).toBe('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
  });
});

describe('wrapDataKey() / unwrapDataKey()', () => {
  it('round-trips for the grantee (property over key versions)', () => {
    const grantee = generateEncryptionKeyPair();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff_ffff }), (keyVersion) => {
        const dataKey = generateDataKey();
        const wrappedKey = wrapDataKey({ granteePublicKey: grantee.publicKey, field, keyVersion, dataKey });
        expect(wrappedKey.length).toBe(WRAPPED_KEY_BYTES);
        expect(unwrapDataKey({ granteeSecretKey: grantee.secretKey, field, expectedKeyVersion: keyVersion, wrappedKey })).toEqual(dataKey);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses another grantee, another field / record / contract, and another key version', () => {
    const grantee = generateEncryptionKeyPair();
    const dataKey = generateDataKey();
    const wrappedKey = wrapDataKey({ granteePublicKey: grantee.publicKey, field, keyVersion: 3, dataKey });
    const open = (sk: Uint8Array, f: FieldRef, v = 3): unknown => unwrapDataKey({ granteeSecretKey: sk, field: f, expectedKeyVersion: v, wrappedKey });
    expect(codeOf(() => open(generateEncryptionKeyPair().secretKey, field))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => open(grantee.secretKey, { ...field, fieldPath: 'status' }))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => open(grantee.secretKey, { ...field, recordId: 'loan-0043' }))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => open(grantee.secretKey, { ...field, contract: 'cov1other' }))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => open(grantee.secretKey, field, 4))).toBe('SEAL_ERR_KEY_VERSION');
    const relabelled = wrappedKey.slice();
    relabelled[4] = 4;
    expect(codeOf(() => unwrapDataKey({ granteeSecretKey: grantee.secretKey, field, expectedKeyVersion: 4, wrappedKey: relabelled }))).toBe('SEAL_ERR_AUTH_FAILED');
  });

  it('refuses every flipped bit, every truncation and any extra byte', () => {
    const grantee = generateEncryptionKeyPair();
    const wrappedKey = wrapDataKey({ granteePublicKey: grantee.publicKey, field, keyVersion: 1, dataKey: generateDataKey() });
    const open = (w: Uint8Array): unknown => unwrapDataKey({ granteeSecretKey: grantee.secretKey, field, expectedKeyVersion: 1, wrappedKey: w });
    for (let bit = 0; bit < wrappedKey.length * 8; bit++) {
      const t = wrappedKey.slice();
      t[bit >> 3] = (t[bit >> 3] as number) ^ (1 << (bit & 7));
      expect(['SEAL_ERR_AUTH_FAILED', 'SEAL_ERR_MALFORMED', 'SEAL_ERR_KEY_VERSION', 'SEAL_ERR_INVALID_KEY']).toContain(codeOf(() => open(t)));
    }
    for (let n = 0; n < wrappedKey.length; n++) expect(codeOf(() => open(wrappedKey.subarray(0, n)))).toBe('SEAL_ERR_MALFORMED');
    expect(() => open(new Uint8Array([...wrappedKey, 0]))).toThrow(`wrapped key expected ${WRAPPED_KEY_BYTES} bytes, got ${WRAPPED_KEY_BYTES + 1}`);
    const v = wrappedKey.slice();
    v[0] = 9;
    expect(() => open(v)).toThrow('wrapped key version expected 1, got 9');
  });

  it('CRY-08 refuses a wrapped key whose ephemeral key is small-order', () => {
    const grantee = generateEncryptionKeyPair();
    const wrappedKey = wrapDataKey({ granteePublicKey: grantee.publicKey, field, keyVersion: 1, dataKey: generateDataKey() });
    for (const pk of SMALL_ORDER) {
      const t = wrappedKey.slice();
      t.set(pk, 5);
      expect(() => unwrapDataKey({ granteeSecretKey: grantee.secretKey, field, expectedKeyVersion: 1, wrappedKey: t })).toThrow(/"peerPublicKey" is a small-order point/);
    }
  });
});

describe('grant() / rotate()', () => {
  it('CRY-05 a revoked grantee cannot open new writes; the still-granted one can', () => {
    const owner = generateEncryptionKeyPair();
    const reinsurer = generateEncryptionKeyPair();
    const auditor = generateEncryptionKeyPair();
    let state = createFieldKeyState(field, [owner.publicKey]);
    state = grant(grant(state, reinsurer.publicKey), auditor.publicKey);
    const before = sealField({ dataKey: state.dataKey, keyVersion: state.keyVersion, binding, plaintext: text('1000') });
    const reinsurerV1 = unwrapDataKey({ granteeSecretKey: reinsurer.secretKey, field, expectedKeyVersion: 1, wrappedKey: grantOf(state, reinsurer.publicKey)!.wrappedKey });

    const next = rotate(state, reinsurer.publicKey);
    expect(next.keyVersion).toBe(2);
    expect(next.dataKey).not.toEqual(state.dataKey);
    expect(grantOf(next, reinsurer.publicKey)).toBeUndefined();
    expect(next.grants.map((g) => g.granteePublicKey)).toEqual([owner.publicKey, auditor.publicKey]);
    const after = sealField({ dataKey: next.dataKey, keyVersion: next.keyVersion, binding, plaintext: text('2000') });

    // The auditor reads the new write through its new grant.
    const auditorV2 = unwrapDataKey({ granteeSecretKey: auditor.secretKey, field, expectedKeyVersion: 2, wrappedKey: grantOf(next, auditor.publicKey)!.wrappedKey });
    expect(openField({ dataKey: auditorV2, expectedKeyVersion: 2, binding, envelope: after }).plaintext).toEqual(text('2000'));
    // The revoked reinsurer has no v2 wrap; its old v1 wrap gives a key that cannot open v2 writes.
    for (const g of next.grants) expect(codeOf(() => unwrapDataKey({ granteeSecretKey: reinsurer.secretKey, field, expectedKeyVersion: 2, wrappedKey: g.wrappedKey }))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => openField({ dataKey: reinsurerV1, expectedKeyVersion: 2, binding, envelope: after }))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(codeOf(() => openField({ dataKey: reinsurerV1, expectedKeyVersion: 1, binding, envelope: after }))).toBe('SEAL_ERR_KEY_VERSION');
    // Revocation cannot un-reveal the past: the v1 write still opens with the v1 key.
    expect(openField({ dataKey: reinsurerV1, expectedKeyVersion: 1, binding, envelope: before }).plaintext).toEqual(text('1000'));
    // The old state is untouched (pure function).
    expect(state.keyVersion).toBe(1);
    expect(grantOf(state, reinsurer.publicKey)).toBeDefined();
  });

  it('grant() is idempotent and rotate() refuses a grantee without a grant', () => {
    const a = generateEncryptionKeyPair();
    const s = createFieldKeyState(field, [a.publicKey]);
    expect(grant(s, a.publicKey)).toBe(s);
    expect(codeOf(() => rotate(s, generateEncryptionKeyPair().publicKey))).toBe('SEAL_ERR_NOT_GRANTED');
  });

  it('a reader expecting the current version refuses a write rolled back to the old one', () => {
    const a = generateEncryptionKeyPair();
    const b = generateEncryptionKeyPair();
    const v1 = createFieldKeyState(field, [a.publicKey, b.publicKey]);
    const old = sealField({ dataKey: v1.dataKey, keyVersion: 1, binding, plaintext: text('old') });
    const v2 = rotate(v1, b.publicKey);
    const key = unwrapDataKey({ granteeSecretKey: a.secretKey, field, expectedKeyVersion: v2.keyVersion, wrappedKey: grantOf(v2, a.publicKey)!.wrappedKey });
    expect(codeOf(() => openField({ dataKey: key, expectedKeyVersion: v2.keyVersion, binding, envelope: old }))).toBe('SEAL_ERR_KEY_VERSION');
    // Replaying the old wrapped key while the grantee expects v2 is refused too.
    expect(codeOf(() => unwrapDataKey({ granteeSecretKey: a.secretKey, field, expectedKeyVersion: 2, wrappedKey: grantOf(v1, a.publicKey)!.wrappedKey }))).toBe('SEAL_ERR_KEY_VERSION');
  });
});
