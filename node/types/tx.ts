/**
 * Transactions: `Tx = DeployTx | CallTx`, their canonical signing encoding (binary,
 * length-prefixed, domain-separated with `covenant:tx:v1` and the chain id), the transaction id,
 * ed25519 signing (@noble/curves) and verification (`node:crypto`, with canonical-S and public-key
 * checks: CRY-01, CRY-08), the canonical JSON wire encoding with a strict decoder (SC-12), and the
 * pure admission checks against a chain context (chain id, expiry height, nonce: CRY-02, SC-10).
 * The layout is specified in `docs/transactions.md`.
 *
 * It does NOT check contract arguments against an ABI (the runtime does), look up accounts or
 * nonces (the caller passes them in), keep a seen-id set, or run anything.
 * @module
 */
import { type KeyObject, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { MAX_NAME_LENGTH, canonicalJson, validateArtifact, type ContractArtifact } from '../../compiler/artifact.ts';
import { NodeError } from '../errors.ts';
import {
  type JsonValue, checkJsonValue, checkU64, describe, expectArray, expectObject, expectString, expectU64, fromHex, guarded, isHex,
  lengthPrefixed, parseJson, quote, sha256, taggedHash, toHex, u64, utf8,
} from './_encoding.ts';
import { ADDRESS_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES, addressOf, isAcceptablePublicKeyEncoding } from './keys.ts';

export type { JsonValue } from './_encoding.ts';

/** Domain tag that starts every signing encoding; a new layout gets a new tag. */
export const TX_DOMAIN = 'covenant:tx:v1';
/** Domain tag of contract-address derivation. */
export const CONTRACT_ADDRESS_DOMAIN = 'covenant:contract-address:v1';
/**
 * The protocol's largest transaction: UTF-8 bytes of its JSON wire text (canonical or as
 * received). A deploy carries its artifact, so this bounds deployable artifacts; the RPC layer's
 * `maxPayload` is this plus the JSON-RPC envelope.
 */
export const MAX_TX_BYTES = 4 * 1024 * 1024;
/** Most arguments of a call or constructor. */
export const MAX_ARGS = 256;
/** Largest canonical JSON of a transaction's `args`, in UTF-8 bytes. */
export const MAX_ARGS_BYTES = 1024 * 1024;
/** Most entries in the opaque `proofs` slot. */
export const MAX_PROOFS = 64;
/** Largest canonical JSON of `proofs`, in UTF-8 bytes. */
export const MAX_PROOFS_BYTES = 1024 * 1024;
/** Largest `gasLimit` a transaction may ask for (GAS-07); a node's block gas limit is at least this. */
export const MAX_TX_GAS_LIMIT = 100_000_000n;
/** Longest chain id. */
export const MAX_CHAIN_ID_LENGTH = 64;
/** Chain ids: lowercase letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const CHAIN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
/** Entry names: identifiers of the language. */
const ENTRY_PATTERN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** L, the order of the ed25519 base point (RFC 8032 §5.1). */
export const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** DER prefix of an ed25519 SubjectPublicKeyInfo (RFC 8410 §4); the 32 key bytes follow. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Fields every transaction has. */
export interface TxBase {
  /** The chain the transaction is for (EIP-155-style replay protection across networks). */
  readonly chainId: string;
  /** The signer's ed25519 public key, 64 lowercase hex digits; the account is `addressOf(sender)`. */
  readonly sender: string;
  /** The sender account's next nonce, in [0, 2^64). */
  readonly nonce: bigint;
  /** The last block height at which the transaction may be included (inclusive), in [0, 2^64). */
  readonly expiry: bigint;
  /** Gas the sender allows, in [1, MAX_TX_GAS_LIMIT]. */
  readonly gasLimit: bigint;
  /** Opaque slot for zero-knowledge proofs (later); absent or a non-empty array of JSON values. */
  readonly proofs?: readonly JsonValue[];
}

/** Deploys a contract: the artifact and its constructor arguments (encoded as in docs/artifact.md "Values"). */
export interface DeployTx extends TxBase {
  readonly kind: 'deploy';
  readonly artifact: ContractArtifact;
  readonly args: readonly JsonValue[];
}

/** Calls entry `entry` of the contract at `contract` with `args` (encoded as in docs/artifact.md "Values"). */
export interface CallTx extends TxBase {
  readonly kind: 'call';
  /** Contract address, 40 lowercase hex digits. */
  readonly contract: string;
  readonly entry: string;
  readonly args: readonly JsonValue[];
}

/** An unsigned transaction. */
export type Tx = DeployTx | CallTx;

/** A transaction with its ed25519 signature (R ‖ S, 128 lowercase hex digits) over {@link txSigningBytes}. */
export type SignedTx = Tx & { readonly signature: string };

// ---------------------------------------------------------------------------------------------
// Signing encoding and id

/**
 * The bytes that are signed and hashed (see docs/transactions.md): every field length-prefixed
 * (u32 big-endian) in a fixed order chosen by `kind`, starting with the domain tag and chain id,
 * so no two transactions share them (SC-11) and none is valid on another chain (CRY-02).
 *
 * `lp(tag) ‖ lp(chainId) ‖ lp(kind) ‖ lp(sender) ‖ lp(u64 nonce) ‖ lp(u64 expiry) ‖ lp(u64 gasLimit) ‖`
 * deploy: `lp(cjson(artifact)) ‖ lp(cjson(args))`; call: `lp(contract) ‖ lp(entry) ‖ lp(cjson(args))`;
 * then `lp(proofs absent ? "" : cjson(proofs))`. The signature is not part of it.
 *
 * Expects a transaction from {@link decodeTx}, {@link txFromJson} or {@link signTx}.
 */
export function txSigningBytes(tx: Tx): Uint8Array {
  // The id, the signature check and the tx root all need these bytes; transactions are treated as
  // immutable once built, so they are computed once per object.
  let bytes = signingBytesCache.get(tx);
  if (bytes === undefined) signingBytesCache.set(tx, (bytes = computeSigningBytes(tx)));
  return bytes;
}

const signingBytesCache = new WeakMap<Tx, Uint8Array>();
const txIdCache = new WeakMap<Tx, string>();

function computeSigningBytes(tx: Tx): Uint8Array {
  const parts: Uint8Array[] = [
    utf8(tx.chainId),
    utf8(tx.kind),
    hexBytes(tx.sender),
    u64(tx.nonce),
    u64(tx.expiry),
    u64(tx.gasLimit),
  ];
  if (tx.kind === 'deploy') parts.push(utf8(canonicalJson(tx.artifact)), utf8(canonicalJson(tx.args)));
  else parts.push(hexBytes(tx.contract), utf8(tx.entry), utf8(canonicalJson(tx.args)));
  parts.push(tx.proofs === undefined ? new Uint8Array(0) : utf8(canonicalJson(tx.proofs)));
  return lengthPrefixed([utf8(TX_DOMAIN), ...parts]);
}

/**
 * The transaction id: `sha256(txSigningBytes(tx))` as 64 lowercase hex digits. It does not cover
 * the signature, so no one can change a transaction's id by changing its signature (CRY-01), and a
 * resubmission carries the same id (NET-14).
 * @example const id = txId(decodeTx(text));
 */
export function txId(tx: Tx | SignedTx): string {
  let id = txIdCache.get(tx);
  if (id === undefined) txIdCache.set(tx, (id = toHex(sha256(txSigningBytes(tx)))));
  return id;
}

/** The account address of the transaction's sender. */
export function txSenderAddress(tx: Tx): string {
  // Admission and execution both ask, per transaction; senders repeat.
  let address = senderAddresses.get(tx.sender);
  if (address === undefined) {
    address = addressOf(hexBytes(tx.sender));
    if (senderAddresses.size >= MAX_CACHED_KEYS) senderAddresses.delete(senderAddresses.keys().next().value as string);
    senderAddresses.set(tx.sender, address);
  }
  return address;
}

const senderAddresses = new Map<string, string>();

/**
 * The address of the contract a deploy creates: first 20 bytes of
 * `sha256(lp("covenant:contract-address:v1") ‖ lp(sender address) ‖ lp(u64 nonce))`. Unique per
 * (account, nonce), so it never collides with an earlier deploy of the same account.
 */
export function deployAddress(tx: DeployTx): string {
  return toHex(taggedHash(CONTRACT_ADDRESS_DOMAIN, [hexBytes(txSenderAddress(tx)), u64(tx.nonce)]).subarray(0, ADDRESS_BYTES));
}

// ---------------------------------------------------------------------------------------------
// Signing and verification

/**
 * Validates `tx` like the decoder does and signs its signing bytes with ed25519 (RFC 8032 §5.1.6).
 * Throws `NODE_ERR_INVALID_KEY` if `secretKey` is not the key of `tx.sender`, and the decoder's
 * errors for an invalid transaction.
 * @example const signed = signTx({ kind: 'call', chainId, sender: encodePublicKey(pk), nonce: 0n, expiry: 100n, gasLimit: 100_000n, contract, entry: 'deposit', args: ['10'] }, sk);
 */
export function signTx(tx: Tx, secretKey: Uint8Array): SignedTx {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new NodeError('NODE_ERR_INVALID_KEY', '"secretKey" expected 32 bytes', { field: 'secretKey' });
  }
  const checked = txBodyFromJson(txBodyToJson(tx));
  if (toHex(ed25519.getPublicKey(secretKey)) !== checked.sender) {
    throw new NodeError('NODE_ERR_INVALID_KEY', '"secretKey" does not belong to "sender"', { field: 'sender' });
  }
  const signature = toHex(ed25519.sign(txSigningBytes(checked), secretKey));
  const signed = { ...checked, signature } as SignedTx;
  checkSize(signed);
  return signed;
}

