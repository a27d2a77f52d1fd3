/**
 * `CovenantClient`: one typed method per JSON-RPC method of docs/rpc.md over one {@link Connection},
 * results decoded into node/types objects with bigint quantities (see `results.ts`), plus typed
 * contract handles (`contract`, `contractAt`).
 *
 * Waiting methods (`submitTx` with `wait`, `waitForTx`) give the node's own `timeoutMs` to the node
 * and wait a grace period longer locally, so the node's `NODE_ERR_TIMEOUT` (which says the
 * transaction is still unknown or pending) normally arrives before the client gives up.
 *
 * It does NOT sign or manage nonces (see `signer.ts`), encode contract arguments (see
 * `contract.ts`, `values.ts`), retry, or reconnect.
 * @module
 */
import type { ContractArtifact } from '../../compiler/artifact.ts';
import { NodeError, isNodeError } from '../errors.ts';
import { type JsonValue, type SignedTx, txId as txIdOf, txToJson } from '../types/index.ts';
import { type ConnectionOptions, type RequestOptions, type Connection, openConnection } from './connection.ts';
import { ContractHandle } from './contract.ts';
import {
  type BlockNotice, type BlockResult, type ChainEvent, type CommittedTx, type NodeStatus, type ReceiptNotice, type StateKeys, type StateValue,
  type SubmitOutcome, type TxLookup, type ViewOutcome, blockFromJsonResult, blockNoticeFromJson, codeFromJson, committedFromJson, eventFromJson,
  eventsFromJson, receiptNoticeFromJson, stateKeysFromJson, stateValueFromJson, statusFromJson, submitOutcomeFromJson, txLookupFromJson, viewFromJson,
} from './results.ts';
import type { Signer } from './signer.ts';
import { Subscription, type SubscriptionOptions } from './subscription.ts';
import { readObject, readU64 } from './_describe.ts';

/** The node's default wait (docs/rpc.md: `timeoutMs` default 30 000, at most 300 000). */
export const DEFAULT_WAIT_MS = 30_000;
/** How much longer than the node's wait the client waits for the answer, ms. */
export const WAIT_GRACE_MS = 5_000;

/** Options of {@link connect}. */
export type ConnectOptions = ConnectionOptions;

/** Options of {@link CovenantClient.submitTx}. */
export interface SubmitTxOptions {
  /** Answer only after the durable commit, with the receipt. */
  readonly wait?: boolean;
  /** With `wait`: how long the node waits for the commit, ms (default 30 000, at most 300 000). */
  readonly timeoutMs?: number;
}

/** Options of {@link CovenantClient.waitForTx}. */
export interface WaitForTxOptions {
  /** How long the node waits for the commit, ms (default 30 000, at most 300 000). */
  readonly timeoutMs?: number;
}

/** Options of {@link CovenantClient.view}. */
export interface ViewOptions {
  /** `ctx.caller` of the view (an address); default the zero address. */
  readonly caller?: string;
  readonly gasLimit?: bigint;
}

/** Options of {@link CovenantClient.listState}. */
export interface ListStateOptions {
  readonly prefix?: string;
  /** Keys after this one (exclusive): the last key of the previous page. */
  readonly after?: string;
  /** At most 1000 (default 100). */
  readonly limit?: number;
}

/** Options of {@link CovenantClient.getEvents}. */
export interface GetEventsOptions {
  readonly fromHeight?: bigint;
  /** At most 1000 (default 100). */
  readonly limit?: number;
}

/** Options of {@link CovenantClient.subscribeEvents}. */
export interface SubscribeEventsOptions extends SubscriptionOptions<ChainEvent> {
  /** Only events of this type. */
  readonly name?: string;
}

/**
 * Connects to the node at `url`. Rejects with `NODE_ERR_UNREACHABLE` naming the URL when nothing
 * answers.
 * @example
 * const client = await connect('ws://127.0.0.1:26657');
 * const { height } = await client.status();
 * client.close();
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<CovenantClient> {
  return new CovenantClient(await openConnection(url, options));
}

/** A client of one node. Create with {@link connect}. */
export class CovenantClient {
  /** The underlying connection (for raw requests, `inFlight`, `onClose`). */
  readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  /** The node's URL. */
  get url(): string {
    return this.connection.url;
  }

