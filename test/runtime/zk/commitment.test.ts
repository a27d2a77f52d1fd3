/**
 * Commitments and strict decoding (CRY-08): values in [0, 2^64), blinding in [1, ℓ), canonical
 * ristretto255 points only (RFC 9496 §A.2 bad encodings), no identity, scalars < ℓ only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commit,
  createCommitment,
  decodeCommitment,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  GROUP_ORDER,
  openCommitment,
  PEDERSEN_G,
  PEDERSEN_H,
  randomScalar,
  scalarFromWide,
  ZkError,
} from '../../../runtime/zk/index.ts';
import { le } from './helpers.ts';

const fromHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof ZkError) return e.code;
    throw e;
  }
  return undefined;
}

// RFC 9496 Appendix A.2: non-canonical field encodings, negative field elements, non-square x²,
// negative x·y, s = −1 (which causes y = 0).
const BAD_ENCODINGS = [
  '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
  'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20',
  'c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562',
  'c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78',
  '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

describe('commitment', () => {
  it('commit() is v·G + r·H and openCommitment() accepts exactly the right opening', () => {
    const r = randomScalar();
    expect(commit(5n, r).equals(PEDERSEN_G.multiply(5n).add(PEDERSEN_H.multiply(r)))).toBe(true);
    expect(commit(0n, r).equals(PEDERSEN_H.multiply(r))).toBe(true);
    const { commitment, opening } = createCommitment(123_456n);
    expect(openCommitment(commitment, opening)).toBe(true);
    expect(openCommitment(commitment, { value: 123_457n, blinding: opening.blinding })).toBe(false);
    expect(openCommitment(commitment, { value: 123_456n, blinding: (opening.blinding + 1n) % GROUP_ORDER || 1n })).toBe(false);
    expect(openCommitment(new Uint8Array(32), opening)).toBe(false);
  });

  it('commit() refuses values outside [0, 2^64) and blinding outside [1, ℓ)', () => {
    const r = randomScalar();
    expect(codeOf(() => commit(-1n, r))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    expect(codeOf(() => commit(1n << 64n, r))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    expect(codeOf(() => commit((1n << 64n) - 1n, r))).toBeUndefined();
    expect(codeOf(() => commit(1 as unknown as bigint, r))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    expect(codeOf(() => commit(1n, 0n))).toBe('ZK_ERR_INVALID_SCALAR');
    expect(codeOf(() => commit(1n, GROUP_ORDER))).toBe('ZK_ERR_INVALID_SCALAR');
    expect(codeOf(() => commit(1n, -1n))).toBe('ZK_ERR_INVALID_SCALAR');
  });

  it('decodePoint() refuses every RFC 9496 bad encoding, wrong lengths and the identity', () => {
    for (const h of BAD_ENCODINGS) expect(codeOf(() => decodePoint(fromHex(h), 'p')), h).toBe('ZK_ERR_INVALID_POINT');
    expect(codeOf(() => decodePoint(new Uint8Array(31), 'p'))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(() => decodePoint(new Uint8Array(33), 'p'))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(() => decodePoint('00' as unknown as Uint8Array, 'p'))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(() => decodePoint(new Uint8Array(32), 'p'))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(decodePoint(new Uint8Array(32), 'p', { allowIdentity: true }).is0()).toBe(true);
    expect(codeOf(() => decodeCommitment(new Uint8Array(32)))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(() => decodeCommitment(fromHex(BAD_ENCODINGS[0]!), 'claim')).toThrow(/"claim" is not a canonical ristretto255 encoding/);
  });

  it('decodePoint() round-trips valid encodings (RFC 9496 A.1 multiples of the base point)', () => {
    const twoB = '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919';
    expect(encodePoint(decodePoint(fromHex(twoB), 'p')).every((b, i) => b === fromHex(twoB)[i])).toBe(true);
  });

  it('decodeScalar() accepts [0, ℓ) little-endian and refuses ℓ, ℓ + 1, 2^256 − 1 and wrong lengths', () => {
    expect(decodeScalar(le(GROUP_ORDER - 1n), 's')).toBe(GROUP_ORDER - 1n);
    expect(decodeScalar(le(0n), 's')).toBe(0n);
    expect(codeOf(() => decodeScalar(le(0n), 's', { allowZero: false }))).toBe('ZK_ERR_INVALID_SCALAR');
    expect(codeOf(() => decodeScalar(le(GROUP_ORDER), 's'))).toBe('ZK_ERR_INVALID_SCALAR');
    expect(codeOf(() => decodeScalar(le(GROUP_ORDER + 1n), 's'))).toBe('ZK_ERR_INVALID_SCALAR');
    expect(codeOf(() => decodeScalar(new Uint8Array(32).fill(0xff), 's'))).toBe('ZK_ERR_INVALID_SCALAR');
    expect(codeOf(() => decodeScalar(new Uint8Array(64), 's'))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(() => decodeScalar(le(GROUP_ORDER), 'proof.s')).toThrow(/"proof.s" is not a canonical scalar/);
    expect(codeOf(() => encodeScalar(GROUP_ORDER))).toBe('ZK_ERR_INVALID_SCALAR');
  });

  it('scalarFromWide() reduces 64 bytes modulo ℓ', () => {
    const b = new Uint8Array(64).fill(0xff);
    expect(scalarFromWide(b)).toBe(((1n << 512n) - 1n) % GROUP_ORDER);
  });

  it('property: scalar and point encodings round-trip; openings verify', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: GROUP_ORDER - 1n }), (s) => decodeScalar(encodeScalar(s), 's') === s),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 1n, max: GROUP_ORDER - 1n }), (v, r) => {
        const c = encodePoint(commit(v, r));
        return decodeCommitment(c).equals(commit(v, r)) && openCommitment(c, { value: v, blinding: r });
      }),
      { numRuns: 30 },
    );
  });
});

describe('decodePoint without a re-encoding check (noble performs RFC 9496 §4.3.1 in full)', () => {
  const canonicalOrThrow = (bytes: Uint8Array): 'ok' | 'bad' => {
    try {
      decodePoint(bytes, 'p', { allowIdentity: true });
      return 'ok';
    } catch (e) {
      if (e instanceof ZkError) return 'bad';
      throw e;
    }
  };
  it('accepts exactly the bytes that re-encode to themselves (random, flipped top bit, s + p, p − s)', () => {
    const P = 2n ** 255n - 19n;
    const toLe = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
    const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
    const samples: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) {
      const good = encodePoint(commit(BigInt(i), randomScalar()));
      samples.push(good);
      const s = fromLe(good);
      samples.push(toLe(s + P)); // non-canonical field element (when < 2^256)
      samples.push(toLe(P - s)); // the negative root
      const top = Uint8Array.from(good);
      top[31] = (top[31] as number) | 0x80;
      samples.push(top);
      samples.push(Uint8Array.from({ length: 32 }, () => Math.floor(Math.random() * 256)));
    }
    for (const b of samples) {
      if (fromLe(b) >= 2n ** 256n) continue;
      let reencodes = false;
      try {
        const p = decodePoint(b, 'p', { allowIdentity: true });
        reencodes = Buffer.from(encodePoint(p)).equals(Buffer.from(b));
        expect(reencodes).toBe(true);
      } catch (e) {
        if (!(e instanceof ZkError)) throw e;
      }
      expect(canonicalOrThrow(b)).toBe(reencodes ? 'ok' : 'bad');
    }
  });
});
