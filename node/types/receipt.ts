/**
 * Receipts: the outcome of one transaction in a block (status, error code, message and source
 * location on failure, gas used, events in emission order, hash of the state diff), their
 * canonical JSON encoding, a strict decoder, and the receipt root of a block.
 *
 * It does NOT execute anything or compute state-diff hashes (the runtime does); it only checks
 * their shape.
 * @module
 */
import { canonicalJson } from '../../compiler/artifact.ts';
import { NodeError } from '../errors.ts';
import {
  type JsonValue, checkJsonValue, checkU64, expectArray, expectInt, expectObject, expectString, expectU64, fromHex, guarded, parseJson, taggedHash, toHex,
  u32, u64, utf8,
} from './_encoding.ts';
import { ADDRESS_BYTES } from './keys.ts';
import { merkleRoot } from './merkle.ts';

/** Most events in one receipt. */
export const MAX_RECEIPT_EVENTS = 4096;
/** Longest error message kept in a receipt. */
export const MAX_ERROR_MESSAGE_LENGTH = 1024;
/** Largest encoded receipt, in UTF-8 bytes. */
export const MAX_RECEIPT_BYTES = 4 * 1024 * 1024;
/** Error codes in receipts: `RT_ERR_…`, `NODE_ERR_…`. */
const CODE_PATTERN = /^[A-Z][A-Z0-9_]*$/;
const NAME_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** `e:<64 hex>:<event index>` or `d:<YYYY-MM-DD>`. */
const CAUSE_PATTERN = /^(e:[0-9a-f]{64}:(0|[1-9][0-9]{0,8})|d:[0-9]{4}-[0-9]{2}-[0-9]{2})$/;
/** Domain tag of trigger-run ids. */
export const TRIGGER_DOMAIN = 'covenant:trigger:v1';

/**
 * The id of a trigger run: `sha256(lp("covenant:trigger:v1") ‖ lp(u64 height) ‖ lp(contract, 20
 * bytes) ‖ lp(utf8 handler) ‖ lp(utf8 cause))`, 64 hex digits. Unique per block, handler and cause,
 * and never a transaction id (another domain tag).
 */
export function triggerRunId(height: bigint, trigger: ReceiptTrigger): string {
  return toHex(taggedHash(TRIGGER_DOMAIN, [u64(height), fromHex(C_TRIGGER, 'contract', trigger.contract, ADDRESS_BYTES), utf8(trigger.handler), utf8(trigger.cause)]));
}
const C_TRIGGER = 'NODE_ERR_INVALID_RECEIPT';

/** Where in contract source a failure happened (from the artifact's span map). */
export interface ReceiptLocation {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, UTF-16 code units. */
  readonly column: number;
}

/** Why a transaction failed; `code` is consensus data (stable, never renamed). */
export interface ReceiptError {
  readonly code: string;
  readonly message: string;
  readonly location?: ReceiptLocation;
}

/** One event: emitting contract, event type name, data encoded as in docs/artifact.md "Values". */
export interface ReceiptEvent {
  readonly contract: string;
  readonly name: string;
  readonly data: JsonValue;
}

/**
 * What ran a trigger (docs/language.md, Triggers): the contract and handler, and the cause — an
 * event (`e:<id of the transaction or trigger run that emitted it>:<event index>`) or a scheduled
 * date (`d:YYYY-MM-DD`).
 */
export interface ReceiptTrigger {
  readonly contract: string;
  readonly handler: string;
  readonly cause: string;
}

/**
 * The outcome of one transaction, or of one trigger run (then `trigger` says what ran and `txId`
 * is the run's id, {@link triggerRunId}). A failed one has an `error` and no events; a successful
 * one neither.
 */
export interface Receipt {
  readonly txId: string;
  readonly trigger?: ReceiptTrigger;
  readonly status: 'ok' | 'failed';
  readonly error?: ReceiptError;
  readonly gasUsed: bigint;
  readonly events: readonly ReceiptEvent[];
  /** sha256 of the canonical state diff (64 lowercase hex digits). */
  readonly stateDiffHash: string;
}

/** JSON form of a receipt (`gasUsed` as a decimal string). */
export function receiptToJson(r: Receipt): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {
    txId: r.txId,
    status: r.status,
    gasUsed: checkU64('NODE_ERR_INVALID_RECEIPT', 'gasUsed', r.gasUsed).toString(),
    events: r.events as unknown as JsonValue[],
    stateDiffHash: r.stateDiffHash,
  };
  if (r.error !== undefined) out['error'] = r.error as unknown as JsonValue;
  if (r.trigger !== undefined) out['trigger'] = { contract: r.trigger.contract, handler: r.trigger.handler, cause: r.trigger.cause };
  return out;
}

/**
 * Canonical JSON text of a receipt (sorted keys, no whitespace). Validates first, so an invalid
 * receipt is never encoded.
 * @example const text = encodeReceipt({ txId, status: 'ok', gasUsed: 5120n, events: [], stateDiffHash });
 */
