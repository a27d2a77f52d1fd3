/**
 * Sigma proofs: completeness, and rejection of forged, truncated, bit-flipped, re-targeted
 * (commitment, statement, public input, domain — CRY-07) and replayed proofs, and of identity,
 * non-canonical points and scalars ≥ ℓ inside proofs (CRY-08).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCommitment,
  encodePoint,
  GROUP_ORDER,
  PEDERSEN_G,
  PEDERSEN_H,
  PROOF_SIZES,
  proveEquality,
  proveLinear,
  proveOpening,
  verifyEquality,
  verifyLinear,
  verifyOpening,
  ZkError,
  type ProofBinding,
  type VerifyResult,
} from '../../../runtime/zk/index.ts';
import { codeOf, le, ok, withBytes } from './helpers.ts';

const binding: ProofBinding = { domain: 'covenant:test:relation:v1', context: 'contract-1/settle/tx-1', relation: 'claim + deductible == limit' };

const claim = createCommitment(700n);
const deductible = createCommitment(300n);
const limit = createCommitment(1000n);
const other = createCommitment(1000n);

const linearTerms = [
  { coefficient: 1n, commitment: claim.commitment, opening: claim.opening },
  { coefficient: 1n, commitment: deductible.commitment, opening: deductible.opening },
  { coefficient: -1n, commitment: limit.commitment, opening: limit.opening },
];
const publicTerms = linearTerms.map(({ coefficient, commitment }) => ({ coefficient, commitment }));

const openingProof = proveOpening({ binding, commitment: claim.commitment, opening: claim.opening });
const equalityProof = proveEquality({ binding, commitments: [limit.commitment, other.commitment], openings: [limit.opening, other.opening] });
const linearProof = proveLinear({ binding, terms: linearTerms, constant: 0n });

/** Each kind as a uniform verifier over (binding, proof), for the negative tests below. */
const KINDS: { name: 'opening' | 'equality' | 'linear'; proof: Uint8Array; verify: (b: ProofBinding, proof: Uint8Array) => VerifyResult }[] = [
  { name: 'opening', proof: openingProof, verify: (b, proof) => verifyOpening({ binding: b, commitment: claim.commitment, proof }) },
  { name: 'equality', proof: equalityProof, verify: (b, proof) => verifyEquality({ binding: b, commitments: [limit.commitment, other.commitment], proof }) },
  { name: 'linear', proof: linearProof, verify: (b, proof) => verifyLinear({ binding: b, terms: publicTerms, constant: 0n, proof }) },
];

describe('sigma proofs: completeness', () => {
  it('each kind verifies and has its documented size', () => {
    for (const k of KINDS) {
      expect(k.verify(binding, k.proof), k.name).toEqual({ ok: true });
      expect(k.proof.length).toBe(PROOF_SIZES[k.name]);
    }
  });

  it('proveLinear() covers constants, large coefficients and the equality "x = 42" form', () => {
    const x = createCommitment(42n);
    const p = proveLinear({ binding, terms: [{ coefficient: 1n, commitment: x.commitment, opening: x.opening }], constant: -42n });
    expect(ok(verifyLinear({ binding, terms: [{ coefficient: 1n, commitment: x.commitment }], constant: -42n, proof: p }))).toBe(true);
    expect(ok(verifyLinear({ binding, terms: [{ coefficient: 1n, commitment: x.commitment }], constant: -43n, proof: p }))).toBe(false);
    // financing * 100 - invoice * 80 + slack = 0 style, with coefficients near the 2^64 bound
    const big = (1n << 64n) - 1n;
    const a = createCommitment(3n);
    const b = createCommitment(3n);
    const q = proveLinear({ binding, constant: 0n, terms: [
      { coefficient: big, commitment: a.commitment, opening: a.opening },
      { coefficient: -big, commitment: b.commitment, opening: b.opening },
    ] });
    expect(ok(verifyLinear({ binding, constant: 0n, proof: q, terms: [{ coefficient: big, commitment: a.commitment }, { coefficient: -big, commitment: b.commitment }] }))).toBe(true);
  });

  it('property: random values give proofs that verify', () => {
    const u64 = fc.bigInt({ min: 0n, max: (1n << 63n) - 1n });
    fc.assert(
      fc.property(u64, u64, (x, y) => {
        const cx = createCommitment(x);
        const cy = createCommitment(y);
        const cs = createCommitment(x + y);
        const cx2 = createCommitment(x);
        const lin = proveLinear({ binding, constant: 0n, terms: [
          { coefficient: 1n, commitment: cx.commitment, opening: cx.opening },
          { coefficient: 1n, commitment: cy.commitment, opening: cy.opening },
          { coefficient: -1n, commitment: cs.commitment, opening: cs.opening },
        ] });
        const eq = proveEquality({ binding, commitments: [cx.commitment, cx2.commitment], openings: [cx.opening, cx2.opening] });
        const op = proveOpening({ binding, commitment: cy.commitment, opening: cy.opening });
        return (
          ok(verifyLinear({ binding, constant: 0n, proof: lin, terms: [
            { coefficient: 1n, commitment: cx.commitment },
            { coefficient: 1n, commitment: cy.commitment },
            { coefficient: -1n, commitment: cs.commitment },
          ] })) &&
          ok(verifyEquality({ binding, commitments: [cx.commitment, cx2.commitment], proof: eq })) &&
          ok(verifyOpening({ binding, commitment: cy.commitment, proof: op }))
        );
      }),
      { numRuns: 15 },
    );
  });
});

