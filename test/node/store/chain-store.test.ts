/**
 * node/store/chain-store.ts: block commits and reads, refusals that write nothing, the committed state view, the state root
 * (checked against the naive reference of test/node/types) with and without a pending diff, state proofs, reopen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeArtifact } from '../../../compiler/artifact.ts';
import { NodeError } from '../../../node/errors.ts';
import { type ChainStore, type Head, openChainStore } from '../../../node/store/index.ts';
import { type Receipt, type SignedTx, EMPTY_STATE_ROOT, deployAddress, encodeBlock, txId, verifyStateProof } from '../../../node/types/index.ts';
import type { DeployTx } from '../../../node/types/index.ts';
import { refStateRoot } from '../types/state-tree-reference.ts';
import { CONTRACT, calls, deploy, failedReceipt, makeBlock, okReceipt, put, sampleArtifact, tempDir } from './fixtures.ts';

let t: ReturnType<typeof tempDir>;
let store: ChainStore;

beforeEach(async () => {
  t = tempDir();
  store = await openChainStore(t.dir);
});
afterEach(async () => {
  await store.close();
  t.cleanup();
});

const OTHER = 'ffeeddccbbaa99887766554433221100ffeeddcc';

async function commit(txs: SignedTx[], receipts: Receipt[], diff: Parameters<ChainStore['saveBlock']>[3] = []): Promise<Head> {
  const { block, head } = makeBlock(store.head, txs, receipts);
  await store.saveBlock(head.height, block, receipts, diff, head);
  return head;
}

function nodeErrorCode(e: unknown): string | undefined {
  return e instanceof NodeError ? e.code : undefined;
}

describe('chain store', () => {
  it('starts empty', async () => {
    expect(store.head).toBeUndefined();
    expect(await store.loadHead()).toBeUndefined();
    expect(await store.loadBlock(0n)).toBeUndefined();
    expect(await store.loadReceipt('ab'.repeat(32))).toBeUndefined();
    expect(await store.loadCode(CONTRACT)).toBeUndefined();
    expect(store.state.get(CONTRACT, 's/n')).toBeUndefined();
    expect(store.state.keys(CONTRACT, '')).toEqual([]);
    expect(await store.stateRoot()).toBe(EMPTY_STATE_ROOT);
  });

  it('commits blocks and reads back blocks, receipts with positions, code, events and state', async () => {
    const genesis = await commit([], []);
    expect(store.head).toEqual(genesis);

    const dep = deploy(0n);
    const failedDep = deploy(1n);
    const [c1, c2] = calls(2n, 2) as [SignedTx, SignedTx];
    const receipts = [okReceipt(dep), failedReceipt(failedDep), okReceipt(c1, [{ name: 'A', data: '1' }, { name: 'B', data: '2' }]), okReceipt(c2, [{ name: 'C', data: '3' }])];
    const txs = [dep, failedDep, c1, c2];
    const { block, head } = makeBlock(store.head, txs, receipts);
    await store.saveBlock(1n, block, receipts, [put('s/n', '"7"'), put('m/bal/alice', '"1"')], head);

    expect(store.head).toEqual(head);
    expect(await store.loadHead()).toEqual(head);
    expect(encodeBlock((await store.loadBlock(1n))!)).toBe(encodeBlock(block));
    expect(encodeBlock((await store.loadBlock(0n))!)).toBe(encodeBlock(makeBlock(undefined, [], []).block));
    for (const [i, tx] of txs.entries()) expect(await store.loadReceipt(txId(tx))).toEqual({ height: 1n, index: i, receipt: receipts[i] });

    expect(encodeArtifact((await store.loadCode(deployAddress(dep as DeployTx)))!)).toBe(encodeArtifact(sampleArtifact()));
    // A failed deploy leaves no code.
    expect(await store.loadCode(deployAddress(failedDep as DeployTx))).toBeUndefined();

    const events = await store.loadEvents(CONTRACT);
    expect(events.map((e) => [e.height, e.txIndex, e.eventIndex, e.event.name])).toEqual([[1n, 2, 0, 'A'], [1n, 2, 1, 'B'], [1n, 3, 0, 'C']]);
    expect((await store.loadEvents(CONTRACT, 0n, 2)).length).toBe(2);
    expect(await store.loadEvents(CONTRACT, 2n)).toEqual([]);
    expect(await store.loadEvents(OTHER)).toEqual([]);

    expect(store.state.get(CONTRACT, 's/n')).toBe('"7"');
    expect(store.state.get(CONTRACT, 'm/bal/alice')).toBe('"1"');
    expect(store.state.get(OTHER, 's/n')).toBeUndefined();
  });

  it('applies deletes and overwrites; keys(prefix) lists only present keys, sorted', async () => {
    await commit([], [], [put('m/b/c', '3'), put('m/b/a', '1'), put('m/b/b', '2'), put('s/x', '0'), put('m/bb', '9'), put('s/y', '1', OTHER)]);
    expect(store.state.keys(CONTRACT, 'm/b/')).toEqual(['m/b/a', 'm/b/b', 'm/b/c']);
    expect(store.state.keys(CONTRACT, '')).toEqual(['m/b/a', 'm/b/b', 'm/b/c', 'm/bb', 's/x']);
    expect(store.state.keys(OTHER, '')).toEqual(['s/y']);
    await commit([], [], [put('m/b/b', undefined), put('m/b/a', '10'), put('s/y', undefined, OTHER)]);
    expect(store.state.keys(CONTRACT, 'm/b/')).toEqual(['m/b/a', 'm/b/c']);
    expect(store.state.get(CONTRACT, 'm/b/b')).toBeUndefined();
    expect(store.state.get(CONTRACT, 'm/b/a')).toBe('10');
    expect(store.state.keys(OTHER, '')).toEqual([]);
    // keys() hands out a copy: callers cannot corrupt the index.
    (store.state.keys(CONTRACT, '') as string[]).length = 0;
    expect(store.state.keys(CONTRACT, 'm/b/')).toEqual(['m/b/a', 'm/b/c']);
  });

  it('returns keys in the runtime\'s UTF-16 order, also after reopening (where UTF-8 byte order differs)', async () => {
    // U+FFFF is EF BF BF in UTF-8, U+10000 is F0 90 80 80: bytes put U+FFFF first, UTF-16 code units (D800 DC00 < FFFF) the other way.
    const keys = ['m/k/\u{10000}', 'm/k/\uffff', 'm/k/a', 'm/k/\u00e9'];
    await commit([], [], keys.map((k) => put(k, '1')));
    const expected = [...keys].sort();
    expect(expected).toEqual(['m/k/a', 'm/k/\u00e9', 'm/k/\u{10000}', 'm/k/\uffff']);
    expect(store.state.keys(CONTRACT, 'm/k/')).toEqual(expected);
    await store.close();
    store = await openChainStore(t.dir);
    expect(store.state.keys(CONTRACT, 'm/k/')).toEqual(expected);
  });

  it('refuses a block that does not follow the head, and writes nothing', async () => {
    const g = await commit([], []);
    const [c] = calls(0n, 1) as [SignedTx];
    const good = makeBlock(g, [c], [okReceipt(c)]);
    const cases: [string, () => Promise<void>][] = [
      ['wrong height', () => store.saveBlock(2n, good.block, [okReceipt(c)], [], good.head)],
      ['header height differs', () => store.saveBlock(1n, makeBlock({ height: 1n, hash: g.hash }, [c], [okReceipt(c)]).block, [okReceipt(c)], [], good.head)],
      ['prevHash does not link', () => {
        const b = makeBlock({ height: 0n, hash: 'ab'.repeat(32) }, [c], [okReceipt(c)]);
        return store.saveBlock(1n, b.block, [okReceipt(c)], [], b.head);
      }],
      ['txRoot mismatch', () => store.saveBlock(1n, { ...good.block, header: { ...good.block.header, txRoot: 'ab'.repeat(32) } }, [okReceipt(c)], [], good.head)],
      ['newHead hash', () => store.saveBlock(1n, good.block, [okReceipt(c)], [], { height: 1n, hash: 'ab'.repeat(32) })],
      ['missing receipt', () => store.saveBlock(1n, good.block, [], [], good.head)],
      ['receipt for another tx', () => store.saveBlock(1n, good.block, [{ ...okReceipt(c), txId: 'ab'.repeat(32) }], [], good.head)],
    ];
    for (const [name, f] of cases) {
      let err: unknown;
      await f().catch((e: unknown) => (err = e));
      expect(nodeErrorCode(err), name).toBe('NODE_ERR_INVALID_BLOCK');
    }
    // A duplicate diff entry is refused by sortStateDiff before anything is written.
    await expect(store.saveBlock(1n, good.block, [okReceipt(c)], [put('s/a', '1'), put('s/a', '2')], good.head)).rejects.toThrow(RangeError);
    expect(store.head).toEqual(g);
    expect(await store.loadHead()).toEqual(g);
    expect(await store.loadBlock(1n)).toBeUndefined();
    expect(await store.loadReceipt(txId(c))).toBeUndefined();
    expect(store.state.get(CONTRACT, 's/a')).toBeUndefined();
    await store.saveBlock(1n, good.block, [okReceipt(c)], [], good.head);
    expect(store.head).toEqual(good.head);
  });

  it('computes the state root of committed state, with and without a pending diff, as the reference definition does', async () => {
    const e = (address: string, key: string, value: string) => ({ address, key, value });
    await commit([], [], [put('s/a', '1'), put('m/x/é', '"2"'), put('s/a', '3', OTHER)]);
    expect(await store.stateRoot()).toBe(refStateRoot([e(CONTRACT, 's/a', '1'), e(CONTRACT, 'm/x/é', '"2"'), e(OTHER, 's/a', '3')]));

    const pending = [put('s/a', '9'), put('m/x/é', undefined), put('s/new', '4'), put('s/never', undefined)];
    const predicted = await store.stateRoot(pending);
    expect(predicted).toBe(refStateRoot([e(CONTRACT, 's/a', '9'), e(CONTRACT, 's/new', '4'), e(OTHER, 's/a', '3')]));
    // Predicting does not change committed state or its root; committing the diff yields the predicted root.
    expect(store.state.get(CONTRACT, 's/a')).toBe('1');
    expect(await store.stateRoot()).toBe(refStateRoot([e(CONTRACT, 's/a', '1'), e(CONTRACT, 'm/x/é', '"2"'), e(OTHER, 's/a', '3')]));
    expect(await store.stateRoot([...pending].reverse())).toBe(predicted);
    await commit([], [], pending);
    expect(await store.stateRoot()).toBe(predicted);
    // A duplicate key in the pending diff is refused as saveBlock refuses it.
    await expect(store.stateRoot([put('s/a', '1'), put('s/a', '2')])).rejects.toThrow(RangeError);
  });

  it('a diff other than the last predicted one commits its own root; a refused block leaves the root as it was', async () => {
    const e = (key: string, value: string) => ({ address: CONTRACT, key, value });
    await commit([], [], [put('s/a', '1')]);
    const before = await store.stateRoot();
    const predictedA = await store.stateRoot([put('s/a', '2')]);
    // Refused (newHead does not match) after a prediction: nothing of it reaches the committed tree.
    const good = makeBlock(store.head, [], []);
    await expect(store.saveBlock(1n, good.block, [], [put('s/a', '2')], { height: 1n, hash: 'ab'.repeat(32) })).rejects.toThrow(NodeError);
    // Refused by the diff itself (malformed address) before anything is written.
    await expect(store.saveBlock(1n, good.block, [], [put('s/a', '2', 'zz')], good.head)).rejects.toThrow();
    expect(await store.stateRoot()).toBe(before);
    expect(await store.stateRoot([put('s/a', '2')])).toBe(predictedA);
    // Committing a different diff (same key, another value) than the one predicted last.
    await store.saveBlock(1n, good.block, [], [put('s/a', '3'), put('s/b', '4')], good.head);
    expect(await store.stateRoot()).toBe(refStateRoot([e('s/a', '3'), e('s/b', '4')]));
    // The old prediction is recomputed on the new committed state, not served from before.
    expect(await store.stateRoot([put('s/a', '2')])).toBe(refStateRoot([e('s/a', '2'), e('s/b', '4')]));
  });

  it('stateProof proves present keys with their value and absent keys, against the head root', async () => {
    await commit([], [], [put('s/a', '1'), put('m/x/1', '"x"'), put('s/a', '3', OTHER)]);
    const root = await store.stateRoot();
    for (const [address, key, value] of [[CONTRACT, 's/a', '1'], [CONTRACT, 'm/x/1', '"x"'], [OTHER, 's/a', '3'], [CONTRACT, 's/none', undefined], [OTHER, 'm/x/1', undefined]] as const) {
      const p = await store.stateProof(address, key);
      expect(p).toMatchObject({ height: 0n, root, value });
      expect(verifyStateProof(root, address, key, value, p.proof)).toBe(true);
      expect(verifyStateProof(root, address, key, value === undefined ? '1' : undefined, p.proof)).toBe(false);
    }
    await commit([], [], [put('s/a', undefined)]);
    const p = await store.stateProof(CONTRACT, 's/a');
    expect(p.height).toBe(1n);
    expect(p.value).toBeUndefined();
    expect(verifyStateProof(await store.stateRoot(), CONTRACT, 's/a', undefined, p.proof)).toBe(true);
    expect(verifyStateProof(root, CONTRACT, 's/a', undefined, p.proof)).toBe(false);
  });

  it('a state view taken before a commit keeps reading the head it was taken at until the commit resolves', async () => {
    await commit([], [], [put('s/a', 'old')]);
    const view = store.state;
    const pending = commit([], [], [put('s/a', 'new'), put('s/b', '1')]);
    // The batch is being written: the view still shows the last committed block.
    expect(view.get(CONTRACT, 's/a')).toBe('old');
    expect(view.keys(CONTRACT, 's/')).toEqual(['s/a']);
    await pending;
    expect(view.get(CONTRACT, 's/a')).toBe('new');
    expect(view.keys(CONTRACT, 's/')).toEqual(['s/a', 's/b']);
  });

  it('refuses a second saveBlock while one is in flight', async () => {
    await commit([], []);
    const first = makeBlock(store.head, [], []);
    const p = store.saveBlock(1n, first.block, [], [], first.head);
    await expect(store.saveBlock(1n, first.block, [], [], first.head)).rejects.toThrow(/in flight/);
    await p;
    expect(store.head).toEqual(first.head);
  });

  it('sees everything after close and reopen', async () => {
    await commit([], []);
    const [c] = calls(0n, 1) as [SignedTx];
    const dep = deploy(1n);
    const receipts = [okReceipt(c, [{ name: 'E', data: 'x' }]), okReceipt(dep)];
    const h = await commit([c, dep], receipts, [put('s/n', '1'), put('m/m/k', '2')]);
    const root = await store.stateRoot();
    await store.close();
    await store.close();
    await expect(store.loadHead()).rejects.toThrow(/closed/);

    store = await openChainStore(t.dir);
    expect(store.head).toEqual(h);
    expect((await store.loadBlock(1n))?.txs.map((tx) => txId(tx))).toEqual([txId(c), txId(dep)]);
    expect((await store.loadReceipt(txId(dep)))?.index).toBe(1);
    expect(await store.loadCode(deployAddress(dep as DeployTx))).toBeDefined();
    expect((await store.loadEvents(CONTRACT)).map((e) => e.event.name)).toEqual(['E']);
    expect(store.state.get(CONTRACT, 's/n')).toBe('1');
    expect(store.state.keys(CONTRACT, 'm/')).toEqual(['m/m/k']);
    expect(await store.stateRoot()).toBe(root);
    const next = makeBlock(h, [], []);
    await store.saveBlock(2n, next.block, [], [], next.head);
    expect(store.head?.height).toBe(2n);
  });
});
