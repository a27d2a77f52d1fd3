/**
 * Payment waterfall of an amortising asset-backed securitisation (EUR auto loans, for example).
 * The servicer reports collections on the loan pool; on each payment date the contract runs the
 * priority of payments over the cash collected since the last one:
 *
 *   revenue  (interest collections + recoveries on defaulted loans, plus the liquidity reserve for
 *            items 1–2 only)
 *     1. senior fees (trustee, servicer), pari passu, pro rata if short
 *     2. class A interest          3. class B interest
 *     4. reserve account up to its target
 *     5. principal deficiency: revenue equal to defaulted principal not yet covered ("excess
 *        spread" traps losses) is moved to principal
 *     6. class C interest          7. the rest to the equity (residual) holder
 *   principal (principal collections + item 5)
 *     pro rata to the note balances while the performance tests pass; sequential (A, then B, then
 *     C) once the over-collateralisation or the interest-coverage test fails, and for good
 *     (a non-curable sequential trigger); what is left after the notes are repaid goes to equity.
 *
 * Unpaid fees and interest are carried forward to the next date (no interest on unpaid interest).
 * Every run checks conservation: cash in = cash paid out + reserve change + residual.
 *
 * The servicer may be a person or the pool contract (`LoanPool` in loan-pool.contract.ts), which
 * reports each collection period's cash at the period's end; `collateralBalance()` lets it check
 * that both sides start from the same pool balance.
 *
 * Each run is also kept in state (`run(paymentDate)`, `lastRunDate()`), so that another contract —
 * the sealed loan tape (loan-tape.contract.ts) — can check the payments against the collections it
 * committed to; the record changes nothing in the distribution itself.
 *
 * Does NOT model: the loans themselves (see loan-pool.contract.ts), swaps, a separate principal
 * deficiency ledger per class, clean-up calls, deferral of junior interest, or the transfer of cash.
 * @module
 */
import { accrue } from '@covenant/std/dates';
import { payProRata } from '@covenant/std/money';

/** Note classes in order of seniority: senior, mezzanine, junior. */
export type ClassId = 'A' | 'B' | 'C';
const CLASSES: ClassId[] = ['A', 'B', 'C'];

/** A note class: outstanding balance, coupon and unpaid interest. */
export interface Tranche {
  balance: Money<'EUR'>;
  /** Fixed annual coupon, accrued Actual/360 on the balance at the start of the period. */
  couponRate: Decimal;
  /** Interest due on earlier dates and not yet paid. */
  interestShortfall: Money<'EUR'>;
}

/** Cash and losses reported by the servicer since the last payment date. */
export interface Collections {
  interest: Money<'EUR'>;
  principal: Money<'EUR'>;
  recoveries: Money<'EUR'>;
  defaults: Money<'EUR'>;
}

/** What one note class received on a payment date, and what it still has outstanding. */
export interface ClassPayment extends Event {
  paymentDate: LocalDate; classId: ClassId; interest: Money<'EUR'>; principal: Money<'EUR'>;
  interestShortfall: Money<'EUR'>; balance: Money<'EUR'>;
}

/** Summary of one run of the priority of payments; cashIn = paid out + reserveChange + residual. */
export interface WaterfallRun extends Event {
  paymentDate: LocalDate;
  cashIn: Money<'EUR'>;
  seniorFees: Money<'EUR'>;
  reserveChange: Money<'EUR'>;
  residual: Money<'EUR'>;
  sequential: boolean;
}

/** One run of the priority of payments as kept in state: what each class and party received. */
export interface DistributionRecord {
  paymentDate: LocalDate;
  /** The previous payment date (the closing date before the first): the run covers (periodStart, paymentDate]. */
  periodStart: LocalDate;
  cashIn: Money<'EUR'>;
  seniorFees: Money<'EUR'>;
  /** Interest paid to classes A, B, C. */
  interest: Money<'EUR'>[];
  /** Principal paid to classes A, B, C. */
  principal: Money<'EUR'>[];
  reserveChange: Money<'EUR'>;
  residual: Money<'EUR'>;
}

function noCollections(): Collections {
  return { interest: zero('EUR'), principal: zero('EUR'), recoveries: zero('EUR'), defaults: zero('EUR') };
}

