/**
 * JSON-RPC error objects (docs/rpc.md, Errors): the protocol's own codes (-32700 … -32603), the
 * {@link RpcError} the server raises for requests that break the protocol, and the one mapping from
 * anything thrown while answering to `{ code, message, data: { code, field?, details? } }`.
 * `NodeError`s from the node become -32000 with their `NODE_ERR_…` code; anything else is an
 * internal fault: logged here, answered as -32603 without its message or stack.
 *
 * It does NOT decide which requests are invalid (`schema.ts`, `dispatch.ts` do) or send anything.
 * @module
 */
import { NodeError, type NodeErrorCode } from '../errors.ts';

/** JSON-RPC 2.0 §5.1 codes, plus -32000 for a refusal by the node. */
export const RPC_CODES = Object.freeze({
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  nodeError: -32000,
});

/** `error.data`: the stable node code, the input field at fault, detail lines. */
export interface RpcErrorData {
  readonly code: NodeErrorCode;
  readonly field?: string;
  readonly details?: readonly string[];
}

/** A JSON-RPC error object as sent. */
export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data: RpcErrorData;
}

/** A request that breaks the protocol itself (-32700, -32600, -32601, -32602) or a transport limit. */
export class RpcError extends Error {
  /** The JSON-RPC error code. */
  readonly rpcCode: number;
  /** The node code under `error.data.code`. */
  readonly nodeCode: NodeErrorCode;
  readonly field: string | undefined;
  readonly details: readonly string[];

  constructor(rpcCode: number, nodeCode: NodeErrorCode, message: string, parameters: { field?: string | undefined; details?: readonly string[] } = {}) {
    super(message);
    this.rpcCode = rpcCode;
    this.nodeCode = nodeCode;
    this.field = parameters.field;
    this.details = parameters.details ?? [];
  }
}

// Detail lines come from node code (artifact validation, …); bounded so an answer stays small.
const MAX_DETAILS = 10;
const MAX_DETAIL_LENGTH = 500;

/**
 * The error object that answers a request which threw `e`. Internal faults (not a `NodeError`, or
 * `NODE_ERR_INTERNAL`) are passed to `log` with their stack and answered without either: the
 * client learns only that it was not its fault.
 */
export function toRpcError(e: unknown, log: (line: string) => void): RpcErrorObject {
  if (e instanceof RpcError) return errorObject(e.rpcCode, e.nodeCode, e.message, e.field, e.details);
  if (e instanceof NodeError && e.code !== 'NODE_ERR_INTERNAL') {
    return errorObject(RPC_CODES.nodeError, e.code, e.shortMessage, e.field, e.metaMessages);
  }
  log(`rpc: internal fault: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return errorObject(RPC_CODES.internalError, 'NODE_ERR_INTERNAL', 'internal error (see the node log)', undefined, []);
}

function errorObject(code: number, nodeCode: NodeErrorCode, message: string, field: string | undefined, details: readonly string[]): RpcErrorObject {
  const data: { code: NodeErrorCode; field?: string; details?: readonly string[] } = { code: nodeCode };
  if (field !== undefined && field !== '') data.field = field;
  if (details.length > 0) data.details = details.slice(0, MAX_DETAILS).map((d) => (d.length > MAX_DETAIL_LENGTH ? `${d.slice(0, MAX_DETAIL_LENGTH)}…` : d));
  return { code, message, data };
}
