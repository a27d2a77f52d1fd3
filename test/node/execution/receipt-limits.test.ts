/**
 * Deterministic failures never halt the chain. A hostile contract's unstorable receipt: emitting more events than
 * a receipt may hold makes the transaction fail with NODE_ERR_RECEIPT_LIMIT (writes dropped, gas
 * charged, nonce consumed), and the block still commits and reads back.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../../compiler/index.ts';
import { createRuntime } from '../../../runtime/index.ts';
import { applyBlock } from '../../../node/execution/index.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { GENESIS_PREV_HASH, MAX_RECEIPT_EVENTS, type SignedTx, blockHash, deployAddress, encodePublicKey, signTx } from '../../../node/types/index.ts';
import { compileContracts, handWritten } from '../../helpers/runtime-host.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, CHAIN } from '../types/fixtures.ts';

const { Chatty } = compileContracts(`
export interface Ping extends Event { i: Int; }

@contract
export class Chatty {
  n: Int = 0;
  @entry
  shout(times: Int): void {
    this.n += 1;
    for (let i = 0; i < times; i++) { emit<Ping>({ i }); }
  }
}
`) as Record<string, ContractArtifact>;

const runtime = createRuntime({ maxGasLimit: 50_000_000 });
afterAll(() => runtime.dispose());
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

async function commit(txs: SignedTx[]) {
  const head = store.head;
  const height = head === undefined ? 0n : head.height + 1n;
  const r = await applyBlock({ runtime, source: store, chainId: CHAIN, height, time: 1_000n + height, prevHash: head?.hash ?? GENESIS_PREV_HASH, txs });
  await store.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
  return r;
}

describe('receipt limits', () => {
  it(`a transaction emitting more than ${MAX_RECEIPT_EVENTS} events fails with NODE_ERR_RECEIPT_LIMIT; the block commits`, async () => {
    await commit([]);
    const sender = encodePublicKey(ALICE.publicKey);
    const dep = signTx({ kind: 'deploy', chainId: CHAIN, sender, nonce: 0n, expiry: 100n, gasLimit: 2_000_000n, artifact: Chatty as ContractArtifact, args: [] }, ALICE.secretKey);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    const call = (nonce: bigint, times: number) => signTx({ kind: 'call', chainId: CHAIN, sender, nonce, expiry: 100n, gasLimit: 40_000_000n, contract: address, entry: 'shout', args: [String(times)] }, ALICE.secretKey);
    const r = await commit([dep, call(1n, MAX_RECEIPT_EVENTS), call(2n, MAX_RECEIPT_EVENTS + 1)]);
    expect(r.receipts[1]).toMatchObject({ status: 'ok' });
    expect(r.receipts[1]?.events).toHaveLength(MAX_RECEIPT_EVENTS);
    expect(r.receipts[2]).toMatchObject({ status: 'failed', error: { code: 'NODE_ERR_RECEIPT_LIMIT' }, events: [] });
    expect(r.receipts[2]?.gasUsed).toBeGreaterThan(0n);
    // Only the first shout's write landed; the nonce moved past both.
    expect(store.state.get(address, 's/n')).toBe('"1"');
    expect((await store.loadReceipt(r.receipts[2]!.txId))?.receipt.error?.code).toBe('NODE_ERR_RECEIPT_LIMIT');
    expect((await store.loadBlock(store.head!.height))?.txs).toHaveLength(3);
  }, 60_000);
});

describe('runtime refusals that depend only on the transaction', () => {
  it('a deploy whose code defines no __covenant_invoke gets a failed RT_ERR_INVALID_ARTIFACT receipt using all its gas; the block goes on', async () => {
    await commit([]);
    const sender = encodePublicKey(ALICE.publicKey);
    const broken = handWritten(Chatty as ContractArtifact, "'use strict';\nvar x = 1;\n");
    const bad = signTx({ kind: 'deploy', chainId: CHAIN, sender, nonce: 0n, expiry: 100n, gasLimit: 500_000n, artifact: broken, args: [] }, ALICE.secretKey);
    const good = signTx({ kind: 'deploy', chainId: CHAIN, sender, nonce: 1n, expiry: 100n, gasLimit: 2_000_000n, artifact: Chatty as ContractArtifact, args: [] }, ALICE.secretKey);
    const r = await commit([bad, good]);
    expect(r.receipts[0]).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_INVALID_ARTIFACT' }, gasUsed: 500_000n });
    expect(r.receipts[1]).toMatchObject({ status: 'ok' });
    expect(r.skipped).toEqual([]);
    expect(await store.loadCode(deployAddress(bad as Extract<SignedTx, { kind: 'deploy' }>))).toBeUndefined();
    expect(await store.loadCode(deployAddress(good as Extract<SignedTx, { kind: 'deploy' }>))).toBeDefined();
  });
});
