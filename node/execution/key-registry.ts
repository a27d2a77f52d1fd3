/**
 * The key registry: a built-in contract ("precompile", as Ethereum's are) at
 * {@link KEY_REGISTRY_ADDRESS} that records, on chain and under the state root, who may read
 * which sealed field (issue 5, docs/privacy.md "Grants on chain"). Grant and revoke are ordinary
 * signed call transactions to this address, so the mempool, signing, receipts, events and the CLI
 * need nothing new.
 *
 * Entries (`tx.entry`, `tx.args`):
 * - `publishKey(publicKey)` — the sender's X25519 encryption public key (64 hex digits, strictly
 *   checked: CRY-08). Grants can only be made to accounts that published one.
 * - `open(contract, record, field, wrappedKey)` — the sender becomes the field's owner at key
 *   version 1; `wrappedKey` is the field's data key wrapped to the owner's own published key (so the
 *   owner can recover it from the chain). The contract may refuse through a `mayOwn` view.
 * - `grant(contract, record, field, grantee, wrappedKey)` — owner only: records the current data
 *   key wrapped to the grantee's published key. The contract may refuse through a `mayGrant` view.
 * - `revoke(contract, record, field, grantee, rewrapped)` — owner only: removes the grantee and
 *   rotates the field to key version + 1; `rewrapped` maps every remaining grantee (the owner
 *   included) to the new data key wrapped for it, no more and no fewer. Later writes must use the
 *   new version; readers refuse envelopes under any other (`SEAL_ERR_KEY_VERSION`). Revocation
 *   cannot un-reveal what the grantee could already read.
 *
 * Contract policy: a contract holding sealed records may declare views
 * `mayOwn(record: string, field: string, owner: Address): boolean` and
 * `mayGrant(record: string, field: string, owner: Address, grantee: Address): boolean`; the registry
 * runs them (read-only, gas charged to the transaction) and refuses when they return false or fail.
 * Without the view, any account may own a field and the owner may grant to anyone.
 *
 * State (under this address): `k/<account>` the published key; `f/<contract>/<h>` the field
 * (owner, record, field, key version, grantees), `h` = hex sha256 of `lp(record) ‖ lp(field)`;
 * `g/<contract>/<h>/<grantee>` one grant (key version, the grantee key it was wrapped to, the
 * wrapped key). Wrapped keys are safe to publish (docs/privacy-sealing.md).
 *
 * It does NOT see data keys or plaintext, check that a wrapped key really opens for its grantee
 * (only the grantee can; a bad wrap hurts only the owner's own data), or enforce key versions on
 * writes (contracts see sealed values as opaque; readers refuse stale versions).
 * @module
 */
import type { ContractArtifact } from '../../compiler/artifact.ts';
import { type ExecuteEvent, type Runtime, RuntimeError, type StateDiff, type StateOverlay, createStateOverlay, sealing } from '../../runtime/index.ts';
import { createHash } from 'node:crypto';
import { lengthPrefixed } from '../../compiler/artifact.ts';
import { type JsonValue, isAddress } from '../types/index.ts';

/** Address of the key registry. No contract can live there: contract addresses are hash outputs. */
export const KEY_REGISTRY_ADDRESS = `${'0'.repeat(39)}1`;
/** Most grantees of one field (the owner included). */
export const MAX_GRANTEES = 64;
/** Longest record id and field path, in UTF-8 bytes. */
export const MAX_REGISTRY_NAME_BYTES = 128;
/** Gas of each registry entry, before the policy view's own gas; `revoke` adds {@link REWRAP_GAS} per re-wrapped key. */
export const REGISTRY_GAS = { publishKey: 5_000, open: 20_000, grant: 20_000, revoke: 20_000 } as const;
/** Gas per key re-wrapped by a `revoke`. */
export const REWRAP_GAS = 5_000;
/** Gas limit of one policy view run (`mayOwn`, `mayGrant`). */
export const POLICY_VIEW_GAS = 1_000_000;

/** Receipt codes of a refused registry call. */
export type RegistryErrorCode = 'NODE_ERR_INVALID_GRANT' | 'NODE_ERR_GRANT_REFUSED' | 'RT_ERR_OUT_OF_GAS';

