/**
 * Collateral pool of an amortising securitisation: the loans the notes are backed by, and the
 * servicer's collection reports on them. Each loan is an ACTUS contract (PAM, ANN, LAM or NAM);
 * when the loan is boarded, its contractual cash flows are computed with the standard library's
 * ACTUS modules and kept, rounded to the cent, as the loan's schedule. Each collection period the
 * servicer reports, per loan, what was really collected; at the end of the period the pool
 * compares it with the schedule, updates balances and arrears, charges off defaulted loans, and
 * reports the period's cash to the payment waterfall (`AbsWaterfall`), whose servicer is this pool.
 *
 * Rules, per loan (all amounts in euro cents, every rounding half-even):
 *   schedule       the ACTUS events after the cut-off date, per event date: interest = the IP
 *                  payoffs (and the interest part of the MD payoff), each rounded to the cent;
 *                  balance = the ACTUS notional after the date's events, rounded to the cent.
 *                  Scheduled principal in a period = balance at its start − balance at its end.
 *   prepayments    are taken at the end of the period, after the period's instalment, and
 *                  re-amortise the loan ("reduce the instalment"): later scheduled interest and
 *                  balances are the ACTUS ones × contractual balance ÷ ACTUS balance, rounded once.
 *   arrears        scheduled interest not paid is carried as interest arrears; principal arrears
 *                  are the actual balance − the contractual balance. Principal may be paid up to
 *                  the scheduled principal + principal arrears; more is a prepayment.
 *   defaults       a loan reported in default is charged off at the end of the period: its whole
 *                  remaining balance (after that period's collections) is the period's default
 *                  amount; its interest arrears are written off. Recoveries on charged-off loans are
 *                  reported later, up to the amount charged off.
 *   pool           balance at the end of a period = balance at its start − principal − prepayments
 *                  − defaults, checked by every close.
 * The waterfall receives interest collections, principal collections (scheduled principal +
 * prepayments), recoveries and defaults of each period, at the period's end.
 *
 * Does NOT model: rate resets from market data (fixed-rate loans only), negative amortisation,
 * interest on arrears, fees charged to borrowers, loan substitutions or repurchases, sealed
 * loan-level data (all loan data is public for now), or the transfer of cash.
 * @module
 */
import { type ActusEvent, type ActusTerms } from '@covenant/std/actus/common';
import { pamEvents } from '@covenant/std/actus/pam';
import { annEvents } from '@covenant/std/actus/ann';
import { lamEvents } from '@covenant/std/actus/lam';
import { namEvents } from '@covenant/std/actus/nam';
import { proRata } from '@covenant/std/money';

/** ACTUS contract types the pool accepts. */
export type LoanType = 'PAM' | 'ANN' | 'LAM' | 'NAM';

/** The contractual terms of one loan, in ACTUS terms where ACTUS has a name for them. */
export interface LoanTerms {
  contractType: LoanType;
  /** Initial exchange date (ACTUS IED): the loan is paid out. */
  originationDate: LocalDate;
  /** Maturity date (MD); may be left out for LAM, NAM and ANN with an instalment. */
  maturityDate?: LocalDate;
  /** Original principal (notionalPrincipal). */
  notional: Money<'EUR'>;
  /** Fixed annual interest rate (nominalInterestRate), e.g. 0.06. */
  rate: Decimal;
  /** ACTUS day count: 'A360', 'A365', 'AA', '30E360', '30E360ISDA' or '28E336'. */
  dayCount: string;
  /** Interest payment cycle (cycleOfInterestPayment), e.g. 'P1ML0'. */
  interestCycle: string;
  /** Principal redemption cycle (cycleOfPrincipalRedemption) of LAM, NAM and ANN. */
  principalCycle?: string;
  /**
   * Instalment (nextPrincipalRedemptionPayment): principal per redemption for LAM, total payment
   * for NAM and ANN. ANN without it pays the annuity that repays the loan by maturity.
   */
  instalment?: Money<'EUR'>;
}

/** The loan's contractual flows on one date after the cut-off. */
export interface ScheduledFlow {
  date: LocalDate;
  interest: Money<'EUR'>;
  /** Contractual principal outstanding after the date's payments. */
  balance: Money<'EUR'>;
}

