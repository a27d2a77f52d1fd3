/**
 * The public face of `node/rpc/`: the node's JSON-RPC 2.0 server over WebSocket (docs/rpc.md),
 * serving a {@link NodeApi}. {@link startRpcServer} is the one entry point.
 *
 * It does NOT implement the node (it is handed a `NodeApi`), a client (`node/client/`) or TLS
 * (bind to 127.0.0.1 and put a proxy in front to expose it).
 * @module
 */
import type { NodeApi } from '../api.ts';
import { type RpcLimits, resolveLimits } from './limits.ts';
import { RpcSocketServer } from './server.ts';

export { DEFAULT_RPC_LIMITS, ENVELOPE_BYTES, type RpcLimits } from './limits.ts';
export { RPC_CODES, type RpcErrorData, type RpcErrorObject } from './errors.ts';
export { METHODS, MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT, MAX_STATE_KEY_LENGTH } from './methods.ts';

/** The default address: loopback only, so nothing is exposed by accident. */
export const DEFAULT_RPC_HOST = '127.0.0.1';

/** Parameters of {@link startRpcServer}. */
export interface StartRpcServerParameters {
  /** The node to serve. */
  readonly api: NodeApi;
  /** Interface to bind; default {@link DEFAULT_RPC_HOST}. */
  readonly host?: string;
  /** Port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Overrides of {@link DEFAULT_RPC_LIMITS} (tests shorten the heartbeat, for example). */
  readonly limits?: Partial<RpcLimits>;
  /** Where internal faults and dropped connections are reported; default stderr. */
  readonly log?: (line: string) => void;
}

/** A running RPC server. */
export interface RpcServer {
  /** The bound port. */
  readonly port: number;
  /** `ws://host:port`. */
  readonly url: string;
  /** Terminates every connection and stops listening; resolves once the server is closed. */
  close(): Promise<void>;
}

/** The result of {@link startRpcServer}. */
export type StartRpcServerResult = RpcServer;

/**
 * Starts serving `api` over JSON-RPC on `ws://host:port`. Rejects if the port cannot be bound, or
 * `limits` has an unknown name or a value that is not a positive integer (`RangeError`).
 * @example
 * const server = await startRpcServer({ api: node, port: 26657 });
 * // … later
 * await server.close();
 */
export async function startRpcServer(parameters: StartRpcServerParameters): Promise<StartRpcServerResult> {
  const host = parameters.host ?? DEFAULT_RPC_HOST;
  const log = parameters.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const server = await RpcSocketServer.listen({ api: parameters.api, host, port: parameters.port ?? 0, limits: resolveLimits(parameters.limits), log });
  const port = server.port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { port, url, close: () => server.close() };
}
