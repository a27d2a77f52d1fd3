/**
 * The single-validator block producer, with smart batching: it seals a block as soon as anything
 * is pending and takes everything that arrived meanwhile (up to the block limits) into the next
 * one. At low load a transaction waits only for its own block (one execution and one fsync); at
 * high load, blocks grow while the previous one executes and commits, so the fsync is shared by
 * more transactions and throughput rises with load (the batching of group commit and of the
 * LMAX Disruptor's "smart batching").
 *
 * One block at a time: reap → `applyBlock` → `saveBlock` (one fsynced batch) → mempool update →
 * listeners. A transaction that makes the runtime fault (GAS-06: a backstop fired) is left out of
 * the block with its sender's later ones (applyBlock's proposer mode, no re-execution) and dropped;
 * no receipt for it ever exists. Any other failure halts
 * production (the node reports itself unhealthy) rather than commit something doubtful.
 *
 * This is the seam where BFT consensus goes later: a proposer would hand the reaped block to the
 * engine instead of committing it directly, and commit what the engine decides.
 *
 * It does NOT admit transactions, serve reads or own the store's lifecycle.
 * @module
 */
import type { Runtime } from '../../runtime/index.ts';
import { type ExecutionSource, NONCE_ADDRESS, NONCE_KEY_PREFIX, applyBlock, dateOfTime, nextScheduledDate, readNonce, triggersDue } from '../execution/index.ts';

const DAY_MS = 86_400_000n;
const HOUR_MS = 3_600_000;
import type { Dropped, Mempool } from '../mempool/index.ts';
import type { ChainStore } from '../store/index.ts';
import { type Block, type Receipt, type SignedTx, blockHash } from '../types/index.ts';

/** Limits of one block. */
export interface BlockLimits {
  readonly maxTxs: number;
  readonly maxGas: bigint;
  readonly maxBytes: number;
}

/** What the producer works with. */
export interface ProducerParameters {
  readonly store: ChainStore;
  /** What blocks execute on: `store`, perhaps with a code cache (`cachedSource`). */
  readonly source: ExecutionSource;
  readonly runtime: Runtime;
  readonly mempool: Mempool;
  readonly chainId: string;
  readonly limits: BlockLimits;
  /** Proposer time in ms since the epoch; a block's time is the later of this and its parent's + 1. */
  readonly clock: () => bigint;
  /** Gas limit of each trigger run (network setting). */
  readonly triggerGasLimit?: bigint;
  /** Transactions whose signatures the node verified at admission. */
  readonly preverified: { has(tx: SignedTx): boolean };
  readonly proposer?: string;
  /** After each durable commit, before the next block starts. */
  readonly onCommitted: (committed: { readonly block: Block; readonly hash: string; readonly receipts: readonly Receipt[] }, dropped: readonly Dropped[]) => void;
  /** Transactions dropped without a block (runtime fault, expiry). */
  readonly onDropped: (dropped: readonly Dropped[]) => void;
  /** A transaction was left out because executing it hit a node-local fault. */
  readonly onFaulted?: (txId: string) => void;
  /** Production halted on an unexpected error. */
  readonly onHalt: (error: unknown) => void;
  readonly log: (line: string) => void;
}

/** Produces blocks while started; see the module comment. */
export class BlockProducer {
  readonly #p: ProducerParameters;
  #running = false;
  #halted: unknown = undefined;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  /** Time of the head block, read once from the store and then kept. */
  #headTime: bigint | undefined;

  constructor(parameters: ProducerParameters) {
    this.#p = parameters;
  }