  /** `node_status`. */
  async status(options?: RequestOptions): Promise<NodeStatus> {
    return statusFromJson(await this.connection.request('node_status', {}, options));
  }

  /**
   * `tx_submit`. Without `wait` resolves when the node admitted the transaction (or already had
   * it); with `wait: true` after the durable commit, with the receipt. A lost answer
   * (`NODE_ERR_UNREACHABLE`, `NODE_ERR_TIMEOUT`) leaves the outcome unknown; the error names the
   * transaction id to query (NET-14).
   * @example const { receipt } = await client.submitTx(signTx(tx, secretKey), { wait: true });
   */
  submitTx(tx: SignedTx, options?: SubmitTxOptions & { readonly wait?: false }): Promise<SubmitOutcome>;
  submitTx(tx: SignedTx, options: SubmitTxOptions & { readonly wait: true }): Promise<CommittedTx>;
  submitTx(tx: SignedTx, options?: SubmitTxOptions): Promise<SubmitOutcome | CommittedTx>;
  async submitTx(tx: SignedTx, options: SubmitTxOptions = {}): Promise<SubmitOutcome | CommittedTx> {
    const wait = options.wait === true;
    const params: Record<string, unknown> = { tx: txToJson(tx) };
    if (wait) params['wait'] = true;
    if (wait && options.timeoutMs !== undefined) params['timeoutMs'] = options.timeoutMs;
    let result: unknown;
    try {
      result = await this.connection.request('tx_submit', params, wait ? { timeoutMs: (options.timeoutMs ?? DEFAULT_WAIT_MS) + WAIT_GRACE_MS } : {});
    } catch (e) {
      throw withTxId(e, tx);
    }
    return wait ? committedFromJson(result) : submitOutcomeFromJson(result);
  }

  /** `tx_get`: the transaction, pending or committed; `NODE_ERR_NOT_FOUND` if the node does not know it. */
  async getTx(txId: string): Promise<TxLookup> {
    return txLookupFromJson(await this.connection.request('tx_get', { txId }));
  }

  /**
   * `tx_wait`: resolves once `txId` is committed; `NODE_ERR_TIMEOUT` after `timeoutMs`,
   * `NODE_ERR_DROPPED` if it left the mempool, `NODE_ERR_NOT_FOUND` if unknown.
   */
  async waitForTx(txId: string, options: WaitForTxOptions = {}): Promise<CommittedTx> {
    const params: Record<string, unknown> = { txId };
    if (options.timeoutMs !== undefined) params['timeoutMs'] = options.timeoutMs;
    const result = await this.connection.request('tx_wait', params, { timeoutMs: (options.timeoutMs ?? DEFAULT_WAIT_MS) + WAIT_GRACE_MS });
    return committedFromJson(result);
  }

  /** `block_get`: the block at `height` (default the head); `NODE_ERR_NOT_FOUND` beyond the head. */
  async getBlock(height?: bigint): Promise<BlockResult> {
    return blockFromJsonResult(await this.connection.request('block_get', height === undefined ? {} : { height: height.toString() }));
  }

  /** `contract_code`: the validated artifact deployed at `address`; `NODE_ERR_UNKNOWN_CONTRACT` if none. */
  async getCode(address: string): Promise<ContractArtifact> {
    return codeFromJson(await this.connection.request('contract_code', { address }));
  }

  /**
   * `contract_view` with arguments already in their wire encoding (contract handles encode them
   * from the ABI). A failing view is an outcome with `status: "failed"`, not an exception.
   */
  async view(address: string, view: string, args: readonly JsonValue[], options: ViewOptions = {}): Promise<ViewOutcome> {
    const params: Record<string, unknown> = { address, view, args };
    if (options.caller !== undefined) params['caller'] = options.caller;
    if (options.gasLimit !== undefined) params['gasLimit'] = options.gasLimit.toString();
    return viewFromJson(await this.connection.request('contract_view', params));
  }

