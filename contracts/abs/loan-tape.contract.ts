/**
 * Sealed loan tape of an amortising securitisation: the servicer's loan-level data kept private
 * (issue 5), with the pool-level cash the notes are paid from proven against it. It is the
 * payment waterfall's servicer (`AbsWaterfall` in waterfall.contract.ts, deployed with this
 * contract as its servicer), in place of the public `LoanPool`: the waterfall's arithmetic is
 * unchanged and public; only the loan-level figures are sealed.
 *
 * Loan-level data (record `loan/<id>`, all `Sealed`, encrypted by the servicer, the contract sees
 * ciphertext and commitments only):
 *   borrower     the borrower's identity (Sealed<string>)
 *   balance      the principal the borrower still owes (Sealed<Money<'EUR'>>)
 *   status       'performing', 'arrears-30', 'arrears-60', 'arrears-90', 'defaulted', 'repaid'
 *                (Sealed<string>; the contract cannot check the vocabulary)
 *   collection   cash collected on the loan in a collection period (Sealed<Money<'EUR'>>)
 * and pool level (record `pool`, field `collected`): the running total of every loan collection
 * committed since the first period, one sealed value per report.
 *
 * Who reads what (the key registry runs the views `mayOwn` and `mayGrant`): only the servicer owns
 * the fields; balance, status, collection and collected may be granted to the trustee and to the
 * investors the trustee registers; the borrower's identity to the trustee only (it needs it to
 * replace a failed servicer), never to an investor.
 *
 * Proofs (each a zero-knowledge relation over the Pedersen commitments of the sealed values):
 *   report       each loan report extends the running total: previous + collection == new total
 *                (one proof per report), so the total always commits to the sum of the committed
 *                loan collections;
 *   close        at the end of a collection period the servicer states the period's cash publicly
 *                (interest, principal with prepayments, recoveries, and defaults) and proves
 *                interest + principal + recoveries == total now − total at the previous close; the
 *                tape then reports the figures to the waterfall;
 *   payment      after the waterfall has run a payment date, the servicer or the trustee proves
 *                total at the last close − total at the previous certified payment date ==
 *                senior fees + each class's interest and principal + residual + reserve top-up −
 *                reserve draw, as the waterfall recorded them: the notes were paid exactly the
 *                committed collections (plus the reserve's movement), no more and no less.
 *
 * What the proofs do NOT give (investors trust the servicer, and the trustee's audits, for it):
 * that the committed collections are what borrowers really paid (completeness), the split of the
 * period's cash between interest and principal and the defaults figure (only the sum is proven),
 * and that sealed balances and statuses are true (they are bound to commitments, not proven
 * against collections). The equalities hold modulo the group order; over the integers only for
 * values in [0, 2^64) (docs/privacy.md, "Limits"), which every euro amount of a pool is.
 *
 * Does NOT model: loan schedules (the public `LoanPool` does, on public data), loans boarded after
 * the first close, loan substitutions, or the transfer of cash.
 * @module
 */

/** One loan of the tape: sealed fields only. */
export interface TapeLoan {
  borrower: Sealed<string>;
  balance: Sealed<Money<'EUR'>>;
  status: Sealed<string>;
  /** Collection in the last period the loan was reported in (absent before its first report). */
  collection?: Sealed<Money<'EUR'>>;
  /** End of the last collection period the loan was reported in (the cut-off date before). */
  reportedFor: LocalDate;
}

/** One closed collection period: the public cash the waterfall received, proven against the commitments. */
export interface TapePeriod {
  periodEnd: LocalDate;
  interest: Money<'EUR'>;
  /** Scheduled principal and prepayments. */
  principal: Money<'EUR'>;
  recoveries: Money<'EUR'>;
  defaults: Money<'EUR'>;
  /** Loan reports in the period. */
  reports: Int;
  /** The running total at the close (absent while nothing has been reported since the cut-off). */
  collected?: Commitment;
}

/** A payment date whose payments were proven equal to the committed collections. */
export interface CertifiedPayment {
  paymentDate: LocalDate;
  /** Cash the waterfall received since the previous payment date. */
  cashIn: Money<'EUR'>;
  /** Collection periods closed in that time. */
  periods: Int;
  collected?: Commitment;
}

