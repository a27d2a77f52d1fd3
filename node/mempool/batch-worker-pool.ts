/**
 * A pool of worker threads that answer yes/no for batches of items: the machinery the signature
 * verifier and the proof pool share. Requests of one tick are gathered and split evenly over the
 * live workers, one message each, the least loaded first; a worker answers `{ id, ok }` with one
 * `1`/`0` per item, in order. A worker that dies (error or exit) fails its in-flight items (their
 * promises reject) and is replaced, waiting longer after each death in a row (50 ms doubling, at
 * most 5 s) so a worker that cannot start does not spin; one that answers resets the delay.
 * Workers are unreferenced while idle, so a pool never keeps the process alive by itself.
 *
 * Workers run with the parent's flags minus `--no-node-snapshot` (isolated-vm's flag, which
 * worker threads refuse).
 *
 * It does NOT know what the items are: `encode` builds the message of a batch.
 * @module
 */
import { Worker } from 'node:worker_threads';

/** The answer of a worker to one batch. */
export interface BatchAnswer {
  readonly id: number;
  /** One entry per item: 1 yes, anything else no. */
  readonly ok: ArrayLike<number>;
}

/** Options of {@link createBatchWorkerPool}. */
export interface BatchWorkerPoolOptions<I> {
  /** The worker module. */
  readonly url: URL;
  /** What the workers do, for messages: `signature`, `proof`. */
  readonly name: string;
  readonly threads: number;
  /** Largest batch sent to one worker at once. */
  readonly maxBatch: number;
  /** Start the workers on the first request instead of at once. */
  readonly lazy?: boolean;
  /** The message for batch `id` of `items`, and the buffers to transfer with it. */
  encode(id: number, items: readonly I[]): { readonly message: unknown; readonly transfer?: readonly ArrayBuffer[] };
}

/** A running pool. */
export interface BatchWorkerPool<I> {
  /** The worker's answer for `item`; rejects if the worker dies or the pool is closed first. */
  run(item: I): Promise<boolean>;
  /** Rejects what is queued and terminates the workers. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (ok: boolean) => void;
  readonly reject: (e: unknown) => void;
}

const WORKER_EXEC_ARGV = process.execArgv.filter((a) => a !== '--no-node-snapshot');

/** Starts a pool (see the module comment). */
export function createBatchWorkerPool<I>(options: BatchWorkerPoolOptions<I>): BatchWorkerPool<I> {
  const { url, name, threads, maxBatch } = options;
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`a ${name} worker pool needs at least one thread`);
  const workers: (Worker | undefined)[] = [];
  /** Deaths in a row per slot, for the respawn delay. */
  const deaths: number[] = [];
  /** Whether the worker in a slot is running (false while a dead one waits to be replaced). */
  const alive: boolean[] = [];
  /** Items in flight per slot. */
  const load: number[] = [];
  const inFlight = new Map<number, { readonly worker: Worker; readonly items: readonly Pending[] }>();
  let queue: { item: I; pending: Pending }[] = [];
  let scheduled = false;
  let started = false;
  let nextId = 0;
  let closed = false;

  const idle = (worker: Worker): void => {
    for (const b of inFlight.values()) if (b.worker === worker) return;
    worker.unref();
  };

  const spawn = (slot: number): void => {
    const worker = new Worker(url, { execArgv: WORKER_EXEC_ARGV });
    worker.unref();
    worker.on('message', (answer: BatchAnswer) => {
      deaths[slot] = 0;
      const batch = inFlight.get(answer.id);
      if (batch === undefined) return;
      inFlight.delete(answer.id);
      load[slot] = (load[slot] ?? 0) - batch.items.length;
      idle(worker);
      batch.items.forEach((p, i) => p.resolve(answer.ok[i] === 1));
    });
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      alive[slot] = false;
      for (const [id, batch] of inFlight) {
        if (batch.worker !== worker) continue;
        inFlight.delete(id);
        for (const p of batch.items) p.reject(e);
      }
      load[slot] = 0;
      if (!closed && workers[slot] === worker) {
        const delay = Math.min(5_000, 50 * 2 ** Math.min(deaths[slot] ?? 0, 7));
        deaths[slot] = (deaths[slot] ?? 0) + 1;
        setTimeout(() => {
          if (!closed && workers[slot] === worker) spawn(slot);
        }, delay).unref();
      }
    };
    worker.on('error', (e) => fail(new Error(`${name} worker failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })));
    worker.on('exit', (code) => fail(new Error(`${name} worker exited with code ${code}`)));
    workers[slot] = worker;
    alive[slot] = true;
    load[slot] = 0;
  };
  const start = (): void => {
    started = true;
    for (let i = 0; i < threads; i++) spawn(i);
  };
  if (options.lazy !== true) start();

  const flush = (): void => {
    scheduled = false;
    const all = queue;
    queue = [];
    const live: number[] = [];
    for (let i = 0; i < threads; i++) if (alive[i] === true) live.push(i);
    if (live.length === 0) {
      const e = new Error(`no ${name} verifier thread is running`);
      for (const q of all) q.pending.reject(e);
      return;
    }
    // Even chunks, one per worker, to the least loaded workers first.
    const chunk = Math.max(1, Math.min(maxBatch, Math.ceil(all.length / live.length)));
    for (let at = 0; at < all.length; at += chunk) {
      const part = all.slice(at, at + chunk);
      const slot = live.reduce((best, s) => ((load[s] ?? 0) < (load[best] ?? 0) ? s : best), live[0] as number);
      const worker = workers[slot] as Worker;
      const id = nextId++;
      inFlight.set(id, { worker, items: part.map((q) => q.pending) });
      load[slot] = (load[slot] ?? 0) + part.length;
      const { message, transfer } = options.encode(id, part.map((q) => q.item));
      worker.ref();
      worker.postMessage(message, transfer === undefined ? undefined : [...transfer]);
    }
  };

  return {
    run(item) {
      if (closed) return Promise.reject(new Error(`${name} verifier is closed`));
      if (!started) start();
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ item, pending: { resolve, reject } });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const e = new Error(`${name} verifier is closed`);
      for (const q of queue) q.pending.reject(e);
      queue = [];
      await Promise.all(workers.map((w) => w?.terminate()));
    },
  };
}
