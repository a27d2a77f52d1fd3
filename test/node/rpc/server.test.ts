/**
 * node/rpc/server.ts: the transport limits of docs/rpc.md (NET-09) with real sockets — maxPayload
 * (one byte over closes with 1009, the node keeps serving others), binary messages refused (1003),
 * the connection limit, the heartbeat, the outgoing-buffer cap for a reader that stops reading —
 * and the server's lifecycle (ephemeral port, bad limits, close).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RPC_LIMITS, startRpcServer } from '../../../node/rpc/index.ts';
import { MAX_TX_BYTES, txId, txToJson } from '../../../node/types/index.ts';
import { connect } from './client.ts';
import { CONTRACT, createFakeApi, signedCall } from './fake-api.ts';
import { startHarness } from './harness.ts';

/** A state_get request of exactly `bytes` bytes (ASCII). */
function requestOfSize(bytes: number): string {
  const head = `{"jsonrpc":"2.0","id":1,"method":"state_get","params":{"address":"${CONTRACT}","key":"`;
  const tail = '"}}';
  return head + 'k'.repeat(bytes - head.length - tail.length) + tail;
}

describe('rpc server: limits (NET-09)', () => {
  it('maxPayload is MAX_TX_BYTES + 64 KiB: a message of that size is answered, one byte more closes with 1009, others are still served', async () => {
    expect(DEFAULT_RPC_LIMITS.maxPayloadBytes).toBe(MAX_TX_BYTES + 64 * 1024);
    const h = await startHarness();
    const bystander = await h.client();
    const c = await h.client();
    c.send(requestOfSize(DEFAULT_RPC_LIMITS.maxPayloadBytes));
    expect(await c.next()).toMatchObject({ id: 1, error: { code: -32602, data: { field: 'key' } } });
    c.send(requestOfSize(DEFAULT_RPC_LIMITS.maxPayloadBytes + 1));
    expect((await c.closed).code).toBe(1009);
    expect((await bystander.call('node_status')).result.height).toBe('1');
    expect((await (await h.client()).call('node_status')).result.height).toBe('1');
  });

  it('a binary message closes the connection with 1003 and runs nothing', async () => {
    const h = await startHarness();
    const bystander = await h.client();
    const c = await h.client();
    c.send(Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'node_status' })));
    expect(await c.closed).toEqual({ code: 1003, reason: 'binary messages are refused' });
    expect(h.api.calls).toEqual([]);
    expect((await bystander.call('node_status')).result).toBeDefined();
  });

  it('connections beyond maxConnections are refused at the upgrade with 503; a freed slot admits again', async () => {
    const h = await startHarness({ maxConnections: 2 });
    const a = await h.client();
    await h.client();
    await expect(connect(h.server.url)).rejects.toThrow('HTTP 503');
    await a.close();
    // The server sees the close shortly after the client does.
    await expect.poll(async () => connect(h.server.url).then((c) => (c.close(), 'ok'), (e: Error) => e.message)).toBe('ok');
  });

  it('concurrent upgrades cannot pass maxConnections', async () => {
    const h = await startHarness({ maxConnections: 3 });
    const attempts = await Promise.allSettled(Array.from({ length: 20 }, () => connect(h.server.url)));
    const opened = attempts.filter((a) => a.status === 'fulfilled');
    expect(opened).toHaveLength(3);
    expect(attempts.filter((a) => a.status === 'rejected').map((a) => String(a.reason))).toEqual(Array(17).fill('Error: HTTP 503'));
    await Promise.all(opened.map((a) => a.value.close()));
  });

  it('a connection counts against maxConnections until its socket closes, not just until the server stops serving it', async () => {
    const h = await startHarness({ maxConnections: 1 });
    const a = await h.client();
    const socket = (a.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    // The server refuses the binary message and starts the close handshake; A never reads the
    // close frame, so its socket stays open (for ws's 30 s close timeout).
    a.send(Buffer.from('x'));
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(connect(h.server.url)).rejects.toThrow('HTTP 503');
    socket.resume();
    expect((await a.closed).code).toBe(1003);
    await expect.poll(async () => connect(h.server.url).then((c) => (c.close(), 'ok'), (e: Error) => e.message)).toBe('ok');
  });

  it('messages that arrive after the server dropped a connection are not run', async () => {
    const h = await startHarness();
    const c = await h.client();
    c.send(Buffer.from('x'));
    c.send({ jsonrpc: '2.0', id: 1, method: 'node_status' });
    c.send({ jsonrpc: '2.0', id: 2, method: 'tx_submit', params: { tx: txToJson(signedCall(2n)) } });
    expect((await c.closed).code).toBe(1003);
    expect(h.api.calls).toEqual([]);
  });

  it('a client that does not answer pings is terminated; one that answers stays', async () => {
    const h = await startHarness({ heartbeatIntervalMs: 20 });
    const silent = await h.client({ autoPong: false });
    const alive = await h.client();
    let pings = 0;
    alive.ws.on('ping', () => pings++);
    expect((await silent.closed).code).toBe(1006);
    await expect.poll(() => pings, { interval: 10 }).toBeGreaterThanOrEqual(3);
    expect((await alive.call('node_status')).result).toBeDefined();
    expect(h.log.join('\n')).toMatch(/did not answer a ping/);
  });

  it('a connection that leaves more than maxBufferedBytes unread is closed (a slow reader cannot exhaust memory)', async () => {
    const h = await startHarness({ maxBufferedBytes: 64 * 1024 });
    h.api.state.set('big', 'x'.repeat(1024 * 1024));
    const slow = await h.client();
    const bystander = await h.client();
    // The client stops reading; its kernel buffers fill, then the server's.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    for (let i = 0; i < 40; i++) slow.send({ jsonrpc: '2.0', id: i, method: 'state_get', params: { address: CONTRACT, key: 'big' } });
    await expect.poll(() => h.log.join('\n'), { timeout: 5000 }).toMatch(/unread outgoing bytes/);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(1006);
    expect((await bystander.call('node_status')).result).toBeDefined();
  });
});

