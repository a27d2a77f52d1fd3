/**
 * The method table of docs/rpc.md, Methods: for each JSON-RPC method, the schema of its params and
 * the function that maps decoded params onto `NodeApi` calls and the result onto plain JSON (u64 as
 * decimal strings, transactions, receipts and headers through the `node/types` encoders).
 *
 * It does NOT parse messages, check the envelope, count requests or map errors to JSON-RPC codes
 * (`dispatch.ts` and `errors.ts` do); params reach a method only after its schema accepted them.
 * @module
 */
import { MAX_NAME_LENGTH } from '../../compiler/artifact.ts';
import type { NodeApi, ViewCall } from '../api.ts';
import { NodeError } from '../errors.ts';
import { type JsonValue, MAX_ARGS, MAX_ARGS_BYTES, headerToJson, receiptToJson, txFromJson, txId, txToJson } from '../types/index.ts';
import { committedTxToJson, storedEventToJson } from './results.ts';
import { type Schema, array, bool, decoded, hex, int, json, object, oneOf, tagged, text, u64 } from './schema.ts';
import type { NewSubscription, Subscriptions } from './subscriptions.ts';

/** What a method may use besides its params. */
export interface MethodContext {
  readonly api: NodeApi;
  readonly subscriptions: Subscriptions;
  /**
   * Aborted when the connection closes: every node wait of a request (`tx_wait`, `tx_submit` with
   * `wait`) takes it, so a wait whose asker is gone does not stay registered in the node.
   */
  readonly signal: AbortSignal;
  /** Runs `f` once the answer to this request has been sent (or dropped, for a notification). */
  readonly afterReply: (f: () => void) => void;
}

/** One method: its params schema and what it does with decoded params. */
export interface Method {
  readonly params: Schema<unknown>;
  readonly run: (ctx: MethodContext, params: unknown) => JsonValue | Promise<JsonValue>;
}

/** Longest state key or prefix accepted (the node sets no limit; this bounds the request). */
export const MAX_STATE_KEY_LENGTH = 4096;
/** `timeoutMs` bounds (docs/rpc.md). */
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** `limit` bounds of `state_list` and `events_get`. */
export const MAX_LIST_LIMIT = 1000;
export const DEFAULT_LIST_LIMIT = 100;
/** Deepest view argument, as for transaction arguments (SC-12). */
const MAX_ARG_DEPTH = 64;

const hash = hex(32);
const address = hex(20);
const identifier = text(MAX_NAME_LENGTH, /^[A-Za-z_$][A-Za-z0-9_$]*$/, 'an identifier');
const stateKey = text(MAX_STATE_KEY_LENGTH, /^[^]*$/, 'a string');
const timeoutMs = int(0, MAX_TIMEOUT_MS);
const listLimit = int(1, MAX_LIST_LIMIT);
// The array is one level: its elements may nest one less than a transaction's arguments.
const viewArgs = array(json(MAX_ARG_DEPTH - 1, MAX_ARGS_BYTES), MAX_ARGS);

function define<P>(params: Schema<P>, run: (ctx: MethodContext, params: P) => JsonValue | Promise<JsonValue>): Method {
  return { params, run: run as Method['run'] };
}

function notFound(what: string): never {
  throw new NodeError('NODE_ERR_NOT_FOUND', `${what} not found`);
}

