/**
 * Settlement cash accounts: the cash each party holds with a custodian bank, per currency, and the
 * only place where money moves. The custodian records deposits and withdrawals (cash entering or
 * leaving the arrangement); everything else is a transfer between parties, so the total cash of
 * each currency changes only by deposits and withdrawals — every other transaction conserves it.
 *
 * A party can let an agent contract move its cash (a mandate), as a reinsurer lets the treaty's
 * settlement agent pay cash calls and statement balances the moment they fall due; it can revoke
 * the mandate at any time. Balances never go negative: a payment without the funds fails and
 * moves nothing.
 *
 * Does NOT charge interest or fees, convert currencies, or net several payments into one.
 * @module
 */

/** Cash moved from one party to another. */
export interface CashMoved extends Event {
  from: Address;
  to: Address;
  amount: Money;
  reference: string;
  /** The agent that moved it under a mandate, or the payer itself. */
  by: Address;
}

/** Cash entered (deposit) or left (withdrawal, negative) the arrangement through the custodian. */
export interface CashBooked extends Event {
  party: Address;
  amount: Money;
  reference: string;
}

/** A mandate granted or revoked. */
export interface MandateChanged extends Event {
  party: Address;
  agent: Address;
  granted: boolean;
}

function accountKey(party: Address, currency: string): string {
  return str(party) + '/' + currency;
}

function mandateKey(party: Address, agent: Address): string {
  return str(party) + '/' + str(agent);
}

@contract
export class SettlementAccounts {
  /** The bank that holds the cash and records what enters and leaves. */
  readonly custodian: Address;
  /** Balance per party and currency (key `party/CCY`). */
  balances: Map<string, Money> = new Map();
  /** Total cash per currency: deposits minus withdrawals. */
  totals: Map<string, Money> = new Map();
  /** Mandates (key `party/agent`). */
  mandates: Map<string, boolean> = new Map();

  constructor(custodian: Address) {
    this.custodian = custodian;
  }

  /** The custodian books cash received for `party`. */
  @entry
  deposit(party: Address, amount: Money, reference: string): void {
    require(ctx.caller == this.custodian, 'only the custodian books deposits');
    require(amount > zero(currencyOf(amount)), 'a deposit must be positive');
    this.credit(party, amount);
    const ccy = currencyOf(amount);
    this.totals.set(ccy, (this.totals.get(ccy) ?? zero(ccy)) + amount);
    emit<CashBooked>({ party, amount, reference });
  }

  /** The custodian books cash paid out to `party` outside the arrangement. */
  @entry
  withdraw(party: Address, amount: Money, reference: string): void {
    require(ctx.caller == this.custodian, 'only the custodian books withdrawals');
    require(amount > zero(currencyOf(amount)), 'a withdrawal must be positive');
    this.debit(party, amount);
    const ccy = currencyOf(amount);
    this.totals.set(ccy, (this.totals.get(ccy) ?? zero(ccy)) - amount);
    emit<CashBooked>({ party, amount: -amount, reference });
  }

  /** The caller pays `amount` of its own cash to `to`. */
  @entry
  transfer(to: Address, amount: Money, reference: string): void {
    this.move(ctx.caller, to, amount, reference);
  }

  /** The caller lets `agent` (a contract) move its cash. */
  @entry
  grantMandate(agent: Address): void {
    this.mandates.set(mandateKey(ctx.caller, agent), true);
    emit<MandateChanged>({ party: ctx.caller, agent, granted: true });
  }

  @entry
  revokeMandate(agent: Address): void {
    this.mandates.delete(mandateKey(ctx.caller, agent));
    emit<MandateChanged>({ party: ctx.caller, agent, granted: false });
  }

  /** An agent with `from`'s mandate pays `amount` of `from`'s cash to `to`. */
  @entry
  pay(from: Address, to: Address, amount: Money, reference: string): void {
    require(this.mandates.has(mandateKey(from, ctx.caller)), 'no mandate from the payer for this agent');
    this.move(from, to, amount, reference);
  }

  move(from: Address, to: Address, amount: Money, reference: string): void {
    require(amount > zero(currencyOf(amount)), 'a payment must be positive');
    require(from != to, 'payer and payee are the same');
    this.debit(from, amount);
    this.credit(to, amount);
    emit<CashMoved>({ from, to, amount, reference, by: ctx.caller });
  }

  credit(party: Address, amount: Money): void {
    const key = accountKey(party, currencyOf(amount));
    this.balances.set(key, (this.balances.get(key) ?? zero(currencyOf(amount))) + amount);
  }

  debit(party: Address, amount: Money): void {
    const key = accountKey(party, currencyOf(amount));
    const have = this.balances.get(key) ?? zero(currencyOf(amount));
    require(have >= amount, 'insufficient funds');
    const left = have - amount;
    if (left == zero(currencyOf(amount))) {
      this.balances.delete(key);
    } else {
      this.balances.set(key, left);
    }
  }

  @view
  balanceOf(party: Address, currency: string): Money {
    return this.balances.get(accountKey(party, currency)) ?? zero(currency);
  }

  /** Total cash of `currency` in the arrangement (deposits minus withdrawals). */
  @view
  totalCash(currency: string): Money {
    return this.totals.get(currency) ?? zero(currency);
  }

  @view
  hasMandate(party: Address, agent: Address): boolean {
    return this.mandates.has(mandateKey(party, agent));
  }
}
