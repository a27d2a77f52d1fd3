/**
 * Independent reference models for the ABS contract tests, written in plain TypeScript from the
 * rules the contracts document (contracts/abs/loan-pool.contract.ts, contracts/abs/waterfall.contract.ts,
 * docs/contracts.md) — NOT from their code or output. Amounts are bigint euro cents; rates are
 * exact rationals; every rounding is named.
 *
 * - `loanSchedule`: the contractual flows of a fixed-rate loan paying monthly on the same day of
 *   the month under 30E/360 (so every period is exactly 30/360 = 1/12 year), in closed form:
 *   PAM interest N·i; LAM interest B·i and a fixed principal; ANN the annuity
 *   A = N·i·(1+i)^n / ((1+i)^n − 1); NAM a fixed total payment, the balance due at maturity.
 * - `PoolModel`: the pool's period close (schedule rescaled after prepayments, arrears, charge-offs).
 * - `WaterfallModel`: the priority of payments.
 * Does NOT model ACTUS in general: only the loans above.
 * @module
 */

/** An exact rational n/d, d > 0. */
export interface Q { n: bigint; d: bigint }

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
export const q = (n: bigint, d = 1n): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
/** A decimal string ("0.06") as a rational. */
export const qDec = (s: string): Q => {
  const neg = s.startsWith('-');
  const [w, f = ''] = (neg ? s.slice(1) : s).split('.');
  const v = q(BigInt(w + f), 10n ** BigInt(f.length));
  return neg ? q(-v.n, v.d) : v;
};
export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const dvd = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const pow = (a: Q, k: number): Q => q(a.n ** BigInt(k), a.d ** BigInt(k));

/** n ÷ d rounded half-even to an integer. */
export function divHalfEven(n: bigint, d: bigint): bigint {
  if (d < 0n) [n, d] = [-n, -d];
  const fl = n >= 0n ? n / d : -((-n + d - 1n) / d);
  const r2 = 2n * (n - fl * d);
  if (r2 < d) return fl;
  if (r2 > d) return fl + 1n;
  return fl % 2n === 0n ? fl : fl + 1n;
}
/** A euro amount (rational) in cents, half-even. */
export const cents = (x: Q): bigint => divHalfEven(x.n * 100n, x.d);
/** Cents as the ABI's money text. */
export const eurText = (c: bigint): string => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};
export const eur = (c: bigint) => ({ amount: eurText(c), currency: 'EUR' });
export const unitsOf = (m: unknown): bigint => BigInt((m as { amount: string }).amount.replace('.', ''));

/** Largest-remainder split of `total` by `weights` (ties to the lowest index; negative mirrors). */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  const sumW = weights.reduce((a, b) => a + b, 0n);
  if (sumW <= 0n || weights.some((w) => w < 0n)) throw new Error('bad weights');
  const mag = total < 0n ? -total : total;
  const parts = weights.map((w) => (mag * w) / sumW);
  const rems = weights.map((w, i) => mag * w - (parts[i] as bigint) * sumW);
  let left = mag - parts.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => (rems[a] === rems[b] ? a - b : (rems[a] as bigint) > (rems[b] as bigint) ? -1 : 1));
  for (const i of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return total < 0n ? parts.map((p) => -p) : parts;
}

/** Dues in full if `available` covers them, else `available` shared by largest remainder. */
export function payProRata(available: bigint, dues: readonly bigint[]): bigint[] {
  const total = dues.reduce((a, b) => a + b, 0n);
  return available >= total ? [...dues] : allocate(available, dues);
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

// ---------------------------------------------------------------------------------------------
// Dates (ISO text; plain calendar arithmetic).

export function addMonths(iso: string, k: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + k, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}
export const daysBetween = (a: string, b: string): bigint => BigInt(Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000));

// ---------------------------------------------------------------------------------------------
// Loan schedules.

export interface LoanSpec {
  type: 'PAM' | 'LAM' | 'ANN' | 'NAM';
  /** Origination; payments on the same day of each following month. */
  origination: string;
  /** Number of monthly payments (the last on the maturity date). */
  months: number;
  notional: bigint; // cents
  rate: string; // annual, decimal text
  /** LAM: principal per month; NAM: total payment per month (cents). */
  instalment?: bigint;
}

