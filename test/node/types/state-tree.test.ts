/**
 * node/types/state-tree.ts: the vectors of docs/transactions.md (State root) checked against a naive
 * second implementation (state-tree-reference.ts), the compression rules, history independence,
 * incremental updates against from-scratch roots (fast-check), persistence, inclusion and absence
 * proofs and tampered proofs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils.js';
import { NodeError } from '../../../node/errors.ts';
import {
  type StateProof, type StateTree, type StateTreeEntry, EMPTY_STATE_ROOT, EMPTY_STATE_TREE, STATE_TREE_DEPTH, buildStateTree, computeStateRoot,
  stateKeyHash, stateLeafHash, stateNodeHash, stateTreeProof, stateTreeRoot, stateTreeUpdates, stateValueHash, updateStateTree, verifyStateProof,
} from '../../../node/types/index.ts';
import { refEmpty, refKeyHash, refLeafHash, refNodeHash, refRootOfLeaves, refStateRoot, refValueHash } from './state-tree-reference.ts';

const A = '11'.repeat(20);
const B = '22'.repeat(20);
const N = '00'.repeat(20);

type Entry = { readonly address: string; readonly key: string; readonly value: string };

const ONE: Entry[] = [{ address: A, key: 's/a', value: '1' }];
const TWO: Entry[] = [...ONE, { address: A, key: 's/b', value: '2' }];
/** The fixed 16-entry state of docs/transactions.md. */
const SIXTEEN: Entry[] = [
  { address: N, key: `n/${A}`, value: '"3"' },
  { address: N, key: `n/${B}`, value: '"1"' },
  { address: A, key: 's/owner', value: JSON.stringify(B) },
  { address: A, key: 's/total', value: '"1000000.00"' },
  { address: A, key: 's/paused', value: 'false' },
  { address: A, key: 'm/bal/alice', value: '"250.50"' },
  { address: A, key: 'm/bal/bob', value: '"749.50"' },
  { address: A, key: 'm/bal/carol', value: '"0.00"' },
  { address: A, key: 'm/name/é', value: '"café"' },
  { address: A, key: 'm/name/\u{10000}', value: '"astral"' },
  { address: A, key: '', value: '' },
  { address: B, key: 's/a', value: '1' },
  { address: B, key: 's/b', value: '2' },
  { address: B, key: 'm/list/0', value: '{"amount":"1.25","currency":"USD"}' },
  { address: B, key: 'm/list/1', value: '[1,2,3]' },
  { address: B, key: 's/note', value: '"line\\nbreak"' },
];

/** The vectors as written in docs/transactions.md; each is checked against the reference below. */
const VECTORS = {
  empty: '0c621dcc89820decc41aa1d1edfe36a0a3ba61f88623ba9a95fbbb75d6a9fde0',
  oneKeyHash: '1576c786553f4090c51ca17721a27e58eb9f51ec24b32e895419ee6b432fd7de',
  oneValueHash: 'dfd5491ceae8713f82d76ff7dbe7c22cba30e6c693b45deb7d99d25bbc209944',
  one: '6666d38b5724c69d45322d70321a7ddbf262e7432123e64b0770453f4b666c43',
  twoKeyHash: '226fc6a448c3a40bfa7e169959840ca3366b9d401fa4217118bf2a78b92af233',
  twoValueHash: '9fc35147198aa3e2ea0b0b2cc16912aa9e0290cd69d97d2133ae8b5aa76bf6b1',
  two: 'a66b3570e2a19716abeda1cbf3ffd5782eb2ed358829391c232291c0a77623d1',
  sixteen: '35f435aac65040752600416d2d0df204082b14d41389b16248d71c4676b0bd03',
} as const;

function rootOf(entries: readonly StateTreeEntry[]): string {
  return stateTreeRoot(updateStateTree(EMPTY_STATE_TREE, stateTreeUpdates(entries)));
}

