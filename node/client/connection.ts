/**
 * One JSON-RPC 2.0 connection to a node over WebSocket (docs/rpc.md), with the `ws` package:
 * requests are correlated with answers by id, many are in flight at once on the one socket
 * (pipelining, up to `maxInFlight`, the rest queued in order), every request has its own timeout
 * (`NODE_ERR_TIMEOUT`), subscription notifications are routed to their listeners, and server
 * error objects become `NodeError`s with the server's `data.code`, `field` and `details`.
 *
 * Failure modes are explicit: nothing listening, a refused handshake or a socket that closes before
 * an answer is `NODE_ERR_UNREACHABLE` naming the URL (for a request that changes state the answer
 * was lost, not the request: it may or may not have taken effect, NET-14).
 *
 * It does NOT know the methods' params or results (see `client.ts`), retry anything, or reconnect:
 * a closed connection stays closed, and the caller decides whether resubmitting is safe.
 * @module
 */
import WebSocket from 'ws';
import { NODE_ERROR_CODES, NodeError, type NodeErrorCode } from '../errors.ts';
import { MAX_TX_BYTES } from '../types/index.ts';
import { describe, isPlainObject } from './_describe.ts';

/** Default timeout of one request, ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default timeout of the WebSocket handshake, ms. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/**
 * Default most requests in flight: the node answers `NODE_ERR_RATE_LIMITED` beyond 64 per
 * connection (docs/rpc.md, Limits), so the client queues the rest instead of provoking that.
 */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Largest frame accepted from the node: a block answer can exceed one transaction's size. */
export const DEFAULT_MAX_PAYLOAD = 256 * 1024 * 1024;
/**
 * The node's frame limit (docs/rpc.md, NET-09): a transaction plus 64 KiB of envelope. A larger
 * request is refused here, because the node answers it by closing the connection (1009), which
 * would fail every other request in flight.
 */
export const NODE_MAX_PAYLOAD = MAX_TX_BYTES + 64 * 1024;
/** Methods whose lost answer leaves their effect unknown (NET-14). */
const STATE_CHANGING = new Set(['tx_submit']);

/** Options of {@link openConnection}. */
export interface ConnectionOptions {
  /** Default timeout of each request, ms (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /** Timeout of the handshake, ms (default {@link DEFAULT_CONNECT_TIMEOUT_MS}). */
  readonly connectTimeoutMs?: number;
  /** Most requests awaiting an answer at once; more are queued (default {@link DEFAULT_MAX_IN_FLIGHT}). */
  readonly maxInFlight?: number;
  /** Largest incoming frame in bytes (default {@link DEFAULT_MAX_PAYLOAD}). */
  readonly maxPayload?: number;
}

/** Options of one request. */
export interface RequestOptions {
  /** Overrides the connection's timeout for this request, ms; counted from when it is sent. */
  readonly timeoutMs?: number;
}

/** Receives the `result` of each notification of a subscription; `end` once, when it ends. */
export interface SubscriptionListener {
  notify(result: unknown): void;
  end(error: NodeError | undefined): void;
}

interface Pending {
  readonly id: number;
  readonly method: string;
  readonly text: string;
  readonly timeoutMs: number;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: NodeError) => void;
  /** Runs synchronously on the answer, before any other message is handled (subscriptions). */
  readonly onResult?: (result: unknown) => void;
  timer?: NodeJS.Timeout;
}

/**
 * An open connection. Create with {@link openConnection}.
 * @example
 * const conn = await openConnection('ws://127.0.0.1:26657');
 * const status = await conn.request('node_status', {});
 * conn.close();
 */
export class Connection {
  /** The node's URL. */
  readonly url: string;
  readonly #ws: WebSocket;
  readonly #timeoutMs: number;
  readonly #maxInFlight: number;
  readonly #inFlight = new Map<number, Pending>();
  readonly #queue: Pending[] = [];
  readonly #subscriptions = new Map<string, SubscriptionListener>();
  readonly #closeListeners = new Set<(error: NodeError) => void>();
  #nextId = 1;
  #closedError: NodeError | undefined;

