/**
 * node/execution/executor.ts: calls to the key registry go through the same GAS-06 doorway as
 * contract calls. A node-local fault (RuntimeError) while the registry runs a contract's policy
 * view becomes an ExecutionFault naming the transaction, and a proposer (`skipFaults`) leaves the
 * transaction out and builds the block without it, instead of failing every block it tries while
 * the transaction sits in its mempool.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../../compiler/index.ts';
import { type Runtime, RuntimeError, createRuntime, sealing } from '../../../runtime/index.ts';
import { ExecutionFault, type ApplyBlockResult, applyBlock } from '../../../node/execution/index.ts';
import { KEY_REGISTRY_ADDRESS } from '../../../node/execution/key-registry.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { type KeyPair, type SignedTx, GENESIS_PREV_HASH, blockHash, deployAddress, encodePublicKey, signTx } from '../../../node/types/index.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, BOB, CHAIN } from '../types/fixtures.ts';

const runtime = createRuntime({ maxGasLimit: 5_000_000 });
afterAll(() => runtime.dispose());

const { Guarded } = compileContracts(`
@contract
class Guarded {
  readonly owner: Address;
  constructor() { this.owner = ctx.caller; }
  @view mayOwn(record: string, field: string, owner: Address): boolean { return owner == this.owner; }
}
`) as Record<string, ContractArtifact>;

const TIME = 1_798_761_600_000n;
const FAR = 1n << 40n;
let t: ReturnType<typeof tempDir>;
let store: ChainStore;
const nonces = new Map<KeyPair, bigint>();

beforeEach(async () => {
  t = tempDir();
  store = await openChainStore(t.dir);
  nonces.clear();
  await commit([]);
});
afterEach(async () => {
  await store.close();
  t.cleanup();
});

function nonce(keys: KeyPair): bigint {
  const n = nonces.get(keys) ?? 0n;
  nonces.set(keys, n + 1n);
  return n;
}

function tx(keys: KeyPair, body: { kind: 'deploy'; artifact: ContractArtifact; args: string[] } | { kind: 'call'; contract: string; entry: string; args: unknown[] }): SignedTx {
  return signTx({ chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce: nonce(keys), expiry: FAR, gasLimit: 2_000_000n, ...body } as Parameters<typeof signTx>[0], keys.secretKey);
}

function apply(txs: readonly SignedTx[], extra: { runtime?: Runtime; skipFaults?: boolean } = {}): Promise<ApplyBlockResult> {
  const head = store.head;
  return applyBlock({ runtime, source: store, chainId: CHAIN, height: head === undefined ? 0n : head.height + 1n, time: TIME, prevHash: head === undefined ? GENESIS_PREV_HASH : head.hash, txs, ...extra });
}

async function commit(txs: readonly SignedTx[]): Promise<ApplyBlockResult> {
  const r = await apply(txs);
  const { header } = r.block;
  await store.saveBlock(header.height, r.block, r.receipts, r.stateDiff, { height: header.height, hash: blockHash(header) });
  return r;
}

/** The real runtime, except that every view run hits a node-local fault. */
const faultyViews: Runtime = {
  execute(p) {
    if (p.kind === 'view') throw new RuntimeError('RT_ERR_ISOLATE_LIMIT', 'isolate memory limit');
    return runtime.execute(p);
  },
  get memoryLimitMb() {
    return runtime.memoryLimitMb;
  },
  get isolateResets() {
    return runtime.isolateResets;
  },
  dispose() {},
};

describe('applyBlock: key registry calls', () => {
  async function setup(): Promise<{ open: SignedTx; later: SignedTx; other: SignedTx }> {
    const dep = tx(ALICE, { kind: 'deploy', artifact: Guarded as ContractArtifact, args: [] });
    const contract = deployAddress(dep as SignedTx & { kind: 'deploy' });
    const keys = sealing.generateEncryptionKeyPair();
    const publish = tx(ALICE, { kind: 'call', contract: KEY_REGISTRY_ADDRESS, entry: 'publishKey', args: [Buffer.from(keys.publicKey).toString('hex')] });
    const r = await commit([dep, publish]);
    expect(r.receipts.map((x) => x.status)).toEqual(['ok', 'ok']);
    const wrapped = Buffer.from(sealing.wrapDataKey({ dataKey: sealing.generateDataKey(), granteePublicKey: keys.publicKey, field: { contract, recordId: 'r', fieldPath: 'f' }, keyVersion: 1 })).toString('hex');
    const open = tx(ALICE, { kind: 'call', contract: KEY_REGISTRY_ADDRESS, entry: 'open', args: [contract, 'r', 'f', wrapped] });
    const later = tx(ALICE, { kind: 'call', contract: KEY_REGISTRY_ADDRESS, entry: 'publishKey', args: [Buffer.from(keys.publicKey).toString('hex')] });
    const other = tx(BOB, { kind: 'call', contract: KEY_REGISTRY_ADDRESS, entry: 'publishKey', args: [Buffer.from(sealing.generateEncryptionKeyPair().publicKey).toString('hex')] });
    return { open, later, other };
  }

  it('a node-local fault in a policy view is an ExecutionFault naming the transaction', async () => {
    const { open } = await setup();
    const e = await apply([open], { runtime: faultyViews }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(ExecutionFault);
    expect(e).toMatchObject({ code: 'RT_ERR_ISOLATE_LIMIT', txIndex: 0 });
  });

  it('a proposer leaves such a transaction (and its sender\'s later ones) out and keeps the rest of the block', async () => {
    const { open, later, other } = await setup();
    const r = await apply([open, later, other], { runtime: faultyViews, skipFaults: true });
    expect(r.skipped.map((s) => s.tx)).toEqual([open, later]);
    expect(r.skipped[0]?.code).toBe('RT_ERR_ISOLATE_LIMIT');
    expect(r.block.txs).toEqual([other]);
    expect(r.receipts.map((x) => x.status)).toEqual(['ok']);
  });
});
