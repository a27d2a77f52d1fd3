// Cross-contract calls through typed references: arguments and results cross in the canonical
// encoding, a callee failure reverts the caller (RT_ERR_CALL_FAILED with the callee's code and
// message) unless caught, a caught failure undoes only the callee's effects, events of all
// contracts appear in one receipt in order, and re-entering a contract on the call stack fails.

export interface Moved extends Event {
  from: Address;
  to: Address;
  amount: Money<'USD'>;
}

export interface Noted extends Event {
  text: string;
}

export interface Pinger {
  ping(): Int;
}

@contract
export class Ledger {
  balances: Map<Address, Money<'USD'>> = new Map();
  calls: Int = 0;

  @entry
  mint(to: Address, amount: Money<'USD'>): void {
    this.balances.set(to, this.balanceOf(to) + amount);
  }

  @entry
  transfer(from: Address, to: Address, amount: Money<'USD'>): Money<'USD'> {
    this.calls += 1;
    require(ctx.caller == from, 'only the owner moves funds');
    const have = this.balanceOf(from);
    require(have >= amount, 'insufficient funds');
    this.balances.set(from, have - amount);
    this.balances.set(to, this.balanceOf(to) + amount);
    emit<Moved>({ from, to, amount });
    return have - amount;
  }

  /** Calls back into its caller: refused, since the caller is on the call stack. */
  @entry
  poke(): Int {
    return contractAt<Pinger>(ctx.caller).ping();
  }

  @view
  balanceOf(owner: Address): Money<'USD'> {
    return this.balances.get(owner) ?? zero('USD');
  }

  @view
  callCount(): Int {
    return this.calls;
  }
}

@contract
export class Payer {
  readonly ledger: Ledger;
  count: Int = 0;

  constructor(ledger: Address) {
    this.ledger = contractAt<Ledger>(ledger);
  }

  @entry
  pay(to: Address, amount: Money<'USD'>): Money<'USD'> {
    this.count += 1;
    emit<Noted>({ text: 'before' });
    const left = this.ledger.transfer(ctx.self, to, amount);
    emit<Noted>({ text: 'after' });
    return left;
  }

  /** A run-time currency amount passed for the callee's Money<'USD'> parameter is checked here. */
  @entry
  payAny(to: Address, amount: Money): Money<'USD'> {
    return this.ledger.transfer(ctx.self, to, amount);
  }

  @entry
  tryPay(to: Address, amount: Money<'USD'>): string {
    this.count += 1;
    try {
      this.ledger.transfer(ctx.self, to, amount);
      emit<Noted>({ text: 'paid' });
      require(amount < money(50, 'USD'), 'too much after all');
      return 'paid';
    } catch (e) {
      emit<Noted>({ text: 'failed' });
      return e.code + ' | ' + e.message;
    }
  }

  /** Someone else's money: the ledger refuses, the caller is reverted with RT_ERR_CALL_FAILED. */
  @entry
  steal(from: Address, amount: Money<'USD'>): void {
    this.count += 1;
    this.ledger.transfer(from, ctx.self, amount);
  }

  @entry
  reenter(): Int {
    return this.ledger.poke();
  }

  @entry
  tryReenter(): string {
    try {
      this.ledger.poke();
      return 'no';
    } catch (e) {
      return e.code;
    }
  }

  @entry
  ping(): Int {
    return 7;
  }

  @entry
  callNowhere(): Int {
    return contractAt<Pinger>(address('00000000000000000000000000000000000000ff')).ping();
  }

  @view
  myBalance(): Money<'USD'> {
    return this.ledger.balanceOf(ctx.self);
  }

  @view
  payments(): Int {
    return this.count;
  }
}

// ----
// deploy Ledger() -> ok
// deploy Payer($Ledger) -> ok
// Ledger.mint($Payer, {"amount": "100.00", "currency": "USD"}) -> null
// Payer.myBalance() -> {"amount": "100.00", "currency": "USD"}
// Payer.pay($a5, {"amount": "30.00", "currency": "USD"}) -> {"amount": "70.00", "currency": "USD"}
// events -> [["Noted", {"text": "before"}], ["Moved", {"from": $Payer, "to": $a5, "amount": {"amount": "30.00", "currency": "USD"}}], ["Noted", {"text": "after"}]]
// Ledger.balanceOf($a5) -> {"amount": "30.00", "currency": "USD"}
// Payer.pay($a5, {"amount": "300.00", "currency": "USD"}) -> RT_ERR_CALL_FAILED "RT_ERR_REQUIRE_FAILED: insufficient funds"
// events -> []
// Payer.payments() -> "1"
// Ledger.callCount() -> "1"
// Payer.tryPay($a5, {"amount": "300.00", "currency": "USD"}) -> "RT_ERR_CALL_FAILED | RT_ERR_REQUIRE_FAILED: insufficient funds"
// events -> [["Noted", {"text": "failed"}]]
// Payer.payments() -> "2"
// Ledger.callCount() -> "1"
// Payer.tryPay($a5, {"amount": "60.00", "currency": "USD"}) -> "RT_ERR_REQUIRE_FAILED | too much after all"
// events -> [["Noted", {"text": "failed"}]]
// Ledger.balanceOf($a5) -> {"amount": "30.00", "currency": "USD"}
// Ledger.callCount() -> "1"
// Payer.tryPay($a5, {"amount": "10.00", "currency": "USD"}) -> "paid"
// events -> [["Moved", {"from": $Payer, "to": $a5, "amount": {"amount": "10.00", "currency": "USD"}}], ["Noted", {"text": "paid"}]]
// Ledger.balanceOf($a5) -> {"amount": "40.00", "currency": "USD"}
// Payer.steal($a5, {"amount": "1.00", "currency": "USD"}) -> RT_ERR_CALL_FAILED @ 101:5 "RT_ERR_REQUIRE_FAILED: only the owner moves funds"
// Payer.pay($a5, {"amount": "1.00", "currency": "EUR"}) -> RT_ERR_INVALID_ARGUMENT "argument amount: expected currency USD, got \"EUR\""
// Payer.payAny($a5, {"amount": "1.00", "currency": "EUR"}) -> RT_ERR_CURRENCY_MISMATCH @ 80:12
// Payer.payAny($a5, {"amount": "1.00", "currency": "USD"}) -> {"amount": "59.00", "currency": "USD"}
// Payer.reenter() -> RT_ERR_REENTRANCY @ 106:12
// Payer.tryReenter() -> RT_ERR_REENTRANCY
// Payer.payments() -> "4"
// Payer.callNowhere() -> RT_ERR_CALL_FAILED
// caller 5
// Ledger.transfer($a5, $a6, {"amount": "40.00", "currency": "USD"}) -> {"amount": "1.00", "currency": "USD"}
// Ledger.balanceOf($a6) -> {"amount": "40.00", "currency": "USD"}
