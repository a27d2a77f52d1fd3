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

// =============================================================================================
// ACTUS date conventions (ACTUS Technical Specification, "Utility Functions": §3.1 Schedule,
// §3.3 End Of Month Shift Convention, §3.4 Business Day Shift Convention, §3.5 Business Day
// Calendar, §3.6 Year Fraction Convention; value names from the ACTUS data dictionary).
// docs/stdlib.md documents each convention with worked examples.

/**
 * An ACTUS day-count convention (data dictionary term `dayCountConvention`, IPDC):
 * `AA` Actual/Actual ISDA, `A360` Actual/360, `A365` Actual/365 (Fixed), `30E360` 30E/360
 * (Eurobond basis), `30E360ISDA` 30E/360 ISDA, `28E336` 28E/336.
 */
export type DayCountConvention = 'AA' | 'A360' | 'A365' | '30E360' | '30E360ISDA' | '28E336';

/** ACTUS end-of-month convention (EOMC): `SD` same day, `EOM` end of month (spec §3.3). */
export type EndOfMonthConvention = 'SD' | 'EOM';

/**
 * ACTUS business-day convention (BDC, spec §3.4): `NOS` no shift; `SC…` shift the date first and
 * calculate on the shifted date; `CS…` calculate on the unshifted date, then shift the event.
 * `F` following, `MF` modified following, `P` preceding, `MP` modified preceding.
 */
export type BusinessDayConvention = 'NOS' | 'SCF' | 'SCMF' | 'CSF' | 'CSMF' | 'SCP' | 'SCMP' | 'CSP' | 'CSMP';

/** ACTUS business-day calendar (CLDR, spec §3.5): `NC` every day is a business day, `MF` Monday–Friday. */
export type BusinessDayCalendar = 'NC' | 'MF';

/** Period unit of an ACTUS cycle: day, week, month, quarter (3 months), half year (6 months), year. */
export type CycleUnit = 'D' | 'W' | 'M' | 'Q' | 'H' | 'Y';

/** Stub of an ACTUS cycle: `L0` is a long last stub, `L1` a short last stub. */
export type CycleStub = 'long' | 'short';

/** A parsed ACTUS cycle `PnUL s`: `count` periods of `unit`, with last-period `stub`. */
export interface Cycle {
  count: Int;
  unit: CycleUnit;
  stub: CycleStub;
}

/**
 * An exact year fraction `numerator / denominator` (denominator > 0, in lowest terms), so that a
 * caller can multiply an amount by it and round once.
 */
export interface YearFraction {
  numerator: Int;
  denominator: Int;
}

/**
 * One date of a business-day adjusted schedule: `date` is when the event happens (shifted to a
 * business day), `calcDate` is the date accruals are calculated to and from (the shifted date
 * under `SC…` conventions, the unshifted one under `CS…` and `NOS`).
 */
export interface ScheduleDate {
  date: LocalDate;
  calcDate: LocalDate;
}

/**
 * Fraction digits of `yearFraction`: 18, rounded half-even. A year fraction of n/360 or n/365 has
 * no finite decimal expansion; at 18 digits the error is at most 5e-19 per fraction, i.e. below
 * 1e-9 on a notional of 10^9, far inside the 1e-6 tolerance of the ACTUS test beds. Callers that
 * want a single rounding use `yearFractionExact` or `interestAccrual`.
 */
export const YEAR_FRACTION_SCALE: Int = 18;

const DIGITS: string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Zero-padded decimal text of a non-negative `n`, at least `width` digits. */
function padded(n: Int, width: Int): string {
  let s = str(n);
  while (s.length < width) {
    s = '0' + s;
  }
  return s;
}

