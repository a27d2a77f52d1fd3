/**
 * `CovenantNode`: one validator's chain, assembled from the store, the runtime, the mempool with
 * its signature verifier and the block producer, serving {@link NodeApi}. Opening it on a data
 * directory resumes at the last committed block (NET-04: the store commits each block in one
 * fsynced batch, so there is nothing to repair); genesis is written on first open.
 *
 * Admission is ordered: signatures (and then `tx.proofs`, node/mempool/proof-verifier.ts) are
 * checked in parallel off the main thread, but the nonce and
 * capacity checks run in submission order, so a client pipelining nonces n, n+1, … on one
 * connection never sees them reordered by the verifier.
 *
 * It does NOT speak any protocol (node/rpc does), read configuration files (node/config does) or
 * handle process signals (node/main does).
 * @module
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ContractArtifact } from '../compiler/artifact.ts';
import { compareStrings } from '../compiler/artifact.ts';
import { type Runtime, RuntimeError, createRuntime } from '../runtime/index.ts';
import type { CommittedBlock, CommittedTx, NodeApi, NodeStatus, SubmitOutcome, TxLookup, ViewCall, ViewOutcome } from './api.ts';
import { CHAIN_DIR, type NodeConfig } from './config.ts';
import { NodeError, isNodeError } from './errors.ts';
import { type ExecutionSource, NONCE_ADDRESS, NONCE_KEY_PREFIX, applyBlock, cachedSource, readNonce } from './execution/index.ts';
import {
  type Dropped, Mempool, type ProofPool, type SignatureVerifier, checkTxProofs, createInlineProofPool, createInlineVerifier, createWorkerProofPool, createWorkerVerifier,
} from './mempool/index.ts';
import { BlockProducer } from './producer/index.ts';
import { type ChainStore, type StoredEvent, openChainStore } from './store/index.ts';
import { GENESIS_PREV_HASH, type JsonValue, type SignedTx, blockHash, encodeTx, txId, txSenderAddress } from './types/index.ts';

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
const ZERO_ADDRESS = '0'.repeat(40);
/** Bound of the node's small caches (committed nonces, faulted transaction ids). */
const MAX_REMEMBERED = 65_536;
const LOCATION = /^(.+):([1-9][0-9]*):([1-9][0-9]*)$/;

/** Options of {@link CovenantNode.open} beyond the configuration. */
export interface NodeOptions {
  /** Proposer clock, ms since the epoch (default `Date.now`); tests and devnet time travel replace it. */
  readonly clock?: () => bigint;
  readonly log?: (line: string) => void;
}

interface Waiter {
  readonly resolve: (c: CommittedTx) => void;
  readonly reject: (e: unknown) => void;
}

/** A running single-validator node. */
export class CovenantNode implements NodeApi {
  readonly config: NodeConfig;
  readonly #store: ChainStore;
  /** The store with decoded code cached; blocks and views read code through it. */
  readonly #source: ExecutionSource;
  readonly #runtime: Runtime;
  readonly #mempool: Mempool;
  readonly #verifier: SignatureVerifier;
  /** Verifies `tx.proofs` at admission; the verdicts go to the cache block execution reads. */
  readonly #proofPool: ProofPool;
  readonly #producer: BlockProducer;
  readonly #log: (line: string) => void;
  /** Transaction objects whose signature this node verified (the producer skips re-checking them). */
  readonly #verified = new WeakSet<SignedTx>();
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #listeners = new Set<(c: CommittedBlock) => void>();
  /** Committed nonces read since the last commit (a LevelDB read per submission otherwise); bounded. */
  readonly #nonces = new Map<string, bigint>();
  /**
   * Recent transactions left out for a node-local fault. Resubmitting one would cost this node
   * the same fault again for nothing, so it is refused (bounded: the oldest are forgotten).
   */
  readonly #faulted = new Set<string>();
  /** Tail of the ordered admission chain. */
  #admission: Promise<void> = Promise.resolve();
  #headTime: bigint;
  #stopped = false;
  /** Devnet time travel: added to the proposer clock. */
  #clockOffset = 0n;
  readonly #baseClock: () => bigint;

