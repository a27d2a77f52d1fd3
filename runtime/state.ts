/**
 * Contract state as the runtime sees it during one transaction: a read-only {@link StateView} of
 * committed state (supplied by the node), a {@link StateOverlay} journal of the transaction's
 * pending writes with marks for nested call frames and `try` rollbacks, and the
 * {@link StateDiff} a successful transaction produces, sorted, with a canonical hash.
 *
 * Does NOT persist anything, compute state roots (Merkle roots are the node's) or interpret
 * values: a value is the canonical text the contract code wrote.
 * @module
 */
import { type Hash, createHash } from 'node:crypto';
import { compareStrings } from '../compiler/artifact.ts';

/** Read-only committed state of every contract (key → canonical value text). */
export interface StateView {
  /** The text stored under `key` of the contract at `address`, or `undefined`. */
  get(address: string, key: string): string | undefined;
  /** Every present key of the contract that starts with `prefix`, in any order. */
  keys(address: string, prefix: string): readonly string[];
}

/** One changed key; `value` `undefined` means the key is deleted. */
export interface StateDiffEntry {
  readonly address: string;
  readonly key: string;
  readonly value: string | undefined;
}

/** The changes of a transaction, sorted by address, then key (UTF-16 code units); no no-ops. */
export type StateDiff = readonly StateDiffEntry[];

/** A transaction's pending writes over a {@link StateView}, with an undo journal. */
export interface StateOverlay extends StateView {
  /** Records a write (`undefined`: delete). */
  set(address: string, key: string, value: string | undefined): void;
  /** A position in the journal; {@link rollback} to it undoes every later write. */
  mark(): number;
  rollback(mark: number): void;
  /** The pending changes against the base view, sorted, without writes that restore the base value. */
  diff(): StateDiff;
}

interface UndoEntry {
  readonly address: string;
  readonly key: string;
  /** The overlay's previous entry; `NONE` when the overlay had none. */
  readonly prev: string | undefined | typeof NONE;
}

const NONE: unique symbol = Symbol('none');

/**
 * A fresh overlay for one transaction.
 * @example
 * const o = createStateOverlay(view);
 * const m = o.mark(); o.set(addr, 's/n', '"1"'); o.rollback(m); // nothing pending
 */
export function createStateOverlay(base: StateView): StateOverlay {
  // address → key → text (undefined: deleted in this transaction)
  const pending = new Map<string, Map<string, string | undefined>>();
  const undo: UndoEntry[] = [];
  const get = (address: string, key: string): string | undefined => {
    const o = pending.get(address);
    if (o !== undefined && o.has(key)) return o.get(key);
    return base.get(address, key);
  };
  return {
    get,
    keys(address, prefix) {
      const keys = new Set<string>(base.keys(address, prefix));
      for (const [k, v] of pending.get(address) ?? []) {
        if (!k.startsWith(prefix)) continue;
        if (v === undefined) keys.delete(k);
        else keys.add(k);
      }
      return [...keys].sort(compareStrings);
    },
    set(address, key, value) {
      let o = pending.get(address);
      if (o === undefined) pending.set(address, (o = new Map()));
      undo.push({ address, key, prev: o.has(key) ? o.get(key) : NONE });
      o.set(key, value);
    },
    mark: () => undo.length,
    rollback(mark) {
      if (!Number.isSafeInteger(mark) || mark < 0 || mark > undo.length) throw new RangeError(`"mark" expected an integer in [0, ${undo.length}], got ${mark}`);
      while (undo.length > mark) {
        const u = undo.pop() as UndoEntry;
        const o = pending.get(u.address) as Map<string, string | undefined>;
        if (u.prev === NONE) o.delete(u.key);
        else o.set(u.key, u.prev);
      }
    },
    diff() {
      const out: StateDiffEntry[] = [];
      for (const address of [...pending.keys()].sort(compareStrings)) {
        const o = pending.get(address) as Map<string, string | undefined>;
        for (const key of [...o.keys()].sort(compareStrings)) {
          const value = o.get(key);
          // A contract invoked twice in one transaction can write a key back to its committed
          // value; dropping no-ops keeps the diff (and its hash) a function of the end state.
          if (value !== base.get(address, key)) out.push({ address, key, value });
        }
      }
      return out;
    },
  };
}

/** Domain tag of {@link stateDiffHash}. */
export const STATE_DIFF_TAG = 'covenant:state-diff:v1';

/** Appends `lp(x)`: the 4-byte big-endian UTF-8 length of `x`, then its UTF-8 bytes. */
function lp(h: Hash, text: string): void {
  h.update(u32(Buffer.byteLength(text, 'utf8')));
  h.update(text, 'utf8');
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

const DELETED = new Uint8Array([0, 0, 0, 1, 0]);
const PRESENT = new Uint8Array([0, 0, 0, 1, 1]);

/**
 * Canonical hash of a diff, in the length-prefixed, domain-separated form of `docs/artifact.md`
 * (Hashes): `sha256(lp(tag) ‖ lp(u32be(n)) ‖ per entry lp(address) ‖ lp(key) ‖ lp(0x00)` for a
 * deletion or `lp(0x01) ‖ lp(value)` for a value`)`, over entries in diff order (sorted).
 * node:crypto rather than @noble/hashes: hashing is on the per-call path and about 3× faster
 * there (measured, docs/performance.md).
 * @example stateDiffHash([]) // the hash of the empty diff
 */
export function stateDiffHash(diff: StateDiff): string {
  const h = createHash('sha256');
  lp(h, STATE_DIFF_TAG);
  h.update(u32(4));
  h.update(u32(diff.length));
  for (const e of diff) {
    lp(h, e.address);
    lp(h, e.key);
    if (e.value === undefined) h.update(DELETED);
    else {
      h.update(PRESENT);
      lp(h, e.value);
    }
  }
  return h.digest('hex');
}

/** Sorts diff entries by address, then key; throws on a duplicate (a diff has one entry per key). */
export function sortStateDiff(entries: readonly StateDiffEntry[]): StateDiff {
  const out = [...entries].sort((a, b) => compareStrings(a.address, b.address) || compareStrings(a.key, b.key));
  for (let i = 1; i < out.length; i++) {
    const a = out[i - 1] as StateDiffEntry;
    const b = out[i] as StateDiffEntry;
    if (a.address === b.address && a.key === b.key) throw new RangeError(`duplicate state diff entry ${a.address} ${JSON.stringify(a.key)}`);
  }
  return out;
}
