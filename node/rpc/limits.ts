/**
 * The RPC server's transport limits (docs/rpc.md, Limits; threat NET-09) as one named, overridable
 * record, ws style: every bound a hostile client could push against has a name and a default.
 *
 * It does NOT enforce anything; `server.ts` and `dispatch.ts` do.
 * @module
 */
import { MAX_TX_BYTES } from '../types/index.ts';

/** Every per-node and per-connection bound of the RPC server. */
export interface RpcLimits {
  /**
   * Largest incoming WebSocket message, in bytes. ws closes the connection with 1009 before
   * buffering a larger frame, so the default is the largest transaction plus envelope, not ws's
   * 100 MiB (NET-09).
   */
  readonly maxPayloadBytes: number;
  /** Most requests in one batch. */
  readonly maxBatch: number;
  /**
   * Requests being answered on one connection at which new messages are refused. A batch admitted
   * just below it runs whole, so at most `maxInFlight - 1 + maxBatch` run at once.
   */
  readonly maxInFlight: number;
  /** Most live subscriptions on one connection. */
  readonly maxSubscriptions: number;
  /** Most open connections to the node. */
  readonly maxConnections: number;
  /** Outgoing bytes a connection may leave unread before it is closed (a slow subscriber). */
  readonly maxBufferedBytes: number;
  /** Ping period; a connection that has not answered the previous ping is terminated. */
  readonly heartbeatIntervalMs: number;
}

/** JSON-RPC envelope allowance on top of {@link MAX_TX_BYTES}. */
export const ENVELOPE_BYTES = 64 * 1024;

/** The protocol's limits (docs/rpc.md). */
export const DEFAULT_RPC_LIMITS: RpcLimits = Object.freeze({
  maxPayloadBytes: MAX_TX_BYTES + ENVELOPE_BYTES,
  maxBatch: 100,
  maxInFlight: 64,
  maxSubscriptions: 256,
  maxConnections: 256,
  maxBufferedBytes: 16 * 1024 * 1024,
  heartbeatIntervalMs: 30_000,
});

/** `DEFAULT_RPC_LIMITS` with `overrides` applied; every value must be a positive safe integer. */
export function resolveLimits(overrides: Partial<RpcLimits> = {}): RpcLimits {
  const out: Record<string, number> = { ...DEFAULT_RPC_LIMITS };
  for (const [k, v] of Object.entries(overrides)) {
    if (!Object.hasOwn(DEFAULT_RPC_LIMITS, k)) throw new RangeError(`unknown RPC limit ${JSON.stringify(k)}`);
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`RPC limit "${k}" expected a positive integer, got ${String(v)}`);
    out[k] = v;
  }
  return Object.freeze(out as unknown as RpcLimits);
}
