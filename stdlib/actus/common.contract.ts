/**
 * `@covenant/std/actus/common`: the machinery the ACTUS loan types (PAM, LAM, NAM, ANN) share,
 * written in the Covenant language from the ACTUS Technical Specification (v1.1): contract terms,
 * the event schedule (its dates from `@covenant/std/dates`: cycles, schedules with stubs,
 * end-of-month and business-day conventions, year fractions), the event sequence, state initialisation, state transition and payoff functions (scaling by an
 * index, SC, included), and the annuity amount function.
 *
 * Numbers are exact `Decimal`s; every product and quotient is rounded half-even to
 * {@link ACTUS_SCALE} fraction digits, so results are identical on every node and far inside the
 * 1e-6 tolerance of the ACTUS test beds. Does NOT implement fees (FP), prepayments (PP/PY), credit
 * events (CE) or contract types other than the four loans.
 * @module
 */
import {
  type BusinessDayCalendar, type BusinessDayConvention, type DayCountConvention, type EndOfMonthConvention,
  addCycle, calculationDate, cycleDate, parseCycle, schedule, shiftDate, yearFractionExact,
} from '@covenant/std/dates';

/** Fraction digits kept after every multiplication or division. */
export const ACTUS_SCALE: Int = 24;

/**
 * ACTUS contract terms, by their data-dictionary names; dates without time of day. Only the terms
 * the four loan types use. Absent optional terms mean the dictionary's "undefined".
 */
export interface ActusTerms {
  contractType: string;
  contractRole: string;
  statusDate: LocalDate;
  initialExchangeDate: LocalDate;
  maturityDate?: LocalDate;
  amortizationDate?: LocalDate;
  notionalPrincipal: Decimal;
  nominalInterestRate?: Decimal;
  accruedInterest?: Decimal;
  premiumDiscountAtIED?: Decimal;
  dayCountConvention: string;
  businessDayConvention?: string;
  endOfMonthConvention?: string;
  calendar?: string;
  cycleAnchorDateOfInterestPayment?: LocalDate;
  cycleOfInterestPayment?: string;
  capitalizationEndDate?: LocalDate;
  cycleAnchorDateOfRateReset?: LocalDate;
  cycleOfRateReset?: string;
  rateSpread?: Decimal;
  rateMultiplier?: Decimal;
  nextResetRate?: Decimal;
  marketObjectCodeOfRateReset?: string;
  lifeCap?: Decimal;
  lifeFloor?: Decimal;
  periodCap?: Decimal;
  periodFloor?: Decimal;
  purchaseDate?: LocalDate;
  priceAtPurchaseDate?: Decimal;
  terminationDate?: LocalDate;
  priceAtTerminationDate?: Decimal;
  cycleAnchorDateOfPrincipalRedemption?: LocalDate;
  cycleOfPrincipalRedemption?: string;
  nextPrincipalRedemptionPayment?: Decimal;
  interestCalculationBase?: string;
  interestCalculationBaseAmount?: Decimal;
  /**
   * Names of date terms given at 23:59:59, which ACTUS reads as the midnight that ends the day
   * (`maturityDate`, `terminationDate`): the event keeps its date, interest runs to the next day.
   */
  endOfDayTerms?: string[];
  cycleAnchorDateOfInterestCalculationBase?: LocalDate;
  cycleOfInterestCalculationBase?: string;
  /** Which payments an index scales (SCEF): `I` first = interest, `N` second = principal; `000` none. */
  scalingEffect?: string;
  /** The scaling index (SCMO), read from the observed market data on each SC date. */
  marketObjectCodeOfScalingIndex?: string;
  /** The index value the multipliers are relative to (SCCDD). */
  scalingIndexAtContractDealDate?: Decimal;
  cycleAnchorDateOfScalingIndex?: LocalDate;
  cycleOfScalingIndex?: string;
  /** The initial principal multiplier (SCNT, default 1). */
  notionalScalingMultiplier?: Decimal;
  /** The initial interest multiplier (SCIP, default 1). */
  interestScalingMultiplier?: Decimal;
}

