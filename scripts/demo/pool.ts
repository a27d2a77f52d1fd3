/**
 * The originator's and the servicer's side of the ABS deal: the loan tape boarded into the
 * `LoanPool` contract, and what the servicer collects on each loan each month.
 *
 * The tape is 80 fixed-rate auto loans, generated deterministically (a seeded generator, so every
 * run boards the same pool): 24 annuity loans (ACTUS ANN), 6 linear-amortising loans (LAM), 5
 * interest-only balloon loans (PAM, principal at maturity) and 5 fixed-instalment loans (NAM, the
 * rest of the balance at maturity); EUR 9,000 to 48,000 each, 3.49 % to 9.99 %, 30E/360, monthly,
 * originated over the three years before the cut-off. The pool computes each loan's schedule
 * from these terms (ACTUS) when it is boarded.
 *
 * The servicer's behaviour is the scenario's input, like the cedent's claims: each month it reads
 * from the chain what each loan owes (`dueThisPeriod`, arrears from `loan`) and reports what the
 * borrower paid — normally all of it; `plan()` says which borrowers prepay (in full or in part),
 * miss an instalment, default, and when a charged-off loan recovers (a share of the charge-off read
 * from the chain). Month 5 has a servicer system migration (65 % of interest collections delayed,
 * caught up in month 6); months 7 to 9 a dealer group's four fleet customers stop paying and
 * default; two other borrowers default in months 3 and 10.
 *
 * It does NOT compute anything the pool reports: the contract does, from these transactions.
 * @module
 */

/** `LoanTerms` of the contract, as the client encodes them (money as `{ amount, currency }`). */
export interface LoanTape {
  readonly id: string;
  readonly terms: Record<string, unknown>;
  /** Fleet customer of the dealer group that fails in months 7 to 9. */
  readonly fleet: boolean;
}

/** What happens to one loan in one month (other than paying what it owes). */
export type LoanEvent =
  | { readonly kind: 'prepay-full' }
  | { readonly kind: 'prepay-part'; readonly percent: number }
  | { readonly kind: 'miss' }
  | { readonly kind: 'default' }
  | { readonly kind: 'recover'; readonly percent: number };

/** The servicer's month: events by loan id, and the share of interest collected (100 but month 5). */
export interface ServicerMonth {
  readonly month: number;
  readonly note: string;
  readonly events: ReadonlyMap<string, LoanEvent>;
  /** Percent of the interest due that is collected this month (arrears are caught up later). */
  readonly interestPercent: number;
}

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (euros: number): { amount: string; currency: string } => ({ amount: euros.toFixed(2), currency: 'EUR' });
const ymd = (y: number, m: number, d: number): string => {
  const yy = y + Math.floor((m - 1) / 12);
  const mm = ((m - 1) % 12 + 12) % 12 + 1;
  return `${yy}-${String(mm).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** The loan tape for a cut-off on 1 January of `year`. */
export function loanTape(year: number): LoanTape[] {
  const r = rng(20_270_101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const types: string[] = [...Array(48).fill('ANN'), ...Array(12).fill('LAM'), ...Array(10).fill('PAM'), ...Array(10).fill('NAM')];
  const out: LoanTape[] = [];
  types.forEach((type, i) => {
    const notional = Math.round((9_000 + r() * 39_000) / 100) * 100;
    const rate = (349 + Math.round(r() * 650)) / 10_000;
    const term = type === 'PAM' ? pick([24, 36]) : pick([36, 48, 60, 72]);
    // Seasoning: originated 2 to 34 months before the cut-off (at least 4 payments left).
    const seasoning = Math.min(2 + Math.floor(r() * 33), term - 4);
    const day = 1 + Math.floor(r() * 28);
    const origination = ymd(year, 1 - seasoning, day);
    const maturity = ymd(year, 1 - seasoning + term, day);
    const base = { contractType: type, originationDate: origination, notional: money(notional), rate: rate.toFixed(4), dayCount: '30E360', interestCycle: 'P1ML0' };
    let terms: Record<string, unknown>;
    if (type === 'PAM') terms = { ...base, maturityDate: maturity };
    else if (type === 'ANN') terms = { ...base, maturityDate: maturity, principalCycle: 'P1ML0' };
    else if (type === 'LAM') terms = { ...base, principalCycle: 'P1ML0', instalment: money(Math.ceil(notional / term)) };
    else {
      // NAM: a fixed total payment a little below the annuity, the rest due at maturity.
      const i = rate / 12;
      const annuity = (notional * i) / (1 - (1 + i) ** -term);
      terms = { ...base, maturityDate: maturity, principalCycle: 'P1ML0', instalment: money(Math.floor(annuity * 0.9)) };
    }
    out.push({ id: `AL-${String(1001 + i)}`, terms, fleet: false });
  });
  // Four of the annuity loans are fleet vehicles financed through the same dealer group.
  return out.map((l, i) => (i % 12 === 1 && i < 48 ? { ...l, fleet: true } : l));
}

/** The servicer's twelve months for `tape` (events keyed by loan id). */
export function plan(tape: readonly LoanTape[]): ServicerMonth[] {
  const r = rng(77);
  const fleet = tape.filter((l) => l.fleet).map((l) => l.id);
  const others = tape.filter((l) => !l.fleet).map((l) => l.id);
  const gone = new Set<string>();
  const defaultedIn = new Map<string, number>();
  const months: ServicerMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const events = new Map<string, LoanEvent>();
    let note = 'normal month';
    let interestPercent = 100;
    if (m === 5) {
      interestPercent = 35;
      note = 'servicer system migration: 65 % of interest collections delayed';
    }
    if (m === 6) note = 'delayed interest caught up';
    // Two idiosyncratic defaults, each after a missed instalment: in month 3 and in month 10.
    const single = others[7] as string;
    const second = others[20] as string;
    if (m === 2) events.set(single, { kind: 'miss' });
    if (m === 3) events.set(single, { kind: 'default' });
    if (m === 9) events.set(second, { kind: 'miss' });
    if (m === 10) events.set(second, { kind: 'default' });
    // The dealer group's fleet: all miss month 7; two default in month 8, the other two in month 9.
    if (m >= 7 && m <= 9) note = 'dealer-group fleet customers stop paying';
    fleet.forEach((id, k) => {
      if (m === 7) events.set(id, { kind: 'miss' });
      if (m === 8 && k < 2) events.set(id, { kind: 'default' });
      if (m === 8 && k >= 2) events.set(id, { kind: 'miss' });
      if (m === 9 && k >= 2) events.set(id, { kind: 'default' });
    });
    // Recoveries (sale of the car) three months after the charge-off.
    for (const [id, month] of defaultedIn) if (m === month + 3) events.set(id, { kind: 'recover', percent: 45 + Math.round(r() * 15) });
    // Prepayments: about one full payoff a month and a few partial ones.
    for (const id of others) {
      if (id === single || id === second || gone.has(id) || events.has(id)) continue;
      const x = r();
      if (x < 0.012) events.set(id, { kind: 'prepay-full' });
      else if (x < 0.035) events.set(id, { kind: 'prepay-part', percent: 10 + Math.round(r() * 15) });
    }
    for (const [id, e] of events) {
      if (e.kind === 'prepay-full') gone.add(id);
      if (e.kind === 'default') {
        gone.add(id);
        defaultedIn.set(id, m);
      }
    }
    months.push({ month: m, note, events, interestPercent });
  }
  return months;
}
