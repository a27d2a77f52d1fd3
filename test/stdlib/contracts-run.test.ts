/**
 * The example contracts at work: each is compiled, deployed into the in-memory isolated-vm host
 * and driven through a realistic scenario, with amounts checked to the cent against the treaty or
 * deal terms. Trigger runs are fed with the events the source contract really emitted, as the
 * node does. Threat catalogue rows: MNY-02 (panel order does not change anyone's share),
 * MNY-04/05 (waterfall shortfalls and conservation), MNY-06 (ceded + retained = gross).
 * Does NOT exercise the node's trigger scheduling: triggers are invoked directly, as the node would.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContractArtifact, compile } from '../../compiler/index.ts';
import { type CallResult, type ReceiptEvent, TestChain, testAddress } from '../helpers/run-artifact.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function artifactOf(path: string): ContractArtifact {
  const r = compile({
    inputs: [{ path, text: readFileSync(join(ROOT, path), 'utf8') }],
    readFile: (p) => {
      try {
        return readFileSync(join(ROOT, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  expect(r.diagnostics).toEqual([]);
  return r.artifacts[0] as ContractArtifact;
}

const QUOTA = artifactOf('contracts/reinsurance/quota-share.contract.ts');
const XOL = artifactOf('contracts/reinsurance/excess-of-loss.contract.ts');
const WATERFALL = artifactOf('contracts/abs/waterfall.contract.ts');
const ACCOUNTS = artifactOf('contracts/settlement/accounts.contract.ts');

const usd = (amount: string) => ({ amount, currency: 'USD' });
/** TestChain answers every prove(...) through its `verify` option (true by default); real proofs are in test/contracts. */
const SUM_INSURED_COMMITMENT = 'cd'.repeat(32);
const eur = (amount: string) => ({ amount, currency: 'EUR' });
/** Minor units of an encoded amount ("1,234.56" → 123456n). */
const units = (m: unknown): bigint => BigInt((m as { amount: string }).amount.replace('.', ''));

const CEDENT = testAddress(1);
const R_LOW = testAddress(2);   // the lower address: first in every panel allocation
const R_HIGH = testAddress(3);
const SERVICER = testAddress(4);
const EQUITY = testAddress(5);

let chain: TestChain;
afterEach(() => chain?.dispose());

function must(r: CallResult, what: string): CallResult {
  expect(r.error, `${what}: ${JSON.stringify(r.error)} ${r.location ?? ''}`).toBeUndefined();
  return r;
}

function eventsNamed(r: CallResult, name: string): Record<string, unknown>[] {
  return r.events.filter((e: ReceiptEvent) => e.name === name).map((e) => e.data as Record<string, unknown>);
}

function deployQuota(panel: { reinsurer: string; line: string }[], aggregate = '5000000.00'): string {
  const { address, result } = chain.deploy(QUOTA, [
    CEDENT, panel, '0.3', usd('1000000.00'), usd(aggregate), usd('100000.00'), '2027-01-01', '2028-01-01',
  ], { caller: CEDENT });
  must(result, 'deploy quota share');
  must(chain.call(address, 'recordPolicy', ['P1', { ct: 'sealed name' }, { ct: 'sealed sum insured', commitment: SUM_INSURED_COMMITMENT }, { ct: 'sealed peril' }, '2027-02-01', '2028-02-01'], { caller: CEDENT }), 'recordPolicy');
  return address;
}

