/**
 * (Division half; helpers duplicated from relations-arith.test.ts to keep each file fast.)
 * Relation proofs v3 beyond linear forms: sealed × sealed products (product proofs), division by
 * public values (exact rationals) and by sealed values (quotient/remainder gadget), the range
 * proof over the slack, quotient and remainder (sealed operands are certified), batch verification, and the adversarial cases: false products,
 * wrong remainders, values ≥ 2^64, forged/truncated/re-targeted proofs, bad points and scalars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AbiRelation } from '../../../compiler/artifact.ts';
import { compile } from '../../../compiler/pipeline.ts';
import {
  commitmentHex,
  createCommitment,
  proveRelation,
  relationProofLayout,
  verifyRelation,
  ZkError,
  type RelationBinding,
  type SealedOperand,
} from '../../../runtime/zk/index.ts';
import { codeOf, withBytes } from './helpers.ts';

const SOURCE = `
@contract
export class Arith {
  cap: Int = 100;
  constructor() {}
  @entry product(x: Sealed<Int>, y: Sealed<Int>, z: Sealed<Int>): void { prove(x * y == z); }
  @entry premium(p: Sealed<Int>, q: Sealed<Int>): void { prove(p * q <= this.cap); }
  @entry ratio(loss: Sealed<Money<'USD'>>, premium: Sealed<Money<'USD'>>): void { prove(loss / premium <= 0.8); }
  @entry share(t: Sealed<Int>, n: Sealed<Int>, e: Sealed<Int>): void { prove(t / n == e); }
  @entry over(a: Sealed<Int>, b: Sealed<Int>, c: Sealed<Int>): void { prove(a / b > c); }
  @entry under(c: Sealed<Int>, a: Sealed<Int>, b: Sealed<Int>): void { prove(c - a / b >= 0); }
  @entry third(x: Sealed<Int>, y: Sealed<Int>): void { prove(x / 3 <= y); }
  @entry halves(x: Sealed<Money<'USD'>>, y: Sealed<Money<'USD'>>): void { prove(x / 2 == y); }
}
`;
const relations = compile({ inputs: [{ path: 'arith.contract.ts', text: SOURCE }] }).artifacts[0]?.abi.relations ?? [];
const rel = (text: string): AbiRelation => {
  const r = relations.find((x) => x.text === text);
  if (r === undefined) throw new Error(`no relation ${text}`);
  return r;
};
const binding: RelationBinding = { domain: 'covenant:test', contract: 'cov1arith', transaction: 'tx-1' };
const sealedOf = (v: bigint): SealedOperand => createCommitment(v);
const inputsOf = (s: readonly SealedOperand[], pub: unknown[] = []) => ({ public: pub, sealed: s.map((o) => commitmentHex(o.commitment as Uint8Array)) });
const thrown = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ZkError) return e.code;
    throw e;
  }
  return undefined;
};
const proveOk = (text: string, vals: bigint[], pub: unknown[] = []) => {
  const s = vals.map(sealedOf);
  const proof = proveRelation(rel(text), pub, s, binding);
  expect(proof.length).toBe(relationProofLayout(rel(text), pub).size);
  expect(verifyRelation(rel(text), inputsOf(s, pub), proof, binding)).toEqual({ ok: true });
  return { s, proof };
};

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