export type LoanStatus = 'performing' | 'defaulted' | 'repaid';

/** One loan of the pool, its schedule and its servicing record. */
export interface Loan {
  id: string;
  terms: LoanTerms;
  schedule: ScheduledFlow[];
  /** Principal balance at the cut-off date. */
  cutOffBalance: Money<'EUR'>;
  status: LoanStatus;
  /** Principal the borrower still owes. */
  balance: Money<'EUR'>;
  /** Principal the borrower would owe had every instalment been paid (after prepayments). */
  contractualBalance: Money<'EUR'>;
  interestArrears: Money<'EUR'>;
  /** Reported in default this period; charged off when the period closes. */
  defaultReported: boolean;
  chargedOff: Money<'EUR'>;
  recovered: Money<'EUR'>;
  // Collections reported in the open period.
  periodInterest: Money<'EUR'>;
  periodPrincipal: Money<'EUR'>;
  periodPrepayment: Money<'EUR'>;
  periodRecovery: Money<'EUR'>;
}

/** What a loan owes in a period: the schedule, rescaled after prepayments. */
export interface Due {
  interest: Money<'EUR'>;
  principal: Money<'EUR'>;
  /** Contractual balance at the end of the period. */
  contractualEnd: Money<'EUR'>;
}

/** The pool's figures for one collection period. */
export interface PeriodReport {
  periodStart: LocalDate;
  periodEnd: LocalDate;
  poolBalanceStart: Money<'EUR'>;
  scheduledInterest: Money<'EUR'>;
  scheduledPrincipal: Money<'EUR'>;
  interest: Money<'EUR'>;
  principal: Money<'EUR'>;
  prepayments: Money<'EUR'>;
  defaults: Money<'EUR'>;
  recoveries: Money<'EUR'>;
  poolBalanceEnd: Money<'EUR'>;
  /** Interest and principal in arrears on performing loans at the end of the period. */
  interestArrears: Money<'EUR'>;
  principalArrears: Money<'EUR'>;
  performingLoans: Int;
}

export interface LoanBoarded extends Event {
  loanId: string; contractType: LoanType; cutOffBalance: Money<'EUR'>; scheduledDates: Int;
}
export interface LoanDefaulted extends Event { loanId: string; periodEnd: LocalDate; chargeOff: Money<'EUR'>; interestWrittenOff: Money<'EUR'>; }
export interface LoanRepaid extends Event { loanId: string; periodEnd: LocalDate; }
export interface CollectionPeriodClosed extends Event { report: PeriodReport; }

/** The waterfall side of the link: the servicer's report entry, and its view of the pool. */
export interface CollectionsSink {
  reportCollections(interest: Money<'EUR'>, principal: Money<'EUR'>, recoveries: Money<'EUR'>, defaults: Money<'EUR'>): void;
  collateralBalance(): Money<'EUR'>;
}

/** ACTUS terms of a loan held by the pool (the creditor: role RPA, payoffs positive to it). */
function actusTerms(t: LoanTerms): ActusTerms {
  const terms: ActusTerms = {
    contractType: t.contractType,
    contractRole: 'RPA',
    statusDate: t.originationDate,
    initialExchangeDate: t.originationDate,
    notionalPrincipal: toDecimal(t.notional),
    nominalInterestRate: t.rate,
    dayCountConvention: t.dayCount,
    cycleOfInterestPayment: t.interestCycle,
  };
  const md = t.maturityDate;
  if (md !== undefined) {
    terms.maturityDate = md;
  }
  const prcl = t.principalCycle;
  if (prcl !== undefined) {
    terms.cycleOfPrincipalRedemption = prcl;
  }
  const instalment = t.instalment;
  if (instalment !== undefined) {
    terms.nextPrincipalRedemptionPayment = toDecimal(instalment);
  }
  return terms;
}

function actusEvents(t: LoanTerms): ActusEvent[] {
  const terms = actusTerms(t);
  switch (t.contractType) {
    case 'PAM':
      return pamEvents(terms, []);
    case 'ANN':
      return annEvents(terms, []);
    case 'LAM':
      return lamEvents(terms, []);
    default:
      return namEvents(terms, []);
  }
}