export function encodeReceipt(r: Receipt): string {
  // The receipt root and the store both encode every receipt: once per object.
  let text = encodedReceiptCache.get(r);
  if (text !== undefined) return text;
  const json = receiptToJson(r);
  receiptFromJson(json);
  text = canonicalJson(json);
  encodedReceiptCache.set(r, text);
  return text;
}

const encodedReceiptCache = new WeakMap<Receipt, string>();

/** Decodes receipt text strictly; throws only `NodeError` (`NODE_ERR_MALFORMED`, `NODE_ERR_INVALID_RECEIPT`). */
export function decodeReceipt(text: string): Receipt {
  return guarded('receipt', () => receiptFromJson(parseJson(text, 'receipt', MAX_RECEIPT_BYTES, 'NODE_ERR_INVALID_RECEIPT')));
}

/** Validates a parsed receipt: exact fields, types, the status/error/events invariant. */
export function receiptFromJson(json: unknown): Receipt {
  return guarded('receipt', () => {
    const C = 'NODE_ERR_INVALID_RECEIPT';
    const o = expectObject(C, '', json, ['txId', 'status', 'gasUsed', 'events', 'stateDiffHash'], ['error', 'trigger']);
    const txId = toHex(fromHex(C, 'txId', o['txId'], 32));
    const status = o['status'];
    if (status !== 'ok' && status !== 'failed') throw new NodeError(C, '"status" expected "ok" or "failed"', { field: 'status' });
    const gasUsed = expectU64(C, 'gasUsed', o['gasUsed']);
    const stateDiffHash = toHex(fromHex(C, 'stateDiffHash', o['stateDiffHash'], 32));
    const events = expectArray(C, 'events', o['events'], MAX_RECEIPT_EVENTS).map((e, i): ReceiptEvent => {
      const f = `events[${i}]`;
      const eo = expectObject(C, f, e, ['contract', 'name', 'data']);
      return {
        contract: toHex(fromHex(C, `${f}.contract`, eo['contract'], ADDRESS_BYTES)),
        name: expectString(C, `${f}.name`, eo['name'], NAME_PATTERN, 128, 'an event name'),
        data: checkJsonValue(C, `${f}.data`, eo['data']),
      };
    });
    let error: ReceiptError | undefined;
    if (Object.hasOwn(o, 'error')) {
      const eo = expectObject(C, 'error', o['error'], ['code', 'message'], ['location']);
      const code = expectString(C, 'error.code', eo['code'], CODE_PATTERN, 64, 'an error code');
      const message = expectString(C, 'error.message', eo['message'], /^[^]*$/, MAX_ERROR_MESSAGE_LENGTH, 'a message');
      let location: ReceiptLocation | undefined;
      if (Object.hasOwn(eo, 'location')) {
        const lo = expectObject(C, 'error.location', eo['location'], ['path', 'line', 'column']);
        location = {
          path: expectString(C, 'error.location.path', lo['path'], /^[^\0]+$/, 512, 'a path'),
          line: expectInt(C, 'error.location.line', lo['line'], 1, 2 ** 31),
          column: expectInt(C, 'error.location.column', lo['column'], 1, 2 ** 31),
        };
      }
      error = location === undefined ? { code, message } : { code, message, location };
    }
    let trigger: ReceiptTrigger | undefined;
    if (Object.hasOwn(o, 'trigger')) {
      const to = expectObject(C, 'trigger', o['trigger'], ['contract', 'handler', 'cause']);
      trigger = {
        contract: toHex(fromHex(C, 'trigger.contract', to['contract'], ADDRESS_BYTES)),
        handler: expectString(C, 'trigger.handler', to['handler'], NAME_PATTERN, 128, 'a handler name'),
        cause: expectString(C, 'trigger.cause', to['cause'], CAUSE_PATTERN, 200, 'a trigger cause'),
      };
    }
    if (status === 'failed' && error === undefined) throw new NodeError(C, 'a failed receipt needs "error"', { field: 'error' });
    if (status === 'ok' && error !== undefined) throw new NodeError(C, 'a successful receipt has no "error"', { field: 'error' });
    if (status === 'failed' && events.length > 0) throw new NodeError(C, 'a failed receipt has no events', { field: 'events' });
    // Fresh copies of event data: the result shares nothing with the input.
    const fresh = JSON.parse(canonicalJson(events)) as ReceiptEvent[];
    return { txId, ...(trigger === undefined ? {} : { trigger }), status, ...(error === undefined ? {} : { error }), gasUsed, events: fresh, stateDiffHash };
  });
}

/**
 * The receipt root of a block: {@link merkleRoot} over leaves `(u32 big-endian index,
 * utf8(encodeReceipt(receipt)))`, so position and content are both committed.
 */
export function receiptRoot(receipts: readonly Receipt[]): string {
  return merkleRoot(receipts.map((r, i) => ({ key: u32(i), value: utf8(encodeReceipt(r)) })));
}