/** Every method of the protocol, by name. */
export const METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['node_status', define(object({}), ({ api }) => {
    const s = api.status();
    return {
      chainId: s.chainId, height: s.height.toString(), headHash: s.headHash, headTime: s.headTime.toString(),
      mempoolSize: s.mempoolSize, version: s.version, healthy: s.healthy,
    };
  })],

  ['tx_submit', define(object({ tx: decoded(txFromJson) }, { wait: bool, timeoutMs }), async ({ api, signal }, p) => {
    const outcome = await api.submitTx(p.tx);
    if (p.wait !== true) return { txId: outcome.txId, status: outcome.status };
    // NET-14: for a transaction already committed the wait answers at once with the stored receipt.
    return committedTxToJson(await api.waitForTx(outcome.txId, p.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal));
  })],

  ['tx_get', define(object({ txId: hash }), async ({ api }, p) => {
    const found = await api.getTx(p.txId);
    if (found === undefined) notFound(`transaction ${p.txId}`);
    if (found.status === 'pending') return { status: 'pending', tx: txToJson(found.tx) };
    // A trigger run has no transaction: its receipt's `trigger` says what ran.
    return { status: 'committed', ...(found.tx === undefined ? {} : { tx: txToJson(found.tx) }), height: found.height.toString(), index: found.index, receipt: receiptToJson(found.receipt) };
  })],

  ['tx_wait', define(object({ txId: hash }, { timeoutMs }), async ({ api, signal }, p) =>
    committedTxToJson(await api.waitForTx(p.txId, p.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal)))],

  ['block_get', define(object({}, { height: u64() }), async ({ api }, p) => {
    const height = p.height ?? api.status().height;
    const committed = await api.getBlock(height);
    if (committed === undefined) notFound(`block ${height}`);
    return {
      hash: committed.hash,
      header: headerToJson(committed.block.header),
      txs: committed.block.txs.map((tx) => txId(tx)),
      receipts: committed.receipts.map((r) => receiptToJson(r)),
    };
  })],

  ['contract_code', define(object({ address }), async ({ api }, p) => {
    const artifact = await api.getCode(p.address);
    if (artifact === undefined) throw new NodeError('NODE_ERR_UNKNOWN_CONTRACT', `no contract is deployed at ${p.address}`, { field: 'address' });
    return { address: p.address, artifact: artifact as unknown as JsonValue };
  })],

  ['contract_view', define(object({ address, view: identifier, args: viewArgs }, { caller: address, gasLimit: u64(1n) }), ({ api }, p) => {
    const call: ViewCall = {
      contract: p.address, view: p.view, args: p.args,
      ...(p.caller === undefined ? {} : { caller: p.caller }),
      ...(p.gasLimit === undefined ? {} : { gasLimit: p.gasLimit }),
    };
    const r = api.callView(call);
    const height = r.height.toString();
    const gasUsed = r.gasUsed.toString();
    if (r.status === 'ok') return { status: 'ok', value: r.value ?? null, gasUsed, height };
    return { status: 'failed', error: (r.error ?? { code: 'NODE_ERR_INTERNAL', message: 'the view failed' }) as unknown as JsonValue, gasUsed, height };
  })],

  ['state_get', define(object({ address, key: stateKey }), ({ api }, p) => {
    // Both reads are synchronous, so they see the same head.
    const value = api.getState(p.address, p.key);
    return { value: value ?? null, height: api.status().height.toString() };
  })],

  ['state_list', define(object({ address }, { prefix: stateKey, after: stateKey, limit: listLimit }), ({ api }, p) => {
    const keys = api.listState(p.address, p.prefix ?? '', p.after, p.limit ?? DEFAULT_LIST_LIMIT);
    return { keys: [...keys], height: api.status().height.toString() };
  })],

  ['events_get', define(object({ contract: address }, { fromHeight: u64(), limit: listLimit }), async ({ api }, p) => {
    const events = await api.getEvents(p.contract, p.fromHeight ?? 0n, p.limit ?? DEFAULT_LIST_LIMIT);
    return { events: events.map(storedEventToJson) };
  })],

  ['account_nonce', define(object({ address }), ({ api }, p) => ({ nonce: api.nextNonce(p.address).toString() }))],

  // Development chains only (the node refuses elsewhere): move the proposer clock forward.
  ['devnet_advance_time', define(object({ ms: u64() }), ({ api }, p) => ({ time: api.advanceTime(p.ms).toString() }))],

  ['subscribe', define(tagged('topic', {
    blocks: object({ topic: oneOf('blocks') }),
    events: object({ topic: oneOf('events'), contract: address }, { name: identifier }),
    receipt: object({ topic: oneOf('receipt'), txId: hash }),
  }), ({ subscriptions, afterReply }, p) => {
    const sub: NewSubscription = subscriptions.add(p);
    afterReply(() => sub.start());
    return { subscription: sub.id };
  })],

  ['unsubscribe', define(object({ subscription: text(20, /^[1-9][0-9]*$/, 'a subscription id') }), ({ subscriptions }, p) =>
    ({ removed: subscriptions.remove(p.subscription) }))],
]);
