/**
 * `NodeApi`: what a running node offers to its RPC server (and to in-process users such as tests
 * and benchmarks). The RPC layer (`node/rpc/`) maps JSON-RPC methods onto it one to one
 * (docs/rpc.md); the node (`node/node.ts`) implements it over the chain store, mempool and block
 * producer. Keeping this seam narrow is what lets a consensus engine replace the single-validator
 * producer later without touching the RPC layer.
 *
 * It does NOT do I/O itself, encode JSON, or define the wire protocol.
 * @module
 */
import type { ContractArtifact } from '../compiler/artifact.ts';
import type { StoredEvent } from './store/index.ts';
import type { Block, JsonValue, Receipt, ReceiptError, SignedTx } from './types/index.ts';

/** A committed block with its hash and its receipts: one per transaction, then one per trigger run. */
export interface CommittedBlock {
  readonly block: Block;
  readonly hash: string;
  readonly receipts: readonly Receipt[];
}

/** The node's state at a glance. */
export interface NodeStatus {
  readonly chainId: string;
  /** Height of the last committed block (genesis is 0). */
  readonly height: bigint;
  readonly headHash: string;
  /** Consensus time of the last committed block, ms since the Unix epoch. */
  readonly headTime: bigint;
  /** Pending transactions. */
  readonly mempoolSize: number;
  /** The node software's version (package.json). */
  readonly version: string;
  /** False once block production halted after a node-local fault (NODE_ERR_UNAVAILABLE). */
  readonly healthy: boolean;
}

/**
 * Outcome of a submission. Submitting is idempotent by transaction id (NET-14): a transaction
 * already pending answers `pending`, one already in a block answers `committed`; neither is
 * applied twice.
 */
export interface SubmitOutcome {
  readonly txId: string;
  /** `accepted`: newly admitted; `pending`: was already in the mempool; `committed`: already in a block. */
  readonly status: 'accepted' | 'pending' | 'committed';
}

/** Where a transaction is. */
export type TxLookup =
  | { readonly status: 'pending'; readonly tx: SignedTx }
  /** Committed; `tx` is absent for a trigger run (its receipt's `trigger` says what ran). */
  | { readonly status: 'committed'; readonly tx?: SignedTx; readonly height: bigint; readonly index: number; readonly receipt: Receipt };

/** Result of a view call against committed state (read-only, not a transaction). */
export interface ViewOutcome {
  readonly status: 'ok' | 'failed';
  /** The view's return value (docs/artifact.md Values), when `ok`. */
  readonly value?: JsonValue;
  readonly error?: ReceiptError;
  readonly gasUsed: bigint;
  /** Height of the state the view read. */
  readonly height: bigint;
}

/** Parameters of {@link NodeApi.callView}. */
export interface ViewCall {
  readonly contract: string;
  readonly view: string;
  readonly args: readonly JsonValue[];
  /** `ctx.caller` of the view (an address); default the zero address. */
  readonly caller?: string;
  /** Gas limit; default and maximum are node settings. */
  readonly gasLimit?: bigint;
}

/** The committed receipt of a transaction, awaited. */
export interface CommittedTx {
  readonly txId: string;
  readonly height: bigint;
  readonly index: number;
  readonly receipt: Receipt;
}

/**
 * Everything the RPC server needs. Methods throw `NodeError` for bad input (`NODE_ERR_*`); any other
 * exception is an internal fault.
 */
export interface NodeApi {
  status(): NodeStatus;
  /**
   * Admits a decoded signed transaction into the mempool: signature, chain, expiry, nonce (against
   * committed state plus the sender's pending transactions), gas limit, capacity. Throws
   * `NodeError` (`NODE_ERR_BAD_SIGNATURE`, `NODE_ERR_WRONG_CHAIN`, `NODE_ERR_EXPIRED`,
   * `NODE_ERR_NONCE`, `NODE_ERR_INVALID_TX`, `NODE_ERR_MEMPOOL_FULL`, `NODE_ERR_UNAVAILABLE`).
   */
  submitTx(tx: SignedTx): Promise<SubmitOutcome>;
  /**
   * Resolves when `txId` is committed (immediately if it already is); rejects with
   * `NODE_ERR_DROPPED` if it leaves the mempool without inclusion, `NODE_ERR_TIMEOUT` after
   * `timeoutMs`, `NODE_ERR_NOT_FOUND` if it is neither pending nor committed,
   * `NODE_ERR_UNAVAILABLE` if the node stops or halted. Aborting `signal` removes the wait at once
   * (the promise rejects with `signal.reason`): a waiter whose asker is gone must not stay registered.
   */
  waitForTx(txId: string, timeoutMs: number, signal?: AbortSignal): Promise<CommittedTx>;
  /** The transaction, pending or committed, or `undefined`. */
  getTx(txId: string): Promise<TxLookup | undefined>;
  /** The committed block at `height` with its receipts, or `undefined`. */
  getBlock(height: bigint): Promise<CommittedBlock | undefined>;
  /** Runs a view on committed head state (`NODE_ERR_UNKNOWN_CONTRACT` if nothing is deployed there). */
  callView(call: ViewCall): ViewOutcome;
  /** The committed text under `key` of contract `address`, or `undefined`. */
  getState(address: string, key: string): string | undefined;
  /** Committed keys of `address` starting with `prefix`, sorted, after `after` (exclusive), at most `limit`. */
  listState(address: string, prefix: string, after: string | undefined, limit: number): readonly string[];
  /** The artifact deployed at `address`, or `undefined`. */
  getCode(address: string): Promise<ContractArtifact | undefined>;
  /** Committed events of `contract` from block `fromHeight` on, in chain order, at most `limit`. */
  getEvents(contract: string, fromHeight: bigint, limit: number): Promise<readonly StoredEvent[]>;
  /** The account's next nonce: committed, plus its pending transactions in the mempool. */
  nextNonce(account: string): bigint;
  /**
   * Calls `listener` after each block commit, in height order, synchronously after the commit is
   * on disk. Returns the unsubscribe function. A throwing listener is logged and kept.
   */
  onCommit(listener: (committed: CommittedBlock) => void): () => void;
  /**
   * Devnet only (`devnet: true` in config.json): moves the proposer clock forward by `ms`, so the
   * next blocks carry the later time and scheduled triggers fall due; returns the new clock time.
   * Throws `NODE_ERR_UNAVAILABLE` on any other chain. Time never moves back.
   */
  advanceTime(ms: bigint): bigint;
}
