/**
 * Property test of the loan pool (contracts/abs/loan-pool.contract.ts) with fast-check: random
 * servicing histories — full, partial and missed payments, catch-ups, partial and full
 * prepayments, defaults and recoveries — over the four-loan pool. After every period close:
 *
 * - the pool's balance is conserved exactly: start − principal − prepayments − defaults = end,
 *   and it equals the sum of the loan balances;
 * - no loan ever owes negative principal arrears, and a repaid or charged-off loan owes nothing;
 * - the period report equals the independent model of reference.ts, figure by figure.
 * Does NOT involve the waterfall (loan-pool.test.ts and abs-settlement.test.ts do).
 * @module
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestChain, testAddress } from '../helpers/run-artifact.ts';
import { artifactOf, eventsNamed, must } from './harness.ts';
import { eur, type LoanSpec, loanSchedule, PoolModel, reportAbi, unitsOf } from './reference.ts';

const POOL = artifactOf('contracts/abs/loan-pool.contract.ts');
const ORIGINATOR = testAddress(1);
const SERVICER = testAddress(4);
const CUT_OFF = '2027-01-01';
const PERIOD_ENDS = ['2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01', '2027-06-01', '2027-07-01'];

const SPECS: Record<string, LoanSpec> = {
  L1: { type: 'PAM', origination: '2026-12-01', months: 6, notional: 12_345_67n, rate: '0.075' },
  L2: { type: 'LAM', origination: '2026-12-01', months: 12, notional: 24_000_00n, rate: '0.045', instalment: 2_000_00n },
  L3: { type: 'ANN', origination: '2026-12-01', months: 12, notional: 33_333_33n, rate: '0.0399' },
  L4: { type: 'NAM', origination: '2026-12-01', months: 12, notional: 15_000_00n, rate: '0.06', instalment: 900_00n },
};
const TERMS: Record<string, unknown> = {
  L1: { contractType: 'PAM', originationDate: '2026-12-01', maturityDate: '2027-06-01', notional: eur(12_345_67n), rate: '0.075', dayCount: '30E360', interestCycle: 'P1ML0' },
  L2: { contractType: 'LAM', originationDate: '2026-12-01', notional: eur(24_000_00n), rate: '0.045', dayCount: '30E360', interestCycle: 'P1ML0', principalCycle: 'P1ML0', instalment: eur(2_000_00n) },
  L3: { contractType: 'ANN', originationDate: '2026-12-01', maturityDate: '2027-12-01', notional: eur(33_333_33n), rate: '0.0399', dayCount: '30E360', interestCycle: 'P1ML0', principalCycle: 'P1ML0' },
  L4: { contractType: 'NAM', originationDate: '2026-12-01', maturityDate: '2027-12-01', notional: eur(15_000_00n), rate: '0.06', dayCount: '30E360', interestCycle: 'P1ML0', principalCycle: 'P1ML0', instalment: eur(900_00n) },
};

/** What a borrower does in a period. Fractions are in percent of what is owed or outstanding. */
type Action =
  | { kind: 'pay'; interestPct: number; principalPct: number; prepayPct: number }
  | { kind: 'default' }
  | { kind: 'recover'; pct: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), interestPct: fc.constantFrom(100, 100, 0, 37), principalPct: fc.constantFrom(100, 100, 0, 50), prepayPct: fc.constantFrom(0, 0, 0, 10, 100) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'default' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('recover' as const), pct: fc.integer({ min: 1, max: 60 }) }) },
);

const pct = (x: bigint, p: number): bigint => (x * BigInt(p)) / 100n;

describe('LoanPool properties', () => {
  it('conserves the pool balance every period and agrees with the model under random servicing', () => {
    const seen = { arrears: 0, prepayments: 0, defaults: 0, recoveries: 0, repaid: 0 };
    fc.assert(
      fc.property(fc.array(fc.array(actionArb, { minLength: 4, maxLength: 4 }), { minLength: PERIOD_ENDS.length, maxLength: PERIOD_ENDS.length }), (history) => {
        const chain = new TestChain();
        try {
          const { address: pool } = chain.deploy(POOL, [ORIGINATOR, SERVICER, CUT_OFF, PERIOD_ENDS]);
          const model = new PoolModel(CUT_OFF);
          for (const [id, spec] of Object.entries(SPECS)) {
            must(chain.call(pool, 'addLoan', [id, TERMS[id]], { caller: ORIGINATOR }), `add ${id}`);
            model.add(id, loanSchedule(spec, CUT_OFF));
          }
          for (const [k, end] of PERIOD_ENDS.entries()) {
            for (const [j, id] of Object.keys(SPECS).entries()) {
              const a = (history[k] as Action[])[j] as Action;
              const loan = model.loans.get(id)!;
              if (a.kind === 'pay' && loan.status === 'performing') {
                const owed = model.owed(id, end);
                const interest = pct(owed.interest, a.interestPct);
                const principal = pct(owed.principal, a.principalPct);
                const prepayment = pct(loan.balance - principal, a.prepayPct);
                must(chain.call(pool, 'reportCollection', [id, eur(interest), eur(principal), eur(prepayment)], { caller: SERVICER }), `collect ${id}`);
                model.collect(id, interest, principal, prepayment);
                seen.prepayments += prepayment > 0n ? 1 : 0;
              } else if (a.kind === 'default' && loan.status === 'performing') {
                must(chain.call(pool, 'reportDefault', [id], { caller: SERVICER }), `default ${id}`);
                model.reportDefault(id);
              } else if (a.kind === 'recover' && loan.status === 'defaulted' && !loan.defaultReported) {
                const amount = pct(loan.chargedOff - loan.recovered - loan.pRec, a.pct);
                if (amount > 0n) {
                  must(chain.call(pool, 'reportRecovery', [id, eur(amount)], { caller: SERVICER }), `recover ${id}`);
                  model.recover(id, amount);
                }
              }
            }
            const expected = model.close(end);
            const closed = must(chain.trigger(pool, 'closePeriod', [end]), `close ${end}`);
            const report = (eventsNamed(closed, 'CollectionPeriodClosed')[0] as { report: Record<string, unknown> }).report;
            const u = (f: string): bigint => unitsOf(report[f]);
            // Conservation, from the contract's own report.
            expect(u('poolBalanceStart') - u('principal') - u('prepayments') - u('defaults')).toBe(u('poolBalanceEnd'));
            expect(unitsOf(chain.view(pool, 'balance').value)).toBe(u('poolBalanceEnd'));
            let sum = 0n;
            for (const id of Object.keys(SPECS)) {
              const l = chain.view(pool, 'loan', [id]).value as { status: string; balance: unknown; contractualBalance: unknown; interestArrears: unknown };
              sum += unitsOf(l.balance);
              expect(unitsOf(l.balance) >= unitsOf(l.contractualBalance)).toBe(true);
              if (l.status !== 'performing') expect([unitsOf(l.balance), unitsOf(l.interestArrears)]).toEqual([0n, 0n]);
              seen.repaid += l.status === 'repaid' ? 1 : 0;
            }
            expect(sum).toBe(u('poolBalanceEnd'));
            // The model, figure by figure.
            expect(report).toEqual(reportAbi(expected));
            seen.arrears += expected.interestArrears + expected.principalArrears > 0n ? 1 : 0;
            seen.defaults += expected.defaults > 0n ? 1 : 0;
            seen.recoveries += expected.recoveries > 0n ? 1 : 0;
          }
        } finally {
          chain.dispose();
        }
      }),
      { numRuns: 30 },
    );
    for (const [branch, n] of Object.entries(seen)) expect(n, branch).toBeGreaterThan(0);
  });
});
