/**
 * The mempool: transactions admitted but not yet in a block, by id and by sender, in admission
 * order (CometBFT's CList mempool: FIFO, one entry per id). Admission here is the cheap,
 * synchronous part: duplicate id (idempotent, NET-14), chain id, expiry, gas limit, capacity, and
 * the nonce, which must be exactly the sender's next one counting its pending transactions, so
 * every pending transaction of an account is executable in order and a block never carries a gap.
 * Signatures are checked before this (off the main thread: `signature-verifier.ts`).
 *
 * It does NOT verify signatures, execute anything, read storage (the caller passes the committed
 * nonce), or keep anything across restarts: an `accepted` transaction is in memory only until a
 * block commits it (docs/rpc.md, NET-14).
 * @module
 */
import { NodeError } from '../errors.ts';
import { type SignedTx, checkTxValidity } from '../types/index.ts';

/** Capacity limits; a full pool answers NODE_ERR_MEMPOOL_FULL, it never evicts admitted transactions to make room. */
export interface MempoolLimits {
  /** Most pending transactions. */
  readonly maxTxs: number;
  /** Most bytes of pending transactions (their wire size). */
  readonly maxBytes: number;
  /** Most pending transactions of one account. */
  readonly maxPerAccount: number;
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = { maxTxs: 200_000, maxBytes: 512 * 1024 * 1024, maxPerAccount: 50_000 };

/** One pending transaction. */
export interface MempoolEntry {
  readonly id: string;
  readonly tx: SignedTx;
  /** Sender address. */
  readonly sender: string;
  /** Wire size in bytes (counted against `maxBytes`). */
  readonly bytes: number;
}

/** Chain facts admission compares a transaction with. */
export interface AdmissionContext {
  readonly chainId: string;
  /** Height of the next block: a transaction whose `expiry` is below it can never be included. */
  readonly nextHeight: bigint;
  /** The sender's committed next nonce. */
  readonly committedNonce: bigint;
  /** Largest gas limit a block can take (GAS-07). */
  readonly maxGasLimit: bigint;
  /** Largest transaction a block can take, in bytes; a larger one could never be included. */
  readonly maxTxBytes?: number;
}

/** Why pending transactions left without being committed. */
export interface Dropped {
  readonly entry: MempoolEntry;
  readonly reason: string;
}

/** Reap limits for one block. */
export interface ReapLimits {
  readonly maxTxs: number;
  readonly maxGas: bigint;
  readonly maxBytes: number;
}

/**
 * Pending transactions in admission order. Entries reaped into a block under construction stay
 * pending (so a duplicate submission still says `pending`) until {@link Mempool.removeCommitted}.
 */
export class Mempool {
  readonly #limits: MempoolLimits;
  /** Admission order; Map iteration order is insertion order, which is the FIFO. */
  readonly #byId = new Map<string, MempoolEntry>();
  /** Sender address → its pending entries by ascending nonce (contiguous from the committed nonce). */
  readonly #bySender = new Map<string, MempoolEntry[]>();
  #bytes = 0;
  /** No pending expiry is below this (a lower bound), so most blocks skip the expiry scan. */
  #minExpiry = U64_MAX;

  constructor(limits: Partial<MempoolLimits> = {}) {
    this.#limits = { ...DEFAULT_MEMPOOL_LIMITS, ...limits };
  }

  get size(): number {
    return this.#byId.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  get(id: string): MempoolEntry | undefined {
    return this.#byId.get(id);
  }

  /** The sender's next nonce counting pending transactions: what its next submission must carry. */
  nextNonce(sender: string, committedNonce: bigint): bigint {
    // From the pending run itself when there is one: the store may already show a block whose
    // transactions are still here until removeCommitted, and adding the two would count them twice.
    const last = this.#bySender.get(sender)?.at(-1);
    return last === undefined ? committedNonce : last.tx.nonce + 1n;
  }

