/**
 * The client's view of the node's answers (docs/rpc.md, Methods and Notifications): one type per
 * result with bigint quantities, and a strict decoder for each that turns the wire JSON into it
 * (transactions through `txFromJson`, receipts through `receiptFromJson`, headers through
 * `headerFromJson`, artifacts through `validateArtifact`). A node that answers something else gets
 * `NODE_ERR_MALFORMED` (or the node/types decoder's code) naming the field.
 *
 * `NodeStatus`, `SubmitOutcome`, `TxLookup`, `ViewOutcome` and `CommittedTx` are `node/api.ts`'s
 * own types, so code written against the in-process `NodeApi` reads the same.
 *
 * It does NOT send anything (see `client.ts`) or decode contract values (see `values.ts`).
 * @module
 */
import { type ContractArtifact, validateArtifact } from '../../compiler/artifact.ts';
import { NodeError, NODE_ERROR_CODES, type NodeErrorCode } from '../errors.ts';
import {
  type Header, type JsonValue, type Receipt, type ReceiptError, headerFromJson, receiptFromJson, txFromJson,
} from '../types/index.ts';
import { readArray, readBool, readHex, readIndex, readObject, readOneOf, readString, readU64 } from './_describe.ts';

// The answers that mirror the in-process `NodeApi` are its very types (a type-only import: erased
// at run time, so the client still loads nothing of a node).
export type { CommittedTx, NodeStatus, SubmitOutcome, TxLookup, ViewOutcome } from '../api.ts';
import type { CommittedTx, NodeStatus, SubmitOutcome, TxLookup, ViewOutcome } from '../api.ts';

/** `block_get`. */
export interface BlockResult {
  readonly hash: string;
  readonly header: Header;
  /** Transaction ids in block order. */
  readonly txs: readonly string[];
  /** One receipt per transaction, in block order. */
  readonly receipts: readonly Receipt[];
}

/** `state_get`. */
export interface StateValue {
  /** The committed text, or `undefined` when the key is not set. */
  readonly value: string | undefined;
  readonly height: bigint;
}

/** `state_list`. */
export interface StateKeys {
  readonly keys: readonly string[];
  readonly height: bigint;
}

/** A committed event (`events_get`, `events` notifications); `data` in its wire encoding. */
export interface ChainEvent {
  readonly height: bigint;
  readonly txIndex: number;
  readonly eventIndex: number;
  readonly contract: string;
  readonly name: string;
  readonly data: JsonValue;
}

/** A `blocks` notification. */
export interface BlockNotice {
  readonly height: bigint;
  readonly hash: string;
  readonly header: Header;
  readonly txCount: number;
  readonly gasUsed: bigint;
}

/** A `receipt` notification: committed, or dropped from the mempool (`NODE_ERR_DROPPED` or the node's code). */
export type ReceiptNotice =
  | ({ readonly status: 'committed' } & CommittedTx)
  | { readonly txId: string; readonly status: 'dropped'; readonly error: NodeError };

/** Decodes a `node_status` result. */
export function statusFromJson(json: unknown): NodeStatus {
  const o = readObject('result', json);
  return {
    chainId: readString('chainId', o['chainId']),
    height: readU64('height', o['height']),
    headHash: readHex('headHash', o['headHash'], 32),
    headTime: readU64('headTime', o['headTime']),
    mempoolSize: readIndex('mempoolSize', o['mempoolSize']),
    version: readString('version', o['version']),
    healthy: readBool('healthy', o['healthy']),
  };
}

/** Decodes a `tx_submit` result without `wait`. */
export function submitOutcomeFromJson(json: unknown): SubmitOutcome {
  const o = readObject('result', json);
  return { txId: readHex('txId', o['txId'], 32), status: readOneOf('status', o['status'], ['accepted', 'pending', 'committed'] as const) };
}

/** Decodes `{ txId, status: "committed", height, index, receipt }`. */
export function committedFromJson(json: unknown): CommittedTx {
  const o = readObject('result', json);
  readOneOf('status', o['status'], ['committed'] as const);
  const txId = readHex('txId', o['txId'], 32);
  const receipt = receiptFromJson(o['receipt']);
  if (receipt.txId !== txId) throw new NodeError('NODE_ERR_MALFORMED', `the node answered the receipt of ${receipt.txId} for ${txId}`, { field: 'receipt.txId' });
  return { txId, height: readU64('height', o['height']), index: readIndex('index', o['index']), receipt };
}

/** Decodes a `tx_get` result. */
export function txLookupFromJson(json: unknown): TxLookup {
  const o = readObject('result', json);
  const status = readOneOf('status', o['status'], ['pending', 'committed'] as const);
  if (status === 'pending') return { status, tx: txFromJson(o['tx']) };
  const receipt = receiptFromJson(o['receipt']);
  const height = readU64('height', o['height']);
  const index = readIndex('index', o['index']);
  // A trigger run has no transaction; its receipt says what ran.
  if (receipt.trigger !== undefined && !Object.hasOwn(o, 'tx')) return { status, height, index, receipt };
  return { status, tx: txFromJson(o['tx']), height, index, receipt };
}

