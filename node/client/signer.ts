/**
 * `Signer`: an account (ed25519 key pair and its address) that builds, signs (`signTx`) and
 * submits transactions through a client, with local nonce management and defaults:
 *
 * - the nonce is fetched once (`account_nonce`, committed plus pending) and then counted up
 *   locally, so many transactions can be in flight at once without a round trip each;
 * - when the node refuses a transaction (`NODE_ERR_NONCE`, or any refusal, which leaves a gap)
 *   or its answer is lost, the local count is dropped and fetched again before the next
 *   transaction (a resync); a `NODE_ERR_NONCE` or `NODE_ERR_EXPIRED` refusal is retried with a
 *   fresh nonce and expiry, up to `retries` times. Resyncs are counted in epochs, so a burst of
 *   refusals of transactions numbered before one resync triggers no second one;
 * - expiry defaults to the head height + `expiryBlocks` (the head is read with `node_status` at
 *   most every `headMaxAgeMs`), the gas limit to `gasLimit`, the chain id to the node's.
 *
 * It does NOT store keys, estimate gas, or resubmit a transaction whose answer was lost (its
 * outcome is unknown: the error names the transaction id to query, NET-14).
 * @module
 */
import { type ContractArtifact, validateArtifact } from '../../compiler/artifact.ts';
import { NodeError, isNodeError } from '../errors.ts';
import {
  type JsonValue, type KeyPair, type SignedTx, type Tx, addressOf, decodeSecretKey, deployAddress, encodePublicKey, keyPairFromSecretKey, signTx,
} from '../types/index.ts';
import type { CovenantClient } from './client.ts';
import { ContractHandle, type DecodedEvent } from './contract.ts';
import type { CommittedTx, SubmitOutcome } from './results.ts';
import { encodeArgs } from './values.ts';

/** Default blocks a transaction stays valid for after the current head. */
export const DEFAULT_EXPIRY_BLOCKS = 100n;
/** Default gas limit of a transaction. */
export const DEFAULT_GAS_LIMIT = 10_000_000n;
/** Default retries after `NODE_ERR_NONCE` or `NODE_ERR_EXPIRED`. */
export const DEFAULT_RETRIES = 2;
/** Default most age of the cached head height, ms. */
export const DEFAULT_HEAD_MAX_AGE_MS = 1_000;

/** Options of {@link createSigner}. */
export interface SignerOptions {
  /** The chain id; default the node's (`node_status`). */
  readonly chainId?: string;
  /** Blocks after the head a transaction stays valid (default {@link DEFAULT_EXPIRY_BLOCKS}). */
  readonly expiryBlocks?: bigint;
  /** Default gas limit (default {@link DEFAULT_GAS_LIMIT}). */
  readonly gasLimit?: bigint;
  /** Retries after `NODE_ERR_NONCE`/`NODE_ERR_EXPIRED` (default {@link DEFAULT_RETRIES}). */
  readonly retries?: number;
  /** Most age of the head height used for expiries, ms (default {@link DEFAULT_HEAD_MAX_AGE_MS}). */
  readonly headMaxAgeMs?: number;
}

/** Options of one transaction. */
export interface SendOptions {
  /** Resolve after the durable commit, with the receipt. */
  readonly wait?: boolean;
  /** With `wait`: how long the node waits for the commit, ms. */
  readonly timeoutMs?: number;
  readonly gasLimit?: bigint;
  /** Last block height of inclusion; default head + `expiryBlocks`. */
  readonly expiry?: bigint;
  /**
   * The proofs slot (non-empty when given). Relation proofs are bound to the transaction's chain,
   * sender and nonce (docs/privacy.md), which the signer picks: pass a function to build them once
   * those are known (it runs again if the signer retries with another nonce).
   */
  readonly proofs?: readonly JsonValue[] | ((tx: ProofContext) => readonly JsonValue[]);
}

/** What a relation proof is bound to besides its statement: the transaction's chain, sender public key and nonce. */
export interface ProofContext {
  readonly chainId: string;
  readonly sender: string;
  readonly nonce: bigint;
}

/**
 * What a transaction came to: the signed transaction and the node's outcome; with `wait`, also
 * `committed` (height, index, receipt) and the receipt's events, decoded when the ABI is known.
 */
export interface SendResult<E extends DecodedEvent = DecodedEvent> {
  readonly txId: string;
  readonly tx: SignedTx;
  /** `accepted`/`pending`/`committed` without `wait`; `committed` with it. */
  readonly status: SubmitOutcome['status'];
  /** With `wait`: where and how it committed (`committed.receipt.status` may be `failed`). */
  readonly committed?: CommittedTx;
  /** With `wait`: the receipt's events, decoded where they are the called contract's. */
  readonly events?: readonly E[];
}