  /** `state_get`: the committed text under `key` of contract `address`. */
  async getState(address: string, key: string): Promise<StateValue> {
    return stateValueFromJson(await this.connection.request('state_get', { address, key }));
  }

  /** `state_list`: committed keys of `address`, sorted, one page. */
  async listState(address: string, options: ListStateOptions = {}): Promise<StateKeys> {
    return stateKeysFromJson(await this.connection.request('state_list', { address, ...options }));
  }

  /** `events_get`: committed events of `contract` from `fromHeight` on, in chain order. */
  async getEvents(contract: string, options: GetEventsOptions = {}): Promise<readonly ChainEvent[]> {
    const params: Record<string, unknown> = { contract };
    if (options.fromHeight !== undefined) params['fromHeight'] = options.fromHeight.toString();
    if (options.limit !== undefined) params['limit'] = options.limit;
    return eventsFromJson(await this.connection.request('events_get', params));
  }

  /** `account_nonce`: the account's next nonce (committed plus pending). */
  async nonce(address: string): Promise<bigint> {
    const o = readObject('result', await this.connection.request('account_nonce', { address }));
    return readU64('nonce', o['nonce']);
  }

  /**
   * Development chains only: moves the node's proposer clock forward by `ms` (scheduled triggers
   * fall due in the next blocks); resolves with the new clock time, ms since the epoch.
   */
  async advanceTime(ms: bigint): Promise<bigint> {
    const o = readObject('result', await this.connection.request('devnet_advance_time', { ms: ms.toString() }));
    return readU64('time', o['time']);
  }

  /** Subscribes to committed blocks. */
  subscribeBlocks(options: SubscriptionOptions<BlockNotice> = {}): Promise<Subscription<BlockNotice>> {
    return Subscription.open({ ...options, connection: this.connection, params: { topic: 'blocks' }, decode: blockNoticeFromJson });
  }

  /** Subscribes to committed events of `contract` (of type `name`, if given), in chain order. */
  subscribeEvents(contract: string, options: SubscribeEventsOptions = {}): Promise<Subscription<ChainEvent>> {
    const { name, ...rest } = options;
    const params = name === undefined ? { topic: 'events', contract } : { topic: 'events', contract, name };
    return Subscription.open({ ...rest, connection: this.connection, params, decode: (r) => eventFromJson(r, 'result') });
  }

  /** Subscribes to the commit (or drop) of `txId`: one notification, then the subscription ends. */
  subscribeReceipt(txId: string, options: SubscriptionOptions<ReceiptNotice> = {}): Promise<Subscription<ReceiptNotice>> {
    return Subscription.open({ ...options, connection: this.connection, params: { topic: 'receipt', txId }, decode: receiptNoticeFromJson, once: true });
  }

  /**
   * A typed handle on the contract at `address` with `artifact`'s ABI; entries need a `signer`.
   * @example const treaty = client.contract(address, artifact, signer); await treaty.entries.recordPremium('P-1', money('100.00', 'USD'));
   */
  contract(address: string, artifact: ContractArtifact, signer?: Signer): ContractHandle {
    return new ContractHandle(this, address, artifact, signer);
  }

  /** Like {@link contract}, with the artifact fetched from the node (`contract_code`). */
  async contractAt(address: string, signer?: Signer): Promise<ContractHandle> {
    return new ContractHandle(this, address, await this.getCode(address), signer);
  }

  /** Closes the connection; pending requests reject with `NODE_ERR_UNREACHABLE`. */
  close(): void {
    this.connection.close();
  }
}

/** Adds the transaction id to a lost-answer error, so the caller knows what to query. */
function withTxId(e: unknown, tx: SignedTx): unknown {
  if (!isNodeError(e) || (e.code !== 'NODE_ERR_UNREACHABLE' && e.code !== 'NODE_ERR_TIMEOUT')) return e;
  return new NodeError(e.code, e.shortMessage, {
    metaMessages: [...e.metaMessages, `transaction id: ${txIdOf(tx)}`],
    ...(e.field === undefined ? {} : { field: e.field }),
    cause: e,
  });
}
