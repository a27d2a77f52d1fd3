/**
 * node/node.ts: a CovenantNode on a temp data directory — genesis, deploy and call through the
 * mempool and producer, views, state, events, idempotent submission (NET-14), replays and bad
 * signatures at admission (SC-10, CRY-01), wrong chain (CRY-02), gas limits (GAS-07), pipelined
 * nonces, restart with nothing lost (NET-04), and a runtime fault dropping only its transaction
 * (GAS-06, through the producer).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../compiler/index.ts';
import { createRuntime, RuntimeError, type Runtime } from '../../runtime/index.ts';
import { buildConfig, initDataDir, loadConfig, type NodeConfig } from '../../node/config.ts';
import { CovenantNode } from '../../node/node.ts';
import { Mempool } from '../../node/mempool/index.ts';
import { BlockProducer } from '../../node/producer/index.ts';
import { openChainStore } from '../../node/store/index.ts';
import { NONCE_ADDRESS, applyBlock } from '../../node/execution/index.ts';
import {
  type KeyPair, type SignedTx, GENESIS_PREV_HASH, addressOf, blockHash, deployAddress, encodePublicKey, signTx, txId,
} from '../../node/types/index.ts';
import { compileContracts } from '../helpers/runtime-host.ts';
import { tempDir } from './store/fixtures.ts';
import { ALICE, BOB, CHAIN } from './types/fixtures.ts';

const { Counter: COUNTER } = compileContracts(`
export interface Counted extends Event { n: Int; by: Address; }

@contract
export class Counter {
  n: Int = 0;
  h: Int = 0;
  at: Timestamp;
  constructor(start: Int) { this.n = start; this.at = ctx.time; }

  @entry
  stamp(): void { this.at = ctx.time; this.h = ctx.height; }

  @entry
  add(k: Int): void { this.n += k; emit<Counted>({ n: this.n, by: ctx.caller }); }

  @entry
  fail(): void { require(false, 'refused'); }

  @view
  get(): Int { return this.n; }
}
`) as Record<string, ContractArtifact>;

const GENESIS_TIME = 1_798_761_600_000n;
const FAR = 1n << 40n;

let t: ReturnType<typeof tempDir>;
let node: CovenantNode | undefined;
let config: NodeConfig;
const nonces = new Map<KeyPair, bigint>();

beforeEach(() => {
  t = tempDir();
  nonces.clear();
  config = initDataDir(t.dir, { chainId: CHAIN, genesisTime: GENESIS_TIME }, { verifierThreads: 1 });
});
afterEach(async () => {
  await node?.close();
  node = undefined;
  t.cleanup();
});

function nextNonce(keys: KeyPair): bigint {
  const n = nonces.get(keys) ?? 0n;
  nonces.set(keys, n + 1n);
  return n;
}

function deployTx(keys: KeyPair, start = 0): SignedTx {
  return signTx({ kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce: nextNonce(keys), expiry: FAR, gasLimit: 2_000_000n, artifact: COUNTER as ContractArtifact, args: [String(start)] }, keys.secretKey);
}

function callTx(keys: KeyPair, contract: string, entry: string, args: string[] = [], over: Partial<{ nonce: bigint; chainId: string; gasLimit: bigint }> = {}): SignedTx {
  return signTx({ kind: 'call', chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce: nextNonce(keys), expiry: FAR, gasLimit: 1_000_000n, contract, entry, args, ...over }, keys.secretKey);
}

async function open(): Promise<CovenantNode> {
  node = await CovenantNode.open(loadConfig(t.dir), { log: () => {} });
  return node;
}

async function submitAndWait(n: CovenantNode, tx: SignedTx) {
  const s = await n.submitTx(tx);
  expect(s.status).toBe('accepted');
  return n.waitForTx(s.txId, 10_000);
}

describe('CovenantNode', () => {
  it('writes genesis on first open and reports its status', async () => {
    const n = await open();
    const s = n.status();
    expect(s).toMatchObject({ chainId: CHAIN, height: 0n, headTime: GENESIS_TIME, mempoolSize: 0, healthy: true });
    const g = await n.getBlock(0n);
    expect(g?.block.header).toMatchObject({ chainId: CHAIN, height: 0n, time: GENESIS_TIME, prevHash: GENESIS_PREV_HASH });
    expect(g?.hash).toBe(s.headHash);
  });

  it('deploys, calls, and serves views, state, events and transactions', async () => {
    const n = await open();
    const dep = deployTx(ALICE, 5);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    const d = await submitAndWait(n, dep);
    expect(d.receipt.status).toBe('ok');
    const c = await submitAndWait(n, callTx(BOB, address, 'add', ['3']));
    expect(c.receipt).toMatchObject({ status: 'ok', events: [{ contract: address, name: 'Counted', data: { n: '8', by: addressOf(BOB.publicKey) } }] });
    expect(n.callView({ contract: address, view: 'get', args: [] })).toMatchObject({ status: 'ok', value: '8', height: c.height });
    expect(n.getState(address, 's/n')).toBe('"8"');
    expect(n.listState(address, 's/', undefined, 10)).toEqual(['s/at', 's/h', 's/n']);
    expect(n.listState(address, 's/', 's/at', 1)).toEqual(['s/h']);
    const events = await n.getEvents(address, 0n, 10);
    expect(events.map((e) => e.event.data)).toEqual([{ n: '8', by: addressOf(BOB.publicKey) }]);
    const got = await n.getTx(c.txId);
    expect(got).toMatchObject({ status: 'committed', height: c.height, index: 0 });
    expect((await n.getCode(address))?.abi.contract).toBe('Counter');
    expect(n.nextNonce(addressOf(ALICE.publicKey))).toBe(1n);
    expect(n.status().height).toBe(c.height);
    const block = await n.getBlock(c.height);
    expect(block?.receipts.map((r) => r.txId)).toEqual([c.txId]);
  });

  it('DET-03: contracts see the block\'s consensus time and height, nothing else', async () => {
    let now = 1_900_000_000_000n;
    node = await CovenantNode.open(loadConfig(t.dir), { log: () => {}, clock: () => now });
    const n = node;
    const dep = deployTx(ALICE);
    await submitAndWait(n, dep);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    now = 1_900_000_005_000n;
    const c = await submitAndWait(n, callTx(ALICE, address, 'stamp'));
    const header = (await n.getBlock(c.height))?.block.header;
    expect(header?.time).toBe(now);
    expect(n.getState(address, 's/at')).toBe(JSON.stringify(now.toString()));
    expect(n.getState(address, 's/h')).toBe(JSON.stringify(c.height.toString()));
    // A clock that goes back never makes block time go back.
    now = 1_000n;
    const d = await submitAndWait(n, callTx(ALICE, address, 'stamp'));
    expect((await n.getBlock(d.height))?.block.header.time).toBe(1_900_000_005_001n);
  });

  it('a failed call is committed with a failed receipt that names the source location', async () => {
    const n = await open();
    const dep = deployTx(ALICE);
    await submitAndWait(n, dep);
    const f = await submitAndWait(n, callTx(ALICE, deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>), 'fail'));
    expect(f.receipt).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'refused' } });
    expect(f.receipt.error?.location?.line).toBeGreaterThan(0);
  });

  it('views: unknown contract and unknown view are refused with codes; a failing view is a result', async () => {
    const n = await open();
    expect(() => n.callView({ contract: 'ab'.repeat(20), view: 'get', args: [] })).toThrow(expect.objectContaining({ code: 'NODE_ERR_UNKNOWN_CONTRACT' }));
    const dep = deployTx(ALICE);
    await submitAndWait(n, dep);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    expect(() => n.callView({ contract: address, view: 'nope', args: [] })).toThrow(expect.objectContaining({ code: 'NODE_ERR_BAD_ARGUMENTS' }));
    expect(n.callView({ contract: address, view: 'get', args: ['1'] })).toMatchObject({ status: 'failed', error: { code: expect.stringMatching(/^RT_ERR_/) } });
  });

  it('NET-14: resubmitting is idempotent, pending or committed, and never applies twice', async () => {
    const n = await open();
    const dep = deployTx(ALICE);
    const [a, b] = await Promise.all([n.submitTx(dep), n.submitTx(dep)]);
    expect([a.status, b.status].sort()).toEqual(['accepted', 'pending']);
    await n.waitForTx(a.txId, 10_000);
    expect(await n.submitTx(dep)).toEqual({ txId: txId(dep), status: 'committed' });
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    const add = callTx(ALICE, address, 'add', ['1']);
    await submitAndWait(n, add);
    expect((await n.submitTx(add)).status).toBe('committed');
    expect(n.getState(address, 's/n')).toBe('"1"');
  });

  it('SC-10: a replayed nonce with other content is refused; a nonce ahead is refused', async () => {
    const n = await open();
    const dep = deployTx(ALICE);
    await submitAndWait(n, dep);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    await expect(n.submitTx(callTx(ALICE, address, 'add', ['1'], { nonce: 0n }))).rejects.toMatchObject({ code: 'NODE_ERR_NONCE' });
    await expect(n.submitTx(callTx(ALICE, address, 'add', ['1'], { nonce: 7n }))).rejects.toMatchObject({ code: 'NODE_ERR_NONCE' });
    const first = callTx(BOB, address, 'add', ['1'], { nonce: 0n });
    await n.submitTx(first);
    // The same nonce as a pending transaction, other content.
    await expect(n.submitTx(callTx(BOB, address, 'add', ['2'], { nonce: 0n }))).rejects.toMatchObject({ code: 'NODE_ERR_NONCE' });
  });

  it('CRY-01/CRY-02/GAS-07: bad signature, wrong chain, gas above the node limit are refused at admission', async () => {
    const n = await open();
    const dep = deployTx(ALICE);
    const bad = { ...dep, signature: dep.signature.slice(0, 2) === '00' ? `01${dep.signature.slice(2)}` : `00${dep.signature.slice(2)}` };
    await expect(n.submitTx(bad)).rejects.toMatchObject({ code: 'NODE_ERR_BAD_SIGNATURE' });
    const other = signTx({ ...dep, chainId: 'other-chain' }, ALICE.secretKey);
    await expect(n.submitTx(other)).rejects.toMatchObject({ code: 'NODE_ERR_WRONG_CHAIN' });
    const greedy = signTx({ ...dep, gasLimit: config.maxTxGas + 1n }, ALICE.secretKey);
    await expect(n.submitTx(greedy)).rejects.toMatchObject({ code: 'NODE_ERR_INVALID_TX' });
    expect(n.status().mempoolSize).toBe(0);
  });

  it('pipelined nonces on one account are admitted in order and batched into few blocks', async () => {
    const n = await open();
    const dep = deployTx(ALICE);
    await submitAndWait(n, dep);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    const txs = Array.from({ length: 200 }, () => callTx(BOB, address, 'add', ['1']));
    const outcomes = await Promise.all(txs.map((tx) => n.submitTx(tx)));
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    const committed = await Promise.all(outcomes.map((o) => n.waitForTx(o.txId, 20_000)));
    expect(committed.every((c) => c.receipt.status === 'ok')).toBe(true);
    expect(n.getState(address, 's/n')).toBe('"200"');
    const heights = new Set(committed.map((c) => c.height));
    expect(heights.size).toBeLessThan(200);
    // Within and across blocks, execution follows nonce order.
    const order = committed.map((c) => [c.height, c.index] as const);
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    expect(order).toEqual(sorted);
  });

  it('NET-04: after close and reopen everything committed is there and nonces continue', async () => {
    let n = await open();
    const dep = deployTx(ALICE);
    await submitAndWait(n, dep);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    const c = await submitAndWait(n, callTx(ALICE, address, 'add', ['4']));
    const before = n.status();
    await n.close();
    n = await open();
    expect(n.status()).toMatchObject({ height: before.height, headHash: before.headHash, headTime: before.headTime });
    expect((await n.getTx(c.txId))?.status).toBe('committed');
    expect(n.nextNonce(addressOf(ALICE.publicKey))).toBe(2n);
    const again = await submitAndWait(n, callTx(ALICE, address, 'add', ['1']));
    expect(again.height).toBe(before.height + 1n);
    expect(n.callView({ contract: address, view: 'get', args: [] }).value).toBe('5');
  });

  it('refuses a data directory whose chain has another genesis', async () => {
    const n = await open();
    await n.close();
    node = undefined;
    const other = buildConfig(t.dir, { chainId: 'other-chain', genesisTime: GENESIS_TIME }, {});
    await expect(CovenantNode.open(other, { log: () => {} })).rejects.toMatchObject({ code: 'NODE_ERR_CONFIG' });
  });

  it('a second node on the same data directory is refused with a clear error', async () => {
    await open();
    await expect(CovenantNode.open(loadConfig(t.dir), { log: () => {} })).rejects.toMatchObject({ code: 'NODE_ERR_CONFIG', message: expect.stringContaining('in use by another running node') });
  });

  it('waitForTx: an id neither pending nor committed is NODE_ERR_NOT_FOUND', async () => {
    const n = await open();
    await expect(n.waitForTx('ab'.repeat(32), 100)).rejects.toMatchObject({ code: 'NODE_ERR_NOT_FOUND' });
  });
});

describe('BlockProducer', () => {
  it('GAS-06: a node-local runtime fault leaves that transaction (and the sender\'s later ones) out, never a receipt, without re-running the block; the rest commit', async () => {
    const dir = tempDir();
    const store = await openChainStore(dir.dir);
    const real = createRuntime({ maxGasLimit: 5_000_000 });
    let executions = 0;
    const faulty: Runtime = {
      ...real,
      execute: (p) => {
        executions += 1;
        if (p.kind === 'entry' && p.name === 'add' && (p.args[0] as string) === '13') throw new RuntimeError('RT_ERR_ISOLATE_LIMIT', 'backstop fired');
        return real.execute(p);
      },
      dispose: () => real.dispose(),
    };
    try {
      const g = await applyBlock({ runtime: real, source: store, chainId: CHAIN, height: 0n, time: GENESIS_TIME, prevHash: GENESIS_PREV_HASH, txs: [] });
      await store.saveBlock(0n, g.block, [], g.stateDiff, { height: 0n, hash: blockHash(g.block.header) });
      const mempool = new Mempool();
      const committed: { receipts: readonly { txId: string; status: string }[] }[] = [];
      const dropped: string[] = [];
      const producer = new BlockProducer({
        store, source: store, runtime: faulty, mempool, chainId: CHAIN, limits: { maxTxs: 1000, maxGas: 1_000_000_000n, maxBytes: 1 << 24 },
        clock: () => GENESIS_TIME + 1n, preverified: new WeakSet(), log: () => {},
        onCommitted: (c, d) => { committed.push(c); dropped.push(...d.map((x) => x.entry.id)); },
        onDropped: (d) => dropped.push(...d.map((x) => x.entry.id)),
        onHalt: (e) => { throw e; },
      });
      const dep = deployTx(ALICE);
      const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
      const txs = [dep, callTx(ALICE, address, 'add', ['1']), callTx(BOB, address, 'add', ['13']), callTx(BOB, address, 'add', ['2']), callTx(ALICE, address, 'add', ['4'])];
      const admit = (tx: SignedTx, committedNonce: bigint) =>
        mempool.add({ id: txId(tx), tx, sender: addressOf(Buffer.from(tx.sender, 'hex')), bytes: 100 }, { chainId: CHAIN, nextHeight: 1n, committedNonce, maxGasLimit: 10_000_000n });
      admit(txs[0] as SignedTx, 0n);
      admit(txs[1] as SignedTx, 0n);
      admit(txs[2] as SignedTx, 0n);
      admit(txs[3] as SignedTx, 0n);
      admit(txs[4] as SignedTx, 0n);
      producer.start();
      producer.notify();
      await expect.poll(() => mempool.size, { timeout: 10_000 }).toBe(0);
      await producer.stop();
      const included = committed.flatMap((c) => c.receipts.map((r) => r.txId));
      expect(included).toEqual([txId(txs[0] as SignedTx), txId(txs[1] as SignedTx), txId(txs[4] as SignedTx)]);
      expect(dropped.sort()).toEqual([txId(txs[2] as SignedTx), txId(txs[3] as SignedTx)].sort());
      expect(store.state.get(address, 's/n')).toBe('"5"');
      // Proposer mode: each transaction ran at most once (BOB's second never ran), no block re-run.
      expect(executions).toBe(4);
      // BOB's nonce never moved: nothing of his was committed.
      expect(store.state.get(NONCE_ADDRESS, `n/${addressOf(BOB.publicKey)}`)).toBeUndefined();
    } finally {
      real.dispose();
      await store.close();
      dir.cleanup();
    }
  });
});
