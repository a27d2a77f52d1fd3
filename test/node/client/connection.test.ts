/**
 * The JSON-RPC connection against a tiny in-test WebSocket stub whose answers each test scripts:
 * nothing listening, timeouts, server error objects, close before the answer, pipelining with the
 * in-flight cap, notifications routed by subscription id, the local frame-size check.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { NodeError } from '../../../node/errors.ts';
import { type Connection, NODE_MAX_PAYLOAD, openConnection } from '../../../node/client/index.ts';

interface Request { readonly id: number; readonly method: string; readonly params: Record<string, unknown> }
type Handler = (req: Request, socket: WebSocket) => void;

const servers: WebSocketServer[] = [];
const connections: Connection[] = [];

afterEach(async () => {
  for (const c of connections.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => {
    for (const c of s.clients) c.terminate();
    s.close(() => resolve());
  })));
});

/** A stub node: every request goes to `handler`. */
async function stub(handler: Handler): Promise<{ url: string; server: WebSocketServer }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) => socket.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as Request;
    handler(msg, socket);
  }));
  const address = server.address() as { port: number };
  return { url: `ws://127.0.0.1:${address.port}`, server };
}

async function open(url: string, options: Parameters<typeof openConnection>[1] = {}): Promise<Connection> {
  const c = await openConnection(url, options);
  connections.push(c);
  return c;
}

const answer = (socket: WebSocket, id: number, result: unknown): void => socket.send(JSON.stringify({ jsonrpc: '2.0', id, result }));

async function rejection(p: Promise<unknown>): Promise<NodeError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(NodeError);
  return e as NodeError;
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('openConnection()', () => {
  it('fails fast with NODE_ERR_UNREACHABLE naming the URL when nothing listens', async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    const t0 = Date.now();
    const e = await rejection(openConnection(url));
    expect(e.code).toBe('NODE_ERR_UNREACHABLE');
    expect(e.shortMessage).toContain(url);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('refuses a URL that is not a WebSocket URL with NODE_ERR_UNREACHABLE', async () => {
    expect((await rejection(openConnection('http//nope'))).code).toBe('NODE_ERR_UNREACHABLE');
  });
});

describe('Connection.request()', () => {
  it('correlates pipelined answers that arrive in reverse order', async () => {
    const held: Request[] = [];
    const { url } = await stub((req, socket) => {
      held.push(req);
      if (held.length === 20) for (const r of held.reverse()) answer(socket, r.id, { echo: r.params['n'] });
    });
    const c = await open(url);
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => c.request('echo', { n })));
    expect(results).toEqual(Array.from({ length: 20 }, (_, n) => ({ echo: n })));
  });

  it('keeps at most maxInFlight requests on the wire and queues the rest in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    const { url } = await stub((req, socket) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      order.push(req.params['n'] as number);
      setTimeout(() => {
        inFlight--;
        answer(socket, req.id, req.params['n']);
      }, 1);
    });
    const c = await open(url, { maxInFlight: 4 });
    const all = Promise.all(Array.from({ length: 200 }, (_, n) => c.request('m', { n })));
    expect(c.inFlight).toBe(4);
    expect(c.queued).toBe(196);
    expect(await all).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(peak).toBe(4);
    expect(order).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });

  it('rejects with NODE_ERR_TIMEOUT when no answer comes, and ignores the late answer', async () => {
    const { url } = await stub((req, socket) => {
      if (req.method === 'slow') setTimeout(() => answer(socket, req.id, 'late'), 120);
      else answer(socket, req.id, 'fast');
    });
    const c = await open(url, { timeoutMs: 5000 });
    const e = await rejection(c.request('slow', {}, { timeoutMs: 40 }));
    expect(e.code).toBe('NODE_ERR_TIMEOUT');
    expect(e.shortMessage).toBe(`no answer to slow from ${url} within 40 ms`);
    await new Promise((r) => setTimeout(r, 150));
    expect(await c.request('fast', {})).toBe('fast');
    expect(c.inFlight).toBe(0);
  });

  it('maps server error objects to NodeError with data.code, field and details', async () => {
    const { url } = await stub((req, socket) => {
      const errors: Record<string, unknown> = {
        nonce: { code: -32000, message: 'nonce 3 is already used, expected 5', data: { code: 'NODE_ERR_NONCE', field: 'tx.nonce', details: ['sender 11…'] } },
        params: { code: -32602, message: 'NODE_ERR_INVALID_REQUEST: "txId" expected 64 hex digits', data: { code: 'NODE_ERR_INVALID_REQUEST', field: 'txId' } },
        bare: { code: -32601, message: 'Method not found' },
        internal: { code: -32603, message: 'internal error' },
        unknownCode: { code: -32000, message: 'odd', data: { code: 'NODE_ERR_FROM_THE_FUTURE' } },
      };
      socket.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, error: errors[req.method] }));
    });
    const c = await open(url);
    const nonce = await rejection(c.request('nonce', {}));
    expect([nonce.code, nonce.shortMessage, nonce.field, nonce.metaMessages]).toEqual(['NODE_ERR_NONCE', 'nonce 3 is already used, expected 5', 'tx.nonce', ['sender 11…']]);
    const params = await rejection(c.request('params', {}));
    expect([params.code, params.shortMessage, params.field]).toEqual(['NODE_ERR_INVALID_REQUEST', '"txId" expected 64 hex digits', 'txId']);
    expect((await rejection(c.request('bare', {}))).code).toBe('NODE_ERR_INVALID_REQUEST');
    expect((await rejection(c.request('internal', {}))).code).toBe('NODE_ERR_INTERNAL');
    expect((await rejection(c.request('unknownCode', {}))).code).toBe('NODE_ERR_INTERNAL');
  });

  it('rejects every pending request with NODE_ERR_UNREACHABLE when the node closes; a submit says it may have taken effect', async () => {
    const { url } = await stub((req, socket) => {
      if (req.method === 'tx_submit') socket.terminate();
    });
    const c = await open(url);
    const other = c.request('node_status', {});
    const submit = await rejection(c.request('tx_submit', { tx: {} }));
    expect(submit.code).toBe('NODE_ERR_UNREACHABLE');
    expect(submit.message).toContain(url);
    expect(submit.message).toMatch(/before the answer to tx_submit/);
    expect(submit.message).toMatch(/may or may not have taken effect/);
    const status = await rejection(other);
    expect(status.code).toBe('NODE_ERR_UNREACHABLE');
    expect(status.message).not.toMatch(/may or may not/);
    expect(c.closed).toBe(true);
    expect((await rejection(c.request('node_status', {}))).code).toBe('NODE_ERR_UNREACHABLE');
  });

  it('close() rejects requests in flight and queued', async () => {
    const { url } = await stub(() => undefined);
    const c = await open(url, { maxInFlight: 1 });
    const a = c.request('a', {});
    const b = c.request('b', {});
    c.close();
    expect((await rejection(a)).shortMessage).toMatch(/closed by the client before the answer to a/);
    expect((await rejection(b)).code).toBe('NODE_ERR_UNREACHABLE');
  });

  it('refuses a request larger than the node accepts without sending it (the node would close the socket)', async () => {
    const seen: string[] = [];
    const { url } = await stub((req, socket) => {
      seen.push(req.method);
      answer(socket, req.id, true);
    });
    const c = await open(url);
    const e = await rejection(c.request('tx_submit', { blob: 'x'.repeat(NODE_MAX_PAYLOAD) }));
    expect(e.code).toBe('NODE_ERR_TX_TOO_LARGE');
    expect(await c.request('ok', {})).toBe(true);
    expect(seen).toEqual(['ok']);
  });
});