/** Greatest common divisor of two non-negative integers (gcd(0, 0) = 0). */
function gcd(a: Int, b: Int): Int {
  let x = a;
  let y = b;
  while (y != 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** `numerator / denominator` in lowest terms with a positive denominator. */
function fraction(numerator: Int, denominator: Int): YearFraction {
  require(denominator != 0, 'year fraction: zero denominator');
  let n = numerator;
  let d = denominator;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(abs(n), d);
  if (g > 1) {
    n = div(n, g, 'down');
    d = div(d, g, 'down');
  }
  return { numerator: n, denominator: d };
}

/**
 * The date `year`-`month`-`day`. Reverts (`RT_ERR_INVALID_ARGUMENT`) if there is no such date.
 *
 * @example
 * dateFromParts(2024, 2, 29);   // 2024-02-29
 */
export function dateFromParts(year: Int, month: Int, day: Int): LocalDate {
  require(year >= 1 && year <= 9999, 'dateFromParts: year outside 1..9999');
  return date(padded(year, 4) + '-' + padded(month, 2) + '-' + padded(day, 2));
}

/** Whether `year` is a Gregorian leap year (divisible by 4, except centuries not divisible by 400). */
export function isLeapYear(year: Int): boolean {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/** Whether `d` is the last day of its month. */
export function isEndOfMonth(d: LocalDate): boolean {
  return d == endOfMonth(d);
}

/**
 * ISO day of the week of `d`: 1 = Monday … 7 = Sunday.
 *
 * @example
 * dayOfWeek(date('2013-09-01'));   // 7 (a Sunday)
 */
export function dayOfWeek(d: LocalDate): Int {
  // 2001-01-01 was a Monday; % has the sign of the dividend, so fold negatives back.
  let w = daysBetween(date('2001-01-01'), d) % 7;
  if (w < 0) {
    w += 7;
  }
  return w + 1;
}

/**
 * `d` plus `n` calendar months (`n` may be negative); a day past the end of the target month
 * clamps to its last day (2013-01-31 + 1 month = 2013-02-28).
 *
 * @example
 * addMonths(date('2013-01-31'), 1);    // 2013-02-28
 * addMonths(date('2013-03-31'), -1);   // 2013-02-28
 */
export function addMonths(d: LocalDate, n: Int): LocalDate {
  if (n == 0) {
    return d;
  }
  const index = yearOf(d) * 12 + monthOf(d) - 1 + n;
  const y = div(index, 12, 'floor');
  const first = dateFromParts(y, index - y * 12 + 1, 1);
  return addDays(first, min(dayOf(d), dayOf(endOfMonth(first))) - 1);
}

/**
 * The calendar date of an ACTUS date-time term such as `2013-12-31T00:00:00` (its first ten
 * characters; reverts with `RT_ERR_INVALID_ARGUMENT` if they are not a date). A plain date is
 * accepted too.
 *
 * @example
 * dateTimeDate('2013-12-31T23:59:59');   // 2013-12-31
 */
export function dateTimeDate(dateTime: string): LocalDate {
  return date(dateTime.slice(0, 10));
}

/**
 * The date to accrue to or from for an ACTUS date-time term: the spec (§2.8 Date/Time) reads
 * `T23:59:59` as midnight at the end of the day, the same instant as `T00:00:00` of the next day,
 * so that time counts the whole day and gives the next date; any other time gives its own date.
 * The event itself still falls on `dateTimeDate(dateTime)`.
 *
 * @example
 * dateTimeAccrualDate('2013-12-31T23:59:59');   // 2014-01-01
 * dateTimeAccrualDate('2013-12-31T00:00:00');   // 2013-12-31
 */
export function dateTimeAccrualDate(dateTime: string): LocalDate {
  const d = dateTimeDate(dateTime);
  if (dateTime.slice(10, 19) == 'T23:59:59') {
    return addDays(d, 1);
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Year fractions (spec §3.6; conventions from the data dictionary, term dayCountConvention)

/**
 * The exact year fraction from `start` to `end` under the ACTUS convention `dcc`, as a fraction in
 * lowest terms. `maturity` is used only by `30E360ISDA` (the end date is not moved to the 30th
 * when it is the maturity date and in February); pass `undefined` when there is none. If `end` is
 * before `start` the result is minus the fraction from `end` to `start`.
 *
 * - `A360`: actual days ÷ 360. `A365`: actual days ÷ 365.
 * - `AA` (Actual/Actual ISDA): the days falling in each calendar year divided by that year's
 *   length (365 or 366), summed.
 * - `30E360`: day-of-month 31 becomes 30 at both ends; (360·ΔY + 30·ΔM + ΔD) ÷ 360.
 * - `30E360ISDA`: a start on the last day of its month becomes 30; an end on the last day of its
 *   month becomes 30 unless it is the maturity date in February; then as 30E360.
 * - `28E336`: day-of-month above 28 becomes 28 at both ends; (336·ΔY + 28·ΔM + ΔD) ÷ 336.
 *
 * @example
 * yearFractionExact(date('2013-01-01'), date('2013-02-01'), 'A365', undefined);   // 31/365
 * yearFractionExact(date('2012-12-01'), date('2013-01-01'), 'AA', undefined);     // 31/366
 * yearFractionExact(date('2013-01-31'), date('2013-02-28'), '30E360ISDA', undefined);   // 1/12
 */
export function yearFractionExact(start: LocalDate, end: LocalDate, dcc: DayCountConvention, maturity: LocalDate | undefined): YearFraction {
  if (end < start) {
    const reversed = yearFractionExact(end, start, dcc, maturity);
    return { numerator: -reversed.numerator, denominator: reversed.denominator };
  }
  if (dcc == 'A360') {
    return fraction(daysBetween(start, end), 360);
  }
  if (dcc == 'A365') {
    return fraction(daysBetween(start, end), 365);
  }
  if (dcc == 'AA') {
    const y1 = yearOf(start);
    const y2 = yearOf(end);
    const basis1: Int = isLeapYear(y1) ? 366 : 365;
    if (y1 == y2) {
      return fraction(daysBetween(start, end), basis1);
    }
    const basis2: Int = isLeapYear(y2) ? 366 : 365;
    const inFirst = daysBetween(start, dateFromParts(y1 + 1, 1, 1));
    const inLast = daysBetween(dateFromParts(y2, 1, 1), end);
    // inFirst/basis1 + (y2 - y1 - 1) + inLast/basis2, over the common denominator basis1·basis2
    return fraction(inFirst * basis2 + inLast * basis1 + (y2 - y1 - 1) * basis1 * basis2, basis1 * basis2);
  }
  let d1 = dayOf(start);
  let d2 = dayOf(end);
  let month: Int = 30;
  if (dcc == '30E360') {
    d1 = min(d1, 30);
    d2 = min(d2, 30);
  } else if (dcc == '30E360ISDA') {
    if (isEndOfMonth(start)) {
      d1 = 30;
    }
    const febMaturity = maturity !== undefined && end == maturity && monthOf(end) == 2;
    if (isEndOfMonth(end) && !febMaturity) {
      d2 = 30;
    }
  } else if (dcc == '28E336') {
    month = 28;
    d1 = min(d1, 28);
    d2 = min(d2, 28);
  } else {
    revert('yearFraction: unknown day-count convention ' + dcc);
  }
  const days = 12 * month * (yearOf(end) - yearOf(start)) + month * (monthOf(end) - monthOf(start)) + d2 - d1;
  return fraction(days, 12 * month);
}

/**
 * The year fraction from `start` to `end` under `dcc` (see `yearFractionExact`), as a `Decimal`
 * with `YEAR_FRACTION_SCALE` (18) fraction digits, rounded half-even.
 *
 * @example
 * yearFraction(date('2013-01-01'), date('2013-02-01'), 'A360', undefined);   // 0.086111111111111111
 */
export function yearFraction(start: LocalDate, end: LocalDate, dcc: DayCountConvention, maturity: LocalDate | undefined): Decimal {
  const f = yearFractionExact(start, end, dcc, maturity);
  return divide(f.numerator, f.denominator, YEAR_FRACTION_SCALE, 'half-even');
}

/**
 * Simple interest `amount × rate × yearFraction(start, end)` under `dcc`, computed exactly and
 * rounded once to `scale` fraction digits as `mode` says.
 *
 * @example
 * interestAccrual(1000000, 0.05, date('2013-01-01'), date('2013-02-01'), 'A365', undefined, 6, 'half-even');
 * // 4246.575342 (= 1,000,000 × 0.05 × 31/365)
 */
export function interestAccrual(amount: Decimal, rate: Decimal, start: LocalDate, end: LocalDate, dcc: DayCountConvention, maturity: LocalDate | undefined, scale: Int, mode: Rounding): Decimal {
  const f = yearFractionExact(start, end, dcc, maturity);
  return divide(amount * rate * f.numerator, f.denominator, scale, mode);
}

// ---------------------------------------------------------------------------------------------
// Cycles and schedules (spec §3.1, §3.3)

/**
 * Parses an ACTUS cycle `P{n}{U}L{s}` (data dictionary type Cycle): `n` ≥ 1 periods of unit `U`
 * (D, W, M, Q, H, Y), stub `L0` (long last stub) or `L1` (short last stub). A cycle without the
 * `L…` suffix has a short stub (no stub correction). Reverts on anything else.
 *
 * @example
 * parseCycle('P3ML1');   // { count: 3, unit: 'M', stub: 'short' }
 * parseCycle('P1YL0');   // { count: 1, unit: 'Y', stub: 'long' }
 */
export function parseCycle(cycle: string): Cycle {
  require(cycle.length >= 3 && cycle.startsWith('P'), 'parseCycle: not an ACTUS cycle: ' + cycle);
  let i: Int = 1;
  let count: Int = 0;
  while (i < cycle.length) {
    const digit = DIGITS.indexOf(cycle.slice(i, i + 1));
    if (digit < 0) {
      break;
    }
    count = count * 10 + digit;
    i += 1;
  }
  require(i > 1 && count >= 1, 'parseCycle: the cycle needs a period count of at least 1: ' + cycle);
  const u = cycle.slice(i, i + 1);
  let unit: CycleUnit = 'D';
  if (u == 'D') {
    unit = 'D';
  } else if (u == 'W') {
    unit = 'W';
  } else if (u == 'M') {
    unit = 'M';
  } else if (u == 'Q') {
    unit = 'Q';
  } else if (u == 'H') {
    unit = 'H';
  } else if (u == 'Y') {
    unit = 'Y';
  } else {
    revert('parseCycle: unknown period unit in ' + cycle);
  }
  const rest = cycle.slice(i + 1);
  let stub: CycleStub = 'short';
  if (rest == 'L0') {
    stub = 'long';
  } else if (rest != 'L1' && rest != '') {
    revert('parseCycle: the stub must be L0 or L1 in ' + cycle);
  }
  return { count, unit, stub };
}

/** Months in one period of `unit` (0 for days and weeks). */
function monthsPerUnit(unit: CycleUnit): Int {
  if (unit == 'M') {
    return 1;
  }
  if (unit == 'Q') {
    return 3;
  }
  if (unit == 'H') {
    return 6;
  }
  if (unit == 'Y') {
    return 12;
  }
  return 0;
}

/**
 * The `k`-th date of the cycle from `anchor`: `anchor + k × cycle`, always computed from the
 * anchor (never from the previous date). Month-based cycles clamp to the month's end (same day,
 * SD); with `eomc = 'EOM'` and an anchor on the last day of its month, they fall on the last day of
 * every month (spec §3.3). Day and week cycles ignore `eomc`. `k` may be negative.
 *
 * @example
 * cycleDate(date('2013-04-30'), parseCycle('P1ML1'), 1, 'SD');    // 2013-05-30
 * cycleDate(date('2013-04-30'), parseCycle('P1ML1'), 1, 'EOM');   // 2013-05-31
 */
export function cycleDate(anchor: LocalDate, cycle: Cycle, k: Int, eomc: EndOfMonthConvention): LocalDate {
  const months = monthsPerUnit(cycle.unit);
  if (months == 0) {
    const days: Int = cycle.unit == 'W' ? 7 : 1;
    return addDays(anchor, k * cycle.count * days);
  }
  const t = addMonths(anchor, k * cycle.count * months);
  if (eomc == 'EOM' && isEndOfMonth(anchor)) {
    return endOfMonth(t);
  }
  return t;
}

/**
 * `d` plus `times` ACTUS cycles (`times` may be negative), same-day convention: the usual
 * default of an anchor, e.g. IPANX = IED + IPCL.
 *
 * @example
 * addCycle(date('2013-01-31'), 'P1ML0', 1);    // 2013-02-28
 * addCycle(date('2013-03-01'), 'P2WL1', -1);   // 2013-02-15
 */
export function addCycle(d: LocalDate, cycle: string, times: Int): LocalDate {
  return cycleDate(d, parseCycle(cycle), times, 'SD');
}

/**
 * The ACTUS schedule S(anchor, cycle, end) of spec §3.1, unadjusted (before business-day
 * shifting), ascending and without duplicates:
 *
 * - no anchor: `[end]` if `includeEnd` and there is an end, else `[]`;
 * - no end: `[anchor]`;
 * - no cycle: `anchor` and (if `includeEnd`) `end`;
 * - otherwise the cycle dates `cycleDate(anchor, c, k, eomc)`, k = 0, 1, …, that are before `end`,
 *   then `end` if `includeEnd`. With a long stub (`L0`) and `end` not on the cycle, the last cycle
 *   date before `end` is removed, so that the last period is longer than one cycle; this is done
 *   only when the schedule has more than two dates (the ACTUS reference implementation's rule,
 *   which never removes the anchor). A short stub (`L1`) keeps it: the last period is shorter.
 *
 * @example
 * schedule(date('2013-02-01'), 'P1ML0', date('2013-04-15'), true, 'SD');   // 02-01, 03-01, 04-15
 * schedule(date('2013-02-01'), 'P1ML1', date('2013-04-15'), true, 'SD');   // 02-01, 03-01, 04-01, 04-15
 */
export function schedule(anchor: LocalDate | undefined, cycle: string | undefined, end: LocalDate | undefined, includeEnd: boolean, eomc: EndOfMonthConvention): LocalDate[] {
  const out: LocalDate[] = [];
  if (anchor === undefined) {
    if (end !== undefined && includeEnd) {
      out.push(end);
    }
    return out;
  }
  if (end === undefined) {
    out.push(anchor);
    return out;
  }
  if (cycle === undefined) {
    if (includeEnd && end < anchor) {
      out.push(end);
    }
    out.push(anchor);
    if (includeEnd && end > anchor) {
      out.push(end);
    }
    return out;
  }
  const c = parseCycle(cycle);
  let k: Int = 0;
  let t = anchor;
  while (t < end) {
    out.push(t);
    k += 1;
    t = cycleDate(anchor, c, k, eomc);
  }
  if (includeEnd) {
    out.push(end);
  }
  if (c.stub == 'long' && out.length > 2 && t != end) {
    // out[k - 1] is the last cycle date before end: drop it, merging the stub into the last period.
    const merged: LocalDate[] = [];
    for (let i = 0; i < out.length; i++) {
      if (i != k - 1) {
        merged.push(out[i]);
      }
    }
    return merged;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Business days (spec §3.4, §3.5)

/**
 * Whether `d` is a business day in `calendar`: every day under `NC`, Monday to Friday under `MF`.
 */
export function isBusinessDay(d: LocalDate, calendar: BusinessDayCalendar): boolean {
  if (calendar == 'MF') {
    return dayOfWeek(d) <= 5;
  }
  return true;
}

/** The first business day on or after `d`. */
function following(d: LocalDate, calendar: BusinessDayCalendar): LocalDate {
  let t = d;
  while (!isBusinessDay(t, calendar)) {
    t = addDays(t, 1);
  }
  return t;
}

/** The last business day on or before `d`. */
function preceding(d: LocalDate, calendar: BusinessDayCalendar): LocalDate {
  let t = d;
  while (!isBusinessDay(t, calendar)) {
    t = addDays(t, -1);
  }
  return t;
}

/**
 * The event date of a scheduled date `d` under `bdc` and `calendar` (spec §3.4): a business day
 * is kept; otherwise following (`SCF`, `CSF`) moves to the next business day, preceding (`SCP`,
 * `CSP`) to the previous one, modified following (`SCMF`, `CSMF`) to the next one unless that is
 * in another month, then to the previous one, and modified preceding (`SCMP`, `CSMP`) the other way
 * round. `NOS` never shifts.
 *
 * @example
 * shiftDate(date('2013-03-31'), 'SCF', 'MF');    // 2013-04-01 (Sunday → Monday)
 * shiftDate(date('2013-03-31'), 'SCMF', 'MF');   // 2013-03-29 (Monday is in April → Friday)
 */
export function shiftDate(d: LocalDate, bdc: BusinessDayConvention, calendar: BusinessDayCalendar): LocalDate {
  if (bdc == 'NOS' || isBusinessDay(d, calendar)) {
    return d;
  }
  if (bdc == 'SCF' || bdc == 'CSF') {
    return following(d, calendar);
  }
  if (bdc == 'SCP' || bdc == 'CSP') {
    return preceding(d, calendar);
  }
  if (bdc == 'SCMF' || bdc == 'CSMF') {
    const next = following(d, calendar);
    return monthOf(next) == monthOf(d) ? next : preceding(d, calendar);
  }
  // SCMP, CSMP
  const previous = preceding(d, calendar);
  return monthOf(previous) == monthOf(d) ? previous : following(d, calendar);
}

/**
 * Whether `bdc` shifts before calculating (`SC…`): accruals then run between shifted dates.
 * `CS…` and `NOS` calculate on the unshifted dates.
 */
export function shiftsBeforeCalculation(bdc: BusinessDayConvention): boolean {
  return bdc == 'SCF' || bdc == 'SCMF' || bdc == 'SCP' || bdc == 'SCMP';
}

/**
 * The date that accruals are calculated to and from for a scheduled date `d`: `shiftDate(d, …)`
 * under shift-then-calculate conventions (`SC…`), `d` itself under calculate-then-shift (`CS…`)
 * and `NOS`.
 *
 * @example
 * calculationDate(date('2013-03-31'), 'SCF', 'MF');   // 2013-04-01
 * calculationDate(date('2013-03-31'), 'CSF', 'MF');   // 2013-03-31
 */
export function calculationDate(d: LocalDate, bdc: BusinessDayConvention, calendar: BusinessDayCalendar): LocalDate {
  if (shiftsBeforeCalculation(bdc)) {
    return shiftDate(d, bdc, calendar);
  }
  return d;
}

/**
 * `schedule(anchor, cycle, end, includeEnd, eomc)` with every date business-day adjusted: each
 * entry's `date` is `shiftDate(t, bdc, calendar)` and its `calcDate` is
 * `calculationDate(t, bdc, calendar)`. Entries stay in schedule order; two scheduled dates can
 * shift onto the same business day (e.g. a daily cycle over a weekend), and both are kept.
 */
export function adjustedSchedule(anchor: LocalDate | undefined, cycle: string | undefined, end: LocalDate | undefined, includeEnd: boolean, eomc: EndOfMonthConvention, bdc: BusinessDayConvention, calendar: BusinessDayCalendar): ScheduleDate[] {
  return schedule(anchor, cycle, end, includeEnd, eomc).map((t) => ({ date: shiftDate(t, bdc, calendar), calcDate: calculationDate(t, bdc, calendar) }));
}