/** One contractual payment date: interest and the balance after it, both rounded to the cent. */
export interface Flow { date: string; interest: bigint; balance: bigint }

/** The exact monthly flows of a loan, before rounding. */
export function exactFlows(s: LoanSpec): { date: string; interest: Q; balance: Q }[] {
  const i = mul(qDec(s.rate), q(1n, 12n)); // 30/360 of a year
  const n = s.months;
  let b = q(s.notional, 100n);
  let annuity: Q | undefined;
  if (s.type === 'ANN') {
    const g = pow(add(q(1n), i), n);
    annuity = dvd(mul(mul(b, i), g), sub(g, q(1n)));
  }
  const out: { date: string; interest: Q; balance: Q }[] = [];
  for (let k = 1; k <= n; k++) {
    const interest = mul(b, i);
    let principal: Q;
    if (k === n || s.type === 'PAM') principal = k === n ? b : q(0n);
    else if (s.type === 'LAM') principal = q(s.instalment as bigint, 100n);
    else if (s.type === 'ANN') principal = sub(annuity as Q, interest);
    else principal = sub(q(s.instalment as bigint, 100n), interest);
    b = sub(b, principal);
    out.push({ date: addMonths(s.origination, k), interest, balance: b });
  }
  return out;
}

/** The pool's view of a loan: element 0 is the cut-off position, then each date after it, in cents. */
export function loanSchedule(s: LoanSpec, cutOff: string): Flow[] {
  const exact = exactFlows(s);
  let opening = s.notional;
  const out: Flow[] = [];
  for (const f of exact) {
    if (f.date <= cutOff) opening = cents(f.balance);
    else out.push({ date: f.date, interest: cents(f.interest), balance: cents(f.balance) });
  }
  return [{ date: cutOff, interest: 0n, balance: opening }, ...out];
}

// ---------------------------------------------------------------------------------------------
// The pool.

interface LoanState {
  schedule: Flow[];
  status: 'performing' | 'defaulted' | 'repaid';
  balance: bigint;
  contractual: bigint;
  interestArrears: bigint;
  defaultReported: boolean;
  chargedOff: bigint;
  recovered: bigint;
  pI: bigint; pP: bigint; pPre: bigint; pRec: bigint;
}

export interface Report {
  periodStart: string; periodEnd: string; poolBalanceStart: bigint;
  scheduledInterest: bigint; scheduledPrincipal: bigint; interest: bigint; principal: bigint; prepayments: bigint;
  defaults: bigint; recoveries: bigint; poolBalanceEnd: bigint; interestArrears: bigint; principalArrears: bigint; performingLoans: bigint;
}

export class PoolModel {
  readonly loans = new Map<string, LoanState>();
  lastClose: string;
  constructor(cutOff: string) {
    this.lastClose = cutOff;
  }

  add(id: string, schedule: Flow[]): void {
    const b = (schedule[0] as Flow).balance;
    this.loans.set(id, { schedule, status: 'performing', balance: b, contractual: b, interestArrears: 0n, defaultReported: false, chargedOff: 0n, recovered: 0n, pI: 0n, pP: 0n, pPre: 0n, pRec: 0n });
  }

  get balance(): bigint {
    return [...this.loans.values()].reduce((a, l) => a + l.balance, 0n);
  }

  static balanceAt(s: Flow[], d: string): bigint {
    let b = (s[0] as Flow).balance;
    for (const f of s) if (f.date <= d) b = f.balance;
    return b;
  }

  /** Scheduled interest, principal and contractual end balance for (start, end]. */
  due(id: string, start: string, end: string): { interest: bigint; principal: bigint; contractualEnd: bigint } {
    const l = this.loans.get(id)!;
    const from = PoolModel.balanceAt(l.schedule, start);
    const to = PoolModel.balanceAt(l.schedule, end);
    const interest = l.schedule.filter((f) => f.date > start && f.date <= end).reduce((a, f) => a + f.interest, 0n);
    if (l.contractual === from) return { interest, principal: from - to, contractualEnd: to };
    if (from === 0n) return { interest: 0n, principal: 0n, contractualEnd: 0n };
    // Rescaled by contractual ÷ scheduled balance, rounded once, half-even.
    const contractualEnd = divHalfEven(to * l.contractual, from);
    return { interest: divHalfEven(interest * l.contractual, from), principal: l.contractual - contractualEnd, contractualEnd };
  }