describe('Connection.subscribe()', () => {
  it('routes notifications by id, including one sent in the same write as the answer', async () => {
    const { url } = await stub((req, socket) => {
      if (req.method === 'subscribe') {
        const id = String(req.params['topic']);
        // The answer and the first notification in one batch array: handled in one message event.
        socket.send(JSON.stringify([
          { jsonrpc: '2.0', id: req.id, result: { subscription: id } },
          { jsonrpc: '2.0', method: 'subscription', params: { subscription: id, result: 1 } },
        ]));
        socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription: 'other', result: 99 } }));
        socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription: id, result: 2 } }));
      } else answer(socket, req.id, { removed: true });
    });
    const c = await open(url);
    const got: unknown[] = [];
    const ends: unknown[] = [];
    const id = await c.subscribe({ topic: 'blocks' }, { notify: (r) => got.push(r), end: (e) => ends.push(e) });
    expect(id).toBe('blocks');
    await new Promise((r) => setTimeout(r, 30));
    expect(got).toEqual([1, 2]);
    expect(await c.unsubscribe(id)).toBe(true);
    c.close();
    expect(ends).toEqual([]);
  });

  it('ends a subscription the node cut off with the code of its error notification, and routes nothing after it', async () => {
    const { url } = await stub((req, socket) => {
      socket.send(JSON.stringify([
        { jsonrpc: '2.0', id: req.id, result: { subscription: '4' } },
        { jsonrpc: '2.0', method: 'subscription', params: { subscription: '4', result: 1 } },
        { jsonrpc: '2.0', method: 'subscription', params: { subscription: '4', error: { code: 'NODE_ERR_RATE_LIMITED', message: 'held too many' } } },
        { jsonrpc: '2.0', method: 'subscription', params: { subscription: '4', result: 2 } },
      ]));
    });
    const c = await open(url);
    const got: unknown[] = [];
    const ends: (NodeError | undefined)[] = [];
    await c.subscribe({ topic: 'blocks' }, { notify: (r) => got.push(r), end: (e) => ends.push(e) });
    await new Promise((r) => setTimeout(r, 30));
    expect(got).toEqual([1]);
    expect(ends.map((e) => [e?.code, e?.shortMessage])).toEqual([['NODE_ERR_RATE_LIMITED', 'held too many']]);
    c.close();
    expect(ends).toHaveLength(1);
  });

  it('ends subscriptions with NODE_ERR_UNREACHABLE when the connection closes', async () => {
    const { url } = await stub((req, socket) => answer(socket, req.id, { subscription: '7' }));
    const c = await open(url);
    const ends: (NodeError | undefined)[] = [];
    await c.subscribe({ topic: 'blocks' }, { notify: () => undefined, end: (e) => ends.push(e) });
    c.close();
    expect(ends.map((e) => e?.code)).toEqual(['NODE_ERR_UNREACHABLE']);
  });
});
