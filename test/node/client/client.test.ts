/**
 * `CovenantClient` end to end: the real RPC server (`startRpcServer`) over an in-test fake
 * `NodeApi`, one method per RPC method, results decoded to node/types objects with bigints,
 * node errors mapped to their codes, subscriptions by callback and by `for await`.
 */
import { describe, expect, it } from 'vitest';
import type { NodeStatus as ApiNodeStatus } from '../../../node/api.ts';
import { NodeError } from '../../../node/errors.ts';
import { type DeployTx, type Tx, addressOf, deployAddress, generateKeyPair, encodePublicKey, signTx, txId } from '../../../node/types/index.ts';
import type { BlockNotice } from '../../../node/client/index.ts';
import { CHAIN, artifacts, startNode } from './fixtures.ts';

const KEYS = generateKeyPair();
const ADDRESS = addressOf(KEYS.publicKey);

function deployTx(nonce: bigint): ReturnType<typeof signTx> {
  const tx: Tx = { kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(KEYS.publicKey), nonce, expiry: 100n, gasLimit: 1_000_000n, artifact: artifacts().accounts, args: ['c'.repeat(40), 'd'.repeat(40)] };
  return signTx(tx, KEYS.secretKey);
}

async function rejection(p: Promise<unknown>): Promise<NodeError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(NodeError);
  return e as NodeError;
}

describe('CovenantClient methods over the real RPC server', () => {
  it('status() decodes quantities as bigints (and has the shape of NodeApi.status())', async () => {
    const { client } = await startNode();
    const status = await client.status();
    const sameShape: ApiNodeStatus = status;
    expect(sameShape).toEqual({ chainId: CHAIN, height: 0n, headHash: expect.stringMatching(/^[0-9a-f]{64}$/), headTime: 1_798_761_600_000n, mempoolSize: 0, version: '0.1.0', healthy: true });
  });

  it('submitTx() admits, answers pending on resubmission, and with wait returns the committed receipt', async () => {
    const { client, node } = await startNode();
    const tx = deployTx(0n);
    expect(await client.submitTx(tx)).toEqual({ txId: txId(tx), status: 'accepted' });
    expect(await client.submitTx(tx)).toEqual({ txId: txId(tx), status: 'pending' });
    expect(await client.getTx(txId(tx))).toEqual({ status: 'pending', tx });
    const waiting = client.waitForTx(txId(tx), { timeoutMs: 5000 });
    node.commit();
    const committed = await waiting;
    expect(committed).toMatchObject({ txId: txId(tx), height: 1n, index: 0 });
    expect(committed.receipt.gasUsed).toBe(1000n);
    const again = await client.submitTx(tx, { wait: true });
    expect(again).toEqual(committed);
    expect(await client.getTx(txId(tx))).toMatchObject({ status: 'committed', height: 1n, index: 0 });
    expect(await client.nonce(ADDRESS)).toBe(1n);
  });

  it('maps node refusals to their NodeError codes with the field', async () => {
    const { client } = await startNode();
    const ahead = await rejection(client.submitTx(deployTx(3n)));
    expect([ahead.code, ahead.field]).toEqual(['NODE_ERR_NONCE', 'nonce']);
    expect((await rejection(client.getTx('0'.repeat(64)))).code).toBe('NODE_ERR_NOT_FOUND');
    expect((await rejection(client.getBlock(5n))).code).toBe('NODE_ERR_NOT_FOUND');
    expect((await rejection(client.getCode('e'.repeat(40)))).code).toBe('NODE_ERR_UNKNOWN_CONTRACT');
    const bad = await rejection(client.getTx('XYZ'));
    expect([bad.code, bad.field]).toEqual(['NODE_ERR_INVALID_REQUEST', 'txId']);
    expect((await rejection(client.waitForTx(txId(deployTx(9n)), { timeoutMs: 50 }))).code).toBe('NODE_ERR_NOT_FOUND');
  });

  it('waitForTx() passes the node\'s NODE_ERR_TIMEOUT through with the transaction still pending', async () => {
    const { client } = await startNode();
    const tx = deployTx(0n);
    await client.submitTx(tx);
    const e = await rejection(client.waitForTx(txId(tx), { timeoutMs: 30 }));
    expect(e.code).toBe('NODE_ERR_TIMEOUT');
  });

  it('getBlock(), getCode(), view(), getState(), listState(), getEvents() decode their results', async () => {
    const { client, node } = await startNode();
    node.autoCommit = true;
    node.eventsFor = (tx) => [{ contract: 'e'.repeat(40), name: 'Ping', data: { n: String(tx.nonce) } }];
    const tx = deployTx(0n);
    await client.submitTx(tx);
    const block = await client.getBlock(1n);
    expect(block.header.height).toBe(1n);
    expect(block.txs).toEqual([txId(tx)]);
    expect(block.receipts[0]?.txId).toBe(txId(tx));
    expect((await client.getBlock()).hash).toBe(block.hash);
    const address = deployAddress(tx as DeployTx);
    expect((await client.getCode(address)).codeHash).toBe(artifacts().accounts.codeHash);
    expect(await client.view(address, 'balanceOf', ['ab'.repeat(20)], { caller: 'cd'.repeat(20), gasLimit: 50_000n }))
      .toEqual({ status: 'ok', value: 'ab'.repeat(20), gasUsed: 1n, height: 1n });
    expect(await client.getState(address, 's/cedent')).toEqual({ value: `"${'c'.repeat(40)}"`, height: 1n });
    expect(await client.getState(address, 's/none')).toEqual({ value: undefined, height: 1n });
    expect(await client.listState(address, { prefix: 'm/balances/', after: 'm/balances/a' })).toEqual({ keys: ['m/balances/b'], height: 1n });
    expect(await client.getEvents('e'.repeat(40), { fromHeight: 1n, limit: 10 })).toEqual([{ height: 1n, txIndex: 0, eventIndex: 0, contract: 'e'.repeat(40), name: 'Ping', data: { n: '0' } }]);
  });
});

