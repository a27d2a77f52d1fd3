/**
 * `NodeError`: the one error class of the node, with a stable machine-readable `code`
 * (`NODE_ERR_*`, ws style), a human `shortMessage`, optional `metaMessages` (details, one per
 * line) and `cause` (viem style). Codes are listed in `docs/node-errors.md`; codes that reach a
 * client or a receipt are protocol data: new codes are added, old ones never renamed.
 *
 * It does NOT log, map errors to JSON-RPC error objects (that is the RPC layer's job) or define
 * runtime errors (`RT_ERR_*` live in `runtime/`).
 * @module
 */

/** Every node error code. Append only. */
export const NODE_ERROR_CODES = [
  /** A transaction is well-formed JSON but breaks the transaction schema (a field's type, shape or range). */
  'NODE_ERR_INVALID_TX',
  /** A signature does not verify, is non-canonical (S ≥ L) or is made with a rejected public key. */
  'NODE_ERR_BAD_SIGNATURE',
  /** A transaction or block is for another chain id (EIP-155 style replay protection). */
  'NODE_ERR_WRONG_CHAIN',
  /** A transaction's expiry height has passed. */
  'NODE_ERR_EXPIRED',
  /** A transaction's nonce is not the sender's next nonce. */
  'NODE_ERR_NONCE',
  /** A transaction's encoding exceeds `MAX_TX_BYTES`. */
  'NODE_ERR_TX_TOO_LARGE',
  /** Input is not decodable at all: not JSON, not text, too deep, or a hostile shape. */
  'NODE_ERR_MALFORMED',
  /** A key (secret or public) or an address fails its encoding checks. */
  'NODE_ERR_INVALID_KEY',
  /** A block or header breaks its schema. */
  'NODE_ERR_INVALID_BLOCK',
  /** A receipt breaks its schema. */
  'NODE_ERR_INVALID_RECEIPT',
  /** Merkle tree input is invalid (for example duplicate keys) or a proof is malformed. */
  'NODE_ERR_INVALID_MERKLE',
  /** The mempool is at capacity (count or bytes, overall or for one account): retry later. */
  'NODE_ERR_MEMPOOL_FULL',
  /** A transaction was evicted from the mempool before inclusion (expired, or its nonce was used by another). */
  'NODE_ERR_DROPPED',
  /** No contract is deployed at the address. */
  'NODE_ERR_UNKNOWN_CONTRACT',
  /** The contract has no view or entry of that name, or arguments do not match its ABI (client-side check). */
  'NODE_ERR_BAD_ARGUMENTS',
  /** A block, transaction or other object asked for does not exist. */
  'NODE_ERR_NOT_FOUND',
  /** A JSON-RPC request breaks the protocol schema (docs/rpc.md): unknown method, bad params. */
  'NODE_ERR_INVALID_REQUEST',
  /** A connection sends faster than its limits allow (requests, subscriptions, bytes). */
  'NODE_ERR_RATE_LIMITED',
  /** The node is stopping or not started, or a node-local fault stopped block production. */
  'NODE_ERR_UNAVAILABLE',
  /** Client side: the node cannot be reached, or the connection closed before the answer. */
  'NODE_ERR_UNREACHABLE',
  /** Client side: no answer or commit within the time asked for. */
  'NODE_ERR_TIMEOUT',
  /** A configuration file, genesis or data directory is invalid or missing. */
  'NODE_ERR_CONFIG',
  /** A server-side failure that is not the client's fault (logged on the node). */
  'NODE_ERR_INTERNAL',
  /** Receipt code: the transaction emitted more than a receipt may hold (events or bytes); its effects are dropped. */
  'NODE_ERR_RECEIPT_LIMIT',
  /** Admission: a proof in `tx.proofs` does not verify for its declared inputs, or names a relation its contract does not have. */
  'NODE_ERR_PROOF_INVALID',
  /** Receipt code: a key-registry call is malformed or impossible (unknown field, no published key, bad wrapped key, wrong grantee set). */
  'NODE_ERR_INVALID_GRANT',
  /** Receipt code: the key registry refuses: the sender is not the field's owner, or the contract's `mayOwn`/`mayGrant` view says no. */
  'NODE_ERR_GRANT_REFUSED',
] as const;

/** A node error code. */
export type NodeErrorCode = (typeof NODE_ERROR_CODES)[number];

/** Options of {@link NodeError}. */
export interface NodeErrorParameters {
  /** The field the error is about, as a path (`"gasLimit"`, `"args[2].x"`). */
  readonly field?: string;
  /** Extra detail lines, shown after the short message. */
  readonly metaMessages?: readonly string[];
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * The node's error: `code` for programs, `shortMessage` for people, `field` when one input field
 * is at fault.
 * @example
 * throw new NodeError('NODE_ERR_INVALID_TX', '"gasLimit" must be positive', { field: 'gasLimit' });
 */
export class NodeError extends Error {
  override readonly name = 'NodeError';
  /** Stable code; never renamed. */
  readonly code: NodeErrorCode;
  /** One-line description without the code. */
  readonly shortMessage: string;
  /** Extra detail lines. */
  readonly metaMessages: readonly string[];
  /** The field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(code: NodeErrorCode, shortMessage: string, parameters: NodeErrorParameters = {}) {
    const meta = parameters.metaMessages ?? [];
    super([`${code}: ${shortMessage}`, ...meta].join('\n'), parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.shortMessage = shortMessage;
    this.metaMessages = meta;
    this.field = parameters.field;
  }
}

/** Whether `e` is a {@link NodeError}, optionally with the given code. */
export function isNodeError(e: unknown, code?: NodeErrorCode): e is NodeError {
  return e instanceof NodeError && (code === undefined || e.code === code);
}
