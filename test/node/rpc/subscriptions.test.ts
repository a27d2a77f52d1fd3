/**
 * node/rpc/subscriptions.ts over a real socket: blocks, events (by contract, optionally by name)
 * and receipt topics deliver after commits; a receipt fires at once for a committed transaction
 * (after the subscribe answer), ends itself, and reports dropped or unknown transactions; nothing
 * arrives after unsubscribe or close; the per-connection subscription limit.
 */
import { describe, expect, it } from 'vitest';
import { headerToJson, receiptToJson, txId, txToJson } from '../../../node/types/index.ts';
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
});