/** The waterfall's record of one payment date (`DistributionRecord` in waterfall.contract.ts). */
export interface PaidRun {
  paymentDate: LocalDate;
  periodStart: LocalDate;
  cashIn: Money<'EUR'>;
  seniorFees: Money<'EUR'>;
  interest: Money<'EUR'>[];
  principal: Money<'EUR'>[];
  reserveChange: Money<'EUR'>;
  residual: Money<'EUR'>;
}

/** The waterfall side of the link. */
export interface TapeWaterfall {
  reportCollections(interest: Money<'EUR'>, principal: Money<'EUR'>, recoveries: Money<'EUR'>, defaults: Money<'EUR'>): void;
  collateralBalance(): Money<'EUR'>;
  run(paymentDate: LocalDate): PaidRun | undefined;
  lastRunDate(): LocalDate;
}

export interface TapeLoanBoarded extends Event { loanId: string; balance: Commitment; }
export interface TapeLoanReported extends Event { loanId: string; periodEnd: LocalDate; collection: Commitment; collected: Commitment; }
export interface TapePeriodClosed extends Event { period: TapePeriod; }
export interface PaymentCertified extends Event { payment: CertifiedPayment; }

@contract
export class LoanTape {
  readonly servicer: Address;
  readonly trustee: Address;
  readonly cutOffDate: LocalDate;
  /** Last day of each collection period. */
  readonly periodEnds: LocalDate[];
  /** Pool balance at the cut-off date (public, as in the offering circular). */
  readonly cutOffBalance: Money<'EUR'>;

  /** Investors the trustee registered: they may be granted balances, statuses and collections. */
  investors: Map<Address, boolean> = new Map();
  loans: Map<string, TapeLoan> = new Map();
  periods: Map<LocalDate, TapePeriod> = new Map();
  payments: Map<LocalDate, CertifiedPayment> = new Map();
  waterfall: Address | undefined = undefined;
  /** Pool balance: cut-off balance − principal − defaults of every closed period. */
  poolBalance: Money<'EUR'>;
  /** End of the last closed period (the cut-off date before the first). */
  lastClose: LocalDate;
  /** Running total of every committed loan collection since the cut-off. */
  collected: Sealed<Money<'EUR'>> | undefined = undefined;
  /** Loan reports since the last close. */
  reportsInPeriod: Int = 0;
  /** The running total at the last close, and at the last certified payment date. */
  collectedAtClose: Sealed<Money<'EUR'>> | undefined = undefined;
  collectedAtPayment: Sealed<Money<'EUR'>> | undefined = undefined;
  /** The last payment date certified (the waterfall's closing date before the first). */
  lastCertified: LocalDate;
  /** Periods closed, cash reported and loan reports since the last certified payment date. */
  periodsSincePayment: Int = 0;
  cashSincePayment: Money<'EUR'> = zero('EUR');
  reportsSincePayment: Int = 0;

  constructor(servicer: Address, trustee: Address, cutOffDate: LocalDate, periodEnds: LocalDate[], cutOffBalance: Money<'EUR'>) {
    let previous = cutOffDate;
    for (const d of periodEnds) {
      require(d > previous, 'period ends must increase and follow the cut-off date');
      previous = d;
    }
    require(cutOffBalance > zero('EUR'), 'the pool balance must be positive');
    this.servicer = servicer;
    this.trustee = trustee;
    this.cutOffDate = cutOffDate;
    this.periodEnds = periodEnds;
    this.cutOffBalance = cutOffBalance;
    this.poolBalance = cutOffBalance;
    this.lastClose = cutOffDate;
    this.lastCertified = cutOffDate;
  }

  /** The trustee registers an investor (a noteholder); only registered investors can be granted loan data. */
  @entry
  registerInvestor(investor: Address): void {
    require(ctx.caller == this.trustee, 'only the trustee registers investors');
    this.investors.set(investor, true);
  }

  /**
   * The trustee removes an investor: no new grants to it. Grants it holds stay until the servicer
   * revokes them in the key registry (which rotates the field keys); what it read stays read.
   */
  @entry
  removeInvestor(investor: Address): void {
    require(ctx.caller == this.trustee, 'only the trustee removes investors');
    this.investors.delete(investor);
  }

  /**
   * Connects the waterfall (deployed with this tape as its servicer and the cut-off balance);
   * from now on each period's cash is reported to it.
   */
  @entry
  connectWaterfall(waterfall: Address): void {
    require(ctx.caller == this.trustee, 'only the trustee connects the waterfall');
    require(this.waterfall === undefined, 'the waterfall is already connected');
    const w = contractAt<TapeWaterfall>(waterfall);
    require(w.collateralBalance() == this.poolBalance, 'the waterfall was set up for another pool balance');
    this.waterfall = waterfall;
    this.lastCertified = w.lastRunDate();
  }

