/**
 * Automatic ABS settlement through real block execution (applyBlock with triggers, on a temp-dir
 * chain store): contracts/abs/loan-pool and contracts/abs/waterfall.
 *
 * After the deal is set up, the only transactions are the servicer's reports to the pool. Every
 * month-end the pool closes its collection period by itself (`@at('periodEnds')`) and, inside that
 * trigger run, reports the cash to the waterfall; every payment date the waterfall distributes by
 * itself (`@at('paymentDates')`). Expected figures come from the independent models of
 * reference.ts, fed with the same servicer reports; nothing is read from the program first.
 * Does NOT test the node's time travel (test/node does): blocks are simply given their dates.
 * @module
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../runtime/index.ts';
import { type ApplyBlockResult, applyBlock, cachedSource } from '../../node/execution/index.ts';
import { type ChainStore, openChainStore } from '../../node/store/index.ts';
import { GENESIS_PREV_HASH, type KeyPair, type SignedTx, addressOf, blockHash, deployAddress, encodePublicKey, keyPairFromSecretKey, signTx } from '../../node/types/index.ts';
import type { ContractArtifact } from '../../compiler/index.ts';
import { tempDir } from '../node/store/fixtures.ts';
import { CUT_OFF, PAYMENT_DATES, PERIOD_ENDS, SPECS, TERMS } from './deal.ts';
import { artifactOf } from './harness.ts';
import { type DealTerms, eur, loanSchedule, PoolModel, reportAbi, WaterfallModel } from './reference.ts';

const POOL = artifactOf('contracts/abs/loan-pool.contract.ts');
const WATERFALL = artifactOf('contracts/abs/waterfall.contract.ts');

const CHAIN = 'abs-test';
const keys = (n: number): KeyPair => keyPairFromSecretKey(new Uint8Array(32).fill(n));
const ORIGINATOR = keys(21);
const SERVICER = keys(22);
const EQUITY = keys(23);
const addr = (k: KeyPair): string => addressOf(k.publicKey);


const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());
const at = (date: string): bigint => BigInt(Date.parse(`${date}T09:00:00Z`));

let t: ReturnType<typeof tempDir>;
let store: ChainStore;
const nonces = new Map<KeyPair, bigint>();
beforeEach(async () => {
  t = tempDir();
  store = await openChainStore(t.dir);
  nonces.clear();
});
afterEach(async () => {
  await store.close();
  t.cleanup();
});

function tx(k: KeyPair, body: { contract: string; entry: string; args: unknown[] } | { artifact: ContractArtifact; args: unknown[] }): SignedTx {
  const nonce = nonces.get(k) ?? 0n;
  nonces.set(k, nonce + 1n);
  const common = { chainId: CHAIN, sender: encodePublicKey(k.publicKey), nonce, expiry: 1n << 40n, gasLimit: 10_000_000n };
  return signTx('artifact' in body ? { kind: 'deploy', ...common, artifact: body.artifact, args: body.args as never } : { kind: 'call', ...common, ...body, args: body.args as never }, k.secretKey);
}
async function commit(txs: SignedTx[], time: bigint): Promise<ApplyBlockResult> {
  const head = store.head;
  const height = head === undefined ? 0n : head.height + 1n;
  const r = await applyBlock({ runtime, source: cachedSource(store), chainId: CHAIN, height, time, prevHash: head?.hash ?? GENESIS_PREV_HASH, txs });
  await store.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
  for (const [i, receipt] of r.receipts.slice(0, r.block.txs.length).entries()) expect(receipt.status, `tx ${i}: ${receipt.error?.message}`).toBe('ok');
  return r;
}

describe('automatic ABS settlement', () => {
  it('closes each collection period and distributes each payment date by itself, as the models say', async () => {
    await commit([], at('2026-12-15'));
    const poolDeploy = tx(ORIGINATOR, { artifact: POOL, args: [addr(ORIGINATOR), addr(SERVICER), CUT_OFF, PERIOD_ENDS] });
    const pool = deployAddress(poolDeploy as Extract<SignedTx, { kind: 'deploy' }>);
    const model = new PoolModel(CUT_OFF);
    for (const [id, spec] of Object.entries(SPECS)) model.add(id, loanSchedule(spec, CUT_OFF));
    const deal: DealTerms = {
      balances: [250_000_00n, 40_000_00n, 20_000_00n], coupons: ['0.03', '0.05', '0.08'], pool: model.balance,
      reserveTarget: 5_000_00n, trusteeFee: '0.0005', servicingFee: '0.01', oc: '1.05', ic: '1.2', closing: CUT_OFF,
    };
    const boardings = Object.keys(TERMS).map((id) => tx(ORIGINATOR, { contract: pool, entry: 'addLoan', args: [id, TERMS[id]] }));
    const wfDeploy = tx(ORIGINATOR, {
      artifact: WATERFALL,
      args: [pool, addr(EQUITY), deal.balances.map(eur), deal.coupons, eur(deal.pool), eur(deal.reserveTarget), deal.trusteeFee, deal.servicingFee, deal.oc, deal.ic, deal.closing, PAYMENT_DATES],
    });
    const waterfall = deployAddress(wfDeploy as Extract<SignedTx, { kind: 'deploy' }>);
    await commit([
      poolDeploy,
      ...boardings,
      wfDeploy,
      tx(ORIGINATOR, { contract: pool, entry: 'connectWaterfall', args: [waterfall] }),
    ], at('2026-12-20'));
    const wf = new WaterfallModel(deal);

    const payments = [...PAYMENT_DATES];
    let distributions = 0;
    const checkDistributions = (block: ApplyBlockResult, date: string): void => {
      const runs = block.receipts.filter((r) => r.trigger?.contract === waterfall);
      if (payments[0] !== date) {
        expect(runs).toEqual([]);
        return;
      }
      payments.shift();
      const expected = wf.distribute(date);
      expect(runs.map((r) => [r.trigger?.handler, r.trigger?.cause, r.status])).toEqual([['distribute', `d:${date}`, 'ok']]);
      const events = (runs[0]?.events ?? []).map((e) => [e.name, e.data]);
      expect(events).toEqual([
        ...['A', 'B', 'C'].map((classId, c) => ['ClassPayment', {
          paymentDate: date, classId, interest: eur(expected.interest[c] as bigint), principal: eur(expected.principal[c] as bigint),
          interestShortfall: eur(expected.shortfall[c] as bigint), balance: eur(expected.balance[c] as bigint),
        }]),
        ['WaterfallRun', {
          paymentDate: date, cashIn: eur(expected.cashIn), seniorFees: eur(expected.seniorFees), reserveChange: eur(expected.reserveChange),
          residual: eur(expected.residual), sequential: expected.sequential,
        }],
      ]);
      // Cash in = interest + principal + fees + reserve change + residual, to the cent.
      const out = expected.interest.reduce((a, b) => a + b, 0n) + expected.principal.reduce((a, b) => a + b, 0n) + expected.seniorFees;
      expect(out + expected.reserveChange + expected.residual).toBe(expected.cashIn);
      distributions++;
    };

    for (const [k, end] of PERIOD_ENDS.entries()) {
      // Mid-month: the servicer's reports (L3 misses month 2 and catches up in month 3; L2 defaults
      // in month 4; 30,000 is recovered on it in month 6).
      const reportDate = `2027-${String(k + 1).padStart(2, '0')}-15`;
      const txs: SignedTx[] = [];
      for (const id of Object.keys(SPECS)) {
        if (model.loans.get(id)!.status !== 'performing') continue;
        if ((k === 1 && id === 'L3') || (k === 3 && id === 'L2')) continue;
        const owed = model.owed(id, end);
        model.collect(id, owed.interest, owed.principal, 0n);
        txs.push(tx(SERVICER, { contract: pool, entry: 'reportCollection', args: [id, eur(owed.interest), eur(owed.principal), eur(0n)] }));
      }
      if (k === 3) {
        model.reportDefault('L2');
        txs.push(tx(SERVICER, { contract: pool, entry: 'reportDefault', args: ['L2'] }));
      }
      if (k === 5) {
        model.recover('L2', 30_000_00n);
        txs.push(tx(SERVICER, { contract: pool, entry: 'reportRecovery', args: ['L2', eur(30_000_00n)] }));
      }
      checkDistributions(await commit(txs, at(reportDate)), reportDate);

      // The period end: a block with no transaction at all closes the period.
      const closeBlock = await commit([], at(end));
      const expected = model.close(end);
      const runs = closeBlock.receipts.filter((r) => r.trigger !== undefined);
      expect(runs.map((r) => [r.trigger?.contract, r.trigger?.handler, r.trigger?.cause, r.status])).toEqual([[pool, 'closePeriod', `d:${end}`, 'ok']]);
      const closed = runs[0]?.events.find((e) => e.name === 'CollectionPeriodClosed');
      expect(closed?.data).toEqual({ report: reportAbi(expected) });
      wf.report(expected.interest, expected.principal + expected.prepayments, expected.recoveries, expected.defaults);
    }
    checkDistributions(await commit([], at('2028-01-15')), '2028-01-15');
    expect(distributions).toBe(4);
    expect(payments).toEqual([]);
  });
});