  /** Whether production stopped on an error. */
  get halted(): boolean {
    return this.#halted !== undefined;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Something became pending: seal a block now if idle. */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Stops after the block in progress is committed (a commit is never cut short by a stop). */
  async stop(): Promise<void> {
    this.#running = false;
    this.notify();
    await this.#loop;
  }

  async #run(): Promise<void> {
    try {
      while (this.#running) {
        if (this.#p.mempool.size === 0 && !this.#triggersDue()) {
          await this.#sleep();
          continue;
        }
        const progressed = await this.#produce();
        // Nothing could be taken (every pending transaction blocked): wait for news instead of spinning.
        if (!progressed) await this.#sleep();
      }
    } catch (e) {
      this.#halted = e;
      this.#running = false;
      this.#p.log(`block production halted: ${e instanceof Error ? e.message : String(e)}`);
      this.#p.onHalt(e);
    }
  }

  /** Whether a block now would run triggers (queued events, or scheduled dates due today). */
  #triggersDue(): boolean {
    return triggersDue(this.#p.source.state, (a) => this.#p.source.loadCodeSync(a), dateOfTime(this.#p.clock()));
  }

  /**
   * Waits for news: a submission (notify), or the next date a scheduled trigger falls due (checked
   * at least hourly, so a clock moved forward is noticed).
   */
  async #sleep(): Promise<void> {
    const now = this.#p.clock();
    const next = nextScheduledDate(this.#p.source.state, (a) => this.#p.source.loadCodeSync(a), dateOfTime(now));
    const wait = next === undefined ? HOUR_MS : Math.max(1, Math.min(HOUR_MS, Number(BigInt(next) * DAY_MS - now)));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, wait);
      timer.unref();
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Builds and commits one block; false when nothing was reapable. */
  async #produce(): Promise<boolean> {
    const { store, mempool } = this.#p;
    const head = store.head;
    if (head === undefined) throw new Error('producer: the store has no genesis block');
    const height = head.height + 1n;
    const expired = mempool.dropExpired(height);
    if (expired.length > 0) this.#p.onDropped(expired);
    const txs = mempool.reap(this.#p.limits).map((e) => e.tx);
    if (txs.length === 0 && !this.#triggersDue()) return false;
    this.#headTime ??= (await store.loadBlock(head.height))?.header.time ?? 0n;
    const parentTime = this.#headTime;
    const now = this.#p.clock();
    const time = now > parentTime ? now : parentTime + 1n;

    const r = await applyBlock({
      runtime: this.#p.runtime,
      source: this.#p.source,
      chainId: this.#p.chainId,
      height,
      time,
      prevHash: head.hash,
      txs,
      maxBlockGas: this.#p.limits.maxGas,
      preverified: this.#p.preverified,
      // GAS-06: a transaction this node cannot execute within its local limits is left out, not
      // given a "failed" receipt another node might not agree with; the rest of the block stands.
      skipFaults: true,
      ...(this.#p.triggerGasLimit === undefined ? {} : { triggerGasLimit: this.#p.triggerGasLimit }),
      ...(this.#p.proposer === undefined ? {} : { proposer: this.#p.proposer }),
    });
    const left: Dropped[] = [];
    for (const skip of r.skipped) {
      if (skip.code !== undefined) {
        this.#p.log(`left out ${skip.txId}: ${skip.reason}`);
        this.#p.onFaulted?.(skip.txId);
      }
      left.push(...mempool.drop(skip.txId, skip.code === undefined ? skip.reason : `node-local fault while executing it (${skip.code}); not included`));
    }
    if (left.length > 0) this.#p.onDropped(left);
    if (r.block.txs.length === 0 && r.receipts.length === 0 && r.stateDiff.length === 0) return true;
    const hash = blockHash(r.block.header);
    await store.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash });
    this.#headTime = time;
    const committedNonce = (sender: string): bigint => readNonce(store.state.get(NONCE_ADDRESS, NONCE_KEY_PREFIX + sender));
    const dropped = mempool.removeCommitted(r.receipts.map((x) => x.txId), { nextHeight: height + 1n, committedNonce });
    this.#p.onCommitted({ block: r.block, hash, receipts: r.receipts }, dropped);
    return true;
  }
}