/** A published encryption key. */
export interface PublishedKey {
  readonly key: string;
}

/** A registered sealed field. */
export interface RegisteredField {
  readonly owner: string;
  readonly record: string;
  readonly field: string;
  readonly keyVersion: number;
  /** Accounts holding a grant at `keyVersion`, sorted; the owner is one of them. */
  readonly grantees: readonly string[];
}

/** One grant: the data key of `keyVersion` wrapped to `encryptionKey`. */
export interface RegisteredGrant {
  readonly keyVersion: number;
  readonly encryptionKey: string;
  readonly wrappedKey: string;
}

/** Outcome of {@link executeRegistryCall}. */
export type RegistryResult =
  | { readonly ok: true; readonly gasUsed: number; readonly events: readonly ExecuteEvent[]; readonly stateDiff: StateDiff }
  | { readonly ok: false; readonly gasUsed: number; readonly code: RegistryErrorCode; readonly message: string };

/** What a registry call runs against. */
export interface RegistryContext {
  /** The verified sender's account address. */
  readonly sender: string;
  readonly entry: string;
  readonly args: readonly JsonValue[];
  readonly gasLimit: number;
  /** The block overlay (read; the result's diff is applied by the caller on success). */
  readonly state: StateOverlay;
  readonly resolve: (address: string) => ContractArtifact | undefined;
  readonly runtime: Runtime;
  readonly height: bigint;
  readonly time: bigint;
}

/** State key of an account's published encryption key. */
export function publishedKeyKey(account: string): string {
  return `k/${account}`;
}

/** The field hash `h`: hex sha256 of `lp(record) ‖ lp(field)`. */
export function fieldHash(record: string, field: string): string {
  return createHash('sha256').update(lengthPrefixed([utf8(record), utf8(field)])).digest('hex');
}

/** State key of a registered field. */
export function fieldKey(contract: string, record: string, field: string): string {
  return `f/${contract}/${fieldHash(record, field)}`;
}

/** State key of one grant. */
export function grantKey(contract: string, record: string, field: string, grantee: string): string {
  return `g/${contract}/${fieldHash(record, field)}/${grantee}`;
}

