/**
 * The servicer's side of the ABS deal: a simple aggregate model of an amortising auto-loan pool
 * that produces the twelve monthly collection reports the servicer sends to the waterfall
 * contract (interest, scheduled principal, prepayments, defaults and recoveries).
 *
 * These are the scenario's inputs, like the cedent's claims: the contract computes everything
 * that follows from them. A loan-level ACTUS pool will replace this model.
 *
 * Assumptions: level-payment loans (weighted average coupon 7.2 %, 48 months remaining),
 * prepayments at a constant 12 % CPR, defaults at 1.5 % CDR with a stress in months 7-9 (a dealer
 * group's fleet customers fail: 7 % CDR), recoveries of 45 % of defaulted principal three months
 * later; in month 5 a servicer system migration delays 65 % of interest collections, caught up in
 * month 6. Amounts are rounded to the cent (the report is what is sent, exactly).
 *
 * It does NOT model delinquencies, loan-level data or the servicer's fee (the waterfall pays it).
 * @module
 */

/** One monthly collection report, in cents. */
export interface CollectionReport {
  readonly month: number;
  readonly interest: bigint;
  readonly scheduledPrincipal: bigint;
  readonly prepayments: bigint;
  readonly defaults: bigint;
  readonly recoveries: bigint;
  /** A word on what happened this month, for the reader. */
  readonly note: string;
}

const WAC = 0.072;
const TERM = 48;
const CPR = 0.12;
const CDR = 0.015;
const STRESS_CDR = 0.07;
const RECOVERY_RATE = 0.45;
const RECOVERY_LAG = 3;

const monthly = (annual: number): number => 1 - (1 - annual) ** (1 / 12);
const c = (x: number): bigint => BigInt(Math.round(x * 100));

/** Twelve monthly reports for a pool of `poolCents` at closing. */
export function collectionReports(poolCents: bigint): CollectionReport[] {
  let balance = Number(poolCents) / 100;
  const r = WAC / 12;
  const defaultsByMonth: number[] = [];
  const out: CollectionReport[] = [];
  let delayedInterest = 0;
  for (let m = 1; m <= 12; m++) {
    const remaining = TERM - (m - 1);
    const stress = m >= 7 && m <= 9;
    const defaults = balance * monthly(stress ? STRESS_CDR : CDR);
    const performing = balance - defaults;
    const due = performing * r;
    const payment = (performing * r) / (1 - (1 + r) ** -remaining);
    const scheduled = payment - due;
    const prepayments = (performing - scheduled) * monthly(CPR);
    let interest = due;
    let note = stress ? 'dealer-group fleet defaults' : 'normal month';
    if (m === 5) {
      delayedInterest = due * 0.65;
      interest = due - delayedInterest;
      note = 'servicer system migration: 65 % of interest collections delayed';
    } else if (m === 6) {
      interest = due + delayedInterest;
      note = 'delayed interest caught up';
    }
    defaultsByMonth.push(defaults);
    const recoveries = m > RECOVERY_LAG ? (defaultsByMonth[m - 1 - RECOVERY_LAG] as number) * RECOVERY_RATE : 0;
    out.push({ month: m, interest: c(interest), scheduledPrincipal: c(scheduled), prepayments: c(prepayments), defaults: c(defaults), recoveries: c(recoveries), note });
    balance = performing - scheduled - prepayments;
  }
  return out;
}
