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

/** One request: `messages[i]` signed by `senders[i]` with `signatures[i]`. */
export interface VerifyBatch {
  readonly id: number;
  readonly messages: readonly Uint8Array[];
  readonly senders: readonly string[];
  readonly signatures: readonly string[];
}

/** The answer: `ok[i]` is 1 when item i verifies. */
export interface VerifyAnswer {
  readonly id: number;
  readonly ok: Uint8Array;
}

parentPort?.on('message', (batch: VerifyBatch) => {
  const ok = new Uint8Array(batch.messages.length);
  for (let i = 0; i < ok.length; i++) ok[i] = verifySignedBytes(batch.messages[i] as Uint8Array, batch.senders[i] as string, batch.signatures[i] as string) ? 1 : 0;
  parentPort?.postMessage({ id: batch.id, ok } satisfies VerifyAnswer, [ok.buffer]);
});