/**
 * Whether `tx.signature` is a valid ed25519 signature of `tx` by `tx.sender`. Never throws.
 * Beyond RFC 8032 §5.1.7 it requires S < L (the RFC's own check, CRY-01: `S + L` is refused, so a
 * signature has one encoding) and a canonical public key of large order (CRY-08). Verification
 * runs in `node:crypto` (OpenSSL), about 13× faster than @noble/curves (measured, see
 * docs/transactions.md); a public key that is not a curve point fails there.
 */
export function verifyTxSignature(tx: SignedTx): boolean {
  try {
    return verifySignedBytes(txSigningBytes(tx), tx.sender, tx.signature);
  } catch {
    return false;
  }
}

/**
 * The check of {@link verifyTxSignature} on given signing bytes (so a worker thread can run it on
 * bytes computed by the main thread). Never throws.
 */
export function verifySignedBytes(message: Uint8Array, senderHex: string, signatureHex: string): boolean {
  try {
    if (!isHex(signatureHex, SIGNATURE_BYTES) || !isHex(senderHex, PUBLIC_KEY_BYTES)) return false;
    const signature = hexBytes(signatureHex);
    if (!isCanonicalS(signature)) return false;
    return cryptoVerify(null, message, publicKeyObject(senderHex), signature);
  } catch {
    return false;
  }
}