  /**
   * Admits `entry` or throws `NodeError`: NODE_ERR_WRONG_CHAIN, NODE_ERR_EXPIRED, NODE_ERR_NONCE
   * (used, already pending under another id, or ahead of the pending run), NODE_ERR_INVALID_TX (gas
   * limit above the block's), NODE_ERR_MEMPOOL_FULL. The caller handles duplicates of pending ids
   * first (idempotent answer), so a duplicate here is a bug.
   */
  add(entry: MempoolEntry, context: AdmissionContext): void {
    if (this.#byId.has(entry.id)) throw new Error(`mempool: ${entry.id} is already pending`);
    const pending = this.#bySender.get(entry.sender);
    const expectedNonce = this.nextNonce(entry.sender, context.committedNonce);
    if (pending !== undefined && entry.tx.nonce < expectedNonce && entry.tx.nonce >= context.committedNonce) {
      const holder = pending.find((e) => e.tx.nonce === entry.tx.nonce);
      if (holder !== undefined) throw new NodeError('NODE_ERR_NONCE', `nonce ${entry.tx.nonce} is already taken by pending transaction ${holder.id}`, { field: 'nonce' });
    }
    checkTxValidity(entry.tx, { chainId: context.chainId, height: context.nextHeight, expectedNonce, maxGasLimit: context.maxGasLimit });
    if (context.maxTxBytes !== undefined && entry.bytes + 1 > context.maxTxBytes) {
      throw new NodeError('NODE_ERR_TX_TOO_LARGE', `transaction is ${entry.bytes} bytes; this node's blocks take at most ${context.maxTxBytes - 1}`);
    }
    if (this.#byId.size >= this.#limits.maxTxs) throw full(`${this.#limits.maxTxs} pending transactions`);
    if (this.#bytes + entry.bytes > this.#limits.maxBytes) throw full(`${this.#limits.maxBytes} pending bytes`);
    if ((pending?.length ?? 0) >= this.#limits.maxPerAccount) throw full(`${this.#limits.maxPerAccount} pending transactions for account ${entry.sender}`);
    this.#byId.set(entry.id, entry);
    if (pending === undefined) this.#bySender.set(entry.sender, [entry]);
    else pending.push(entry);
    this.#bytes += entry.bytes;
    if (entry.tx.expiry < this.#minExpiry) this.#minExpiry = entry.tx.expiry;
  }

  /**
   * The oldest pending transactions that fit the limits, in admission order, skipping `exclude`
   * (ids already in a block being built). Admission order keeps each sender's nonces ascending, and
   * a sender's later transaction is never taken once an earlier one was left out, so the result
   * has no nonce gap.
   */
  reap(limits: ReapLimits, exclude?: ReadonlySet<string>): MempoolEntry[] {
    const out: MempoolEntry[] = [];
    const blocked = new Set<string>();
    let gas = 0n;
    let bytes = 0;
    for (const entry of this.#byId.values()) {
      if (out.length >= limits.maxTxs) break;
      if (exclude?.has(entry.id) === true || blocked.has(entry.sender)) continue;
      // A comma separates transactions in the encoded block.
      if (gas + entry.tx.gasLimit > limits.maxGas || bytes + entry.bytes + 1 > limits.maxBytes) {
        blocked.add(entry.sender);
        continue;
      }
      gas += entry.tx.gasLimit;
      bytes += entry.bytes + 1;
      out.push(entry);
    }
    return out;
  }

  /**
   * Removes the committed ids, then every entry that can no longer be included: a nonce below the
   * sender's new committed nonce, an expiry below `nextHeight`, or a successor of such an entry
   * (its nonce would leave a gap). Returns the dropped entries with their reason.
   */
  removeCommitted(ids: Iterable<string>, context: { readonly nextHeight: bigint; readonly committedNonce: (sender: string) => bigint }): Dropped[] {
    const touched = new Set<string>();
    for (const id of ids) {
      const entry = this.#byId.get(id);
      if (entry === undefined) continue;
      this.#byId.delete(id);
      this.#bytes -= entry.bytes;
      touched.add(entry.sender);
    }
    const dropped: Dropped[] = [];
    for (const sender of touched) {
      // One pass per sender and block, not a splice per transaction: one account may have tens of
      // thousands pending under load.
      const pending = (this.#bySender.get(sender) ?? []).filter((e) => this.#byId.has(e.id));
      this.#bySender.set(sender, pending);
      const committed = context.committedNonce(sender);
      let keep = 0;
      let expect = committed;
      let reason = '';
      const gone: MempoolEntry[] = [];
      for (const entry of pending) {
        if (reason === '' && entry.tx.nonce !== expect) reason = entry.tx.nonce < expect ? `nonce ${entry.tx.nonce} was used by another transaction` : `nonce ${entry.tx.nonce} follows a transaction that was dropped`;
        if (reason !== '') {
          dropped.push({ entry, reason });
          gone.push(entry);
          continue;
        }
        pending[keep++] = entry;
        expect += 1n;
      }
      this.#truncate(sender, pending, keep, gone);
    }
    dropped.push(...this.dropExpired(context.nextHeight));
    return dropped;
  }

  /**
   * Drops `id` and the sender's later pending transactions (their nonces would leave a gap), for a
   * transaction the node refuses to propose (GAS-06: a node-local fault while executing it).
   */
  drop(id: string, reason: string): Dropped[] {
    const entry = this.#byId.get(id);
    if (entry === undefined) return [];
    const pending = this.#bySender.get(entry.sender) ?? [];
    const at = pending.indexOf(entry);
    const gone = pending.slice(at);
    this.#truncate(entry.sender, pending, at, gone);
    return gone.map((e, i) => ({ entry: e, reason: i === 0 ? reason : `nonce ${e.tx.nonce} follows a transaction that was dropped` }));
  }

  /** Drops transactions whose expiry is below `nextHeight`, with their senders' later ones. */
  dropExpired(nextHeight: bigint): Dropped[] {
    const dropped: Dropped[] = [];
    if (nextHeight <= this.#minExpiry) return dropped;
    for (const entry of [...this.#byId.values()]) {
      if (!this.#byId.has(entry.id) || entry.tx.expiry >= nextHeight) continue;
      dropped.push(...this.drop(entry.id, `expired at height ${entry.tx.expiry}`));
    }
    this.#minExpiry = U64_MAX;
    for (const entry of this.#byId.values()) if (entry.tx.expiry < this.#minExpiry) this.#minExpiry = entry.tx.expiry;
    return dropped;
  }

  #truncate(sender: string, pending: MempoolEntry[], keep: number, gone: readonly MempoolEntry[]): void {
    for (const e of gone) {
      this.#byId.delete(e.id);
      this.#bytes -= e.bytes;
    }
    pending.length = keep;
    if (keep === 0) this.#bySender.delete(sender);
  }
}

const U64_MAX = (1n << 64n) - 1n;

function full(what: string): NodeError {
  return new NodeError('NODE_ERR_MEMPOOL_FULL', `the mempool holds ${what} already; retry later`);
}