class Refusal extends Error {
  readonly code: RegistryErrorCode;
  constructor(code: RegistryErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const encoder = new TextEncoder();
function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Runs one call to the key registry. Pure apart from the policy views it runs through `runtime`
 * (read-only): the same call on the same state gives the same result on every node.
 */
export function executeRegistryCall(c: RegistryContext): RegistryResult {
  const overlay = createStateOverlay(c.state);
  const events: ExecuteEvent[] = [];
  let gas = 0;
  const charge = (amount: number): void => {
    gas += amount;
    if (gas > c.gasLimit) throw new Refusal('RT_ERR_OUT_OF_GAS', `the key registry needs ${gas} gas, the transaction allows ${c.gasLimit}`);
  };
  const emit = (name: string, data: Record<string, JsonValue>): void => {
    events.push({ contract: KEY_REGISTRY_ADDRESS, name, data });
  };
  try {
    switch (c.entry) {
      case 'publishKey': {
        charge(REGISTRY_GAS.publishKey);
        const [key] = argsOf(c.args, 1, 'publishKey(publicKey)');
        const hex = encryptionKey(key, 'publicKey');
        overlay.set(KEY_REGISTRY_ADDRESS, publishedKeyKey(c.sender), JSON.stringify({ key: hex }));
        emit('EncryptionKeyPublished', { account: c.sender, key: hex });
        break;
      }
      case 'open': {
        charge(REGISTRY_GAS.open);
        const [contractArg, recordArg, fieldArg, wrappedArg] = argsOf(c.args, 4, 'open(contract, record, field, wrappedKey)');
        const { contract, record, field, artifact } = target(c, contractArg, recordArg, fieldArg);
        if (overlay.get(KEY_REGISTRY_ADDRESS, fieldKey(contract, record, field)) !== undefined) throw new Refusal('NODE_ERR_INVALID_GRANT', `${describeField(record, field)} of ${contract} already has an owner`);
        const ownerKey = readPublishedKey(overlay, c.sender, 'the owner');
        const wrappedKey = wrapped(wrappedArg, 1);
        policy(c, artifact, contract, 'mayOwn', [record, field, c.sender], c.gasLimit - gas, (used) => (gas += used));
        writeField(overlay, contract, { owner: c.sender, record, field, keyVersion: 1, grantees: [c.sender] });
        writeGrant(overlay, contract, record, field, c.sender, { keyVersion: 1, encryptionKey: ownerKey, wrappedKey });
        emit('FieldOpened', { contract, record, field, owner: c.sender, keyVersion: '1' });
        break;
      }
      case 'grant': {
        charge(REGISTRY_GAS.grant);
        const [contractArg, recordArg, fieldArg, granteeArg, wrappedArg] = argsOf(c.args, 5, 'grant(contract, record, field, grantee, wrappedKey)');
        const { contract, record, field, artifact } = target(c, contractArg, recordArg, fieldArg);
        const f = ownedField(overlay, c.sender, contract, record, field);
        const grantee = account(granteeArg, 'grantee');
        const encryptionKey = readPublishedKey(overlay, grantee, 'the grantee');
        const wrappedKey = wrapped(wrappedArg, f.keyVersion);
        policy(c, artifact, contract, 'mayGrant', [record, field, f.owner, grantee], c.gasLimit - gas, (used) => (gas += used));
        const grantees = f.grantees.includes(grantee) ? f.grantees : [...f.grantees, grantee].sort();
        if (grantees.length > MAX_GRANTEES) throw new Refusal('NODE_ERR_INVALID_GRANT', `a field has at most ${MAX_GRANTEES} grantees`);
        writeField(overlay, contract, { ...f, grantees });
        writeGrant(overlay, contract, record, field, grantee, { keyVersion: f.keyVersion, encryptionKey, wrappedKey });
        emit('FieldGranted', { contract, record, field, grantee, keyVersion: String(f.keyVersion) });
        break;
      }
      case 'revoke': {
        charge(REGISTRY_GAS.revoke);
        const [contractArg, recordArg, fieldArg, granteeArg, rewrappedArg] = argsOf(c.args, 5, 'revoke(contract, record, field, grantee, rewrapped)');
        const { contract, record, field } = target(c, contractArg, recordArg, fieldArg);
        const f = ownedField(overlay, c.sender, contract, record, field);
        const grantee = account(granteeArg, 'grantee');
        if (grantee === f.owner) throw new Refusal('NODE_ERR_INVALID_GRANT', 'the owner cannot revoke its own access');
        if (!f.grantees.includes(grantee)) throw new Refusal('NODE_ERR_INVALID_GRANT', `${grantee} holds no grant on ${describeField(record, field)}`);
        const remaining = f.grantees.filter((g) => g !== grantee);
        if (typeof rewrappedArg !== 'object' || rewrappedArg === null || Array.isArray(rewrappedArg)) throw new Refusal('NODE_ERR_INVALID_GRANT', '"rewrapped" must map every remaining grantee to its new wrapped key');
        const given = Object.keys(rewrappedArg).sort();
        if (given.length !== remaining.length || given.some((g, i) => g !== remaining[i])) {
          throw new Refusal('NODE_ERR_INVALID_GRANT', `"rewrapped" must name exactly the remaining grantees (${remaining.join(', ')}), got ${given.join(', ') || 'none'}`);
        }
        charge(REWRAP_GAS * remaining.length);
        const keyVersion = f.keyVersion + 1;
        if (keyVersion > sealing.MAX_KEY_VERSION) throw new Refusal('NODE_ERR_INVALID_GRANT', 'the field has used every key version');
        for (const g of remaining) {
          const wrappedKey = wrapped((rewrappedArg as Record<string, unknown>)[g], keyVersion);
          writeGrant(overlay, contract, record, field, g, { keyVersion, encryptionKey: readPublishedKey(overlay, g, `grantee ${g}`), wrappedKey });
        }
        overlay.set(KEY_REGISTRY_ADDRESS, grantKey(contract, record, field, grantee), undefined);
        writeField(overlay, contract, { ...f, keyVersion, grantees: remaining });
        emit('FieldRevoked', { contract, record, field, grantee, keyVersion: String(keyVersion) });
        break;
      }
      default:
        throw new Refusal('NODE_ERR_INVALID_GRANT', `the key registry has no entry ${JSON.stringify(c.entry)} (publishKey, open, grant, revoke)`);
    }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, gasUsed: Math.min(gas, c.gasLimit), code: e.code, message: e.message };
    throw e;
  }
  return { ok: true, gasUsed: gas, events, stateDiff: overlay.diff() };
}

/** Reads an account's published key (hex), or undefined. */
export function readPublishedKeyValue(state: { get(address: string, key: string): string | undefined }, account: string): string | undefined {
  const v = state.get(KEY_REGISTRY_ADDRESS, publishedKeyKey(account));
  return v === undefined ? undefined : (JSON.parse(v) as PublishedKey).key;
}

function readPublishedKey(state: StateOverlay, acct: string, who: string): string {
  const key = readPublishedKeyValue(state, acct);
  if (key === undefined) throw new Refusal('NODE_ERR_INVALID_GRANT', `${who} (${acct}) has not published an encryption key (publishKey)`);
  return key;
}

function argsOf(args: readonly JsonValue[], n: number, signature: string): JsonValue[] {
  if (!Array.isArray(args) || args.length !== n) throw new Refusal('NODE_ERR_INVALID_GRANT', `${signature} takes ${n} argument${n === 1 ? '' : 's'}`);
  return [...args];
}

function target(c: RegistryContext, contractArg: JsonValue | undefined, recordArg: JsonValue | undefined, fieldArg: JsonValue | undefined): { contract: string; record: string; field: string; artifact: ContractArtifact } {
  const contract = account(contractArg, 'contract');
  const artifact = c.resolve(contract);
  if (artifact === undefined) throw new Refusal('NODE_ERR_INVALID_GRANT', `no contract is deployed at ${contract}`);
  return { contract, record: name(recordArg, 'record'), field: name(fieldArg, 'field'), artifact };
}

function account(v: JsonValue | undefined, what: string): string {
  if (!isAddress(v)) throw new Refusal('NODE_ERR_INVALID_GRANT', `"${what}" must be an address (40 lower-case hex digits)`);
  return v;
}

/** Record ids and field paths: well-formed, printable-free of controls, 1..128 UTF-8 bytes. */
function name(v: JsonValue | undefined, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (typeof v !== 'string' || v.length === 0 || !v.isWellFormed() || /[\u0000-\u001f\u007f]/.test(v) || utf8(v).length > MAX_REGISTRY_NAME_BYTES) {
    throw new Refusal('NODE_ERR_INVALID_GRANT', `"${what}" must be 1..${MAX_REGISTRY_NAME_BYTES} bytes of well-formed text without control characters`);
  }
  return v;
}

function encryptionKey(v: JsonValue | undefined, what: string): string {
  if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v)) throw new Refusal('NODE_ERR_INVALID_GRANT', `"${what}" must be an X25519 public key (64 lower-case hex digits)`);
  try {
    sealing.assertEncryptionPublicKey(Buffer.from(v, 'hex'), what);
  } catch (e) {
    if (e instanceof sealing.SealError) throw new Refusal('NODE_ERR_INVALID_GRANT', e.message);
    throw e;
  }
  return v;
}

