/**
 * Bulletproofs range proofs: completeness (0, 2^n − 1, random values, aggregation, batches),
 * the prover's refusal of out-of-range and negative-equivalent values, rejection of proofs
 * re-targeted to another commitment, n, domain, context or relation (CRY-07), and of tampered,
 * truncated, bit-flipped proofs and identity / non-canonical points / scalars ≥ ℓ (CRY-08).
 * Most cases use n = 8/16 to keep the file fast; a few run at n = 64.
 */
import { describe, expect, it } from 'vitest';
import {
  createCommitment,
  encodePoint,
  GROUP_ORDER,
  PEDERSEN_G,
  PEDERSEN_H,
  proveRange,
  randomScalar,
  rangeProofSize,
  verifyRange,
  verifyRangeBatch,
  ZkError,
  type RangeBinding,
  type RangeBits,
  type VerifyResult,
} from '../../../runtime/zk/index.ts';
import { codeOf, le, withBytes } from './helpers.ts';

const binding: RangeBinding = { domain: 'covenant:test:range:v1', context: 'contract-1/claim/tx-1', relation: 'claim <= limit' };
const randomBelow = (bits: number): bigint => randomScalar() % (1n << BigInt(bits));

function single(value: bigint, bits: RangeBits) {
  const c = createCommitment(value);
  const proof = proveRange({ binding, bits, commitments: [c.commitment], openings: [c.opening] });
  return { ...c, proof };
}

const p8 = single(200n, 8);
const verify8 = (proof: Uint8Array, over: Partial<{ binding: RangeBinding; commitment: Uint8Array; bits: RangeBits }> = {}): VerifyResult =>
  verifyRange({ binding: over.binding ?? binding, bits: over.bits ?? 8, commitments: [over.commitment ?? p8.commitment], proof });

describe('range proof completeness', () => {
  it('has the documented sizes', () => {
    expect(rangeProofSize(64)).toBe(673);
    expect(rangeProofSize(64, 2)).toBe(737);
    expect(rangeProofSize(8)).toBe(1 + 32 * 15);
    expect(p8.proof.length).toBe(rangeProofSize(8));
  });

  it.each([8, 16, 32] as const)('proves 0, 2^n − 1 and random values for n = %i', (bits) => {
    for (const v of [0n, (1n << BigInt(bits)) - 1n, randomBelow(bits), randomBelow(bits)]) {
      const { commitment, proof } = single(v, bits);
      expect(verifyRange({ binding, bits, commitments: [commitment], proof })).toEqual({ ok: true });
    }
  });

  it('proves 0 and 2^64 − 1 for n = 64', () => {
    for (const v of [0n, (1n << 64n) - 1n]) {
      const { commitment, proof } = single(v, 64);
      expect(proof.length).toBe(673);
      expect(verifyRange({ binding, bits: 64, commitments: [commitment], proof })).toEqual({ ok: true });
    }
  });

  it('aggregates m = 2 and m = 4 commitments in one proof, order-bound', () => {
    const cs = [0n, 255n, 17n, 128n].map(createCommitment);
    const proof = proveRange({ binding, bits: 8, commitments: cs.map((c) => c.commitment), openings: cs.map((c) => c.opening) });
    expect(proof.length).toBe(rangeProofSize(8, 4));
    expect(verifyRange({ binding, bits: 8, commitments: cs.map((c) => c.commitment), proof }).ok).toBe(true);
    const swapped = [cs[1], cs[0], cs[2], cs[3]].map((c) => c!.commitment);
    expect(codeOf(verifyRange({ binding, bits: 8, commitments: swapped, proof }))).toBe('ZK_ERR_PROOF_REJECTED');
    expect(codeOf(verifyRange({ binding, bits: 8, commitments: cs.slice(0, 2).map((c) => c.commitment), proof }))).toBe('ZK_ERR_INVALID_ENCODING');
    const two = cs.slice(0, 2);
    const p2 = proveRange({ binding, bits: 64, commitments: two.map((c) => c.commitment), openings: two.map((c) => c.opening) });
    expect(verifyRange({ binding, bits: 64, commitments: two.map((c) => c.commitment), proof: p2 }).ok).toBe(true);
  });

  it('batch-verifies several proofs and rejects a batch with one bad proof', () => {
    const items = [single(1n, 8), single(2n, 16), single(3n, 8)].map((p, i) => ({ binding, bits: ([8, 16, 8] as const)[i]!, commitments: [p.commitment], proof: p.proof }));
    expect(verifyRangeBatch(items)).toEqual({ ok: true });
    expect(verifyRangeBatch([])).toEqual({ ok: true });
    const bad = [...items];
    bad[1] = { ...bad[1]!, commitments: [p8.commitment] };
    expect(codeOf(verifyRangeBatch(bad))).toBe('ZK_ERR_PROOF_REJECTED');
  });
});

