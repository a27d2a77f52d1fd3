/**
 * Automatic settlement in block execution (node/execution/triggers.ts, docs/language.md Triggers):
 * `@on` triggers fire once per committed event, in emission order, with their own receipts and
 * deterministic ids; events of trigger runs fire in the next block; reverted transactions fire
 * nothing; `@every` dates step from the anchor with month-end clamping, run exactly once each,
 * oldest first, and survive a restart of the store; a failing trigger is a failed receipt that
 * blocks nothing; two stores fed the same blocks agree byte for byte.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../../compiler/index.ts';
import { createRuntime } from '../../../runtime/index.ts';
import { type ApplyBlockResult, MAX_TRIGGER_RUNS_PER_BLOCK, applyBlock, cachedSource } from '../../../node/execution/index.ts';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { GENESIS_PREV_HASH, type Receipt, type SignedTx, blockHash, deployAddress, encodePublicKey, encodeReceipt, signTx, triggerRunId } from '../../../node/types/index.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';
import { tempDir } from '../store/fixtures.ts';
import { ALICE, CHAIN } from '../types/fixtures.ts';

const SOURCE = `
export interface Claimed extends Event { id: string; amount: Int; }
export interface Settled extends Event { id: string; paid: Int; }
export interface Ticked extends Event { date: LocalDate; }

@contract
export class Ledger {
  @entry
  claim(id: string, amount: Int): void { emit<Claimed>({ id, amount }); }
  @entry
  claimThenFail(id: string): void { emit<Claimed>({ id, amount: 1 }); require(false, 'no'); }
  @entry
  burst(n: Int): void { for (let i = 0; i < n; i++) { emit<Claimed>({ id: 'B', amount: 2 }); } }
}

@contract
export class Reinsurer {
  ledger: Address;
  paid: Int = 0;
  seen: string[] = [];
  constructor(ledger: Address) { this.ledger = ledger; }

  @on('ledger')
  onClaim(e: Claimed): void {
    require(e.amount < 1000, 'too large to settle automatically');
    this.paid += div(e.amount, 2, 'half-even');
    this.seen.push(e.id);
    emit<Settled>({ id: e.id, paid: div(e.amount, 2, 'half-even') });
  }
}

@contract
export class Auditor {
  reinsurer: Address;
  settled: Int = 0;
  constructor(reinsurer: Address) { this.reinsurer = reinsurer; }
  @on('reinsurer')
  onSettled(e: Settled): void { this.settled += e.paid; }
}

@contract
export class Coupon {
  first: LocalDate;
  dates: LocalDate[] = [];
  constructor(first: LocalDate) { this.first = first; }
  @every('P1M', 'first')
  pay(d: LocalDate): void { this.dates.push(d); emit<Ticked>({ date: d }); }
}
`;
const A = compileContracts(SOURCE) as Record<string, ContractArtifact>;

const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());
const DAY = 86_400_000n;
const at = (date: string): bigint => BigInt(Date.parse(`${date}T12:00:00Z`));

let t: ReturnType<typeof tempDir>;
let store: ChainStore;
let nonce = 0n;
beforeEach(async () => {
  t = tempDir();
  store = await openChainStore(t.dir);
  nonce = 0n;
});
afterEach(async () => {
  await store.close();
  t.cleanup();
});

async function commit(on: ChainStore, txs: SignedTx[], time: bigint): Promise<ApplyBlockResult> {
  const head = on.head;
  const height = head === undefined ? 0n : head.height + 1n;
  const r = await applyBlock({ runtime, source: cachedSource(on), chainId: CHAIN, height, time, prevHash: head?.hash ?? GENESIS_PREV_HASH, txs });
  await on.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
  return r;
}

const sender = encodePublicKey(ALICE.publicKey);
function deploy(name: string, args: unknown[]): { tx: SignedTx; address: string } {
  const tx = signTx({ kind: 'deploy', chainId: CHAIN, sender, nonce: nonce++, expiry: 1n << 40n, gasLimit: 5_000_000n, artifact: A[name] as ContractArtifact, args: args as never }, ALICE.secretKey);
  return { tx, address: deployAddress(tx as Extract<SignedTx, { kind: 'deploy' }>) };
}
function call(contract: string, entry: string, args: unknown[]): SignedTx {
  return signTx({ kind: 'call', chainId: CHAIN, sender, nonce: nonce++, expiry: 1n << 40n, gasLimit: 1_000_000n, contract, entry, args: args as never }, ALICE.secretKey);
}
const triggerReceipts = (r: ApplyBlockResult): Receipt[] => r.receipts.slice(r.block.txs.length);

describe('@on triggers', () => {
  it('run once per committed event in emission order, with own receipts and ids; reverted transactions fire nothing; trigger events fire next block', async () => {
    await commit(store, [], at('2027-01-01'));
    const ledger = deploy('Ledger', []);
    const re = deploy('Reinsurer', [ledger.address]);
    const au = deploy('Auditor', [re.address]);
    await commit(store, [ledger.tx, re.tx, au.tx], at('2027-01-02'));

    const c1 = call(ledger.address, 'claim', ['C-1', '100']);
    const c2 = call(ledger.address, 'claimThenFail', ['C-X']);
    const c3 = call(ledger.address, 'claim', ['C-2', '5000']);
    const c4 = call(ledger.address, 'claim', ['C-3', '40']);
    const b = await commit(store, [c1, c2, c3, c4], at('2027-01-03'));
    const runs = triggerReceipts(b);
    // C-X reverted: no event, no trigger. C-2 fires a run that fails (too large), C-1 and C-3 settle.
    expect(runs.map((r) => [r.trigger?.handler, r.status, r.trigger?.cause])).toEqual([
      ['onClaim', 'ok', `e:${b.receipts[0]?.txId}:0`],
      ['onClaim', 'failed', `e:${b.receipts[2]?.txId}:0`],
      ['onClaim', 'ok', `e:${b.receipts[3]?.txId}:0`],
    ]);
    expect(runs[1]?.error).toMatchObject({ code: 'RT_ERR_REQUIRE_FAILED', message: 'too large to settle automatically' });
    for (const r of runs) expect(r.txId).toBe(triggerRunId(b.block.header.height, r.trigger as NonNullable<Receipt['trigger']>));
    expect(store.state.get(re.address, 's/paid')).toBe('"70"');
    expect(store.state.get(re.address, 's/seen')).toBe('["C-1","C-3"]');
    // Stored, indexed by id, and in the contract's event index.
    expect((await store.loadReceipt(runs[0]?.txId as string))?.receipt).toEqual(runs[0]);
    expect((await store.loadEvents(re.address, 0n, 10)).map((e) => e.event.data)).toEqual([{ id: 'C-1', paid: '50' }, { id: 'C-3', paid: '20' }]);
    // The auditor listens to the reinsurer's trigger events: they fire in the next block.
    expect(store.state.get(au.address, 's/settled')).toBe('"0"');
    const next = await commit(store, [], at('2027-01-03') + 1000n);
    expect(triggerReceipts(next).map((r) => r.trigger?.handler)).toEqual(['onSettled', 'onSettled']);
    expect(store.state.get(au.address, 's/settled')).toBe('"70"');
    // Consumed: nothing runs again.
    expect(triggerReceipts(await commit(store, [], at('2027-01-04')))).toEqual([]);
  });
});

describe('trigger budget per block', () => {
  it(`at most ${MAX_TRIGGER_RUNS_PER_BLOCK} runs per block; the rest follow in the next block, in order, none lost`, async () => {
    await commit(store, [], at('2027-01-01'));
    const ledger = deploy('Ledger', []);
    const re = deploy('Reinsurer', [ledger.address]);
    await commit(store, [ledger.tx, re.tx], at('2027-01-02'));
    const n = MAX_TRIGGER_RUNS_PER_BLOCK + 100;
    const b = await commit(store, [signTx({ kind: 'call', chainId: CHAIN, sender, nonce: nonce++, expiry: 1n << 40n, gasLimit: 20_000_000n, contract: ledger.address, entry: 'burst', args: [String(n)] }, ALICE.secretKey)], at('2027-01-03'));
    expect(b.receipts[0]?.status).toBe('ok');
    const first = triggerReceipts(b);
    expect(first).toHaveLength(MAX_TRIGGER_RUNS_PER_BLOCK);
    const next = await commit(store, [], at('2027-01-03') + 1000n);
    const second = triggerReceipts(next).filter((r) => r.trigger?.handler === 'onClaim');
    expect(second).toHaveLength(100);
    // Causes continue exactly where the first block stopped.
    expect(second[0]?.trigger?.cause).toBe(`e:${b.receipts[0]?.txId}:${MAX_TRIGGER_RUNS_PER_BLOCK}`);
    expect(store.state.get(re.address, 's/paid')).toBe(JSON.stringify(String(n)));
  }, 60_000);
});

describe('@every triggers', () => {
  it('step from the anchor with month-end clamping, each date once, oldest first, across blocks and a restart', async () => {
    await commit(store, [], at('2027-01-01'));
    const coupon = deploy('Coupon', ['2027-01-31']);
    const d = await commit(store, [coupon.tx], at('2027-01-10'));
    expect(triggerReceipts(d)).toEqual([]);
    const b1 = await commit(store, [], at('2027-01-31'));
    expect(triggerReceipts(b1).map((r) => r.trigger?.cause)).toEqual(['d:2027-01-31']);
    // The network was quiet until May: February, March and April run now, oldest first; May 31 is not yet due.
    const b2 = await commit(store, [], at('2027-05-15'));
    expect(triggerReceipts(b2).map((r) => r.trigger?.cause)).toEqual(['d:2027-02-28', 'd:2027-03-31', 'd:2027-04-30']);
    expect(b2.receipts.slice(0).every((r) => r.status === 'ok')).toBe(true);

    // Restart: the cursor is in state, nothing runs twice.
    await store.close();
    store = await openChainStore(t.dir);
    expect(triggerReceipts(await commit(store, [], at('2027-05-20')))).toEqual([]);
    const b3 = await commit(store, [], at('2027-06-01'));
    expect(triggerReceipts(b3).map((r) => r.trigger?.cause)).toEqual(['d:2027-05-31']);
    expect(store.state.get(coupon.address, 's/dates')).toBe('["2027-01-31","2027-02-28","2027-03-31","2027-04-30","2027-05-31"]');
  });

  it('two stores fed the same blocks agree on receipts and state roots (DET-04)', async () => {
    const other = tempDir();
    const store2 = await openChainStore(other.dir);
    try {
      const coupon = deploy('Coupon', ['2027-02-28']);
      const ledger = deploy('Ledger', []);
      const re = deploy('Reinsurer', [ledger.address]);
      const blocks: [SignedTx[], bigint][] = [
        [[], at('2027-01-01')],
        [[coupon.tx, ledger.tx, re.tx], at('2027-02-01')],
        [[call(ledger.address, 'claim', ['A', '10'])], at('2027-04-30')],
        [[], at('2028-03-01')],
      ];
      for (const [txs, time] of blocks) {
        const a = await commit(store, txs, time);
        const b = await commit(store2, txs, time);
        expect(a.block.header).toEqual(b.block.header);
        expect(a.receipts.map(encodeReceipt)).toEqual(b.receipts.map(encodeReceipt));
      }
      expect(store.head).toEqual(store2.head);
      expect(triggerReceipts(await commit(store, [], at('2028-03-01') + DAY))).toEqual([]);
    } finally {
      await store2.close();
      other.cleanup();
    }
  });
});
