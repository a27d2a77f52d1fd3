/**
 * (Division half; the shared relations and helpers are in arith-fixture.ts.)
 * Relation proofs v3 beyond linear forms: sealed × sealed products (product proofs), division by
 * public values (exact rationals) and by sealed values (quotient/remainder gadget), the range
 * proof over the slack, quotient and remainder (sealed operands are certified), batch verification, and the adversarial cases: false products,
 * wrong remainders, values ≥ 2^64, forged/truncated/re-targeted proofs, bad points and scalars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCommitment,
  proveRelation,
  verifyRelation,
} from '../../../runtime/zk/index.ts';
import { codeOf, withBytes } from './helpers.ts';
import { binding, inputsOf, proveOk, rel, sealedOf, thrown } from './arith-fixture.ts';

describe('division by a sealed value', () => {
  it('exact semantics at the boundaries', () => {
    // loss/premium <= 0.8: 8000/10000 holds, 8001/10000 does not.
    proveOk('loss / premium <= 0.8', [8000n, 10_000n]);
    proveOk('loss / premium <= 0.8', [7999n, 10_000n]);
    expect(thrown(() => proveRelation(rel('loss / premium <= 0.8'), [], [8001n, 10_000n].map(sealedOf), binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    // t / n == e is exact: 42/6 = 7; 43/6 is not 7.
    proveOk('t / n == e', [42n, 6n, 7n]);
    expect(thrown(() => proveRelation(rel('t / n == e'), [], [43n, 6n, 7n].map(sealedOf), binding))).toBe('ZK_ERR_INVALID_ARGUMENT');
    // a / b > c: 43/6 > 7 but 42/6 > 7 is false (strict, exact).
    proveOk('a / b > c', [43n, 6n, 7n]);
    expect(thrown(() => proveRelation(rel('a / b > c'), [], [42n, 6n, 7n].map(sealedOf), binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    // c − a/b >= 0: 8 − 48/6 = 0 holds; 8 − 49/6 < 0 does not.
    proveOk('c - a / b >= 0', [8n, 48n, 6n]);
    expect(thrown(() => proveRelation(rel('c - a / b >= 0'), [], [8n, 49n, 6n].map(sealedOf), binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    // A zero divisor cannot be proven.
    expect(thrown(() => proveRelation(rel('a / b > c'), [], [1n, 0n, 0n].map(sealedOf), binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
  });

  it('property: a / b > c cannot be proven when a ≤ b·c (exact, not floored)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 50n }), fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 0n, max: 49n }), (b, c, d) => {
        const a = b * c - (d % (b * c + 1n));
        expect(thrown(() => proveRelation(rel('a / b > c'), [], [a, b, c].map(sealedOf), binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
      }),
      { numRuns: 40 },
    );
  });

  it('a wrong remainder or quotient does not verify (aux commitments replaced)', () => {
    const r = rel('a / b > c');
    const { s, proof } = proveOk('a / b > c', [45n, 6n, 7n]);
    // aux: q (offset 2), q·D (34), r (66), t (98). Replace r by a commitment to r + 1, q by q − 1, etc.
    for (const [at, v] of [[66, 4n], [66, 2n], [2, 7n], [34, 48n], [98, 0n]] as const) {
      expect(codeOf(verifyRelation(r, inputsOf(s), withBytes(proof, at, createCommitment(v).commitment), binding)), `aux at ${at}`).toBe('ZK_ERR_PROOF_REJECTED');
    }
  });
});