  /**
   * Boards a loan with its sealed borrower, balance and status at the cut-off date. Before the
   * first period closes.
   */
  @entry
  boardLoan(id: string, borrower: Sealed<string>, balance: Sealed<Money<'EUR'>>, status: Sealed<string>): void {
    require(ctx.caller == this.servicer, 'only the servicer boards loans');
    require(this.lastClose == this.cutOffDate, 'the tape is closed: a collection period has ended');
    require(!this.loans.has(id), 'duplicate loan id');
    this.loans.set(id, { borrower, balance, status, reportedFor: this.cutOffDate });
    emit<TapeLoanBoarded>({ loanId: id, balance: commitmentOf(balance) });
  }

  /**
   * The servicer's report on one loan for the open collection period, once per loan and period:
   * its new balance and status, the cash collected on it, and the new running total, proven to be
   * the previous total plus the collection.
   */
  @entry
  reportLoan(id: string, balance: Sealed<Money<'EUR'>>, status: Sealed<string>, collection: Sealed<Money<'EUR'>>, newCollected: Sealed<Money<'EUR'>>): void {
    require(ctx.caller == this.servicer, 'only the servicer reports on loans');
    const loan = this.loans.get(id);
    require(loan !== undefined, 'unknown loan');
    const periodEnd = this.openPeriodEnd();
    require(periodEnd > this.lastClose, 'every collection period is closed');
    require(loan.reportedFor < periodEnd, 'the loan is already reported for the period ending ' + str(periodEnd));
    const previous = this.collected;
    if (previous === undefined) {
      prove(collection == newCollected);
    } else {
      prove(previous + collection == newCollected);
    }
    this.loans.set(id, { ...loan, balance, status, collection, reportedFor: periodEnd });
    this.collected = newCollected;
    this.reportsInPeriod += 1;
    emit<TapeLoanReported>({ loanId: id, periodEnd, collection: commitmentOf(collection), collected: commitmentOf(newCollected) });
  }

  /**
   * Closes the open collection period once its end date has come: the servicer states its cash
   * and proves that interest + principal + recoveries is what the loan reports of the period
   * committed to; the figures go to the waterfall. Refused while the waterfall has run a payment
   * date that is not yet certified (so that each payment's window of periods is known).
   */
  @entry
  closePeriod(interest: Money<'EUR'>, principal: Money<'EUR'>, recoveries: Money<'EUR'>, defaults: Money<'EUR'>): void {
    require(ctx.caller == this.servicer, 'only the servicer closes a period');
    const w = this.waterfall;
    require(w !== undefined, 'connect the waterfall first');
    const periodEnd = this.openPeriodEnd();
    require(periodEnd > this.lastClose, 'every collection period is closed');
    require(dateOf(ctx.time) >= periodEnd, 'the period ends on ' + str(periodEnd));
    const nil = zero('EUR');
    require(interest >= nil && principal >= nil && recoveries >= nil && defaults >= nil, 'amounts cannot be negative');
    require(principal + defaults <= this.poolBalance, 'more principal and defaults than the pool holds');
    require(contractAt<TapeWaterfall>(w).lastRunDate() == this.lastCertified, 'certify the payment date the waterfall has run first');
    const now = this.collected;
    if (this.reportsInPeriod == 0 || now === undefined) {
      require(interest + principal + recoveries == nil, 'no loan was reported in the period: its cash is zero');
    } else {
      const before = this.collectedAtClose;
      if (before === undefined) {
        prove(now == interest + principal + recoveries);
      } else {
        prove(now - before == interest + principal + recoveries);
      }
    }
    const period: TapePeriod = { periodEnd, interest, principal, recoveries, defaults, reports: this.reportsInPeriod };
    if (now !== undefined) {
      period.collected = commitmentOf(now);
    }
    this.periods.set(periodEnd, period);
    this.collectedAtClose = now;
    this.reportsSincePayment += this.reportsInPeriod;
    this.reportsInPeriod = 0;
    this.periodsSincePayment += 1;
    this.cashSincePayment += interest + principal + recoveries;
    this.poolBalance -= principal + defaults;
    this.lastClose = periodEnd;
    emit<TapePeriodClosed>({ period });
    contractAt<TapeWaterfall>(w).reportCollections(interest, principal, recoveries, defaults);
  }

