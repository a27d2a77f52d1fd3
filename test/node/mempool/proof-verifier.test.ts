/**
 * node/mempool/proof-verifier.ts: the worker-thread proof pool gives the same verdicts as inline
 * verification, survives a worker crash (the in-flight statements fail with a clear error, the
 * worker is replaced) and shuts down; admission refuses bad and malformed proofs
 * (NODE_ERR_PROOF_INVALID, NODE_ERR_INVALID_TX) and defers proofs for contracts not deployed; and a
 * node admits a transaction with a valid proof, executes it from the verdict cache, and closes its
 * pool when it stops.
 */
import type { Worker } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../../compiler/index.ts';
import { createRuntime } from '../../../runtime/index.ts';
import { initDataDir } from '../../../node/config.ts';
import { applyBlock } from '../../../node/execution/index.ts';
import { ProofVerdictCache, type ProofStatement, checkRelation, proofStatement, proofVerdicts, txProofStatements } from '../../../node/execution/proofs.ts';
import {
  type ProofPool, checkTxProofs, createInlineProofPool, defaultProofThreads, createWorkerProofPool, preverifyBlockProofs, verifyStatements,
} from '../../../node/mempool/index.ts';
import { CovenantNode } from '../../../node/node.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { type SignedTx, GENESIS_PREV_HASH, blockHash, deployAddress, txId } from '../../../node/types/index.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, BOB, CHAIN } from '../types/fixtures.ts';
import { LIMIT, SUM, WITHIN, VAULT, callTx, deployVaultTx, prove, sealed, tamper } from '../execution/proof-fixtures.ts';
import { CRASH_CONTRACT } from './crashing-proof-worker.ts';

const GENESIS_TIME = 1_798_761_600_000n;
/** Vault deployed by BOB at nonce 0 (the address is known before deploying). */
const A = deployAddress(deployVaultTx(BOB, 0n) as SignedTx & { kind: 'deploy' });
const resolveVault = (address: string): ContractArtifact | undefined => (address === A ? VAULT : undefined);

/** Statements of single-proof transactions: good, tampered, and declared for another commitment. */
function statements(): { good: ProofStatement[]; bad: ProofStatement[] } {
  const good: ProofStatement[] = [];
  const bad: ProofStatement[] = [];
  for (let i = 0; i < 3; i++) {
    const nonce = BigInt(i);
    const x = sealed(1_000n + BigInt(i));
    const entry = prove(WITHIN, [LIMIT], [x.operand], A, ALICE, nonce);
    const [p, q, s] = [sealed(10n), sealed(20n + BigInt(i)), sealed(30n + BigInt(i))];
    const sum = prove(SUM, [], [p.operand, q.operand, s.operand], A, ALICE, nonce);
    const of = (e: typeof entry): ProofStatement => txProofStatements(callTx({ keys: ALICE, nonce, contract: A, entry: 'within', args: [], proofs: [e] }), resolveVault).statements[0] as ProofStatement;
    good.push(of(entry), of(sum));
    bad.push(of(tamper(entry)), of({ ...entry, inputs: { public: [LIMIT], sealed: [sealed(5n).arg.commitment] } }), of(tamper(sum, 20)));
  }
  return { good, bad };
}