@contract
export class AbsWaterfall {
  readonly servicer: Address;
  readonly equityHolder: Address;
  readonly paymentDates: LocalDate[];
  readonly trusteeFeeRate: Decimal;
  readonly servicingFeeRate: Decimal;
  readonly reserveTarget: Money<'EUR'>;
  /** Minimum pool balance ÷ (class A + class B balance), e.g. 1.05. */
  readonly ocTrigger: Decimal;
  /** Minimum revenue ÷ (senior fees + class A and B interest due), e.g. 1.2. */
  readonly icTrigger: Decimal;

  tranches: Map<ClassId, Tranche> = new Map();
  poolBalance: Money<'EUR'>;
  /** Pool balance at the last payment date: the base of the period's fees. */
  periodStartPool: Money<'EUR'>;
  lastPaymentDate: LocalDate;
  collected: Collections = noCollections();
  reserve: Money<'EUR'>;
  principalDeficiency: Money<'EUR'> = zero('EUR');
  unpaidTrusteeFee: Money<'EUR'> = zero('EUR');
  unpaidServicingFee: Money<'EUR'> = zero('EUR');
  sequential: boolean = false;
  /** Every run so far, by payment date. */
  runs: Map<LocalDate, DistributionRecord> = new Map();

  constructor(servicer: Address, equityHolder: Address, balances: Money<'EUR'>[], couponRates: Decimal[], poolBalance: Money<'EUR'>,
    reserveTarget: Money<'EUR'>, trusteeFeeRate: Decimal, servicingFeeRate: Decimal, ocTrigger: Decimal, icTrigger: Decimal,
    closingDate: LocalDate, paymentDates: LocalDate[]) {
    require(balances.length == 3 && couponRates.length == 3, 'three note classes: A, B, C');
    let notes = zero('EUR');
    for (let i = 0; i < 3; i++) {
      this.tranches.set(CLASSES[i], { balance: balances[i], couponRate: couponRates[i], interestShortfall: zero('EUR') });
      notes += balances[i];
    }
    require(poolBalance >= notes, 'the pool must cover the notes at closing');
    let previous = closingDate;
    for (const d of paymentDates) {
      require(d > previous, 'payment dates must increase and follow the closing date');
      previous = d;
    }
    this.servicer = servicer;
    this.equityHolder = equityHolder;
    this.paymentDates = paymentDates;
    this.trusteeFeeRate = trusteeFeeRate;
    this.servicingFeeRate = servicingFeeRate;
    this.reserveTarget = reserveTarget;
    this.ocTrigger = ocTrigger;
    this.icTrigger = icTrigger;
    this.poolBalance = poolBalance;
    this.periodStartPool = poolBalance;
    this.lastPaymentDate = closingDate;
    this.reserve = reserveTarget; // funded at closing by the originator's subordinated loan
  }

  /** The servicer's collection report; may be sent several times per period. */
  @entry
  reportCollections(interest: Money<'EUR'>, principal: Money<'EUR'>, recoveries: Money<'EUR'>, defaults: Money<'EUR'>): void {
    require(ctx.caller == this.servicer, 'only the servicer reports collections');
    const nil = zero('EUR');
    require(interest >= nil && principal >= nil && recoveries >= nil && defaults >= nil, 'amounts cannot be negative');
    require(principal + defaults <= this.poolBalance, 'more principal reported than the pool holds');
    const c = this.collected;
    this.collected = {
      interest: c.interest + interest, principal: c.principal + principal,
      recoveries: c.recoveries + recoveries, defaults: c.defaults + defaults,
    };
    this.poolBalance -= principal + defaults;
    this.principalDeficiency += defaults;
  }