describe('state root vectors (docs/transactions.md)', () => {
  it('the empty tree is sha256(lp("covenant:state-empty:v1"))', () => {
    expect(bytesToHex(refEmpty())).toBe(VECTORS.empty);
    expect(EMPTY_STATE_ROOT).toBe(VECTORS.empty);
    expect(computeStateRoot([])).toBe(VECTORS.empty);
    expect(stateTreeRoot(EMPTY_STATE_TREE)).toBe(VECTORS.empty);
  });

  it('one entry: the root is its leaf hash (a one-entry subtree is the leaf)', () => {
    const kh = refKeyHash(A, 's/a');
    const vh = refValueHash('1');
    expect(bytesToHex(kh)).toBe(VECTORS.oneKeyHash);
    expect(bytesToHex(vh)).toBe(VECTORS.oneValueHash);
    expect(stateKeyHash(A, 's/a')).toBe(VECTORS.oneKeyHash);
    expect(stateValueHash('1')).toBe(VECTORS.oneValueHash);
    expect(bytesToHex(refLeafHash(kh, vh))).toBe(VECTORS.one);
    expect(stateLeafHash(VECTORS.oneKeyHash, VECTORS.oneValueHash)).toBe(VECTORS.one);
    expect(refStateRoot(ONE)).toBe(VECTORS.one);
    expect(computeStateRoot(ONE)).toBe(VECTORS.one);
    expect(rootOf(ONE)).toBe(VECTORS.one);
  });

  it('two entries: key hashes 0x15… and 0x22… share bits 0 and 1, so two nodes with an EMPTY right sibling sit above the split', () => {
    expect(bytesToHex(refKeyHash(A, 's/b'))).toBe(VECTORS.twoKeyHash);
    expect(bytesToHex(refValueHash('2'))).toBe(VECTORS.twoValueHash);
    // 0x15 = 0001_0101, 0x22 = 0010_0010: first difference at bit 2.
    const l1 = refLeafHash(refKeyHash(A, 's/a'), refValueHash('1'));
    const l2 = refLeafHash(refKeyHash(A, 's/b'), refValueHash('2'));
    const byHand = refNodeHash(refNodeHash(refNodeHash(l1, l2), refEmpty()), refEmpty());
    expect(bytesToHex(byHand)).toBe(VECTORS.two);
    expect(refStateRoot(TWO)).toBe(VECTORS.two);
    expect(computeStateRoot(TWO)).toBe(VECTORS.two);
    expect(computeStateRoot([...TWO].reverse())).toBe(VECTORS.two);
    const n = stateNodeHash(stateNodeHash(stateNodeHash(bytesToHex(l1), bytesToHex(l2)), EMPTY_STATE_ROOT), EMPTY_STATE_ROOT);
    expect(n).toBe(VECTORS.two);
  });

  it('the fixed 16-entry state (two contracts, nonces, an empty key and value, non-ASCII keys)', () => {
    expect(refStateRoot(SIXTEEN)).toBe(VECTORS.sixteen);
    expect(computeStateRoot(SIXTEEN)).toBe(VECTORS.sixteen);
    // One entry at a time, in reverse order, reaches the same root.
    let t: StateTree = EMPTY_STATE_TREE;
    for (const e of [...SIXTEEN].reverse()) t = updateStateTree(t, stateTreeUpdates([e]));
    expect(stateTreeRoot(t)).toBe(VECTORS.sixteen);
    expect(t.size).toBe(16);
  });
});

describe('docs/transactions.md', () => {
  it('states every vector of this file', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/transactions.md'), 'utf8');
    for (const [name, v] of Object.entries(VECTORS)) expect(doc.includes(v), name).toBe(true);
  });
});

