/** node/types/keys.ts: generation, strict hex encodings, public-key hygiene (CRY-08), addresses. */
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  ADDRESS_PATTERN, SMALL_ORDER_ENCODINGS, addressOf, decodePublicKey, decodeSecretKey, encodePublicKey, encodeSecretKey, generateKeyPair,
  isAcceptablePublicKeyEncoding, isAddress, keyPairFromSecretKey,
} from '../../../node/types/index.ts';
import { NodeError } from '../../../node/errors.ts';
import { ALICE } from './fixtures.ts';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    return (e as NodeError).code;
  }
  return undefined;
}

function u32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

describe('generateKeyPair()', () => {
  it('returns a 32-byte secret key and its RFC 8032 public key, fresh each time', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.secretKey).toHaveLength(32);
    expect(a.publicKey).toEqual(ed25519.getPublicKey(a.secretKey));
    expect(bytesToHex(a.secretKey)).not.toBe(bytesToHex(b.secretKey));
  });

  it('keyPairFromSecretKey() derives the same public key and rejects wrong lengths', () => {
    const a = generateKeyPair();
    expect(keyPairFromSecretKey(a.secretKey).publicKey).toEqual(a.publicKey);
    expect(codeOf(() => keyPairFromSecretKey(new Uint8Array(31)))).toBe('NODE_ERR_INVALID_KEY');
  });
});

describe('key encodings', () => {
  it('round-trip secret and public keys as 64 lowercase hex digits', () => {
    const k = generateKeyPair();
    expect(decodeSecretKey(encodeSecretKey(k.secretKey))).toEqual(k.secretKey);
    expect(decodePublicKey(encodePublicKey(k.publicKey))).toEqual(k.publicKey);
    expect(encodePublicKey(k.publicKey)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['uppercase', (h: string) => h.toUpperCase()],
    ['0x prefix', (h: string) => `0x${h}`],
    ['short', (h: string) => h.slice(2)],
    ['long', (h: string) => `${h}00`],
    ['non-hex', (h: string) => `zz${h.slice(2)}`],
    ['whitespace', (h: string) => ` ${h.slice(1)}`],
  ])('reject %s hex with NODE_ERR_INVALID_KEY naming the field', (_name, mutate) => {
    const hex = encodePublicKey(ALICE.publicKey);
    const e = (() => { try { decodePublicKey(mutate(hex)); } catch (x) { return x as NodeError; } return undefined; })();
    expect(e?.code).toBe('NODE_ERR_INVALID_KEY');
    expect(e?.field).toBe('publicKey');
    expect(codeOf(() => decodeSecretKey(mutate(encodeSecretKey(new Uint8Array(32).fill(0xab)))))).toBe('NODE_ERR_INVALID_KEY');
  });

  it('reject non-strings', () => {
    for (const v of [undefined, null, 1, {}, [], new Uint8Array(32)]) {
      expect(codeOf(() => decodePublicKey(v))).toBe('NODE_ERR_INVALID_KEY');
      expect(codeOf(() => decodeSecretKey(v))).toBe('NODE_ERR_INVALID_KEY');
    }
  });
});

describe('public-key hygiene (CRY-08)', () => {
  it('SMALL_ORDER_ENCODINGS holds every point of the 8-torsion subgroup (checked with @noble/curves)', () => {
    const t8 = ed25519.Point.fromHex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05');
    const all = new Set<string>();
    let p = ed25519.Point.ZERO;
    for (let i = 0; i < 8; i++) {
      all.add(p.toHex());
      p = p.add(t8);
    }
    expect(all.size).toBe(8);
    for (const h of all) expect(SMALL_ORDER_ENCODINGS).toContain(h);
    for (const h of SMALL_ORDER_ENCODINGS) {
      let small = true;
      try {
        small = ed25519.Point.fromHex(h, true).isSmallOrder();
      } catch {
        small = true; // not decodable even leniently: refused anyway
      }
      expect(small).toBe(true);
    }
  });

  it('decodePublicKey() and isAcceptablePublicKeyEncoding() refuse every small-order encoding', () => {
    for (const h of SMALL_ORDER_ENCODINGS) {
      expect(codeOf(() => decodePublicKey(h))).toBe('NODE_ERR_INVALID_KEY');
      expect(isAcceptablePublicKeyEncoding(Uint8Array.from(Buffer.from(h, 'hex')))).toBe(false);
    }
  });

  it('refuse non-canonical encodings (y >= p)', () => {
    // y = p + 2 (a non-canonical spelling of y = 2) and y = 2^255 - 1.
    const pPlus2 = 'efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f';
    const max = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f';
    for (const h of [pPlus2, max]) {
      expect(codeOf(() => decodePublicKey(h))).toBe('NODE_ERR_INVALID_KEY');
      expect(isAcceptablePublicKeyEncoding(Uint8Array.from(Buffer.from(h, 'hex')))).toBe(false);
    }
  });

  it('decodePublicKey() refuses a y with no curve point', () => {
    // y = 2 has no x on edwards25519 (checked by noble's strict decoding failing).
    const h = '0200000000000000000000000000000000000000000000000000000000000000';
    expect(() => ed25519.Point.fromHex(h)).toThrow();
    expect(codeOf(() => decodePublicKey(h))).toBe('NODE_ERR_INVALID_KEY');
  });

  it('accepts freshly generated keys', () => {
    for (let i = 0; i < 20; i++) expect(isAcceptablePublicKeyEncoding(generateKeyPair().publicKey)).toBe(true);
  });
});

describe('addressOf()', () => {
  it('is the first 20 bytes of sha256(lp("covenant:address:v1") ‖ lp(pk)), 40 lowercase hex', () => {
    const tag = utf8ToBytes('covenant:address:v1');
    const pk = ALICE.publicKey;
    const expected = bytesToHex(sha256(concatBytes(u32(tag.length), tag, u32(pk.length), pk)).subarray(0, 20));
    expect(addressOf(pk)).toBe(expected);
    expect(addressOf(pk)).toMatch(ADDRESS_PATTERN);
    expect(isAddress(addressOf(pk))).toBe(true);
  });

  it('test vector: the key of seed 0x01…01', () => {
    expect(bytesToHex(ALICE.publicKey)).toBe('8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c');
    expect(addressOf(ALICE.publicKey)).toBe(ALICE_ADDRESS);
  });

  it('isAddress() refuses other spellings', () => {
    for (const v of ['0x' + '0'.repeat(40), 'A'.repeat(40), '0'.repeat(39), '0'.repeat(42), 1, null]) expect(isAddress(v)).toBe(false);
  });
});

const ALICE_ADDRESS = '016093e4386413e0e31fea978fb40b5865203348';
