/**
 * Worker-thread side of the signature verifier: receives batches of (signing bytes, sender key,
 * signature) and answers one boolean per item, computed by the same `verifySignedBytes` the main
 * thread would use, so moving a check here changes nothing but where it runs.
 *
 * It does NOT decode transactions, hash them or see anything but the three fields.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { verifySignedBytes } from '../types/tx.ts';

/** One request: message i is `bytes[ends[i-1] .. ends[i])`, signed by sender i with signature i. */
export interface VerifyBatch {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  /** The senders' public keys, 64 hex digits each, concatenated (one string clones faster than many). */
  readonly senders: string;
  /** The signatures, 128 hex digits each, concatenated. */
  readonly signatures: string;
}

/** The answer: `ok[i]` is 1 when item i verifies. */
export interface VerifyAnswer {
  readonly id: number;
  readonly ok: Uint8Array;
}

parentPort?.on('message', (batch: VerifyBatch) => {
  const ok = new Uint8Array(batch.ends.length);
  let start = 0;
  for (let i = 0; i < ok.length; i++) {
    const end = batch.ends[i] as number;
    ok[i] = verifySignedBytes(batch.bytes.subarray(start, end), batch.senders.slice(64 * i, 64 * i + 64), batch.signatures.slice(128 * i, 128 * i + 128)) ? 1 : 0;
    start = end;
  }
  parentPort?.postMessage({ id: batch.id, ok } satisfies VerifyAnswer, [ok.buffer]);
});