/** One observation of a market object (e.g. a reference rate), used by rate resets. */
export interface ActusObservation {
  code: string;
  date: LocalDate;
  value: Decimal;
}

/** One event of the schedule, with the contract's state after it (role-signed, as ACTUS does). */
export interface ActusEvent {
  date: LocalDate;
  type: string;
  payoff: Decimal;
  notional: Decimal;
  rate: Decimal;
  accrued: Decimal;
}

/** A scheduled event before evaluation: its (shifted) date, calculation date, type and order key. */
interface Planned {
  date: LocalDate;
  calc: LocalDate;
  type: string;
  key: Int;
}

/** Contract state variables (ACTUS names in the comments). */
interface LoanState {
  md: LocalDate; // Md, maturity
  nt: Decimal; // Nt, notional principal (signed)
  ipnr: Decimal; // Ipnr, nominal interest rate
  ipac: Decimal; // Ipac, accrued interest (signed)
  ipcb: Decimal; // Ipcb, interest calculation base (signed)
  prnxt: Decimal; // Prnxt, next principal redemption payment (signed for NAM/ANN)
  nsc: Decimal; // Nsc, notional (principal) scaling multiplier
  isc: Decimal; // Isc, interest scaling multiplier
  sd: LocalDate; // Sd, status date (calculation date of the last event)
}

/** The day event keys count from (any fixed date would do). */
const KEY_EPOCH: LocalDate = date('1970-01-05');

/** `x` rounded half-even to {@link ACTUS_SCALE} digits. */
export function fix(x: Decimal): Decimal {
  return round(x, ACTUS_SCALE, 'half-even');
}

/** `a ÷ b` to {@link ACTUS_SCALE} digits, half-even. */
export function quotient(a: Decimal, b: Decimal): Decimal {
  return divide(a, b, ACTUS_SCALE, 'half-even');
}

/** The day-count convention named by the `dayCountConvention` term (reverts if unknown). */
export function dayCountOf(dcc: string): DayCountConvention {
  if (dcc == 'A365') {
    return 'A365';
  }
  if (dcc == 'A360') {
    return 'A360';
  }
  if (dcc == 'AA') {
    return 'AA';
  }
  if (dcc == '30E360') {
    return '30E360';
  }
  if (dcc == '30E360ISDA') {
    return '30E360ISDA';
  }
  if (dcc == '28E336') {
    return '28E336';
  }
  revert('unknown ACTUS day count convention: ' + dcc);
}

/** The business-day convention named by the `businessDayConvention` term (absent: `NOS`). */
export function businessDayConventionOf(bdc: string | undefined): BusinessDayConvention {
  if (bdc === undefined || bdc == 'NOS') {
    return 'NOS';
  }
  if (bdc == 'SCF') {
    return 'SCF';
  }
  if (bdc == 'SCMF') {
    return 'SCMF';
  }
  if (bdc == 'CSF') {
    return 'CSF';
  }
  if (bdc == 'CSMF') {
    return 'CSMF';
  }
  if (bdc == 'SCP') {
    return 'SCP';
  }
  if (bdc == 'SCMP') {
    return 'SCMP';
  }
  if (bdc == 'CSP') {
    return 'CSP';
  }
  if (bdc == 'CSMP') {
    return 'CSMP';
  }
  revert('unknown ACTUS business day convention: ' + bdc);
}

/** The calendar named by the `calendar` term (absent: `NC`, every day a business day). */
export function calendarOf(calendar: string | undefined): BusinessDayCalendar {
  if (calendar == 'MF') {
    return 'MF';
  }
  require(calendar === undefined || calendar == 'NC', 'unknown ACTUS calendar: ' + (calendar ?? ''));
  return 'NC';
}

