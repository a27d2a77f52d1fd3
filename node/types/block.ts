/**
 * Blocks (CometBFT-style): `Header { chainId, height, time, prevHash, txRoot, receiptRoot,
 * stateRoot, proposer? }` and `Block { header, txs }`, the block hash over a binary,
 * length-prefixed, domain-separated header encoding, the transaction root, and the canonical JSON
 * encoding with a strict decoder that checks `txRoot` and every transaction's chain id.
 *
 * It does NOT verify transaction signatures (the mempool did, once), execute transactions, check
 * `receiptRoot`/`stateRoot` (only execution can) or link a block to its parent (the store does).
 * @module
 */
import { canonicalJson } from '../../compiler/artifact.ts';
import { NodeError } from '../errors.ts';
import {
  type JsonValue, checkU64, expectArray, expectObject, expectString, expectU64, fromHex, guarded, lengthPrefixed, parseJson, sha256, toHex, u32,
  u64, utf8,
} from './_encoding.ts';
import { ADDRESS_BYTES } from './keys.ts';
import { merkleRoot } from './merkle.ts';
import { CHAIN_ID_PATTERN, MAX_CHAIN_ID_LENGTH, type SignedTx, encodeTx, txFromJson, txId, txToJson } from './tx.ts';

/** Domain tag of the header encoding; a new layout gets a new tag. */
export const BLOCK_DOMAIN = 'covenant:block:v1';
/** Most transactions in one block. */
export const MAX_BLOCK_TXS = 65_536;
/** Largest encoded block, in UTF-8 bytes. */
export const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
/** `prevHash` of the block at height 0 (genesis). */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/** A block header. Hashes are 64 lowercase hex digits. */
export interface Header {
  readonly chainId: string;
  /** 0 for genesis, then +1 per block. */
  readonly height: bigint;
  /** Block time, milliseconds since the Unix epoch (as the runtime's `ctx.time`). */
  readonly time: bigint;
  /** `blockHash` of the previous header; {@link GENESIS_PREV_HASH} at height 0. */
  readonly prevHash: string;
  /** {@link txRoot} of `txs`. */
  readonly txRoot: string;
  /** `receiptRoot` of this block's receipts. */
  readonly receiptRoot: string;
  /** Merkle root over contract state after this block. */
  readonly stateRoot: string;
  /** Address of the validator that proposed the block. */
  readonly proposer?: string;
}

/** A block: header and signed transactions in execution order. */
export interface Block {
  readonly header: Header;
  readonly txs: readonly SignedTx[];
}

/**
 * The header's signing/hashing bytes: `lp("covenant:block:v1") ‖ lp(chainId) ‖ lp(u64 height) ‖
 * lp(u64 time) ‖ lp(prevHash) ‖ lp(txRoot) ‖ lp(receiptRoot) ‖ lp(stateRoot) ‖ lp(proposer or
 * empty)`; hashes as raw 32 bytes, the proposer as 20 bytes.
 */
export function headerBytes(h: Header): Uint8Array {
  const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
  return lengthPrefixed([
    utf8(BLOCK_DOMAIN),
    utf8(h.chainId),
    u64(h.height),
    u64(h.time),
    hex(h.prevHash),
    hex(h.txRoot),
    hex(h.receiptRoot),
    hex(h.stateRoot),
    h.proposer === undefined ? new Uint8Array(0) : hex(h.proposer),
  ]);
}

/**
 * `sha256(headerBytes(header))` as lowercase hex: the block's identity. The header commits to the
 * transactions through `txRoot`.
 */
export function blockHash(header: Header): string {
  return toHex(sha256(headerBytes(headerFromJson(headerToJson(header)))));
}

/**
 * The transaction root: {@link merkleRoot} over leaves `(u32 big-endian index,
 * utf8(encodeTx(tx)))`, committing to order, content and signatures.
 */
export function txRoot(txs: readonly SignedTx[]): string {
  // Execution and the store both need the root of the same array: once per array object.
  let root = txRootCache.get(txs);
  if (root === undefined) txRootCache.set(txs, (root = merkleRoot(txs.map((tx, i) => ({ key: u32(i), value: utf8(encodeTx(tx)) })))));
  return root;
}

