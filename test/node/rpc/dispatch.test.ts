/**
 * node/rpc/dispatch.ts over a real socket: envelope and params validation before anything runs
 * (unknown method, extra member, wrong type, bad hex, u64 as a number), -32700 with the connection
 * still usable, batches (mixed, empty, too large, all notifications), notifications never
 * answered, SC-12 hostile input answered with errors, internal faults as -32603 with the server
 * up, the in-flight limit.
 */
import { describe, expect, it } from 'vitest';
import { txToJson } from '../../../node/types/index.ts';
import { CONTRACT, signedCall } from './fake-api.ts';
import { startHarness } from './harness.ts';

const invalidParams = (field: string) => ({ code: -32602, message: expect.any(String), data: { code: 'NODE_ERR_INVALID_REQUEST', field } });

describe('rpc dispatch: validation', () => {
  it('unknown method is -32601 and the node is not called', async () => {
    const h = await startHarness();
    const c = await h.client();
    for (const method of ['nope', 'toString', '__proto__', 'constructor']) {
      const r = await c.call(method);
      expect(r.error).toMatchObject({ code: -32601, data: { code: 'NODE_ERR_INVALID_REQUEST', field: 'method' } });
    }
    expect(h.api.calls).toEqual([]);
  });

  it('params break the schema: -32602 naming the member, and the method never runs', async () => {
    const h = await startHarness();
    const c = await h.client();
    const cases: [string, unknown, string][] = [
      ['node_status', { extra: 1 }, 'extra'],
      ['state_get', { address: CONTRACT, key: 'k', more: true }, 'more'],
      ['state_get', { address: CONTRACT }, 'key'],
      ['state_get', { address: CONTRACT, key: 7 }, 'key'],
      ['state_get', { address: CONTRACT.toUpperCase(), key: 'k' }, 'address'],
      ['state_get', { address: `0x${CONTRACT}`, key: 'k' }, 'address'],
      ['tx_get', { txId: 'ab'.repeat(31) }, 'txId'],
      ['tx_get', { txId: `${'ab'.repeat(31)}zz` }, 'txId'],
      ['block_get', { height: 1 }, 'height'],
      ['block_get', { height: '01' }, 'height'],
      ['block_get', { height: '-1' }, 'height'],
      ['block_get', { height: '18446744073709551616' }, 'height'],
      ['events_get', { contract: CONTRACT, fromHeight: 0 }, 'fromHeight'],
      ['events_get', { contract: CONTRACT, limit: 1001 }, 'limit'],
      ['state_list', { address: CONTRACT, limit: 1.5 }, 'limit'],
      ['state_list', { address: CONTRACT, limit: '10' }, 'limit'],
      ['tx_wait', { txId: '00'.repeat(32), timeoutMs: 300_001 }, 'timeoutMs'],
      ['tx_submit', { tx: txToJson(signedCall(5n)), wait: 'yes' }, 'wait'],
      ['contract_view', { address: CONTRACT, view: 'a-b', args: [] }, 'view'],
      ['contract_view', { address: CONTRACT, view: 'v', args: [1.5] }, 'args[0]'],
      ['contract_view', { address: CONTRACT, view: 'v', args: [], gasLimit: 100 }, 'gasLimit'],
      ['subscribe', { topic: 'everything' }, 'topic'],
      ['subscribe', { topic: 'events' }, 'contract'],
      ['subscribe', { topic: 'blocks', contract: CONTRACT }, 'contract'],
      ['unsubscribe', { subscription: 3 }, 'subscription'],
      ['node_status', [], 'params'],
      ['node_status', 'x', 'params'],
    ];
    for (const [method, params, field] of cases) {
      const r = await c.call(method, params);
      expect(r.error, `${method} ${JSON.stringify(params).slice(0, 80)}`).toEqual(invalidParams(field));
    }
    expect(h.api.calls).toEqual([]);
  });

  it('a transaction that breaks the transaction schema keeps its decoder code (-32000), field under "tx"', async () => {
    const h = await startHarness();
    const c = await h.client();
    const tx = { ...txToJson(signedCall(5n)), gasLimit: '0' };
    const r = await c.call('tx_submit', { tx });
    expect(r.error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_INVALID_TX', field: 'tx.gasLimit' } });
    const extra = await c.call('tx_submit', { tx: { ...txToJson(signedCall(5n)), fee: '1' } });
    expect(extra.error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_INVALID_TX', field: 'tx.fee' } });
    expect(h.api.calls).toEqual([]);
  });

  it('the envelope: jsonrpc "2.0", a valid id, a method and nothing else (-32600)', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send({ jsonrpc: '1.0', id: 1, method: 'node_status' });
    expect(await c.next()).toMatchObject({ id: 1, error: { code: -32600, data: { code: 'NODE_ERR_INVALID_REQUEST', field: 'jsonrpc' } } });
    c.send({ jsonrpc: '2.0', id: 2, method: 'node_status', extra: true });
    expect(await c.next()).toMatchObject({ id: 2, error: { code: -32600, data: { field: 'extra' } } });
    c.send({ jsonrpc: '2.0', id: { a: 1 }, method: 'node_status' });
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32600, data: { field: 'id' } } });
    c.send({ jsonrpc: '2.0', id: 3, method: 42 });
    expect(await c.next()).toMatchObject({ id: 3, error: { code: -32600, data: { field: 'method' } } });
    c.send('"just a string"');
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32600 } });
    c.send({ jsonrpc: '2.0', id: 'x'.repeat(257), method: 'node_status' });
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32600, data: { field: 'id' } } });
    // String, number and null ids are echoed as given.
    c.send({ jsonrpc: '2.0', id: 'abc', method: 'node_status' });
    expect(await c.next()).toMatchObject({ id: 'abc', result: { chainId: expect.any(String) } });
    c.send({ jsonrpc: '2.0', id: null, method: 'node_status' });
    expect(await c.next()).toMatchObject({ id: null, result: { chainId: expect.any(String) } });
  });

  it('text that is not JSON is -32700 NODE_ERR_MALFORMED and the connection stays usable', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send('{"jsonrpc":"2.0",');
    expect(await c.next()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.any(String), data: { code: 'NODE_ERR_MALFORMED' } } });
    c.send('');
    expect((await c.next()).error.code).toBe(-32700);
    expect((await c.call('node_status')).result.height).toBe('1');
  });

  it('a notification (no id) runs but is never answered, even when it fails', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send({ jsonrpc: '2.0', method: 'account_nonce', params: { address: CONTRACT } });
    c.send({ jsonrpc: '2.0', method: 'no_such_method' });
    c.send({ jsonrpc: '2.0', method: 'state_get', params: { bad: 1 } });
    const r = await c.call('node_status');
    expect(r.result).toBeDefined();
    // One more round trip: anything answered to the notifications would have arrived by now.
    await c.call('node_status');
    expect(c.inbox).toEqual([]);
    expect(h.api.calls).toContain('nextNonce');
  });
});

