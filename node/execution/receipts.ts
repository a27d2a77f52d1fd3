/**
 * Receipts from execution results, shared by transactions and trigger runs: a failed result keeps
 * its gas and drops events and writes; a successful one whose receipt would break the protocol's
 * receipt limits or schema fails instead (NODE_ERR_RECEIPT_LIMIT), so no contract can make a
 * block unstorable. Error messages are capped, locations parsed from the span map's text.
 *
 * It does NOT execute anything or decide what a block contains.
 * @module
 */
import { type ExecuteFailure, type ExecuteResult, stateDiffHash } from '../../runtime/index.ts';
import { isNodeError } from '../errors.ts';
import { type JsonValue, type Receipt, type ReceiptError, type ReceiptEvent, type ReceiptTrigger, MAX_ERROR_MESSAGE_LENGTH, encodeReceipt } from '../types/index.ts';

/** State-diff hash of a receipt that changed nothing. */
export const EMPTY_DIFF_HASH = stateDiffHash([]);
const LOCATION = /^(.+):([1-9][0-9]*):([1-9][0-9]*)$/;

/** The receipt of execution result `r` under id `id` (a transaction id or a trigger-run id). */
export function resultReceipt(id: string, r: ExecuteResult, trigger?: ReceiptTrigger): Receipt {
  const tag = trigger === undefined ? {} : { trigger };
  if (r.status === 'failed') return failedReceiptOf(id, receiptError(r.error as ExecuteFailure), BigInt(r.gasUsed), trigger);
  const events: ReceiptEvent[] = r.events.map((e) => ({ contract: e.contract, name: e.name, data: e.data as JsonValue }));
  const receipt: Receipt = { txId: id, ...tag, status: 'ok', gasUsed: BigInt(r.gasUsed), events, stateDiffHash: r.stateDiffHash };
  // Gas bounds what a contract emits, but not below the receipt limits (MAX_RECEIPT_EVENTS,
  // MAX_RECEIPT_BYTES), and hand-written code could emit an event name outside the receipt's
  // pattern. A receipt that cannot be encoded must not reach the block, where it would make the
  // block unstorable and halt the chain: the run fails instead. The check depends only on the
  // execution result, so every node decides alike. Encoding here also caches the text for the
  // receipt root and the store.
  try {
    encodeReceipt(receipt);
    return receipt;
  } catch (e) {
    if (!isNodeError(e)) throw e;
    return failedReceiptOf(id, { code: 'NODE_ERR_RECEIPT_LIMIT', message: truncate(`the receipt breaks the protocol's receipt limits or rules (${e.shortMessage}); the effects are dropped`) }, BigInt(r.gasUsed), trigger);
  }
}

/** A failed receipt: no events, no state change, the gas charged. */
export function failedReceiptOf(id: string, error: ReceiptError, gasUsed: bigint, trigger?: ReceiptTrigger): Receipt {
  return { txId: id, ...(trigger === undefined ? {} : { trigger }), status: 'failed', error, gasUsed, events: [], stateDiffHash: EMPTY_DIFF_HASH };
}

/** Code, message (capped for the receipt) and source location; the engine `detail` is local, not consensus data. */
function receiptError(e: ExecuteFailure): ReceiptError {
  const m = e.location === undefined ? null : LOCATION.exec(e.location);
  const error = { code: e.code, message: truncate(e.message) };
  if (m === null || (m[1] as string).length > 512) return error;
  return { ...error, location: { path: m[1] as string, line: Number(m[2]), column: Number(m[3]) } };
}

/** At most MAX_ERROR_MESSAGE_LENGTH UTF-16 units, never ending in half a surrogate pair. */
export function truncate(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE_LENGTH) return message;
  let end = MAX_ERROR_MESSAGE_LENGTH;
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return message.slice(0, end);
}