/** A wrapped data key: exactly the wire length, version 1, for `keyVersion` (docs/privacy-sealing.md). */
function wrapped(v: unknown, keyVersion: number): string {
  if (typeof v !== 'string' || v.length !== 2 * sealing.WRAPPED_KEY_BYTES || !/^[0-9a-f]+$/.test(v)) {
    throw new Refusal('NODE_ERR_INVALID_GRANT', `a wrapped key is ${sealing.WRAPPED_KEY_BYTES} bytes of lower-case hex`);
  }
  const b = Buffer.from(v, 'hex');
  if (b[0] !== sealing.WRAPPED_KEY_VERSION) throw new Refusal('NODE_ERR_INVALID_GRANT', `wrapped key version ${b[0]} is not ${sealing.WRAPPED_KEY_VERSION}`);
  const version = b.readUInt32BE(1);
  if (version !== keyVersion) throw new Refusal('NODE_ERR_INVALID_GRANT', `the wrapped key is for key version ${version}, the field is at ${keyVersion}`);
  return v;
}

function ownedField(state: StateOverlay, sender: string, contract: string, record: string, field: string): RegisteredField {
  const text = state.get(KEY_REGISTRY_ADDRESS, fieldKey(contract, record, field));
  if (text === undefined) throw new Refusal('NODE_ERR_INVALID_GRANT', `${describeField(record, field)} of ${contract} is not registered (open it first)`);
  const f = JSON.parse(text) as RegisteredField;
  if (f.owner !== sender) throw new Refusal('NODE_ERR_GRANT_REFUSED', `only the owner ${f.owner} grants or revokes ${describeField(record, field)}`);
  return f;
}