describe('buildStateTree() and updateStateTree()', () => {
  it('agree with the reference for 0 to 64 entries', () => {
    const es: Entry[] = [];
    for (let n = 0; n <= 64; n++) {
      expect(computeStateRoot(es)).toBe(refStateRoot(es));
      es.push({ address: n % 2 === 0 ? A : B, key: `m/k/${n}`, value: String(n * n) });
    }
  });

  it('handles key hashes that share 255 bits (a chain of 255 nodes above two leaves)', () => {
    const k0 = '\x00'.repeat(32);
    const k1 = `${'\x00'.repeat(31)}\x01`;
    const v = '\x07'.repeat(32);
    const bin = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
    const t = updateStateTree(EMPTY_STATE_TREE, [{ keyHash: k1, valueHash: v }, { keyHash: k0, valueHash: v }]);
    expect(stateTreeRoot(t)).toBe(refRootOfLeaves([{ kh: bin(k0), vh: bin(v) }, { kh: bin(k1), vh: bin(v) }]));
    // Deleting one collapses the whole chain back to the other leaf.
    const t1 = updateStateTree(t, [{ keyHash: k0, valueHash: undefined }]);
    expect(stateTreeRoot(t1)).toBe(refRootOfLeaves([{ kh: bin(k1), vh: bin(v) }]));
    expect(t1.kind).toBe('leaf');
    expect(STATE_TREE_DEPTH).toBe(256);
  });

  it('is persistent: an update returns a new version and leaves the old one as it was', () => {
    const t0 = buildStateTree(stateTreeUpdates(SIXTEEN));
    const t1 = updateStateTree(t0, stateTreeUpdates([{ address: A, key: 's/total', value: '"0"' }, { address: B, key: 's/a', value: undefined }]));
    expect(stateTreeRoot(t0)).toBe(VECTORS.sixteen);
    expect(stateTreeRoot(t1)).not.toBe(VECTORS.sixteen);
    expect(t1.size).toBe(15);
    // No change, or rewriting the same values, or deleting an absent key, is the very same tree.
    expect(updateStateTree(t0, [])).toBe(t0);
    expect(updateStateTree(t0, stateTreeUpdates([SIXTEEN[3] as Entry, SIXTEEN[9] as Entry]))).toBe(t0);
    expect(updateStateTree(t0, stateTreeUpdates([{ address: A, key: 'absent', value: undefined }]))).toBe(t0);
  });

  it('refuses duplicate key hashes, malformed addresses and malformed hashes with NODE_ERR_INVALID_MERKLE', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof NodeError ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => updateStateTree(EMPTY_STATE_TREE, stateTreeUpdates([ONE[0] as Entry, { ...(ONE[0] as Entry), value: '2' }])))).toBe('NODE_ERR_INVALID_MERKLE');
    expect(code(() => updateStateTree(EMPTY_STATE_TREE, stateTreeUpdates([ONE[0] as Entry, { ...(ONE[0] as Entry), value: undefined }])))).toBe('NODE_ERR_INVALID_MERKLE');
    expect(code(() => stateTreeUpdates([{ address: 'AB'.repeat(20), key: 's/a', value: '1' }]))).toBe('NODE_ERR_INVALID_MERKLE');
    expect(code(() => stateTreeUpdates([{ address: 'ab'.repeat(19), key: 's/a', value: '1' }]))).toBe('NODE_ERR_INVALID_MERKLE');
    expect(code(() => updateStateTree(EMPTY_STATE_TREE, [{ keyHash: 'short', valueHash: undefined }]))).toBe('NODE_ERR_INVALID_MERKLE');
    expect(code(() => stateLeafHash('zz', VECTORS.one))).toBe('NODE_ERR_INVALID_MERKLE');
  });
});

// A small universe of keys so that random diffs often update and delete what earlier ones wrote.
const KEYS: readonly { address: string; key: string }[] = [A, B, N].flatMap((address) =>
  ['s/a', 's/b', 'm/x/1', 'm/x/2', 'm/é', 'm/\u{10000}', '', 'm/x/10', 'm/y'].map((key) => ({ address, key })));
const diffArb = fc.uniqueArray(fc.record({ k: fc.nat({ max: KEYS.length - 1 }), v: fc.option(fc.string({ maxLength: 4 }), { nil: undefined, freq: 3 }) }), { selector: (d) => d.k, maxLength: 12 });

function modelEntries(model: ReadonlyMap<number, string>): Entry[] {
  return [...model].map(([k, value]) => ({ ...(KEYS[k] as { address: string; key: string }), value }));
}

