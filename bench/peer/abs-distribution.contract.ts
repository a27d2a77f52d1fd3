/**
 * Bench-only workload (bench/peer, docs/performance.md): an ABS monthly distribution over four note
 * classes (A senior … D junior), the same business logic as bench/peer/AbsDistribution.sol. The
 * servicer reports the month's interest, principal and defaults and the priority of payments runs
 * at once:
 *
 *   revenue (interest collections, plus a reserve draw for fees and class A interest only)
 *     1. fees: the month's fee on the pool balance at the start of the month, plus unpaid fees
 *     2. interest by seniority: A, B, C, D (monthly coupon on the class balance, plus shortfall)
 *     3. reserve account topped up to its target
 *     the rest to the equity holder (residual)
 *   principal (principal collections)
 *     4. pro rata to the class balances (largest remainder) while the over-collateralisation test
 *        passes (pool ÷ notes ≥ trigger, 4 decimals rounded down); sequential A → D once it fails,
 *        for good. Principal left once every class is repaid goes to the equity holder.
 *
 * Every amount rounds half-even to the cent; unpaid fees and interest carry forward. A reduced form
 * of contracts/abs/waterfall.contract.ts (monthly rates instead of Actual/360 accrual, no trigger
 * schedule, no principal deficiency ledger), so that the Solidity peer computes the same cents.
 * @module
 */
import { payProRata } from '@covenant/std/money';

/** What one note class received in a distribution, and its balance after it. */
export interface ClassPaid extends Event {
  period: Int;
  classIndex: Int;
  interest: Money<'EUR'>;
  principal: Money<'EUR'>;
  balance: Money<'EUR'>;
}

/** One run of the priority of payments. */
export interface Distributed extends Event {
  period: Int;
  fees: Money<'EUR'>;
  reserve: Money<'EUR'>;
  residual: Money<'EUR'>;
  sequential: boolean;
}

@contract
export class AbsDistribution {
  readonly servicer: Address;
  readonly couponRates: Decimal[];
  readonly feeRate: Decimal;
  readonly reserveTarget: Money<'EUR'>;
  readonly ocTrigger: Decimal;

  balances: Money<'EUR'>[];
  shortfalls: Money<'EUR'>[];
  poolBalance: Money<'EUR'>;
  reserve: Money<'EUR'>;
  unpaidFees: Money<'EUR'> = zero('EUR');
  sequential: boolean = false;
  period: Int = 0;
  paidToEquity: Money<'EUR'> = zero('EUR');

  constructor(servicer: Address, balances: Money<'EUR'>[], couponRates: Decimal[], poolBalance: Money<'EUR'>, feeRate: Decimal,
    reserveTarget: Money<'EUR'>, ocTrigger: Decimal) {
    require(balances.length == 4 && couponRates.length == 4, 'four note classes');
    this.servicer = servicer;
    this.balances = balances;
    this.shortfalls = [zero('EUR'), zero('EUR'), zero('EUR'), zero('EUR')];
    this.couponRates = couponRates;
    this.poolBalance = poolBalance;
    this.feeRate = feeRate;
    this.reserveTarget = reserveTarget;
    this.reserve = reserveTarget;
    this.ocTrigger = ocTrigger;
  }

  /** The servicer's monthly report; runs the priority of payments over it. */
  @entry
  distribute(interest: Money<'EUR'>, principal: Money<'EUR'>, defaults: Money<'EUR'>): Money<'EUR'> {
    require(ctx.caller == this.servicer, 'only the servicer reports collections');
    const nil = zero('EUR');
    require(interest >= nil && principal >= nil && defaults >= nil, 'amounts cannot be negative');
    require(principal + defaults <= this.poolBalance, 'more principal reported than the pool holds');
    this.period += 1;
    const poolStart = this.poolBalance;
    this.poolBalance -= principal + defaults;
    let revenue = interest;

    // Amounts due: fees on the pool at the start of the month, then each class's coupon.
    const feesDue = this.unpaidFees + mulMoney(poolStart, this.feeRate, 'half-even');
    const interestDue: Money<'EUR'>[] = [];
    for (let i = 0; i < 4; i++) {
      interestDue.push(this.shortfalls[i] + mulMoney(this.balances[i], this.couponRates[i], 'half-even'));
    }
    // The reserve covers a shortfall of fees and class A interest only.
    const draw = min(this.reserve, max(feesDue + interestDue[0] - revenue, nil));
    this.reserve -= draw;
    revenue += draw;

    // 1. Fees.
    const fees = min(revenue, feesDue);
    this.unpaidFees = feesDue - fees;
    revenue -= fees;
    // 2. Interest by seniority.
    const interestPaid: Money<'EUR'>[] = [];
    const shortfalls: Money<'EUR'>[] = [];
    for (let i = 0; i < 4; i++) {
      const paid = min(revenue, interestDue[i]);
      interestPaid.push(paid);
      shortfalls.push(interestDue[i] - paid);
      revenue -= paid;
    }
    this.shortfalls = shortfalls;
    // 3. Reserve top-up.
    const topUp = min(revenue, max(this.reserveTarget - this.reserve, nil));
    this.reserve += topUp;
    revenue -= topUp;

    // 4. Principal: pro rata while the over-collateralisation test passes, sequential for good once it fails.
    const notes = this.balances[0] + this.balances[1] + this.balances[2] + this.balances[3];
    if (!this.sequential && notes > nil && ratio(this.poolBalance, notes, 4, 'down') < this.ocTrigger) {
      this.sequential = true;
    }
    let funds = principal;
    let principalPaid: Money<'EUR'>[] = [];
    if (this.sequential) {
      for (let i = 0; i < 4; i++) {
        const paid = min(funds, this.balances[i]);
        principalPaid.push(paid);
        funds -= paid;
      }
    } else {
      principalPaid = payProRata(funds, this.balances);
      for (let i = 0; i < 4; i++) {
        funds -= principalPaid[i];
      }
    }
    const balances: Money<'EUR'>[] = [];
    for (let i = 0; i < 4; i++) {
      balances.push(this.balances[i] - principalPaid[i]);
      emit<ClassPaid>({ period: this.period, classIndex: i, interest: interestPaid[i], principal: principalPaid[i], balance: balances[i] });
    }
    this.balances = balances;

    const residual = revenue + funds;
    this.paidToEquity += residual;
    emit<Distributed>({ period: this.period, fees, reserve: this.reserve, residual, sequential: this.sequential });
    return residual;
  }

  @view
  classBalance(classIndex: Int): Money<'EUR'> {
    return this.balances[classIndex];
  }

  @view
  reserveBalance(): Money<'EUR'> {
    return this.reserve;
  }
}
