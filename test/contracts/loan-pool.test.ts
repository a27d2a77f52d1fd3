/**
 * The ABS collateral pool (contracts/abs/loan-pool.contract.ts) and its link to the waterfall,
 * scenario by scenario. Expected numbers are worked out in this file: by hand, with the arithmetic
 * in the comments, for the first period of each loan type; and for a twelve-month deal (arrears,
 * catch-up, partial and full prepayments, a default with its charge-off, later recoveries) by the
 * independent models of `reference.ts` (exact rationals and bigint cents, written from the
 * contracts' documented rules). Nothing is copied from the program's output.
 * Does NOT run the node's trigger scheduler: `closePeriod` and `distribute` are invoked as the node
 * would invoke them, in date order.
 * @module
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TestChain, testAddress } from '../helpers/run-artifact.ts';
import { CUT_OFF, PAYMENT_DATES, PERIOD_ENDS, SPECS, TERMS } from './deal.ts';
import { artifactOf, eventsNamed, must } from './harness.ts';
import {
  type DealTerms, eur, exactFlows, type LoanSpec, loanSchedule, PoolModel, pow, q, reportAbi, unitsOf, WaterfallModel,
  add, cents, divHalfEven, dvd, mul, sub,
} from './reference.ts';

const POOL = artifactOf('contracts/abs/loan-pool.contract.ts');
const WATERFALL = artifactOf('contracts/abs/waterfall.contract.ts');

const ORIGINATOR = testAddress(1);
const SERVICER = testAddress(4);
const EQUITY = testAddress(5);

let chain: TestChain;
afterEach(() => chain?.dispose());

function deployPool(ids = Object.keys(TERMS)): string {
  const { address, result } = chain.deploy(POOL, [ORIGINATOR, SERVICER, CUT_OFF, PERIOD_ENDS], { caller: ORIGINATOR });
  must(result, 'deploy pool');
  for (const id of ids) must(chain.call(address, 'addLoan', [id, TERMS[id]], { caller: ORIGINATOR }), `addLoan ${id}`);
  return address;
}

describe('LoanPool: the ACTUS schedule of each loan type', () => {
  it('gives the hand-computed first period after the cut-off for PAM, LAM, ANN and NAM', () => {
    chain = new TestChain();
    const pool = deployPool();
    // 30E/360 from the 1st to the 1st is 30 days: a monthly rate of 6 % × 30/360 = 0.5 %.
    const expected = {
      // PAM: 120,000.00 × 0.005 = 600.00 interest, principal at maturity only.
      L1: { cutOff: '120000.00', interest: '600.00', balance: '120000.00' },
      // LAM: 2,500.00 repaid on 2027-01-01 (before the cut-off, the originator's): 57,500.00;
      // then 57,500.00 × 0.005 = 287.50 interest and 2,500.00 principal → 55,000.00.
      L2: { cutOff: '57500.00', interest: '287.50', balance: '55000.00' },
      // ANN: annuity 100,000 × 0.005 × 1.005^36 ÷ (1.005^36 − 1) = 100,000 × 0.005 × 1.196680525 ÷ 0.196680525
      // = 3,042.1937…; 2027-01-01: interest 500.00, principal 2,542.1937… → 97,457.8063… (97,457.81);
      // 2027-02-01: interest 97,457.8063 × 0.005 = 487.289… (487.29), principal 3,042.1937 − 487.2890
      // = 2,554.9047 → 94,902.9016… (94,902.90).
      L3: { cutOff: '97457.81', interest: '487.29', balance: '94902.90' },
      // NAM: payment 1,000.00 of which interest 250.00 → 49,250.00 at the cut-off; then interest
      // 49,250 × 0.005 = 246.25, principal 753.75 → 48,496.25.
      L4: { cutOff: '49250.00', interest: '246.25', balance: '48496.25' },
    };
    for (const [id, e] of Object.entries(expected)) {
      const loan = chain.view(pool, 'loan', [id]).value as { cutOffBalance: unknown; schedule: { date: string; interest: unknown; balance: unknown }[] };
      expect(loan.cutOffBalance, id).toEqual({ amount: e.cutOff, currency: 'EUR' });
      expect(loan.schedule[1], id).toEqual({ date: '2027-02-01', interest: { amount: e.interest, currency: 'EUR' }, balance: { amount: e.balance, currency: 'EUR' } });
    }
    // The reference model's closed forms agree with the hand computation.
    const i = q(1n, 200n);
    const g = pow(add(q(1n), i), 36);
    const annuity = dvd(mul(mul(q(100_000n), i), g), sub(g, q(1n)));
    expect(cents(annuity)).toBe(3_042_19n);
    expect(cents((exactFlows(SPECS.L3 as LoanSpec)[1] as { interest: ReturnType<typeof q> }).interest)).toBe(487_29n);
    expect(chain.view(pool, 'balance').value).toEqual(eur(120_000_00n + 57_500_00n + 97_457_81n + 49_250_00n));
  });

  it('keeps every loan\'s whole schedule: dates, interest and balances, to the cent, to maturity', () => {
    chain = new TestChain();
    const pool = deployPool();
    for (const [id, spec] of Object.entries(SPECS)) {
      const loan = chain.view(pool, 'loan', [id]).value as { schedule: unknown[] };
      const expected = loanSchedule(spec, CUT_OFF).map((f) => ({ date: f.date, interest: eur(f.interest), balance: eur(f.balance) }));
      expect(loan.schedule, id).toEqual(expected);
    }
    // Principal repaid over the life = the cut-off balance (the balances telescope to zero).
    const l4 = loanSchedule(SPECS.L4 as LoanSpec, CUT_OFF);
    expect(l4.at(-1)?.balance).toBe(0n);
  });

  it('refuses bad boardings and reports from anyone but the servicer', () => {
    chain = new TestChain();
    const pool = deployPool(['L1']);
    expect(chain.call(pool, 'addLoan', ['L1', TERMS.L1], { caller: ORIGINATOR }).error?.message).toContain('duplicate');
    expect(chain.call(pool, 'addLoan', ['L9', TERMS.L2], { caller: SERVICER }).error?.message).toContain('only the originator');
    const late = { ...(TERMS.L1 as object), originationDate: '2027-01-02' };
    expect(chain.call(pool, 'addLoan', ['L9', late], { caller: ORIGINATOR }).error?.message).toContain('cut-off');
    expect(chain.call(pool, 'reportCollection', ['L1', eur(600_00n), eur(0n), eur(0n)], { caller: ORIGINATOR }).error?.message).toContain('only the servicer');
    // More than is due: interest above 600.00, or principal on a PAM before maturity (a prepayment).
    expect(chain.call(pool, 'reportCollection', ['L1', eur(600_01n), eur(0n), eur(0n)], { caller: SERVICER }).error?.message).toContain('more interest');
    expect(chain.call(pool, 'reportCollection', ['L1', eur(0n), eur(1n), eur(0n)], { caller: SERVICER }).error?.message).toContain('prepayment');
    expect(chain.call(pool, 'reportRecovery', ['L1', eur(1n)], { caller: SERVICER }).error?.message).toContain('charge-off');
    must(chain.call(pool, 'reportCollection', ['L1', eur(600_00n), eur(0n), eur(0n)], { caller: SERVICER }), 'due');
  });
});

/** One month of servicing: which loans pay what, prepay, default or recover. */
interface Month {
  skip?: string[];
  interestOnly?: string[];
  prepay?: Record<string, bigint | 'all'>;
  default?: string[];
  recover?: Record<string, bigint>;
}

