/**
 * Combined verification (one MSM per relation proof and per batch): every equation of every part
 * (product, linear, range) is multiplied by its own random 128-bit weight, so (1) a batch with one
 * bad proof — sigma part or range part — is rejected and the culprit identified, and (2) false
 * equations that would cancel under naive (all-one) weights are still rejected. Also checks the
 * MSM engine against noble's Pippenger.
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { describe, expect, it } from 'vitest';
import type { AbiRelation } from '../../../compiler/artifact.ts';
import { compile } from '../../../compiler/pipeline.ts';
import {
  addLinearVerification,
  addProductVerification,
  commitmentHex,
  createCommitment,
  GROUP_ORDER,
  PEDERSEN_G,
  PEDERSEN_H,
  proveLinear,
  proveProduct,
  proveRelation,
  randomScalar,
  relationProofLayout,
  RistrettoPoint,
  verifyLinear,
  verifyProduct,
  verifyRelation,
  verifyRelationsBatch,
  type RelationBinding,
  type RelationBatchItem,
  type SealedOperand,
} from '../../../runtime/zk/index.ts';
import { MsmAccumulator, msmPublic, msmWithFixed, wnafRecode } from '../../../runtime/zk/inner-product.ts';
import { le } from './helpers.ts';

const SOURCE = `
@contract
export class Combined {
  cap: Int = 100;
  constructor() {}
  @entry premium(p: Sealed<Int>, q: Sealed<Int>): void { prove(p * q <= this.cap); }
}
`;
const relations = compile({ inputs: [{ path: 'combined.contract.ts', text: SOURCE }] }).artifacts[0]?.abi.relations ?? [];
const rel = (text: string): AbiRelation => {
  const r = relations.find((x) => x.text === text);
  if (r === undefined) throw new Error(`no relation ${text}`);
  return r;
};
const L = GROUP_ORDER;
const readLe = (b: Uint8Array, at: number): bigint => {
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(b[at + i] as number);
  return n;
};
/** A copy of `proof` with the canonical scalar at `at` shifted by `delta` (mod ℓ, still canonical). */
const shiftScalar = (proof: Uint8Array, at: number, delta: bigint): Uint8Array => {
  const p = proof.slice();
  p.set(le((((readLe(proof, at) + delta) % L) + L) % L), at);
  return p;
};
const bindingOf = (i: number): RelationBinding => ({ domain: 'covenant:test', contract: 'cov1combined', transaction: `tx-${i}` });
const inputsOf = (s: readonly SealedOperand[], pub: unknown[] = []) => ({ public: pub, sealed: s.map((o) => commitmentHex(o.commitment as Uint8Array)) });