describe('the prover refuses false statements', () => {
  const r = randomScalar();
  it.each([8, 16, 64] as const)('refuses v = 2^n for n = %i', (bits) => {
    const v = 1n << BigInt(bits);
    const commitment = encodePoint(PEDERSEN_G.multiply(v).add(PEDERSEN_H.multiply(r)));
    expect(() => proveRange({ binding, bits, commitments: [commitment], openings: [{ value: v, blinding: r }] })).toThrow(ZkError);
  });

  it('refuses negative and negative-equivalent values (ℓ − 1, −1)', () => {
    const commitment = encodePoint(PEDERSEN_G.multiply(GROUP_ORDER - 1n).add(PEDERSEN_H.multiply(r)));
    for (const value of [GROUP_ORDER - 1n, -1n]) {
      try {
        proveRange({ binding, bits: 64, commitments: [commitment], openings: [{ value, blinding: r }] });
        expect.unreachable();
      } catch (e) {
        expect((e as ZkError).code).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
      }
    }
  });

  it('refuses an opening that does not match, a bad n and a non-power-of-two count', () => {
    const c = createCommitment(5n);
    expect(() => proveRange({ binding, bits: 8, commitments: [c.commitment], openings: [{ value: 6n, blinding: c.opening.blinding }] })).toThrow(/does not match/);
    expect(() => proveRange({ binding, bits: 12 as RangeBits, commitments: [c.commitment], openings: [c.opening] })).toThrow(/bits/);
    const three = [1n, 2n, 3n].map(createCommitment);
    expect(() => proveRange({ binding, bits: 8, commitments: three.map((x) => x.commitment), openings: three.map((x) => x.opening) })).toThrow(/power-of-two/);
  });
});

describe('re-targeted proofs are rejected (CRY-07)', () => {
  it('does not verify for another commitment (even to the same value)', () => {
    expect(codeOf(verify8(p8.proof, { commitment: createCommitment(200n).commitment }))).toBe('ZK_ERR_PROOF_REJECTED');
  });
  it('does not verify for another n', () => {
    expect(codeOf(verify8(p8.proof, { bits: 16 }))).toBe('ZK_ERR_INVALID_ENCODING');
    // Same length for n = 8, m = 2 as for n = 16, m = 1: still bound by n and m.
    const p16 = single(200n, 16);
    const c2 = createCommitment(1n);
    expect(codeOf(verifyRange({ binding, bits: 8, commitments: [p16.commitment, c2.commitment], proof: p16.proof }))).toBe('ZK_ERR_PROOF_REJECTED');
  });
  it('does not verify under another domain, context or relation', () => {
    expect(codeOf(verify8(p8.proof, { binding: { ...binding, domain: 'covenant:other:range:v1' } }))).toBe('ZK_ERR_PROOF_REJECTED');
    expect(codeOf(verify8(p8.proof, { binding: { ...binding, context: 'contract-1/claim/tx-2' } }))).toBe('ZK_ERR_PROOF_REJECTED');
    expect(codeOf(verify8(p8.proof, { binding: { ...binding, relation: 'claim <= other' } }))).toBe('ZK_ERR_PROOF_REJECTED');
  });
  it('a proof of 200 under 8 bits verifies; the verifier answers, never throws, on garbage', () => {
    expect(verify8(p8.proof)).toEqual({ ok: true });
    expect(codeOf(verifyRange({ binding, bits: 8, commitments: [p8.commitment], proof: 'x' as unknown as Uint8Array }))).toBe('ZK_ERR_INVALID_ENCODING');
  });
});