describe('QuotaShareTreaty', () => {
  const panel = [{ reinsurer: R_HIGH, line: '0.25' }, { reinsurer: R_LOW, line: '0.15' }];

  it('cedes premium net of commission, recovers claims within the limits, and renders quarterly accounts', () => {
    chain = new TestChain();
    const qs = deployQuota(panel);
    const premium = must(chain.call(qs, 'recordPremium', ['P1', usd('100000.00')], { caller: CEDENT }), 'premium');
    expect(eventsNamed(premium, 'PremiumCeded')).toEqual([
      { policyId: 'P1', grossPremium: usd('100000.00'), cededPremium: usd('40000.00'), commission: usd('12000.00') },
    ]);

    // A large loss: capped at the per-risk limit, 40 % ceded, both shares called at once.
    const large = must(chain.call(qs, 'recordClaim', ['C1', 'P1', 'EV1', '2027-06-01', usd('1500000.00')], { caller: CEDENT }), 'large claim');
    expect(large.value).toEqual(usd('400000.00'));
    expect(eventsNamed(large, 'RecoveryDue')).toEqual([
      { claimId: 'C1', reinsurer: R_LOW, amount: usd('150000.00'), cashCall: true },
      { claimId: 'C1', reinsurer: R_HIGH, amount: usd('250000.00'), cashCall: true },
    ]);
    expect(eventsNamed(large, 'ClaimRecorded')[0]).toMatchObject({ recovery: usd('400000.00'), retained: usd('1100000.00') });

    // A small loss goes through the quarterly account.
    const small = must(chain.call(qs, 'recordClaim', ['C2', 'P1', 'C2', '2027-06-02', usd('20000.00')], { caller: CEDENT }), 'small claim');
    expect(eventsNamed(small, 'RecoveryDue').map((e) => e.cashCall)).toEqual([false, false]);
    expect(chain.view(qs, 'remainingAggregate').value).toEqual(usd('4592000.00'));

    // The schedule's first date is the inception itself: nothing to close yet.
    expect(must(chain.trigger(qs, 'renderAccounts', ['2027-01-01']), 'open').events).toEqual([]);
    const closing = must(chain.trigger(qs, 'renderAccounts', ['2027-04-01']), 'close Q1');
    expect(eventsNamed(closing, 'StatementRendered').map((e) => e.statement)).toEqual([
      { reinsurer: R_LOW, periodStart: '2027-01-01', periodEnd: '2027-04-01', premium: usd('15000.00'), commission: usd('4500.00'), claims: usd('3000.00'), balance: usd('7500.00') },
      { reinsurer: R_HIGH, periodStart: '2027-01-01', periodEnd: '2027-04-01', premium: usd('25000.00'), commission: usd('7500.00'), claims: usd('5000.00'), balance: usd('12500.00') },
    ]);
    expect(chain.view(qs, 'statementOf', [R_LOW, '2027-01-01']).value).toMatchObject({ balance: usd('7500.00') });
    // The next quarter starts empty.
    const q2 = must(chain.trigger(qs, 'renderAccounts', ['2027-07-01']), 'close Q2');
    expect(eventsNamed(q2, 'StatementRendered').map((e) => units((e.statement as { balance: unknown }).balance))).toEqual([0n, 0n]);
  });

  it('caps recoveries at the aggregate limit and refuses bookings by anyone but the cedent', () => {
    chain = new TestChain();
    const qs = deployQuota(panel, '500000.00');
    must(chain.call(qs, 'recordClaim', ['C1', 'P1', 'EV1', '2027-06-01', usd('1000000.00')], { caller: CEDENT }), 'first');
    const second = must(chain.call(qs, 'recordClaim', ['C2', 'P1', 'EV1', '2027-06-01', usd('1000000.00')], { caller: CEDENT }), 'second');
    expect(second.value).toEqual(usd('100000.00'));
    expect(chain.view(qs, 'remainingAggregate').value).toEqual(usd('0.00'));
    expect(chain.call(qs, 'recordClaim', ['C3', 'P1', 'EV1', '2027-06-01', usd('1.00')], { caller: R_LOW }).error?.code).toBe('RT_ERR_REQUIRE_FAILED');
    expect(chain.call(qs, 'recordClaim', ['C2', 'P1', 'EV1', '2027-06-01', usd('1.00')], { caller: CEDENT }).error?.message).toContain('already booked');
    expect(chain.call(qs, 'recordClaim', ['C4', 'P1', 'EV1', '2026-12-31', usd('1.00')], { caller: CEDENT }).error?.message).toContain('outside the policy period');
  });

  it('MNY-06: ceded + retained = gross for 1 cent, zero and a very large loss (37.5 % quota share)', () => {
    chain = new TestChain();
    const { address: qs } = chain.deploy(QUOTA, [
      CEDENT, [{ reinsurer: R_LOW, line: '0.25' }, { reinsurer: R_HIGH, line: '0.125' }], '0.3',
      usd('1000000000000000000000.00'), usd('1000000000000000000000.00'), usd('100000.00'), '2027-01-01', '2028-01-01',
    ], { caller: CEDENT });
    must(chain.call(qs, 'recordPolicy', ['P1', { ct: 'x' }, { ct: 'y', commitment: SUM_INSURED_COMMITMENT }, { ct: 'z' }, '2027-02-01', '2028-02-01'], { caller: CEDENT }), 'policy');
    for (const [id, gross] of [['C1', '0.01'], ['C2', '123456789012345678.99']] as const) {
      const r = must(chain.call(qs, 'recordClaim', [id, 'P1', id, '2027-03-01', usd(gross)], { caller: CEDENT }), id);
      const e = eventsNamed(r, 'ClaimRecorded')[0] as { grossLoss: unknown; recovery: unknown; retained: unknown };
      expect(units(e.recovery) + units(e.retained)).toBe(units(e.grossLoss));
      expect(eventsNamed(r, 'RecoveryDue').reduce((a, x) => a + units(x.amount), 0n)).toBe(units(e.recovery));
    }
    const zero = must(chain.call(qs, 'recordPremium', ['P1', usd('0.00')], { caller: CEDENT }), 'zero premium');
    expect(eventsNamed(zero, 'PremiumCeded')[0]).toMatchObject({ cededPremium: usd('0.00'), commission: usd('0.00') });
  });

  it('MNY-02: listing the panel in another order changes nobody\'s share, to the cent', () => {
    const statements = (order: { reinsurer: string; line: string }[]): unknown[] => {
      chain = new TestChain();
      const qs = deployQuota(order);
      // 0.03 ceded between two equal lines: one spare cent per booking, a tie every time.
      for (const gross of ['0.07', '0.05', '100.03']) must(chain.call(qs, 'recordPremium', ['P1', usd(gross)], { caller: CEDENT }), gross);
      chain.trigger(qs, 'renderAccounts', ['2027-04-01']);
      const out = [R_LOW, R_HIGH].map((r) => chain.view(qs, 'statementOf', [r, '2027-01-01']).value);
      chain.dispose();
      return out;
    };
    const a = statements([{ reinsurer: R_LOW, line: '0.2' }, { reinsurer: R_HIGH, line: '0.2' }]);
    const b = statements([{ reinsurer: R_HIGH, line: '0.2' }, { reinsurer: R_LOW, line: '0.2' }]);
    expect(a).toEqual(b);
    expect(a.map((s) => units((s as { premium: unknown }).premium))).toEqual([2004n, 2002n]);
  });

  it('accepts a sealed large-loss advice whose bound is proven, and rejects a bad proof', () => {
    chain = new TestChain({ verify: (_contract, _relation, inputs) => !inputs.includes('bad') });
    const qs = deployQuota(panel);
    const advice = must(chain.call(qs, 'adviseLargeLoss', ['C9', 'P1', { ct: 'ok', commitment: 'ab12' }], { caller: CEDENT }), 'advice');
    expect(eventsNamed(advice, 'LargeLossAdvised')).toHaveLength(1);
    const bad = chain.call(qs, 'adviseLargeLoss', ['C9', 'P1', { ct: 'x', commitment: 'bad0' }], { caller: CEDENT });
    expect(bad.error?.code).toBe('RT_ERR_PROOF_INVALID');
  });
});