/** Decodes a `block_get` result. */
export function blockFromJsonResult(json: unknown): BlockResult {
  const o = readObject('result', json);
  const txs = readArray('txs', o['txs']).map((t, i) => readHex(`txs[${i}]`, t, 32));
  const receipts = readArray('receipts', o['receipts']).map((r) => receiptFromJson(r));
  // One receipt per transaction, then one per trigger run.
  if (receipts.length < txs.length || receipts.slice(txs.length).some((r) => r.trigger === undefined)) {
    throw new NodeError('NODE_ERR_MALFORMED', `the node answered ${txs.length} transactions and ${receipts.length} receipts`, { field: 'receipts' });
  }
  return { hash: readHex('hash', o['hash'], 32), header: headerFromJson(o['header']), txs, receipts };
}

/** Decodes a `contract_code` result into a validated artifact. */
export function codeFromJson(json: unknown): ContractArtifact {
  const o = readObject('result', json);
  const r = validateArtifact(o['artifact']);
  if (!r.ok) throw new NodeError('NODE_ERR_MALFORMED', 'the node answered an invalid artifact', { field: 'artifact', metaMessages: r.errors.slice(0, 10) });
  return r.artifact;
}

/** Decodes a `contract_view` result. */
export function viewFromJson(json: unknown): ViewOutcome {
  const o = readObject('result', json);
  const status = readOneOf('status', o['status'], ['ok', 'failed'] as const);
  const gasUsed = readU64('gasUsed', o['gasUsed']);
  const height = readU64('height', o['height']);
  if (status === 'ok') {
    if (!Object.hasOwn(o, 'value')) throw new NodeError('NODE_ERR_MALFORMED', 'a successful view answer has no "value"', { field: 'value' });
    return { status, value: o['value'] as JsonValue, gasUsed, height };
  }
  const e = readObject('error', o['error']);
  const error: ReceiptError = { code: readString('error.code', e['code']), message: readString('error.message', e['message']) };
  if (!Object.hasOwn(e, 'location')) return { status, error, gasUsed, height };
  const l = readObject('error.location', e['location']);
  const location = { path: readString('error.location.path', l['path']), line: readIndex('error.location.line', l['line']), column: readIndex('error.location.column', l['column']) };
  return { status, error: { ...error, location }, gasUsed, height };
}

/** Decodes a `state_get` result. */
export function stateValueFromJson(json: unknown): StateValue {
  const o = readObject('result', json);
  const v = o['value'];
  return { value: v === null || v === undefined ? undefined : readString('value', v), height: readU64('height', o['height']) };
}

/** Decodes a `state_list` result. */
export function stateKeysFromJson(json: unknown): StateKeys {
  const o = readObject('result', json);
  return { keys: readArray('keys', o['keys']).map((k, i) => readString(`keys[${i}]`, k)), height: readU64('height', o['height']) };
}

/** Decodes one event of `events_get` or an `events` notification. */
export function eventFromJson(json: unknown, field = 'event'): ChainEvent {
  const o = readObject(field, json);
  return {
    height: readU64(`${field}.height`, o['height']),
    txIndex: readIndex(`${field}.txIndex`, o['txIndex']),
    eventIndex: readIndex(`${field}.eventIndex`, o['eventIndex']),
    contract: readHex(`${field}.contract`, o['contract'], 20),
    name: readString(`${field}.name`, o['name']),
    data: o['data'] as JsonValue,
  };
}

/** Decodes an `events_get` result. */
export function eventsFromJson(json: unknown): readonly ChainEvent[] {
  const o = readObject('result', json);
  return readArray('events', o['events']).map((e, i) => eventFromJson(e, `events[${i}]`));
}

/** Decodes a `blocks` notification. */
export function blockNoticeFromJson(json: unknown): BlockNotice {
  const o = readObject('result', json);
  return {
    height: readU64('height', o['height']),
    hash: readHex('hash', o['hash'], 32),
    header: headerFromJson(o['header']),
    txCount: readIndex('txCount', o['txCount']),
    gasUsed: readU64('gasUsed', o['gasUsed']),
  };
}

/** Decodes a `receipt` notification. */
export function receiptNoticeFromJson(json: unknown): ReceiptNotice {
  const o = readObject('result', json);
  if (o['status'] === 'committed') return { status: 'committed', ...committedFromJson(json) };
  readOneOf('status', o['status'], ['committed', 'dropped'] as const);
  const txId = readHex('txId', o['txId'], 32);
  return { txId, status: 'dropped', error: droppedError(o['error'], txId) };
}

/** The error of a dropped transaction: the node's `{ code, message }` when it sends one. */
function droppedError(json: unknown, txId: string): NodeError {
  const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const code = typeof o['code'] === 'string' && (NODE_ERROR_CODES as readonly string[]).includes(o['code']) ? (o['code'] as NodeErrorCode) : 'NODE_ERR_DROPPED';
  const message = typeof o['message'] === 'string' ? o['message'] : typeof json === 'string' ? json : `transaction ${txId} was dropped from the mempool`;
  return new NodeError(code, message, { metaMessages: [`transaction id: ${txId}`] });
}
