/**
 * node/execution/proofs.ts: the inline verdict is the same function as the proof pool's. The pool
 * (answerProofBatch) turns a check that throws into the verdict `false` and caches it; inline
 * verification must answer `false` too, never throw into the runtime (where it would be a
 * node-local fault): else a node that verified at admission and one that verifies during
 * execution would disagree on the same transaction.
 */
import { describe, expect, it } from 'vitest';
import { ProofVerdictCache, type RelationCheck, txProofVerifier } from '../../../node/execution/proofs.ts';
import { answerProofBatch } from '../../../node/mempool/proof-verifier.ts';
import { ALICE, CHAIN } from '../types/fixtures.ts';
import { LIMIT, VAULT, WITHIN, callTx, commitmentOf, prove, sealed } from './proof-fixtures.ts';

describe('txProofVerifier: a check that throws', () => {
  it('answers false inline, as the pool does, and caches that verdict', () => {
    const a = 'ab'.repeat(20);
    const x = sealed(4_250n);
    const entry = prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 0n);
    const tx = callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [entry] });
    const throwing: RelationCheck = () => {
      throw new Error('boom');
    };
    const inputs = JSON.stringify({ public: [LIMIT], sealed: [commitmentOf(x.operand)] });
    const cache = new ProofVerdictCache(4);
    const verify = txProofVerifier(tx, (addr) => (addr === a ? VAULT : undefined), CHAIN, { cache, check: throwing });
    expect(verify({ address: a, relation: WITHIN.index, inputs })).toBe(false);
    expect(cache.size).toBe(1);
    // The pool's answer for the same statement with the same check.
    const pool = answerProofBatch({ id: 0, items: [{ relation: JSON.stringify(WITHIN), contract: a, transaction: '', inputs, proof: new Uint8Array(1) }] }, throwing);
    expect(pool.ok[0]).toBe(0);
  });
});
