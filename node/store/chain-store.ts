/**
 * The chain store: commits a block with its receipts, indexes, deployed code, state changes and
 * the new head pointer as ONE atomic, fsynced LevelDB batch, and reads them back (blocks by
 * height, receipts by transaction id, code by address, events by contract), plus a synchronous
 * {@link StateView} of committed state for the runtime, and the state root with proofs from an
 * in-memory state tree (`node/types/state-tree.ts`) built once at open and updated per block.
 *
 * It does NOT execute transactions, verify signatures, check nonces or replays, compute or check
 * the header's `receiptRoot`/`stateRoot` (execution does; see {@link ChainStore.stateRoot}), or
 * replay a block whose commit was cut off (after a crash the store is simply at the last committed
 * block; re-execution is the node's job).
 * @module
 */
import { type ContractArtifact, compareStrings, decodeArtifact, encodeArtifact } from '../../compiler/artifact.ts';
import { type StateDiff, type StateView, sortStateDiff } from '../../runtime/index.ts';
import { NodeError } from '../errors.ts';
import {
  type Block, type Receipt, type ReceiptEvent, type StateProof, type StateTree, type StateTreeUpdate, GENESIS_PREV_HASH, blockHash, buildStateTree,
  decodeBlock, decodeReceipt, deployAddress, encodeBlock, encodeReceipt, stateTreeProof, stateTreeRoot, stateTreeUpdateOfBytes, stateTreeUpdates, txId,
  txRoot, updateStateTree,
} from '../types/index.ts';
import { Db, type DbOperation, type DbSnapshot } from './db.ts';
import {
  type Head, TABLE, blockKey, codeKey, decodeEventIndexKey, decodeHead, decodeStateKey, decodeTxLocation, encodeHead, encodeTxLocation, eventIndexKey,
  eventIndexPrefix, metaKey, prefixEnd, receiptKey, stateKey, tablePrefix, txIndexKey,
} from './keys.ts';

/** A receipt with the position of its transaction. */
export interface StoredReceipt {
  readonly height: bigint;
  /** Position of the transaction in its block. */
  readonly index: number;
  readonly receipt: Receipt;
}

/** One event with where it was emitted. */
export interface StoredEvent {
  readonly height: bigint;
  readonly txIndex: number;
  /** Position of the event in its receipt's `events`. */
  readonly eventIndex: number;
  readonly event: ReceiptEvent;
}

/** A state proof against the head's state root, with the value it proves. */
export interface StoredStateProof {
  /** Height of the head the proof is against; `undefined` before genesis. */
  readonly height: bigint | undefined;
  /** The state root of committed state (what {@link ChainStore.stateRoot} returns without a diff). */
  readonly root: string;
  /** The value of the key, or `undefined` if absent (the proof then proves absence). */
  readonly value: string | undefined;
  /** Check with `verifyStateProof(root, address, key, value, proof)`. */
  readonly proof: StateProof;
}

