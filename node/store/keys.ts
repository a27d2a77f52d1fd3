/**
 * The storage key layout of the node's LevelDB database: one prefix byte per table, then
 * fixed-width big-endian fields, so LevelDB's bytewise order is numeric order (height 256 sorts
 * after height 1 and before 65536) and every table is one contiguous range.
 *
 * | table        | key                                                   | value                                   |
 * |--------------|-------------------------------------------------------|-----------------------------------------|
 * | meta         | `0x00` ‖ utf8(name)                                   | `head`: u64 height ‖ 32-byte block hash |
 * | block        | `0x01` ‖ u64 height                                   | utf8 `encodeBlock(block)`               |
 * | receipt      | `0x02` ‖ u64 height ‖ u32 tx index                    | utf8 `encodeReceipt(receipt)`           |
 * | tx index     | `0x03` ‖ 32-byte tx id                                | u64 height ‖ u32 tx index               |
 * | code         | `0x04` ‖ 20-byte contract address                     | utf8 `encodeArtifact(artifact)`         |
 * | state        | `0x05` ‖ 20-byte contract address ‖ utf8(state key)   | utf8 canonical value text               |
 * | event index  | `0x06` ‖ 20-byte contract ‖ u64 height ‖ u32 tx index ‖ u32 event index | empty        |
 *
 * State keys (`s/<field>`, `m/<field>/<encoded key>`) are stored as their UTF-8 bytes after the
 * fixed-width address, so a string prefix is a byte prefix and a prefix scan is one range. UTF-8
 * byte order is code-point order, which equals the runtime's UTF-16 code-unit order except that
 * U+E000–U+FFFF sort before astral characters in UTF-16 and after them in UTF-8; readers that
 * need the runtime's order (`StateView.keys`) re-sort with `compareStrings`.
 *
 * It does NOT read or write the database, or encode values other than the small fixed-width ones
 * (head pointer, tx location).
 * @module
 */

/** Table prefix bytes; a new table gets a new byte, an existing one never changes meaning. */
export const TABLE = {
  meta: 0x00,
  block: 0x01,
  receipt: 0x02,
  txIndex: 0x03,
  code: 0x04,
  state: 0x05,
  eventIndex: 0x06,
} as const;

/** Names of the meta entries. */
export type MetaName = 'head';

const ADDRESS_BYTES = 20;
const HASH_BYTES = 32;
const U64_MAX = (1n << 64n) - 1n;

function u64Into(buf: Buffer, offset: number, n: bigint, field: string): void {
  if (typeof n !== 'bigint' || n < 0n || n > U64_MAX) throw new RangeError(`"${field}" expected a u64, got ${String(n)}`);
  buf.writeBigUInt64BE(n, offset);
}

function u32Into(buf: Buffer, offset: number, n: number, field: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) throw new RangeError(`"${field}" expected a u32, got ${String(n)}`);
  buf.writeUInt32BE(n, offset);
}

function hexInto(buf: Buffer, offset: number, hex: string, bytes: number, field: string): void {
  if (typeof hex !== 'string' || hex.length !== 2 * bytes || !/^[0-9a-f]*$/.test(hex)) {
    throw new RangeError(`"${field}" expected ${2 * bytes} lowercase hex digits, got ${JSON.stringify(String(hex).slice(0, 80))}`);
  }
  buf.write(hex, offset, bytes, 'hex');
}

/** `0x00 ‖ utf8(name)`. */
export function metaKey(name: MetaName): Buffer {
  return Buffer.concat([Buffer.of(TABLE.meta), Buffer.from(name, 'utf8')]);
}

/** `0x01 ‖ u64 height`. */
export function blockKey(height: bigint): Buffer {
  const k = Buffer.alloc(9);
  k[0] = TABLE.block;
  u64Into(k, 1, height, 'height');
  return k;
}

/** `0x02 ‖ u64 height ‖ u32 index`: the receipt of the `index`-th transaction of block `height`. */
export function receiptKey(height: bigint, index: number): Buffer {
  const k = Buffer.alloc(13);
  k[0] = TABLE.receipt;
  u64Into(k, 1, height, 'height');
  u32Into(k, 9, index, 'index');
  return k;
}

/** `0x03 ‖ txId` (32 bytes). */
export function txIndexKey(txId: string): Buffer {
  const k = Buffer.alloc(1 + HASH_BYTES);
  k[0] = TABLE.txIndex;
  hexInto(k, 1, txId, HASH_BYTES, 'txId');
  return k;
}

/** `0x04 ‖ address` (20 bytes). */
export function codeKey(address: string): Buffer {
  const k = Buffer.alloc(1 + ADDRESS_BYTES);
  k[0] = TABLE.code;
  hexInto(k, 1, address, ADDRESS_BYTES, 'address');
  return k;
}