  /**
   * Certifies the waterfall's run of `paymentDate` (the first not yet certified): proves that
   * what it paid — senior fees, each class's interest and principal, the residual, and the
   * reserve's top-up less its draw — equals the collections committed in the periods closed since
   * the previous payment date. The servicer or the trustee (holding grants on `collected`) proves.
   */
  @entry
  certifyPayment(paymentDate: LocalDate): void {
    require(ctx.caller == this.servicer || ctx.caller == this.trustee, 'only the servicer or the trustee certifies a payment');
    const w = this.waterfall;
    require(w !== undefined, 'connect the waterfall first');
    const run = contractAt<TapeWaterfall>(w).run(paymentDate);
    require(run !== undefined, 'the waterfall has not run ' + str(paymentDate));
    require(run.periodStart == this.lastCertified, 'certify the payment dates in order: next after ' + str(this.lastCertified));
    require(run.cashIn == this.cashSincePayment, 'the waterfall received other cash than the tape reported');
    const nil = zero('EUR');
    const reserveTopUp = max(run.reserveChange, nil);
    const reserveDraw = max(nil - run.reserveChange, nil);
    const now = this.collectedAtClose;
    if (this.reportsSincePayment == 0 || now === undefined) {
      require(run.cashIn == nil, 'nothing was reported since the previous payment date');
    } else {
      const before = this.collectedAtPayment;
      if (before === undefined) {
        prove(now == run.seniorFees + run.interest[0] + run.interest[1] + run.interest[2] + run.principal[0] + run.principal[1] + run.principal[2] + run.residual + reserveTopUp - reserveDraw);
      } else {
        prove(now - before == run.seniorFees + run.interest[0] + run.interest[1] + run.interest[2] + run.principal[0] + run.principal[1] + run.principal[2] + run.residual + reserveTopUp - reserveDraw);
      }
    }
    const payment: CertifiedPayment = { paymentDate, cashIn: run.cashIn, periods: this.periodsSincePayment };
    if (now !== undefined) {
      payment.collected = commitmentOf(now);
    }
    this.payments.set(paymentDate, payment);
    this.collectedAtPayment = now;
    this.lastCertified = paymentDate;
    this.periodsSincePayment = 0;
    this.reportsSincePayment = 0;
    this.cashSincePayment = nil;
    emit<PaymentCertified>({ payment });
  }

  /** The end of the open collection period (the last period end once all have closed). */
  openPeriodEnd(): LocalDate {
    for (const d of this.periodEnds) {
      if (d > this.lastClose) {
        return d;
      }
    }
    return this.periodEnds[this.periodEnds.length - 1];
  }

  /** Key-registry policy: only the servicer owns the tape's sealed fields. */
  @view
  mayOwn(record: string, field: string, owner: Address): boolean {
    return owner == this.servicer && isTapeField(record, field);
  }

  /**
   * Key-registry policy: the borrower's identity to the trustee only; balance, status,
   * collections and the running total to the trustee and registered investors.
   */
  @view
  mayGrant(record: string, field: string, owner: Address, grantee: Address): boolean {
    if (owner != this.servicer || !isTapeField(record, field)) {
      return false;
    }
    if (grantee == this.trustee) {
      return true;
    }
    return field != 'borrower' && this.investors.has(grantee);
  }

  @view
  loan(id: string): TapeLoan | undefined {
    return this.loans.get(id);
  }

  @view
  period(periodEnd: LocalDate): TapePeriod | undefined {
    return this.periods.get(periodEnd);
  }

  @view
  payment(paymentDate: LocalDate): CertifiedPayment | undefined {
    return this.payments.get(paymentDate);
  }

  /** The running total of committed collections (absent before the first report). */
  @view
  collectedSoFar(): Sealed<Money<'EUR'>> | undefined {
    return this.collected;
  }

  @view
  isInvestor(a: Address): boolean {
    return this.investors.has(a);
  }

  @view
  balance(): Money<'EUR'> {
    return this.poolBalance;
  }
}

/** The sealed fields of the tape: `loan/<id>` borrower, balance, status, collection; `pool` collected. */
function isTapeField(record: string, field: string): boolean {
  if (record == 'pool') {
    return field == 'collected';
  }
  return record.startsWith('loan/') && (field == 'borrower' || field == 'balance' || field == 'status' || field == 'collection');
}
