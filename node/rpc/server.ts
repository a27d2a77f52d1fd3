/**
 * The WebSocket side of the RPC server (ws `WebSocketServer`): listening, the connection limit,
 * `maxPayload` (a larger frame closes with 1009 before it is buffered: NET-09), refusing binary
 * messages (1003), the ping/pong heartbeat, the outgoing-buffer cap for slow readers, each
 * connection's subscriptions and node waits torn down on close, and closing everything on `close()`.
 * A connection counts against `maxConnections` from the moment its upgrade is admitted until its
 * TCP socket is closed (not merely until the server stopped serving it: a peer that ignores the
 * close handshake keeps its socket for ws's close timeout).
 *
 * It does NOT parse or answer requests (`dispatch.ts` does) or know any method.
 * @module
 */
import { setMaxListeners } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import type { NodeApi } from '../api.ts';
import { NodeError } from '../errors.ts';
import { answerMessage, type DispatchContext } from './dispatch.ts';
import type { RpcLimits } from './limits.ts';
import { type Subscriptions, createSubscriptions } from './subscriptions.ts';

/** Parameters of {@link RpcSocketServer.listen}. */
export interface RpcSocketServerParameters {
  readonly api: NodeApi;
  readonly host: string;
  readonly port: number;
  readonly limits: RpcLimits;
  readonly log: (line: string) => void;
}

/** Close codes (RFC 6455 §7.4.1). */
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_GOING_AWAY = 1001;

interface Connection {
  readonly ws: WebSocket;
  readonly subscriptions: Subscriptions;
  /** Aborted when the connection is dropped: the node waits of its requests end with it. */
  readonly waits: AbortController;
  /** Whether a pong came since the last ping. */
  alive: boolean;
  /** Set once the server stopped serving it; later messages are ignored. */
  dropped: boolean;
}

/** A listening RPC server with its connections. */
export class RpcSocketServer {
  readonly #wss: WebSocketServer;
  readonly #params: RpcSocketServerParameters;
  readonly #connections = new Set<Connection>();
  /** TCP sockets admitted at the upgrade and not closed yet (served, upgrading or closing). */
  #sockets = 0;
  readonly #heartbeat: NodeJS.Timeout;
  #closing: Promise<void> | undefined;

  /** Starts listening; resolves once the port is bound, rejects if it cannot be. */
  static listen(params: RpcSocketServerParameters): Promise<RpcSocketServer> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({
        host: params.host,
        port: params.port,
        maxPayload: params.limits.maxPayloadBytes,
        // Compression would let a small frame inflate past maxPayload's intent (and costs CPU).
        perMessageDeflate: false,
        clientTracking: false,
        // Refused at the HTTP upgrade, before a socket is kept.
        verifyClient: (info, done) => done(server.#admit(info.req.socket), 503, 'too many connections'),
      });
      const server: RpcSocketServer = new RpcSocketServer(wss, params);
      const onError = (e: Error): void => {
        server.#stopHeartbeat();
        wss.close();
        reject(e);
      };
      wss.once('error', onError);
      wss.once('listening', () => {
        wss.off('error', onError);
        wss.on('error', (e) => params.log(`rpc: server error: ${e.message}`));
        resolve(server);
      });
    });
  }

  private constructor(wss: WebSocketServer, params: RpcSocketServerParameters) {
    this.#wss = wss;
    this.#params = params;
    wss.on('connection', (ws) => this.#accept(ws));
    this.#heartbeat = setInterval(() => this.#beat(), params.limits.heartbeatIntervalMs);
    this.#heartbeat.unref();
  }

  /** The bound port (the ephemeral one when 0 was asked for). */
  get port(): number {
    const address = this.#wss.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Connections served now. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Whether an upgrade on `socket` may proceed; if so it is counted until the socket closes. The
   * count is taken here, not on 'connection', so that upgrades in progress count too, and released
   * on the socket's 'close', which also covers an upgrade that fails after this point.
   */
  #admit(socket: { readonly destroyed: boolean; once(event: 'close', f: () => void): unknown }): boolean {
    if (this.#sockets >= this.#params.limits.maxConnections) return false;
    // ws destroys an already closed socket instead of upgrading it; its 'close' may have passed.
    if (socket.destroyed) return true;
    this.#sockets++;
    socket.once('close', () => {
      this.#sockets--;
    });
    return true;
  }

  /** Terminates every connection and stops listening; resolves once the server is closed. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#stopHeartbeat();
      for (const c of this.#connections) this.#drop(c, () => c.ws.terminate());
      this.#wss.close(() => resolve());
    });
    return this.#closing;
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
  }

  #accept(ws: WebSocket): void {
    if (this.#closing !== undefined) {
      // Without a listener an 'error' during the close handshake would be thrown.
      ws.on('error', () => {});
      ws.close(CLOSE_GOING_AWAY, 'server closing');
      return;
    }
    const { api, limits, log } = this.#params;
    const send = (text: string): void => {
      if (ws.readyState !== WebSocket.OPEN) return;
      // A reader that leaves this much unread is not keeping up; holding more would let one slow
      // subscriber exhaust the node's memory.
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        log(`rpc: closing a connection with ${ws.bufferedAmount} unread outgoing bytes`);
        this.#drop(conn, () => ws.terminate());
        return;
      }
      ws.send(text);
    };
    const subscriptions = createSubscriptions({
      api, notify: send, maxSubscriptions: limits.maxSubscriptions, maxHeldBytes: limits.maxBufferedBytes, log,
    });
    const waits = new AbortController();
    // Every node wait of this connection listens on the one signal (and removes itself when done).
    setMaxListeners(0, waits.signal);
    const conn: Connection = { ws, subscriptions, waits, alive: true, dropped: false };
    this.#connections.add(conn);
    const ctx: DispatchContext = { method: { api, subscriptions, signal: waits.signal }, limits, log, inFlight: 0 };

    ws.on('pong', () => {
      conn.alive = true;
    });
    // Without a listener an 'error' (oversized frame, bad UTF-8) would be thrown; ws closes the
    // socket itself (1009, 1007) and 'close' follows.
    ws.on('error', (e) => log(`rpc: connection error: ${e.message}`));
    ws.on('close', () => this.#drop(conn, () => {}));
    ws.on('message', (data, isBinary) => {
      // ws still delivers what arrives while its close handshake runs; nothing more is served.
      if (conn.dropped) return;
      if (isBinary) {
        this.#drop(conn, () => ws.close(CLOSE_UNSUPPORTED_DATA, 'binary messages are refused'));
        return;
      }
      // binaryType is 'nodebuffer' (the default), so a message arrives as one Buffer.
      const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
      answerMessage(text, ctx).then(
        (answer) => {
          if (answer.text !== undefined) send(answer.text);
          for (const f of answer.afterReply) f();
        },
        (e: unknown) => log(`rpc: dispatch failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
      );
    });
  }

  /** Forgets `conn` (its subscriptions end at once) and then closes its socket with `closeSocket`. */
  #drop(conn: Connection, closeSocket: () => void): void {
    conn.dropped = true;
    this.#connections.delete(conn);
    conn.subscriptions.close();
    conn.waits.abort(new NodeError('NODE_ERR_UNAVAILABLE', 'the connection closed'));
    closeSocket();
  }

  #beat(): void {
    for (const conn of this.#connections) {
      if (!conn.alive) {
        this.#params.log('rpc: terminating a connection that did not answer a ping');
        this.#drop(conn, () => conn.ws.terminate());
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }
}
