/**
 * Treaty current account: the running balance between a cedent and each reinsurer of a quota
 * share treaty, as a broker's or a clearing house's technical account would keep it. It listens
 * to the treaty: every quarterly statement and every cash call becomes an amount due, and each
 * party records the payments it makes. A positive balance is owed by the reinsurer to the cedent,
 * a negative one by the cedent to the reinsurer.
 *
 * Shows the contract-to-contract side of the language: a state field typed with another contract
 * class (stored as its address), `@on` triggers for two event types of that contract, and a view
 * that calls the other contract's view.
 *
 * Does NOT move money, net several treaties against each other, or charge interest on late
 * payment; disputes are out of scope (a payment is recorded as the payer states it).
 * @module
 */
import { QuotaShareTreaty, type RecoveryDue, type StatementRendered } from '../reinsurance/quota-share.contract';

/** One movement on a reinsurer's current account. */
export interface Movement {
  date: LocalDate;
  /** `statement`, `cash-call` or `payment`. */
  kind: 'statement' | 'cash-call' | 'payment';
  /** Change of the balance: positive when the reinsurer owes more. */
  amount: Money<'USD'>;
  reference: string;
}

/** A movement posted to a reinsurer's current account, and the balance after it. */
export interface BalanceChanged extends Event {
  reinsurer: Address;
  movement: Movement;
  balance: Money<'USD'>;
}

@contract
export class TreatyCurrentAccount {
  readonly cedent: Address;
  /** The treaty whose statements and cash calls feed the accounts. */
  readonly treaty: QuotaShareTreaty;
  /** Balance per reinsurer: positive = owed by the reinsurer to the cedent. */
  balances: Map<Address, Money<'USD'>> = new Map();
  /** Movements per reinsurer, oldest first. */
  movements: Map<Address, Movement[]> = new Map();

  constructor(cedent: Address, treaty: QuotaShareTreaty) {
    this.cedent = cedent;
    this.treaty = treaty;
  }

  /**
   * A statement's balance is premium − commission − claims, due to the reinsurer when positive:
   * on this account, where positive means owed by the reinsurer, it enters with the opposite sign.
   */
  @on('treaty')
  onStatement(e: StatementRendered): void {
    const s = e.statement;
    this.post(s.reinsurer, { date: s.periodEnd, kind: 'statement', amount: -s.balance, reference: 'statement to ' + str(s.periodEnd) });
  }

  /** A cash call makes the reinsurer's share of a large claim due at once. */
  @on('treaty')
  onRecovery(e: RecoveryDue): void {
    if (!e.cashCall) {
      return; // settled through the next quarterly statement
    }
    this.post(e.reinsurer, { date: ctx.date, kind: 'cash-call', amount: e.amount, reference: 'claim ' + e.claimId });
  }

  /**
   * Records a payment by the caller: the cedent paying a reinsurer (which raises the balance), or
   * a reinsurer paying the cedent (which lowers its own balance).
   */
  @entry
  recordPayment(reinsurer: Address, amount: Money<'USD'>, reference: string): void {
    require(amount > zero('USD'), 'a payment must be positive');
    require(this.balances.has(reinsurer), 'no account for this reinsurer');
    if (ctx.caller == this.cedent) {
      this.post(reinsurer, { date: ctx.date, kind: 'payment', amount, reference });
    } else {
      require(ctx.caller == reinsurer, 'only the cedent or the reinsurer records a payment');
      this.post(reinsurer, { date: ctx.date, kind: 'payment', amount: -amount, reference });
    }
  }

  post(reinsurer: Address, movement: Movement): void {
    const balance = (this.balances.get(reinsurer) ?? zero('USD')) + movement.amount;
    this.balances.set(reinsurer, balance);
    const history = this.movements.get(reinsurer) ?? [];
    history.push(movement);
    this.movements.set(reinsurer, history);
    emit<BalanceChanged>({ reinsurer, movement, balance });
  }

  /** What `reinsurer` owes the cedent (negative: what the cedent owes it). */
  @view
  balanceOf(reinsurer: Address): Money<'USD'> {
    return this.balances.get(reinsurer) ?? zero('USD');
  }

  @view
  movementsOf(reinsurer: Address): Movement[] {
    return this.movements.get(reinsurer) ?? [];
  }

  /** The treaty's remaining aggregate limit, read from the treaty itself. */
  @view
  treatyCapacity(): Money<'USD'> {
    return this.treaty.remainingAggregate();
  }
}