/** {@link Signer.call}'s result. */
export type CallResult<E extends DecodedEvent = DecodedEvent> = SendResult<E>;

/** {@link Signer.deploy}'s result: the new contract's address and a handle on it. */
export interface DeployResult extends SendResult {
  readonly address: string;
  readonly contract: ContractHandle;
}

/** What a transaction does, without the fields the signer fills in. */
export type TxBody =
  | { readonly kind: 'deploy'; readonly artifact: ContractArtifact; readonly args: readonly JsonValue[] }
  | { readonly kind: 'call'; readonly contract: string; readonly entry: string; readonly args: readonly JsonValue[] };

/**
 * A signer for the account of `key` (a key pair, a 32-byte secret key or its 64 hex digits).
 * @example
 * const signer = createSigner(client, generateKeyPair());
 * const { contract } = await signer.deploy(artifact, [cedent, panel, '0.25', ...], { wait: true });
 */
export function createSigner(client: CovenantClient, key: KeyPair | Uint8Array | string, options: SignerOptions = {}): Signer {
  const keyPair = typeof key === 'string' ? keyPairFromSecretKey(decodeSecretKey(key)) : key instanceof Uint8Array ? keyPairFromSecretKey(key) : key;
  return new Signer(client, keyPair, options);
}

/** An account that signs and submits. Create with {@link createSigner}. */
export class Signer {
  readonly client: CovenantClient;
  /** Public key, 64 lowercase hex digits (the transactions' `sender`). */
  readonly publicKey: string;
  /** The account address, 40 lowercase hex digits. */
  readonly address: string;
  readonly #secretKey: Uint8Array;
  readonly #options: SignerOptions;
  #nonce: bigint | undefined;
  #nonceFetch: Promise<bigint> | undefined;
  /** Incremented by every resync; a transaction remembers the epoch its nonce came from. */
  #epoch = 0;
  #head: { readonly height: bigint; readonly chainId: string; readonly at: number } | undefined;
  #headFetch: Promise<{ height: bigint; chainId: string; at: number }> | undefined;

  constructor(client: CovenantClient, keyPair: KeyPair, options: SignerOptions = {}) {
    this.client = client;
    this.#secretKey = Uint8Array.from(keyPair.secretKey);
    this.publicKey = encodePublicKey(keyPair.publicKey);
    this.address = addressOf(keyPair.publicKey);
    this.#options = options;
  }

  /** The next nonce the signer will use, fetching it from the node if it has none. Does not consume it. */
  async peekNonce(): Promise<bigint> {
    const { nonce } = await this.#allocate(false);
    return nonce;
  }

  /** Drops the local nonce; the next transaction fetches it from the node again. */
  resyncNonce(): void {
    this.#nonce = undefined;
    this.#epoch++;
  }