/** Parsed sender keys, by hex; senders repeat, and parsing a DER key costs about as much as a hash. */
const keyObjects = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 4096;

/** The KeyObject of an acceptable sender key; throws for a rejected one (CRY-08). */
function publicKeyObject(senderHex: string): KeyObject {
  let key = keyObjects.get(senderHex);
  if (key !== undefined) return key;
  const pk = hexBytes(senderHex);
  if (!isAcceptablePublicKeyEncoding(pk)) throw new Error('rejected public key');
  key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pk]), format: 'der', type: 'spki' });
  if (keyObjects.size >= MAX_CACHED_KEYS) keyObjects.delete(keyObjects.keys().next().value as string);
  keyObjects.set(senderHex, key);
  return key;
}

/** Like {@link verifyTxSignature}, but throws `NODE_ERR_BAD_SIGNATURE` instead of returning false. */
export function checkTxSignature(tx: SignedTx): void {
  if (!verifyTxSignature(tx)) throw new NodeError('NODE_ERR_BAD_SIGNATURE', 'the signature does not verify for "sender"', { field: 'signature' });
}

/** RFC 8032 §5.1.7 step 1: S, the little-endian upper half of the signature, must be below L. */
function isCanonicalS(signature: Uint8Array): boolean {
  let s = 0n;
  for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i] as number);
  return s < ED25519_L;
}

// ---------------------------------------------------------------------------------------------
// Admission checks against the chain

/** What {@link checkTxValidity} compares a transaction with. */
export interface TxValidityContext {
  /** This chain's id. */
  readonly chainId: string;
  /** Height of the block the transaction would be included in. */
  readonly height: bigint;
  /** The sender account's next nonce. */
  readonly expectedNonce: bigint;
  /** The block gas limit, when it is below {@link MAX_TX_GAS_LIMIT} (GAS-07). */
  readonly maxGasLimit?: bigint;
}

/**
 * Pure admission checks, in this order: chain id (`NODE_ERR_WRONG_CHAIN`, EIP-155 / CRY-02),
 * expiry (`NODE_ERR_EXPIRED` when `height > tx.expiry`), nonce (`NODE_ERR_NONCE` unless equal to
 * `expectedNonce`: replays carry a used nonce, SC-10), gas limit against the block's
 * (`NODE_ERR_INVALID_TX`). Signature checks are separate ({@link verifyTxSignature}), being costly.
 * @example checkTxValidity(tx, { chainId: 'covenant-devnet', height: 12n, expectedNonce: 3n });
 */