describe('sigma proofs: provers refuse false statements and mismatched openings', () => {
  it('proveEquality() / proveLinear() / proveOpening() throw ZkError', () => {
    const x = createCommitment(5n);
    const y = createCommitment(6n);
    expect(() => proveEquality({ binding, commitments: [x.commitment, y.commitment], openings: [x.opening, y.opening] })).toThrow(/statement is false/);
    expect(() => proveLinear({ binding, constant: 0n, terms: [{ coefficient: 1n, commitment: x.commitment, opening: x.opening }] })).toThrow(/does not hold/);
    expect(() => proveOpening({ binding, commitment: x.commitment, opening: y.opening })).toThrow(/does not match its opening/);
    expect(() => proveLinear({ binding, constant: 0n, terms: [] })).toThrow(ZkError);
    expect(() => proveLinear({ binding, constant: 0n, terms: [{ coefficient: 0n, commitment: x.commitment, opening: x.opening }] })).toThrow(/non-zero/);
    expect(() => proveLinear({ binding, constant: 1n << 128n, terms: [{ coefficient: 1n, commitment: x.commitment, opening: x.opening }] })).toThrow(/2\^128/);
  });
});

describe('sigma proofs: soundness-style negatives', () => {
  it('forged proofs (random bytes with the right tag) are rejected', () => {
    for (const k of KINDS) {
      for (let i = 0; i < 5; i++) {
        const forged = new Uint8Array(k.proof.length);
        crypto.getRandomValues(forged);
        forged[0] = k.proof[0]!;
        expect(ok(k.verify(binding, forged)), k.name).toBe(false);
      }
    }
  });

  it('a forged proof with a valid nonce point and random scalars is ZK_ERR_PROOF_REJECTED', () => {
    const a = encodePoint(PEDERSEN_H.multiply(12345n));
    for (const k of KINDS) {
      const forged = withBytes(withBytes(k.proof, 1, a), 33, le(777n));
      expect(codeOf(k.verify(binding, forged)), k.name).toBe('ZK_ERR_PROOF_REJECTED');
    }
  });

  it('truncated, extended, empty and wrong-tag proofs are ZK_ERR_INVALID_ENCODING', () => {
    for (const k of KINDS) {
      expect(codeOf(k.verify(binding, k.proof.subarray(0, k.proof.length - 1)))).toBe('ZK_ERR_INVALID_ENCODING');
      expect(codeOf(k.verify(binding, new Uint8Array([...k.proof, 0])))).toBe('ZK_ERR_INVALID_ENCODING');
      expect(codeOf(k.verify(binding, new Uint8Array(0)))).toBe('ZK_ERR_INVALID_ENCODING');
      expect(codeOf(k.verify(binding, withBytes(k.proof, 0, Uint8Array.of(0x7f))))).toBe('ZK_ERR_INVALID_ENCODING');
      expect(codeOf(k.verify(binding, 'proof' as unknown as Uint8Array))).toBe('ZK_ERR_INVALID_ENCODING');
    }
    // An equality proof is not a linear proof even though both are 65 bytes.
    expect(codeOf(verifyLinear({ binding, terms: publicTerms, constant: 0n, proof: equalityProof }))).toBe('ZK_ERR_INVALID_ENCODING');
  });

  it('every single-bit flip is rejected', () => {
    for (const k of KINDS) {
      for (let bit = 0; bit < k.proof.length * 8; bit += 3) {
        const p = k.proof.slice();
        p[bit >> 3]! ^= 1 << (bit & 7);
        expect(ok(k.verify(binding, p)), `${k.name} bit ${bit}`).toBe(false);
      }
    }
  });

  it('a proof re-targeted to another domain, context (replay) or relation text is rejected (CRY-07)', () => {
    for (const k of KINDS) {
      expect(ok(k.verify({ ...binding, domain: 'covenant:other-chain:relation:v1' }, k.proof)), k.name).toBe(false);
      expect(ok(k.verify({ ...binding, context: 'contract-1/settle/tx-2' }, k.proof)), k.name).toBe(false);
      expect(ok(k.verify({ ...binding, context: new TextEncoder().encode('contract-1/settle/tx-1') }, k.proof)), k.name).toBe(true);
      expect(ok(k.verify({ ...binding, relation: 'claim + deductible <= limit' }, k.proof)), k.name).toBe(false);
    }
  });

  it('an opening proof re-targeted to another commitment is rejected', () => {
    expect(ok(verifyOpening({ binding, commitment: deductible.commitment, proof: openingProof }))).toBe(false);
  });

  it('an equality proof re-targeted to other or swapped commitments is rejected', () => {
    const third = createCommitment(1000n);
    expect(ok(verifyEquality({ binding, commitments: [limit.commitment, third.commitment], proof: equalityProof }))).toBe(false);
    expect(ok(verifyEquality({ binding, commitments: [other.commitment, limit.commitment], proof: equalityProof }))).toBe(false);
  });

  it('a linear proof re-targeted to other commitments, coefficients or constant is rejected', () => {
    const swapped = [publicTerms[1]!, publicTerms[0]!, publicTerms[2]!];
    expect(ok(verifyLinear({ binding, terms: swapped, constant: 0n, proof: linearProof }))).toBe(false);
    expect(ok(verifyLinear({ binding, terms: [publicTerms[0]!, publicTerms[1]!, { coefficient: -1n, commitment: other.commitment }], constant: 0n, proof: linearProof }))).toBe(false);
    expect(ok(verifyLinear({ binding, terms: [publicTerms[0]!, publicTerms[1]!, { coefficient: -2n, commitment: limit.commitment }], constant: 0n, proof: linearProof }))).toBe(false);
    expect(ok(verifyLinear({ binding, terms: publicTerms, constant: GROUP_ORDER, proof: linearProof }))).toBe(false);
    expect(ok(verifyLinear({ binding, terms: publicTerms, constant: 1n, proof: linearProof }))).toBe(false);
    expect(ok(verifyLinear({ binding, terms: publicTerms.slice(0, 2), constant: 0n, proof: linearProof }))).toBe(false);
  });

  it('identity and non-canonical nonce points, and scalars ≥ ℓ, are refused before use (CRY-08)', () => {
    const nonCanonical = new Uint8Array(Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'));
    for (const k of KINDS) {
      expect(codeOf(k.verify(binding, withBytes(k.proof, 1, new Uint8Array(32)))), k.name).toBe('ZK_ERR_IDENTITY_POINT');
      expect(codeOf(k.verify(binding, withBytes(k.proof, 1, nonCanonical))), k.name).toBe('ZK_ERR_INVALID_POINT');
      // s + ℓ is the same residue: accepted by a sloppy decoder, refused here.
      const s = k.proof.subarray(33, 65);
      let n = 0n;
      for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(s[i]!);
      if (n + GROUP_ORDER < 1n << 256n) {
        expect(codeOf(k.verify(binding, withBytes(k.proof, 33, le(n + GROUP_ORDER)))), k.name).toBe('ZK_ERR_INVALID_SCALAR');
      }
      expect(codeOf(k.verify(binding, withBytes(k.proof, 33, new Uint8Array(32).fill(0xff))))).toBe('ZK_ERR_INVALID_SCALAR');
    }
    expect(codeOf(verifyOpening({ binding, commitment: claim.commitment, proof: withBytes(openingProof, 65, le(GROUP_ORDER)) }))).toBe('ZK_ERR_INVALID_SCALAR');
  });

  it('identity and non-canonical commitments in the statement are refused', () => {
    const zero = new Uint8Array(32);
    expect(codeOf(verifyOpening({ binding, commitment: zero, proof: openingProof }))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(codeOf(verifyEquality({ binding, commitments: [zero, other.commitment], proof: equalityProof }))).toBe('ZK_ERR_IDENTITY_POINT');
    const bad = new Uint8Array(32).fill(0xff);
    expect(codeOf(verifyLinear({ binding, terms: [{ coefficient: 1n, commitment: bad }], constant: 0n, proof: linearProof }))).toBe('ZK_ERR_INVALID_POINT');
  });

  it('a proof for C = C does not transfer to a commitment of another value (G, which opens to 1)', () => {
    const g = encodePoint(PEDERSEN_G);
    const z = createCommitment(0n);
    const same = proveEquality({ binding, commitments: [z.commitment, z.commitment], openings: [z.opening, z.opening] });
    expect(ok(verifyEquality({ binding, commitments: [z.commitment, z.commitment], proof: same }))).toBe(true);
    expect(ok(verifyEquality({ binding, commitments: [z.commitment, g], proof: same }))).toBe(false);
  });

  it('verifiers report bad shapes without throwing', () => {
    expect(codeOf(verifyLinear({ binding, terms: [], constant: 0n, proof: linearProof }))).toBe('ZK_ERR_INVALID_ARGUMENT');
    expect(codeOf(verifyLinear({ binding, terms: [{ coefficient: 1n << 64n, commitment: claim.commitment }], constant: 0n, proof: linearProof }))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    expect(codeOf(verifyEquality({ binding, commitments: [claim.commitment] as unknown as [Uint8Array, Uint8Array], proof: equalityProof }))).toBe('ZK_ERR_INVALID_ARGUMENT');
    expect(codeOf(verifyOpening({ binding: { ...binding, domain: '' }, commitment: claim.commitment, proof: openingProof }))).toBe('ZK_ERR_INVALID_ARGUMENT');
  });
});
