// Money: exact amounts in minor units, currency checks at compile and run time, the static
// currency of Money<'USD'> slots enforced where values cross the boundary (arguments, results,
// events, state), rounding multiplications and divisions, and the JPY (0) / BHD (3) exponents.

export interface Paid extends Event {
  amount: Money<'USD'>;
}

export interface Line {
  label: string;
  amount: Money<'USD'>;
}

function pick(ms: Money[], i: Int): Money {
  return ms[i];
}

@contract
export class Wallet {
  balance: Money<'USD'> = money(0, 'USD');
  lines: Line[] = [];
  byName: Map<string, Money<'USD'>> = new Map();

  @entry
  deposit(amount: Money<'USD'>): Money<'USD'> {
    require(amount > zero('USD'), 'deposit must be positive');
    this.balance += amount;
    return this.balance;
  }

  /** A run-time currency amount stored in a USD slot: checked when the state is encoded. */
  @entry
  depositAny(amount: Money): void {
    this.balance = pick([amount], 0);
  }

  @entry
  addLine(label: string, amount: Money): void {
    this.lines.push({ label, amount: pick([amount], 0) });
  }

  /** A foreign amount held in a USD slot only during the call is fine, even across a try. */
  @entry
  tempForeign(amount: Money): Int {
    const ls = this.lines;
    ls.push({ label: 'tmp', amount: pick([amount], 0) });
    try {
      ls.push({ label: 'tmp2', amount: pick([amount], 0) });
      revert('undo');
    } catch (e) {
      ls.pop();
    }
    return ls.length;
  }

  @entry
  putAny(name: string, amount: Money): void {
    this.byName.set(name, pick([amount], 0));
  }

  @entry
  payAny(amount: Money): void {
    emit<Paid>({ amount: pick([amount], 0) });
  }

  @view
  echoAny(amount: Money): Money<'USD'> {
    return pick([amount], 0);
  }

  @view
  echo(amount: Money<'USD'>): Money<'USD'> {
    return amount;
  }

  @view
  addAny(a: Money, b: Money): Money {
    return a + b;
  }

  @view
  less(a: Money, b: Money): boolean {
    return a < b;
  }

  @view
  same(a: Money, b: Money): boolean {
    return a == b;
  }

  @view
  make(amount: Decimal, ccy: string): Money {
    return money(amount, ccy);
  }

  @view
  makeRounded(amount: Decimal, ccy: string, mode: Rounding): Money {
    return moneyRound(amount, ccy, mode);
  }

  @view
  literals(): string {
    return str(money(12.5, 'USD')) + ' ' + str(money(1000, 'JPY')) + ' ' + str(money(1.005, 'BHD')) + ' ' + str(money(-0.07, 'EUR'));
  }

  @view
  units(m: Money): Int {
    return minorUnits(m);
  }

  @view
  parts(m: Money): string {
    return currencyOf(m) + ' ' + str(toDecimal(m)) + ' ' + str(minorUnits(m)) + ' ' + str(abs(m)) + ' ' + str(-m);
  }

  @view
  minor(n: Int, ccy: string): Money {
    return fromMinor(n, ccy);
  }

  @view
  mul(m: Money, f: Decimal, mode: Rounding): Money {
    return mulMoney(m, f, mode);
  }

  @view
  divm(m: Money, d: Decimal, mode: Rounding): Money {
    return divMoney(m, d, mode);
  }

  @view
  ratioOf(a: Money, b: Money, scale: Int, mode: Rounding): Decimal {
    return ratio(a, b, scale, mode);
  }

  @view
  times(m: Money<'USD'>, n: Int): Money<'USD'> {
    return m * n + n * m;
  }

  @view
  lowHigh(a: Money<'USD'>, b: Money<'USD'>): Money<'USD'>[] {
    return [min(a, b), max(a, b)];
  }

  @view
  docExamples(): string {
    const premium = money(1_250_000, 'USD');
    const ceded = mulMoney(premium, 0.4, 'half-even');
    const perDay = divMoney(premium, 365, 'half-even');
    const lossRatio = ratio(money(800_000, 'USD'), premium, 4, 'half-up');
    return str(ceded) + ' ' + str(perDay) + ' ' + str(lossRatio) + ' ' + str(minorUnits(perDay));
  }
}