export function checkTxValidity(tx: Tx, context: TxValidityContext): void {
  if (tx.chainId !== context.chainId) {
    throw new NodeError('NODE_ERR_WRONG_CHAIN', `transaction is for chain ${quote(tx.chainId)}, this is ${quote(context.chainId)}`, { field: 'chainId' });
  }
  if (context.height > tx.expiry) {
    throw new NodeError('NODE_ERR_EXPIRED', `transaction expired at height ${tx.expiry}, the block height is ${context.height}`, { field: 'expiry' });
  }
  if (tx.nonce !== context.expectedNonce) {
    const why = tx.nonce < context.expectedNonce ? 'already used' : 'ahead of the account';
    throw new NodeError('NODE_ERR_NONCE', `nonce ${tx.nonce} is ${why}, expected ${context.expectedNonce}`, { field: 'nonce' });
  }
  if (context.maxGasLimit !== undefined && tx.gasLimit > context.maxGasLimit) {
    throw new NodeError('NODE_ERR_INVALID_TX', `"gasLimit" ${tx.gasLimit} is above the block gas limit ${context.maxGasLimit}`, { field: 'gasLimit' });
  }
}

// ---------------------------------------------------------------------------------------------
// Wire encoding (JSON)

/** The JSON wire form of a signed transaction: u64 fields as decimal strings, keys sorted. */
export function txToJson(tx: SignedTx): Record<string, JsonValue> {
  return { ...txBodyToJson(tx), signature: tx.signature };
}

/**
 * Canonical JSON text of a signed transaction (RFC 8785-like: sorted keys, no whitespace, u64 as
 * decimal strings): what is sent, stored and committed in a block's `txRoot`.
 */
export function encodeTx(tx: SignedTx): string {
  // Admission, the tx root, the block encoding and size checks all need it: once per object.
  let text = encodedTxCache.get(tx);
  if (text === undefined) encodedTxCache.set(tx, (text = canonicalJson(txToJson(tx))));
  return text;
}

const encodedTxCache = new WeakMap<SignedTx, string>();

/**
 * Decodes wire text of at most {@link MAX_TX_BYTES} into a signed transaction, strictly (see
 * {@link txFromJson}). Throws only `NodeError`: `NODE_ERR_MALFORMED` (not JSON),
 * `NODE_ERR_TX_TOO_LARGE`, `NODE_ERR_INVALID_TX`, `NODE_ERR_BAD_SIGNATURE` (S ≥ L). The signature
 * itself is not verified.
 * @example const tx = decodeTx(text); if (!verifyTxSignature(tx)) reject();
 */
export function decodeTx(text: string): SignedTx {
  return guarded('transaction', () => {
    const json = parseJson(text, 'transaction', MAX_TX_BYTES, 'NODE_ERR_TX_TOO_LARGE');
    if (utf8(text).length > MAX_TX_BYTES) throw new NodeError('NODE_ERR_TX_TOO_LARGE', `transaction larger than ${MAX_TX_BYTES} bytes`);
    return txFromJson(json);
  });
}

/**
 * Validates an already-parsed wire object: exactly the fields of its `kind` (unknown fields,
 * `__proto__` included, rejected: SC-12), each of its type, pattern and range, the artifact by
 * `validateArtifact`, arguments and proofs as bounded JSON values, `gasLimit` in
 * [1, MAX_TX_GAS_LIMIT] (GAS-07), the signature's encoding (128 hex digits, S < L), and the
 * canonical size against {@link MAX_TX_BYTES}. Returns fresh objects; throws only `NodeError`.
 */
export function txFromJson(json: unknown): SignedTx {
  return guarded('transaction', () => {
    const body = txBodyFromJson(json, ['signature']);
    const signature = fromHex('NODE_ERR_INVALID_TX', 'signature', (json as Record<string, unknown>)['signature'], SIGNATURE_BYTES);
    if (!isCanonicalS(signature)) throw new NodeError('NODE_ERR_BAD_SIGNATURE', '"signature" is not canonical (S >= L)', { field: 'signature' });
    const tx = { ...body, signature: toHex(signature) } as SignedTx;
    checkSize(tx);
    return tx;
  });
}

function checkSize(tx: SignedTx): void {
  const size = utf8(encodeTx(tx)).length;
  if (size > MAX_TX_BYTES) throw new NodeError('NODE_ERR_TX_TOO_LARGE', `transaction is ${size} bytes, more than ${MAX_TX_BYTES}`);
}

const COMMON_FIELDS = ['kind', 'chainId', 'sender', 'nonce', 'expiry', 'gasLimit', 'args'] as const;