  /** What is still owed in the open period ending `end` (arrears included). */
  owed(id: string, end: string): { interest: bigint; principal: bigint } {
    const l = this.loans.get(id)!;
    const d = this.due(id, this.lastClose, end);
    return { interest: d.interest + l.interestArrears - l.pI, principal: d.principal + l.balance - l.contractual - l.pP };
  }

  collect(id: string, interest: bigint, principal: bigint, prepayment: bigint): void {
    const l = this.loans.get(id)!;
    l.pI += interest;
    l.pP += principal;
    l.pPre += prepayment;
  }

  reportDefault(id: string): void {
    const l = this.loans.get(id)!;
    l.status = 'defaulted';
    l.defaultReported = true;
  }

  recover(id: string, amount: bigint): void {
    this.loans.get(id)!.pRec += amount;
  }

  close(end: string): Report {
    const start = this.lastClose;
    const r: Report = {
      periodStart: start, periodEnd: end, poolBalanceStart: this.balance, scheduledInterest: 0n, scheduledPrincipal: 0n,
      interest: 0n, principal: 0n, prepayments: 0n, defaults: 0n, recoveries: 0n, poolBalanceEnd: 0n, interestArrears: 0n,
      principalArrears: 0n, performingLoans: 0n,
    };
    for (const [id, l] of [...this.loans].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      r.interest += l.pI;
      r.principal += l.pP;
      r.prepayments += l.pPre;
      r.recoveries += l.pRec;
      l.recovered += l.pRec;
      if (l.status === 'performing' || l.defaultReported) {
        const d = this.due(id, start, end);
        r.scheduledInterest += d.interest;
        r.scheduledPrincipal += d.principal;
        l.interestArrears += d.interest - l.pI;
        l.balance -= l.pP + l.pPre;
        l.contractual = min(max(d.contractualEnd - l.pPre, 0n), l.balance);
      }
      if (l.defaultReported) {
        r.defaults += l.balance;
        l.chargedOff = l.balance;
        l.balance = 0n;
        l.contractual = 0n;
        l.interestArrears = 0n;
        l.defaultReported = false;
      } else if (l.status === 'performing' && l.balance === 0n && l.interestArrears === 0n) {
        l.status = 'repaid';
      }
      if (l.status === 'performing') {
        r.performingLoans += 1n;
        r.interestArrears += l.interestArrears;
        r.principalArrears += l.balance - l.contractual;
      }
      l.pI = l.pP = l.pPre = l.pRec = 0n;
    }
    r.poolBalanceEnd = this.balance;
    this.lastClose = end;
    return r;
  }
}