  /** Runs the priority of payments on each payment date. */
  @at('paymentDates')
  distribute(date: LocalDate): void {
    const start = this.lastPaymentDate;
    const c = this.collected;
    const cashIn = c.interest + c.principal + c.recoveries;
    const reserveBefore = this.reserve;
    let revenue = c.interest + c.recoveries;
    let paidOut = zero('EUR');

    const trusteeDue = this.unpaidTrusteeFee + accrue(this.periodStartPool, this.trusteeFeeRate, start, date, 'ACT/360', 'half-even');
    const servicerDue = this.unpaidServicingFee + accrue(this.periodStartPool, this.servicingFeeRate, start, date, 'ACT/360', 'half-even');
    const interestDue: Money<'EUR'>[] = [];
    for (const id of CLASSES) {
      const t = this.tranches.get(id)!;
      interestDue.push(t.interestShortfall + accrue(t.balance, t.couponRate, start, date, 'ACT/360', 'half-even'));
    }
    const seniorDue = trusteeDue + servicerDue + interestDue[0] + interestDue[1];
    const icPasses = seniorDue == zero('EUR') || ratio(revenue, seniorDue, 4, 'down') >= this.icTrigger;

    // The liquidity reserve covers a shortfall of senior fees and class A interest only.
    const draw = min(this.reserve, max(trusteeDue + servicerDue + interestDue[0] - revenue, zero('EUR')));
    this.reserve -= draw;
    revenue += draw;

    // 1. Senior fees, pari passu.
    const fees = payProRata(revenue, [trusteeDue, servicerDue]);
    this.unpaidTrusteeFee = trusteeDue - fees[0];
    this.unpaidServicingFee = servicerDue - fees[1];
    const seniorFees: Money<'EUR'> = fees[0] + fees[1];
    revenue -= seniorFees;
    paidOut += seniorFees;

    // 2.–3. Class A and class B interest; 4. reserve top-up; 5. principal deficiency; 6. class C.
    const interestPaid: Money<'EUR'>[] = [];
    for (let i = 0; i < 2; i++) {
      interestPaid.push(min(revenue, interestDue[i]));
      revenue -= interestPaid[i];
    }
    const topUp = min(revenue, max(this.reserveTarget - this.reserve, zero('EUR')));
    this.reserve += topUp;
    revenue -= topUp;
    const cure = min(revenue, this.principalDeficiency);
    this.principalDeficiency -= cure;
    revenue -= cure;
    interestPaid.push(min(revenue, interestDue[2]));
    revenue -= interestPaid[2];

    // Performance tests, then principal: pro rata while they pass, sequential once either fails.
    const a = this.tranches.get('A')!;
    const b = this.tranches.get('B')!;
    const seniorNotes = a.balance + b.balance;
    const ocPasses = seniorNotes == zero('EUR') || ratio(this.poolBalance, seniorNotes, 4, 'down') >= this.ocTrigger;
    if (!ocPasses || !icPasses) {
      this.sequential = true;
    }
    let principalFunds = c.principal + cure;
    const balances: Money<'EUR'>[] = [];
    for (const id of CLASSES) {
      balances.push(this.tranches.get(id)!.balance);
    }
    const principalPaid: Money<'EUR'>[] = [];
    if (this.sequential) {
      for (let i = 0; i < 3; i++) {
        principalPaid.push(min(principalFunds, balances[i]));
        principalFunds -= principalPaid[i];
      }
    } else {
      const shares = payProRata(principalFunds, balances);
      for (let i = 0; i < 3; i++) {
        principalPaid.push(shares[i]);
        principalFunds -= shares[i];
      }
    }

    for (let i = 0; i < 3; i++) {
      const t = this.tranches.get(CLASSES[i])!;
      const updated: Tranche = { ...t, balance: t.balance - principalPaid[i], interestShortfall: interestDue[i] - interestPaid[i] };
      this.tranches.set(CLASSES[i], updated);
      paidOut += interestPaid[i] + principalPaid[i];
      emit<ClassPayment>({
        paymentDate: date, classId: CLASSES[i], interest: interestPaid[i], principal: principalPaid[i],
        interestShortfall: updated.interestShortfall, balance: updated.balance,
      });
    }

    // 7. Residual revenue, and principal left once every note is repaid, to the equity holder.
    const residual = revenue + principalFunds;
    const reserveChange = this.reserve - reserveBefore;
    require(cashIn == paidOut + reserveChange + residual, 'waterfall does not conserve cash');
    emit<WaterfallRun>({ paymentDate: date, cashIn, seniorFees, reserveChange, residual, sequential: this.sequential });
    this.runs.set(date, { paymentDate: date, periodStart: start, cashIn, seniorFees, interest: interestPaid, principal: principalPaid, reserveChange, residual });

    this.collected = noCollections();
    this.periodStartPool = this.poolBalance;
    this.lastPaymentDate = date;
  }

  @view
  tranche(id: ClassId): Tranche | undefined {
    return this.tranches.get(id);
  }

  /** The run of a payment date, once it has run. */
  @view
  run(paymentDate: LocalDate): DistributionRecord | undefined {
    return this.runs.get(paymentDate);
  }

  /** The last payment date that has run (the closing date before the first). */
  @view
  lastRunDate(): LocalDate {
    return this.lastPaymentDate;
  }

  /** The pool balance the deal is running on: closing balance less reported principal and defaults. */
  @view
  collateralBalance(): Money<'EUR'> {
    return this.poolBalance;
  }
}