/** The end-of-month convention named by the `endOfMonthConvention` term (absent: `SD`). */
export function endOfMonthOf(eomc: string | undefined): EndOfMonthConvention {
  if (eomc == 'EOM') {
    return 'EOM';
  }
  require(eomc === undefined || eomc == 'SD', 'unknown ACTUS end of month convention: ' + (eomc ?? ''));
  return 'SD';
}

/**
 * Year fraction Y(s, t) (§3.6) at {@link ACTUS_SCALE} digits: the exact fraction of
 * `@covenant/std/dates` (`yearFractionExact`), rounded once; 0 when `t` is not after `s`.
 * `md` is the maturity (used by 30E360ISDA).
 */
export function actusYearFraction(s: LocalDate, t: LocalDate, dcc: DayCountConvention, md: LocalDate): Decimal {
  if (t <= s) {
    return 0;
  }
  const f = yearFractionExact(s, t, dcc, md);
  return quotient(f.numerator, f.denominator);
}

/** Contract role sign R (§3.7): +1 for RPA, LG, …; −1 for RPL, ST, …. */
export function roleSign(role: string): Int {
  if (role == 'RPL' || role == 'ST' || role == 'SEL' || role == 'PFL' || role == 'GUA' || role == 'UDLM') {
    return -1;
  }
  return 1;
}

/** Event sequence within one instant (dictionary `sequence`; PRF follows the RR it belongs to). */
export function eventSequence(type: string): Int {
  switch (type) {
    case 'IED': return 1;
    case 'FP': return 2;
    case 'PR': return 3;
    case 'PD': return 4;
    case 'PY': return 6;
    case 'PP': return 7;
    case 'IP': return 8;
    case 'IPCI': return 9;
    case 'CE': return 10;
    case 'RRF': return 11;
    case 'RR': return 12;
    case 'PRF': return 13;
    case 'DV': return 14;
    case 'PRD': return 15;
    case 'MR': return 16;
    case 'TD': return 17;
    case 'SC': return 18;
    case 'IPCB': return 19;
    case 'MD': return 20;
    default: return 22;
  }
}

/** Sort key of an event: its date, then its sequence. */
export function eventKey(d: LocalDate, type: string): Int {
  return daysBetween(KEY_EPOCH, d) * 100 + eventSequence(type);
}

/** The observed value of `code` at `d`: the latest observation on or before `d` (else the first). */
export function observe(observed: ActusObservation[], code: string, d: LocalDate): Decimal {
  let found = false;
  let best: Decimal = 0;
  let bestDate = d;
  let first: Decimal = 0;
  let firstDate = d;
  let any = false;
  for (const o of observed) {
    if (o.code != code) {
      continue;
    }
    if (!any || o.date < firstDate) {
      first = o.value;
      firstDate = o.date;
      any = true;
    }
    if (o.date <= d && (!found || o.date >= bestDate)) {
      best = o.value;
      bestDate = o.date;
      found = true;
    }
  }
  require(any, 'no market data observed for ' + code);
  return found ? best : first;
}

/**
 * The annuity amount A(s, T, n, a, r) of §3.8 over `dates` = (s, t1, …, tm): with
 * f_i = 1 + r·Y(t_{i−1}, t_i), (n + a) · Π_{i≥1} f_i ÷ (1 + Σ_{k≥2} Π_{i≥k} f_i), the
 * reference implementation's reading of the formula (the payment that repays n + a by tm).
 */
export function annuityAmount(dates: LocalDate[], n: Decimal, a: Decimal, r: Decimal, dcc: DayCountConvention, md: LocalDate): Decimal {
  const m = dates.length;
  if (m < 2) {
    return n + a;
  }
  let sum: Decimal = 0;
  let prod: Decimal = 1;
  for (let i = m - 2; i >= 0; i--) {
    prod = fix(prod * fix(1 + fix(r * actusYearFraction(dates[i], dates[i + 1], dcc, md))));
    if (i > 0) {
      sum = sum + prod;
    }
  }
  return quotient((n + a) * prod, 1 + sum);
}