describe('ExcessOfLossLayer fed by the quota share', () => {
  function deployLayer(qs: string): string {
    const { address, result } = chain.deploy(XOL, [
      CEDENT, R_HIGH, qs, 'per-event', usd('500000.00'), usd('1000000.00'), usd('200000.00'), usd('3000000.00'),
      '1', '1', usd('100000.00'), '2027-01-01', '2028-01-01',
    ], { caller: CEDENT });
    must(result, 'deploy layer');
    return address;
  }

  it('adds retained losses per event, applies retention, AAD and limit, and charges reinstatement pro rata as to amount', () => {
    chain = new TestChain();
    const qs = deployQuota([{ reinsurer: R_LOW, line: '0.4' }]);
    const xl = deployLayer(qs);
    const claim = must(chain.call(qs, 'recordClaim', ['C1', 'P1', 'EV1', '2027-06-01', usd('1500000.00')], { caller: CEDENT }), 'claim');
    const recorded = claim.events.find((e) => e.name === 'ClaimRecorded')!;
    const first = must(chain.trigger(xl, 'onQuotaShareClaim', [recorded.data], { caller: qs }), 'trigger');
    // Retained 1.1m: 600k in the layer, 200k AAD → recovery 400k; reinstated 400k of 1m → 40k premium.
    expect(eventsNamed(first, 'LayerRecovery')).toEqual([{ lossKey: 'EV1', lossDate: '2027-06-01', layerLoss: usd('600000.00'), recovery: usd('400000.00') }]);
    expect(eventsNamed(first, 'ReinstatementPremiumDue')).toEqual([{ lossKey: 'EV1', reinstatedLimit: usd('400000.00'), premium: usd('40000.00') }]);

    // More loss from the same event, reported directly: the layer is exhausted at its limit.
    const more = must(chain.call(xl, 'reportLoss', ['P2', 'EV1', '2027-06-02', usd('800000.00')], { caller: CEDENT }), 'more');
    expect(eventsNamed(more, 'LayerRecovery')[0]).toMatchObject({ layerLoss: usd('1000000.00'), recovery: usd('400000.00') });
    expect(chain.view(xl, 'position').value).toEqual({
      layerLosses: usd('1000000.00'), recovered: usd('800000.00'), remainingCover: usd('1200000.00'),
      reinstated: usd('800000.00'), reinstatementPremium: usd('80000.00'),
    });
    // A loss outside the period changes nothing.
    expect(must(chain.call(xl, 'reportLoss', ['P3', 'EV9', '2028-01-01', usd('5000000.00')], { caller: CEDENT }), 'late').events).toEqual([]);
    expect(chain.view(xl, 'lossUnder', ['EV1']).value).toEqual(usd('1900000.00'));
  });

  it('gives the same recoveries and premiums whether a loss is advised in one step or in many', () => {
    chain = new TestChain();
    const oneStep = deployLayer(testAddress(9, 'c'));
    must(chain.call(oneStep, 'reportLoss', ['P1', 'EV1', '2027-03-01', usd('2345678.91')], { caller: CEDENT }), 'one');
    const manySteps = deployLayer(testAddress(9, 'c'));
    for (const part of ['345678.91', '1000000.00', '0.01', '999999.99']) {
      must(chain.call(manySteps, 'reportLoss', ['P1', 'EV1', '2027-03-01', usd(part)], { caller: CEDENT }), part);
    }
    expect(chain.view(manySteps, 'position').value).toEqual(chain.view(oneStep, 'position').value);
  });
});

