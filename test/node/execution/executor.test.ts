/**
 * node/execution/executor.ts: applyBlock on a temp-dir chain store — deploy, call, commit and read
 * back; nonces (SC-10) and chain ids (CRY-02) refused; failed calls charge gas and consume the nonce
 * but leave no writes; later transactions see earlier ones; the signer is ctx.caller (SC-04);
 * identical results on two fresh stores (DET-04); runtime faults abort the block (GAS-06), also
 * inside the key registry's policy views (a proposer leaves such a transaction out).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ContractArtifact } from '../../../compiler/index.ts';
import { RuntimeError, createRuntime, sealing, type Runtime } from '../../../runtime/index.ts';
import { ExecutionFault, KEY_REGISTRY_ADDRESS, NONCE_ADDRESS, type ApplyBlockResult, applyBlock, readNonce } from '../../../node/execution/index.ts';
import { NodeError } from '../../../node/errors.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import {
  type KeyPair, type SignedTx, GENESIS_PREV_HASH, addressOf, blockHash, deployAddress, encodePublicKey, encodeReceipt, signTx, txId,
} from '../../../node/types/index.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, BOB, CHAIN } from '../types/fixtures.ts';

const runtime = createRuntime({ maxGasLimit: 5_000_000 });
afterAll(() => runtime.dispose());

const { Counter: COUNTER } = compileContracts(`
export interface Counted extends Event { n: Int; }

@contract
export class Counter {
  n: Int = 0;
  last: Address;
  first: Address;

  constructor(start: Int) { this.n = start; this.first = ctx.caller; this.last = ctx.caller; }

  @entry
  add(k: Int): void { this.n += k; this.last = ctx.caller; emit<Counted>({ n: this.n }); }

  @entry
  fail(): void { this.n += 100; require(false, 'refused'); }
}
`) as Record<string, ContractArtifact>;

const TIME = 1_798_761_600_000n;
const FAR = 1n << 40n;

let t: ReturnType<typeof tempDir>;
let store: ChainStore;
const nonces = new Map<KeyPair, bigint>();

beforeEach(async () => {
  t = tempDir();
  store = await openChainStore(t.dir);
  nonces.clear();
  await commit([]);
});
afterEach(async () => {
  await store.close();
  t.cleanup();
});

function nextNonce(keys: KeyPair): bigint {
  const n = nonces.get(keys) ?? 0n;
  nonces.set(keys, n + 1n);
  return n;
}

function deployTx(keys: KeyPair, start = 0, over: Partial<{ nonce: bigint; chainId: string }> = {}): SignedTx {
  return signTx({ kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce: nextNonce(keys), expiry: FAR, gasLimit: 2_000_000n, artifact: COUNTER as ContractArtifact, args: [String(start)], ...over }, keys.secretKey);
}

function callTx(keys: KeyPair, contract: string, entry: string, args: string[] = [], over: Partial<{ nonce: bigint; chainId: string; gasLimit: bigint }> = {}): SignedTx {
  return signTx({ kind: 'call', chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce: nextNonce(keys), expiry: FAR, gasLimit: 1_000_000n, contract, entry, args, ...over }, keys.secretKey);
}

function apply(txs: readonly SignedTx[], on: ChainStore = store, extra: { maxBlockGas?: bigint; runtime?: Runtime; skipFaults?: boolean } = {}): Promise<ApplyBlockResult> {
  const head = on.head;
  return applyBlock({
    runtime, source: on, chainId: CHAIN, height: head === undefined ? 0n : head.height + 1n, time: TIME + (head === undefined ? 0n : head.height + 1n),
    prevHash: head === undefined ? GENESIS_PREV_HASH : head.hash, txs, ...extra,
  });
}

async function commit(txs: readonly SignedTx[], on: ChainStore = store): Promise<ApplyBlockResult> {
  const r = await apply(txs, on);
  const { header } = r.block;
  await on.saveBlock(header.height, r.block, r.receipts, r.stateDiff, { height: header.height, hash: blockHash(header) });
  return r;
}

function nonceOf(keys: KeyPair, on: ChainStore = store): bigint {
  return readNonce(on.state.get(NONCE_ADDRESS, `n/${addressOf(keys.publicKey)}`));
}

async function rejection(p: Promise<unknown>): Promise<NodeError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(NodeError);
  return e as NodeError;
}

describe('applyBlock', () => {
  it('deploys, calls and commits; the store then serves state, code, receipts and the header roots', async () => {
    const dep = deployTx(ALICE, 5);
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    const r1 = await commit([dep, callTx(ALICE, address, 'add', ['2'])]);
    expect(r1.receipts.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(r1.receipts[1]?.events).toEqual([{ contract: address, name: 'Counted', data: { n: '7' } }]);
    expect(store.state.get(address, 's/n')).toBe('"7"');
    expect(nonceOf(ALICE)).toBe(2n);
    expect((await store.loadCode(address))?.codeHash).toBe(COUNTER?.codeHash);
    expect((await store.loadReceipt(txId(dep)))?.receipt.status).toBe('ok');
    expect(r1.block.header.stateRoot).toBe(await store.stateRoot());

    // The next block resolves the code from the store (loadCodeSync), not from the block.
    const r2 = await commit([callTx(ALICE, address, 'add', ['3'])]);
    expect(r2.receipts[0]).toMatchObject({ status: 'ok', events: [{ data: { n: '10' } }] });
    expect(store.state.get(address, 's/n')).toBe('"10"');
    expect(r2.block.header.stateRoot).toBe(await store.stateRoot());
  });

  it('applies nothing: the store is unchanged until saveBlock', async () => {
    const head = store.head;
    const root = await store.stateRoot();
    const r = await apply([deployTx(ALICE)]);
    expect(r.stateDiff.length).toBeGreaterThan(0);
    expect(store.head).toEqual(head);
    expect(await store.stateRoot()).toBe(root);
    expect(nonceOf(ALICE)).toBe(0n);
  });

  it('SC-10: a replayed nonce is refused, across blocks and within one block; a nonce ahead too', async () => {
    const dep = deployTx(ALICE);
    await commit([dep]);
    const replay = await rejection(apply([dep]));
    expect(replay).toMatchObject({ code: 'NODE_ERR_NONCE', field: 'txs[0].nonce' });
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    const twice = await rejection(apply([callTx(ALICE, address, 'add', ['1'], { nonce: 1n }), callTx(ALICE, address, 'add', ['2'], { nonce: 1n })]));
    expect(twice).toMatchObject({ code: 'NODE_ERR_NONCE', field: 'txs[1].nonce' });
    expect((await rejection(apply([callTx(ALICE, address, 'add', ['1'], { nonce: 5n })]))).code).toBe('NODE_ERR_NONCE');
  });

  it('CRY-02 and CRY-01: a transaction for another chain, or with a signature that does not verify, is refused', async () => {
    const wrong = await rejection(apply([deployTx(ALICE, 0, { chainId: 'covenant-testnet' })]));
    expect(wrong).toMatchObject({ code: 'NODE_ERR_WRONG_CHAIN', field: 'txs[0].chainId' });
    const good = deployTx(BOB);
    const forged = { ...good, nonce: 0n, args: ['9'] } as SignedTx;
    expect((await rejection(apply([forged]))).code).toBe('NODE_ERR_BAD_SIGNATURE');
  });

  it('a failed call keeps its gas charge and consumes its nonce, but none of its writes', async () => {
    const dep = deployTx(ALICE, 1);
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    await commit([dep]);
    const rootBefore = await store.stateRoot();
    const r = await commit([callTx(ALICE, address, 'fail'), callTx(ALICE, address, 'add', ['1'])]);
    const [failed, ok] = r.receipts;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'refused', location: { path: 'test.contract.ts' } }, events: [] });
    expect(failed?.gasUsed).toBeGreaterThan(0n);
    expect(ok?.status).toBe('ok');
    expect(store.state.get(address, 's/n')).toBe('"2"');
    expect(nonceOf(ALICE)).toBe(3n);
    expect(await store.stateRoot()).not.toBe(rootBefore);
    // The failed transaction cannot be replayed either.
    expect((await rejection(apply([signTx({ ...r.block.txs[0]!, nonce: 1n }, ALICE.secretKey)]))).code).toBe('NODE_ERR_NONCE');
  });

  it('transactions in one block see earlier ones: code deployed and state written in the same block', async () => {
    const dep = deployTx(ALICE, 0);
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    const r = await commit([dep, callTx(ALICE, address, 'add', ['1']), callTx(BOB, address, 'add', ['10']), callTx(ALICE, address, 'add', ['100'])]);
    expect(r.receipts.map((x) => x.events.map((e) => e.data))).toEqual([[], [{ n: '1' }], [{ n: '11' }], [{ n: '111' }]]);
    // The block diff is net: one entry per key.
    const keys = r.stateDiff.map((e) => `${e.address}/${e.key}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(store.state.get(address, 's/n')).toBe('"111"');
    expect([nonceOf(ALICE), nonceOf(BOB)]).toEqual([3n, 1n]);
  });

  it('SC-04: ctx.caller is the signer of the transaction', async () => {
    const dep = deployTx(ALICE);
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    await commit([dep, callTx(BOB, address, 'add', ['1'])]);
    expect(store.state.get(address, 's/first')).toBe(JSON.stringify(addressOf(ALICE.publicKey)));
    expect(store.state.get(address, 's/last')).toBe(JSON.stringify(addressOf(BOB.publicKey)));
  });

  it('DET-04: the same block on two fresh stores gives the same header hash, receipts and diff; applying twice too', async () => {
    const dep = deployTx(ALICE, 3);
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    const txs = [dep, callTx(BOB, address, 'add', ['4']), callTx(ALICE, address, 'fail'), callTx(ALICE, address, 'add', ['5'])];
    const other = tempDir();
    const store2 = await openChainStore(other.dir);
    try {
      await commit([], store2);
      const a = await apply(txs);
      const again = await apply(txs);
      const b = await apply(txs, store2);
      for (const x of [again, b]) {
        expect(blockHash(x.block.header)).toBe(blockHash(a.block.header));
        expect(x.receipts.map((r) => encodeReceipt(r))).toEqual(a.receipts.map((r) => encodeReceipt(r)));
        expect(x.stateDiff).toEqual(a.stateDiff);
      }
      expect(a.receipts.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'ok']);
    } finally {
      await store2.close();
      other.cleanup();
    }
  });

  it('maxBlockGas: a gas limit above what the block has left is refused', async () => {
    const dep = deployTx(ALICE);
    const address = deployAddress(dep as SignedTx & { kind: 'deploy' });
    await commit([dep]);
    const e = await rejection(apply([callTx(ALICE, address, 'add', ['1'], { gasLimit: 600_000n }), callTx(ALICE, address, 'add', ['1'], { gasLimit: 600_000n })], store, { maxBlockGas: 600_000n }));
    expect(e).toMatchObject({ code: 'NODE_ERR_INVALID_TX', field: 'txs[1].gasLimit' });
  });

  it('refuses a height or prevHash that does not follow the head', async () => {
    const head = store.head!;
    const base = { runtime, source: store, chainId: CHAIN, time: TIME, txs: [] };
    expect((await rejection(applyBlock({ ...base, height: head.height + 2n, prevHash: head.hash }))).field).toBe('height');
    expect((await rejection(applyBlock({ ...base, height: head.height + 1n, prevHash: 'ab'.repeat(32) }))).field).toBe('prevHash');
  });

  it('GAS-06: a RuntimeError aborts the whole block: no receipt, nothing to commit', async () => {
    const dep = deployTx(ALICE);
    const faulty: Runtime = {
      execute() {
        throw new RuntimeError('RT_ERR_ISOLATE_LIMIT', 'backstop fired');
      },
      memoryLimitMb: 0,
      isolateResets: 0,
      dispose() {},
    };
    await expect(apply([dep], store, { runtime: faulty })).rejects.toMatchObject({ code: 'RT_ERR_ISOLATE_LIMIT' });
    expect(store.head?.height).toBe(0n);
    expect(nonceOf(ALICE)).toBe(0n);
  });
});

const { Guarded } = compileContracts(`
@contract
class Guarded {
  readonly owner: Address;
  constructor() { this.owner = ctx.caller; }
  @view mayOwn(record: string, field: string, owner: Address): boolean { return owner == this.owner; }
}
`) as Record<string, ContractArtifact>;

/** The real runtime, except that every view run hits a node-local fault. */
const faultyViews: Runtime = {
  execute(p) {
    if (p.kind === 'view') throw new RuntimeError('RT_ERR_ISOLATE_LIMIT', 'isolate memory limit');
    return runtime.execute(p);
  },
  get memoryLimitMb() {
    return runtime.memoryLimitMb;
  },
  get isolateResets() {
    return runtime.isolateResets;
  },
  dispose() {},
};

