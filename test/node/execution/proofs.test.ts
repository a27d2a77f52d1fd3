/**
 * node/execution/proofs.ts wired into applyBlock: `prove(...)` checks `tx.proofs`
 * (`{contract, relation, inputs, proof}` entries) bound to `covenant:relation:v1`, the contract and
 * the transaction context chainId ‖ sender ‖ nonce. A valid proof succeeds; a missing proof, a proof
 * for another relation, contract, nonce or sender, a tampered proof, declared inputs other than the
 * contract's or a malformed slot fails with RT_ERR_PROOF_INVALID; two fresh stores agree (DET-04);
 * the verdict cache is consulted and never changes an outcome.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../runtime/index.ts';
import { type ApplyBlockResult, applyBlock } from '../../../node/execution/index.ts';
import {
  ProofVerdictCache, type RelationCheck, type TxProof, checkRelation, parseTxProofs, proofVerdicts, txProofStatements, txProofVerifier,
} from '../../../node/execution/proofs.ts';
import { createInlineProofPool, preverifyBlockProofs } from '../../../node/mempool/proof-verifier.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { type KeyPair, type SignedTx, GENESIS_PREV_HASH, blockHash, deployAddress, encodeReceipt } from '../../../node/types/index.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, BOB, CHAIN } from '../types/fixtures.ts';
import { LIMIT, SUM, WITHIN, callTx, commitmentOf, deployVaultTx, prove, sealed, tamper } from './proof-fixtures.ts';

const runtime = createRuntime({ maxGasLimit: 5_000_000 });
afterAll(() => runtime.dispose());

const TIME = 1_798_761_600_000n;

let t: ReturnType<typeof tempDir>;
let store: ChainStore;

async function commit(txs: readonly SignedTx[], on: ChainStore = store): Promise<ApplyBlockResult> {
  const head = on.head;
  const height = head === undefined ? 0n : head.height + 1n;
  const r = await applyBlock({ runtime, source: on, chainId: CHAIN, height, time: TIME + height, prevHash: head === undefined ? GENESIS_PREV_HASH : head.hash, txs });
  await on.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
  return r;
}

/** Deploys two Vaults (BOB deploys, so ALICE's nonces start at 0). */
async function setup(on: ChainStore): Promise<{ a: string; b: string }> {
  const d1 = deployVaultTx(BOB, 0n);
  const d2 = deployVaultTx(BOB, 1n);
  const r = await commit([d1, d2], on);
  expect(r.receipts.map((x) => x.status)).toEqual(['ok', 'ok']);
  return { a: deployAddress(d1 as SignedTx & { kind: 'deploy' }), b: deployAddress(d2 as SignedTx & { kind: 'deploy' }) };
}

beforeEach(async () => {
  t = tempDir();
  store = await openChainStore(t.dir);
});
afterEach(async () => {
  await store.close();
  t.cleanup();
});

const failure = (r: ApplyBlockResult, i = 0): string | undefined => {
  const rc = r.receipts[i];
  return rc?.status === 'ok' ? 'ok' : (rc as { error?: { code?: string } } | undefined)?.error?.code;
};