/** The node's storage. Open with {@link openChainStore}; one writer (one `saveBlock` at a time). */
export interface ChainStore {
  /** The last committed block's height and hash, or `undefined` before genesis (kept in memory). */
  readonly head: Head | undefined;
  /**
   * Committed state as of {@link head}, synchronous as the runtime requires. It reads a LevelDB
   * snapshot that is replaced in the same tick as the head, so a view never mixes two blocks.
   * Its `keys` answers in `compareStrings` order (the in-memory key index is kept sorted), which
   * the node's paged state listing relies on.
   */
  readonly state: StateView;
  /**
   * Commits block `height` in one atomic batch written with `sync: true` (NET-04): the block, its
   * receipts, the tx-id index, the event index, the code of successful deploys, the state writes
   * and deletes of `stateDiff` (the whole block's net changes, one entry per key) and `newHead`.
   * Resolves once it is on disk; then {@link head}, {@link state} and the state tree show the block
   * (the tree's new version is computed before the write, so a diff it cannot take refuses the block
   * with nothing written, and installed only after the write resolves).
   *
   * Refuses (`NODE_ERR_INVALID_BLOCK`, nothing written) a block that is not the next height, does
   * not link to the head by `prevHash`, whose `txRoot` does not match its transactions, whose
   * receipts are not one per transaction in order followed by one per trigger run (each with `trigger`, ids unique), or whose `newHead` is not its height and hash.
   */
  saveBlock(height: bigint, block: Block, receipts: readonly Receipt[], stateDiff: StateDiff, newHead: Head): Promise<void>;
  /** The head pointer as stored on disk. */
  loadHead(): Promise<Head | undefined>;
  /** The block at `height`, or `undefined`. */
  loadBlock(height: bigint): Promise<Block | undefined>;
  /** The receipt of transaction `txId` with its position, or `undefined` if not committed. */
  loadReceipt(txId: string): Promise<StoredReceipt | undefined>;
  /** Every receipt of block `height` in order: its transactions', then its trigger runs'. */
  loadBlockReceipts(height: bigint): Promise<Receipt[]>;
  /** The artifact deployed at `address`, or `undefined`. */
  loadCode(address: string): Promise<ContractArtifact | undefined>;
  /**
   * The artifact deployed at `address` as of {@link head}, read synchronously from the same
   * snapshot as {@link state}: the runtime resolves cross-contract calls synchronously.
   */
  loadCodeSync(address: string): ContractArtifact | undefined;
  /** Events emitted by `contract` from block `fromHeight` on, in chain order, at most `limit`. */
  loadEvents(contract: string, fromHeight?: bigint, limit?: number): Promise<StoredEvent[]>;
  /**
   * The state root (docs/transactions.md, State root: a sparse Merkle tree over the entries
   * `(address, key, value)`) of committed state with `pending` (one entry per key; a duplicate is a
   * `RangeError`) applied on top, so a producer can put the root of the state after a block into
   * that block's header before committing it. Incremental: about `|pending|·log₂(state size)`
   * hashes on the in-memory tree, which it does not modify (persistent versions); the version made
   * for the last `pending` is reused by a `saveBlock` of the same diff.
   */
  stateRoot(pending?: StateDiff): Promise<string>;
  /**
   * An inclusion proof for (`address`, `key`), or a proof of its absence, against the root of
   * committed state as of {@link head}. Throws `NODE_ERR_INVALID_MERKLE` on a malformed address.
   * @example
   * const p = await store.stateProof(address, 's/total');
   * verifyStateProof(p.root, address, 's/total', p.value, p.proof); // true
   */
  stateProof(address: string, key: string): Promise<StoredStateProof>;
  /** Closes the database. */
  close(): Promise<void>;
}

/** Address → its present state keys sorted by `compareStrings` (the runtime's order). */
type KeyIndex = Map<string, string[]>;

/** First position in sorted `keys` whose element is ≥ `key` (UTF-16 code-unit order). */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexSet(index: KeyIndex, address: string, key: string, present: boolean): void {
  let keys = index.get(address);
  if (keys === undefined) {
    if (!present) return;
    index.set(address, (keys = []));
  }
  const i = lowerBound(keys, key);
  const found = keys[i] === key;
  if (present && !found) keys.splice(i, 0, key);
  else if (!present && found) {
    keys.splice(i, 1);
    if (keys.length === 0) index.delete(address);
  }
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

function invalid(message: string, field?: string): NodeError {
  return new NodeError('NODE_ERR_INVALID_BLOCK', message, field === undefined ? {} : { field });
}

function corrupt(what: string, cause?: unknown): Error {
  return new Error(`chain store: ${what} is corrupt`, cause === undefined ? undefined : { cause });
}

/** Whether two sorted diffs are the same entries. */
function sameDiff(a: StateDiff, b: StateDiff): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as StateDiff[number];
    const y = b[i] as StateDiff[number];
    if (x.address !== y.address || x.key !== y.key || x.value !== y.value) return false;
  }
  return true;
}

/**
 * Opens the store in directory `location` (created if missing): reads the head and, in one scan of
 * the state table, builds the in-memory index of state keys (the runtime's `StateView.keys` is
 * synchronous and LevelDB has no synchronous iterator, so keys are indexed in memory; values stay
 * on disk) and the state tree (hashes only, about 0.6 KB of heap per key). Opening a store of
 * 200,000 keys takes about 1.3 s, of which the tree about 0.75 s (measured, `bench/state-root.ts`).
 * @example
 * const store = await openChainStore(join(dataDir, 'chain'));
 * await store.saveBlock(0n, genesis, [], [], { height: 0n, hash: blockHash(genesis.header) });
 */