function cents(d: Decimal): Money<'EUR'> {
  return moneyRound(d, 'EUR', 'half-even');
}

/**
 * The loan's contractual flows after `cutOff`, one per date, in cents. Element 0 is the opening
 * position: the cut-off date, no interest, and the balance at the cut-off.
 */
function scheduleAfter(t: LoanTerms, cutOff: LocalDate): ScheduledFlow[] {
  const nil = zero('EUR');
  const out: ScheduledFlow[] = [{ date: cutOff, interest: nil, balance: t.notional }];
  let notional = toDecimal(t.notional);
  for (const e of actusEvents(t)) {
    let interest: Decimal = 0;
    if (e.type == 'IP') {
      interest = e.payoff;
    } else if (e.type == 'MD') {
      interest = e.payoff - notional;
    } else if (e.type != 'PR') {
      continue;
    }
    require(e.notional <= notional, 'negative amortisation is not supported: loan balance rises on ' + str(e.date));
    notional = e.notional;
    const balance = cents(notional);
    if (e.date <= cutOff) {
      out[0] = { date: cutOff, interest: nil, balance };
      continue;
    }
    const last = out[out.length - 1];
    if (last.date == e.date) {
      out[out.length - 1] = { date: e.date, interest: last.interest + cents(interest), balance };
    } else {
      out.push({ date: e.date, interest: cents(interest), balance });
    }
  }
  return out;
}

/** The schedule's balance after the last flow on or before `d`. */
function scheduledBalanceAt(schedule: ScheduledFlow[], d: LocalDate): Money<'EUR'> {
  let balance = schedule[0].balance;
  for (const f of schedule) {
    if (f.date > d) {
      break;
    }
    balance = f.balance;
  }
  return balance;
}

/** What `loan` owes for the period (start, end]: its schedule, rescaled to its contractual balance. */
function dueFor(loan: Loan, start: LocalDate, end: LocalDate): Due {
  const nil = zero('EUR');
  const from = scheduledBalanceAt(loan.schedule, start);
  const to = scheduledBalanceAt(loan.schedule, end);
  let interest = nil;
  for (const f of loan.schedule) {
    if (f.date > start && f.date <= end) {
      interest += f.interest;
    }
  }
  const c = loan.contractualBalance;
  if (c == from) {
    return { interest, principal: from - to, contractualEnd: to };
  }
  if (from == nil) {
    return { interest: nil, principal: nil, contractualEnd: nil };
  }
  const part = toDecimal(c);
  const whole = toDecimal(from);
  const contractualEnd = proRata(to, part, whole, 'half-even');
  return { interest: proRata(interest, part, whole, 'half-even'), principal: c - contractualEnd, contractualEnd };
}

@contract
export class LoanPool {
  /** Sells the loans to the issuer and boards them before the first period closes. */
  readonly originator: Address;
  readonly servicer: Address;
  readonly cutOffDate: LocalDate;
  /** Last day of each collection period. */
  readonly periodEnds: LocalDate[];

  loans: Map<string, Loan> = new Map();
  reports: Map<LocalDate, PeriodReport> = new Map();
  /** The payment waterfall the pool reports to (its `servicer` is this pool), once connected. */
  waterfall: Address | undefined = undefined;
  poolBalance: Money<'EUR'> = zero('EUR');
  /** End of the last closed period (the cut-off date before the first). */
  lastClose: LocalDate;

  constructor(originator: Address, servicer: Address, cutOffDate: LocalDate, periodEnds: LocalDate[]) {
    let previous = cutOffDate;
    for (const d of periodEnds) {
      require(d > previous, 'period ends must increase and follow the cut-off date');
      previous = d;
    }
    this.originator = originator;
    this.servicer = servicer;
    this.cutOffDate = cutOffDate;
    this.periodEnds = periodEnds;
    this.lastClose = cutOffDate;
  }

