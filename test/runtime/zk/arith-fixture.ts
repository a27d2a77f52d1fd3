/**
 * The arithmetic relations both relation test files prove (products, division by public and
 * sealed values), compiled once per file, and the helpers that prove and verify them.
 */
import { expect } from 'vitest';
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

export const SOURCE = `
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
export const relations = compile({ inputs: [{ path: 'arith.contract.ts', text: SOURCE }] }).artifacts[0]?.abi.relations ?? [];
export const rel = (text: string): AbiRelation => {
  const r = relations.find((x) => x.text === text);
  if (r === undefined) throw new Error(`no relation ${text}`);
  return r;
};
export const binding: RelationBinding = { domain: 'covenant:test', contract: 'cov1arith', transaction: 'tx-1' };
export const sealedOf = (v: bigint): SealedOperand => createCommitment(v);
export const inputsOf = (s: readonly SealedOperand[], pub: unknown[] = []) => ({ public: pub, sealed: s.map((o) => commitmentHex(o.commitment as Uint8Array)) });
export const thrown = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ZkError) return e.code;
    throw e;
  }
  return undefined;
};
export const proveOk = (text: string, vals: bigint[], pub: unknown[] = []) => {
  const s = vals.map(sealedOf);
  const proof = proveRelation(rel(text), pub, s, binding);
  expect(proof.length).toBe(relationProofLayout(rel(text), pub).size);
  expect(verifyRelation(rel(text), inputsOf(s, pub), proof, binding)).toEqual({ ok: true });
  return { s, proof };
};

