// The standard library, imported by name and compiled with the contract: allocate's parts always
// sum to the total (largest remainder, ties to the lowest index, negatives mirrored), and its
// Money results fill Money<'USD'> slots after a run-time currency check.

import { allocate, split, sum, percentOf, payProRata } from '@covenant/std/money';
import { dayCount } from '@covenant/std/dates';

@contract
export class Splitter {
  shares: Money<'USD'>[] = [];

  @entry
  share(total: Money<'USD'>, weights: Decimal[]): Money<'USD'>[] {
    const parts: Money<'USD'>[] = allocate(total, weights);
    this.shares = parts;
    return parts;
  }

  @view
  parts(total: Money, weights: Decimal[]): Money[] {
    return allocate(total, weights);
  }

  /** The parts sum to the total, whatever the weights. */
  @view
  conserves(total: Money, weights: Decimal[]): boolean {
    const parts = allocate(total, weights);
    return sum(parts, currencyOf(total)) == total && parts.length == weights.length;
  }

  @view
  equal(total: Money, n: Int): Money[] {
    return split(total, n);
  }

  @view
  percent(m: Money, p: Decimal): Money {
    return percentOf(m, p, 'half-even');
  }

  @view
  shortfall(available: Money, dues: Money[]): Money[] {
    return payProRata(available, dues);
  }

  @view
  days(a: LocalDate, b: LocalDate): Int[] {
    return [dayCount(a, b, 'ACT/360'), dayCount(a, b, '30/360'), dayCount(a, b, '30E/360')];
  }
}

// ----
// deploy Splitter() -> ok
// share({"amount": "100.00", "currency": "USD"}, ["1", "1", "1"]) -> [{"amount": "33.34", "currency": "USD"}, {"amount": "33.33", "currency": "USD"}, {"amount": "33.33", "currency": "USD"}]
// state Splitter s/shares -> [{"amount":"33.34","currency":"USD"},{"amount":"33.33","currency":"USD"},{"amount":"33.33","currency":"USD"}]
// share({"amount": "100.00", "currency": "EUR"}, ["1"]) -> RT_ERR_INVALID_ARGUMENT
// parts({"amount": "-100.00", "currency": "USD"}, ["1", "1", "1"]) -> [{"amount": "-33.34", "currency": "USD"}, {"amount": "-33.33", "currency": "USD"}, {"amount": "-33.33", "currency": "USD"}]
// parts({"amount": "1000", "currency": "JPY"}, ["0.625", "0.375"]) -> [{"amount": "625", "currency": "JPY"}, {"amount": "375", "currency": "JPY"}]
// parts({"amount": "0.05", "currency": "USD"}, ["1", "1"]) -> [{"amount": "0.03", "currency": "USD"}, {"amount": "0.02", "currency": "USD"}]
// parts({"amount": "0.010", "currency": "BHD"}, ["0", "3", "7"]) -> [{"amount": "0.000", "currency": "BHD"}, {"amount": "0.003", "currency": "BHD"}, {"amount": "0.007", "currency": "BHD"}]
// parts({"amount": "1.00", "currency": "USD"}, []) -> RT_ERR_REQUIRE_FAILED "allocate: no weights"
// parts({"amount": "1.00", "currency": "USD"}, ["1", "-1"]) -> RT_ERR_REQUIRE_FAILED "allocate: a weight is negative"
// parts({"amount": "1.00", "currency": "USD"}, ["0", "0"]) -> RT_ERR_REQUIRE_FAILED "allocate: all weights are zero"
// conserves({"amount": "100.00", "currency": "USD"}, ["0.1", "0.2", "0.3", "0.4", "0.7"]) -> true
// conserves({"amount": "999999.99", "currency": "USD"}, ["3", "3", "3", "0.0001"]) -> true
// conserves({"amount": "-0.07", "currency": "EUR"}, ["1", "2", "3", "4", "5", "6", "7", "8"]) -> true
// conserves({"amount": "7", "currency": "JPY"}, ["0.333", "0.333", "0.334"]) -> true
// equal({"amount": "10.00", "currency": "USD"}, "3") -> [{"amount": "3.34", "currency": "USD"}, {"amount": "3.33", "currency": "USD"}, {"amount": "3.33", "currency": "USD"}]
// percent({"amount": "200.00", "currency": "USD"}, "12.5") -> {"amount": "25.00", "currency": "USD"}
// shortfall({"amount": "90.00", "currency": "EUR"}, [{"amount": "60.00", "currency": "EUR"}, {"amount": "40.00", "currency": "EUR"}]) -> [{"amount": "54.00", "currency": "EUR"}, {"amount": "36.00", "currency": "EUR"}]
// shortfall({"amount": "10.00", "currency": "EUR"}, [{"amount": "5.00", "currency": "USD"}]) -> RT_ERR_CURRENCY_MISMATCH
// days("2027-01-31", "2027-03-31") -> ["59", "60", "60"]
