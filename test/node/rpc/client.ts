/**
 * A raw WebSocket test client for the RPC server: sends text or binary, collects every incoming
 * message in order, and waits for the first one matching a predicate (answers by id,
 * notifications by method) or for the close, so tests wait on events instead of sleeping.
 *
 * It does NOT check answers (tests do) or reconnect.
 */
import { WebSocket } from 'ws';

// Answers are loosely typed on purpose: tests assert their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = any;

export interface TestClient {
  readonly ws: WebSocket;
  /** Messages received and not yet taken by `next`/`call`/`notification`. */
  readonly inbox: Msg[];
  send(data: string | object | Buffer): void;
  /** The first message (already received or to come) matching `match`, removed from the inbox. */
  next(match?: (m: Msg) => boolean): Promise<Msg>;
  /** Sends a request with a fresh id and resolves with its answer. */
  call(method: string, params?: unknown): Promise<Msg>;
  /** The next subscription notification (optionally for one subscription id). */
  notification(subscription?: string): Promise<Msg>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

let ids = 0;

/** Connects to `url`; resolves once open. `autoPong: false` makes a client that ignores pings. */
export async function connect(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
  const ws = new WebSocket(url, { autoPong: options.autoPong ?? true });
  const inbox: Msg[] = [];
  let wake: (() => void)[] = [];
  ws.on('message', (data) => {
    inbox.push(JSON.parse(String(data)));
    const w = wake;
    wake = [];
    for (const f of w) f();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      const w = wake;
      wake = [];
      for (const f of w) f();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });

  const next = (match: (m: Msg) => boolean = () => true): Promise<Msg> =>
    new Promise((resolve, reject) => {
      const look = (): void => {
        const i = inbox.findIndex(match);
        if (i >= 0) return resolve(inbox.splice(i, 1)[0]);
        if (ws.readyState === WebSocket.CLOSED) return reject(new Error('connection closed while waiting'));
        wake.push(look);
      };
      look();
    });

  return {
    ws,
    inbox,
    send(data) {
      ws.send(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data));
    },
    next,
    async call(method, params = {}) {
      const id = ++ids;
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      return next((m) => m.id === id);
    },
    notification(subscription) {
      return next((m) => m.method === 'subscription' && (subscription === undefined || m.params.subscription === subscription));
    },
    closed,
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) {
        ws.close();
        await closed;
      }
    },
  };
}
