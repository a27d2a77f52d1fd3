/**
 * Relation proofs v3 beyond linear forms: sealed × sealed products (product proofs), division by
 * public values (exact rationals) and by sealed values (quotient/remainder gadget), the range
 * proof over the slack, quotient and remainder (sealed operands are certified), batch verification, and the adversarial cases: false products,
 * wrong remainders, values ≥ 2^64, forged/truncated/re-targeted proofs, bad points and scalars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodePoint,
  GROUP_ORDER,
  PEDERSEN_G,
  PEDERSEN_H,
  proveRelation,
  relationProofLayout,
  relationStatement,
  verifyRelation,
  verifyRelationsBatch,
} from '../../../runtime/zk/index.ts';
import { codeOf, le, withBytes } from './helpers.ts';
import { binding, inputsOf, proveOk, rel, sealedOf, thrown } from './arith-fixture.ts';

describe('statements', () => {
  it('x * y == z: one product commitment', () => {
    expect(relationStatement(rel('x * y == z'), [])).toEqual({
      terms: [{ sealed: 2, coefficient: -1n }], constant: 0n, scale: 0, exponent: 0, products: [{ left: 0, right: 1 }], productTerms: [{ product: 0, coefficient: 1n }],
    });
  });
  it('public divisors are exact rationals: x / 3 <= y → 3y − x ≥ 0 (factor 3); x / 2 == y → x − 2y = 0', () => {
    expect(relationStatement(rel('x / 3 <= y'), [])).toEqual({ terms: [{ sealed: 0, coefficient: -1n }, { sealed: 1, coefficient: 3n }], constant: 0n, scale: 0, exponent: 0, slack: { offset: 0n }, factor: 3n });
    expect(relationStatement(rel('x / 2 == y'), [])).toMatchObject({ terms: [{ sealed: 0, coefficient: 5n }, { sealed: 1, coefficient: -10n }], constant: 0n });
  });
  it('sealed divisors: rounding chosen by the sign of the quotient and strictness', () => {
    expect(relationStatement(rel('t / n == e'), []).division?.rounding).toBe('exact');
    expect(relationStatement(rel('loss / premium <= 0.8'), []).division).toMatchObject({ sign: -1n, rounding: 'ceil' });
    expect(relationStatement(rel('a / b > c'), []).division).toMatchObject({ sign: 1n, rounding: 'ceil' });
    expect(relationStatement(rel('c - a / b >= 0'), []).division).toMatchObject({ sign: -1n, rounding: 'ceil' });
  });
});

describe('products', () => {
  it('completeness and a false product', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 30n }), fc.bigInt({ min: 0n, max: 1n << 30n }), (x, y) => {
        proveOk('x * y == z', [x, y, x * y]);
        expect(thrown(() => proveRelation(rel('x * y == z'), [], [x, y, x * y + 1n].map(sealedOf), binding))).toBe('ZK_ERR_INVALID_ARGUMENT');
      }),
      { numRuns: 2 },
    );
    proveOk('p * q <= this.cap', [9n, 11n], ['100']);
    expect(thrown(() => proveRelation(rel('p * q <= this.cap'), ['100'], [9n, 12n].map(sealedOf), binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
  });
  it('a proof for x·y = z does not verify for another z, swapped factors or another binding', () => {
    const { s, proof } = proveOk('x * y == z', [6n, 7n, 42n]);
    const r = rel('x * y == z');
    expect(codeOf(verifyRelation(r, inputsOf([s[0]!, s[1]!, sealedOf(42n)]), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
    expect(codeOf(verifyRelation(r, inputsOf([s[1]!, s[0]!, s[2]!]), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
    expect(codeOf(verifyRelation(r, inputsOf(s), proof, { ...binding, transaction: 'tx-2' }))).toBe('ZK_ERR_PROOF_REJECTED');
    expect(codeOf(verifyRelation({ ...r, text: 'x * y == w' }, inputsOf(s), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
  });
});

describe('certified operands and malformed proofs', () => {
  const r = rel('x * y == z');
  const { s, proof } = proveOk('x * y == z', [3n, 5n, 15n]);

  it('a sealed value ≥ 2^64 cannot be proven (nor can a negative one)', () => {
    const big = 1n << 64n;
    const b = 7n;
    const c = encodePoint(PEDERSEN_G.multiply(big % GROUP_ORDER).add(PEDERSEN_H.multiply(b)));
    const op = { commitment: c, opening: { value: big, blinding: b } };
    expect(thrown(() => proveRelation(rel('x / 3 <= y'), [], [op, sealedOf(1n << 62n)], binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    expect(thrown(() => proveRelation(rel('x / 3 <= y'), [], [{ commitment: c, opening: { value: -1n, blinding: b } }, sealedOf(1n)], binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
  });

  it('v3 layout: a product of two certified factors carries no range proof', () => {
    expect(proof.length).toBe(2 + 32 + 257 + 65);
    expect(relationProofLayout(r, [])).toMatchObject({ kind: 'equality', aux: 1, productProofs: 1, linearProofs: 1, rangeValues: 0, rangeCount: 0, size: 356 });
  });

  it('truncated, extended, re-kinded, bit-flipped', () => {
    expect(codeOf(verifyRelation(r, inputsOf(s), proof.subarray(0, proof.length - 1), binding))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifyRelation(r, inputsOf(s), new Uint8Array([...proof, 0]), binding))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifyRelation(r, inputsOf(s), withBytes(proof, 1, Uint8Array.of(2)), binding))).toBe('ZK_ERR_INVALID_ENCODING');
    for (const at of [0, 2, 40, 34 + 257 + 10, 34 + 257 + 50, proof.length - 1]) {
      const p = proof.slice();
      p[at] = (p[at] as number) ^ 1;
      expect(verifyRelation(r, inputsOf(s), p, binding).ok, `byte ${at}`).toBe(false);
    }
  });

  it('identity, non-canonical points and scalars ≥ ℓ', () => {
    expect(codeOf(verifyRelation(r, inputsOf(s), withBytes(proof, 2, new Uint8Array(32)), binding))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(codeOf(verifyRelation(r, inputsOf(s), withBytes(proof, 2, new Uint8Array(32).fill(0xff)), binding))).toBe('ZK_ERR_INVALID_POINT');
    // The product proof's first scalar s_x (after tag and 3 points) set to ℓ.
    expect(codeOf(verifyRelation(r, inputsOf(s), withBytes(proof, 34 + 1 + 96, le(GROUP_ORDER)), binding))).toBe('ZK_ERR_INVALID_SCALAR');
    // The linear proof's s.
    expect(codeOf(verifyRelation(r, inputsOf(s), withBytes(proof, 34 + 257 + 33, le(GROUP_ORDER + 1n)), binding))).toBe('ZK_ERR_INVALID_SCALAR');
  });

  it('a proof accepted as hex too; another statement of the same layout is rejected', () => {
    expect(verifyRelation(r, inputsOf(s), Buffer.from(proof).toString('hex'), binding)).toEqual({ ok: true });
    const other = proveOk('x * y == z', [3n, 5n, 15n]);
    expect(codeOf(verifyRelation(r, inputsOf(s), other.proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
  });
});

describe('verifyRelationsBatch', () => {
  it('all valid → all ok; one bad → only that one fails; malformed items fail alone', () => {
    const a = proveOk('a / b > c', [43n, 6n, 7n]);
    const b = proveOk('x / 3 <= y', [30n, 10n]);
    const c = proveOk('x * y == z', [2n, 3n, 6n]);
    const items = [
      { relation: rel('a / b > c'), inputs: inputsOf(a.s), proof: a.proof, binding },
      { relation: rel('x / 3 <= y'), inputs: JSON.stringify(inputsOf(b.s)), proof: Buffer.from(b.proof).toString('hex'), binding },
      { relation: rel('x * y == z'), inputs: inputsOf(c.s), proof: c.proof, binding },
    ];
    expect(verifyRelationsBatch(items)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    // Corrupt the range proof of the second (last scalar b): only the batch MSM catches it.
    const bad = b.proof.slice();
    bad[bad.length - 32] = (bad[bad.length - 32] as number) ^ 1;
    const verdicts = verifyRelationsBatch([items[0]!, { ...items[1]!, proof: bad }, items[2]!, { ...items[2]!, binding: { ...binding, contract: 'x' } }, null as never]);
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true, false, false]);
    expect(verifyRelationsBatch([])).toEqual([]);
  });
});
