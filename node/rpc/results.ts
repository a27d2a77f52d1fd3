/**
 * The JSON shapes of results and notifications that more than one method or topic shares
 * (docs/rpc.md): a committed transaction, a stored event, a block summary. u64 quantities become
 * decimal strings; transactions, receipts and headers go through the `node/types` encoders, so
 * what is sent is the documented wire form and plain JSON.
 *
 * It does NOT validate anything or talk to the node.
 * @module
 */
import type { CommittedBlock, CommittedTx } from '../api.ts';
import type { StoredEvent } from '../store/index.ts';
import { type JsonValue, type Receipt, headerToJson, receiptToJson } from '../types/index.ts';

/** `{ txId, status: "committed", height, index, receipt }` (tx_submit with wait, tx_wait, receipt topic). */
export function committedTxToJson(c: CommittedTx): JsonValue {
  return { txId: c.txId, status: 'committed', height: c.height.toString(), index: c.index, receipt: receiptToJson(c.receipt) };
}

/** `{ height, txIndex, eventIndex, contract, name, data }` (events_get, events topic). */
export function storedEventToJson(e: StoredEvent): JsonValue {
  return { height: e.height.toString(), txIndex: e.txIndex, eventIndex: e.eventIndex, contract: e.event.contract, name: e.event.name, data: e.event.data };
}

/** `{ height, hash, header, txCount, gasUsed }` (blocks topic). */
export function blockSummaryToJson(c: CommittedBlock): JsonValue {
  return {
    height: c.block.header.height.toString(),
    hash: c.hash,
    header: headerToJson(c.block.header),
    txCount: c.block.txs.length,
    gasUsed: totalGas(c.receipts).toString(),
  };
}

/** Gas used by all receipts of a block. */
export function totalGas(receipts: readonly Receipt[]): bigint {
  return receipts.reduce((sum, r) => sum + r.gasUsed, 0n);
}