describe('AbsWaterfall', () => {
  function deployDeal(): string {
    const { address, result } = chain.deploy(WATERFALL, [
      SERVICER, EQUITY, [eur('80000000.00'), eur('10000000.00'), eur('5000000.00')], ['0.03', '0.05', '0.08'],
      eur('100000000.00'), eur('1000000.00'), '0.0005', '0.01', '1.05', '1.2', '2027-01-15',
      ['2027-04-15', '2027-07-15', '2027-10-15'],
    ]);
    must(result, 'deploy deal');
    return address;
  }

  function run(address: string, date: string): { run: Record<string, unknown>; classes: Record<string, unknown>[] } {
    const r = must(chain.trigger(address, 'distribute', [date]), `distribute ${date}`);
    return { run: eventsNamed(r, 'WaterfallRun')[0] as Record<string, unknown>, classes: eventsNamed(r, 'ClassPayment') };
  }

  it('MNY-05: conserves cash, pays pro rata while the tests pass, then carries shortfalls and turns sequential for good', () => {
    chain = new TestChain();
    const deal = deployDeal();
    expect(chain.call(deal, 'reportCollections', [eur('1.00'), eur('0.00'), eur('0.00'), eur('0.00')], { caller: EQUITY }).error?.code).toBe('RT_ERR_REQUIRE_FAILED');
    must(chain.call(deal, 'reportCollections', [eur('2000000.00'), eur('5000000.00'), eur('50000.00'), eur('200000.00')], { caller: SERVICER }), 'collections 1');

    const p1 = run(deal, '2027-04-15');
    const conserved = (r: { run: Record<string, unknown>; classes: Record<string, unknown>[] }): void => {
      const out = r.classes.reduce((a, c) => a + units(c.interest) + units(c.principal), units(r.run.seniorFees));
      expect(out + units(r.run.reserveChange) + units(r.run.residual)).toBe(units(r.run.cashIn));
    };
    conserved(p1);
    expect(p1.run).toMatchObject({ cashIn: eur('7050000.00'), seniorFees: eur('262500.00'), sequential: false });
    // 90 days Actual/360: A 600,000, B 125,000, C 100,000 of interest, all paid.
    expect(p1.classes.map((c) => c.interest)).toEqual([eur('600000.00'), eur('125000.00'), eur('100000.00')]);
    // Principal collections + the 200,000 default cure, pro rata 80 : 10 : 5.
    expect(p1.classes.reduce((a, c) => a + units(c.principal), 0n)).toBe(520000000n);
    expect(p1.classes.map((c) => c.interestShortfall)).toEqual([eur('0.00'), eur('0.00'), eur('0.00')]);

    // A bad quarter: little interest. The reserve covers senior fees and class A interest; B and C
    // go short and carry the shortfall; the interest-coverage test fails → sequential from now on.
    must(chain.call(deal, 'reportCollections', [eur('500000.00'), eur('1000000.00'), eur('0.00'), eur('0.00')], { caller: SERVICER }), 'collections 2');
    const p2 = run(deal, '2027-07-15');
    conserved(p2);
    expect(p2.run.sequential).toBe(true);
    expect(units(p2.run.reserveChange) < 0n).toBe(true);
    expect(units(p2.classes[0]!.interestShortfall)).toBe(0n);
    expect(units(p2.classes[1]!.interestShortfall) > 0n).toBe(true);
    expect(units(p2.classes[1]!.principal)).toBe(0n);  // sequential: all principal to class A

    // A good quarter again: still sequential (non-curable), and B's shortfall is paid first.
    must(chain.call(deal, 'reportCollections', [eur('3000000.00'), eur('2000000.00'), eur('0.00'), eur('0.00')], { caller: SERVICER }), 'collections 3');
    const p3 = run(deal, '2027-10-15');
    conserved(p3);
    expect(p3.run.sequential).toBe(true);
    expect(p3.classes.map((c) => units(c.interestShortfall))).toEqual([0n, 0n, 0n]);
    expect(units(p3.classes[1]!.interest) > 125000_00n).toBe(true);
    expect(chain.view(deal, 'tranche', ['B']).value).toMatchObject({ interestShortfall: eur('0.00') });
  });
});

