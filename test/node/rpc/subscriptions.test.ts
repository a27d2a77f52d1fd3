/**
 * node/rpc/subscriptions.ts over a real socket: blocks, events (by contract, optionally by name)
 * and receipt topics deliver after commits; a receipt fires at once for a committed transaction
 * (after the subscribe answer), ends itself, and reports dropped or unknown transactions; nothing
 * arrives after unsubscribe or close; the per-connection subscription limit; what a subscription
 * holds before its batch is answered is bounded (NODE_ERR_RATE_LIMITED past it); no node wait of a
 * receipt subscription outlives the subscription or the connection.
 */
import { describe, expect, it } from 'vitest';
import { headerToJson, receiptToJson, txId, txToJson } from '../../../node/types/index.ts';
import { MAX_HELD_NOTIFICATIONS } from '../../../node/rpc/subscriptions.ts';
import { CONTRACT, signedCall } from './fake-api.ts';
import { startHarness } from './harness.ts';

describe('rpc subscriptions', () => {
  it('blocks: one notification per commit with height, hash, header, txCount, gasUsed; none after unsubscribe', async () => {
    const h = await startHarness();
    const c = await h.client();
    const { subscription } = (await c.call('subscribe', { topic: 'blocks' })).result;
    const b2 = h.api.commit();
    expect(await c.notification(subscription)).toEqual({
      jsonrpc: '2.0', method: 'subscription',
      params: { subscription, result: { height: '2', hash: b2.hash, header: headerToJson(b2.block.header), txCount: 1, gasUsed: '1020' } },
    });
    h.api.commit();
    expect((await c.notification(subscription)).params.result).toMatchObject({ height: '3', txCount: 0, gasUsed: '0' });
    expect((await c.call('unsubscribe', { subscription })).result.removed).toBe(true);
    expect(h.api.listenerCount()).toBe(0);
    h.api.commit();
    await c.call('node_status');
    expect(c.inbox).toEqual([]);
  });

  it('events: every matching event of committed blocks in chain order; a name filter narrows it', async () => {
    const h = await startHarness();
    const c = await h.client();
    const all = (await c.call('subscribe', { topic: 'events', contract: CONTRACT })).result.subscription;
    const named = (await c.call('subscribe', { topic: 'events', contract: CONTRACT, name: 'Added' })).result.subscription;
    const other = (await c.call('subscribe', { topic: 'events', contract: CONTRACT, name: 'Other' })).result.subscription;
    const elsewhere = (await c.call('subscribe', { topic: 'events', contract: 'ff'.repeat(20) })).result.subscription;
    expect(h.api.listenerCount()).toBe(1);
    await c.call('tx_submit', { tx: txToJson(signedCall(2n)) });
    h.api.commit();
    const first = await c.notification(all);
    const second = await c.notification(all);
    expect(first.params.result).toEqual({ height: '2', txIndex: 0, eventIndex: 0, contract: CONTRACT, name: 'Added', data: { n: '20' } });
    expect(second.params.result).toMatchObject({ height: '2', txIndex: 1, eventIndex: 0, data: { n: '21' } });
    expect((await c.notification(named)).params.result.txIndex).toBe(0);
    expect((await c.notification(named)).params.result.txIndex).toBe(1);
    await c.call('node_status');
    expect(c.inbox.filter((m) => m.params?.subscription === other || m.params?.subscription === elsewhere)).toEqual([]);
  });

  it('receipt: an already committed transaction fires at once, after the subscribe answer, then the subscription ends', async () => {
    const h = await startHarness();
    const c = await h.client();
    const id = txId(h.api.committedTx);
    c.send({ jsonrpc: '2.0', id: 'sub', method: 'subscribe', params: { topic: 'receipt', txId: id } });
    const answer = await c.next();
    expect(answer.id).toBe('sub');
    const { subscription } = answer.result;
    const b1 = (await h.api.getBlock(1n))!;
    expect((await c.notification(subscription)).params.result).toEqual({ txId: id, status: 'committed', height: '1', index: 0, receipt: receiptToJson(b1.receipts[0]!) });
    expect((await c.call('unsubscribe', { subscription })).result.removed).toBe(false);
  });

  it('receipt: fires once when a pending transaction commits', async () => {
    const h = await startHarness();
    const c = await h.client();
    const id = txId(h.api.pendingTx);
    const { subscription } = (await c.call('subscribe', { topic: 'receipt', txId: id })).result;
    await expect.poll(() => h.api.calls.includes('waitForTx')).toBe(true);
    h.api.commit();
    expect((await c.notification(subscription)).params.result).toMatchObject({ txId: id, status: 'committed', height: '2', index: 0 });
    h.api.commit();
    await c.call('node_status');
    expect(c.inbox).toEqual([]);
  });

  it('receipt: a dropped transaction sends { status: "dropped", error } and ends; an unknown one likewise', async () => {
    const h = await startHarness();
    const c = await h.client();
    const id = txId(h.api.pendingTx);
    const { subscription } = (await c.call('subscribe', { topic: 'receipt', txId: id })).result;
    await expect.poll(() => h.api.calls.includes('waitForTx')).toBe(true);
    h.api.drop(id);
    expect((await c.notification(subscription)).params.result).toEqual({ txId: id, status: 'dropped', error: { code: 'NODE_ERR_DROPPED', message: expect.any(String) } });
    expect((await c.call('unsubscribe', { subscription })).result.removed).toBe(false);
    const unknown = '00'.repeat(32);
    const s2 = (await c.call('subscribe', { topic: 'receipt', txId: unknown })).result.subscription;
    expect((await c.notification(s2)).params.result).toMatchObject({ txId: unknown, status: 'dropped', error: { code: 'NODE_ERR_NOT_FOUND' } });
  });

  it('receipt: a plain Error from waitForTx is logged and ends the subscription with NODE_ERR_INTERNAL', async () => {
    const h = await startHarness();
    const c = await h.client();
    h.api.faults.set('waitForTx', new Error('boom'));
    const { subscription } = (await c.call('subscribe', { topic: 'receipt', txId: txId(h.api.pendingTx) })).result;
    expect((await c.notification(subscription)).params.result).toMatchObject({ status: 'dropped', error: { code: 'NODE_ERR_INTERNAL' } });
    expect(h.log.join('\n')).toMatch(/boom/);
  });

  it('receipt: a node that times out at once ends the subscription with NODE_ERR_TIMEOUT instead of spinning', async () => {
    const h = await startHarness();
    const c = await h.client();
    const { NodeError } = await import('../../../node/errors.ts');
    h.api.faults.set('waitForTx', new NodeError('NODE_ERR_TIMEOUT', 'no commit within 0 ms'));
    const { subscription } = (await c.call('subscribe', { topic: 'receipt', txId: txId(h.api.pendingTx) })).result;
    expect((await c.notification(subscription)).params.result).toMatchObject({ status: 'dropped', error: { code: 'NODE_ERR_TIMEOUT' } });
    expect(h.api.calls.filter((m) => m === 'waitForTx')).toHaveLength(1);
  });

  it('at most maxSubscriptions per connection (NODE_ERR_RATE_LIMITED); unsubscribing frees a slot; other connections are separate', async () => {
    const h = await startHarness({ maxSubscriptions: 3 });
    const c = await h.client();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await c.call('subscribe', { topic: 'blocks' })).result.subscription);
    expect((await c.call('subscribe', { topic: 'blocks' })).error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_RATE_LIMITED' } });
    expect((await (await h.client()).call('subscribe', { topic: 'blocks' })).result).toBeDefined();
    await c.call('unsubscribe', { subscription: ids[0] });
    expect((await c.call('subscribe', { topic: 'blocks' })).result).toBeDefined();
  });

  it('closing the connection ends its subscriptions (the node listener goes); other connections keep theirs', async () => {
    const h = await startHarness();
    const a = await h.client();
    const b = await h.client();
    await a.call('subscribe', { topic: 'blocks' });
    await a.call('subscribe', { topic: 'events', contract: CONTRACT });
    const sb = (await b.call('subscribe', { topic: 'blocks' })).result.subscription;
    expect(h.api.listenerCount()).toBe(2);
    await a.close();
    await expect.poll(() => h.api.listenerCount()).toBe(1);
    h.api.commit();
    expect((await b.notification(sb)).params.result.height).toBe('2');
  });

  it('a subscribe inside a batch notifies only after the batch answer', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'subscribe', params: { topic: 'receipt', txId: txId(h.api.committedTx) } },
      { jsonrpc: '2.0', id: 2, method: 'node_status' },
    ]);
    const answer = await c.next();
    expect(answer.map((a: { id: number }) => a.id)).toEqual([1, 2]);
    expect((await c.next()).params).toMatchObject({ subscription: answer[0].result.subscription, result: { status: 'committed' } });
  });

  it(`held behind a slow batch answer, a subscription keeps at most ${MAX_HELD_NOTIFICATIONS} notifications, then ends with NODE_ERR_RATE_LIMITED`, async () => {
    const h = await startHarness();
    const c = await h.client();
    const pending = txId(h.api.pendingTx);
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'subscribe', params: { topic: 'blocks' } },
      { jsonrpc: '2.0', id: 2, method: 'tx_wait', params: { txId: pending, timeoutMs: 60_000 } },
    ]);
    await expect.poll(() => h.api.waitCount()).toBe(1);
    for (let i = 0; i < MAX_HELD_NOTIFICATIONS + 50; i++) h.api.commit([]);
    // Ended while held: the node listener is gone at once, nothing more is made for it.
    expect(h.api.listenerCount()).toBe(0);
    h.api.commit([pending]);
    const answer = await c.next((m) => Array.isArray(m));
    const { subscription } = answer[0].result;
    expect(answer[1].result.status).toBe('committed');
    const end = await c.next((m) => m.params?.error !== undefined);
    expect(end).toEqual({ jsonrpc: '2.0', method: 'subscription', params: { subscription, error: { code: 'NODE_ERR_RATE_LIMITED', message: expect.any(String) } } });
    const results = c.inbox.filter((m) => m.method === 'subscription');
    expect(results).toHaveLength(MAX_HELD_NOTIFICATIONS);
    expect(results.map((m) => m.params.result.height)).toEqual(Array.from({ length: MAX_HELD_NOTIFICATIONS }, (_, i) => String(i + 2)));
    expect((await c.call('unsubscribe', { subscription })).result.removed).toBe(false);
  });

  it('what held subscriptions keep is bounded by maxBufferedBytes per connection; a started one flows on', async () => {
    const h = await startHarness({ maxBufferedBytes: 4096 });
    const c = await h.client();
    const live = (await c.call('subscribe', { topic: 'blocks' })).result.subscription;
    const pending = txId(h.api.pendingTx);
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'subscribe', params: { topic: 'blocks' } },
      { jsonrpc: '2.0', id: 2, method: 'subscribe', params: { topic: 'events', contract: CONTRACT } },
      { jsonrpc: '2.0', id: 3, method: 'tx_wait', params: { txId: pending, timeoutMs: 60_000 } },
    ]);
    await expect.poll(() => h.api.waitCount()).toBe(1);
    for (let i = 0; i < 20; i++) h.api.commit([]);
    h.api.commit([pending]);
    const answer = await c.next((m) => Array.isArray(m));
    const held = answer[0].result.subscription;
    expect((await c.next((m) => m.params?.subscription === held && m.params.error !== undefined)).params.error.code).toBe('NODE_ERR_RATE_LIMITED');
    const heldResults = c.inbox.filter((m) => m.params?.subscription === held);
    expect(heldResults.length).toBeGreaterThan(0);
    expect(heldResults.length).toBeLessThan(8);
    // The subscription already started got every block; the connection stays open.
    await c.call('node_status');
    expect(c.inbox.filter((m) => m.params?.subscription === live)).toHaveLength(21);
  });

  it('unsubscribing a receipt subscription removes its node wait (none accumulate over many cycles)', async () => {
    const h = await startHarness();
    const c = await h.client();
    const id = txId(h.api.pendingTx);
    for (let i = 0; i < 200; i++) {
      const { subscription } = (await c.call('subscribe', { topic: 'receipt', txId: id })).result;
      await expect.poll(() => h.api.waitCount()).toBe(1);
      expect((await c.call('unsubscribe', { subscription })).result.removed).toBe(true);
    }
    expect(h.api.waitCount()).toBe(0);
    expect(h.api.calls.filter((m) => m === 'waitForTx')).toHaveLength(200);
  });

  it('closing the connection removes every node wait it had: receipt subscriptions, tx_wait, tx_submit with wait', async () => {
    const h = await startHarness();
    const c = await h.client();
    const bystander = await h.client();
    const id = txId(h.api.pendingTx);
    await c.call('subscribe', { topic: 'receipt', txId: id });
    c.send({ jsonrpc: '2.0', id: 'w', method: 'tx_wait', params: { txId: id, timeoutMs: 60_000 } });
    c.send({ jsonrpc: '2.0', id: 's', method: 'tx_submit', params: { tx: txToJson(signedCall(2n)), wait: true, timeoutMs: 60_000 } });
    bystander.send({ jsonrpc: '2.0', id: 'b', method: 'tx_wait', params: { txId: id, timeoutMs: 60_000 } });
    await expect.poll(() => h.api.waitCount()).toBe(4);
    await c.close();
    await expect.poll(() => h.api.waitCount()).toBe(1);
    h.api.commit();
    expect((await bystander.next((m) => m.id === 'b')).result.status).toBe('committed');
    expect(h.api.waitCount()).toBe(0);
  });
});