function plan(out: Planned[], d: LocalDate, type: string, bdc: BusinessDayConvention, calendar: BusinessDayCalendar, dayEnds: LocalDate[]): void {
  const shifted = shiftDate(d, bdc, calendar);
  const calc = calculationDate(d, bdc, calendar);
  out.push({ date: shifted, calc: dayEnds.includes(calc) ? addDays(calc, 1) : calc, type, key: eventKey(shifted, type) });
}

function planFixed(out: Planned[], d: LocalDate, type: string, dayEnds: LocalDate[]): void {
  out.push({ date: d, calc: dayEnds.includes(d) ? addDays(d, 1) : d, type, key: eventKey(d, type) });
}

/** The anchor of a cycle: the anchor date term if set, else IED + one cycle. */
function anchorOf(anchor: LocalDate | undefined, cycle: string | undefined, ied: LocalDate): LocalDate | undefined {
  if (anchor !== undefined) {
    return anchor;
  }
  if (cycle !== undefined) {
    return addCycle(ied, cycle, 1);
  }
  return undefined;
}

/** Principal redemption dates (LAM, NAM, ANN): S(PRANX, PRCL, T_MD, false). */
function redemptionDates(t: ActusTerms, md: LocalDate): LocalDate[] {
  const s = anchorOf(t.cycleAnchorDateOfPrincipalRedemption, t.cycleOfPrincipalRedemption, t.initialExchangeDate);
  if (s === undefined) {
    return [];
  }
  return schedule(s, t.cycleOfPrincipalRedemption, md, false, endOfMonthOf(t.endOfMonthConvention));
}

/** The maturity date Md(t0): the MD term, or derived from the redemption plan (LAM/NAM/ANN). */
function maturityOf(t: ActusTerms): LocalDate {
  const mdTerm = t.maturityDate;
  if (mdTerm !== undefined) {
    return mdTerm;
  }
  const amd = t.amortizationDate;
  if (amd !== undefined) {
    return amd;
  }
  const cycle = t.cycleOfPrincipalRedemption;
  const prnxt = t.nextPrincipalRedemptionPayment;
  require(cycle !== undefined && prnxt !== undefined, 'ACTUS: maturity date cannot be derived');
  const cy = parseCycle(cycle);
  const dcc = dayCountOf(t.dayCountConvention);
  const s = anchorOf(t.cycleAnchorDateOfPrincipalRedemption, cycle, t.initialExchangeDate)!;
  let periods: Int = 0;
  if (t.contractType == 'LAM') {
    periods = toInt(divide(t.notionalPrincipal, prnxt, 0, 'ceiling'), 'down');
  } else {
    // NAM / ANN: simulate the redemption of the notional at the fixed payment (at most 1,000 periods).
    let nt = t.notionalPrincipal;
    let prev = t.initialExchangeDate;
    const r = t.nominalInterestRate ?? 0;
    while (nt > 0 && periods < 1000) {
      const d = cycleDate(s, cy, periods, 'SD');
      const interest = fix(nt * fix(r * actusYearFraction(prev, d, dcc, d)));
      nt = nt - (prnxt - interest);
      prev = d;
      periods++;
    }
  }
  return cycleDate(s, cy, periods - 1, endOfMonthOf(t.endOfMonthConvention));
}

/** True if the scaling effect (SCEF, e.g. `INO`, `I00`) scales interest payments: its first letter is `I`. */
function scalesInterest(t: ActusTerms): boolean {
  const scef = t.scalingEffect ?? '000';
  return scef.slice(0, 1) == 'I';
}

/** True if the scaling effect scales principal payments: its second letter is `N`. */
function scalesNotional(t: ActusTerms): boolean {
  const scef = t.scalingEffect ?? '000';
  return scef.slice(1, 2) == 'N';
}