describe('proof pool', () => {
  let fixtures: ReturnType<typeof statements>;
  beforeAll(() => {
    fixtures = statements();
  });

  it('worker verdicts equal inline verdicts, in request order', async () => {
    const mixed = fixtures.good.flatMap((g, i) => [g, fixtures.bad[i]].filter((s): s is ProofStatement => s !== undefined));
    const inline = mixed.map((s) => checkRelation(s.description, s.inputs, s.proof, { domain: 'covenant:relation:v1', contract: s.contract, transaction: s.transaction }));
    expect(inline.filter(Boolean).length).toBe(fixtures.good.length);
    const pool = createWorkerProofPool({ threads: 2 });
    try {
      expect(await pool.verify(mixed)).toEqual(inline);
      expect(await createInlineProofPool().verify(mixed)).toEqual(inline);
      // Concurrent requests of one tick are answered each with its own verdicts.
      const [x, y] = await Promise.all([pool.verify(fixtures.good), pool.verify(fixtures.bad)]);
      expect(x.every((v) => v)).toBe(true);
      expect(y.some((v) => v)).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('verifyStatements asks the pool only for statements not cached, once each, and caches the verdicts', async () => {
    const cache = new ProofVerdictCache();
    const asked: ProofStatement[][] = [];
    const inner = createInlineProofPool();
    const pool: ProofPool = { threads: 0, verify: (s) => (asked.push([...s]), inner.verify(s)), close: () => inner.close() };
    const [g0, g1] = fixtures.good as [ProofStatement, ProofStatement];
    const [b0] = fixtures.bad as [ProofStatement];
    expect(await verifyStatements(pool, [g0, b0, g0], cache)).toEqual([true, false, true]);
    expect(asked.map((a) => a.length)).toEqual([2]);
    expect(await verifyStatements(pool, [g0, b0, g1], cache)).toEqual([true, false, true]);
    expect(asked.map((a) => a.length)).toEqual([2, 1]);
    expect(await verifyStatements(pool, [g1, b0], cache)).toEqual([true, false]);
    expect(asked.length).toBe(2);
  });

  it('survives a worker crash: the in-flight statements fail with a clear error, the worker is replaced', async () => {
    const pool = createWorkerProofPool({ threads: 1, workerUrl: new URL('./crashing-proof-worker.ts', import.meta.url) });
    try {
      const g = fixtures.good[0] as ProofStatement;
      const poison = proofStatement(g.description, CRASH_CONTRACT, g.transaction, g.inputs, g.proof);
      await expect(pool.verify([poison])).rejects.toThrow(/proof worker exited with code 7/);
      // While the only worker is being replaced the pool says so; then it answers again.
      let verdicts: boolean[] | undefined;
      for (let i = 0; i < 100 && verdicts === undefined; i++) {
        try {
          verdicts = await pool.verify([g]);
        } catch (e) {
          expect(String(e)).toMatch(/no proof verifier thread is running|exited/);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      expect(verdicts).toEqual([true]);
      // A failed batch caches nothing: block pre-verification reports the failure and goes on.
      const cache = new ProofVerdictCache();
      const tx = callTx({ keys: ALICE, nonce: 0n, contract: CRASH_CONTRACT, entry: 'within', args: [], proofs: [{ ...prove(WITHIN, [LIMIT], [sealed(1n).operand], CRASH_CONTRACT, ALICE, 0n) }] });
      const report = await preverifyBlockProofs([tx], (a) => (a === CRASH_CONTRACT ? VAULT : undefined), pool, cache);
      expect(report).toEqual({ statements: 1, cached: 0, failed: true });
      expect(cache.size).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('close stops the workers; later requests reject', async () => {
    const pool = createWorkerProofPool({ threads: 2 });
    expect(await pool.verify(fixtures.good.slice(0, 2))).toEqual([true, true]);
    const pending = expect(pool.verify(fixtures.good.slice(2, 4))).rejects.toThrow();
    await pool.close();
    await pending;
    await expect(pool.verify(fixtures.good.slice(0, 1))).rejects.toThrow(/closed/);
    await pool.close();
  });
});

describe('admission check (checkTxProofs)', () => {
  const pool = createInlineProofPool();
  const x = sealed(4_250n);
  const good = prove(WITHIN, [LIMIT], [x.operand], A, ALICE, 0n);
  const within = (proofs?: unknown[]): SignedTx => callTx({ keys: ALICE, nonce: 0n, contract: A, entry: 'within', args: [x.arg], ...(proofs === undefined ? {} : { proofs }) });

  it('accepts valid proofs and caches their verdicts', async () => {
    const cache = new ProofVerdictCache();
    expect(await checkTxProofs(within([good]), resolveVault, pool, cache)).toEqual({ verified: 1, deferred: 0 });
    expect(cache.size).toBe(1);
    expect(await checkTxProofs(within(), resolveVault, pool, cache)).toEqual({ verified: 0, deferred: 0 });
  });

  it('refuses a proof that does not verify, and one for a relation the contract lacks, with NODE_ERR_PROOF_INVALID', async () => {
    const other = prove(SUM, [], [sealed(1n).operand, sealed(2n).operand, sealed(3n).operand], A, ALICE, 0n);
    await expect(checkTxProofs(within([other, tamper(good)]), resolveVault, pool)).rejects.toMatchObject({ code: 'NODE_ERR_PROOF_INVALID', field: 'proofs[1]' });
    await expect(checkTxProofs(within([{ ...good, inputs: { public: [{ amount: '99.00', currency: 'USD' }], sealed: good.inputs.sealed } }]), resolveVault, pool)).rejects.toMatchObject({ code: 'NODE_ERR_PROOF_INVALID', field: 'proofs[0]' });
    await expect(checkTxProofs(within([{ ...good, relation: 7 }]), resolveVault, pool)).rejects.toMatchObject({ code: 'NODE_ERR_PROOF_INVALID', field: 'proofs[0].relation' });
  });

  it('refuses a malformed slot with NODE_ERR_INVALID_TX', async () => {
    for (const bad of [[{ contract: A, relation: 0, proof: good.proof }], [{ ...good, extra: 1 }], [good, good], ['00']]) {
      await expect(checkTxProofs(within(bad), resolveVault, pool)).rejects.toMatchObject({ code: 'NODE_ERR_INVALID_TX', field: 'proofs' });
    }
  });

  it('defers proofs for contracts not deployed yet', async () => {
    expect(await checkTxProofs(within([tamper(good)]), () => undefined, pool)).toEqual({ verified: 0, deferred: 1 });
  });
});

describe('a node with a proof pool', () => {
  let t: ReturnType<typeof tempDir>;
  let node: CovenantNode | undefined;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(async () => {
    await node?.close();
    node = undefined;
    t.cleanup();
  });

  it('refuses bad and malformed proofs at admission, executes a valid one from the cache, and stops its workers on close', async () => {
    const config = initDataDir(t.dir, { chainId: CHAIN, genesisTime: GENESIS_TIME }, { verifierThreads: 1 });
    const started: Worker[] = [];
    const onWorker = (w: Worker): void => void started.push(w);
    process.on('worker', onWorker);
    node = await CovenantNode.open(config, { log: () => {} });
    const deploy = deployVaultTx(BOB, 0n);
    // A proof for a contract not deployed yet is left to execution: admitted (and fails there).
    const early = callTx({ keys: ALICE, nonce: 0n, contract: A, entry: 'within', args: [sealed(1n).arg], proofs: [tamper(prove(WITHIN, [LIMIT], [sealed(1n).operand], A, ALICE, 0n))] });
    expect((await node.submitTx(deploy)).status).toBe('accepted');
    expect((await node.submitTx(early)).status).toBe('accepted');
    expect((await node.waitForTx(txId(deploy), 30_000)).receipt.status).toBe('ok');
    const earlyDone = await node.waitForTx(txId(early), 30_000);
    expect(earlyDone.receipt.error?.code).toBe('RT_ERR_PROOF_INVALID');

    const x = sealed(4_250n);
    const good = prove(WITHIN, [LIMIT], [x.operand], A, ALICE, 1n);
    const tx = (proofs: unknown[]) => callTx({ keys: ALICE, nonce: 1n, contract: A, entry: 'within', args: [x.arg], proofs });
    await expect(node.submitTx(tx([tamper(good)]))).rejects.toMatchObject({ code: 'NODE_ERR_PROOF_INVALID', field: 'proofs[0]' });
    await expect(node.submitTx(tx([{ contract: A, relation: WITHIN.index, proof: good.proof }]))).rejects.toMatchObject({ code: 'NODE_ERR_INVALID_TX', field: 'proofs' });

    proofVerdicts.clear();
    const ok = tx([good]);
    const submitted = await node.submitTx(ok);
    expect(submitted.status).toBe('accepted');
    // Verified at admission (a miss, then stored), so execution finds it.
    expect(proofVerdicts.size).toBe(1);
    const missesBefore = proofVerdicts.misses;
    const done = await node.waitForTx(submitted.txId, 30_000);
    expect(done.receipt.status).toBe('ok');
    expect(proofVerdicts.hits).toBe(1);
    expect(proofVerdicts.misses).toBe(missesBefore);
    expect(node.getState(A, 's/checked')).toBe('"1"');

    // One signature thread (verifierThreads: 1) and one proof thread per core; all stop with the node.
    process.off('worker', onWorker);
    expect(started.length).toBe(1 + defaultProofThreads());
    await node.close();
    node = undefined;
    expect(started.map((w) => w.threadId)).toEqual(started.map(() => -1));
  });
});

describe('pre-verifying a block before executing it', () => {
  const runtime = createRuntime({ maxGasLimit: 5_000_000 });
  let t: ReturnType<typeof tempDir>;
  let store: ChainStore;
  beforeEach(async () => {
    t = tempDir();
    store = await openChainStore(t.dir);
  });
  afterEach(async () => {
    await store.close();
    t.cleanup();
  });
  afterAll(() => runtime.dispose());

  async function commit(txs: readonly SignedTx[]) {
    const head = store.head;
    const height = head === undefined ? 0n : head.height + 1n;
    const r = await applyBlock({ runtime, source: store, chainId: CHAIN, height, time: GENESIS_TIME + height, prevHash: head?.hash ?? GENESIS_PREV_HASH, txs });
    await store.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
    return r;
  }

  it('verifies all proofs of a block in one batch on the pool; execution then only hits the cache', async () => {
    await commit([]);
    await commit([deployVaultTx(BOB, 0n)]);
    const txs = Array.from({ length: 6 }, (_, i) => {
      const x = sealed(100n * BigInt(i + 1));
      return callTx({ keys: ALICE, nonce: BigInt(i), contract: A, entry: 'within', args: [x.arg], proofs: [prove(WITHIN, [LIMIT], [x.operand], A, ALICE, BigInt(i))] });
    });
    const asked: number[] = [];
    const inner = createWorkerProofPool({ threads: 2 });
    const pool: ProofPool = { threads: 2, verify: (s) => (asked.push(s.length), inner.verify(s)), close: () => inner.close() };
    try {
      proofVerdicts.clear();
      expect(await preverifyBlockProofs(txs, (a) => store.loadCodeSync(a), pool)).toEqual({ statements: 6, cached: 0, failed: false });
      expect(asked).toEqual([6]);
      const r = await commit(txs);
      expect(r.receipts.every((x) => x.status === 'ok')).toBe(true);
      expect(proofVerdicts.hits).toBe(6);
      expect(proofVerdicts.misses).toBe(0);
      // A second pass finds everything cached and asks nothing.
      expect(await preverifyBlockProofs(txs, (a) => store.loadCodeSync(a), pool)).toEqual({ statements: 6, cached: 6, failed: false });
      expect(asked).toEqual([6]);
    } finally {
      await pool.close();
    }
  });
});
