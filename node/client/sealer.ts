/**
 * The client side of sealed data and grants (issue 5, docs/privacy.md): a {@link Sealer} holds an
 * account's signer and its X25519 encryption key pair, talks to the key registry
 * (node/execution/key-registry.ts) through ordinary signed calls, and seals, grants, revokes and
 * reveals fields. Data keys never leave the client: the owner keeps none locally either, because
 * `open` wraps each field's data key to the owner's own published key, so the chain holds
 * everything the owner needs to recover it with its secret key.
 *
 * It does NOT decide what a contract does with a sealed value, or cache keys across processes.
 * @module
 */
import type { AbiType } from '../../compiler/artifact.ts';
import { sealing } from '../../runtime/index.ts';
import { NodeError } from '../errors.ts';
import {
  KEY_REGISTRY_ADDRESS, type RegisteredField, type RegisteredGrant, fieldKey, grantKey, publishedKeyKey,
} from '../execution/key-registry.ts';
import type { JsonValue } from '../types/index.ts';
import type { CovenantClient } from './client.ts';
import { type OpenedValue, type SealedResult, openSealedValue, sealValue } from './sealed-values.ts';
import type { SendOptions, SendResult, Signer } from './signer.ts';
import type { AbiTypes } from './values.ts';

/** A field's current data key, as its holder recovers it from the chain. */
export interface FieldKey {
  readonly keyVersion: number;
  readonly dataKey: Uint8Array;
}

/** Which field: contract address, record id, field path. */
export interface FieldAddress {
  readonly contract: string;
  readonly record: string;
  readonly field: string;
}

/**
 * An account's sealing identity: its signer (ed25519, for transactions) and its X25519 key pair
 * (for receiving grants).
 * @example
 * const sealer = new Sealer(signer, sealing.generateEncryptionKeyPair());
 * await sealer.publishKey();
 * const { sealed, opening } = await sealer.seal({ contract, record: 'claim/C-1', field: 'amount' }, { kind: 'money', currency: 'USD' }, money('125000.00', 'USD'));
 * await sealer.grant({ contract, record: 'claim/C-1', field: 'amount' }, reinsurerAddress);
 */
export class Sealer {
  readonly signer: Signer;
  readonly client: CovenantClient;
  /** The X25519 public key, 64 lower-case hex digits. */
  readonly encryptionKey: string;
  readonly #secretKey: Uint8Array;