describe('tampered and malformed proofs are rejected (CRY-08)', () => {
  it('rejects truncated and extended proofs', () => {
    expect(codeOf(verify8(p8.proof.subarray(0, p8.proof.length - 1)))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify8(new Uint8Array([...p8.proof, 0])))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify8(new Uint8Array(0)))).toBe('ZK_ERR_INVALID_ENCODING');
  });

  it('rejects every single-bit flip (sampled across every element)', () => {
    const len = p8.proof.length;
    for (let byte = 0; byte < len; byte += 3) {
      const bit = byte % 8;
      const p = p8.proof.slice();
      p[byte] = (p[byte] as number) ^ (1 << bit);
      expect(verify8(p).ok, `byte ${byte} bit ${bit}`).toBe(false);
    }
  });

  it('rejects the identity and non-canonical encodings in every point slot', () => {
    const pointSlots = [1, 33, 65, 97, ...Array.from({ length: 6 }, (_, i) => 1 + 32 * (7 + i))];
    for (const at of pointSlots) {
      expect(codeOf(verify8(withBytes(p8.proof, at, new Uint8Array(32)))), `identity at ${at}`).toBe('ZK_ERR_IDENTITY_POINT');
      // The field element p (non-canonical encoding of 0) and an odd ("negative") s.
      const pBytes = le((1n << 255n) - 19n);
      expect(codeOf(verify8(withBytes(p8.proof, at, pBytes))), `non-canonical at ${at}`).toBe('ZK_ERR_INVALID_POINT');
      expect(codeOf(verify8(withBytes(p8.proof, at, le(1n))))).toBe('ZK_ERR_INVALID_POINT');
    }
  });

  it('rejects scalars ≥ ℓ in every scalar slot, and s + ℓ for a valid s', () => {
    const scalarSlots = [129, 161, 193, 1 + 32 * 13, 1 + 32 * 14];
    for (const at of scalarSlots) {
      expect(codeOf(verify8(withBytes(p8.proof, at, le(GROUP_ORDER))))).toBe('ZK_ERR_INVALID_SCALAR');
      expect(codeOf(verify8(withBytes(p8.proof, at, le((1n << 256n) - 1n))))).toBe('ZK_ERR_INVALID_SCALAR');
      let s = 0n;
      for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(p8.proof[at + i] as number);
      if (s + GROUP_ORDER < 1n << 256n) expect(codeOf(verify8(withBytes(p8.proof, at, le(s + GROUP_ORDER))))).toBe('ZK_ERR_INVALID_SCALAR');
    }
  });

  it('rejects a wrong tag, an identity commitment and swapped proof elements', () => {
    expect(codeOf(verify8(withBytes(p8.proof, 0, Uint8Array.of(0x01))))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify8(p8.proof, { commitment: new Uint8Array(32) }))).toBe('ZK_ERR_IDENTITY_POINT');
    const swapped = p8.proof.slice();
    swapped.set(p8.proof.subarray(1, 33), 33);
    swapped.set(p8.proof.subarray(33, 65), 1);
    expect(codeOf(verify8(swapped))).toBe('ZK_ERR_PROOF_REJECTED');
    // Replacing a proof element with a valid point from another proof of the same statement fails.
    const other = single(200n, 8);
    expect(codeOf(verify8(withBytes(p8.proof, 97, other.proof.subarray(97, 129))))).toBe('ZK_ERR_PROOF_REJECTED');
  });

  it('rejects a 64-bit proof with a flipped t̂', () => {
    const p = single(123_456_789n, 64);
    const bad = p.proof.slice();
    bad[193] = (bad[193] as number) ^ 1;
    expect(codeOf(verifyRange({ binding, bits: 64, commitments: [p.commitment], proof: bad }))).toBe('ZK_ERR_PROOF_REJECTED');
  });
});