function txBodyToJson(tx: Tx): Record<string, JsonValue> {
  if (typeof tx !== 'object' || tx === null) throw new NodeError('NODE_ERR_INVALID_TX', `transaction expected an object, got ${describe(tx)}`);
  const out: Record<string, JsonValue> = {
    kind: tx.kind,
    chainId: tx.chainId,
    sender: tx.sender,
    nonce: checkU64('NODE_ERR_INVALID_TX', 'nonce', tx.nonce).toString(),
    expiry: checkU64('NODE_ERR_INVALID_TX', 'expiry', tx.expiry).toString(),
    gasLimit: checkU64('NODE_ERR_INVALID_TX', 'gasLimit', tx.gasLimit, 1n, MAX_TX_GAS_LIMIT + 1n).toString(),
    args: tx.args as JsonValue[],
  };
  if (tx.proofs !== undefined) out['proofs'] = tx.proofs as JsonValue[];
  if (tx.kind === 'deploy') out['artifact'] = tx.artifact as unknown as JsonValue;
  else {
    out['contract'] = tx.contract;
    out['entry'] = tx.entry;
  }
  return out;
}

function txBodyFromJson(json: unknown, extra: readonly string[] = []): Tx {
  const head = expectObject('NODE_ERR_INVALID_TX', '', json, ['kind'], [...COMMON_FIELDS, 'artifact', 'contract', 'entry', 'proofs', ...extra]);
  const kind = head['kind'];
  if (kind !== 'deploy' && kind !== 'call') throw new NodeError('NODE_ERR_INVALID_TX', `"kind" expected "deploy" or "call", got ${describe(kind)}`, { field: 'kind' });
  const o = expectObject('NODE_ERR_INVALID_TX', '', json, [...COMMON_FIELDS, ...(kind === 'deploy' ? ['artifact'] : ['contract', 'entry']), ...extra], ['proofs']);

  const chainId = expectString('NODE_ERR_INVALID_TX', 'chainId', o['chainId'], CHAIN_ID_PATTERN, MAX_CHAIN_ID_LENGTH, 'a chain id');
  const sender = toHex(fromHex('NODE_ERR_INVALID_TX', 'sender', o['sender'], PUBLIC_KEY_BYTES));
  const nonce = expectU64('NODE_ERR_INVALID_TX', 'nonce', o['nonce']);
  const expiry = expectU64('NODE_ERR_INVALID_TX', 'expiry', o['expiry']);
  // GAS-07: zero, negative (no sign allowed), missing or above the maximum is refused here.
  const gasLimit = expectU64('NODE_ERR_INVALID_TX', 'gasLimit', o['gasLimit'], 1n, MAX_TX_GAS_LIMIT + 1n);
  const args = boundedJsonArray('args', o['args'], MAX_ARGS, MAX_ARGS_BYTES);
  let proofs: readonly JsonValue[] | undefined;
  if (Object.hasOwn(o, 'proofs')) {
    proofs = boundedJsonArray('proofs', o['proofs'], MAX_PROOFS, MAX_PROOFS_BYTES);
    if (proofs.length === 0) throw new NodeError('NODE_ERR_INVALID_TX', '"proofs" must be absent or non-empty (one encoding per transaction)', { field: 'proofs' });
  }
  const base = { chainId, sender, nonce, expiry, gasLimit, ...(proofs === undefined ? {} : { proofs }) };

  if (kind === 'deploy') {
    const r = validateArtifact(o['artifact']);
    if (!r.ok) {
      throw new NodeError('NODE_ERR_INVALID_TX', '"artifact" is not a valid contract artifact', { field: 'artifact', metaMessages: r.errors.slice(0, 10) });
    }
    return { kind, ...base, artifact: r.artifact, args };
  }
  const contract = toHex(fromHex('NODE_ERR_INVALID_TX', 'contract', o['contract'], ADDRESS_BYTES));
  const entry = expectString('NODE_ERR_INVALID_TX', 'entry', o['entry'], ENTRY_PATTERN, MAX_NAME_LENGTH, 'an entry name');
  return { kind, ...base, contract, entry, args };
}

function boundedJsonArray(field: string, value: unknown, maxItems: number, maxBytes: number): readonly JsonValue[] {
  const items = expectArray('NODE_ERR_INVALID_TX', field, value, maxItems);
  checkJsonValue('NODE_ERR_INVALID_TX', field, items, true);
  const text = canonicalJson(items);
  if (utf8(text).length > maxBytes) throw new NodeError('NODE_ERR_TX_TOO_LARGE', `"${field}" larger than ${maxBytes} bytes`, { field });
  // A fresh copy: the result shares nothing with the input.
  return JSON.parse(text) as JsonValue[];
}

function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