export async function openChainStore(location: string): Promise<ChainStore> {
  const db = await Db.open(location);
  try {
    const headBytes = await db.get(metaKey('head'));
    let head = headBytes === undefined ? undefined : decodeHead(headBytes);
    const index: KeyIndex = new Map();
    let snapshot: DbSnapshot = db.snapshot();
    const statePrefix = tablePrefix(TABLE.state);
    const leaves: StateTreeUpdate[] = [];
    for await (const [k, v] of db.entries({ gte: statePrefix, lt: prefixEnd(statePrefix) }, snapshot)) {
      const { address, key } = decodeStateKey(k);
      let keys = index.get(address);
      if (keys === undefined) index.set(address, (keys = []));
      keys.push(key);
      // The stored key is 0x05 ‖ address ‖ utf8(key): exactly the bytes the key hash frames.
      leaves.push(stateTreeUpdateOfBytes(k.subarray(1, 21), k.subarray(21), v));
    }
    // The scan is in UTF-8 byte order; the runtime's order is UTF-16 code units (see keys.ts).
    for (const keys of index.values()) keys.sort(compareStrings);
    // The committed state tree: replaced (never mutated) only once a block's batch is on disk.
    let tree: StateTree = buildStateTree(leaves);
    leaves.length = 0;
    // The version made by the last stateRoot(pending), reused when saveBlock commits the same diff.
    let speculative: { readonly base: StateTree; readonly diff: StateDiff; readonly tree: StateTree } | undefined;
    /** The committed tree with `diff` (sorted) applied; the committed tree is left as it is. */
    const withDiff = (diff: StateDiff): StateTree => {
      if (diff.length === 0) return tree;
      if (speculative !== undefined && speculative.base === tree && sameDiff(speculative.diff, diff)) return speculative.tree;
      const next = updateStateTree(tree, stateTreeUpdates(diff));
      // Entries copied: the cache must not change if a caller mutates its diff objects afterwards.
      speculative = { base: tree, diff: diff.map((e) => ({ address: e.address, key: e.key, value: e.value })), tree: next };
      return next;
    };
    let committing = false;
    let closed = false;

    const state: StateView = {
      get(address, key) {
        const keys = index.get(address);
        if (keys === undefined || keys[lowerBound(keys, key)] !== key) return undefined;
        return db.getSync(stateKey(address, key), snapshot)?.toString('utf8');
      },
      keys(address, prefix) {
        const keys = index.get(address);
        if (keys === undefined) return [];
        const out: string[] = [];
        for (let i = lowerBound(keys, prefix); i < keys.length && (keys[i] as string).startsWith(prefix); i++) out.push(keys[i] as string);
        return out;
      },
    };

    const checkOpen = (): void => {
      if (closed) throw new Error('chain store is closed');
    };

    return {
      get head() {
        return head;
      },
      state,

      async saveBlock(height, block, receipts, stateDiff, newHead) {
        checkOpen();
        if (committing) throw new Error('chain store: saveBlock called while another commit is in flight');
        const h = block.header;
        const expected = head === undefined ? 0n : head.height + 1n;
        if (height !== expected) throw invalid(`expected block ${expected}, got ${height}`, 'height');
        if (h.height !== height) throw invalid(`header height ${h.height} is not ${height}`, 'header.height');
        const prev = head === undefined ? GENESIS_PREV_HASH : head.hash;
        if (h.prevHash !== prev) throw invalid(`"header.prevHash" does not link to the head ${prev}`, 'header.prevHash');
        // decodeBlock insists on it, so a block stored without it could never be read back.
        if (txRoot(block.txs) !== h.txRoot) throw invalid('"header.txRoot" does not match "txs"', 'header.txRoot');
        const hash = blockHash(h);
        if (newHead.height !== height || newHead.hash !== hash) throw invalid(`newHead must be { height: ${height}, hash: ${hash} }`, 'newHead');
        // One receipt per transaction, in order, then one per trigger run (docs/language.md, Triggers).
        if (receipts.length < block.txs.length) throw invalid(`${block.txs.length} transactions but ${receipts.length} receipts`, 'receipts');
        const diff = sortStateDiff(stateDiff);

        const ops: DbOperation[] = [{ type: 'put', key: blockKey(height), value: utf8(encodeBlock(block)) }];
        block.txs.forEach((tx, i) => {
          const id = txId(tx);
          const r = receipts[i] as Receipt;
          if (r.txId !== id || r.trigger !== undefined) throw invalid(`receipts[${i}] is for ${r.txId}, not transaction ${id}`, `receipts[${i}].txId`);
          ops.push({ type: 'put', key: receiptKey(height, i), value: utf8(encodeReceipt(r)) });
          ops.push({ type: 'put', key: txIndexKey(id), value: encodeTxLocation({ height, index: i }) });
          r.events.forEach((e, j) => ops.push({ type: 'put', key: eventIndexKey(e.contract, height, i, j), value: Buffer.alloc(0) }));
          if (tx.kind === 'deploy' && r.status === 'ok') ops.push({ type: 'put', key: codeKey(deployAddress(tx)), value: utf8(encodeArtifact(tx.artifact)) });
        });
        const seen = new Set(block.txs.map((tx) => txId(tx)));
        for (let i = block.txs.length; i < receipts.length; i++) {
          const r = receipts[i] as Receipt;
          if (r.trigger === undefined) throw invalid(`receipts[${i}] follows the transactions' receipts but is not a trigger run`, `receipts[${i}].trigger`);
          if (seen.has(r.txId)) throw invalid(`receipts[${i}] repeats id ${r.txId}`, `receipts[${i}].txId`);
          seen.add(r.txId);
          ops.push({ type: 'put', key: receiptKey(height, i), value: utf8(encodeReceipt(r)) });
          ops.push({ type: 'put', key: txIndexKey(r.txId), value: encodeTxLocation({ height, index: i }) });
          r.events.forEach((e, j) => ops.push({ type: 'put', key: eventIndexKey(e.contract, height, i, j), value: Buffer.alloc(0) }));
        }
        for (const e of diff) {
          ops.push(e.value === undefined ? { type: 'del', key: stateKey(e.address, e.key) } : { type: 'put', key: stateKey(e.address, e.key), value: utf8(e.value) });
        }
        ops.push({ type: 'put', key: metaKey('head'), value: encodeHead(newHead) });
        // Pure: the committed tree is untouched until the batch is on disk.
        const nextTree = withDiff(diff);

        committing = true;
        try {
          await db.batch(ops);
        } finally {
          committing = false;
        }
        // From here to the end nothing awaits: head, key index, state tree and snapshot change together.
        head = { height: newHead.height, hash: newHead.hash };
        tree = nextTree;
        speculative = undefined;
        for (const e of diff) indexSet(index, e.address, e.key, e.value !== undefined);
        const old = snapshot;
        snapshot = db.snapshot();
        await old.close();
      },

      async loadHead() {
        checkOpen();
        const v = await db.get(metaKey('head'));
        return v === undefined ? undefined : decodeHead(v);
      },

      async loadBlock(height) {
        checkOpen();
        const v = await db.get(blockKey(height));
        return v === undefined ? undefined : decodeBlock(v.toString('utf8'));
      },

      async loadReceipt(id) {
        checkOpen();
        const loc = await db.get(txIndexKey(id));
        if (loc === undefined) return undefined;
        const { height, index: i } = decodeTxLocation(loc);
        const v = await db.get(receiptKey(height, i));
        if (v === undefined) throw corrupt(`receipt of ${id} (block ${height}, index ${i})`);
        return { height, index: i, receipt: decodeReceipt(v.toString('utf8')) };
      },

      async loadBlockReceipts(height) {
        checkOpen();
        const out: Receipt[] = [];
        // receiptKey is big-endian (height, index): one block's receipts are one key range, in order.
        for await (const [, v] of db.entries({ gte: receiptKey(height, 0), lt: receiptKey(height + 1n, 0) })) out.push(decodeReceipt(v.toString('utf8')));
        return out;
      },

      async loadCode(address) {
        checkOpen();
        const v = await db.get(codeKey(address));
        if (v === undefined) return undefined;
        const r = decodeArtifact(v.toString('utf8'));
        if (!r.ok) throw corrupt(`code of ${address}`, r.errors.join('\n'));
        return r.artifact;
      },

      loadCodeSync(address) {
        checkOpen();
        const v = db.getSync(codeKey(address), snapshot);
        if (v === undefined) return undefined;
        const r = decodeArtifact(v.toString('utf8'));
        if (!r.ok) throw corrupt(`code of ${address}`, r.errors.join('\n'));
        return r.artifact;
      },

      async loadEvents(contract, fromHeight = 0n, limit = 1000) {
        checkOpen();
        const prefix = eventIndexPrefix(contract);
        const out: StoredEvent[] = [];
        const receiptsSeen = new Map<string, Receipt>();
        for await (const [k] of db.entries({ gte: eventIndexKey(contract, fromHeight, 0, 0), lt: prefixEnd(prefix) })) {
          if (out.length >= limit) break;
          const { height, txIndex, eventIndex } = decodeEventIndexKey(k);
          const rk = `${height}/${txIndex}`;
          let r = receiptsSeen.get(rk);
          if (r === undefined) {
            const v = await db.get(receiptKey(height, txIndex));
            if (v === undefined) throw corrupt(`receipt of block ${height}, index ${txIndex}`);
            receiptsSeen.set(rk, (r = decodeReceipt(v.toString('utf8'))));
          }
          const event = r.events[eventIndex];
          if (event === undefined) throw corrupt(`event ${eventIndex} of block ${height}, index ${txIndex}`);
          out.push({ height, txIndex, eventIndex, event });
        }
        return out;
      },

      async stateRoot(pending = []) {
        checkOpen();
        return stateTreeRoot(withDiff(sortStateDiff(pending)));
      },

      async stateProof(address, key) {
        checkOpen();
        // Tree, head and snapshot change in the same tick, so the three agree.
        const proof = stateTreeProof(tree, address, key);
        return { height: head?.height, root: stateTreeRoot(tree), value: state.get(address, key), proof };
      },

      async close() {
        if (closed) return;
        closed = true;
        await snapshot.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
