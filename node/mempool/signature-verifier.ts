/**
 * Signature verification for admission, off the main thread. An ed25519 check costs about 140 µs
 * in `node:crypto` (docs: ../shared/docs/performance.md), which would cap a node that checks on its
 * event loop near 7,000 transactions per second with nothing else done; worker threads check
 * batches in parallel while the main thread decodes, executes and commits.
 *
 * Requests are gathered for one tick and sent as one message per worker (a message costs a few
 * microseconds, a check 140), results come back in order of the requests.
 *
 * It does NOT decide admission (the node does, after the answer) or verify anything but the
 * transaction signature (CRY-01, CRY-08 rules of `verifySignedBytes`).
 * @module
 */
import { availableParallelism } from 'node:os';
import { type SignedTx, txSigningBytes, verifyTxSignature } from '../types/index.ts';
import type { VerifyBatch } from './verify-worker.ts';
import { createBatchWorkerPool } from './batch-worker-pool.ts';

/** Checks transaction signatures. */
export interface SignatureVerifier {
  /** Whether `tx`'s signature verifies (never rejects for a bad signature: resolves false). */
  verify(tx: SignedTx): Promise<boolean>;
  close(): Promise<void>;
}

/** Verifies on the calling thread (tests, tools, tiny nodes). */
export function createInlineVerifier(): SignatureVerifier {
  return {
    verify: (tx) => Promise.resolve(verifyTxSignature(tx)),
    close: () => Promise.resolve(),
  };
}

/** Largest batch sent to one worker: bounds the latency one message adds to the first item in it. */
const MAX_BATCH = 256;

/**
 * Verifies on `threads` worker threads (default: the core count, at most 4), through the shared
 * batch pool (batch-worker-pool.ts). A worker that dies fails its in-flight checks with an error
 * (the submissions get NODE_ERR_INTERNAL) and is replaced.
 */
export function createWorkerVerifier(threads = Math.min(4, availableParallelism())): SignatureVerifier {
  const pool = createBatchWorkerPool<SignedTx>({
    url: new URL('./verify-worker.ts', import.meta.url),
    name: 'signature',
    threads,
    maxBatch: MAX_BATCH,
    encode(id, part) {
      // One fresh buffer for the batch, transferred, and one string per field: signing bytes may
      // be views into a shared backing store, which cloning would copy whole, and one clone of
      // a long string is cheaper than fifty of short ones.
      const messages = part.map((tx) => txSigningBytes(tx));
      const ends = new Uint32Array(messages.length);
      let total = 0;
      messages.forEach((m, i) => (ends[i] = total += m.length));
      const bytes = new Uint8Array(total);
      messages.forEach((m, i) => bytes.set(m, i === 0 ? 0 : (ends[i - 1] as number)));
      const batch: VerifyBatch = { id, bytes, ends, senders: part.map((tx) => tx.sender).join(''), signatures: part.map((tx) => tx.signature).join('') };
      return { message: batch, transfer: [bytes.buffer, ends.buffer] };
    },
  });
  return {
    verify(tx) {
      // The batch packs keys and signatures at fixed widths; anything else is not a signature.
      if (typeof tx.sender !== 'string' || tx.sender.length !== 64 || typeof tx.signature !== 'string' || tx.signature.length !== 128) return Promise.resolve(false);
      return pool.run(tx);
    },
    close: () => pool.close(),
  };
}
