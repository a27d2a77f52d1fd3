/**
 * node/execution/key-registry.ts, unit level: the gas of a policy view (`mayOwn`, `mayGrant`) is
 * charged whatever the view answers. A view that says no or fails has still run on every node, so
 * its gas must be paid (else a call to the registry runs up to POLICY_VIEW_GAS of contract code
 * for the registry's flat base gas, and blocks hold far more work than their gas limit says).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../../compiler/artifact.ts';
import { createRuntime, createStateOverlay, sealing } from '../../../runtime/index.ts';
import { KEY_REGISTRY_ADDRESS, REGISTRY_GAS, type RegistryContext, executeRegistryCall } from '../../../node/execution/key-registry.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';

const runtime = createRuntime({ maxGasLimit: 5_000_000 });
afterAll(() => runtime.dispose());

const { Busy } = compileContracts(`
@contract
class Busy {
  n: Int = 0;
  constructor() {}
  @view mayOwn(record: string, field: string, owner: Address): boolean {
    let s = 0;
    for (let i = 0; i < 2000; i++) { s = s + i; }
    return s < 0;
  }
  @view mayGrant(record: string, field: string, owner: Address, grantee: Address): boolean {
    let s = 0;
    for (let i = 0; i < 2000; i++) { s = s + i; }
    require(s < 0, 'no');
    return true;
  }
}
`) as Record<string, ContractArtifact>;

const CONTRACT = 'c'.repeat(40);
const OWNER = 'a'.repeat(40);
const base = { get: () => undefined, keys: () => [] };

function call(entry: string, args: RegistryContext['args'], state = createStateOverlay(base)): ReturnType<typeof executeRegistryCall> {
  return executeRegistryCall({
    sender: OWNER, entry, args, gasLimit: 2_000_000, state, resolve: (a) => (a === CONTRACT ? (Busy as ContractArtifact) : undefined), runtime, height: 1n, time: 1_798_761_600_000n,
  });
}

function wrappedFor(publicKey: Uint8Array, keyVersion: number): string {
  return Buffer.from(sealing.wrapDataKey({ dataKey: sealing.generateDataKey(), granteePublicKey: publicKey, field: { contract: CONTRACT, recordId: 'r', fieldPath: 'f' }, keyVersion })).toString('hex');
}

describe('key registry policy views: gas', () => {
  it('a mayOwn view that returns false is charged its gas, not only the base gas', () => {
    const state = createStateOverlay(base);
    const keys = sealing.generateEncryptionKeyPair();
    const pub = call('publishKey', [Buffer.from(keys.publicKey).toString('hex')], state);
    expect(pub.ok).toBe(true);
    if (pub.ok) for (const e of pub.stateDiff) state.set(e.address, e.key, e.value);
    const r = call('open', [CONTRACT, 'r', 'f', wrappedFor(keys.publicKey, 1)], state);
    expect(r).toMatchObject({ ok: false, code: 'NODE_ERR_GRANT_REFUSED' });
    expect(r.gasUsed).toBeGreaterThan(REGISTRY_GAS.open + 10_000);
  });

  it('a mayGrant view that fails is charged its gas', () => {
    const state = createStateOverlay(base);
    const keys = sealing.generateEncryptionKeyPair();
    const pub = call('publishKey', [Buffer.from(keys.publicKey).toString('hex')], state);
    if (pub.ok) for (const e of pub.stateDiff) state.set(e.address, e.key, e.value);
    // Opened through an artifact without mayOwn, so only mayGrant runs below.
    const open = executeRegistryCall({
      sender: OWNER, entry: 'open', args: [CONTRACT, 'r', 'f', wrappedFor(keys.publicKey, 1)], gasLimit: 2_000_000, state,
      resolve: (a) => (a === CONTRACT ? ({ ...(Busy as ContractArtifact), abi: { ...(Busy as ContractArtifact).abi, entries: (Busy as ContractArtifact).abi.entries.filter((e) => e.name !== 'mayOwn') } } as ContractArtifact) : undefined),
      runtime, height: 1n, time: 1_798_761_600_000n,
    });
    expect(open.ok).toBe(true);
    if (open.ok) for (const e of open.stateDiff) state.set(e.address, e.key, e.value);
    const r = call('grant', [CONTRACT, 'r', 'f', OWNER, wrappedFor(keys.publicKey, 1)], state);
    expect(r).toMatchObject({ ok: false, code: 'NODE_ERR_GRANT_REFUSED' });
    expect(r.gasUsed).toBeGreaterThan(REGISTRY_GAS.grant + 10_000);
    expect(state.get(KEY_REGISTRY_ADDRESS, 'k/' + OWNER)).toBeDefined();
  });
});
