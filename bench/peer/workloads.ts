/**
 * The two workloads of the EVM peer comparison (docs/performance.md): their parameters, the
 * deterministic inputs of call i (the same on both sides), and the outcome of one call as a list
 * of cent amounts, the form in which both sides' results are compared.
 * @module
 */

/** Money in cents (both workloads use two-decimal currencies). */
export type Cents = bigint;

/** `"1234.5"` / `"-0.07"` → cents. */
export function toCents(amount: string): Cents {
  const neg = amount.startsWith('-');
  const [whole = '0', frac = ''] = (neg ? amount.slice(1) : amount).split('.');
  const c = BigInt(whole) * 100n + BigInt(`${frac}00`.slice(0, 2));
  return neg ? -c : c;
}

/** Cents → a decimal string with two fraction digits. */
export function fromCents(c: Cents): string {
  const neg = c < 0n;
  const m = neg ? -c : c;
  return `${neg ? '-' : ''}${m / 100n}.${(m % 100n).toString().padStart(2, '0')}`;
}

/** A small deterministic generator (xorshift32): inputs depend only on the call index. */
function mix(i: number, salt: number): number {
  let x = (i * 2654435761 + salt * 40503 + 0x9e3779b9) >>> 0;
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

// ---------- quota-share claim settlement ----------

/** Panel lines in units of 0.0001 (Covenant takes them as decimals: 0.2125, …). */
export const CLAIM_LINES_BP = [2125n, 1375n, 833n] as const;
export const CLAIM_PER_RISK_LIMIT: Cents = 250_000_000n; // USD 2,500,000.00
/** Cash deposited in each reinsurer's settlement account before the first claim. */
export const CLAIM_REINSURER_FUNDS: Cents = 1_000_000_000_000_000n; // USD 10 trillion: never runs out

export interface ClaimInput { readonly claimId: string; readonly grossLoss: Cents }

/**
 * Edge cases first: exact half-cent ties of the ceded share (USD 50.00 × 0.4333 = 21.665 → 21.66,
 * USD 150.00 → 64.995 → 65.00: half-even rounds to the even cent both times), a loss at the per-risk
 * limit, one cent.
 */
const CLAIM_EDGE_CASES: readonly Cents[] = [5_000n, 15_000n, CLAIM_PER_RISK_LIMIT, 1n];

/** Call i: the edge cases, then claims between USD 0.01 and 4,000,000.00 (some above the per-risk limit); unique ids. */
export function claimInput(i: number, run = 0): ClaimInput {
  const edge = CLAIM_EDGE_CASES[i];
  if (edge !== undefined) return { claimId: `CLM-${run}-${i}`, grossLoss: edge };
  const r = mix(i, 7 + run);
  const bucket = r % 10;
  const grossLoss = bucket === 0 ? BigInt(1 + (r % 500)) : bucket === 9 ? 200_000_000n + BigInt(r % 200_000_000) : BigInt(1_000 + (mix(i, 11) % 50_000_000));
  return { claimId: `CLM-${run}-${i}`, grossLoss };
}

/** Outcome of one settlement: each reinsurer's part, the ceded total, the retained amount. */
export type ClaimOutcome = readonly Cents[];

/** The expected outcome by plain bigint arithmetic (a third, independent computation, for tests). */
export function expectedClaim(grossLoss: Cents): ClaimOutcome {
  const cession = CLAIM_LINES_BP.reduce((a, b) => a + b, 0n);
  const base = grossLoss < CLAIM_PER_RISK_LIMIT ? grossLoss : CLAIM_PER_RISK_LIMIT;
  const ceded = mulHalfEven(base, cession, 10_000n);
  return [...largestRemainder(ceded, [...CLAIM_LINES_BP]), ceded, grossLoss - ceded];
}

// ---------- ABS monthly distribution ----------

export const ABS_BALANCES: readonly Cents[] = [70_000_000_000n, 10_000_000_000n, 5_000_000_000n, 3_000_000_000n]; // EUR 700m, 100m, 50m, 30m
/** Monthly coupons in units of 0.000001 (0.003 = 0.3 % a month). */
export const ABS_COUPONS_PPM = [3_000n, 4_200n, 5_500n, 7_500n] as const;
export const ABS_POOL: Cents = 100_000_000_000n; // EUR 1,000m
export const ABS_FEE_PPM = 150n;
export const ABS_RESERVE_TARGET: Cents = 1_000_000_000n; // EUR 10m
/** Over-collateralisation trigger in units of 0.0001 (1.12). */
export const ABS_OC_TRIGGER = 11_200n;

export interface AbsInput { readonly interest: Cents; readonly principal: Cents; readonly defaults: Cents }

/**
 * Month i: interest around the amount due (some months short, so shortfalls and reserve draws
 * happen), principal a little under EUR 10,000, small defaults and, in month 31 (i = 30), a
 * default spike that fails the over-collateralisation test (principal turns sequential for good).
 * Over 30,000 months (the most a full bench runs on one deployment) the pool loses about EUR 280m of
 * its EUR 1,000m.
 */
export function absInput(i: number): AbsInput {
  const r = mix(i, 3);
  const interest = 250_000_000n + BigInt(r % 120_000_000); // EUR 2.5m … 3.7m
  const principal = BigInt(500_000 + (mix(i, 5) % 499_999));
  const defaults = i === 30 ? 2_500_000_000n : BigInt(mix(i, 9) % 200_000);
  return { interest, principal, defaults };
}

/** Outcome of one distribution: per class interest, principal, balance; then fees, reserve, residual, sequential (0/1). */
export type AbsOutcome = readonly Cents[];

/** x × r ÷ scale rounded half to even (non-negative operands). */
export function mulHalfEven(x: bigint, r: bigint, scale: bigint): bigint {
  const p = x * r;
  let q = p / scale;
  const rem = p % scale;
  if (rem * 2n > scale || (rem * 2n === scale && q % 2n === 1n)) q += 1n;
  return q;
}

/** Largest remainder split of a non-negative total, ties to the lowest index. */
export function largestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const parts = weights.map((w) => (total * w) / sum);
  const rems = weights.map((w, i) => total * w - (parts[i] as bigint) * sum);
  let left = total - parts.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => (rems[b] as bigint) > (rems[a] as bigint) ? 1 : (rems[b] as bigint) < (rems[a] as bigint) ? -1 : a - b);
  for (const i of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return parts;
}

