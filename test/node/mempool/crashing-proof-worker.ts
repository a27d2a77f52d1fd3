/**
 * A proof worker for the pool's crash test: answers like node/mempool/proof-worker.ts, but the
 * thread exits (code 7) when a batch holds a statement for contract `dead…dead`.
 */
import { parentPort } from 'node:worker_threads';
import { type ProofBatch, answerProofBatch } from '../../../node/mempool/proof-verifier.ts';

export const CRASH_CONTRACT = 'dead'.repeat(10);

parentPort?.on('message', (batch: ProofBatch) => {
  if (batch.items.some((i) => i.contract === CRASH_CONTRACT)) process.exit(7);
  const answer = answerProofBatch(batch);
  parentPort?.postMessage(answer, [answer.ok.buffer as ArrayBuffer]);
});
