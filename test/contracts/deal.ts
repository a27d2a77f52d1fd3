/**
 * The four-loan deal both ABS tests use: loans originated on 2026-12-01, 6 % fixed, 30E/360,
 * paying on the 1st of each month; monthly collection periods; quarterly payment dates. The
 * loans are given twice: as the reference model's `LoanSpec` and as the contract's `LoanTerms`.
 */
import { eur, type LoanSpec } from './reference.ts';

export const CUT_OFF = '2027-01-01';
/** Monthly collection periods ending on the 1st, the loans' payment day. */
export const PERIOD_ENDS = Array.from({ length: 12 }, (_, k) => (k < 11 ? `2027-${String(k + 2).padStart(2, '0')}-01` : '2028-01-01'));
export const PAYMENT_DATES = ['2027-04-15', '2027-07-15', '2027-10-15', '2028-01-15'];

export const SPECS: Record<string, LoanSpec> = {
  L1: { type: 'PAM', origination: '2026-12-01', months: 24, notional: 120_000_00n, rate: '0.06' },
  L2: { type: 'LAM', origination: '2026-12-01', months: 24, notional: 60_000_00n, rate: '0.06', instalment: 2_500_00n },
  L3: { type: 'ANN', origination: '2026-12-01', months: 36, notional: 100_000_00n, rate: '0.06' },
  L4: { type: 'NAM', origination: '2026-12-01', months: 36, notional: 50_000_00n, rate: '0.06', instalment: 1_000_00n },
};

/** The same loans as the contract's `LoanTerms` (ACTUS cycles; maturity derived for the LAM). */
export const TERMS: Record<string, unknown> = {
  L1: { contractType: 'PAM', originationDate: '2026-12-01', maturityDate: '2028-12-01', notional: eur(120_000_00n), rate: '0.06', dayCount: '30E360', interestCycle: 'P1ML0' },
  L2: { contractType: 'LAM', originationDate: '2026-12-01', notional: eur(60_000_00n), rate: '0.06', dayCount: '30E360', interestCycle: 'P1ML0', principalCycle: 'P1ML0', instalment: eur(2_500_00n) },
  L3: { contractType: 'ANN', originationDate: '2026-12-01', maturityDate: '2029-12-01', notional: eur(100_000_00n), rate: '0.06', dayCount: '30E360', interestCycle: 'P1ML0', principalCycle: 'P1ML0' },
  L4: { contractType: 'NAM', originationDate: '2026-12-01', maturityDate: '2029-12-01', notional: eur(50_000_00n), rate: '0.06', dayCount: '30E360', interestCycle: 'P1ML0', principalCycle: 'P1ML0', instalment: eur(1_000_00n) },
};