function writeField(state: StateOverlay, contract: string, f: RegisteredField): void {
  state.set(KEY_REGISTRY_ADDRESS, fieldKey(contract, f.record, f.field), JSON.stringify({ owner: f.owner, record: f.record, field: f.field, keyVersion: f.keyVersion, grantees: f.grantees }));
}

function writeGrant(state: StateOverlay, contract: string, record: string, field: string, grantee: string, g: RegisteredGrant): void {
  state.set(KEY_REGISTRY_ADDRESS, grantKey(contract, record, field, grantee), JSON.stringify({ keyVersion: g.keyVersion, encryptionKey: g.encryptionKey, wrappedKey: g.wrappedKey }));
}

function describeField(record: string, field: string): string {
  return `field ${JSON.stringify(field)} of record ${JSON.stringify(record)}`;
}

/**
 * Runs the contract's policy view when it declares one and charges the gas it used through
 * `charge`, whatever its answer: a view that fails or says no has still run (else a call could make
 * every node run a view up to {@link POLICY_VIEW_GAS} for the registry's base gas). A view that is
 * absent allows; one that returns anything but `true`, fails or has another signature refuses.
 */
function policy(c: RegistryContext, artifact: ContractArtifact, contract: string, view: 'mayOwn' | 'mayGrant', args: string[], gasLeft: number, charge: (gas: number) => void): void {
  const entry = artifact.abi.entries.find((e) => e.name === view);
  if (entry === undefined) return;
  if (entry.kind !== 'view') throw new Refusal('NODE_ERR_GRANT_REFUSED', `${view} of ${contract} is not a view`);
  if (gasLeft <= 0) throw new Refusal('RT_ERR_OUT_OF_GAS', `no gas left for ${view}`);
  let r;
  try {
    r = c.runtime.execute({
      address: contract, kind: 'view', name: view, args, caller: c.sender, origin: c.sender,
      block: { height: c.height, time: c.time }, gasLimit: Math.min(POLICY_VIEW_GAS, gasLeft), state: c.state, resolve: c.resolve,
    });
  } catch (e) {
    // A deterministic refusal of the request (arguments that do not fit the view's signature).
    if (e instanceof RuntimeError && (e.code === 'RT_ERR_INVALID_PARAMETERS' || e.code === 'RT_ERR_INVALID_ARTIFACT')) throw new Refusal('NODE_ERR_GRANT_REFUSED', `${view} of ${contract} cannot be called: ${e.shortMessage}`);
    throw e;
  }
  charge(r.gasUsed);
  if (r.status !== 'ok') throw new Refusal('NODE_ERR_GRANT_REFUSED', `${view} of ${contract} failed: ${r.error?.code ?? ''} ${r.error?.message ?? ''}`.trim());
  if (r.value !== true) throw new Refusal('NODE_ERR_GRANT_REFUSED', `${contract} refuses: ${view}(${args.map((a) => JSON.stringify(a)).join(', ')}) is ${JSON.stringify(r.value)}`);
}
