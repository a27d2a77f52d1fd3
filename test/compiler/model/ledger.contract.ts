// A cash ledger for the model-based test (CMP-09): balances in a state map, deposits by the
// operator, transfers by owners, withdrawals, and a running total that must equal the sum of
// balances after every transaction.

export interface Moved extends Event {
  from: Address;
  to: Address;
  amount: Money<'USD'>;
}

@contract
export class Ledger {
  readonly operator: Address;
  balances: Map<Address, Money<'USD'>> = new Map();
  total: Money<'USD'> = money(0, 'USD');

  constructor(operator: Address) {
    this.operator = operator;
  }

  @entry
  deposit(to: Address, amount: Money<'USD'>): void {
    require(ctx.caller == this.operator, 'only the operator deposits');
    require(amount > zero('USD'), 'amount must be positive');
    this.balances.set(to, this.balanceOf(to) + amount);
    this.total += amount;
  }

  @entry
  transfer(to: Address, amount: Money<'USD'>): void {
    require(amount > zero('USD'), 'amount must be positive');
    const from = ctx.caller;
    const available = this.balanceOf(from);
    require(available >= amount, 'insufficient funds');
    // An emptied account leaves the map, so every stored balance is positive.
    if (available == amount) {
      this.balances.delete(from);
    } else {
      this.balances.set(from, available - amount);
    }
    this.balances.set(to, this.balanceOf(to) + amount);
    emit<Moved>({ from, to, amount });
  }

  @entry
  withdraw(amount: Money<'USD'>): void {
    const available = this.balanceOf(ctx.caller);
    require(amount > zero('USD') && available >= amount, 'cannot withdraw');
    if (available == amount) {
      this.balances.delete(ctx.caller);
    } else {
      this.balances.set(ctx.caller, available - amount);
    }
    this.total -= amount;
  }

  @view
  balanceOf(who: Address): Money<'USD'> {
    return this.balances.get(who) ?? zero('USD');
  }

  @view
  holders(): Address[] {
    return this.balances.keys();
  }

  @view
  sumOfBalances(): Money<'USD'> {
    let sum = zero('USD');
    for (const [holder, b] of this.balances) {
      require(b > zero('USD'), 'an empty balance is stored for ' + str(holder));
      sum += b;
    }
    return sum;
  }

  @view
  totalHeld(): Money<'USD'> {
    return this.total;
  }
}