  /** Boards a loan: computes its ACTUS schedule and adds its cut-off balance to the pool. */
  @entry
  addLoan(id: string, terms: LoanTerms): Money<'EUR'> {
    require(ctx.caller == this.originator, 'only the originator boards loans');
    require(this.lastClose == this.cutOffDate, 'the pool is closed: a collection period has ended');
    require(this.waterfall === undefined, 'the pool is closed: the waterfall is connected');
    require(!this.loans.has(id), 'duplicate loan id');
    require(terms.notional > zero('EUR') && terms.rate >= 0, 'notional must be positive and rate not negative');
    require(terms.originationDate <= this.cutOffDate, 'a loan must be originated by the cut-off date');
    const schedule = scheduleAfter(terms, this.cutOffDate);
    const opening = schedule[0].balance;
    require(opening > zero('EUR'), 'the loan is repaid before the cut-off date');
    const nil = zero('EUR');
    this.loans.set(id, {
      id, terms, schedule, cutOffBalance: opening, status: 'performing', balance: opening, contractualBalance: opening,
      interestArrears: nil, defaultReported: false, chargedOff: nil, recovered: nil,
      periodInterest: nil, periodPrincipal: nil, periodPrepayment: nil, periodRecovery: nil,
    });
    this.poolBalance += opening;
    emit<LoanBoarded>({ loanId: id, contractType: terms.contractType, cutOffBalance: opening, scheduledDates: schedule.length - 1 });
    return opening;
  }

  /**
   * Connects the payment waterfall; from now on each period's cash is reported to it. The
   * waterfall must have been deployed with this pool as its servicer and the pool's balance.
   */
  @entry
  connectWaterfall(waterfall: Address): void {
    require(ctx.caller == this.originator, 'only the originator connects the waterfall');
    require(this.waterfall === undefined, 'the waterfall is already connected');
    require(contractAt<CollectionsSink>(waterfall).collateralBalance() == this.poolBalance, 'the waterfall was set up for another pool balance');
    this.waterfall = waterfall;
  }

  /**
   * The servicer's collections on one loan in the open period: interest, scheduled principal (and
   * principal arrears), and prepayments. May be sent several times per period.
   */
  @entry
  reportCollection(loanId: string, interest: Money<'EUR'>, principal: Money<'EUR'>, prepayment: Money<'EUR'>): void {
    require(ctx.caller == this.servicer, 'only the servicer reports collections');
    const nil = zero('EUR');
    require(interest >= nil && principal >= nil && prepayment >= nil, 'amounts cannot be negative');
    const loan = this.loans.get(loanId);
    require(loan !== undefined, 'unknown loan');
    require(loan.status == 'performing', 'collections are reported only on performing loans');
    const due = dueFor(loan, this.lastClose, this.openPeriodEnd());
    const paidInterest = loan.periodInterest + interest;
    const paidPrincipal = loan.periodPrincipal + principal;
    const prepaid = loan.periodPrepayment + prepayment;
    require(paidInterest <= due.interest + loan.interestArrears, 'more interest than is due: ' + str(due.interest + loan.interestArrears));
    require(paidPrincipal <= due.principal + loan.balance - loan.contractualBalance, 'more principal than is due: report the excess as a prepayment');
    require(paidPrincipal + prepaid <= loan.balance, 'more principal than the loan balance');
    this.loans.set(loanId, { ...loan, periodInterest: paidInterest, periodPrincipal: paidPrincipal, periodPrepayment: prepaid });
  }

  /** The servicer declares a loan in default; it is charged off when the period closes. */
  @entry
  reportDefault(loanId: string): void {
    require(ctx.caller == this.servicer, 'only the servicer reports defaults');
    const loan = this.loans.get(loanId);
    require(loan !== undefined, 'unknown loan');
    require(loan.status == 'performing', 'only a performing loan can default');
    this.loans.set(loanId, { ...loan, status: 'defaulted', defaultReported: true });
  }

  /** A recovery (sale of the car, settlement with the borrower) on a charged-off loan. */
  @entry
  reportRecovery(loanId: string, amount: Money<'EUR'>): void {
    require(ctx.caller == this.servicer, 'only the servicer reports recoveries');
    require(amount > zero('EUR'), 'a recovery must be positive');
    const loan = this.loans.get(loanId);
    require(loan !== undefined, 'unknown loan');
    require(loan.status == 'defaulted' && !loan.defaultReported, 'recoveries follow the charge-off of a defaulted loan');
    require(loan.recovered + loan.periodRecovery + amount <= loan.chargedOff, 'recoveries cannot exceed the amount charged off');
    this.loans.set(loanId, { ...loan, periodRecovery: loan.periodRecovery + amount });
  }