  /** Use {@link openConnection}. */
  constructor(url: string, ws: WebSocket, options: ConnectionOptions) {
    this.url = url;
    this.#ws = ws;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('close', (code, reason) => {
      const why = reason.length > 0 ? `${code} ${reason.toString('utf8').slice(0, 120)}` : String(code);
      this.#shutDown(`the connection to ${url} closed (${why})`);
    });
    // After the handshake, socket errors are followed by 'close', which does the clean-up.
    ws.on('error', () => undefined);
  }

  /** Whether the connection is closed (by either side). */
  get closed(): boolean {
    return this.#closedError !== undefined;
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Requests waiting to be sent because {@link ConnectionOptions.maxInFlight} are in flight. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Sends `method` with by-name `params` and resolves with the answer's `result`. Rejects with the
   * server's error as a `NodeError`, `NODE_ERR_TIMEOUT` when no answer comes within the timeout,
   * `NODE_ERR_UNREACHABLE` when the connection is or becomes closed first.
   * @example const { nonce } = await conn.request('account_nonce', { address }) as { nonce: string };
   */
  request(method: string, params: Record<string, unknown>, options: RequestOptions = {}): Promise<unknown> {
    return this.#send(method, params, options, undefined);
  }

  /**
   * Sends `subscribe` with `params` and registers `listener` for its notifications at the moment
   * the answer arrives (synchronously, so a notification sent right after the answer, possibly in
   * the same network read, is not missed). Resolves with the subscription id.
   */
  subscribe(params: Record<string, unknown>, listener: SubscriptionListener, options: RequestOptions = {}): Promise<string> {
    return this.#send('subscribe', params, options, (result) => {
      const id = isPlainObject(result) ? result['subscription'] : undefined;
      if (typeof id === 'string') this.#subscriptions.set(id, listener);
    }).then((result) => {
      const id = isPlainObject(result) ? result['subscription'] : undefined;
      if (typeof id !== 'string') throw new NodeError('NODE_ERR_MALFORMED', `the node answered ${describe(id)} for "subscription", expected a string`, { field: 'subscription' });
      return id;
    });
  }

  /**
   * Stops routing notifications of `id` (at once) and asks the node to drop the subscription.
   * Resolves with the node's `removed`; `false` when the connection is already closed.
   */
  async unsubscribe(id: string): Promise<boolean> {
    this.forget(id);
    if (this.closed) return false;
    const result = await this.request('unsubscribe', { subscription: id });
    return isPlainObject(result) && result['removed'] === true;
  }

  /** Stops routing notifications of `id` without telling the node (it ended by itself). */
  forget(id: string): void {
    this.#subscriptions.delete(id);
  }

  /** Calls `listener` once when the connection closes, with the error pending requests got. Returns the remover. */
  onClose(listener: (error: NodeError) => void): () => void {
    if (this.#closedError !== undefined) {
      listener(this.#closedError);
      return () => undefined;
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /**
   * Closes the socket. Every request in flight or queued rejects with `NODE_ERR_UNREACHABLE`, every
   * subscription ends with it. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.#shutDown(`the connection to ${this.url} was closed by the client`);
    this.#ws.close(1000);
  }

  #send(method: string, params: Record<string, unknown>, options: RequestOptions, onResult: ((result: unknown) => void) | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.#closedError !== undefined) {
        reject(unreachable(this.#closedError.shortMessage, method));
        return;
      }
      const id = this.#nextId++;
      const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
      let text: string;
      try {
        text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
      } catch (e) {
        reject(new NodeError('NODE_ERR_INVALID_REQUEST', `params of ${method} are not JSON`, { cause: e }));
        return;
      }
      const size = Buffer.byteLength(text, 'utf8');
      if (size > NODE_MAX_PAYLOAD) {
        reject(new NodeError('NODE_ERR_TX_TOO_LARGE', `the ${method} request is ${size} bytes, more than the node's ${NODE_MAX_PAYLOAD}`));
        return;
      }
      const pending: Pending = onResult === undefined
        ? { id, method, text, timeoutMs, resolve, reject }
        : { id, method, text, timeoutMs, resolve, reject, onResult };
      if (this.#inFlight.size < this.#maxInFlight) this.#transmit(pending);
      else this.#queue.push(pending);
    });
  }

  #transmit(p: Pending): void {
    this.#inFlight.set(p.id, p);
    p.timer = setTimeout(() => {
      if (this.#inFlight.get(p.id) !== p) return;
      this.#settle(p);
      // The answer may still come; it is then ignored (its id is no longer pending).
      p.reject(new NodeError('NODE_ERR_TIMEOUT', `no answer to ${p.method} from ${this.url} within ${p.timeoutMs} ms`, {
        ...(STATE_CHANGING.has(p.method) ? { metaMessages: ['the request may or may not have taken effect: query it by transaction id (tx_get) or resubmit (NET-14)'] } : {}),
      }));
    }, p.timeoutMs);
    this.#ws.send(p.text, (error) => {
      if (error !== undefined && error !== null && this.#inFlight.get(p.id) === p) {
        this.#settle(p);
        p.reject(unreachable(`sending to ${this.url} failed: ${error.message}`, p.method, error));
      }
    });
  }

  /** Removes `p` from flight and lets a queued request take its place. */
  #settle(p: Pending): void {
    clearTimeout(p.timer);
    this.#inFlight.delete(p.id);
    while (this.#queue.length > 0 && this.#inFlight.size < this.#maxInFlight && this.#closedError === undefined) {
      this.#transmit(this.#queue.shift() as Pending);
    }
  }

  #onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      // A node that speaks no JSON cannot be matched to a request; the timeouts report it.
      return;
    }
    if (Array.isArray(message)) for (const m of message) this.#onObject(m);
    else this.#onObject(message);
  }

  #onObject(m: unknown): void {
    if (!isPlainObject(m)) return;
    if (m['method'] === 'subscription' && !Object.hasOwn(m, 'id')) {
      const params = m['params'];
      if (!isPlainObject(params) || typeof params['subscription'] !== 'string') return;
      const sub = this.#subscriptions.get(params['subscription']);
      if (sub === undefined) return;
      // The node ends a subscription it had to cut off (docs/rpc.md, Limits) with an `error`
      // notification instead of a `result`; nothing follows it.
      if (Object.hasOwn(params, 'error')) {
        this.#subscriptions.delete(params['subscription']);
        const e = params['error'];
        const code = isPlainObject(e) && isNodeErrorCode(e['code']) ? e['code'] : 'NODE_ERR_MALFORMED';
        const message = isPlainObject(e) && typeof e['message'] === 'string' ? e['message'] : 'the node ended the subscription';
        sub.end(new NodeError(code, message));
        return;
      }
      sub.notify(params['result']);
      return;
    }
    const id = m['id'];
    if (typeof id !== 'number') return;
    const p = this.#inFlight.get(id);
    if (p === undefined) return;
    this.#settle(p);
    if (Object.hasOwn(m, 'error')) {
      p.reject(errorFromRpc(m['error'], p.method));
      return;
    }
    const result = m['result'];
    p.onResult?.(result);
    p.resolve(result);
  }

  #shutDown(reason: string): void {
    if (this.#closedError !== undefined) return;
    const error = new NodeError('NODE_ERR_UNREACHABLE', reason);
    this.#closedError = error;
    const all = [...this.#inFlight.values(), ...this.#queue.splice(0)];
    this.#inFlight.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(unreachable(`${reason} before the answer to ${p.method}`, p.method));
    }
    const subs = [...this.#subscriptions.values()];
    this.#subscriptions.clear();
    for (const s of subs) s.end(error);
    const listeners = [...this.#closeListeners];
    this.#closeListeners.clear();
    for (const l of listeners) l(error);
  }
}

/**
 * Opens a connection to the node at `url` (`ws://` or `wss://`). Rejects with
 * `NODE_ERR_UNREACHABLE` naming the URL when nothing answers, the handshake is refused or it takes
 * longer than `connectTimeoutMs`.
 * @example const conn = await openConnection('ws://127.0.0.1:26657', { timeoutMs: 5000 });
 */
export function openConnection(url: string, options: ConnectionOptions = {}): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, {
        handshakeTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
        // Transactions are mostly small JSON; compression costs CPU on both ends for little.
        perMessageDeflate: false,
      });
    } catch (e) {
      reject(new NodeError('NODE_ERR_UNREACHABLE', `cannot connect to ${JSON.stringify(url)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
      return;
    }
    const onError = (e: Error): void => {
      ws.removeListener('open', onOpen);
      ws.terminate();
      reject(new NodeError('NODE_ERR_UNREACHABLE', `cannot reach the node at ${url}: ${e.message || (e as { code?: string }).code || 'connection failed'}`, { cause: e }));
    };
    const onOpen = (): void => {
      ws.removeListener('error', onError);
      resolve(new Connection(url, ws, options));
    };
    ws.once('error', onError);
    ws.once('open', onOpen);
  });
}

/** The `NodeError` of a JSON-RPC error object: `data.code` when it is a known code, else by `error.code`. */
export function errorFromRpc(error: unknown, method: string): NodeError {
  if (!isPlainObject(error)) return new NodeError('NODE_ERR_MALFORMED', `the node answered ${method} with an error that is ${describe(error)}`);
  const rpcCode = error['code'];
  const message = typeof error['message'] === 'string' && error['message'] !== '' ? error['message'] : `${method} failed`;
  const data = isPlainObject(error['data']) ? error['data'] : {};
  const code = isNodeErrorCode(data['code']) ? data['code'] : codeOfRpcCode(rpcCode);
  const details = Array.isArray(data['details']) ? data['details'].filter((d): d is string => typeof d === 'string') : [];
  const field = typeof data['field'] === 'string' ? data['field'] : undefined;
  return new NodeError(code, stripCode(message, code), {
    ...(field === undefined ? {} : { field }),
    ...(details.length === 0 ? {} : { metaMessages: details }),
    cause: error,
  });
}

/** docs/rpc.md, Errors: the JSON-RPC code's `data.code`, for a server that omits `data`. */
function codeOfRpcCode(code: unknown): NodeErrorCode {
  switch (code) {
    case -32700: return 'NODE_ERR_MALFORMED';
    case -32600:
    case -32601:
    case -32602: return 'NODE_ERR_INVALID_REQUEST';
    default: return 'NODE_ERR_INTERNAL';
  }
}

function isNodeErrorCode(value: unknown): value is NodeErrorCode {
  return typeof value === 'string' && (NODE_ERROR_CODES as readonly string[]).includes(value);
}

/** A server message may start with its own `CODE: `; the NodeError adds it again. */
function stripCode(message: string, code: string): string {
  return message.startsWith(`${code}: `) ? message.slice(code.length + 2) : message;
}

function unreachable(reason: string, method: string, cause?: unknown): NodeError {
  const meta = STATE_CHANGING.has(method)
    ? ['the request may or may not have taken effect: query it by transaction id (tx_get) or resubmit (NET-14)']
    : [];
  return new NodeError('NODE_ERR_UNREACHABLE', reason, { metaMessages: meta, ...(cause === undefined ? {} : { cause }) });
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