describe('applyBlock: key registry calls go through the same GAS-06 doorway as contract calls', () => {
  async function setup(): Promise<{ open: SignedTx; later: SignedTx; other: SignedTx }> {
    const dep = signTx({ kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(ALICE.publicKey), nonce: nextNonce(ALICE), expiry: FAR, gasLimit: 2_000_000n, artifact: Guarded as ContractArtifact, args: [] }, ALICE.secretKey);
    const contract = deployAddress(dep as SignedTx & { kind: 'deploy' });
    const keys = sealing.generateEncryptionKeyPair();
    const key = Buffer.from(keys.publicKey).toString('hex');
    const r = await commit([dep, callTx(ALICE, KEY_REGISTRY_ADDRESS, 'publishKey', [key])]);
    expect(r.receipts.map((x) => x.status)).toEqual(['ok', 'ok']);
    const wrapped = Buffer.from(sealing.wrapDataKey({ dataKey: sealing.generateDataKey(), granteePublicKey: keys.publicKey, field: { contract, recordId: 'r', fieldPath: 'f' }, keyVersion: 1 })).toString('hex');
    return {
      open: callTx(ALICE, KEY_REGISTRY_ADDRESS, 'open', [contract, 'r', 'f', wrapped], { gasLimit: 2_000_000n }),
      later: callTx(ALICE, KEY_REGISTRY_ADDRESS, 'publishKey', [key]),
      other: callTx(BOB, KEY_REGISTRY_ADDRESS, 'publishKey', [Buffer.from(sealing.generateEncryptionKeyPair().publicKey).toString('hex')]),
    };
  }

  it('a node-local fault in a policy view is an ExecutionFault naming the transaction', async () => {
    const { open } = await setup();
    const e = await apply([open], store, { runtime: faultyViews }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(ExecutionFault);
    expect(e).toMatchObject({ code: 'RT_ERR_ISOLATE_LIMIT', txIndex: 0 });
  });

  it('a proposer leaves such a transaction (and its sender\'s later ones) out and keeps the rest of the block', async () => {
    const { open, later, other } = await setup();
    const r = await apply([open, later, other], store, { runtime: faultyViews, skipFaults: true });
    expect(r.skipped.map((s) => s.tx)).toEqual([open, later]);
    expect(r.skipped[0]?.code).toBe('RT_ERR_ISOLATE_LIMIT');
    expect(r.block.txs).toEqual([other]);
    expect(r.receipts.map((x) => x.status)).toEqual(['ok']);
  });
});
