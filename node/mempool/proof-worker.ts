/**
 * Worker-thread side of the proof pool (proof-verifier.ts): receives batches of relation proofs
 * with their statements and answers one verdict per item, computed by the same
 * {@link answerProofBatch} (`zk.verifyRelation`) the main thread would use, so moving a check here
 * changes nothing but where it runs.
 *
 * It does NOT see transactions, caches or the chain: only the statements it is sent.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { type ProofBatch, answerProofBatch } from './proof-verifier.ts';

parentPort?.on('message', (batch: ProofBatch) => {
  const answer = answerProofBatch(batch);
  parentPort?.postMessage(answer, [answer.ok.buffer as ArrayBuffer]);
});