// ----
// deploy Wallet() -> ok
// state Wallet s/balance -> {"amount":"0.00","currency":"USD"}
// deposit({"amount": "10.50", "currency": "USD"}) -> {"amount": "10.50", "currency": "USD"}
// deposit({"amount": "0.00", "currency": "USD"}) -> RT_ERR_REQUIRE_FAILED @ 26:5 "deposit must be positive"
// deposit({"amount": "1.00", "currency": "EUR"}) -> RT_ERR_INVALID_ARGUMENT "argument amount: expected currency USD, got \"EUR\""
// deposit({"amount": "1.0", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1.005", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1e3", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "0x10", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": " 10.00", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "+1.00", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "-0.00", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "10.", "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": 10, "currency": "USD"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1.00", "currency": "usd"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1.00", "currency": "XYZ"}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1.00", "currency": "USD", "extra": 1}) -> RT_ERR_INVALID_ARGUMENT
// deposit({"amount": "1234567890123456789012345678901234567890.00", "currency": "USD"}) -> {"amount": "1234567890123456789012345678901234567900.50", "currency": "USD"}
// state Wallet s/balance -> {"amount":"1234567890123456789012345678901234567900.50","currency":"USD"}
// depositAny({"amount": "2.00", "currency": "USD"}) -> null
// state Wallet s/balance -> {"amount":"2.00","currency":"USD"}
// depositAny({"amount": "2.00", "currency": "EUR"}) -> RT_ERR_CURRENCY_MISMATCH
// state Wallet s/balance -> {"amount":"2.00","currency":"USD"}
// addLine("a", {"amount": "3.00", "currency": "USD"}) -> null
// addLine("b", {"amount": "300", "currency": "JPY"}) -> RT_ERR_CURRENCY_MISMATCH
// state Wallet s/lines -> [{"amount":{"amount":"3.00","currency":"USD"},"label":"a"}]
// tempForeign({"amount": "5.00", "currency": "EUR"}) -> "1"
// tempForeign({"amount": "5.00", "currency": "USD"}) -> "1"
// state Wallet s/lines -> [{"amount":{"amount":"3.00","currency":"USD"},"label":"a"}]
// putAny("x", {"amount": "1.000", "currency": "BHD"}) -> RT_ERR_CURRENCY_MISMATCH
// putAny("x", {"amount": "1.00", "currency": "USD"}) -> null
// state Wallet m/byName/x -> {"amount":"1.00","currency":"USD"}
// payAny({"amount": "1.00", "currency": "USD"}) -> null
// events -> [["Paid", {"amount": {"amount": "1.00", "currency": "USD"}}]]
// payAny({"amount": "1.00", "currency": "GBP"}) -> RT_ERR_CURRENCY_MISMATCH @ 63:5
// events -> []
// echoAny({"amount": "1.00", "currency": "USD"}) -> {"amount": "1.00", "currency": "USD"}
// echoAny({"amount": "1.00", "currency": "CHF"}) -> RT_ERR_CURRENCY_MISMATCH
// echo({"amount": "1.00", "currency": "CHF"}) -> RT_ERR_INVALID_ARGUMENT
// addAny({"amount": "1.25", "currency": "EUR"}, {"amount": "2.75", "currency": "EUR"}) -> {"amount": "4.00", "currency": "EUR"}
// addAny({"amount": "1", "currency": "JPY"}, {"amount": "2.75", "currency": "EUR"}) -> RT_ERR_CURRENCY_MISMATCH @ 78:12
// less({"amount": "1", "currency": "JPY"}, {"amount": "2", "currency": "JPY"}) -> true
// less({"amount": "1", "currency": "JPY"}, {"amount": "2.00", "currency": "USD"}) -> RT_ERR_CURRENCY_MISMATCH
// same({"amount": "1.000", "currency": "BHD"}, {"amount": "1.000", "currency": "BHD"}) -> true
// same({"amount": "1.000", "currency": "BHD"}, {"amount": "1.00", "currency": "USD"}) -> RT_ERR_CURRENCY_MISMATCH
// make("12.5", "USD") -> {"amount": "12.50", "currency": "USD"}
// make("12.505", "USD") -> RT_ERR_INEXACT_MONEY @ 93:12
// make("12.5", "JPY") -> RT_ERR_INEXACT_MONEY
// make("12", "JPY") -> {"amount": "12", "currency": "JPY"}
// make("1.005", "BHD") -> {"amount": "1.005", "currency": "BHD"}
// make("1.0005", "BHD") -> RT_ERR_INEXACT_MONEY
// make("1", "ABC") -> RT_ERR_INVALID_ARGUMENT
// makeRounded("12.505", "USD", "half-even") -> {"amount": "12.50", "currency": "USD"}
// makeRounded("12.515", "USD", "half-even") -> {"amount": "12.52", "currency": "USD"}
// makeRounded("-12.505", "USD", "half-up") -> {"amount": "-12.51", "currency": "USD"}
// makeRounded("12.5", "JPY", "half-even") -> {"amount": "12", "currency": "JPY"}
// makeRounded("13.5", "JPY", "half-even") -> {"amount": "14", "currency": "JPY"}
// makeRounded("1.0005", "BHD", "ceiling") -> {"amount": "1.001", "currency": "BHD"}
// literals() -> "USD 12.50 JPY 1000 BHD 1.005 EUR -0.07"
// units({"amount": "12.34", "currency": "USD"}) -> "1234"
// units({"amount": "1234", "currency": "JPY"}) -> "1234"
// units({"amount": "-1.234", "currency": "BHD"}) -> "-1234"
// units({"amount": "1.00", "currency": "BHD"}) -> RT_ERR_INVALID_ARGUMENT
// units({"amount": "1.0000", "currency": "BHD"}) -> RT_ERR_INVALID_ARGUMENT
// units({"amount": "1.0", "currency": "JPY"}) -> RT_ERR_INVALID_ARGUMENT
// parts({"amount": "-1.234", "currency": "BHD"}) -> "BHD -1.234 -1234 BHD 1.234 BHD 1.234"
// parts({"amount": "0.10", "currency": "USD"}) -> "USD 0.1 10 USD 0.10 USD -0.10"
// minor("1234", "USD") -> {"amount": "12.34", "currency": "USD"}
// minor("-5", "BHD") -> {"amount": "-0.005", "currency": "BHD"}
// minor("5", "JPY") -> {"amount": "5", "currency": "JPY"}
// mul({"amount": "100.00", "currency": "USD"}, "0.375", "half-even") -> {"amount": "37.50", "currency": "USD"}
// mul({"amount": "0.05", "currency": "USD"}, "0.5", "half-even") -> {"amount": "0.02", "currency": "USD"}
// mul({"amount": "0.05", "currency": "USD"}, "0.5", "half-up") -> {"amount": "0.03", "currency": "USD"}
// mul({"amount": "-0.05", "currency": "USD"}, "0.5", "half-up") -> {"amount": "-0.03", "currency": "USD"}
// mul({"amount": "-0.05", "currency": "USD"}, "0.5", "floor") -> {"amount": "-0.03", "currency": "USD"}
// mul({"amount": "-0.05", "currency": "USD"}, "0.5", "ceiling") -> {"amount": "-0.02", "currency": "USD"}
// mul({"amount": "101", "currency": "JPY"}, "0.5", "half-even") -> {"amount": "50", "currency": "JPY"}
// divm({"amount": "100.00", "currency": "USD"}, "3", "down") -> {"amount": "33.33", "currency": "USD"}
// divm({"amount": "100.00", "currency": "USD"}, "3", "up") -> {"amount": "33.34", "currency": "USD"}
// divm({"amount": "-100.00", "currency": "USD"}, "3", "floor") -> {"amount": "-33.34", "currency": "USD"}
// divm({"amount": "1.000", "currency": "BHD"}, "0.3", "half-even") -> {"amount": "3.333", "currency": "BHD"}
// divm({"amount": "1.00", "currency": "USD"}, "0", "down") -> RT_ERR_DIVISION_BY_ZERO
// ratioOf({"amount": "1.00", "currency": "USD"}, {"amount": "3.00", "currency": "USD"}, "4", "half-up") -> "0.3333"
// ratioOf({"amount": "2.00", "currency": "USD"}, {"amount": "3.00", "currency": "USD"}, "4", "half-up") -> "0.6667"
// ratioOf({"amount": "2.00", "currency": "USD"}, {"amount": "0.00", "currency": "USD"}, "4", "half-up") -> RT_ERR_DIVISION_BY_ZERO
// ratioOf({"amount": "2.00", "currency": "USD"}, {"amount": "2", "currency": "JPY"}, "4", "half-up") -> RT_ERR_CURRENCY_MISMATCH
// times({"amount": "1.25", "currency": "USD"}, "3") -> {"amount": "7.50", "currency": "USD"}
// lowHigh({"amount": "1.25", "currency": "USD"}, {"amount": "-3.00", "currency": "USD"}) -> [{"amount": "-3.00", "currency": "USD"}, {"amount": "1.25", "currency": "USD"}]
// docExamples() -> "USD 500000.00 USD 3424.66 0.64 342466"
