/**
 * The key registry and sealed fields end to end on a devnet node over WebSocket: publishing
 * encryption keys, opening fields, grants restricted by the contract's `mayOwn`/`mayGrant` views,
 * reveal by a grantee, revocation with rotation (CRY-05), rollback and moved ciphertext (CRY-04),
 * and the node never holding plaintext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbiType, ContractArtifact } from '../../../compiler/artifact.ts';
import { sealing, zk } from '../../../runtime/index.ts';
import {
  type ContractHandle, Sealer, createSigner, generateKeyPair, openSealedValue, sealValue,
} from '../../../node/client/index.ts';
import { KEY_REGISTRY_ADDRESS, fieldKey } from '../../../node/execution/key-registry.ts';
import { type Devnet, startDevnet } from '../../../scripts/demo/network.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';

const { Vault } = compileContracts(`
@contract
class Vault {
  readonly owner: Address;
  readonly auditor: Address;
  names: Map<string, Sealed<string>> = new Map();
  amounts: Map<string, Sealed<Money<'USD'>>> = new Map();
  constructor(owner: Address, auditor: Address) { this.owner = owner; this.auditor = auditor; }
  @entry put(id: string, name: Sealed<string>, amount: Sealed<Money<'USD'>>): void {
    require(ctx.caller == this.owner, 'only the owner writes');
    this.names.set(id, name);
    this.amounts.set(id, amount);
  }
  @view nameOf(id: string): Sealed<string> { return this.names.get(id)!; }
  @view amountOf(id: string): Sealed<Money<'USD'>> { return this.amounts.get(id)!; }
  @view mayOwn(record: string, field: string, owner: Address): boolean { return owner == this.owner; }
  @view mayGrant(record: string, field: string, owner: Address, grantee: Address): boolean {
    return field == 'amount' || grantee == this.auditor;
  }
}
`) as Record<string, ContractArtifact>;

const USD: AbiType = { kind: 'money', currency: 'USD' };
const STR: AbiType = { kind: 'string' };

let net: Devnet;
let owner: Sealer;
let reinsurer: Sealer;
let auditor: Sealer;
let outsider: Sealer;
let vault: ContractHandle;

function party(): Sealer {
  return new Sealer(createSigner(net.client, generateKeyPair()), sealing.generateEncryptionKeyPair());
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

beforeAll(async () => {
  net = await startDevnet();
  [owner, reinsurer, auditor, outsider] = [party(), party(), party(), party()];
  for (const p of [owner, reinsurer, auditor, outsider]) await p.publishKey({ wait: true });
  const dep = await owner.signer.deploy(Vault as ContractArtifact, [owner.address, auditor.address], { wait: true });
  expect(dep.committed?.receipt.status).toBe('ok');
  vault = dep.contract;
}, 60_000);

afterAll(async () => {
  await net?.stop();
});

describe('key registry on a devnet', () => {
  const rec = 'policy/P-1';

  it('an owner seals, grants one field, and the grantee reveals it; others get ciphertext only', async () => {
    const nameField = { contract: vault.address, record: rec, field: 'name' };
    const amountField = { contract: vault.address, record: rec, field: 'amount' };
    const name = await owner.seal(nameField, STR, 'Jane Q. Insured');
    const amount = await owner.seal(amountField, USD, { amount: '250000.00', currency: 'USD' });
    const put = await owner.signer.call(vault, 'put', [rec, name.sealed, amount.sealed], { wait: true });
    expect(put.committed?.receipt.status).toBe('ok');

    await owner.grant(amountField, reinsurer.address);
    const onChain = await vault.view('amountOf', [rec]);
    const revealed = await reinsurer.reveal(amountField, onChain, USD);
    expect(revealed.value).toEqual({ amount: '250000.00', currency: 'USD' });
    expect(revealed.opening?.value).toBe(25_000_000n);

    // The owner reads its own fields back from the chain (its self-grant), with nothing kept locally.
    expect((await owner.reveal(nameField, await vault.view('nameOf', [rec]), STR)).value).toBe('Jane Q. Insured');
    // No grant on the name: the reinsurer and an outsider hold nothing to decrypt with.
    expect(await codeOf(reinsurer.reveal(nameField, await vault.view('nameOf', [rec]), STR))).toBe('SEAL_ERR_NOT_GRANTED');
    expect(await codeOf(outsider.reveal(amountField, onChain, USD))).toBe('SEAL_ERR_NOT_GRANTED');

    // The node never sees plaintext: neither the contract's state nor the registry holds it.
    const texts: string[] = [];
    for (const address of [vault.address, KEY_REGISTRY_ADDRESS]) {
      const { keys } = await net.client.listState(address);
      for (const k of keys) texts.push((await net.client.getState(address, k)).value ?? '');
    }
    const all = texts.join('\n');
    expect(all).toContain(String(onChain && (onChain as { envelope: string }).envelope).slice(0, 64));
    expect(all).not.toContain('Jane');
    expect(all).not.toContain('250000');
  });

  it('the contract restricts who may own and who may be granted what', async () => {
    const nameField = { contract: vault.address, record: rec, field: 'name' };
    // mayGrant: the name goes to the auditor only.
    expect(await codeOf(owner.grant(nameField, reinsurer.address))).toBe('NODE_ERR_GRANT_REFUSED');
    await owner.grant(nameField, auditor.address);
    expect((await auditor.reveal(nameField, await vault.view('nameOf', [rec]), STR)).value).toBe('Jane Q. Insured');
    // mayOwn: nobody but the contract's owner may open a field of it (no squatting on record ids).
    expect(await codeOf(outsider.openField({ contract: vault.address, record: 'policy/P-2', field: 'amount' }))).toBe('NODE_ERR_GRANT_REFUSED');
    // Only the field's owner grants: a grantee holding the key cannot pass it on through the registry.
    expect(await codeOf(reinsurer.grant({ contract: vault.address, record: rec, field: 'amount' }, outsider.address))).toBe('NODE_ERR_GRANT_REFUSED');
    const wrapped = Buffer.from(sealing.wrapDataKey({ dataKey: sealing.generateDataKey(), granteePublicKey: Buffer.from(outsider.encryptionKey, 'hex'), field: { contract: vault.address, recordId: rec, fieldPath: 'amount' }, keyVersion: 1 })).toString('hex');
    const r = await reinsurer.signer.call(KEY_REGISTRY_ADDRESS, 'grant', [vault.address, rec, 'amount', outsider.address, wrapped], { wait: true });
    expect(r.committed?.receipt).toMatchObject({ status: 'failed', error: { code: 'NODE_ERR_GRANT_REFUSED' } });
  });

  it('malformed registry calls fail with NODE_ERR_INVALID_GRANT and change nothing', async () => {
    const bad: [string, unknown[]][] = [
      ['publishKey', ['00'.repeat(32)]], // small-order X25519 point (CRY-08)
      ['publishKey', ['zz']],
      ['open', [vault.address, '', 'x', '00']],
      ['open', [vault.address, rec, 'amount', '01'.repeat(109)]], // already open
      ['grant', [vault.address, rec, 'amount', outsider.address, '02'.repeat(10)]],
      ['nosuch', []],
    ];
    const before = await net.client.getState(KEY_REGISTRY_ADDRESS, fieldKey(vault.address, rec, 'amount'));
    for (const [entry, args] of bad) {
      const r = await owner.signer.call(KEY_REGISTRY_ADDRESS, entry, args as never, { wait: true });
      expect(r.committed?.receipt, `${entry}(${JSON.stringify(args)})`).toMatchObject({ status: 'failed', error: { code: 'NODE_ERR_INVALID_GRANT' } });
    }
    expect((await net.client.getState(KEY_REGISTRY_ADDRESS, fieldKey(vault.address, rec, 'amount'))).value).toBe(before.value);
  });

  it('revocation rotates the key: the revoked grantee cannot read later writes; old writes and rollbacks are refused to readers', async () => {
    const amountField = { contract: vault.address, record: rec, field: 'amount' };
    const nameField = { contract: vault.address, record: rec, field: 'name' };
    const oldKey = await reinsurer.fieldKey(amountField);
    const oldValue = await vault.view('amountOf', [rec]);
    const { keyVersion, dataKey } = await owner.revoke(amountField, reinsurer.address);
    expect(keyVersion).toBe(2);
    expect((await owner.fieldInfo(amountField))?.grantees).toEqual([owner.address].sort());

    const newAmount = sealValue({ ...amountField, type: USD, value: { amount: '300000.00', currency: 'USD' }, keyVersion, dataKey });
    const name = await owner.seal(nameField, STR, 'Jane Q. Insured');
    await owner.signer.call(vault, 'put', [rec, name.sealed, newAmount.sealed], { wait: true });
    const current = await vault.view('amountOf', [rec]);
    expect((await owner.reveal(amountField, current, USD)).value).toEqual({ amount: '300000.00', currency: 'USD' });
    // The revoked grantee: no grant any more, and its old key does not open the new write.
    expect(await codeOf(reinsurer.reveal(amountField, current, USD))).toBe('SEAL_ERR_NOT_GRANTED');
    expect(await codeOf(Promise.resolve().then(() => openSealedValue({ ...amountField, sealed: current, type: USD, keyVersion: 1, dataKey: oldKey.dataKey })))).toBe('SEAL_ERR_KEY_VERSION');
    expect(await codeOf(Promise.resolve().then(() => openSealedValue({ ...amountField, sealed: current, type: USD, keyVersion: 2, dataKey: oldKey.dataKey })))).toBe('SEAL_ERR_AUTH_FAILED');
    // What it could read before stays readable to it (revocation cannot un-reveal the past).
    expect(openSealedValue({ ...amountField, sealed: oldValue, type: USD, keyVersion: 1, dataKey: oldKey.dataKey }).value).toEqual({ amount: '250000.00', currency: 'USD' });

    // A rolled-back write (the old v1 envelope put back): readers at the current version refuse it.
    await owner.signer.call(vault, 'put', [rec, name.sealed, oldValue], { wait: true });
    expect(await codeOf(owner.reveal(amountField, await vault.view('amountOf', [rec]), USD))).toBe('SEAL_ERR_KEY_VERSION');
  });

  it('ciphertext moved to another record or field does not open there', async () => {
    const amountField = { contract: vault.address, record: rec, field: 'amount' };
    const key = await owner.fieldKey(amountField);
    const v = sealValue({ ...amountField, type: USD, value: { amount: '1.00', currency: 'USD' }, keyVersion: key.keyVersion, dataKey: key.dataKey });
    const moved = { ...v.sealed, record: 'policy/P-9' };
    expect(await codeOf(Promise.resolve().then(() => openSealedValue({ ...amountField, sealed: moved, type: USD, keyVersion: key.keyVersion, dataKey: key.dataKey })))).toBe('SEAL_ERR_BINDING');
    expect(await codeOf(Promise.resolve().then(() => openSealedValue({ ...amountField, record: 'policy/P-9', sealed: moved, type: USD, keyVersion: key.keyVersion, dataKey: key.dataKey })))).toBe('SEAL_ERR_AUTH_FAILED');
    expect(await codeOf(Promise.resolve().then(() => openSealedValue({ ...amountField, contract: outsider.address, sealed: v.sealed, type: USD, keyVersion: key.keyVersion, dataKey: key.dataKey })))).toBe('SEAL_ERR_AUTH_FAILED');
    // A commitment swapped for another value's: refused before anyone trusts it.
    const other = sealValue({ ...amountField, type: USD, value: { amount: '2.00', currency: 'USD' }, keyVersion: key.keyVersion, dataKey: key.dataKey });
    expect(await codeOf(Promise.resolve().then(() => openSealedValue({ ...amountField, sealed: { ...v.sealed, commitment: other.commitment as string }, type: USD, keyVersion: key.keyVersion, dataKey: key.dataKey })))).toBe('SEAL_ERR_COMMITMENT_MISMATCH');
  });

  it('a sealed number carries the range certificate of its commitment (bound to the commitment only)', () => {
    const v = sealValue({ contract: vault.address, record: rec, field: 'amount', type: USD, value: { amount: '7.00', currency: 'USD' }, keyVersion: 1, dataKey: new Uint8Array(32).fill(7) });
    expect(v.sealed['range']).toBe(v.range);
    expect(zk.verifySealedRange(v.commitment as string, v.range as string)).toEqual({ ok: true });
    const w = sealValue({ contract: outsider.address, record: 'other', field: 'x', type: USD, value: { amount: '7.00', currency: 'USD' }, keyVersion: 1, dataKey: new Uint8Array(32).fill(7) });
    expect(zk.verifySealedRange(w.commitment as string, v.range as string).ok).toBe(false);
    const text = sealValue({ contract: vault.address, record: rec, field: 'name', type: { kind: 'string' }, value: 'n', keyVersion: 1, dataKey: new Uint8Array(32).fill(7) });
    expect(text.sealed['range']).toBeUndefined();
    expect(text.range).toBeUndefined();
  });
});