/** `0x05 ‖ address ‖ utf8(key)`; with `key` `''` it is the prefix of all of the contract's state. */
export function stateKey(address: string, key: string): Buffer {
  if (typeof key !== 'string') throw new RangeError('"key" expected a string');
  const kb = Buffer.from(key, 'utf8');
  const k = Buffer.alloc(1 + ADDRESS_BYTES + kb.length);
  k[0] = TABLE.state;
  hexInto(k, 1, address, ADDRESS_BYTES, 'address');
  kb.copy(k, 1 + ADDRESS_BYTES);
  return k;
}

/** The (address, state key) of a state-table key made by {@link stateKey}. */
export function decodeStateKey(k: Uint8Array): { readonly address: string; readonly key: string } {
  if (k.length < 1 + ADDRESS_BYTES || k[0] !== TABLE.state) throw new RangeError('not a state key');
  const b = Buffer.from(k.buffer, k.byteOffset, k.length);
  return { address: b.toString('hex', 1, 1 + ADDRESS_BYTES), key: b.toString('utf8', 1 + ADDRESS_BYTES) };
}

/** `0x06 ‖ contract ‖ u64 height ‖ u32 txIndex ‖ u32 eventIndex`: one event of a contract, in chain order. */
export function eventIndexKey(contract: string, height: bigint, txIndex: number, eventIndex: number): Buffer {
  const k = Buffer.alloc(1 + ADDRESS_BYTES + 16);
  k[0] = TABLE.eventIndex;
  hexInto(k, 1, contract, ADDRESS_BYTES, 'contract');
  u64Into(k, 1 + ADDRESS_BYTES, height, 'height');
  u32Into(k, 1 + ADDRESS_BYTES + 8, txIndex, 'txIndex');
  u32Into(k, 1 + ADDRESS_BYTES + 12, eventIndex, 'eventIndex');
  return k;
}

/** The fields of an event-index key made by {@link eventIndexKey}. */
export function decodeEventIndexKey(k: Uint8Array): { readonly contract: string; readonly height: bigint; readonly txIndex: number; readonly eventIndex: number } {
  if (k.length !== 1 + ADDRESS_BYTES + 16 || k[0] !== TABLE.eventIndex) throw new RangeError('not an event index key');
  const b = Buffer.from(k.buffer, k.byteOffset, k.length);
  return {
    contract: b.toString('hex', 1, 1 + ADDRESS_BYTES),
    height: b.readBigUInt64BE(1 + ADDRESS_BYTES),
    txIndex: b.readUInt32BE(1 + ADDRESS_BYTES + 8),
    eventIndex: b.readUInt32BE(1 + ADDRESS_BYTES + 12),
  };
}

/** The prefix of every event-index key of `contract`. */
export function eventIndexPrefix(contract: string): Buffer {
  const k = Buffer.alloc(1 + ADDRESS_BYTES);
  k[0] = TABLE.eventIndex;
  hexInto(k, 1, contract, ADDRESS_BYTES, 'contract');
  return k;
}

/** The prefix of a whole table. */
export function tablePrefix(table: (typeof TABLE)[keyof typeof TABLE]): Buffer {
  return Buffer.of(table);
}

/**
 * The smallest key greater than every key starting with `prefix` (the exclusive upper bound of a
 * prefix scan), or `undefined` when there is none (`prefix` all `0xff`).
 */
export function prefixEnd(prefix: Uint8Array): Buffer | undefined {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return undefined;
}

/** A head pointer: the height and hash of the last committed block. */
export interface Head {
  readonly height: bigint;
  /** `blockHash` of the block's header, 64 lowercase hex digits. */
  readonly hash: string;
}

/** `u64 height ‖ 32-byte hash`. */
export function encodeHead(head: Head): Buffer {
  const v = Buffer.alloc(8 + HASH_BYTES);
  u64Into(v, 0, head.height, 'head.height');
  hexInto(v, 8, head.hash, HASH_BYTES, 'head.hash');
  return v;
}

/** Inverse of {@link encodeHead}; throws `RangeError` on a value of the wrong length. */
export function decodeHead(v: Uint8Array): Head {
  if (v.length !== 8 + HASH_BYTES) throw new RangeError(`head value expected ${8 + HASH_BYTES} bytes, got ${v.length}`);
  const b = Buffer.from(v.buffer, v.byteOffset, v.length);
  return { height: b.readBigUInt64BE(0), hash: b.toString('hex', 8) };
}

/** Where a transaction is: block height and position in the block. */
export interface TxLocation {
  readonly height: bigint;
  readonly index: number;
}

/** `u64 height ‖ u32 index`. */
export function encodeTxLocation(loc: TxLocation): Buffer {
  const v = Buffer.alloc(12);
  u64Into(v, 0, loc.height, 'height');
  u32Into(v, 8, loc.index, 'index');
  return v;
}

/** Inverse of {@link encodeTxLocation}. */
export function decodeTxLocation(v: Uint8Array): TxLocation {
  if (v.length !== 12) throw new RangeError(`tx location expected 12 bytes, got ${v.length}`);
  const b = Buffer.from(v.buffer, v.byteOffset, v.length);
  return { height: b.readBigUInt64BE(0), index: b.readUInt32BE(8) };
}