/** A report as the contract's ABI encodes it. */
export function reportAbi(r: Report): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    out[k] = typeof v === 'string' ? v : k === 'performingLoans' ? v.toString() : eur(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The waterfall.

export interface DealTerms {
  balances: [bigint, bigint, bigint];
  coupons: [string, string, string];
  pool: bigint;
  reserveTarget: bigint;
  trusteeFee: string;
  servicingFee: string;
  oc: string;
  ic: string;
  closing: string;
}

export interface Run {
  cashIn: bigint; seniorFees: bigint; reserveChange: bigint; residual: bigint; sequential: boolean;
  interest: bigint[]; principal: bigint[]; shortfall: bigint[]; balance: bigint[];
  /** For the ordering properties: what was due, before payment. */
  feesDue: bigint; interestDue: bigint[]; unpaidFees: bigint; ocPasses: boolean; icPasses: boolean;
  reserveDraw: bigint; topUp: bigint; cure: bigint;
}

/** `balance × rate × days ÷ 360`, rounded once, half-even (Actual/360). */
export function accrue360(balance: bigint, rate: string, days: bigint): bigint {
  const r = qDec(rate);
  return divHalfEven(balance * r.n * days, r.d * 360n);
}

/** `a ÷ b` truncated to 4 decimals, compared with `trigger` (both positive). */
const ratioAtLeast = (a: bigint, b: bigint, trigger: string): boolean => {
  const t = qDec(trigger);
  return (a * 10_000n) / b * t.d >= t.n * 10_000n;
};

export class WaterfallModel {
  balances: bigint[];
  shortfalls = [0n, 0n, 0n];
  pool: bigint;
  periodStartPool: bigint;
  last: string;
  col = { interest: 0n, principal: 0n, recoveries: 0n, defaults: 0n };
  reserve: bigint;
  deficiency = 0n;
  unpaidTrustee = 0n;
  unpaidServicer = 0n;
  sequential = false;
  readonly t: DealTerms;

  constructor(t: DealTerms) {
    this.t = t;
    this.balances = [...t.balances];
    this.pool = t.pool;
    this.periodStartPool = t.pool;
    this.last = t.closing;
    this.reserve = t.reserveTarget;
  }

  report(interest: bigint, principal: bigint, recoveries: bigint, defaults: bigint): void {
    this.col.interest += interest;
    this.col.principal += principal;
    this.col.recoveries += recoveries;
    this.col.defaults += defaults;
    this.pool -= principal + defaults;
    this.deficiency += defaults;
  }

  distribute(date: string): Run {
    const t = this.t;
    const days = daysBetween(this.last, date);
    const c = this.col;
    const cashIn = c.interest + c.principal + c.recoveries;
    const reserveBefore = this.reserve;
    let revenue = c.interest + c.recoveries;
    const trusteeDue = this.unpaidTrustee + accrue360(this.periodStartPool, t.trusteeFee, days);
    const servicerDue = this.unpaidServicer + accrue360(this.periodStartPool, t.servicingFee, days);
    const interestDue = [0, 1, 2].map((k) => (this.shortfalls[k] as bigint) + accrue360(this.balances[k] as bigint, t.coupons[k] as string, days));
    const seniorDue = trusteeDue + servicerDue + (interestDue[0] as bigint) + (interestDue[1] as bigint);
    const icPasses = seniorDue === 0n || ratioAtLeast(revenue, seniorDue, t.ic);
    // The reserve covers senior fees and class A interest only.
    const reserveDraw = min(this.reserve, max(trusteeDue + servicerDue + (interestDue[0] as bigint) - revenue, 0n));
    this.reserve -= reserveDraw;
    revenue += reserveDraw;
    const fees = payProRata(revenue, [trusteeDue, servicerDue]);
    this.unpaidTrustee = trusteeDue - (fees[0] as bigint);
    this.unpaidServicer = servicerDue - (fees[1] as bigint);
    const seniorFees = (fees[0] as bigint) + (fees[1] as bigint);
    revenue -= seniorFees;
    const interest: bigint[] = [];
    for (const k of [0, 1]) {
      interest.push(min(revenue, interestDue[k] as bigint));
      revenue -= interest[k] as bigint;
    }
    const topUp = min(revenue, max(t.reserveTarget - this.reserve, 0n));
    this.reserve += topUp;
    revenue -= topUp;
    const cure = min(revenue, this.deficiency);
    this.deficiency -= cure;
    revenue -= cure;
    interest.push(min(revenue, interestDue[2] as bigint));
    revenue -= interest[2] as bigint;
    const notesAB = (this.balances[0] as bigint) + (this.balances[1] as bigint);
    const ocPasses = notesAB === 0n || ratioAtLeast(this.pool, notesAB, t.oc);
    if (!ocPasses || !icPasses) this.sequential = true;
    let funds = c.principal + cure;
    let principal: bigint[];
    if (this.sequential) {
      principal = this.balances.map((b) => {
        const p = min(funds, b);
        funds -= p;
        return p;
      });
    } else {
      principal = payProRata(funds, this.balances);
      funds -= principal.reduce((a, b) => a + b, 0n);
    }
    this.balances = this.balances.map((b, k) => b - (principal[k] as bigint));
    this.shortfalls = interestDue.map((d, k) => d - (interest[k] as bigint));
    const residual = revenue + funds;
    this.col = { interest: 0n, principal: 0n, recoveries: 0n, defaults: 0n };
    this.periodStartPool = this.pool;
    this.last = date;
    return {
      cashIn, seniorFees, reserveChange: this.reserve - reserveBefore, residual, sequential: this.sequential,
      interest, principal, shortfall: [...this.shortfalls], balance: [...this.balances],
      feesDue: trusteeDue + servicerDue, interestDue, unpaidFees: this.unpaidTrustee + this.unpaidServicer, ocPasses, icPasses,
      reserveDraw, topUp, cure,
    };
  }
}