/** A reference model of the ABS distribution in plain bigint arithmetic (for tests). */
export class AbsModel {
  balances = [...ABS_BALANCES];
  shortfalls = [0n, 0n, 0n, 0n];
  pool = ABS_POOL;
  reserve = ABS_RESERVE_TARGET;
  unpaidFees = 0n;
  sequential = false;

  distribute({ interest, principal, defaults }: AbsInput): AbsOutcome {
    const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
    const poolStart = this.pool;
    this.pool -= principal + defaults;
    let revenue = interest;
    const feesDue = this.unpaidFees + mulHalfEven(poolStart, ABS_FEE_PPM, 1_000_000n);
    const due = this.balances.map((b, i) => (this.shortfalls[i] as bigint) + mulHalfEven(b, ABS_COUPONS_PPM[i] as bigint, 1_000_000n));
    const senior = feesDue + (due[0] as bigint);
    const draw = senior > revenue ? min(this.reserve, senior - revenue) : 0n;
    this.reserve -= draw;
    revenue += draw;
    const fees = min(revenue, feesDue);
    this.unpaidFees = feesDue - fees;
    revenue -= fees;
    const interestPaid = due.map((d) => {
      const p = min(revenue, d);
      revenue -= p;
      return p;
    });
    this.shortfalls = due.map((d, i) => d - (interestPaid[i] as bigint));
    const topUp = ABS_RESERVE_TARGET > this.reserve ? min(revenue, ABS_RESERVE_TARGET - this.reserve) : 0n;
    this.reserve += topUp;
    revenue -= topUp;
    const notes = this.balances.reduce((a, b) => a + b, 0n);
    if (!this.sequential && notes > 0n && (this.pool * 10_000n) / notes < ABS_OC_TRIGGER) this.sequential = true;
    let funds = principal;
    let paid: bigint[];
    if (this.sequential) {
      paid = this.balances.map((b) => {
        const p = min(funds, b);
        funds -= p;
        return p;
      });
    } else {
      paid = funds >= notes ? [...this.balances] : largestRemainder(funds, this.balances);
      for (const p of paid) funds -= p;
    }
    this.balances = this.balances.map((b, i) => b - (paid[i] as bigint));
    const out: bigint[] = [];
    for (let i = 0; i < 4; i++) out.push(interestPaid[i] as bigint, paid[i] as bigint, this.balances[i] as bigint);
    out.push(fees, this.reserve, revenue + funds, this.sequential ? 1n : 0n);
    return out;
  }
}