/** The event schedule of a loan, unevaluated, in evaluation order. */
function plannedEvents(t: ActusTerms, md: LocalDate): Planned[] {
  const ct = t.contractType;
  const bdc = businessDayConventionOf(t.businessDayConvention);
  const cal = calendarOf(t.calendar);
  const eomc = endOfMonthOf(t.endOfMonthConvention);
  const ied = t.initialExchangeDate;
  const out: Planned[] = [];
  // Dates given at 23:59:59: events on them calculate to the end of the day.
  const dayEnds: LocalDate[] = [];
  const eod = t.endOfDayTerms ?? [];
  if (eod.includes('maturityDate') || (t.maturityDate === undefined && eod.includes('amortizationDate'))) {
    dayEnds.push(md);
  }
  planFixed(out, ied, 'IED', dayEnds);
  plan(out, md, 'MD', bdc, cal, dayEnds);
  const prd = t.purchaseDate;
  const td = t.terminationDate;
  if (prd !== undefined) {
    planFixed(out, prd, 'PRD', dayEnds);
  }
  if (td !== undefined) {
    // Only the termination itself runs to the end of its day; other events of that day do not.
    planFixed(out, td, 'TD', eod.includes('terminationDate') ? [td] : dayEnds);
  }
  const amortizing = ct == 'LAM' || ct == 'NAM' || ct == 'ANN';
  const none: LocalDate[] = [];
  const prDates = amortizing ? redemptionDates(t, md) : none;
  for (const d of prDates) {
    plan(out, d, 'PR', bdc, cal, dayEnds);
  }
  // Interest payments, the ones up to the capitalisation end date capitalised (IPCI).
  const ipced = t.capitalizationEndDate;
  if (t.nominalInterestRate !== undefined) {
    let ipDates: LocalDate[] = [];
    const ipAnchor = anchorOf(t.cycleAnchorDateOfInterestPayment, t.cycleOfInterestPayment, ied);
    if ((ct == 'NAM' || ct == 'ANN') && prDates.length > 0) {
      // IP = (S(r, IPCL, PRANX − PRCL), PR dates) up to maturity.
      const prAnchor = anchorOf(t.cycleAnchorDateOfPrincipalRedemption, t.cycleOfPrincipalRedemption, ied)!;
      const prCycle = t.cycleOfPrincipalRedemption;
      const before = prCycle === undefined ? prAnchor : addCycle(prAnchor, prCycle, -1);
      if (ipAnchor !== undefined && ipAnchor < before) {
        ipDates = schedule(ipAnchor, t.cycleOfInterestPayment, before, true, eomc);
      } else if (ipAnchor !== undefined && ipAnchor == before) {
        ipDates.push(ipAnchor);
      }
      for (const d of schedule(prAnchor, prCycle, md, true, eomc)) {
        if (!ipDates.includes(d)) {
          ipDates.push(d);
        }
      }
    } else if (ipAnchor !== undefined) {
      ipDates = schedule(ipAnchor, t.cycleOfInterestPayment, md, true, eomc);
    }
    for (const d of ipDates) {
      if (ipced !== undefined && d <= ipced) {
        if (d != ipced) {
          plan(out, d, 'IPCI', bdc, cal, dayEnds);
        }
      } else {
        plan(out, d, 'IP', bdc, cal, dayEnds);
      }
    }
    if (ipced !== undefined) {
      plan(out, ipced, 'IPCI', bdc, cal, dayEnds);
    }
  }
  // Rate resets; the first after the status date is fixed (RRF) when the next rate is known.
  const rrAnchor = anchorOf(t.cycleAnchorDateOfRateReset, t.cycleOfRateReset, ied);
  if (rrAnchor !== undefined) {
    let fixedDone = t.nextResetRate === undefined;
    for (const d of schedule(rrAnchor, t.cycleOfRateReset, md, false, eomc)) {
      if (!fixedDone && d > t.statusDate) {
        plan(out, d, 'RRF', bdc, cal, dayEnds);
        fixedDone = true;
      } else {
        plan(out, d, 'RR', bdc, cal, dayEnds);
      }
      if (ct == 'ANN') {
        plan(out, d, 'PRF', bdc, cal, dayEnds);
      }
    }
  }
  // Interest calculation base resets (NTL).
  if (amortizing && t.interestCalculationBase == 'NTL') {
    const s = anchorOf(t.cycleAnchorDateOfInterestCalculationBase, t.cycleOfInterestCalculationBase, ied);
    if (s !== undefined) {
      for (const d of schedule(s, t.cycleOfInterestCalculationBase, md, false, eomc)) {
        plan(out, d, 'IPCB', bdc, cal, dayEnds);
      }
    }
  }
  // Scaling index observations (SC), when the scaling effect scales interest or principal.
  if (scalesInterest(t) || scalesNotional(t)) {
    const s = anchorOf(t.cycleAnchorDateOfScalingIndex, t.cycleOfScalingIndex, ied);
    if (s !== undefined) {
      for (const d of schedule(s, t.cycleOfScalingIndex, md, false, eomc)) {
        plan(out, d, 'SC', bdc, cal, dayEnds);
      }
    }
  }
  // ANN without a given payment: fix it the day before the first redemption (when that is on
  // the initial exchange date, IED itself fixes it, as the reference implementation does).
  if (ct == 'ANN' && t.nextPrincipalRedemptionPayment === undefined && prDates.length > 0 && prDates[0] > ied) {
    planFixed(out, max(addDays(prDates[0], -1), ied), 'PRF', dayEnds);
  }
  // Lifetime: from the status date (and purchase), up to termination and maturity.
  const sdKey = eventKey(t.statusDate, 'AD');
  const tdKey = td === undefined ? eventKey(shiftDate(md, bdc, cal), 'MD') : eventKey(td, 'TD');
  // The maturity as its (business-day shifted) event date.
  const mdKey = eventKey(shiftDate(md, bdc, cal), 'MD');
  const kept = out.filter((e) => e.key >= sdKey - 50 && daysBetween(t.statusDate, e.date) > 0 && e.key <= tdKey && e.key <= mdKey);
  return sortBy(kept, (e) => e.key);
}