describe('proofs in transactions', () => {
  it('a valid comparison proof and a valid equality proof succeed', async () => {
    const { a } = await setup(store);
    const x = sealed(4_250n);
    const [p, q, s] = [sealed(1_000n), sealed(2_550n), sealed(3_550n)];
    const r = await commit([
      callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 0n)] }),
      callTx({ keys: ALICE, nonce: 1n, contract: a, entry: 'sum', args: [p.arg, q.arg, s.arg], proofs: [prove(SUM, [], [p.operand, q.operand, s.operand], a, ALICE, 1n)] }),
    ]);
    expect(r.receipts.map((x) => x.status)).toEqual(['ok', 'ok']);
    expect(store.state.get(a, 's/checked')).toBe('"2"');
  });

  it('missing, misdirected, replayed or tampered proofs fail with RT_ERR_PROOF_INVALID', async () => {
    const { a, b } = await setup(store);
    const x = sealed(4_250n);
    const [p, q, s] = [sealed(1_000n), sealed(2_550n), sealed(3_550n)];
    const good = prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 0n);
    const tampered = tamper(good);
    const within = (nonce: bigint, proofs?: TxProof[], keys: KeyPair = ALICE): SignedTx => callTx({ keys, nonce, contract: a, entry: 'within', args: [x.arg], ...(proofs === undefined ? {} : { proofs }) });
    const cases: [string, SignedTx][] = [
      ['no proofs', within(0n)],
      ['another relation index', within(1n, [{ ...prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 1n), relation: SUM.index }])],
      ['another contract', within(2n, [prove(WITHIN, [LIMIT], [x.operand], b, ALICE, 2n)])],
      ['filed under another contract', within(3n, [{ ...prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 3n), contract: b }])],
      ['another nonce', within(4n, [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 3n)])],
      // BOB (nonces 0 and 1 went to the deploys) sends ALICE's proof for the same nonce 2.
      ['another sender', within(2n, [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 2n)], BOB)],
      ['another chain', within(5n, [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 5n, 'other-chain')])],
      ['tampered', within(6n, [{ ...tampered }])],
      ['duplicate entry', within(7n, [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 7n), prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 7n)])],
      ['the sum proof for within', within(8n, [{ ...prove(SUM, [], [p.operand, q.operand, s.operand], a, ALICE, 8n), relation: WITHIN.index }])],
    ];
    const r = await commit(cases.map(([, tx]) => tx));
    expect(Object.fromEntries(cases.map(([name], i) => [name, failure(r, i)]))).toEqual(Object.fromEntries(cases.map(([name]) => [name, 'RT_ERR_PROOF_INVALID'])));
    expect(store.state.get(a, 's/checked')).toBe('"0"');
    // The same statement with a proof bound to its own transaction succeeds.
    const ok = await commit([within(9n, [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 9n)])]);
    expect(failure(ok)).toBe('ok');
  });

  it('a false statement cannot be proven, and a proof for other sealed values fails', async () => {
    const { a } = await setup(store);
    const big = sealed(10_001n);
    expect(() => prove(WITHIN, [LIMIT], [big.operand], a, ALICE, 0n)).toThrow();
    const x = sealed(50n);
    const other = sealed(60n);
    const r = await commit([callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [prove(WITHIN, [LIMIT], [other.operand], a, ALICE, 0n)] })]);
    expect(failure(r)).toBe('RT_ERR_PROOF_INVALID');
  });

  it('parses the wire format strictly', () => {
    const addr = 'ab'.repeat(20);
    const c = 'cd'.repeat(32);
    const inputs = { sealed: [c], public: [{ currency: 'USD', amount: '1.00' }] };
    const ok = { contract: addr, relation: 0, inputs, proof: '0102' };
    expect(parseTxProofs(undefined)?.size).toBe(0);
    const parsed = parseTxProofs([ok])?.get(`${addr}/0`);
    expect(parsed?.proof).toEqual(Uint8Array.from([1, 2]));
    // Declared inputs are kept as canonical JSON (sorted keys), whatever order they came in.
    expect(parsed?.inputs).toBe(`{"public":[{"amount":"1.00","currency":"USD"}],"sealed":["${c}"]}`);
    expect(parseTxProofs([{ ...ok, inputs: { public: [], sealed: [] } }])?.size).toBe(1);
    for (const bad of [
      [{ ...ok, extra: 1 }],
      [{ contract: addr, relation: 0, proof: '0102' }],
      [{ ...ok, contract: addr.toUpperCase() }],
      [{ ...ok, relation: -1 }],
      [{ ...ok, relation: '0' }],
      [{ ...ok, proof: '012' }],
      [{ ...ok, proof: '' }],
      [{ ...ok, proof: '00'.repeat(65_537) }],
      [{ ...ok, inputs: null }],
      [{ ...ok, inputs: [] }],
      [{ ...ok, inputs: { public: [] } }],
      [{ ...ok, inputs: { public: [], sealed: [], more: [] } }],
      [{ ...ok, inputs: { public: {}, sealed: [] } }],
      [{ ...ok, inputs: { public: [], sealed: [c.toUpperCase()] } }],
      [{ ...ok, inputs: { public: [], sealed: [c.slice(2)] } }],
      [{ ...ok, inputs: { public: [], sealed: [1] } }],
      [{ ...ok, inputs: { public: new Array(257).fill('1'), sealed: [] } }],
      [{ ...ok, inputs: { public: [], sealed: new Array(257).fill(c) } }],
      ['0102'],
      [ok, { ...ok, proof: '02' }],
    ]) {
      expect(parseTxProofs(bad)).toBeUndefined();
    }
  });

  it('declared inputs other than the ones the contract passes fail with RT_ERR_PROOF_INVALID, even with a proof valid for them', async () => {
    const { a } = await setup(store);
    const x = sealed(15_000n);
    const y = sealed(4_250n);
    const higher = { amount: '200.00', currency: 'USD' };
    // A true statement about another limit (150 <= 200), proven and declared as such: the proof
    // verifies for what it declares, but the contract compares with its own limit (100).
    const otherLimit = prove(WITHIN, [higher], [x.operand], a, ALICE, 0n);
    // A proof for y declared as the statement about y, sent with argument x.
    const otherCommitment = prove(WITHIN, [LIMIT], [y.operand], a, ALICE, 1n);
    // The right proof whose declared inputs were altered afterwards.
    const right = prove(WITHIN, [LIMIT], [y.operand], a, ALICE, 2n);
    const relabelled: TxProof = { ...right, inputs: { public: [higher], sealed: right.inputs.sealed } };
    const r = await commit([
      callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [otherLimit] }),
      callTx({ keys: ALICE, nonce: 1n, contract: a, entry: 'within', args: [x.arg], proofs: [otherCommitment] }),
      callTx({ keys: ALICE, nonce: 2n, contract: a, entry: 'within', args: [y.arg], proofs: [relabelled] }),
      callTx({ keys: ALICE, nonce: 3n, contract: a, entry: 'within', args: [y.arg], proofs: [prove(WITHIN, [LIMIT], [y.operand], a, ALICE, 3n)] }),
    ]);
    expect([0, 1, 2, 3].map((i) => failure(r, i))).toEqual(['RT_ERR_PROOF_INVALID', 'RT_ERR_PROOF_INVALID', 'RT_ERR_PROOF_INVALID', 'ok']);
    // The first two statements are true and their proofs verify for what they declare.
    const statements = txProofStatements(callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [otherLimit] }), (addr) => store.loadCodeSync(addr));
    expect(statements.statements.map((s) => checkRelation(s.description, s.inputs, s.proof, { domain: 'covenant:relation:v1', contract: s.contract, transaction: s.transaction }))).toEqual([true]);
  });

  it('a cached verdict is not verified again; the key covers relation, contract, context, inputs and proof', async () => {
    const { a, b } = await setup(store);
    const x = sealed(4_250n);
    const entry = prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 0n);
    const tx = callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [entry] });
    const resolve = (addr: string) => store.loadCodeSync(addr);
    let calls = 0;
    const counting: RelationCheck = (...args) => {
      calls++;
      return checkRelation(...args);
    };
    const cache = new ProofVerdictCache(4);
    const inputs = JSON.stringify({ sealed: [commitmentOf(x.operand)], public: [LIMIT] });
    const ask = (t: SignedTx = tx, address = a) => txProofVerifier(t, resolve, t.chainId, { cache, check: counting })({ address, relation: WITHIN.index, inputs });
    expect(ask()).toBe(true);
    expect(calls).toBe(1);
    expect([ask(), ask(), ask()]).toEqual([true, true, true]);
    expect(calls).toBe(1);
    expect(cache.hits).toBe(3);
    // Other declared inputs, proof, transaction or contract: other keys, verified afresh (and false).
    const tampered = callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [tamper(entry)] });
    expect(ask(tampered)).toBe(false);
    expect(calls).toBe(2);
    const later = callTx({ keys: ALICE, nonce: 1n, contract: a, entry: 'within', args: [x.arg], proofs: [entry] });
    expect(ask(later)).toBe(false);
    expect(calls).toBe(3);
    const elsewhere = callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [{ ...entry, contract: b }] });
    expect(ask(elsewhere, b)).toBe(false);
    expect(calls).toBe(4);
    // Inputs other than declared: refused before the cache or the check.
    expect(txProofVerifier(tx, resolve, CHAIN, { cache, check: counting })({ address: a, relation: WITHIN.index, inputs: JSON.stringify({ public: [LIMIT], sealed: ['00'.repeat(32)] }) })).toBe(false);
    expect(txProofVerifier(tx, resolve, CHAIN, { cache, check: counting })({ address: a, relation: WITHIN.index, inputs: 'not json' })).toBe(false);
    expect(calls).toBe(4);
    // The LRU bound holds.
    expect(cache.size).toBeLessThanOrEqual(4);
    // Without a cache every call verifies.
    txProofVerifier(tx, resolve, CHAIN, { cache: null, check: counting })({ address: a, relation: WITHIN.index, inputs });
    txProofVerifier(tx, resolve, CHAIN, { cache: null, check: counting })({ address: a, relation: WITHIN.index, inputs });
    expect(calls).toBe(6);
  });

  it('the LRU cache forgets the least recently used verdict', () => {
    const cache = new ProofVerdictCache(2);
    cache.set('a', true);
    cache.set('b', false);
    expect(cache.get('a')).toBe(true);
    cache.set('c', true);
    expect([cache.peek('a'), cache.peek('b'), cache.peek('c')]).toEqual([true, undefined, true]);
    expect(cache.size).toBe(2);
  });

  it('pre-verified blocks execute from the cache with receipts and state root identical to the uncached path', async () => {
    const t2 = tempDir();
    const store2 = await openChainStore(t2.dir);
    try {
      const [e1, e2] = [await setup(store), await setup(store2)];
      expect(e2).toEqual(e1);
      const a = e1.a;
      const x = sealed(4_250n);
      const [p, q, s] = [sealed(1_000n), sealed(2_550n), sealed(3_550n)];
      const txs = [
        callTx({ keys: ALICE, nonce: 0n, contract: a, entry: 'within', args: [x.arg], proofs: [prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 0n)] }),
        callTx({ keys: ALICE, nonce: 1n, contract: a, entry: 'sum', args: [p.arg, q.arg, s.arg], proofs: [prove(SUM, [], [p.operand, q.operand, s.operand], a, ALICE, 1n)] }),
        callTx({ keys: ALICE, nonce: 2n, contract: a, entry: 'within', args: [x.arg], proofs: [tamper(prove(WITHIN, [LIMIT], [x.operand], a, ALICE, 2n))] }),
        callTx({ keys: ALICE, nonce: 3n, contract: a, entry: 'within', args: [x.arg] }),
      ];
      // Uncached: every proof verified inline during execution.
      proofVerdicts.clear();
      const r1 = await commit(txs, store);
      expect(proofVerdicts.hits).toBe(0);
      expect(proofVerdicts.misses).toBe(3);
      // Pre-verified in one batch, then executed: every verdict comes from the cache.
      proofVerdicts.clear();
      const pre = await preverifyBlockProofs(txs, (addr) => store2.loadCodeSync(addr), createInlineProofPool());
      expect(pre).toEqual({ statements: 3, cached: 0, failed: false });
      expect(proofVerdicts.size).toBe(3);
      const r2 = await commit(txs, store2);
      expect(proofVerdicts.hits).toBe(3);
      expect(proofVerdicts.misses).toBe(0);
      expect(r1.receipts.map((x) => x.status)).toEqual(['ok', 'ok', 'failed', 'failed']);
      expect(r2.block.header).toEqual(r1.block.header);
      expect(r2.receipts.map(encodeReceipt)).toEqual(r1.receipts.map(encodeReceipt));
    } finally {
      await store2.close();
      t2.cleanup();
    }
  });

  it('DET-04: two fresh stores produce identical blocks and receipts', async () => {
    const t2 = tempDir();
    const store2 = await openChainStore(t2.dir);
    try {
      const [e1, e2] = [await setup(store), await setup(store2)];
      expect(e2).toEqual(e1);
      const x = sealed(4_250n);
      const txs = [
        callTx({ keys: ALICE, nonce: 0n, contract: e1.a, entry: 'within', args: [x.arg], proofs: [prove(WITHIN, [LIMIT], [x.operand], e1.a, ALICE, 0n)] }),
        callTx({ keys: ALICE, nonce: 1n, contract: e1.a, entry: 'within', args: [x.arg] }),
      ];
      const [r1, r2] = [await commit(txs, store), await commit(txs, store2)];
      expect(r1.receipts.map((x) => x.status)).toEqual(['ok', 'failed']);
      expect(r2.block.header).toEqual(r1.block.header);
      expect(r2.receipts.map(encodeReceipt)).toEqual(r1.receipts.map(encodeReceipt));
    } finally {
      await store2.close();
      t2.cleanup();
    }
  });
});