describe('rpc dispatch: batches', () => {
  it('a mixed batch answers each request by id, skips notifications, and checks all before running any', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'node_status' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      { jsonrpc: '2.0', method: 'node_status' },
      { jsonrpc: '2.0', id: 3, method: 'state_get', params: { address: CONTRACT } },
      42,
      { jsonrpc: '2.0', id: 4, method: 'account_nonce', params: { address: CONTRACT } },
    ]);
    const answer = await c.next();
    expect(Array.isArray(answer)).toBe(true);
    expect(answer.map((a: { id: unknown }) => a.id)).toEqual([1, 2, 3, null, 4]);
    expect(answer[0].result.chainId).toBeDefined();
    expect(answer[1].error.code).toBe(-32601);
    expect(answer[2].error).toMatchObject({ code: -32602, data: { field: 'key' } });
    expect(answer[3].error.code).toBe(-32600);
    expect(answer[4].result).toEqual({ nonce: '0' });
  });

  it('an empty batch and a batch over 100 are one -32600 answer; nothing runs', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send([]);
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32600, data: { code: 'NODE_ERR_INVALID_REQUEST' } } });
    const big = Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'node_status' }));
    c.send(big);
    expect(await c.next()).toMatchObject({ id: null, error: { code: -32600 } });
    expect(h.api.calls).toEqual([]);
    // 100 is allowed.
    c.send(big.slice(0, 100));
    expect(await c.next()).toHaveLength(100);
  });

  it('a batch of notifications only gets no answer', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send([{ jsonrpc: '2.0', method: 'node_status' }, { jsonrpc: '2.0', method: 'node_status' }]);
    await c.call('node_status');
    expect(c.inbox).toEqual([]);
    expect(h.api.calls.filter((m) => m === 'status')).toHaveLength(3);
  });
});