describe('rpc server: lifecycle', () => {
  it('listens on 127.0.0.1 and an ephemeral port by default', async () => {
    const h = await startHarness();
    expect(h.server.port).toBeGreaterThan(0);
    expect(h.server.url).toBe(`ws://127.0.0.1:${h.server.port}`);
  });

  it('refuses unknown or non-positive limits', async () => {
    const api = createFakeApi();
    await expect(startRpcServer({ api, limits: { maxBatch: 0 } })).rejects.toThrow(RangeError);
    await expect(startRpcServer({ api, limits: { nope: 1 } as never })).rejects.toThrow(/unknown RPC limit/);
  });

  it('rejects when the port is taken', async () => {
    const h = await startHarness();
    await expect(startRpcServer({ api: createFakeApi(), port: h.server.port, log: () => {} })).rejects.toThrow(/EADDRINUSE/);
  });

  it('close() terminates open connections (also with requests in flight), unsubscribes, and resolves once closed', async () => {
    const api = createFakeApi();
    const server = await startRpcServer({ api, log: () => {} });
    const c = await connect(server.url);
    await c.call('subscribe', { topic: 'blocks' });
    expect(api.listenerCount()).toBe(1);
    c.send({ jsonrpc: '2.0', id: 'w', method: 'tx_wait', params: { txId: txId(api.pendingTx), timeoutMs: 5000 } });
    await expect.poll(() => api.calls.includes('waitForTx')).toBe(true);
    await server.close();
    expect((await c.closed).code).toBe(1006);
    expect(api.listenerCount()).toBe(0);
    // The answer to the wait now has nowhere to go; producing it must not throw.
    api.commit();
    await expect(connect(server.url)).rejects.toThrow();
    await server.close();
  });
});