describe('TreatyCurrentAccount', () => {
  it('turns cash calls and statements into balances, records payments, and reads the treaty', () => {
    chain = new TestChain();
    const qs = deployQuota([{ reinsurer: R_LOW, line: '0.15' }, { reinsurer: R_HIGH, line: '0.25' }]);
    const { address: acct, result } = chain.deploy(ACCOUNTS, [CEDENT, qs], { caller: CEDENT });
    must(result, 'deploy account');
    const feed = (r: CallResult, handler: string, name: string): void => {
      for (const e of r.events.filter((x) => x.name === name)) must(chain.trigger(acct, handler, [e.data], { caller: qs }), handler);
    };
    const claim = must(chain.call(qs, 'recordClaim', ['C1', 'P1', 'EV1', '2027-06-01', usd('1500000.00')], { caller: CEDENT }), 'claim');
    feed(claim, 'onRecovery', 'RecoveryDue');
    expect(chain.view(acct, 'balanceOf', [R_LOW]).value).toEqual(usd('150000.00'));

    must(chain.call(qs, 'recordPremium', ['P1', usd('100000.00')], { caller: CEDENT }), 'premium');
    feed(must(chain.trigger(qs, 'renderAccounts', ['2027-04-01']), 'statements'), 'onStatement', 'StatementRendered');
    // Statement balance 15,000 − 4,500 = 10,500 due to the reinsurer: its debt falls by that much.
    expect(chain.view(acct, 'balanceOf', [R_LOW]).value).toEqual(usd('139500.00'));

    must(chain.call(acct, 'recordPayment', [R_LOW, usd('139500.00'), 'wire 42'], { caller: R_LOW }), 'payment');
    expect(chain.view(acct, 'balanceOf', [R_LOW]).value).toEqual(usd('0.00'));
    expect(chain.call(acct, 'recordPayment', [R_LOW, usd('1.00'), 'x'], { caller: R_HIGH }).error?.code).toBe('RT_ERR_REQUIRE_FAILED');
    expect((chain.view(acct, 'movementsOf', [R_LOW]).value as unknown[]).length).toBe(3);
    expect(chain.view(acct, 'treatyCapacity').value).toEqual(usd('4600000.00'));
  });
});
