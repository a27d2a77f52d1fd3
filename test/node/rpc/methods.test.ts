/**
 * node/rpc/methods.ts over a real socket: the happy path of every method of docs/rpc.md against
 * the fake node, results as plain JSON with u64 as decimal strings and the node/types encoders'
 * shapes; NET-14 idempotent submission surfaces the node's status.
 */
import { describe, expect, it } from 'vitest';
import { headerToJson, receiptToJson, txId, txToJson } from '../../../node/types/index.ts';
import { ALICE_ADDRESS, CHAIN, CONTRACT, TIME0, signedCall } from './fake-api.ts';
import { startHarness } from './harness.ts';

describe('rpc methods', () => {
  it('node_status answers the head with u64 fields as decimal strings', async () => {
    const h = await startHarness();
    const c = await h.client();
    const r = await c.call('node_status');
    expect(r).toEqual({
      jsonrpc: '2.0', id: r.id,
      result: { chainId: CHAIN, height: '1', headHash: h.api.status().headHash, headTime: String(TIME0 + 1000n), mempoolSize: 1, version: '0.1.0', healthy: true },
    });
  });

  it('tx_submit answers accepted, then pending for the same transaction, then committed (NET-14)', async () => {
    const h = await startHarness();
    const c = await h.client();
    const tx = signedCall(2n);
    const id = txId(tx);
    expect((await c.call('tx_submit', { tx: txToJson(tx) })).result).toEqual({ txId: id, status: 'accepted' });
    expect((await c.call('tx_submit', { tx: txToJson(tx) })).result).toEqual({ txId: id, status: 'pending' });
    h.api.commit();
    expect((await c.call('tx_submit', { tx: txToJson(tx) })).result).toEqual({ txId: id, status: 'committed' });
    // With wait, an already committed transaction answers at once with the stored receipt.
    const again = await c.call('tx_submit', { tx: txToJson(tx), wait: true });
    expect(again.result).toMatchObject({ txId: id, status: 'committed', height: '2', index: 1 });
    expect(h.api.calls.filter((m) => m === 'submitTx')).toHaveLength(4);
  });

  it('tx_submit with wait answers after the commit with height, index and receipt', async () => {
    const h = await startHarness();
    const c = await h.client();
    const tx = signedCall(2n);
    const answer = c.call('tx_submit', { tx: txToJson(tx), wait: true, timeoutMs: 5000 });
    // The wait is registered once submitTx has run; commit after the node saw waitForTx.
    await expect.poll(() => h.api.calls.includes('waitForTx')).toBe(true);
    const block = h.api.commit();
    const r = await answer;
    expect(r.result).toEqual({ txId: txId(tx), status: 'committed', height: '2', index: 1, receipt: receiptToJson(block.receipts[1]!) });
  });

  it('tx_get answers pending and committed transactions, NODE_ERR_NOT_FOUND otherwise', async () => {
    const h = await startHarness();
    const c = await h.client();
    const pending = await c.call('tx_get', { txId: txId(h.api.pendingTx) });
    expect(pending.result).toEqual({ status: 'pending', tx: txToJson(h.api.pendingTx) });
    const committed = await c.call('tx_get', { txId: txId(h.api.committedTx) });
    const block = (await h.api.getBlock(1n))!;
    expect(committed.result).toEqual({ status: 'committed', tx: txToJson(h.api.committedTx), height: '1', index: 0, receipt: receiptToJson(block.receipts[0]!) });
    const missing = await c.call('tx_get', { txId: '00'.repeat(32) });
    expect(missing.error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_NOT_FOUND' } });
  });

  it('tx_wait resolves on commit and reports the node timeout as -32000', async () => {
    const h = await startHarness();
    const c = await h.client();
    const done = await c.call('tx_wait', { txId: txId(h.api.committedTx) });
    expect(done.result).toMatchObject({ txId: txId(h.api.committedTx), status: 'committed', height: '1', index: 0 });
    const timeout = await c.call('tx_wait', { txId: txId(h.api.pendingTx), timeoutMs: 1 });
    expect(timeout.error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_TIMEOUT' } });
  });

  it('block_get answers the head by default, a height when asked, NODE_ERR_NOT_FOUND beyond the head', async () => {
    const h = await startHarness();
    const c = await h.client();
    const head = await c.call('block_get');
    const b1 = (await h.api.getBlock(1n))!;
    expect(head.result).toEqual({ hash: b1.hash, header: headerToJson(b1.block.header), txs: [txId(h.api.committedTx)], receipts: [receiptToJson(b1.receipts[0]!)] });
    const genesis = await c.call('block_get', { height: '0' });
    expect(genesis.result).toMatchObject({ txs: [], receipts: [], header: { height: '0' } });
    expect((await c.call('block_get', { height: '2' })).error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_NOT_FOUND' } });
  });

  it('contract_code answers the artifact, NODE_ERR_UNKNOWN_CONTRACT for an empty address', async () => {
    const h = await startHarness();
    const c = await h.client();
    const r = await c.call('contract_code', { address: CONTRACT });
    expect(r.result).toEqual({ address: CONTRACT, artifact: JSON.parse(JSON.stringify(h.api.artifact)) });
    const none = await c.call('contract_code', { address: '00'.repeat(20) });
    expect(none.error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_UNKNOWN_CONTRACT', field: 'address' } });
  });

  it('contract_view passes address, view, args, caller and gasLimit through and answers ok or failed', async () => {
    const h = await startHarness();
    const c = await h.client();
    const ok = await c.call('contract_view', { address: CONTRACT, view: 'total', args: ['1', { a: [true, null] }], caller: ALICE_ADDRESS, gasLimit: '5000' });
    expect(ok.result).toEqual({ status: 'ok', value: { view: 'total', args: ['1', { a: [true, null] }], caller: ALICE_ADDRESS, gasLimit: '5000' }, gasUsed: '42', height: '1' });
    const failed = await c.call('contract_view', { address: CONTRACT, view: 'fails', args: [] });
    expect(failed.result).toEqual({ status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'refused' }, gasUsed: '7', height: '1' });
    const unknown = await c.call('contract_view', { address: 'ff'.repeat(20), view: 'total', args: [] });
    expect(unknown.error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_UNKNOWN_CONTRACT' } });
  });

  it('state_get answers the text or null with the height', async () => {
    const h = await startHarness();
    const c = await h.client();
    expect((await c.call('state_get', { address: CONTRACT, key: 's/count' })).result).toEqual({ value: '"5"', height: '1' });
    expect((await c.call('state_get', { address: CONTRACT, key: 'nope' })).result).toEqual({ value: null, height: '1' });
  });

  it('state_list honours prefix, after and limit', async () => {
    const h = await startHarness();
    const c = await h.client();
    expect((await c.call('state_list', { address: CONTRACT })).result).toEqual({ keys: ['s/count', 's/owner', 't/x'], height: '1' });
    expect((await c.call('state_list', { address: CONTRACT, prefix: 's/', after: 's/count', limit: 5 })).result).toEqual({ keys: ['s/owner'], height: '1' });
    expect((await c.call('state_list', { address: CONTRACT, limit: 1 })).result.keys).toEqual(['s/count']);
  });

  it('events_get answers stored events with u64 heights as strings', async () => {
    const h = await startHarness();
    const c = await h.client();
    const r = await c.call('events_get', { contract: CONTRACT, fromHeight: '0', limit: 10 });
    expect(r.result).toEqual({ events: [{ height: '1', txIndex: 0, eventIndex: 0, contract: CONTRACT, name: 'Added', data: { n: '10' } }] });
    expect((await c.call('events_get', { contract: CONTRACT, fromHeight: '2' })).result).toEqual({ events: [] });
  });

  it('account_nonce answers the next nonce as a decimal string', async () => {
    const h = await startHarness();
    const c = await h.client();
    expect((await c.call('account_nonce', { address: ALICE_ADDRESS })).result).toEqual({ nonce: '2' });
  });

  it('subscribe and unsubscribe answer an id and whether it was removed', async () => {
    const h = await startHarness();
    const c = await h.client();
    const s = await c.call('subscribe', { topic: 'blocks' });
    expect(s.result).toEqual({ subscription: expect.stringMatching(/^[1-9][0-9]*$/) });
    expect((await c.call('unsubscribe', { subscription: s.result.subscription })).result).toEqual({ removed: true });
    expect((await c.call('unsubscribe', { subscription: s.result.subscription })).result).toEqual({ removed: false });
  });
});
