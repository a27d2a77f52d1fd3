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
import { Worker } from 'node:worker_threads';
import { type SignedTx, txSigningBytes, verifyTxSignature } from '../types/index.ts';
import type { VerifyAnswer, VerifyBatch } from './verify-worker.ts';

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

interface Pending {
  readonly resolve: (ok: boolean) => void;
  readonly reject: (e: unknown) => void;
}

/** The parent's flags minus the process-wide ones a worker refuses (isolated-vm's --no-node-snapshot). */
const WORKER_EXEC_ARGV = process.execArgv.filter((a) => a !== '--no-node-snapshot');

/** Largest batch sent to one worker: bounds the latency one message adds to the first item in it. */
const MAX_BATCH = 256;

/**
 * Verifies on `threads` worker threads (default: the core count, at most 4). A worker that dies
 * fails its in-flight checks with an error (the submissions get NODE_ERR_INTERNAL) and is replaced.
 */
export function createWorkerVerifier(threads = Math.min(4, availableParallelism())): SignatureVerifier {
  const url = new URL('./verify-worker.ts', import.meta.url);
  const workers: Worker[] = [];
  /** Deaths in a row per slot, for the respawn delay. */
  const deaths: number[] = [];
  /** Whether the worker in a slot is running (false while a dead one waits to be replaced). */
  const alive: boolean[] = [];
  const inFlight = new Map<number, { readonly worker: Worker; readonly items: readonly Pending[] }>();
  let queue: { tx: SignedTx; pending: Pending }[] = [];
  let scheduled = false;
  let nextId = 0;
  let turn = 0;
  let closed = false;

  const spawn = (slot: number): void => {
    const worker = new Worker(url, { execArgv: WORKER_EXEC_ARGV });
    worker.unref();
    worker.on('message', (answer: VerifyAnswer) => {
      deaths[slot] = 0;
      const batch = inFlight.get(answer.id);
      if (batch === undefined) return;
      inFlight.delete(answer.id);
      batch.items.forEach((p, i) => p.resolve(answer.ok[i] === 1));
    });
    const fail = (e: unknown): void => {
      alive[slot] = false;
      for (const [id, batch] of inFlight) {
        if (batch.worker !== worker) continue;
        inFlight.delete(id);
        for (const p of batch.items) p.reject(e);
      }
      // Replace the worker, waiting longer after each death in a row so a worker that cannot
      // start does not spin; a worker that answers resets the delay.
      if (!closed && workers[slot] === worker) {
        const delay = Math.min(5_000, 50 * 2 ** Math.min(deaths[slot] ?? 0, 7));
        deaths[slot] = (deaths[slot] ?? 0) + 1;
        setTimeout(() => {
          if (!closed && workers[slot] === worker) spawn(slot);
        }, delay).unref();
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`signature worker exited with code ${code}`)));
    workers[slot] = worker;
    alive[slot] = true;
  };
  for (let i = 0; i < threads; i++) spawn(i);

  const flush = (): void => {
    scheduled = false;
    const all = queue;
    queue = [];
    const live = workers.filter((_, i) => alive[i] === true);
    if (live.length === 0) {
      const e = new Error('no signature verifier thread is running');
      for (const q of all) q.pending.reject(e);
      return;
    }
    // Spread one tick's requests over the workers in chunks.
    const chunk = Math.max(1, Math.min(MAX_BATCH, Math.ceil(all.length / live.length)));
    for (let at = 0; at < all.length; at += chunk) {
      const part = all.slice(at, at + chunk);
      const worker = live[turn++ % live.length] as Worker;
      const id = nextId++;
      inFlight.set(id, { worker, items: part.map((q) => q.pending) });
      // One fresh buffer for the batch, transferred, and one string per field: signing bytes may
      // be views into a shared backing store, which cloning would copy whole, and one clone of
      // a long string is cheaper than fifty of short ones.
      const messages = part.map((q) => txSigningBytes(q.tx));
      const ends = new Uint32Array(messages.length);
      let total = 0;
      messages.forEach((m, i) => (ends[i] = total += m.length));
      const bytes = new Uint8Array(total);
      messages.forEach((m, i) => bytes.set(m, i === 0 ? 0 : (ends[i - 1] as number)));
      const batch: VerifyBatch = { id, bytes, ends, senders: part.map((q) => q.tx.sender).join(''), signatures: part.map((q) => q.tx.signature).join('') };
      worker.ref();
      worker.postMessage(batch, [bytes.buffer, ends.buffer]);
    }
  };

  return {
    verify(tx) {
      if (closed) return Promise.reject(new Error('signature verifier is closed'));
      // The batch packs keys and signatures at fixed widths; anything else is not a signature.
      if (typeof tx.sender !== 'string' || tx.sender.length !== 64 || typeof tx.signature !== 'string' || tx.signature.length !== 128) return Promise.resolve(false);
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ tx, pending: { resolve, reject } });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }).finally(() => {
        if (inFlight.size === 0) for (const w of workers) w.unref();
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
