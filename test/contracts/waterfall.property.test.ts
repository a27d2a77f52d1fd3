/**
 * Property tests of the ABS payment waterfall (contracts/abs/waterfall.contract.ts) with
 * fast-check: random deals (note sizes, coupons, fees, reserve, triggers) and random quarters of
 * collections, defaults and recoveries, run through the compiled contract. For every payment date:
 *
 * - conservation, exactly: cash in = interest + principal paid to the notes + senior fees
 *   + reserve change + residual;
 * - ordering: no class receives interest while a more senior fee or interest amount due is left
 *   unpaid, the reserve is topped up and losses cured only after class A and B interest is paid in
 *   full, class C interest only after that, and nothing goes to the residual while any of them is
 *   short; once sequential, class B gets principal only when class A is repaid, C only when B is;
 * - the switch: if the over-collateralisation test (pool ÷ A+B balances, read from the contract's
 *   own views before the run) or the interest-coverage test fails, the run is sequential, and
 *   every later run stays sequential;
 * - every figure equals the independent model of reference.ts (exact, in cents).
 * Does NOT cover the loan pool (loan-pool.test.ts does).
 * @module
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestChain, testAddress } from '../helpers/run-artifact.ts';
import { artifactOf, eventsNamed, must } from './harness.ts';
import { type DealTerms, eur, qDec, unitsOf, WaterfallModel } from './reference.ts';

const WATERFALL = artifactOf('contracts/abs/waterfall.contract.ts');
const SERVICER = testAddress(4);
const EQUITY = testAddress(5);
const CLOSING = '2027-01-15';

const addDays = (iso: string, n: number): string => new Date(Date.parse(iso) + n * 86_400_000).toISOString().slice(0, 10);

interface Quarter { days: number; interestBp: number; principalBp: number; defaultBp: number; recoveryBp: number }

const dealArb = fc.record({
  a: fc.bigInt({ min: 1n, max: 500_000_000_00n }),
  b: fc.bigInt({ min: 0n, max: 100_000_000_00n }),
  c: fc.bigInt({ min: 0n, max: 50_000_000_00n }),
  extraBp: fc.integer({ min: 0, max: 3000 }),
  coupons: fc.tuple(...[0, 1, 2].map(() => fc.constantFrom('0', '0.01', '0.03', '0.045', '0.08', '0.125'))) as fc.Arbitrary<[string, string, string]>,
  reserveBp: fc.integer({ min: 0, max: 500 }),
  trusteeFee: fc.constantFrom('0', '0.0005', '0.001'),
  servicingFee: fc.constantFrom('0', '0.005', '0.01', '0.02'),
  oc: fc.constantFrom('1', '1.02', '1.05', '1.2', '1.5'),
  ic: fc.constantFrom('1', '1.2', '2', '5'),
});

const quarterArb: fc.Arbitrary<Quarter> = fc.record({
  days: fc.integer({ min: 28, max: 120 }),
  // Interest as basis points of the pool (0 to 4 %): from a dry quarter to a rich one.
  interestBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
  principalBp: fc.integer({ min: 0, max: 4000 }),
  defaultBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1500 })),
  recoveryBp: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 })),
});

const bp = (x: bigint, n: number): bigint => (x * BigInt(n)) / 10_000n;

describe('AbsWaterfall properties', () => {
  it('conserves cash exactly, pays in order of priority, switches to sequential on a breached trigger for good, and matches the model', () => {
    // How often each branch was exercised: the properties must not hold vacuously.
    const seen = { ocBreached: 0, icFailed: 0, classAShort: 0, classBShort: 0, feesUnpaid: 0, reserveDrawn: 0, proRata: 0, sequential: 0 };
    fc.assert(
      fc.property(dealArb, fc.array(quarterArb, { minLength: 1, maxLength: 5 }), (d, quarters) => {
        const notes = d.a + d.b + d.c;
        const pool = notes + bp(notes, d.extraBp);
        const deal: DealTerms = {
          balances: [d.a, d.b, d.c], coupons: d.coupons, pool, reserveTarget: bp(pool, d.reserveBp),
          trusteeFee: d.trusteeFee, servicingFee: d.servicingFee, oc: d.oc, ic: d.ic, closing: CLOSING,
        };
        const dates: string[] = [];
        let last = CLOSING;
        for (const qt of quarters) dates.push((last = addDays(last, qt.days)));
        const chain = new TestChain();
        try {
          const { address, result } = chain.deploy(WATERFALL, [
            SERVICER, EQUITY, deal.balances.map(eur), deal.coupons, eur(pool), eur(deal.reserveTarget), deal.trusteeFee,
            deal.servicingFee, deal.oc, deal.ic, CLOSING, dates,
          ]);
          must(result, 'deploy');
          const model = new WaterfallModel(deal);
          let wasSequential = false;
          for (const [k, qt] of quarters.entries()) {
            const date = dates[k] as string;
            const interest = bp(model.pool, qt.interestBp);
            const defaults = bp(model.pool, qt.defaultBp);
            const principal = bp(model.pool - defaults, qt.principalBp);
            const recoveries = bp(defaults + model.deficiency, qt.recoveryBp);
            must(chain.call(address, 'reportCollections', [eur(interest), eur(principal), eur(recoveries), eur(defaults)], { caller: SERVICER }), 'report');
            model.report(interest, principal, recoveries, defaults);

            // The OC test read from the contract itself, before the run.
            const poolNow = unitsOf(chain.view(address, 'collateralBalance').value);
            const before = ['A', 'B'].map((id) => unitsOf((chain.view(address, 'tranche', [id]).value as { balance: unknown }).balance));
            const notesAB = (before[0] as bigint) + (before[1] as bigint);
            const ocBreached = notesAB > 0n && (poolNow * 10_000n) / notesAB * qDec(d.oc).d < qDec(d.oc).n * 10_000n;

            const expected = model.distribute(date);
            const r = must(chain.trigger(address, 'distribute', [date]), `distribute ${date}`);
            const run = eventsNamed(r, 'WaterfallRun')[0] as Record<string, unknown>;
            const classes = eventsNamed(r, 'ClassPayment');
            const paidI = classes.map((c) => unitsOf(c.interest));
            const paidP = classes.map((c) => unitsOf(c.principal));
            const short = classes.map((c) => unitsOf(c.interestShortfall));
            const bal = classes.map((c) => unitsOf(c.balance));
            const [cashIn, fees, reserveChange, residual] = [run.cashIn, run.seniorFees, run.reserveChange, run.residual].map(unitsOf) as [bigint, bigint, bigint, bigint];
            const sequential = run.sequential as boolean;

            // Conservation, exactly, from the contract's own events.
            const out = paidI.reduce((a, b) => a + b, 0n) + paidP.reduce((a, b) => a + b, 0n) + fees;
            expect(out + reserveChange + residual).toBe(cashIn);
            expect(cashIn).toBe(interest + principal + recoveries);

            // The independent model, figure by figure.
            expect({ cashIn, fees, reserveChange, residual, sequential, paidI, paidP, short, bal }).toEqual({
              cashIn: expected.cashIn, fees: expected.seniorFees, reserveChange: expected.reserveChange, residual: expected.residual,
              sequential: expected.sequential, paidI: expected.interest, paidP: expected.principal, short: expected.shortfall, bal: expected.balance,
            });

            // Ordering of the revenue waterfall.
            const [sA, sB, sC] = short as [bigint, bigint, bigint];
            // While a note is outstanding, principal funds never reach the residual: it is revenue only.
            const notesOutstanding = bal.some((b) => b > 0n);
            if (expected.unpaidFees > 0n) {
              expect(paidI).toEqual([0n, 0n, 0n]);
              expect(expected.topUp + expected.cure).toBe(0n);
            }
            if (sA > 0n) expect([paidI[1], paidI[2], expected.topUp, expected.cure]).toEqual([0n, 0n, 0n, 0n]);
            if (sB > 0n) expect([paidI[2], expected.topUp, expected.cure]).toEqual([0n, 0n, 0n]);
            if (expected.reserveDraw > 0n) expect(expected.topUp).toBe(0n);
            if (notesOutstanding && residual > 0n) expect([sA, sB, sC, expected.unpaidFees]).toEqual([0n, 0n, 0n, 0n]);
            // Principal: sequential means strictly by seniority.
            if (sequential) {
              if ((paidP[1] as bigint) > 0n) expect(bal[0]).toBe(0n);
              if ((paidP[2] as bigint) > 0n) expect(bal[1]).toBe(0n);
            }
            // The switch, and that it is for good.
            if (ocBreached) expect(sequential).toBe(true);
            if (!expected.icPasses) expect(sequential).toBe(true);
            if (wasSequential) expect(sequential).toBe(true);
            wasSequential = sequential;
            seen.ocBreached += ocBreached ? 1 : 0;
            seen.icFailed += expected.icPasses ? 0 : 1;
            seen.classAShort += sA > 0n ? 1 : 0;
            seen.classBShort += sB > 0n ? 1 : 0;
            seen.feesUnpaid += expected.unpaidFees > 0n ? 1 : 0;
            seen.reserveDrawn += expected.reserveDraw > 0n ? 1 : 0;
            seen[sequential ? 'sequential' : 'proRata'] += 1;
          }
        } finally {
          chain.dispose();
        }
      }),
      { numRuns: 100 },
    );
    for (const [branch, n] of Object.entries(seen)) expect(n, branch).toBeGreaterThan(0);
  });

  it('carries a shortfall forward and pays it first on the next date', () => {
    // A fixed, hand-sized case: 90 days, A 1,000,000 at 4 %, B 1,000,000 at 8 %, no fees, no reserve.
    // A interest 1,000,000 × 0.04 × 90/360 = 10,000.00; B 1,000,000 × 0.08 × 90/360 = 20,000.00.
    // Revenue 25,000.00 → A 10,000.00, B 15,000.00, B short 5,000.00.
    // Next 90 days: B due 5,000.00 + 20,000.00 = 25,000.00 (the shortfall bears no interest).
    const chain = new TestChain();
    try {
      const { address } = chain.deploy(WATERFALL, [
        SERVICER, EQUITY, [eur(1_000_000_00n), eur(1_000_000_00n), eur(0n)], ['0.04', '0.08', '0'], eur(2_000_000_00n), eur(0n),
        '0', '0', '1', '1', '2027-01-01', ['2027-04-01', '2027-06-30'],
      ]);
      must(chain.call(address, 'reportCollections', [eur(25_000_00n), eur(0n), eur(0n), eur(0n)], { caller: SERVICER }), 'q1');
      const q1 = eventsNamed(must(chain.trigger(address, 'distribute', ['2027-04-01']), 'd1'), 'ClassPayment');
      expect(q1.map((c) => [c.interest, c.interestShortfall])).toEqual([[eur(10_000_00n), eur(0n)], [eur(15_000_00n), eur(5_000_00n)], [eur(0n), eur(0n)]]);
      must(chain.call(address, 'reportCollections', [eur(40_000_00n), eur(0n), eur(0n), eur(0n)], { caller: SERVICER }), 'q2');
      const d2 = must(chain.trigger(address, 'distribute', ['2027-06-30']), 'd2');
      // 90 days again (2027-04-01 → 2027-06-30): A 10,000.00, B 25,000.00, residual 5,000.00.
      expect(eventsNamed(d2, 'ClassPayment').map((c) => c.interest)).toEqual([eur(10_000_00n), eur(25_000_00n), eur(0n)]);
      expect(eventsNamed(d2, 'WaterfallRun')[0]).toMatchObject({ residual: eur(5_000_00n), reserveChange: eur(0n) });
    } finally {
      chain.dispose();
    }
  });
});