const txRootCache = new WeakMap<readonly SignedTx[], string>();

/** JSON form of a header (u64 fields as decimal strings). */
export function headerToJson(h: Header): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {
    chainId: h.chainId,
    height: checkU64('NODE_ERR_INVALID_BLOCK', 'header.height', h.height).toString(),
    time: checkU64('NODE_ERR_INVALID_BLOCK', 'header.time', h.time).toString(),
    prevHash: h.prevHash,
    txRoot: h.txRoot,
    receiptRoot: h.receiptRoot,
    stateRoot: h.stateRoot,
  };
  if (h.proposer !== undefined) out['proposer'] = h.proposer;
  return out;
}

/** Validates a parsed header. Throws only `NodeError` (`NODE_ERR_INVALID_BLOCK`). */
export function headerFromJson(json: unknown): Header {
  return guarded('header', () => {
    const C = 'NODE_ERR_INVALID_BLOCK';
    const o = expectObject(C, 'header', json, ['chainId', 'height', 'time', 'prevHash', 'txRoot', 'receiptRoot', 'stateRoot'], ['proposer']);
    const hash = (k: string): string => toHex(fromHex(C, `header.${k}`, o[k], 32));
    const h = {
      chainId: expectString(C, 'header.chainId', o['chainId'], CHAIN_ID_PATTERN, MAX_CHAIN_ID_LENGTH, 'a chain id'),
      height: expectU64(C, 'header.height', o['height']),
      time: expectU64(C, 'header.time', o['time']),
      prevHash: hash('prevHash'),
      txRoot: hash('txRoot'),
      receiptRoot: hash('receiptRoot'),
      stateRoot: hash('stateRoot'),
    };
    if (h.height === 0n && h.prevHash !== GENESIS_PREV_HASH) throw new NodeError(C, '"header.prevHash" of genesis must be all zeros', { field: 'header.prevHash' });
    if (!Object.hasOwn(o, 'proposer')) return h;
    return { ...h, proposer: toHex(fromHex(C, 'header.proposer', o['proposer'], ADDRESS_BYTES)) };
  });
}

/**
 * Canonical JSON text of a block (sorted keys, no whitespace).
 * @example const text = encodeBlock({ header, txs });
 */
export function encodeBlock(block: Block): string {
  return canonicalJson({ header: headerToJson(block.header), txs: block.txs.map((tx) => txToJson(tx)) });
}

/** Decodes block text strictly (see {@link blockFromJson}). Throws only `NodeError`. */
export function decodeBlock(text: string): Block {
  return guarded('block', () => {
    const json = parseJson(text, 'block', MAX_BLOCK_BYTES, 'NODE_ERR_INVALID_BLOCK');
    return blockFromJson(json);
  });
}

/**
 * Validates a parsed block: the header, every transaction strictly (as `txFromJson`, signatures
 * not verified), each transaction's chain id equal to the header's (`NODE_ERR_WRONG_CHAIN`), no
 * transaction id twice, and `header.txRoot` equal to the root of `txs` (`NODE_ERR_INVALID_BLOCK`).
 */
export function blockFromJson(json: unknown): Block {
  return guarded('block', () => {
    const C = 'NODE_ERR_INVALID_BLOCK';
    const o = expectObject(C, '', json, ['header', 'txs']);
    const header = headerFromJson(o['header']);
    const txs = expectArray(C, 'txs', o['txs'], MAX_BLOCK_TXS).map((t) => txFromJson(t));
    txs.forEach((tx, i) => {
      if (tx.chainId !== header.chainId) throw new NodeError('NODE_ERR_WRONG_CHAIN', `txs[${i}] is for chain ${JSON.stringify(tx.chainId)}, the block for ${JSON.stringify(header.chainId)}`, { field: `txs[${i}].chainId` });
    });
    const ids = new Set<string>();
    txs.forEach((tx, i) => {
      const id = txId(tx);
      if (ids.has(id)) throw new NodeError(C, `txs[${i}] repeats transaction ${id}`, { field: `txs[${i}]` });
      ids.add(id);
    });
    if (txRoot(txs) !== header.txRoot) throw new NodeError(C, '"header.txRoot" does not match "txs"', { field: 'header.txRoot' });
    return { header, txs };
  });
}