/** The interest accrued from the status date to `calc`: Y(Sd, t) · Ipnr · base. */
function accrual(st: LoanState, calc: LocalDate, base: Decimal, dcc: DayCountConvention): Decimal {
  return fix(fix(actusYearFraction(st.sd, calc, dcc, st.md) * st.ipnr) * base);
}

/**
 * The full ACTUS event schedule of a PAM, LAM, NAM or ANN contract: each event with its payoff
 * and the state after it (notional, nominal rate, accrued interest), evaluated in order.
 * `observed` holds the market data rate resets read.
 */
export function loanEvents(t: ActusTerms, observed: ActusObservation[]): ActusEvent[] {
  const ct = t.contractType;
  require(ct == 'PAM' || ct == 'LAM' || ct == 'NAM' || ct == 'ANN', 'unsupported ACTUS contract type: ' + ct);
  const r = roleSign(t.contractRole);
  const dcc = dayCountOf(t.dayCountConvention);
  const md = maturityOf(t);
  const planned = plannedEvents(t, md);
  const prd = t.purchaseDate;
  const prdKey = prd === undefined ? 0 : eventKey(prd, 'PRD');
  const usesIpcb = ct != 'PAM';
  // Only NTL fixes the base; NT and NTIED follow the notional (as the reference implementation does).
  const ipcbBase = t.interestCalculationBase == 'NTL' ? 'NTL' : 'NT';
  const fixedPrnxt = t.nextPrincipalRedemptionPayment;
  const none: LocalDate[] = [];
  const prDates = ct == 'PAM' ? none : redemptionDates(t, md);
  const annuityEnd = t.amortizationDate ?? md;
  const annuityDates = ct == 'ANN' ? redemptionDates(t, annuityEnd) : none;
  // The annuity's last date as interest runs to it: the day after when given at 23:59:59.
  const eodTerms = t.endOfDayTerms ?? [];
  const annuityEndsAtMidnight = t.amortizationDate !== undefined ? eodTerms.includes('amortizationDate') : eodTerms.includes('maturityDate');
  const annuityCalcEnd = annuityEndsAtMidnight ? addDays(annuityEnd, 1) : annuityEnd;
  const ipcbAmount = t.interestCalculationBaseAmount;
  const ipacTerm = t.accruedInterest;

  // State initialisation at t0 = SD.
  const sd = t.statusDate;
  const live = t.initialExchangeDate <= sd;
  const st: LoanState = {
    md,
    nt: live ? r * t.notionalPrincipal : 0,
    ipnr: live ? t.nominalInterestRate ?? 0 : 0,
    ipac: 0,
    ipcb: 0,
    prnxt: 0,
    nsc: t.notionalScalingMultiplier ?? 1,
    isc: t.interestScalingMultiplier ?? 1,
    sd,
  };
  if (live) {
    st.ipcb = ipcbBase == 'NT' || ipcbAmount === undefined ? st.nt : r * ipcbAmount;
    if (ipacTerm !== undefined) {
      st.ipac = r * ipacTerm;
    } else if (t.nominalInterestRate !== undefined) {
      const ipAnchor = t.cycleAnchorDateOfInterestPayment ?? t.initialExchangeDate;
      let last = sd;
      for (const d of schedule(ipAnchor, t.cycleOfInterestPayment, md, true, endOfMonthOf(t.endOfMonthConvention))) {
        if (d < sd && (last == sd || d > last)) {
          last = d;
        }
      }
      st.ipac = fix(fix(actusYearFraction(last, sd, dcc, md) * st.ipnr) * st.nt);
    }
  }
  if (fixedPrnxt !== undefined) {
    st.prnxt = ct == 'LAM' ? fixedPrnxt : r * fixedPrnxt;
  } else if (ct == 'LAM') {
    const n = prDates.length + 1;
    st.prnxt = quotient(t.notionalPrincipal, n);
  }

  const out: ActusEvent[] = [];
  for (const e of planned) {
    const c = e.calc;
    const base = usesIpcb ? st.ipcb : st.nt;
    let payoff: Decimal = 0;
    switch (e.type) {
      case 'IED': {
        payoff = -r * (t.notionalPrincipal + (t.premiumDiscountAtIED ?? 0));
        st.nt = r * t.notionalPrincipal;
        st.ipnr = t.nominalInterestRate ?? 0;
        st.ipcb = ipcbBase == 'NT' || ipcbAmount === undefined ? st.nt : r * ipcbAmount;
        const ipanx = t.cycleAnchorDateOfInterestPayment;
        if (ipacTerm !== undefined) {
          st.ipac = r * ipacTerm;
        } else if (ipanx !== undefined && ipanx < c) {
          st.ipac = fix(fix(actusYearFraction(ipanx, c, dcc, md) * st.ipnr) * st.nt);
        } else {
          st.ipac = 0;
        }
        if (ct == 'ANN' && fixedPrnxt === undefined) {
          st.prnxt = 0;
          if (annuityDates.length > 0 && annuityDates[0] <= c) {
            // The first redemption is on this day: fix the annuity now, over every redemption
            // from today (the PR of today included).
            const dates: LocalDate[] = [c];
            for (const d of annuityDates) {
              if (d >= c) {
                dates.push(d);
              }
            }
            dates.push(annuityCalcEnd);
            st.prnxt = r * annuityAmount(dates, abs(st.nt), abs(st.ipac), st.ipnr, dcc, md);
          }
        }
        break;
      }
      case 'IP': {
        payoff = fix(st.isc * (st.ipac + accrual(st, c, base, dcc)));
        st.ipac = 0;
        break;
      }
      case 'IPCI': {
        st.nt = st.nt + st.ipac + accrual(st, c, base, dcc);
        st.ipac = 0;
        if (usesIpcb && ipcbBase == 'NT') {
          st.ipcb = st.nt;
        }
        break;
      }
      case 'PR': {
        st.ipac = st.ipac + accrual(st, c, base, dcc);
        let redemption: Decimal = 0;
        if (ct == 'LAM') {
          redemption = r * min(st.prnxt, abs(st.nt));
        } else {
          redemption = st.prnxt - st.ipac;
          // Never redeem more than is outstanding.
          if (abs(redemption) > abs(st.nt)) {
            redemption = st.nt;
          }
        }
        payoff = fix(st.nsc * redemption);
        st.nt = st.nt - redemption;
        if (usesIpcb && ipcbBase == 'NT') {
          st.ipcb = st.nt;
        }
        break;
      }
      case 'MD': {
        payoff = fix(st.nsc * st.nt) + fix(st.isc * (st.ipac + accrual(st, c, base, dcc)));
        st.nt = 0;
        st.ipac = 0;
        st.ipcb = 0;
        break;
      }
      case 'PRD': {
        const acc = st.ipac + accrual(st, c, base, dcc);
        payoff = -r * ((t.priceAtPurchaseDate ?? 0) + acc);
        st.ipac = acc;
        break;
      }
      case 'TD': {
        const acc = st.ipac + accrual(st, c, base, dcc);
        payoff = r * ((t.priceAtTerminationDate ?? 0) + acc);
        st.nt = 0;
        st.ipac = 0;
        st.ipcb = 0;
        break;
      }
      case 'RR': {
        st.ipac = st.ipac + accrual(st, c, base, dcc);
        const code = t.marketObjectCodeOfRateReset ?? '';
        const target = fix(observe(observed, code, c) * (t.rateMultiplier ?? 1)) + (t.rateSpread ?? 0);
        const delta = min(max(target - st.ipnr, t.periodFloor ?? -1000000), t.periodCap ?? 1000000);
        const rate = min(max(st.ipnr + delta, t.lifeFloor ?? -1000000), t.lifeCap ?? 1000000);
        st.ipnr = rate;
        break;
      }
      case 'RRF': {
        st.ipac = st.ipac + accrual(st, c, base, dcc);
        st.ipnr = t.nextResetRate ?? st.ipnr;
        break;
      }
      case 'PRF': {
        // A(s, T, n, a, r) from the last status date over the redemption dates still to come.
        const dates: LocalDate[] = [st.sd];
        for (const d of annuityDates) {
          if (d > c) {
            dates.push(d);
          }
        }
        dates.push(annuityCalcEnd);
        st.prnxt = r * annuityAmount(dates, abs(st.nt), abs(st.ipac), st.ipnr, dcc, md);
        st.ipac = st.ipac + accrual(st, c, base, dcc);
        break;
      }
      case 'SC': {
        // The multipliers become the index observed today relative to its contract-deal-date value
        // (the reference implementation's reading of §7.1 STF_SC: O(SCMO, t) ÷ SCCDD).
        st.ipac = st.ipac + accrual(st, c, base, dcc);
        const index = quotient(observe(observed, t.marketObjectCodeOfScalingIndex ?? '', c), t.scalingIndexAtContractDealDate ?? 1);
        if (scalesNotional(t)) {
          st.nsc = index;
        }
        if (scalesInterest(t)) {
          st.isc = index;
        }
        break;
      }
      case 'IPCB': {
        st.ipac = st.ipac + accrual(st, c, base, dcc);
        st.ipcb = st.nt;
        break;
      }
      default: {
        revert('unsupported ACTUS event type: ' + e.type);
      }
    }
    st.sd = c;
    if (e.key < prdKey) {
      continue;
    }
    out.push({ date: e.date, type: e.type, payoff: round(payoff, 12, 'half-even'), notional: round(st.nt, 12, 'half-even'), rate: round(st.ipnr, 12, 'half-even'), accrued: round(st.ipac, 12, 'half-even') });
  }
  return out;
}