describe('rpc dispatch: hostile input (SC-12)', () => {
  it('__proto__, constructor and prototype keys are refused in the envelope, params and view arguments', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send('{"jsonrpc":"2.0","id":1,"method":"node_status","__proto__":{"polluted":true}}');
    expect(await c.next()).toMatchObject({ id: 1, error: { code: -32600, data: { field: '__proto__' } } });
    c.send('{"jsonrpc":"2.0","id":2,"method":"node_status","params":{"__proto__":{"polluted":true}}}');
    expect(await c.next()).toMatchObject({ id: 2, error: { code: -32602, data: { field: '__proto__' } } });
    c.send(`{"jsonrpc":"2.0","id":3,"method":"contract_view","params":{"address":"${CONTRACT}","view":"v","args":[{"a":{"__proto__":{"x":1}}}]}}`);
    expect(await c.next()).toMatchObject({ id: 3, error: { code: -32602, data: { field: 'args[0].a.__proto__' } } });
    c.send(`{"jsonrpc":"2.0","id":4,"method":"contract_view","params":{"address":"${CONTRACT}","view":"v","args":[{"constructor":1}]}}`);
    expect(await c.next()).toMatchObject({ id: 4, error: { code: -32602, data: { field: 'args[0].constructor' } } });
    c.send(`{"jsonrpc":"2.0","id":5,"method":"tx_submit","params":{"tx":${JSON.stringify({ ...txToJson(signedCall(5n)), args: [] }).replace('"args":[]', '"args":[{"__proto__":1}]')}}}`);
    expect(await c.next()).toMatchObject({ id: 5, error: { code: -32000, data: { code: 'NODE_ERR_INVALID_TX' } } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(h.api.calls).toEqual([]);
  });

  it('10⁵-deep nesting is answered with errors, not a stack overflow', async () => {
    const h = await startHarness();
    const c = await h.client();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    c.send(`{"jsonrpc":"2.0","id":1,"method":"contract_view","params":{"address":"${CONTRACT}","view":"v","args":[${deep}]}}`);
    expect(await c.next()).toMatchObject({ id: 1, error: { code: -32602, data: { field: expect.stringMatching(/^args\[0\]/) } } });
    c.send(`{"jsonrpc":"2.0","id":2,"method":"node_status","params":{"x":${deep}}}`);
    expect(await c.next()).toMatchObject({ id: 2, error: { code: -32602, data: { field: 'x' } } });
    c.send(`{"jsonrpc":"2.0","id":3,"method":"tx_submit","params":{"tx":${JSON.stringify(txToJson(signedCall(5n))).replace('"args":["5"]', `"args":[${deep}]`)}}}`);
    expect(await c.next()).toMatchObject({ id: 3, error: { code: -32000, data: { code: 'NODE_ERR_INVALID_TX' } } });
    // A batch of one element that is no request object.
    c.send(deep);
    expect(await c.next()).toMatchObject([{ id: null, error: { code: -32600 } }]);
    expect((await c.call('node_status')).result).toBeDefined();
  });

  it('a 3 MB string in a bounded member is refused with -32602; a 10 MB message closes with 1009', async () => {
    const h = await startHarness();
    const c = await h.client();
    const r = await c.call('state_get', { address: CONTRACT, key: 'k'.repeat(3_000_000) });
    expect(r.error).toMatchObject({ code: -32602, data: { field: 'key' } });
    expect(r.error.message.length).toBeLessThan(200);
    const idTooLong = await c.call('contract_view', { address: CONTRACT, view: 'v'.repeat(3_000_000), args: [] });
    expect(idTooLong.error).toMatchObject({ code: -32602, data: { field: 'view' } });
    c.send({ jsonrpc: '2.0', id: 1, method: 'state_get', params: { address: CONTRACT, key: 'k'.repeat(10_000_000) } });
    expect((await c.closed).code).toBe(1009);
    expect(h.api.calls).toEqual([]);
  });
});

describe('rpc dispatch: faults and limits', () => {
  it('a plain Error from the node is -32603 NODE_ERR_INTERNAL without its message, logged, and the server keeps serving', async () => {
    const h = await startHarness();
    const c = await h.client();
    h.api.faults.set('getState', new Error('disk on fire at /secret/path'));
    const r = await c.call('state_get', { address: CONTRACT, key: 'k' });
    expect(r.error).toEqual({ code: -32603, message: expect.any(String), data: { code: 'NODE_ERR_INTERNAL' } });
    expect(JSON.stringify(r)).not.toMatch(/secret|disk on fire|at .*\.ts/);
    expect(h.log.join('\n')).toMatch(/disk on fire/);
    h.api.faults.set('getBlock', 'a thrown string');
    expect((await c.call('block_get')).error.code).toBe(-32603);
    expect((await c.call('node_status')).result).toBeDefined();
    const other = await h.client();
    expect((await other.call('node_status')).result).toBeDefined();
  });

  it('a NodeError from the node is -32000 with its code, field and details', async () => {
    const h = await startHarness();
    const c = await h.client();
    const { NodeError } = await import('../../../node/errors.ts');
    h.api.faults.set('submitTx', new NodeError('NODE_ERR_NONCE', 'nonce 5 is ahead of the account, expected 2', { field: 'nonce', metaMessages: ['one', 'two'] }));
    const r = await c.call('tx_submit', { tx: txToJson(signedCall(5n)) });
    expect(r.error).toEqual({ code: -32000, message: 'nonce 5 is ahead of the account, expected 2', data: { code: 'NODE_ERR_NONCE', field: 'nonce', details: ['one', 'two'] } });
    h.api.faults.set('submitTx', new NodeError('NODE_ERR_INTERNAL', 'store broke'));
    expect((await c.call('tx_submit', { tx: txToJson(signedCall(5n)) })).error).toMatchObject({ code: -32603, data: { code: 'NODE_ERR_INTERNAL' } });
  });

  it('a batch admitted below maxInFlight runs its requests together, in order, and each counts in flight', async () => {
    const h = await startHarness({ maxInFlight: 3 });
    const c = await h.client();
    const { txId } = await import('../../../node/types/index.ts');
    const wait = (id: number) => ({ jsonrpc: '2.0', id, method: 'tx_wait', params: { txId: txId(h.api.pendingTx), timeoutMs: 10_000 } });
    c.send([wait(1), { jsonrpc: '2.0', id: 2, method: 'account_nonce', params: { address: CONTRACT } }, wait(3), wait(4), wait(5)]);
    // All four waits reach the node before anything commits: they run together, in batch order.
    await expect.poll(() => h.api.calls.filter((m) => m === 'waitForTx').length).toBe(4);
    expect(h.api.calls).toEqual(['waitForTx', 'nextNonce', 'waitForTx', 'waitForTx', 'waitForTx']);
    // Four waits in flight: at the limit, the next message is refused.
    expect((await c.call('node_status')).error).toMatchObject({ data: { code: 'NODE_ERR_RATE_LIMITED' } });
    h.api.commit();
    const answer = await c.next((m) => Array.isArray(m));
    expect(answer.map((a: { id: number }) => a.id)).toEqual([1, 2, 3, 4, 5]);
    expect(answer.filter((a: { result?: { status?: string } }) => a.result?.status === 'committed')).toHaveLength(4);
    expect((await c.call('node_status')).result).toBeDefined();
  });

  it('beyond maxInFlight requests are refused with NODE_ERR_RATE_LIMITED; freed slots serve again', async () => {
    const h = await startHarness({ maxInFlight: 3 });
    const c = await h.client();
    const pending = h.api.pendingTx;
    const { txId } = await import('../../../node/types/index.ts');
    // Three waits occupy every slot until the commit.
    const waits = [1, 2, 3].map(() => c.call('tx_wait', { txId: txId(pending), timeoutMs: 10_000 }));
    await expect.poll(() => h.api.calls.filter((m) => m === 'waitForTx').length).toBe(3);
    expect((await c.call('node_status')).error).toMatchObject({ code: -32000, data: { code: 'NODE_ERR_RATE_LIMITED' } });
    c.send([{ jsonrpc: '2.0', id: 'b1', method: 'node_status' }, { jsonrpc: '2.0', method: 'node_status' }]);
    expect(await c.next((m) => Array.isArray(m))).toEqual([expect.objectContaining({ id: 'b1', error: expect.objectContaining({ data: { code: 'NODE_ERR_RATE_LIMITED' } }) })]);
    expect(h.api.calls.filter((m) => m === 'status')).toHaveLength(0);
    // Another connection has its own slots.
    expect((await (await h.client()).call('node_status')).result).toBeDefined();
    h.api.commit();
    for (const w of await Promise.all(waits)) expect(w.result.status).toBe('committed');
    expect((await c.call('node_status')).result).toBeDefined();
  });

  it('a batch keeps its slots until the whole batch is answered (finished answers wait for the slowest)', async () => {
    const h = await startHarness({ maxInFlight: 2 });
    const c = await h.client();
    const { txId } = await import('../../../node/types/index.ts');
    c.send([
      { jsonrpc: '2.0', id: 1, method: 'tx_wait', params: { txId: txId(h.api.pendingTx), timeoutMs: 10_000 } },
      { jsonrpc: '2.0', id: 2, method: 'node_status' },
    ]);
    await expect.poll(() => h.api.calls).toEqual(['waitForTx', 'status']);
    expect((await c.call('node_status')).error).toMatchObject({ data: { code: 'NODE_ERR_RATE_LIMITED' } });
    h.api.commit();
    expect((await c.next((m) => Array.isArray(m))).map((a: { id: number }) => a.id)).toEqual([1, 2]);
    expect((await c.call('node_status')).result).toBeDefined();
  });
});