describe('subscriptions', () => {
  it('subscribeBlocks() as an async iterable; breaking out unsubscribes', async () => {
    const { client, node } = await startNode();
    const sub = await client.subscribeBlocks();
    node.commit();
    node.commit();
    const seen: BlockNotice[] = [];
    for await (const b of sub) {
      seen.push(b);
      if (seen.length === 2) break;
    }
    expect(seen.map((b) => [b.height, b.txCount, b.gasUsed, b.header.height])).toEqual([[1n, 0, 0n, 1n], [2n, 0, 0n, 2n]]);
    expect(sub.ended).toBe(true);
    expect(await sub.done).toBeUndefined();
  });

  it('subscribeEvents() with a callback, filtered by name', async () => {
    const { client, node } = await startNode();
    node.autoCommit = true;
    node.eventsFor = (tx) => [{ contract: 'e'.repeat(40), name: 'Ping', data: { n: String(tx.nonce) } }, { contract: 'e'.repeat(40), name: 'Pong', data: {} }];
    const got: unknown[] = [];
    const sub = await client.subscribeEvents('e'.repeat(40), { name: 'Ping', onNotice: (e) => got.push([e.name, e.data, e.height]) });
    await client.submitTx(deployTx(0n));
    await client.submitTx(deployTx(1n));
    await expect.poll(() => got.length).toBe(2);
    expect(got).toEqual([['Ping', { n: '0' }, 1n], ['Ping', { n: '1' }, 2n]]);
    expect(await sub.unsubscribe()).toBe(true);
  });

  it('subscribeReceipt() delivers the commit once and ends by itself', async () => {
    const { client, node } = await startNode();
    const tx = deployTx(0n);
    await client.submitTx(tx);
    const sub = await client.subscribeReceipt(txId(tx));
    node.commit();
    const notices = [];
    for await (const n of sub) notices.push(n);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ status: 'committed', txId: txId(tx), height: 1n, index: 0 });
  });

  it('a subscription ends with NODE_ERR_UNREACHABLE when the server goes away, and a for-await throws it', async () => {
    const { client, server } = await startNode();
    const sub = await client.subscribeBlocks();
    const pending = client.waitForTx(txId(deployTx(0n)), { timeoutMs: 10_000 }).catch((e: unknown) => e);
    await server.close();
    expect((await sub.done)?.code).toBe('NODE_ERR_UNREACHABLE');
    await expect((async () => {
      for await (const _ of sub) void _;
    })()).rejects.toMatchObject({ code: 'NODE_ERR_UNREACHABLE' });
    expect(await pending).toMatchObject({ code: expect.stringMatching(/NODE_ERR_(UNREACHABLE|NOT_FOUND)/) });
  });
});
