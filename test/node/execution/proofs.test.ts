/**
 * node/execution/proofs.ts wired into applyBlock: `prove(...)` checks `tx.proofs`
 * (`{contract, relation, proof}` entries) bound to `covenant:relation:v1`, the contract and the
 * transaction context chainId ‖ sender ‖ nonce. A valid proof succeeds; a missing proof, a proof for
 * another relation, contract, nonce or sender, a tampered proof or a malformed slot fails with
 * RT_ERR_PROOF_INVALID; two fresh stores agree (DET-04).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AbiRelation, ContractArtifact } from '../../../compiler/index.ts';
import { createRuntime } from '../../../runtime/index.ts';
import { commitmentHex, createCommitment, proveRelation, type SealedOperand } from '../../../runtime/zk/index.ts';
import { type ApplyBlockResult, applyBlock } from '../../../node/execution/index.ts';
import { PROOF_BINDING_DOMAIN, parseTxProofs, proofTransactionContext, type TxProof } from '../../../node/execution/proofs.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { type KeyPair, type SignedTx, GENESIS_PREV_HASH, blockHash, deployAddress, encodePublicKey, encodeReceipt, signTx } from '../../../node/types/index.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, BOB, CHAIN } from '../types/fixtures.ts';

const runtime = createRuntime({ maxGasLimit: 5_000_000 });
afterAll(() => runtime.dispose());

const { Vault: VAULT } = compileContracts(`
@contract
export class Vault {
  limit: Money<'USD'> = money(100, 'USD');
  checked: Int = 0;
  constructor() {}
  @entry within(x: Sealed<Money<'USD'>>): void { prove(x <= this.limit); this.checked += 1; }
  @entry sum(a: Sealed<Money<'USD'>>, b: Sealed<Money<'USD'>>, c: Sealed<Money<'USD'>>): void { prove(a + b == c); this.checked += 1; }
}
`) as Record<string, ContractArtifact>;
const ARTIFACT = VAULT as ContractArtifact;
const relation = (text: string): AbiRelation => {
  const r = ARTIFACT.abi.relations.find((x) => x.text === text);
  if (r === undefined) throw new Error(`no relation ${text}`);
  return r;
};
const WITHIN = relation('x <= this.limit');
const SUM = relation('a + b == c');
const LIMIT = { amount: '100.00', currency: 'USD' };

const TIME = 1_798_761_600_000n;
const FAR = 1n << 40n;

/** A sealed USD amount in cents: its opening (for the prover) and its argument encoding. */
function sealed(cents: bigint): { operand: SealedOperand; arg: { ct: string; commitment: string } } {
  const c = createCommitment(cents);
  return { operand: { commitment: c.commitment, opening: c.opening }, arg: { ct: `ct-${cents}`, commitment: commitmentHex(c.commitment) } };
}

interface Call {
  readonly keys: KeyPair;
  readonly nonce: bigint;
  readonly contract: string;
  readonly entry: string;
  readonly args: unknown[];
  readonly proofs?: TxProof[];
}

function callTx(c: Call): SignedTx {
  return signTx(
    {
      kind: 'call', chainId: CHAIN, sender: encodePublicKey(c.keys.publicKey), nonce: c.nonce, expiry: FAR, gasLimit: 1_000_000n, contract: c.contract, entry: c.entry,
      args: c.args as never, ...(c.proofs === undefined ? {} : { proofs: c.proofs as never }),
    },
    c.keys.secretKey,
  );
}

function prove(rel: AbiRelation, publics: unknown[], operands: SealedOperand[], contract: string, keys: KeyPair, nonce: bigint, chainId = CHAIN): TxProof {
  const transaction = proofTransactionContext({ chainId, sender: encodePublicKey(keys.publicKey), nonce });
  const proof = proveRelation(rel, publics, operands, { domain: PROOF_BINDING_DOMAIN, contract, transaction });
  return { contract, relation: rel.index, proof: Buffer.from(proof).toString('hex') };
}

let t: ReturnType<typeof tempDir>;
let store: ChainStore;

async function commit(txs: readonly SignedTx[], on: ChainStore = store): Promise<ApplyBlockResult> {
  const head = on.head;
  const height = head === undefined ? 0n : head.height + 1n;
  const r = await applyBlock({ runtime, source: on, chainId: CHAIN, height, time: TIME + height, prevHash: head === undefined ? GENESIS_PREV_HASH : head.hash, txs });
  await on.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
  return r;
}

function deployTx(keys: KeyPair, nonce: bigint): SignedTx {
  return signTx({ kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce, expiry: FAR, gasLimit: 2_000_000n, artifact: ARTIFACT, args: [] }, keys.secretKey);
}

/** Deploys two Vaults (BOB deploys, so ALICE's nonces start at 0). */
async function setup(on: ChainStore): Promise<{ a: string; b: string }> {
  const d1 = deployTx(BOB, 0n);
  const d2 = deployTx(BOB, 1n);
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
    const tampered = { ...good, proof: good.proof.slice(0, 100) + (good.proof[100] === '0' ? '1' : '0') + good.proof.slice(101) };
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
    expect(parseTxProofs(undefined)?.size).toBe(0);
    expect(parseTxProofs([{ contract: addr, relation: 0, proof: '0102' }])?.get(`${addr}/0`)).toEqual(Uint8Array.from([1, 2]));
    for (const bad of [
      [{ contract: addr, relation: 0, proof: '0102', extra: 1 }],
      [{ contract: addr.toUpperCase(), relation: 0, proof: '0102' }],
      [{ contract: addr, relation: -1, proof: '0102' }],
      [{ contract: addr, relation: '0', proof: '0102' }],
      [{ contract: addr, relation: 0, proof: '012' }],
      [{ contract: addr, relation: 0, proof: '' }],
      ['0102'],
      [{ contract: addr, relation: 0, proof: '01' }, { contract: addr, relation: 0, proof: '02' }],
    ]) {
      expect(parseTxProofs(bad)).toBeUndefined();
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