  /**
   * Builds, signs and submits `body` with the next nonce and the defaults; retries with a fresh
   * nonce after `NODE_ERR_NONCE` and `NODE_ERR_EXPIRED`. Throws the node's refusal otherwise.
   */
  async send(body: TxBody, options: SendOptions = {}): Promise<SendResult> {
    const retries = this.#options.retries ?? DEFAULT_RETRIES;
    for (let attempt = 0; ; attempt++) {
      const { nonce, epoch } = await this.#allocate(true);
      let tx: SignedTx;
      try {
        tx = await this.#build(body, nonce, options, attempt > 0);
      } catch (e) {
        // The nonce was taken but will never reach the node: later ones would be "ahead".
        if (epoch === this.#epoch) this.resyncNonce();
        throw e;
      }
      try {
        if (options.wait === true) {
          const committed = await this.client.submitTx(tx, options.timeoutMs === undefined ? { wait: true } : { wait: true, timeoutMs: options.timeoutMs });
          return { txId: committed.txId, tx, status: 'committed', committed };
        }
        const outcome = await this.client.submitTx(tx);
        return { txId: outcome.txId, tx, status: outcome.status };
      } catch (e) {
        // A refusal leaves a gap and a lost answer an unknown: either way the local count is in
        // doubt, so it is fetched again (committed plus pending), once per epoch.
        if (epoch === this.#epoch) this.resyncNonce();
        const retryable = isNodeError(e, 'NODE_ERR_NONCE') || isNodeError(e, 'NODE_ERR_EXPIRED');
        if (!retryable || attempt >= retries) throw e;
        if (isNodeError(e, 'NODE_ERR_EXPIRED')) this.#head = undefined;
      }
    }
  }

  /**
   * Deploys `artifact` with constructor arguments checked and encoded by its ABI.
   * @example const { address, contract } = await signer.deploy(artifact, [cedent, treaty], { wait: true });
   */
  async deploy(artifact: ContractArtifact, args: readonly unknown[], options: SendOptions = {}): Promise<DeployResult> {
    const checked = validateArtifact(artifact);
    if (!checked.ok) throw new NodeError('NODE_ERR_INVALID_TX', '"artifact" is not a valid contract artifact', { field: 'artifact', metaMessages: checked.errors.slice(0, 10) });
    const encoded = encodeArgs(artifact.abi.constructor.params, args, artifact.abi.types, `constructor of ${artifact.contract}`);
    const result = await this.send({ kind: 'deploy', artifact: checked.artifact, args: encoded }, options);
    const address = deployAddress(result.tx as Extract<SignedTx, { kind: 'deploy' }>);
    const contract = new ContractHandle(this.client, address, artifact, this);
    return {
      ...result,
      ...(result.committed === undefined ? {} : { events: contract.decodeEvents(result.committed.receipt) }),
      address,
      contract,
    };
  }

  /**
   * Calls `entry` of `contract`: with a handle, arguments are checked and encoded by its ABI and
   * events decoded; with a bare address, `args` must already be wire-encoded JSON values.
   * @example await signer.call(treaty, 'recordPremium', ['P-1', money('1000.00', 'USD')], { wait: true });
   */
  async call(contract: ContractHandle | string, entry: string, args: readonly unknown[], options: SendOptions = {}): Promise<CallResult> {
    if (typeof contract === 'string') {
      // signTx checks that they are bounded JSON values (NODE_ERR_INVALID_TX otherwise).
      return this.send({ kind: 'call', contract, entry, args: args as readonly JsonValue[] }, options);
    }
    const encoded = contract.encodeArgs(entry, 'entry', args);
    const result = await this.send({ kind: 'call', contract: contract.address, entry, args: encoded }, options);
    return result.committed === undefined ? result : { ...result, events: contract.decodeEvents(result.committed.receipt) };
  }

  /** Signs a complete unsigned transaction with this account's key (no nonce bookkeeping). */
  sign(tx: Tx): SignedTx {
    return signTx(tx, this.#secretKey);
  }

  /** Takes the next nonce (`consume`) or only looks at it, fetching it once if unknown. */
  async #allocate(consume: boolean): Promise<{ nonce: bigint; epoch: number }> {
    while (this.#nonce === undefined) {
      const epoch = this.#epoch;
      this.#nonceFetch ??= this.client.nonce(this.address).finally(() => {
        this.#nonceFetch = undefined;
      });
      const fetched = await this.#nonceFetch;
      // The first waiter to resume installs the fetched value; a resync meanwhile means fetch again.
      if (this.#nonce === undefined && epoch === this.#epoch) this.#nonce = fetched;
    }
    const nonce = this.#nonce;
    if (consume) this.#nonce = nonce + 1n;
    return { nonce, epoch: this.#epoch };
  }

  async #build(body: TxBody, nonce: bigint, options: SendOptions, freshHead: boolean): Promise<SignedTx> {
    const needHead = options.expiry === undefined || this.#options.chainId === undefined;
    const head = needHead ? await this.#currentHead(freshHead) : undefined;
    const chainId = this.#options.chainId ?? (head as { chainId: string }).chainId;
    const expiry = options.expiry ?? (head as { height: bigint }).height + (this.#options.expiryBlocks ?? DEFAULT_EXPIRY_BLOCKS);
    const gasLimit = options.gasLimit ?? this.#options.gasLimit ?? DEFAULT_GAS_LIMIT;
    const proofs = typeof options.proofs === 'function' ? options.proofs({ chainId, sender: this.publicKey, nonce }) : options.proofs;
    const base = { chainId, sender: this.publicKey, nonce, expiry, gasLimit, ...(proofs === undefined ? {} : { proofs }) };
    const tx: Tx = body.kind === 'deploy'
      ? { kind: 'deploy', ...base, artifact: body.artifact, args: body.args }
      : { kind: 'call', ...base, contract: body.contract, entry: body.entry, args: body.args };
    return signTx(tx, this.#secretKey);
  }

  async #currentHead(fresh: boolean): Promise<{ height: bigint; chainId: string }> {
    const maxAge = this.#options.headMaxAgeMs ?? DEFAULT_HEAD_MAX_AGE_MS;
    const cached = this.#head;
    if (!fresh && cached !== undefined && Date.now() - cached.at <= maxAge) return cached;
    this.#headFetch ??= this.client.status().then((s) => {
      const head = { height: s.height, chainId: s.chainId, at: Date.now() };
      this.#head = head;
      return head;
    }).finally(() => {
      this.#headFetch = undefined;
    });
    return this.#headFetch;
  }
}