  private constructor(config: NodeConfig, store: ChainStore, runtime: Runtime, verifier: SignatureVerifier, proofPool: ProofPool, headTime: bigint, options: NodeOptions) {
    this.config = config;
    this.#store = store;
    this.#source = cachedSource(store);
    this.#runtime = runtime;
    this.#verifier = verifier;
    this.#proofPool = proofPool;
    this.#headTime = headTime;
    this.#log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.#baseClock = options.clock ?? (() => BigInt(Date.now()));
    this.#mempool = new Mempool(config.mempool);
    this.#producer = new BlockProducer({
      store,
      source: this.#source,
      runtime,
      mempool: this.#mempool,
      chainId: config.genesis.chainId,
      limits: config.block,
      clock: () => this.#clock(),
      triggerGasLimit: config.triggerGas,
      preverified: this.#verified,
      log: this.#log,
      onCommitted: (c, dropped) => this.#committed(c, dropped),
      onDropped: (dropped) => this.#dropped(dropped),
      onFaulted: (id) => {
        if (this.#faulted.size >= MAX_REMEMBERED) this.#faulted.delete(this.#faulted.values().next().value as string);
        this.#faulted.add(id);
      },
      onHalt: () => this.#failWaiters(new NodeError('NODE_ERR_UNAVAILABLE', 'block production halted after a node-local fault; see the node log')),
    });
  }

  /**
   * Opens the chain in `config.dataDir` (writing genesis on first open), checks it belongs to
   * `config.genesis`, and starts producing blocks.
   */
  static async open(config: NodeConfig, options: NodeOptions = {}): Promise<CovenantNode> {
    let store: ChainStore;
    try {
      store = await openChainStore(join(config.dataDir, CHAIN_DIR));
    } catch (e) {
      const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
      if (cause?.code === 'LEVEL_LOCKED') {
        throw new NodeError('NODE_ERR_CONFIG', `${config.dataDir} is in use by another running node (its database is locked); stop that node or use another directory`, { cause: e });
      }
      const why = `${e instanceof Error ? e.message : String(e)}${typeof cause?.message === 'string' ? `: ${cause.message}` : ''}`;
      throw new NodeError('NODE_ERR_CONFIG', `cannot open the chain database in ${config.dataDir}: ${why}`, { cause: e });
    }
    const runtime = createRuntime({ maxGasLimit: Number(config.maxTxGas > config.viewGas ? config.maxTxGas : config.viewGas), backstopMs: config.backstopMs });
    try {
      const headTime = await ensureGenesis(store, runtime, config);
      const verifier = config.verifierThreads === 0 ? createInlineVerifier() : createWorkerVerifier(config.verifierThreads);
      // One thread per core, started on the first proof (node/mempool/proof-verifier.ts).
      const proofPool = config.verifierThreads === 0 ? createInlineProofPool() : createWorkerProofPool();
      const node = new CovenantNode(config, store, runtime, verifier, proofPool, headTime, options);
      node.#producer.start();
      return node;
    } catch (e) {
      runtime.dispose();
      await store.close();
      throw e;
    }
  }

  /** Stops admitting, lets the block in progress commit, then closes everything. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#producer.stop();
    this.#failWaiters(new NodeError('NODE_ERR_UNAVAILABLE', 'the node is stopping'));
    await this.#verifier.close();
    await this.#proofPool.close();
    this.#runtime.dispose();
    await this.#store.close();
  }

  status(): NodeStatus {
    const head = this.#head();
    return {
      chainId: this.config.genesis.chainId,
      height: head.height,
      headHash: head.hash,
      headTime: this.#headTime,
      mempoolSize: this.#mempool.size,
      version: VERSION,
      healthy: !this.#producer.halted && !this.#stopped,
    };
  }

  async submitTx(tx: SignedTx): Promise<SubmitOutcome> {
    this.#checkAvailable();
    const id = txId(tx);
    if (this.#mempool.has(id)) return { txId: id, status: 'pending' };
    if (this.#faulted.has(id)) throw new NodeError('NODE_ERR_DROPPED', `transaction ${id} was left out of a block earlier: executing it hit a node-local limit of this node`);
    const sender = txSenderAddress(tx);
    // A used nonce is either this very transaction committed (an idempotent resubmission, NET-14)
    // or a replay (SC-10); only then is the receipt index read.
    if (tx.nonce < this.#committedNonce(sender)) {
      if ((await this.#store.loadReceipt(id)) !== undefined) return { txId: id, status: 'committed' };
    }
    const verified = this.#verifier.verify(tx);
    // Proofs are checked once the signature is (a proof costs ~20 ms, a signature ~0.1).
    const proofs = tx.proofs === undefined ? Promise.resolve() : verified.then((ok) => (ok ? checkTxProofs(tx, (a) => this.#source.loadCodeSync(a), this.#proofPool) : undefined));
    const previous = this.#admission;
    let done!: () => void;
    this.#admission = new Promise<void>((resolve) => (done = resolve));
    try {
      // Wait for the predecessor in every case, even when verification failed, so no later
      // submission overtakes an earlier one (pipelined nonces stay in order).
      const [outcome, , proofOutcome] = await Promise.allSettled([verified, previous, proofs]);
      if (outcome.status === 'rejected') {
        if (this.#stopped) throw new NodeError('NODE_ERR_UNAVAILABLE', 'the node is stopping');
        throw new NodeError('NODE_ERR_INTERNAL', 'the signature could not be checked (a verifier thread failed); retry', { cause: outcome.reason });
      }
      const ok = outcome.value;
      if (!ok) throw new NodeError('NODE_ERR_BAD_SIGNATURE', 'the signature does not verify for "sender"', { field: 'signature' });
      if (proofOutcome.status === 'rejected') {
        if (isNodeError(proofOutcome.reason)) throw proofOutcome.reason;
        if (this.#stopped) throw new NodeError('NODE_ERR_UNAVAILABLE', 'the node is stopping');
        throw new NodeError('NODE_ERR_INTERNAL', 'the proofs could not be checked (a proof verifier thread failed); retry', { cause: proofOutcome.reason });
      }
      this.#checkAvailable();
      if (this.#mempool.has(id)) return { txId: id, status: 'pending' };
      const committedNonce = this.#committedNonce(sender);
      if (tx.nonce < committedNonce && (await this.#store.loadReceipt(id)) !== undefined) return { txId: id, status: 'committed' };
      this.#mempool.add(
        { id, tx, sender, bytes: Buffer.byteLength(encodeTx(tx)) },
        { chainId: this.config.genesis.chainId, nextHeight: this.#head().height + 1n, committedNonce, maxGasLimit: this.config.maxTxGas, maxTxBytes: this.config.block.maxBytes },
      );
      this.#verified.add(tx);
      this.#producer.notify();
      return { txId: id, status: 'accepted' };
    } finally {
      done();
    }
  }

  async waitForTx(id: string, timeoutMs: number, signal?: AbortSignal): Promise<CommittedTx> {
    signal?.throwIfAborted();
    this.#checkAvailable();
    // Pending is checked first and the waiter registered in the same tick: a transaction leaves
    // the mempool in the same tick its waiters are told, after its block is on disk. Checking the
    // store first would leave a gap in which it commits unseen.
    if (!this.#mempool.has(id)) {
      const committed = await this.#committedTx(id);
      if (committed !== undefined) return committed;
      throw new NodeError('NODE_ERR_NOT_FOUND', `transaction ${id} is neither pending nor committed`);
    }
    return new Promise<CommittedTx>((resolve, reject) => {
      let set = this.#waiters.get(id);
      if (set === undefined) this.#waiters.set(id, (set = new Set()));
      const forget = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        set.delete(waiter);
        if (set.size === 0 && this.#waiters.get(id) === set) this.#waiters.delete(id);
      };
      const onAbort = (): void => {
        forget();
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        forget();
        reject(new NodeError('NODE_ERR_TIMEOUT', `transaction ${id} was not committed within ${timeoutMs} ms (it is still pending)`));
      }, timeoutMs);
      timer.unref();
      const waiter: Waiter = {
        resolve: (c) => {
          forget();
          resolve(c);
        },
        reject: (e) => {
          forget();
          reject(e);
        },
      };
      set.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async getTx(id: string): Promise<TxLookup | undefined> {
    const pending = this.#mempool.get(id);
    if (pending !== undefined) return { status: 'pending', tx: pending.tx };
    const stored = await this.#store.loadReceipt(id);
    if (stored === undefined) return undefined;
    if (stored.receipt.trigger !== undefined) return { status: 'committed', height: stored.height, index: stored.index, receipt: stored.receipt };
    const block = await this.#store.loadBlock(stored.height);
    const tx = block?.txs[stored.index];
    if (tx === undefined) throw new Error(`node: receipt of ${id} points at a missing transaction`);
    return { status: 'committed', tx, height: stored.height, index: stored.index, receipt: stored.receipt };
  }

  async getBlock(height: bigint): Promise<CommittedBlock | undefined> {
    const block = await this.#store.loadBlock(height);
    if (block === undefined) return undefined;
    const receipts = await this.#store.loadBlockReceipts(height);
    if (receipts.length < block.txs.length) throw new Error(`node: block ${height} has ${block.txs.length} transactions but ${receipts.length} receipts`);
    return { block, hash: blockHash(block.header), receipts };
  }

  callView(call: ViewCall): ViewOutcome {
    this.#checkAvailable();
    const artifact = this.#source.loadCodeSync(call.contract);
    if (artifact === undefined) throw new NodeError('NODE_ERR_UNKNOWN_CONTRACT', `no contract is deployed at ${call.contract}`, { field: 'address' });
    if (!artifact.abi.entries.some((e) => e.kind === 'view' && e.name === call.view)) {
      throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `contract ${call.contract} has no view ${JSON.stringify(call.view)}`, { field: 'view' });
    }
    const head = this.#head();
    const gas = call.gasLimit === undefined || call.gasLimit > this.config.viewGas ? this.config.viewGas : call.gasLimit;
    const caller = call.caller ?? ZERO_ADDRESS;
    try {
      const r = this.#runtime.execute({
        address: call.contract,
        kind: 'view',
        name: call.view,
        args: call.args,
        caller,
        origin: caller,
        block: { height: head.height, time: this.#headTime },
        gasLimit: Number(gas),
        state: this.#store.state,
        resolve: (a) => this.#source.loadCodeSync(a),
      });
      if (r.status === 'ok') return { status: 'ok', value: (r.value ?? null) as JsonValue, gasUsed: BigInt(r.gasUsed), height: head.height };
      const e = r.error;
      const m = e?.location === undefined ? null : LOCATION.exec(e.location);
      const error = { code: e?.code ?? 'RT_ERR_INTERNAL', message: e?.message ?? 'view failed', ...(m === null ? {} : { location: { path: m[1] as string, line: Number(m[2]), column: Number(m[3]) } }) };
      return { status: 'failed', error, gasUsed: BigInt(r.gasUsed), height: head.height };
    } catch (e) {
      if (e instanceof RuntimeError) throw new NodeError('NODE_ERR_INTERNAL', `the view hit a node-local limit (${e.code})`, { cause: e });
      throw e;
    }
  }

  getState(address: string, key: string): string | undefined {
    return this.#store.state.get(address, key);
  }

  listState(address: string, prefix: string, after: string | undefined, limit: number): readonly string[] {
    // The store answers in sorted order (its key index); `after` is found by binary search.
    const keys = this.#store.state.keys(address, prefix);
    let lo = 0;
    if (after !== undefined) {
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareStrings(keys[mid] as string, after) <= 0) lo = mid + 1;
        else hi = mid;
      }
    }
    return keys.slice(lo, lo + limit);
  }

  getCode(address: string): Promise<ContractArtifact | undefined> {
    return this.#store.loadCode(address);
  }

  getEvents(contract: string, fromHeight: bigint, limit: number): Promise<readonly StoredEvent[]> {
    return this.#store.loadEvents(contract, fromHeight, limit);
  }

  nextNonce(account: string): bigint {
    return this.#mempool.nextNonce(account, this.#committedNonce(account));
  }

  /** The proposer clock: the base clock plus any devnet time travel. */
  #clock(): bigint {
    return this.#baseClock() + this.#clockOffset;
  }

  advanceTime(ms: bigint): bigint {
    if (!this.config.devnet) throw new NodeError('NODE_ERR_UNAVAILABLE', 'time travel is only for development chains (devnet: true in config.json)');
    if (ms < 0n) throw new NodeError('NODE_ERR_INVALID_REQUEST', 'time only moves forward', { field: 'ms' });
    this.#clockOffset += ms;
    // Scheduled triggers may be due now: let the producer look.
    this.#producer.notify();
    return this.#clock();
  }

  onCommit(listener: (committed: CommittedBlock) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #head(): { readonly height: bigint; readonly hash: string } {
    const head = this.#store.head;
    if (head === undefined) throw new Error('node: no genesis block');
    return head;
  }

  #committedNonce(account: string): bigint {
    let nonce = this.#nonces.get(account);
    if (nonce === undefined) {
      nonce = readNonce(this.#store.state.get(NONCE_ADDRESS, NONCE_KEY_PREFIX + account));
      // Any address can be asked about (account_nonce), so the cache is bounded.
      if (this.#nonces.size >= MAX_REMEMBERED) this.#nonces.clear();
      this.#nonces.set(account, nonce);
    }
    return nonce;
  }

  #checkAvailable(): void {
    if (this.#stopped) throw new NodeError('NODE_ERR_UNAVAILABLE', 'the node is stopping');
    if (this.#producer.halted) throw new NodeError('NODE_ERR_UNAVAILABLE', 'block production halted after a node-local fault; see the node log');
  }

  async #committedTx(id: string): Promise<CommittedTx | undefined> {
    const stored = await this.#store.loadReceipt(id);
    return stored === undefined ? undefined : { txId: id, height: stored.height, index: stored.index, receipt: stored.receipt };
  }

  #committed(c: CommittedBlock, dropped: readonly Dropped[]): void {
    // The store's state moved to this block in the same tick; cached nonces are stale.
    this.#nonces.clear();
    this.#headTime = c.block.header.time;
    const height = c.block.header.height;
    c.receipts.forEach((receipt, index) => {
      const set = this.#waiters.get(receipt.txId);
      if (set === undefined) return;
      this.#waiters.delete(receipt.txId);
      for (const w of set) w.resolve({ txId: receipt.txId, height, index, receipt });
    });
    this.#dropped(dropped);
    for (const listener of this.#listeners) {
      try {
        listener(c);
      } catch (e) {
        this.#log(`commit listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  #dropped(dropped: readonly Dropped[]): void {
    for (const d of dropped) {
      const set = this.#waiters.get(d.entry.id);
      if (set === undefined) continue;
      this.#waiters.delete(d.entry.id);
      for (const w of set) w.reject(new NodeError('NODE_ERR_DROPPED', `transaction ${d.entry.id} was dropped: ${d.reason}`));
    }
  }

  #failWaiters(e: NodeError): void {
    for (const set of this.#waiters.values()) for (const w of set) w.reject(e);
    this.#waiters.clear();
  }
}

/**
 * Writes block 0 (no transactions, the genesis time) on first open, or checks that the stored
 * chain is this genesis's; returns the head block's time.
 */
async function ensureGenesis(store: ChainStore, runtime: Runtime, config: NodeConfig): Promise<bigint> {
  const { chainId, genesisTime } = config.genesis;
  if (store.head === undefined) {
    const r = await applyBlock({ runtime, source: store, chainId, height: 0n, time: genesisTime, prevHash: GENESIS_PREV_HASH, txs: [] });
    await store.saveBlock(0n, r.block, [], r.stateDiff, { height: 0n, hash: blockHash(r.block.header) });
    return genesisTime;
  }
  const genesis = await store.loadBlock(0n);
  if (genesis === undefined || genesis.header.chainId !== chainId || genesis.header.time !== genesisTime) {
    throw new NodeError('NODE_ERR_CONFIG', `the chain in ${config.dataDir} was not created from this genesis (chain ${chainId}, time ${genesisTime})`);
  }
  const head = await store.loadBlock(store.head.height);
  if (head === undefined) throw new Error(`node: head block ${store.head.height} is missing`);
  return head.header.time;
}

/** Whether `e` is the node refusing input (as opposed to an internal fault). */
export function isRefusal(e: unknown): e is NodeError {
  return isNodeError(e) && e.code !== 'NODE_ERR_INTERNAL';
}