const SCENARIO: Month[] = [
  {},
  { skip: ['L3'], prepay: { L4: 10_000_00n } },          // L3 misses; L4 pays down 10,000 (re-amortised)
  { prepay: { L1: 'all' } },                               // L3 catches up; L1 repays in full
  { skip: ['L2'], default: ['L2'] },                       // L2 defaults: charged off at the close
  { recover: { L2: 30_000_00n } },                         // sale proceeds
  {},
  {},
  { interestOnly: ['L4'], recover: { L2: 5_000_00n } },    // L4 pays interest only: principal arrears
  {},                                                      // L4 catches up
  {},
  { prepay: { L3: 7_777_77n } },
  {},
];

describe('LoanPool feeding AbsWaterfall: twelve months of collections and four payment dates', () => {
  it('closes every period as the reference model does, and the waterfall distributes the same cash', () => {
    chain = new TestChain();
    const pool = deployPool();
    const model = new PoolModel(CUT_OFF);
    for (const [id, spec] of Object.entries(SPECS)) model.add(id, loanSchedule(spec, CUT_OFF));
    const cutOffBalance = model.balance;
    expect(chain.view(pool, 'balance').value).toEqual(eur(cutOffBalance));

    const deal: DealTerms = {
      balances: [250_000_00n, 40_000_00n, 20_000_00n], coupons: ['0.03', '0.05', '0.08'], pool: cutOffBalance,
      reserveTarget: 5_000_00n, trusteeFee: '0.0005', servicingFee: '0.01', oc: '1.05', ic: '1.2', closing: CUT_OFF,
    };
    const { address: waterfall, result } = chain.deploy(WATERFALL, [
      pool, EQUITY, deal.balances.map(eur), deal.coupons, eur(deal.pool), eur(deal.reserveTarget), deal.trusteeFee,
      deal.servicingFee, deal.oc, deal.ic, deal.closing, PAYMENT_DATES,
    ]);
    must(result, 'deploy waterfall');
    must(chain.call(pool, 'connectWaterfall', [waterfall], { caller: ORIGINATOR }), 'connect');
    expect(chain.call(pool, 'addLoan', ['L9', TERMS.L1], { caller: ORIGINATOR }).error?.message).toContain('closed');
    const wf = new WaterfallModel(deal);

    let sawSequential = false;
    let sawDefault = false;
    const payments = [...PAYMENT_DATES];
    for (const [k, end] of PERIOD_ENDS.entries()) {
      const m = SCENARIO[k] as Month;
      for (const id of Object.keys(SPECS)) {
        const loan = model.loans.get(id)!;
        if (loan.status !== 'performing' || m.skip?.includes(id)) continue;
        const owed = model.owed(id, end);
        const principal = m.interestOnly?.includes(id) ? 0n : owed.principal;
        const pre = m.prepay?.[id];
        const prepayment = pre === undefined ? 0n : pre === 'all' ? loan.balance - principal : pre;
        model.collect(id, owed.interest, principal, prepayment);
        must(chain.call(pool, 'reportCollection', [id, eur(owed.interest), eur(principal), eur(prepayment)], { caller: SERVICER }), `${end} ${id}`);
      }
      for (const id of m.default ?? []) {
        model.reportDefault(id);
        must(chain.call(pool, 'reportDefault', [id], { caller: SERVICER }), `default ${id}`);
      }
      for (const [id, amount] of Object.entries(m.recover ?? {})) {
        model.recover(id, amount);
        must(chain.call(pool, 'reportRecovery', [id, eur(amount)], { caller: SERVICER }), `recover ${id}`);
      }

      const expected = model.close(end);
      const closed = must(chain.trigger(pool, 'closePeriod', [end]), `close ${end}`);
      expect(eventsNamed(closed, 'CollectionPeriodClosed'), end).toEqual([{ report: reportAbi(expected) }]);
      expect(chain.view(pool, 'report', [end]).value).toEqual(reportAbi(expected));
      // The pool's own conservation: start − principal − prepayments − defaults = end.
      expect(expected.poolBalanceStart - expected.principal - expected.prepayments - expected.defaults).toBe(expected.poolBalanceEnd);
      wf.report(expected.interest, expected.principal + expected.prepayments, expected.recoveries, expected.defaults);
      expect(chain.view(waterfall, 'collateralBalance').value).toEqual(eur(wf.pool));
      if (expected.defaults > 0n) {
        sawDefault = true;
        expect(eventsNamed(closed, 'LoanDefaulted')).toEqual([
          { loanId: 'L2', periodEnd: end, chargeOff: eur(expected.defaults), interestWrittenOff: expect.anything() },
        ]);
      }

      // Payment dates up to the next period end run after this close, as the node orders them.
      const next = PERIOD_ENDS[k + 1] ?? '9999-12-31';
      while (payments.length > 0 && (payments[0] as string) < next) {
        const date = payments.shift() as string;
        const run = wf.distribute(date);
        const r = must(chain.trigger(waterfall, 'distribute', [date]), `distribute ${date}`);
        expect(eventsNamed(r, 'WaterfallRun'), date).toEqual([{
          paymentDate: date, cashIn: eur(run.cashIn), seniorFees: eur(run.seniorFees), reserveChange: eur(run.reserveChange),
          residual: eur(run.residual), sequential: run.sequential,
        }]);
        expect(eventsNamed(r, 'ClassPayment'), date).toEqual(['A', 'B', 'C'].map((classId, c) => ({
          paymentDate: date, classId, interest: eur(run.interest[c] as bigint), principal: eur(run.principal[c] as bigint),
          interestShortfall: eur(run.shortfall[c] as bigint), balance: eur(run.balance[c] as bigint),
        })));
        sawSequential ||= run.sequential;
      }
    }
    // The scenario really exercised the default and the switch to sequential principal.
    expect(sawDefault).toBe(true);
    expect(sawSequential).toBe(true);
    // Loan-level outcome: L1 repaid, L2 charged off with 35,000 recovered, L3 and L4 performing.
    const status = (id: string) => (chain.view(pool, 'loan', [id]).value as { status: string }).status;
    expect(['L1', 'L2', 'L3', 'L4'].map(status)).toEqual(['repaid', 'defaulted', 'performing', 'performing']);
    expect(chain.view(pool, 'loan', ['L2']).value).toMatchObject({ recovered: eur(35_000_00n), balance: eur(0n) });
    expect(unitsOf(chain.view(pool, 'balance').value)).toBe(model.balance);
  });

  it('re-amortises after a partial prepayment: later instalments fall by the same proportion', () => {
    chain = new TestChain();
    const pool = deployPool(['L4']);
    const model = new PoolModel(CUT_OFF);
    model.add('L4', loanSchedule(SPECS.L4 as LoanSpec, CUT_OFF));
    // Period 1 as due, plus 24,248.13 prepaid (about half of the 48,496.25 scheduled balance): the
    // factor is 24,248.12 ÷ 48,496.25 and each later amount is the schedule's × that, rounded once.
    const o = model.owed('L4', PERIOD_ENDS[0] as string);
    expect(o).toEqual({ interest: 246_25n, principal: 753_75n });
    must(chain.call(pool, 'reportCollection', ['L4', eur(o.interest), eur(o.principal), eur(24_248_13n)], { caller: SERVICER }), 'prepay');
    model.collect('L4', o.interest, o.principal, 24_248_13n);
    model.close(PERIOD_ENDS[0] as string);
    must(chain.trigger(pool, 'closePeriod', [PERIOD_ENDS[0]]), 'close');
    // Contractual balance 48,496.25 − 24,248.13 = 24,248.12. Schedule for 2027-03-01: interest
    // 242.48, balance 47,738.73. Rescaled: 242.48 × 24,248.12 ÷ 48,496.25 = 121.239975… → 121.24;
    // 47,738.73 × 24,248.12 ÷ 48,496.25 = 23,869.360078… → 23,869.36, so principal 24,248.12 − 23,869.36 = 378.76.
    expect(chain.view(pool, 'dueThisPeriod', ['L4']).value).toEqual({ interest: eur(121_24n), principal: eur(378_76n), contractualEnd: eur(23_869_36n) });
    expect(model.owed('L4', PERIOD_ENDS[1] as string)).toEqual({ interest: 121_24n, principal: 378_76n });
    // The same two products in integer cents: 24248 × 2424812 ÷ 4849625 = 12123.99… and
    // 4773873 × 2424812 ÷ 4849625 = 2386936.00…, each rounded half-even.
    expect(divHalfEven(24_248n * 2_424_812n, 4_849_625n)).toBe(12_124n);
    expect(divHalfEven(4_773_873n * 2_424_812n, 4_849_625n)).toBe(2_386_936n);
  });
});
