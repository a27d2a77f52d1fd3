/**
 * `@covenant/std/dates`: day-count conventions and interest accrual, as used for coupons,
 * fees and premium earning. Conventions follow the 2006 ISDA Definitions, Section 4.16.
 *
 * Written in the Covenant language with prelude built-ins only. Does NOT implement Actual/Actual
 * (ISDA or ICMA), business-day calendars or schedule adjustment: an interval is taken as given.
 * @module
 */

/**
 * A day-count convention (2006 ISDA Definitions §4.16):
 * `ACT/360` (e), `ACT/365F` (d, "Actual/365 (Fixed)"), `30/360` (f, "Bond Basis"),
 * `30E/360` (g, "Eurobond Basis").
 */
export type DayCount = 'ACT/360' | 'ACT/365F' | '30/360' | '30E/360';

/**
 * The number of days from `start` to `end` under `convention` (the numerator of the day-count
 * fraction). Negative if `end` is before `start`.
 *
 * @example
 * dayCount(date('2027-01-31'), date('2027-02-28'), 'ACT/360');  // 28
 * dayCount(date('2027-01-31'), date('2027-02-28'), '30/360');   // 28
 * dayCount(date('2027-01-31'), date('2027-03-31'), '30/360');   // 60
 */
export function dayCount(start: LocalDate, end: LocalDate, convention: DayCount): Int {
  if (convention == 'ACT/360' || convention == 'ACT/365F') {
    return daysBetween(start, end);
  }
  let d1 = dayOf(start);
  let d2 = dayOf(end);
  if (convention == '30E/360') {
    // §4.16(g): a 31st becomes the 30th, at either end.
    if (d1 == 31) {
      d1 = 30;
    }
    if (d2 == 31) {
      d2 = 30;
    }
  } else {
    // §4.16(f): D1 = 31 becomes 30; D2 = 31 becomes 30 only when D1 is (now) 30 or 31.
    if (d1 == 31) {
      d1 = 30;
    }
    if (d2 == 31 && d1 == 30) {
      d2 = 30;
    }
  }
  return 360 * (yearOf(end) - yearOf(start)) + 30 * (monthOf(end) - monthOf(start)) + (d2 - d1);
}

/**
 * The denominator of the day-count fraction: 365 for `ACT/365F`, 360 otherwise.
 *
 * @example
 * yearBasis('ACT/365F');  // 365
 */
export function yearBasis(convention: DayCount): Int {
  if (convention == 'ACT/365F') {
    return 365;
  }
  return 360;
}

/**
 * Simple interest on `balance` at `annualRate` (0.05 = 5 % a year) from `start` to `end` under
 * `convention`: balance × rate × days ÷ basis, rounded once to the minor unit as `mode` says.
 *
 * @example
 * accrue(money(1000000, 'EUR'), 0.045, date('2027-01-15'), date('2027-04-15'), 'ACT/360', 'half-even');
 * // EUR 11,250.00 (90 days)
 */
export function accrue(balance: Money, annualRate: Decimal, start: LocalDate, end: LocalDate, convention: DayCount, mode: Rounding): Money {
  const numerator: Decimal = minorUnits(balance) * annualRate * dayCount(start, end, convention);
  const units = toInt(divide(numerator, yearBasis(convention), 0, mode), 'down');
  return fromMinor(units, currencyOf(balance));
}