  /**
   * Closes the collection period on each period end: compares collections with the schedule,
   * charges off defaults, records the period's report and sends its cash to the waterfall. If a
   * close failed, the next one covers everything since the last successful close.
   */
  @at('periodEnds')
  closePeriod(date: LocalDate): void {
    const start = this.lastClose;
    const nil = zero('EUR');
    const r: PeriodReport = {
      periodStart: start, periodEnd: date, poolBalanceStart: this.poolBalance,
      scheduledInterest: nil, scheduledPrincipal: nil, interest: nil, principal: nil, prepayments: nil,
      defaults: nil, recoveries: nil, poolBalanceEnd: nil, interestArrears: nil, principalArrears: nil, performingLoans: 0,
    };
    for (const id of this.loans.keys()) {
      const loan = this.loans.get(id)!;
      r.interest += loan.periodInterest;
      r.principal += loan.periodPrincipal;
      r.prepayments += loan.periodPrepayment;
      r.recoveries += loan.periodRecovery;
      const next: Loan = {
        ...loan, periodInterest: nil, periodPrincipal: nil, periodPrepayment: nil, periodRecovery: nil,
        recovered: loan.recovered + loan.periodRecovery,
      };
      if (loan.status == 'performing' || loan.defaultReported) {
        const due = dueFor(loan, start, date);
        r.scheduledInterest += due.interest;
        r.scheduledPrincipal += due.principal;
        next.interestArrears = loan.interestArrears + due.interest - loan.periodInterest;
        next.balance = loan.balance - loan.periodPrincipal - loan.periodPrepayment;
        next.contractualBalance = min(max(due.contractualEnd - loan.periodPrepayment, nil), next.balance);
      }
      if (loan.defaultReported) {
        emit<LoanDefaulted>({ loanId: id, periodEnd: date, chargeOff: next.balance, interestWrittenOff: next.interestArrears });
        r.defaults += next.balance;
        next.chargedOff = next.balance;
        next.balance = nil;
        next.contractualBalance = nil;
        next.interestArrears = nil;
        next.defaultReported = false;
      } else if (loan.status == 'performing' && next.balance == nil && next.interestArrears == nil) {
        next.status = 'repaid';
        emit<LoanRepaid>({ loanId: id, periodEnd: date });
      }
      if (next.status == 'performing') {
        r.performingLoans += 1;
        r.interestArrears += next.interestArrears;
        r.principalArrears += next.balance - next.contractualBalance;
      }
      this.loans.set(id, next);
    }
    r.poolBalanceEnd = r.poolBalanceStart - r.principal - r.prepayments - r.defaults;
    let check = nil;
    for (const loan of this.loans.values()) {
      check += loan.balance;
    }
    require(check == r.poolBalanceEnd, 'pool balance does not reconcile with the loans');
    this.poolBalance = r.poolBalanceEnd;
    this.lastClose = date;
    this.reports.set(date, r);
    emit<CollectionPeriodClosed>({ report: r });
    const w = this.waterfall;
    if (w !== undefined) {
      contractAt<CollectionsSink>(w).reportCollections(r.interest, r.principal + r.prepayments, r.recoveries, r.defaults);
    }
  }

  /** The end of the open collection period (the last period end once all have passed). */
  openPeriodEnd(): LocalDate {
    for (const d of this.periodEnds) {
      if (d > this.lastClose) {
        return d;
      }
    }
    return this.periodEnds[this.periodEnds.length - 1];
  }

  @view
  loan(id: string): Loan | undefined {
    return this.loans.get(id);
  }

  /** What a performing loan owes in the open period (schedule rescaled after prepayments). */
  @view
  dueThisPeriod(id: string): Due | undefined {
    const loan = this.loans.get(id);
    if (loan === undefined || loan.status != 'performing') {
      return undefined;
    }
    return dueFor(loan, this.lastClose, this.openPeriodEnd());
  }

  @view
  report(periodEnd: LocalDate): PeriodReport | undefined {
    return this.reports.get(periodEnd);
  }

  @view
  balance(): Money<'EUR'> {
    return this.poolBalance;
  }
}