  constructor(signer: Signer, keyPair: sealing.EncryptionKeyPair) {
    this.signer = signer;
    this.client = signer.client;
    this.#secretKey = Uint8Array.from(keyPair.secretKey);
    this.encryptionKey = Buffer.from(sealing.encryptionPublicKeyOf(this.#secretKey)).toString('hex');
  }

  /** The account address. */
  get address(): string {
    return this.signer.address;
  }

  /** Publishes this account's encryption key unless the chain already has it. */
  async publishKey(options: SendOptions = {}): Promise<SendResult | undefined> {
    if ((await this.publishedKey(this.address)) === this.encryptionKey) return undefined;
    return this.#registry('publishKey', [this.encryptionKey], options);
  }

  /** An account's published encryption key (hex), or undefined. */
  async publishedKey(account: string): Promise<string | undefined> {
    const v = await this.client.getState(KEY_REGISTRY_ADDRESS, publishedKeyKey(account));
    return v.value === undefined ? undefined : (JSON.parse(v.value) as { key: string }).key;
  }

  /** The registry's record of a field, or undefined when nobody opened it. */
  async fieldInfo(f: FieldAddress): Promise<RegisteredField | undefined> {
    const v = await this.client.getState(KEY_REGISTRY_ADDRESS, fieldKey(f.contract, f.record, f.field));
    return v.value === undefined ? undefined : (JSON.parse(v.value) as RegisteredField);
  }

  /** An account's grant on a field (this account by default), or undefined. */
  async grantInfo(f: FieldAddress, account = this.address): Promise<RegisteredGrant | undefined> {
    const v = await this.client.getState(KEY_REGISTRY_ADDRESS, grantKey(f.contract, f.record, f.field, account));
    return v.value === undefined ? undefined : (JSON.parse(v.value) as RegisteredGrant);
  }

  /**
   * The field's current data key, unwrapped from this account's grant. Throws `SEAL_ERR_NOT_GRANTED`
   * without one, `SEAL_ERR_KEY_VERSION` when the grant is not at the field's current version (the
   * account was revoked), `SEAL_ERR_AUTH_FAILED` when it was wrapped to another key.
   */
  async fieldKey(f: FieldAddress): Promise<FieldKey> {
    const [info, grant] = await Promise.all([this.fieldInfo(f), this.grantInfo(f)]);
    if (info === undefined) throw new sealing.SealError('SEAL_ERR_NOT_GRANTED', `${describe(f)} is not registered`);
    if (grant === undefined) throw new sealing.SealError('SEAL_ERR_NOT_GRANTED', `${this.address} holds no grant on ${describe(f)}`);
    if (grant.keyVersion !== info.keyVersion) throw new sealing.SealError('SEAL_ERR_KEY_VERSION', `the grant is for key version ${grant.keyVersion}, the field is at ${info.keyVersion}`);
    const dataKey = sealing.unwrapDataKey({
      granteeSecretKey: this.#secretKey,
      field: { contract: f.contract, recordId: f.record, fieldPath: f.field },
      expectedKeyVersion: info.keyVersion,
      wrappedKey: Buffer.from(grant.wrappedKey, 'hex'),
    });
    return { keyVersion: info.keyVersion, dataKey };
  }

  /**
   * Opens a field (this account becomes its owner at key version 1, its data key wrapped to its
   * own key) unless it is already open; returns the current data key either way.
   */
  async openField(f: FieldAddress, options: SendOptions = {}): Promise<FieldKey> {
    if ((await this.fieldInfo(f)) !== undefined) return this.fieldKey(f);
    const dataKey = sealing.generateDataKey();
    const wrapped = this.#wrap(f, dataKey, 1, this.encryptionKey);
    await this.#registry('open', [f.contract, f.record, f.field, wrapped], { ...options, wait: true });
    return { keyVersion: 1, dataKey };
  }

  /**
   * Seals `value` (of type `T`, the inner type of `Sealed<T>`) for a field, opening the field
   * first when needed. Returns the `Sealed<T>` argument and, for numbers, the opening to prove with.
   */
  async seal(f: FieldAddress, type: AbiType, value: unknown, types?: AbiTypes): Promise<SealedResult> {
    const key = await this.openField(f);
    return sealValue({ contract: f.contract, record: f.record, field: f.field, type, value, keyVersion: key.keyVersion, dataKey: key.dataKey, ...(types === undefined ? {} : { types }) });
  }

  /** Grants `grantee` (an account that published its encryption key) the field's current data key. */
  async grant(f: FieldAddress, grantee: string, options: SendOptions = {}): Promise<SendResult> {
    const key = await this.fieldKey(f);
    const granteeKey = await this.publishedKey(grantee);
    if (granteeKey === undefined) throw new NodeError('NODE_ERR_INVALID_GRANT', `${grantee} has not published an encryption key`);
    return this.#registry('grant', [f.contract, f.record, f.field, grantee, this.#wrap(f, key.dataKey, key.keyVersion, granteeKey)], { ...options, wait: options.wait ?? true });
  }

  /**
   * Revokes `grantee` and rotates the field: a fresh data key at version + 1, wrapped to every
   * remaining grantee. Returns the new key, with which later writes must be sealed. What the
   * grantee could read before stays readable to it.
   */
  async revoke(f: FieldAddress, grantee: string, options: SendOptions = {}): Promise<FieldKey & { readonly result: SendResult }> {
    const info = await this.fieldInfo(f);
    if (info === undefined) throw new sealing.SealError('SEAL_ERR_NOT_GRANTED', `${describe(f)} is not registered`);
    const keyVersion = info.keyVersion + 1;
    const dataKey = sealing.generateDataKey();
    const rewrapped: Record<string, JsonValue> = {};
    for (const g of info.grantees) {
      if (g === grantee) continue;
      const k = g === this.address ? this.encryptionKey : await this.publishedKey(g);
      if (k === undefined) throw new NodeError('NODE_ERR_INVALID_GRANT', `${g} has no published encryption key`);
      rewrapped[g] = this.#wrap(f, dataKey, keyVersion, k);
    }
    const result = await this.#registry('revoke', [f.contract, f.record, f.field, grantee, rewrapped], { ...options, wait: options.wait ?? true });
    return { keyVersion, dataKey, result };
  }

  /**
   * Decrypts a sealed value of a field this account holds a grant on, expecting the field's current
   * key version (a value sealed under an older one is refused: `SEAL_ERR_KEY_VERSION`).
   */
  async reveal(f: FieldAddress, sealedValue: unknown, type: AbiType, types?: AbiTypes): Promise<OpenedValue> {
    const key = await this.fieldKey(f);
    return openSealedValue({ ...f, sealed: sealedValue, type, keyVersion: key.keyVersion, dataKey: key.dataKey, ...(types === undefined ? {} : { types }) });
  }

  async #registry(entry: string, args: readonly JsonValue[], options: SendOptions): Promise<SendResult> {
    const r = await this.signer.call(KEY_REGISTRY_ADDRESS, entry, args, { ...options, wait: options.wait ?? true });
    const receipt = r.committed?.receipt;
    if (receipt !== undefined && receipt.status !== 'ok') {
      const code = receipt.error?.code ?? 'NODE_ERR_INVALID_GRANT';
      throw new NodeError(code === 'NODE_ERR_GRANT_REFUSED' ? 'NODE_ERR_GRANT_REFUSED' : 'NODE_ERR_INVALID_GRANT', `key registry ${entry}: ${receipt.error?.message ?? 'failed'}`);
    }
    return r;
  }

  #wrap(f: FieldAddress, dataKey: Uint8Array, keyVersion: number, recipient: string): string {
    const wrapped = sealing.wrapDataKey({
      dataKey,
      granteePublicKey: Buffer.from(recipient, 'hex'),
      field: { contract: f.contract, recordId: f.record, fieldPath: f.field },
      keyVersion,
    });
    return Buffer.from(wrapped).toString('hex');
  }
}

/** A fresh X25519 key pair for receiving grants (`runtime/crypto`). */
export const generateEncryptionKeyPair: () => sealing.EncryptionKeyPair = sealing.generateEncryptionKeyPair;

function describe(f: FieldAddress): string {
  return `field ${JSON.stringify(f.field)} of record ${JSON.stringify(f.record)} of ${f.contract}`;
}