describe('combined-MSM relation verification', () => {
  const premium = rel('p * q <= this.cap');
  const cap = ['100'];
  const layout = relationProofLayout(premium, cap);
  // Offsets in the wire: version, kind, aux commitments, product proofs, linear proofs, range proof.
  const productAt = 2 + 32 * layout.aux;
  const linearAt = productAt + 257 * layout.productProofs;
  const rangeAt = linearAt + 65 * layout.linearProofs;
  const items: RelationBatchItem[] = [3n, 4n, 5n, 6n, 7n].map((p, i) => {
    const s = [createCommitment(p), createCommitment(10n + BigInt(i))];
    return { relation: premium, inputs: inputsOf(s, cap), proof: proveRelation(premium, cap, s, bindingOf(i)), binding: bindingOf(i) };
  });

  it('a batch with one bad sigma part and one bad range part rejects and identifies exactly those', () => {
    expect(verifyRelationsBatch(items).every((v) => v.ok)).toBe(true);
    const proof = (i: number): Uint8Array => items[i]?.proof as Uint8Array;
    // Item 1: the linear proof's response s (after tag and nonce). Item 3: the range proof's t̂.
    // Item 4: the product proof's s_rx. All stay canonical: only the equations fail.
    const bad = items.map((it) => ({ ...it }));
    bad[1] = { ...bad[1]!, proof: shiftScalar(proof(1), linearAt + 33, 1n) };
    bad[3] = { ...bad[3]!, proof: shiftScalar(proof(3), rangeAt + 1 + 4 * 32 + 2 * 32, 1n) };
    bad[4] = { ...bad[4]!, proof: shiftScalar(proof(4), productAt + 1 + 3 * 32 + 32, 1n) };
    for (const i of [1, 3, 4]) expect(verifyRelation(bad[i]!.relation, bad[i]!.inputs, bad[i]!.proof, bad[i]!.binding)).toMatchObject({ ok: false, code: 'ZK_ERR_PROOF_REJECTED' });
    const verdicts = verifyRelationsBatch(bad);
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true, false, false]);
    expect(verdicts[1]).toMatchObject({ code: 'ZK_ERR_PROOF_REJECTED' });
    // A batch of one bad proof alone, and a bad proof last.
    expect(verifyRelationsBatch([bad[3]!]).map((v) => v.ok)).toEqual([false]);
    expect(verifyRelationsBatch([items[0]!, items[2]!, bad[1]!]).map((v) => v.ok)).toEqual([true, true, false]);
  });

  it('two proofs whose errors cancel under all-one weights are both rejected', () => {
    // +δ on one proof's linear response, −δ on another's: the two linear equations become
    // +δ·H and −δ·H, whose plain sum is the identity.
    const delta = randomScalar();
    const a = { ...items[0]!, proof: shiftScalar(items[0]!.proof as Uint8Array, linearAt + 33, delta) };
    const b = { ...items[2]!, proof: shiftScalar(items[2]!.proof as Uint8Array, linearAt + 33, -delta) };
    for (let round = 0; round < 5; round++) expect(verifyRelationsBatch([a, items[1]!, b]).map((v) => v.ok)).toEqual([false, true, false]);
    // The same with the range proofs' t̂ (inside one batch MSM).
    const at = rangeAt + 1 + 6 * 32;
    const c = { ...items[3]!, proof: shiftScalar(items[3]!.proof as Uint8Array, at, delta) };
    const d = { ...items[4]!, proof: shiftScalar(items[4]!.proof as Uint8Array, at, -delta) };
    expect(verifyRelationsBatch([c, d]).map((v) => v.ok)).toEqual([false, false]);
  });

  it('the cancellation is real: with naive weights the two false linear proofs pass as a sum', () => {
    const binding = { domain: 'covenant:test', context: 'ctx', relation: 'x == y + 1' };
    const make = () => {
      const x = createCommitment(8n);
      const y = createCommitment(7n);
      const terms = [
        { coefficient: 1n, commitment: x.commitment, opening: x.opening },
        { coefficient: -1n, commitment: y.commitment, opening: y.opening },
      ];
      return { terms: terms.map(({ coefficient, commitment }) => ({ coefficient, commitment })), proof: proveLinear({ binding, terms, constant: -1n }) };
    };
    const delta = randomScalar();
    const p1 = make();
    const p2 = make();
    const f1 = { binding, terms: p1.terms, constant: -1n, proof: shiftScalar(p1.proof, 33, delta) };
    const f2 = { binding, terms: p2.terms, constant: -1n, proof: shiftScalar(p2.proof, 33, -delta) };
    expect(verifyLinear(f1).ok).toBe(false);
    expect(verifyLinear(f2).ok).toBe(false);
    const naive = new MsmAccumulator();
    addLinearVerification(f1, 1n, naive);
    addLinearVerification(f2, 1n, naive);
    expect(naive.isZero()).toBe(true);
  });

  it('a product proof whose first two equations cancel under naive weights is rejected', () => {
    const binding = { domain: 'covenant:test', context: 'ctx', relation: 'z == x * y' };
    const x = createCommitment(6n);
    const y = createCommitment(7n);
    const z = createCommitment(42n);
    const commitments = { x: x.commitment, y: y.commitment, z: z.commitment };
    const proof = proveProduct({ binding, commitments, openings: { x: x.opening, y: y.opening, z: z.opening } });
    // s_rx + δ, s_ry − δ: E1 = δ·H, E2 = −δ·H, E3 unchanged.
    const delta = randomScalar();
    const forged = shiftScalar(shiftScalar(proof, 1 + 3 * 32 + 32, delta), 1 + 3 * 32 + 3 * 32, -delta);
    const naive = new MsmAccumulator();
    addProductVerification({ binding, commitments, proof: forged }, [1n, 1n, 1n], naive);
    expect(naive.isZero()).toBe(true);
    for (let round = 0; round < 5; round++) expect(verifyProduct({ binding, commitments, proof: forged })).toMatchObject({ ok: false, code: 'ZK_ERR_PROOF_REJECTED' });
    expect(verifyProduct({ binding, commitments, proof }).ok).toBe(true);
  });
});

describe('MSM engine', () => {
  it('wNAF recoding reconstructs the scalar', () => {
    for (const s of [0n, 1n, 2n, L - 1n, L >> 1n, (1n << 252n) - 1n, ...Array.from({ length: 30 }, randomScalar)]) {
      for (const w of [2, 5, 8, 10, 12]) {
        const { digits } = wnafRecode(s, w);
        let v = 0n;
        for (let i = digits.length - 1; i >= 0; i--) v = 2n * v + BigInt(digits[i] as number);
        expect(v).toBe(s);
      }
    }
  });
  it('Straus, Pippenger and the fixed-table path agree with noble', () => {
    for (const n of [0, 1, 2, 17, 97, 150]) {
      const pts = Array.from({ length: n }, () => PEDERSEN_G.multiply(randomScalar()));
      const sc = pts.map((_, i) => (i % 5 === 0 ? 0n : i % 5 === 1 ? L - 1n : i % 5 === 2 ? -3n : randomScalar()));
      const ref = n === 0 ? RistrettoPoint.ZERO : pippenger(RistrettoPoint, pts, sc.map((s) => ((s % L) + L) % L));
      expect(msmPublic(pts, sc).equals(ref)).toBe(true);
      const f = [randomScalar(), L - 5n];
      expect(msmWithFixed([PEDERSEN_G, PEDERSEN_H], f, pts, sc).equals(ref.add(PEDERSEN_G.multiply(f[0] as bigint)).add(PEDERSEN_H.multiply(L - 5n)))).toBe(true);
    }
  });
});
