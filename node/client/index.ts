/**
 * The public face of `node/client/`, the TypeScript client of a Covenant node: `connect()` to a
 * node's JSON-RPC WebSocket endpoint (docs/rpc.md), typed results, subscriptions, a `Signer` with
 * local nonces, contract handles that check and encode arguments by the ABI, the value codec, and
 * `generateBindings()` for statically typed contract modules. Used by the CLI, the tests, the
 * benchmarks and the demo.
 *
 * Also the client side of privacy: sealing values (`sealValue`, `openSealedValue`) and a
 * `Sealer` for grants through the key registry.
 *
 * It does NOT run a node: it needs node/types, node/errors, the artifact format, the currency
 * table and the runtime's pure zk and sealing libraries (the runtime face loads isolated-vm, but
 * the client never creates an isolate).
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
  type SignerOptions, type SendOptions, type ProofContext, type SendResult, type CallResult, type DeployResult, type TxBody, Signer, createSigner,
  DEFAULT_EXPIRY_BLOCKS, DEFAULT_GAS_LIMIT, DEFAULT_RETRIES,
} from './signer.ts';
export {
  type SealValueParameters, type SealedResult, type OpenSealedParameters, type OpenedValue, type SealedFieldRef, SEALED_VALUE_VERSION, DEFAULT_SCHEMA_VERSION,
  sealValue, openSealedValue, committedInteger, isNumericSealed, sealedKeyVersion,
} from './sealed-values.ts';
export { type FieldKey, type FieldAddress, Sealer, generateEncryptionKeyPair } from './sealer.ts';
export { type SealedOpening, type RelationProofRequest, findRelation, relationProofs } from './relation-proofs.ts';
export { type DecodedEvent, type DecodedChainEvent, ContractHandle, ContractError } from './contract.ts';
export { type AbiTypes, type Money, type SealedValue, money, encodeValue, encodeArgs, decodeValue, describeType, ROUNDING_MODES } from './values.ts';
export { type GenerateBindingsOptions, generateBindings, tsType } from './bindings.ts';
export type { Abi, AbiType, ContractArtifact } from '../../compiler/artifact.ts';
export { type KeyPair, type SignedTx, type Receipt, type Header, type JsonValue, generateKeyPair, keyPairFromSecretKey, decodeSecretKey, encodeSecretKey, addressOf } from '../types/index.ts';
export { NodeError, isNodeError, type NodeErrorCode } from '../errors.ts';
