/**
 * The public face of `node/client/`, the TypeScript client of a Covenant node: `connect()` to a
 * node's JSON-RPC WebSocket endpoint (docs/rpc.md), typed results, subscriptions, a `Signer` with
 * local nonces, contract handles that check and encode arguments by the ABI, the value codec, and
 * `generateBindings()` for statically typed contract modules. Used by the CLI, the tests, the
 * benchmarks and the demo.
 *
 * It does NOT run a node or import one: it needs only node/types, node/errors, the artifact format
 * and the currency table, so it works in any process that can open a WebSocket.
 * @module
 */
export { type ConnectionOptions, type RequestOptions, Connection, openConnection, errorFromRpc, DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_TIMEOUT_MS, NODE_MAX_PAYLOAD } from './connection.ts';
export {
  type ConnectOptions, type SubmitTxOptions, type WaitForTxOptions, type ViewOptions, type ListStateOptions, type GetEventsOptions,
  type SubscribeEventsOptions, CovenantClient, connect, DEFAULT_WAIT_MS, WAIT_GRACE_MS,
} from './client.ts';
export type {
  NodeStatus, SubmitOutcome, CommittedTx, TxLookup, BlockResult, ViewOutcome, StateValue, StateKeys, ChainEvent, BlockNotice, ReceiptNotice,
} from './results.ts';
export { Subscription, type SubscriptionOptions, DEFAULT_MAX_BUFFERED } from './subscription.ts';
export {
  type SignerOptions, type SendOptions, type SendResult, type CallResult, type DeployResult, type TxBody, Signer, createSigner,
  DEFAULT_EXPIRY_BLOCKS, DEFAULT_GAS_LIMIT, DEFAULT_RETRIES,
} from './signer.ts';
export { type DecodedEvent, type DecodedChainEvent, ContractHandle, ContractError } from './contract.ts';
export { type AbiTypes, type Money, type SealedValue, money, encodeValue, encodeArgs, decodeValue, describeType, ROUNDING_MODES } from './values.ts';
export { type GenerateBindingsOptions, generateBindings, tsType } from './bindings.ts';
export type { Abi, AbiType, ContractArtifact } from '../../compiler/artifact.ts';
export { type KeyPair, type SignedTx, type Receipt, type Header, type JsonValue, generateKeyPair, keyPairFromSecretKey, decodeSecretKey, encodeSecretKey, addressOf } from '../types/index.ts';
export { NodeError, isNodeError, type NodeErrorCode } from '../errors.ts';