describe('incremental roots (fast-check)', () => {
  it('random insert/update/delete diffs: the incremental root equals the from-scratch root and the reference, old versions keep their roots', () => {
    fc.assert(fc.property(fc.array(diffArb, { minLength: 1, maxLength: 8 }), (diffs) => {
      const model = new Map<number, string>();
      let tree: StateTree = EMPTY_STATE_TREE;
      const versions: [StateTree, string][] = [];
      for (const d of diffs) {
        tree = updateStateTree(tree, stateTreeUpdates(d.map(({ k, v }) => ({ ...(KEYS[k] as { address: string; key: string }), value: v }))));
        for (const { k, v } of d) {
          if (v === undefined) model.delete(k);
          else model.set(k, v);
        }
        const entries = modelEntries(model);
        const root = stateTreeRoot(tree);
        expect(root).toBe(computeStateRoot(entries));
        expect(root).toBe(refStateRoot(entries));
        expect(tree.size).toBe(model.size);
        versions.push([tree, root]);
      }
      for (const [t, r] of versions) expect(stateTreeRoot(t)).toBe(r);
    }), { numRuns: 300 });
  });
});

/** Flips hex digit `i` of `h` by xor with `x` (1 to 15). */
function flip(h: string, i: number, x: number): string {
  return h.slice(0, i) + (parseInt(h[i] as string, 16) ^ x).toString(16) + h.slice(i + 1);
}

describe('stateTreeProof() and verifyStateProof()', () => {
  it('every key of the universe has a proof: inclusion with its value if present, absence otherwise (fast-check)', () => {
    fc.assert(fc.property(fc.array(diffArb, { minLength: 1, maxLength: 4 }), (diffs) => {
      const model = new Map<number, string>();
      let tree: StateTree = EMPTY_STATE_TREE;
      for (const d of diffs) {
        tree = updateStateTree(tree, stateTreeUpdates(d.map(({ k, v }) => ({ ...(KEYS[k] as { address: string; key: string }), value: v }))));
        for (const { k, v } of d) v === undefined ? model.delete(k) : model.set(k, v);
      }
      const root = stateTreeRoot(tree);
      KEYS.forEach(({ address, key }, k) => {
        const p = stateTreeProof(tree, address, key);
        const value = model.get(k);
        expect(verifyStateProof(root, address, key, value, p)).toBe(true);
        if (value === undefined) {
          // Absent: no value verifies, and the proof's leaf (if any) is another key on the path.
          expect(verifyStateProof(root, address, key, 'x', p)).toBe(false);
          expect(verifyStateProof(root, address, key, '', p)).toBe(false);
        } else {
          expect(p.leaf?.keyHash).toBe(stateKeyHash(address, key));
          expect(verifyStateProof(root, address, key, undefined, p)).toBe(false);
          expect(verifyStateProof(root, address, key, `${value}!`, p)).toBe(false);
        }
        // It shows another key present only if it ends at that key's leaf. (It may show another key
        // ABSENT: the leaf it ends at is the only entry under the path's prefix.)
        const other = KEYS[(k + 1) % KEYS.length] as { address: string; key: string };
        const otherValue = model.get((k + 1) % KEYS.length);
        const endsAtOther = p.leaf?.keyHash === stateKeyHash(other.address, other.key);
        if (otherValue !== undefined) expect(verifyStateProof(root, other.address, other.key, otherValue, p)).toBe(endsAtOther);
      });
    }), { numRuns: 150 });
  });

  it('tampered proofs fail: a flipped sibling, root or leaf hash, a dropped, added or swapped sibling (fast-check)', () => {
    fc.assert(fc.property(fc.array(diffArb, { minLength: 1, maxLength: 3 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 15 }), (diffs, ki, si, ci, x) => {
      const model = new Map<number, string>();
      let tree: StateTree = EMPTY_STATE_TREE;
      for (const d of diffs) {
        tree = updateStateTree(tree, stateTreeUpdates(d.map(({ k, v }) => ({ ...(KEYS[k] as { address: string; key: string }), value: v }))));
        for (const { k, v } of d) v === undefined ? model.delete(k) : model.set(k, v);
      }
      const root = stateTreeRoot(tree);
      const k = ki % KEYS.length;
      const { address, key } = KEYS[k] as { address: string; key: string };
      const value = model.get(k);
      const p = stateTreeProof(tree, address, key);
      expect(verifyStateProof(root, address, key, value, p)).toBe(true);
      const bad: StateProof[] = [{ siblings: [...p.siblings, EMPTY_STATE_ROOT] }, { ...p, siblings: [EMPTY_STATE_ROOT, ...p.siblings] }];
      if (p.leaf !== undefined) {
        bad.push({ siblings: p.siblings }); // leaf dropped: claims an empty subtree
        bad.push({ ...p, leaf: { ...p.leaf, valueHash: flip(p.leaf.valueHash, ci, x) } });
        bad.push({ ...p, leaf: { ...p.leaf, keyHash: flip(p.leaf.keyHash, ci, x) } });
      } else {
        bad.push({ ...p, leaf: { keyHash: stateKeyHash(address, `${key}~`), valueHash: EMPTY_STATE_ROOT } });
      }
      if (p.siblings.length > 0) {
        const s = si % p.siblings.length;
        bad.push({ ...p, siblings: p.siblings.map((h, i) => (i === s ? flip(h, ci, x) : h)) });
        bad.push({ ...p, siblings: p.siblings.slice(1) });
        bad.push({ ...p, siblings: p.siblings.slice(0, -1) });
        if (p.siblings.length > 1 && p.siblings[0] !== p.siblings[1]) bad.push({ ...p, siblings: [p.siblings[1] as string, p.siblings[0] as string, ...p.siblings.slice(2)] });
      }
      for (const b of bad) expect(verifyStateProof(root, address, key, value, b)).toBe(false);
      expect(verifyStateProof(flip(root, ci, x), address, key, value, p)).toBe(false);
    }), { numRuns: 300 });
  });

  it('an absence proof cannot use a leaf that is off the key\'s path', () => {
    const t = buildStateTree(stateTreeUpdates(SIXTEEN));
    const root = stateTreeRoot(t);
    const present = SIXTEEN[5] as Entry;
    const p = stateTreeProof(t, present.address, present.key);
    // The proof of a present key, offered as absence of some other key: its leaf is not on that key's path,
    // or the path's siblings differ.
    for (const k of ['absent/1', 'absent/2', 'absent/3']) expect(verifyStateProof(root, A, k, undefined, p)).toBe(false);
    // A genuine absence proof does verify.
    expect(verifyStateProof(root, A, 'absent/1', undefined, stateTreeProof(t, A, 'absent/1'))).toBe(true);
  });

  it('the empty tree proves every key absent with no siblings; one-entry trees with one leaf', () => {
    expect(stateTreeProof(EMPTY_STATE_TREE, A, 's/a')).toEqual({ siblings: [] });
    expect(verifyStateProof(EMPTY_STATE_ROOT, A, 's/a', undefined, { siblings: [] })).toBe(true);
    const t = buildStateTree(stateTreeUpdates(ONE));
    expect(stateTreeProof(t, A, 's/a')).toEqual({ siblings: [], leaf: { keyHash: VECTORS.oneKeyHash, valueHash: VECTORS.oneValueHash } });
    expect(verifyStateProof(VECTORS.one, A, 's/a', '1', stateTreeProof(t, A, 's/a'))).toBe(true);
    expect(verifyStateProof(VECTORS.one, A, 's/zz', undefined, stateTreeProof(t, A, 's/zz'))).toBe(true);
    expect(verifyStateProof(VECTORS.one, A, 's/a', undefined, { siblings: [] })).toBe(false);
  });

  it('malformed proofs, roots and addresses are false, never a throw', () => {
    const t = buildStateTree(stateTreeUpdates(SIXTEEN));
    const root = stateTreeRoot(t);
    const e = SIXTEEN[0] as Entry;
    const good = stateTreeProof(t, e.address, e.key);
    const bad: unknown[] = [null, {}, 'x', { siblings: 'x' }, { siblings: ['zz'] }, { ...good, siblings: good.siblings.map((s) => s.toUpperCase()) },
      { ...good, leaf: null }, { ...good, leaf: { keyHash: 'x', valueHash: 'y' } }, { siblings: Array.from({ length: 257 }, () => EMPTY_STATE_ROOT) }];
    for (const p of bad) expect(verifyStateProof(root, e.address, e.key, e.value, p as never)).toBe(false);
    expect(verifyStateProof('00', e.address, e.key, e.value, good)).toBe(false);
    expect(verifyStateProof(root, 'nothex', e.key, e.value, good)).toBe(false);
    expect(verifyStateProof(root, e.address, e.key, e.value, good)).toBe(true);
  });
});
