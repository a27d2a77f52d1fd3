/**
 * `@covenant/std/dates`, the ACTUS date conventions (docs/stdlib.md): year fractions, cycles,
 * schedules, end-of-month and business-day conventions. The module is compiled by the real
 * compiler and run in isolated-vm through the test host, behind a probe contract whose views call
 * each function.
 *
 * Expected values come from three independent places: hand-computed cases (arithmetic in the
 * comments), a small reference written here in plain TypeScript from the ACTUS specification's
 * formulas (bigint rationals, dates through `Date.UTC`), compared on random inputs with fast-check
 * together with properties of the conventions, and the official ACTUS test beds in
 * `../shared/conformance/actus` (interest-payment dates of every contract whose IP schedule is a
 * plain S(IPANX, IPCL, MD), and the IP payoffs of the fixed-rate PAM contracts).
 * Does NOT test the legacy `dayCount`/`accrue` functions (money.test.ts does).
 * @module
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../helpers/shared-dir.ts';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, TestChain } from '../helpers/run-artifact.ts';
import { deployProbe } from './probe.ts';

const ACTUS = sharedPath(join('conformance', 'actus'));

const PROBE = `
import {
  addCycle, addMonths, adjustedSchedule, calculationDate, cycleDate, dateFromParts, dateTimeAccrualDate, dateTimeDate, dayOfWeek, interestAccrual,
  isBusinessDay, isEndOfMonth, isLeapYear, parseCycle, schedule, shiftDate, yearFraction, yearFractionExact,
  type BusinessDayCalendar, type BusinessDayConvention, type Cycle, type DayCountConvention,
  type EndOfMonthConvention, type ScheduleDate, type YearFraction,
} from '@covenant/std/dates';

type Mode = 'half-up' | 'half-even' | 'half-down' | 'floor' | 'ceiling' | 'down' | 'up';

@contract
export class DatesProbe {
  @view yfExact(a: LocalDate, b: LocalDate, dcc: DayCountConvention): YearFraction { return yearFractionExact(a, b, dcc, undefined); }
  @view yfExactMat(a: LocalDate, b: LocalDate, dcc: DayCountConvention, m: LocalDate): YearFraction { return yearFractionExact(a, b, dcc, m); }
  @view yf(a: LocalDate, b: LocalDate, dcc: DayCountConvention): Decimal { return yearFraction(a, b, dcc, undefined); }
  @view accrual(x: Decimal, r: Decimal, a: LocalDate, b: LocalDate, dcc: DayCountConvention, m: LocalDate, scale: Int, mode: Mode): Decimal {
    return interestAccrual(x, r, a, b, dcc, m, scale, mode);
  }
  @view cycle(c: string): Cycle { return parseCycle(c); }
  @view nth(anchor: LocalDate, c: string, k: Int, eomc: EndOfMonthConvention): LocalDate { return cycleDate(anchor, parseCycle(c), k, eomc); }
  @view plusCycle(d: LocalDate, c: string, k: Int): LocalDate { return addCycle(d, c, k); }
  @view plusMonths(d: LocalDate, n: Int): LocalDate { return addMonths(d, n); }
  @view parts(y: Int, m: Int, d: Int): LocalDate { return dateFromParts(y, m, d); }
  @view dow(d: LocalDate): Int { return dayOfWeek(d); }
  @view leap(y: Int): boolean { return isLeapYear(y); }
  @view eom(d: LocalDate): boolean { return isEndOfMonth(d); }
  @view sched(a: LocalDate, c: string, e: LocalDate, includeEnd: boolean, eomc: EndOfMonthConvention): LocalDate[] {
    return schedule(a, c, e, includeEnd, eomc);
  }
  @view schedNoCycle(a: LocalDate, e: LocalDate, includeEnd: boolean): LocalDate[] { return schedule(a, undefined, e, includeEnd, 'SD'); }
  @view schedNoEnd(a: LocalDate, c: string): LocalDate[] { return schedule(a, c, undefined, true, 'SD'); }
  @view schedNoAnchor(e: LocalDate, includeEnd: boolean): LocalDate[] { return schedule(undefined, 'P1ML1', e, includeEnd, 'SD'); }
  @view adjusted(a: LocalDate, c: string, e: LocalDate, includeEnd: boolean, eomc: EndOfMonthConvention, bdc: BusinessDayConvention, cal: BusinessDayCalendar): ScheduleDate[] {
    return adjustedSchedule(a, c, e, includeEnd, eomc, bdc, cal);
  }
  @view shift(d: LocalDate, bdc: BusinessDayConvention, cal: BusinessDayCalendar): LocalDate { return shiftDate(d, bdc, cal); }
  @view calc(d: LocalDate, bdc: BusinessDayConvention, cal: BusinessDayCalendar): LocalDate { return calculationDate(d, bdc, cal); }
  @view business(d: LocalDate, cal: BusinessDayCalendar): boolean { return isBusinessDay(d, cal); }
  @view dtDate(s: string): LocalDate { return dateTimeDate(s); }
  @view dtAccrual(s: string): LocalDate { return dateTimeAccrualDate(s); }
}
`;

let chain: TestChain;
let probe: string;

beforeAll(() => {
  ({ chain, address: probe } = deployProbe('test/stdlib/dates-probe.contract.ts', PROBE));
});

afterAll(() => chain?.dispose());

/** Calls a view; JavaScript numbers are passed as the ABI's integer strings. */
function view(name: string, ...args: unknown[]): CallResult {
  return chain.view(probe, name, args.map((a) => (typeof a === 'number' ? String(a) : a)));
}

function ok(name: string, ...args: unknown[]): unknown {
  const r = view(name, ...args);
  expect(r.error, `${name}(${JSON.stringify(args)})`).toBeUndefined();
  return r.value;
}

// =============================================================================================
// Reference model, written from the ACTUS specification (§3.1, §3.3, §3.4, §3.5) and the data
// dictionary's day-count definitions. Dates are ISO strings; arithmetic on day numbers from
// Date.UTC (the proleptic Gregorian calendar), year fractions as unreduced bigint pairs.

type Dcc = 'AA' | 'A360' | 'A365' | '30E360' | '30E360ISDA' | '28E336';
type Bdc = 'NOS' | 'SCF' | 'SCMF' | 'CSF' | 'CSMF' | 'SCP' | 'SCMP' | 'CSP' | 'CSMP';
const DCCS: Dcc[] = ['AA', 'A360', 'A365', '30E360', '30E360ISDA', '28E336'];
const BDCS: Bdc[] = ['NOS', 'SCF', 'SCMF', 'CSF', 'CSMF', 'SCP', 'SCMP', 'CSP', 'CSMP'];

const ymd = (s: string): [number, number, number] => [+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)];
const dayNumber = (s: string): number => {
  const [y, m, d] = ymd(s);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
};
const fromDayNumber = (n: number): string => {
  const t = new Date(n * 86_400_000);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
};
const ymdText = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
const actual = (a: string, b: string): bigint => BigInt(dayNumber(b) - dayNumber(a));
const lastOfMonth = (s: string): boolean => {
  const [y, m, d] = ymd(s);
  return d === daysInMonth(y, m);
};
/** ISO weekday, 1 = Monday … 7 = Sunday. */
const weekday = (s: string): number => {
  const t = new Date(0);
  const [y, m, d] = ymd(s);
  t.setUTCFullYear(y, m - 1, d);
  return ((t.getUTCDay() + 6) % 7) + 1;
};

/** Year fraction from `a` to `b` (a <= b) as [numerator, denominator], not reduced. */
function refYearFraction(a: string, b: string, dcc: Dcc, maturity?: string): [bigint, bigint] {
  const [y1, m1, d1] = ymd(a);
  const [y2, m2, d2] = ymd(b);
  const thirty = (e1: number, e2: number, perMonth: number): [bigint, bigint] => [
    BigInt(12 * perMonth * (y2 - y1) + perMonth * (m2 - m1) + (e2 - e1)),
    BigInt(12 * perMonth),
  ];
  switch (dcc) {
    case 'A360':
      return [actual(a, b), 360n];
    case 'A365':
      return [actual(a, b), 365n];
    case 'AA': {
      // Sum over the calendar years the period touches: days in year Y / length of year Y.
      let num = 0n;
      let den = 1n;
      for (let y = y1; y <= y2; y++) {
        const from = y === y1 ? a : ymdText(y, 1, 1);
        const to = y === y2 ? b : ymdText(y + 1, 1, 1);
        const basis = isLeap(y) ? 366n : 365n;
        num = num * basis + actual(from, to) * den;
        den *= basis;
      }
      return [num, den];
    }
    case '30E360':
      return thirty(Math.min(d1, 30), Math.min(d2, 30), 30);
    case '30E360ISDA': {
      const e1 = lastOfMonth(a) ? 30 : d1;
      const e2 = lastOfMonth(b) && !(b === maturity && m2 === 2) ? 30 : d2;
      return thirty(e1, e2, 30);
    }
    case '28E336':
      return thirty(Math.min(d1, 28), Math.min(d2, 28), 28);
  }
}

function refAddMonths(s: string, n: number): string {
  const [y, m, d] = ymd(s);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return ymdText(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

const UNIT_MONTHS: Record<string, number> = { M: 1, Q: 3, H: 6, Y: 12 };

/** The k-th cycle date from the anchor, spec §3.3 (EOM only for month-based cycles from a month end). */
function refCycleDate(anchor: string, cycle: string, k: number, eomc: 'SD' | 'EOM'): string {
  const m = /^P(\d+)([DWMQHY])(L[01])?$/.exec(cycle)!;
  const n = Number(m[1]) * k;
  const unit = m[2]!;
  if (unit === 'D') return fromDayNumber(dayNumber(anchor) + n);
  if (unit === 'W') return fromDayNumber(dayNumber(anchor) + 7 * n);
  const t = refAddMonths(anchor, n * UNIT_MONTHS[unit]!);
  if (eomc === 'EOM' && lastOfMonth(anchor)) {
    const [y, mo] = ymd(t);
    return ymdText(y, mo, daysInMonth(y, mo));
  }
  return t;
}

/** S(anchor, cycle, end), spec §3.1, with the reference implementation's long-stub rule. */
function refSchedule(anchor: string, cycle: string, end: string, includeEnd: boolean, eomc: 'SD' | 'EOM'): string[] {
  const out: string[] = [];
  let k = 0;
  let t = anchor;
  while (t < end) {
    out.push(t);
    k++;
    t = refCycleDate(anchor, cycle, k, eomc);
  }
  if (includeEnd) out.push(end);
  if (cycle.endsWith('L0') && out.length > 2 && t !== end) out.splice(k - 1, 1);
  return out;
}

function refShift(d: string, bdc: Bdc, mf: boolean): string {
  const business = (s: string): boolean => !mf || weekday(s) <= 5;
  if (bdc === 'NOS' || business(d)) return d;
  const step = (s: string, dir: number): string => {
    let n = dayNumber(s);
    while (!business(fromDayNumber(n))) n += dir;
    return fromDayNumber(n);
  };
  const month = d.slice(0, 7);
  switch (bdc.slice(2)) {
    case 'F':
      return step(d, 1);
    case 'P':
      return step(d, -1);
    case 'MF': {
      const f = step(d, 1);
      return f.slice(0, 7) === month ? f : step(d, -1);
    }
    default: {
      const p = step(d, -1);
      return p.slice(0, 7) === month ? p : step(d, 1);
    }
  }
}

const frac = (v: unknown): [bigint, bigint] => {
  const r = v as { numerator: string; denominator: string };
  return [BigInt(r.numerator), BigInt(r.denominator)];
};
const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};
/** Asserts that the probe's fraction equals [n, d] and is in lowest terms with d > 0. */
function expectFraction(actualValue: unknown, n: bigint, d: bigint, label: string): void {
  const [an, ad] = frac(actualValue);
  expect(ad > 0n, label).toBe(true);
  expect(gcd(an, ad), label).toBe(1n);
  expect(an * d, label).toBe(n * ad);
}

/** Canonical decimal text of n/d rounded half-even to `scale` digits. */
function roundedText(n: bigint, d: bigint, scale: number): string {
  const neg = n < 0n !== d < 0n && n !== 0n;
  const [an, ad] = [n < 0n ? -n : n, d < 0n ? -d : d];
  const p = 10n ** BigInt(scale);
  let q = (an * p) / ad;
  const r = an * p - q * ad;
  if (2n * r > ad || (2n * r === ad && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const fr = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = fr === '' ? int : `${int}.${fr}`;
  return neg && body !== '0' ? `-${body}` : body;
}

// Arbitraries: dates 1990–2040 (day numbers), so leap years, century rules and every weekday occur.
const LO = dayNumber('1990-01-01');
const HI = dayNumber('2040-12-31');
const arbDate = fc.integer({ min: LO, max: HI }).map(fromDayNumber);
const arbMonthEnd = fc.tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => ymdText(y, m, daysInMonth(y, m)));
const arbDcc = fc.constantFrom(...DCCS);
const arbCycle = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('D', 'W', 'M', 'Q', 'H', 'Y'), fc.constantFrom('L0', 'L1'))
  .map(([n, u, s]) => `P${u === 'D' ? n * 5 : n}${u}${s}`);
const RUNS = { numRuns: 150 };

// =============================================================================================

describe('year fractions (spec §3.6, dictionary dayCountConvention)', () => {
  it('hand-computed cases', () => {
    const cases: [string, string, Dcc, bigint, bigint, string][] = [
      // 2013-01-01 → 2013-02-01 is 31 actual days
      ['2013-01-01', '2013-02-01', 'A360', 31n, 360n, '31 / 360'],
      ['2013-01-01', '2013-02-01', 'A365', 31n, 365n, '31 / 365'],
      // 2012 is a leap year: 31 days of December 2012 over 366
      ['2012-12-01', '2013-01-01', 'AA', 31n, 366n, '31 / 366'],
      // 184 days in 2012 (Jul 1 → Jan 1) / 366 + all of 2013 + 59 days in 2014 / 365
      //   = (184·365 + 59·366) / 133590 + 1 = 88754 / 133590 + 1 = 111172 / 66795
      ['2012-07-01', '2014-03-01', 'AA', 111172n, 66795n, '184/366 + 1 + 59/365'],
      // a whole non-leap and a whole leap year are both exactly 1
      ['2013-03-01', '2014-03-01', 'AA', 1n, 1n, '306/365 + 59/365'],
      ['2012-01-01', '2013-01-01', 'AA', 1n, 1n, '366/366'],
      // 30E/360: D1 31 → 30, D2 28 stays: 30·1 + (28 − 30) = 28 → 28/360 = 7/90
      ['2013-01-31', '2013-02-28', '30E360', 7n, 90n, '(30 + 28 − 30) / 360'],
      // 30E/360: 29 Feb stays 29, 31 Aug → 30: 30·6 + 1 = 181
      ['2012-02-29', '2012-08-31', '30E360', 181n, 360n, '(180 + 30 − 29) / 360'],
      // 30E/360 ISDA: both are month ends → 30 and 30: 30/360 = 1/12
      ['2013-01-31', '2013-02-28', '30E360ISDA', 1n, 12n, '(30 + 30 − 30) / 360'],
      // 30E/360 ISDA: 29 Feb (month end) → 30, 31 Aug → 30: 180/360
      ['2012-02-29', '2012-08-31', '30E360ISDA', 1n, 2n, '(180 + 30 − 30) / 360'],
      // 30E/360 ISDA: 15 Jan → 28 Feb (month end, no maturity given) → 30: 30 + 15 = 45
      ['2013-01-15', '2013-02-28', '30E360ISDA', 45n, 360n, '(30 + 30 − 15) / 360'],
      // 28E/336: D1 31 → 28, D2 15: 28·2 + (15 − 28) = 43
      ['2013-01-31', '2013-03-15', '28E336', 43n, 336n, '(56 + 15 − 28) / 336'],
      // 28E/336: 29 Jan → 28, 29 Feb → 28: one 28-day month = 1/12
      ['2012-01-29', '2012-02-29', '28E336', 1n, 12n, '(28 + 28 − 28) / 336'],
      // zero-length period
      ['2013-05-05', '2013-05-05', 'AA', 0n, 1n, '0'],
    ];
    for (const [a, b, dcc, n, d, why] of cases) {
      expectFraction(ok('yfExact', a, b, dcc), n, d, `${dcc} ${a} → ${b}: ${why}`);
    }
  });

  it('30E/360 ISDA keeps a February maturity date as it is', () => {
    // End 2013-02-28 is the maturity date and in February: D2 stays 28 → (30 + 28 − 30)/360 = 7/90.
    expectFraction(ok('yfExactMat', '2013-01-31', '2013-02-28', '30E360ISDA', '2013-02-28'), 7n, 90n, 'Feb maturity');
    // The same dates with another maturity: D2 → 30 → 1/12.
    expectFraction(ok('yfExactMat', '2013-01-31', '2013-02-28', '30E360ISDA', '2014-02-28'), 1n, 12n, 'not maturity');
    // A maturity on 31 March is moved to 30 as usual (the exception is February only): 30/360.
    expectFraction(ok('yfExactMat', '2013-02-28', '2013-03-31', '30E360ISDA', '2013-03-31'), 1n, 12n, 'March maturity');
  });

  it('a reversed period gives the negated fraction', () => {
    expectFraction(ok('yfExact', '2013-02-01', '2013-01-01', 'A360'), -31n, 360n, 'reversed');
  });

  it('yearFraction is the exact fraction rounded half-even to 18 digits', () => {
    // 31/360 = 0.0861111… ; 31/366 = 0.084699453551912568306…
    expect(ok('yf', '2013-01-01', '2013-02-01', 'A360')).toBe('0.086111111111111111');
    expect(ok('yf', '2012-12-01', '2013-01-01', 'AA')).toBe('0.084699453551912568');
    expect(ok('yf', '2013-01-01', '2014-01-01', 'A365')).toBe('1');
  });

  it('interestAccrual rounds once, at the end', () => {
    // 1,000,000 × 0.05 × 31/365 = 1,550,000/365 = 4246.5753424657…
    expect(ok('accrual', '1000000', '0.05', '2013-01-01', '2013-02-01', 'A365', '2014-01-01', 6, 'half-even')).toBe('4246.575342');
    expect(ok('accrual', '1000000', '0.05', '2013-01-01', '2013-02-01', 'A365', '2014-01-01', 2, 'up')).toBe('4246.58');
  });

  it('matches the reference on random dates, for every convention', () => {
    fc.assert(
      fc.property(arbDate, arbDate, arbDcc, (x, y, dcc) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const [n, d] = refYearFraction(a, b, dcc);
        expectFraction(ok('yfExact', a, b, dcc), n, d, `${dcc} ${a} → ${b}`);
        expect(ok('yf', a, b, dcc)).toBe(roundedText(n, d, 18));
      }),
      RUNS,
    );
  });

  it('30E/360 ISDA matches the reference with a maturity date, month ends included', () => {
    fc.assert(
      fc.property(fc.oneof(arbDate, arbMonthEnd), fc.oneof(arbDate, arbMonthEnd), fc.boolean(), (x, y, atMaturity) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const maturity = atMaturity ? b : '2099-02-28';
        const [n, d] = refYearFraction(a, b, '30E360ISDA', maturity);
        expectFraction(ok('yfExactMat', a, b, '30E360ISDA', maturity), n, d, `${a} → ${b}, MD ${maturity}`);
      }),
      RUNS,
    );
  });

  it('is additive over adjacent periods (no maturity date), for every convention', () => {
    fc.assert(
      fc.property(arbDate, arbDate, arbDate, arbDcc, (p, q, r, dcc) => {
        const [a, b, c] = [p, q, r].sort();
        const [n1, d1] = frac(ok('yfExact', a!, b!, dcc));
        const [n2, d2] = frac(ok('yfExact', b!, c!, dcc));
        const [n3, d3] = frac(ok('yfExact', a!, c!, dcc));
        expect((n1 * d2 + n2 * d1) * d3).toBe(n3 * d1 * d2);
      }),
      { numRuns: 60 },
    );
  });

  it('30-day-month conventions never count more than 30 (28) days per month', () => {
    fc.assert(
      fc.property(fc.oneof(arbDate, arbMonthEnd), fc.oneof(arbDate, arbMonthEnd), fc.constantFrom<Dcc>('30E360', '30E360ISDA', '28E336'), (x, y, dcc) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const perMonth = dcc === '28E336' ? 28n : 30n;
        const [n, d] = frac(ok('yfExact', a, b, dcc));
        const days = (n * 12n * perMonth) / d; // exact: the denominator divides 12·perMonth
        expect((n * 12n * perMonth) % d).toBe(0n);
        const [y1, m1] = ymd(a);
        const [y2, m2] = ymd(b);
        const months = BigInt((y2 - y1) * 12 + (m2 - m1));
        // A day-of-month counts at most perMonth, so the count is within perMonth − 1 of whole months,
        // and never more than (months + 1) whole months.
        expect(days <= (months + 1n) * perMonth).toBe(true);
        expect(days - months * perMonth < perMonth && months * perMonth - days < perMonth).toBe(true);
        // 30E/360 ISDA between two month ends is exactly 30 days per month.
        if (dcc === '30E360ISDA' && lastOfMonth(a) && lastOfMonth(b)) expect(days).toBe(months * 30n);
      }),
      RUNS,
    );
  });
});

describe('dates helpers', () => {
  it('weekdays, leap years, month ends, month arithmetic', () => {
    // 2001-01-01 Monday, 2013-09-01 Sunday, 2013-03-30 Saturday, 1999-12-31 Friday
    expect(['2001-01-01', '2013-09-01', '2013-03-30', '1999-12-31', '1970-01-01'].map((d) => ok('dow', d))).toEqual(['1', '7', '6', '5', '4']);
    expect([1900, 2000, 2012, 2013].map((y) => ok('leap', y))).toEqual([false, true, true, false]);
    expect(['2012-02-29', '2013-02-28', '2012-02-28', '2013-04-30', '2013-04-29'].map((d) => ok('eom', d))).toEqual([true, true, false, true, false]);
    expect(ok('plusMonths', '2013-01-31', 1)).toBe('2013-02-28');
    expect(ok('plusMonths', '2013-03-31', -1)).toBe('2013-02-28');
    expect(ok('plusMonths', '2012-02-29', 12)).toBe('2013-02-28');
    expect(ok('plusMonths', '2013-01-15', -13)).toBe('2011-12-15');
    expect(ok('parts', 2024, 2, 29)).toBe('2024-02-29');
    // ACTUS date-times: 23:59:59 is the midnight ending the day (spec §2.8), so it accrues to the next date
    expect(ok('dtDate', '2013-12-31T23:59:59')).toBe('2013-12-31');
    expect(ok('dtAccrual', '2013-12-31T23:59:59')).toBe('2014-01-01');
    expect(ok('dtAccrual', '2013-12-31T00:00:00')).toBe('2013-12-31');
    expect(ok('dtAccrual', '2013-12-31')).toBe('2013-12-31');
    expect(view('dtDate', '2013-13-01T00:00:00').error?.code).toBe('RT_ERR_INVALID_ARGUMENT');
    expect(view('parts', 2023, 2, 29).error?.code).toBe('RT_ERR_INVALID_ARGUMENT');
  });

  it('weekday and month arithmetic match the reference', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -400, max: 400 }), (d, n) => {
        expect(ok('dow', d)).toBe(String(weekday(d)));
        expect(ok('plusMonths', d, n)).toBe(refAddMonths(d, n));
      }),
      RUNS,
    );
  });
});

describe('cycles (spec §3.1, dictionary type Cycle)', () => {
  it('parses PnUL0 / PnUL1', () => {
    expect(ok('cycle', 'P1ML0')).toEqual({ count: '1', unit: 'M', stub: 'long' });
    expect(ok('cycle', 'P3ML1')).toEqual({ count: '3', unit: 'M', stub: 'short' });
    expect(ok('cycle', 'P12QL1')).toEqual({ count: '12', unit: 'Q', stub: 'short' });
    expect(ok('cycle', 'P27DL1')).toEqual({ count: '27', unit: 'D', stub: 'short' });
    expect(ok('cycle', 'P1W')).toEqual({ count: '1', unit: 'W', stub: 'short' });
    for (const bad of ['', 'P', '1ML0', 'PML0', 'P0ML0', 'P1XL0', 'P1ML2', 'P1ML', 'P1M1Y', 'p1ml0']) {
      expect(view('cycle', bad).error?.code, bad).toMatch(/^RT_ERR_(REQUIRE_FAILED|REVERT)$/);
    }
  });

  it('computes every date from the anchor, clamping to month ends', () => {
    // 31 Jan + 1M = 28 Feb, + 2M = 31 Mar (from the anchor, not 28 Mar from the previous date)
    expect(ok('nth', '2013-01-31', 'P1ML1', 1, 'SD')).toBe('2013-02-28');
    expect(ok('nth', '2013-01-31', 'P1ML1', 2, 'SD')).toBe('2013-03-31');
    // 30 Apr: SD stays on the 30th, EOM goes to the 31st (spec §3.3)
    expect(ok('nth', '2013-04-30', 'P1ML1', 1, 'SD')).toBe('2013-05-30');
    expect(ok('nth', '2013-04-30', 'P1ML1', 1, 'EOM')).toBe('2013-05-31');
    // Q = 3 months, H = 6 months, Y = 12 months; a week cycle ignores EOM
    expect(ok('nth', '2013-11-30', 'P1QL1', 1, 'EOM')).toBe('2014-02-28');
    expect(ok('nth', '2013-11-30', 'P1QL1', 2, 'EOM')).toBe('2014-05-31');
    expect(ok('nth', '2013-08-31', 'P1HL1', 1, 'SD')).toBe('2014-02-28');
    expect(ok('nth', '2012-02-29', 'P1YL1', 4, 'SD')).toBe('2016-02-29');
    expect(ok('nth', '2013-01-31', 'P2WL1', 2, 'EOM')).toBe('2013-02-28');
    expect(ok('plusCycle', '2013-03-01', 'P2WL1', -1)).toBe('2013-02-15');
    expect(ok('plusCycle', '2013-01-01', 'P1YL0', -1)).toBe('2012-01-01');
  });
});

describe('schedules S(anchor, cycle, end) (spec §3.1, §3.3)', () => {
  const S = (a: string, c: string, e: string, eomc: 'SD' | 'EOM' = 'SD', includeEnd = true): unknown => ok('sched', a, c, e, includeEnd, eomc);

  it('hand-computed schedules', () => {
    // same day from 31 Jan: Feb clamps to 28, March is back on the 31st
    expect(S('2013-01-31', 'P1ML1', '2013-06-01')).toEqual(['2013-01-31', '2013-02-28', '2013-03-31', '2013-04-30', '2013-05-31', '2013-06-01']);
    // from 30 April: SD keeps the 30th, EOM moves to each month's end (the end date itself is kept)
    expect(S('2013-04-30', 'P1ML1', '2013-09-01', 'SD')).toEqual(['2013-04-30', '2013-05-30', '2013-06-30', '2013-07-30', '2013-08-30', '2013-09-01']);
    expect(S('2013-04-30', 'P1ML1', '2013-09-01', 'EOM')).toEqual(['2013-04-30', '2013-05-31', '2013-06-30', '2013-07-31', '2013-08-31', '2013-09-01']);
    // quarterly from 30 Nov
    expect(S('2013-11-30', 'P1QL1', '2014-06-01', 'EOM')).toEqual(['2013-11-30', '2014-02-28', '2014-05-31', '2014-06-01']);
    expect(S('2013-11-30', 'P1QL1', '2014-06-01', 'SD')).toEqual(['2013-11-30', '2014-02-28', '2014-05-30', '2014-06-01']);
    // yearly from 29 Feb 2012: clamps to 28 Feb, and returns to 29 Feb in 2016
    expect(S('2012-02-29', 'P1YL1', '2016-03-01')).toEqual(['2012-02-29', '2013-02-28', '2014-02-28', '2015-02-28', '2016-02-29', '2016-03-01']);
    // fortnightly from 31 Jan with EOM: weeks are not month-based, so EOM has no effect
    expect(S('2013-01-31', 'P2WL1', '2013-03-20', 'EOM')).toEqual(['2013-01-31', '2013-02-14', '2013-02-28', '2013-03-14', '2013-03-20']);
  });

  it('stubs: L1 keeps a short last period, L0 merges it into a long one', () => {
    // P3M from 9 Jan to 1 Jan 2014: 9 Oct is before the end, so the last period 9 Oct → 1 Jan is a stub.
    expect(S('2013-01-09', 'P3ML1', '2014-01-01')).toEqual(['2013-01-09', '2013-04-09', '2013-07-09', '2013-10-09', '2014-01-01']);
    expect(S('2013-01-09', 'P3ML0', '2014-01-01')).toEqual(['2013-01-09', '2013-04-09', '2013-07-09', '2014-01-01']);
    // The end on the cycle: no stub either way.
    expect(S('2013-01-01', 'P1ML0', '2013-04-01')).toEqual(['2013-01-01', '2013-02-01', '2013-03-01', '2013-04-01']);
    // Three dates [1 Jan, 1 Feb, 15 Feb]: the long stub removes 1 Feb; the anchor is never removed.
    expect(S('2013-01-01', 'P1ML0', '2013-02-15')).toEqual(['2013-01-01', '2013-02-15']);
    expect(S('2013-01-01', 'P1ML0', '2013-01-15')).toEqual(['2013-01-01', '2013-01-15']);
    // Without the end date: [1 Jan, 1 Feb, 1 Mar] loses 1 Mar, but two dates are left alone.
    expect(S('2013-01-01', 'P1ML0', '2013-03-15', 'SD', false)).toEqual(['2013-01-01', '2013-02-01']);
    expect(S('2013-01-01', 'P1ML0', '2013-02-15', 'SD', false)).toEqual(['2013-01-01', '2013-02-01']);
    expect(S('2013-01-01', 'P1ML1', '2013-04-01', 'SD', false)).toEqual(['2013-01-01', '2013-02-01', '2013-03-01']);
  });

  it('degenerate inputs (spec §3.1 cases)', () => {
    expect(ok('schedNoAnchor', '2013-05-01', true)).toEqual(['2013-05-01']);
    expect(ok('schedNoAnchor', '2013-05-01', false)).toEqual([]);
    expect(ok('schedNoEnd', '2013-05-01', 'P1ML0')).toEqual(['2013-05-01']);
    expect(ok('schedNoCycle', '2013-01-01', '2013-05-01', true)).toEqual(['2013-01-01', '2013-05-01']);
    expect(ok('schedNoCycle', '2013-01-01', '2013-05-01', false)).toEqual(['2013-01-01']);
    // anchor on or after the end: only the end
    expect(S('2013-05-01', 'P1ML1', '2013-05-01')).toEqual(['2013-05-01']);
    expect(S('2013-06-01', 'P1ML1', '2013-05-01')).toEqual(['2013-05-01']);
    expect(S('2013-05-01', 'P1ML1', '2013-05-01', 'SD', false)).toEqual([]);
  });

  it('matches the reference, and is ascending, from the anchor to the end', () => {
    fc.assert(
      fc.property(fc.oneof(arbDate, arbMonthEnd), arbCycle, fc.integer({ min: 1, max: 2000 }), fc.constantFrom<'SD' | 'EOM'>('SD', 'EOM'), fc.boolean(), (anchor, cycle, span, eomc, includeEnd) => {
        const end = fromDayNumber(dayNumber(anchor) + span);
        const got = S(anchor, cycle, end, eomc, includeEnd) as string[];
        expect(got).toEqual(refSchedule(anchor, cycle, end, includeEnd, eomc));
        for (let i = 1; i < got.length; i++) expect(got[i - 1]! < got[i]!).toBe(true);
        expect(got[0]).toBe(anchor);
        if (includeEnd) expect(got.at(-1)).toBe(end);
        else expect(got.every((t) => t < end)).toBe(true);
      }),
      RUNS,
    );
  });

  it('every period but the last is one cycle; the last is short (L1) or between one and two cycles (L0)', () => {
    fc.assert(
      fc.property(arbDate, arbCycle, fc.integer({ min: 1, max: 1500 }), (anchor, cycle, span) => {
        const end = fromDayNumber(dayNumber(anchor) + span);
        const got = S(anchor, cycle, end) as string[];
        const regular = got.slice(0, -1);
        regular.forEach((t, k) => expect(t).toBe(refCycleDate(anchor, cycle, k, 'SD')));
        if (got.length >= 2) {
          const last = got.at(-2)!;
          const k = regular.length - 1;
          const next = refCycleDate(anchor, cycle, k + 1, 'SD');
          if (cycle.endsWith('L1')) expect(end <= next).toBe(true);
          else {
            // L0: the stub is merged into the last period, so it is at most two cycles long, and
            // shorter than one cycle only when there was nothing to merge it into.
            expect(end <= refCycleDate(anchor, cycle, k + 2, 'SD')).toBe(true);
            if (got.length > 2) expect(end >= next).toBe(true);
          }
          expect(last < end).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('EOM from a month end lands on month ends; SD keeps the anchor day where the month has it', () => {
    fc.assert(
      fc.property(arbMonthEnd, fc.integer({ min: 1, max: 6 }), fc.constantFrom('M', 'Q', 'H', 'Y'), (anchor, n, unit) => {
        const cycle = `P${n}${unit}L1`;
        const end = refAddMonths(anchor, 40);
        const eom = (S(anchor, cycle, end, 'EOM') as string[]).slice(0, -1);
        expect(eom.every(lastOfMonth)).toBe(true);
        const day = ymd(anchor)[2];
        const sd = (S(anchor, cycle, end, 'SD') as string[]).slice(0, -1);
        for (const t of sd) {
          const [y, m, d] = ymd(t);
          expect(d).toBe(Math.min(day, daysInMonth(y, m)));
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe('business days (spec §3.4, §3.5)', () => {
  it('hand-computed shifts on the Monday–Friday calendar', () => {
    // 2013-03-31 is a Sunday: following → Mon 1 Apr; modified following → April is another month,
    // so Fri 29 Mar; preceding → Fri 29 Mar.
    expect(ok('shift', '2013-03-31', 'SCF', 'MF')).toBe('2013-04-01');
    expect(ok('shift', '2013-03-31', 'CSF', 'MF')).toBe('2013-04-01');
    expect(ok('shift', '2013-03-31', 'SCMF', 'MF')).toBe('2013-03-29');
    expect(ok('shift', '2013-03-31', 'CSMF', 'MF')).toBe('2013-03-29');
    expect(ok('shift', '2013-03-31', 'SCP', 'MF')).toBe('2013-03-29');
    // 2013-09-01 is a Sunday: preceding → Fri 30 Aug; modified preceding → August is another
    // month, so Mon 2 Sep.
    expect(ok('shift', '2013-09-01', 'CSP', 'MF')).toBe('2013-08-30');
    expect(ok('shift', '2013-09-01', 'SCMP', 'MF')).toBe('2013-09-02');
    expect(ok('shift', '2013-09-01', 'CSMP', 'MF')).toBe('2013-09-02');
    // Saturday 2013-06-01 under modified preceding: Fri 31 May is in May → Mon 3 Jun.
    expect(ok('shift', '2013-06-01', 'SCMP', 'MF')).toBe('2013-06-03');
    // No shift, or no calendar: unchanged.
    expect(ok('shift', '2013-03-31', 'NOS', 'MF')).toBe('2013-03-31');
    expect(ok('shift', '2013-03-31', 'SCF', 'NC')).toBe('2013-03-31');
    expect(ok('business', '2013-03-31', 'NC')).toBe(true);
    expect(ok('business', '2013-03-31', 'MF')).toBe(false);
    // Calculation dates: shifted under SC…, unshifted under CS… and NOS.
    expect(ok('calc', '2013-03-31', 'SCF', 'MF')).toBe('2013-04-01');
    expect(ok('calc', '2013-03-31', 'CSF', 'MF')).toBe('2013-03-31');
    expect(ok('calc', '2013-03-31', 'NOS', 'MF')).toBe('2013-03-31');
    expect(ok('adjusted', '2013-01-31', 'P1ML1', '2013-04-15', true, 'EOM', 'CSF', 'MF')).toEqual([
      { date: '2013-01-31', calcDate: '2013-01-31' },
      { date: '2013-02-28', calcDate: '2013-02-28' },
      { date: '2013-04-01', calcDate: '2013-03-31' },
      { date: '2013-04-15', calcDate: '2013-04-15' },
    ]);
  });

  it('shifted dates are business days, in the direction and month the convention says, as the reference', () => {
    fc.assert(
      fc.property(arbDate, fc.constantFrom(...BDCS), fc.boolean(), (d, bdc, mf) => {
        const cal = mf ? 'MF' : 'NC';
        const s = ok('shift', d, bdc, cal) as string;
        expect(s).toBe(refShift(d, bdc, mf));
        if (bdc !== 'NOS') expect(ok('business', s, cal)).toBe(true);
        expect(Math.abs(dayNumber(s) - dayNumber(d)) <= 2).toBe(true);
        if (bdc.endsWith('MF') || bdc.endsWith('MP')) expect(s.slice(0, 7)).toBe(d.slice(0, 7));
        else if (bdc.endsWith('F')) expect(s >= d).toBe(true);
        else if (bdc.endsWith('P')) expect(s <= d).toBe(true);
        expect(ok('calc', d, bdc, cal)).toBe(bdc.startsWith('SC') ? s : d);
      }),
      RUNS,
    );
  });
});

// =============================================================================================
// The ACTUS test beds: interest-payment dates and (fixed-rate PAM) payoffs.

interface TestCase {
  terms: Record<string, string>;
  results: { eventDate: string; eventType: string; payoff: number; notionalPrincipal: number }[];
  eventsObserved?: unknown[];
}

function loadTestBed(kind: string): Record<string, TestCase> {
  return JSON.parse(readFileSync(join(ACTUS, `actus-tests-${kind}.json`), 'utf8')) as Record<string, TestCase>;
}
const day = (t: string | undefined): string | undefined => t?.slice(0, 10);

// The test beds are required: test/conformance/actus.test.ts fails with a clear message if absent.
describe('ACTUS test beds', () => {
  it('interest-payment dates are the adjusted S(IPANX, IPCL, MD) after the status date', () => {
    let checked = 0;
    for (const kind of ['pam', 'ann', 'lam', 'nam']) {
      for (const [id, tc] of Object.entries(loadTestBed(kind))) {
        const t = tc.terms;
        // Only contracts whose IP schedule is the plain cycle: capitalisation turns early IPs into
        // IPCI, and purchase/termination/prepayment cut the schedule short.
        if (!t.cycleOfInterestPayment || !t.cycleAnchorDateOfInterestPayment || !t.maturityDate) continue;
        if (t.capitalizationEndDate || t.purchaseDate || t.terminationDate || (tc.eventsObserved ?? []).length > 0) continue;
        const adjusted = ok(
          'adjusted',
          day(t.cycleAnchorDateOfInterestPayment),
          t.cycleOfInterestPayment,
          day(t.maturityDate),
          true,
          t.endOfMonthConvention ?? 'SD',
          t.businessDayConvention ?? 'NOS',
          t.calendar ?? 'NC',
        ) as { date: string }[];
        const status = day(t.statusDate)!;
        const expected = tc.results.filter((r) => r.eventType === 'IP').map((r) => day(r.eventDate));
        expect(adjusted.map((x) => x.date).filter((d) => d > status), id).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBe(60); // of 109: the others capitalise, are purchased or terminated, prepay, or lack IPANX, IPCL or MD
  });

  it('fixed-rate PAM interest payments are notional × rate × year fraction between calculation dates', () => {
    const allowed = new Set([
      'contractType', 'contractID', 'statusDate', 'contractDealDate', 'currency', 'notionalPrincipal', 'initialExchangeDate',
      'maturityDate', 'nominalInterestRate', 'cycleAnchorDateOfInterestPayment', 'cycleOfInterestPayment', 'dayCountConvention',
      'endOfMonthConvention', 'businessDayConvention', 'calendar', 'premiumDiscountAtIED', 'rateMultiplier', 'contractRole',
    ]);
    let checked = 0;
    for (const [id, tc] of Object.entries(loadTestBed('pam'))) {
      const t = tc.terms;
      if (Object.keys(t).some((k) => !allowed.has(k)) || !t.cycleOfInterestPayment || (tc.eventsObserved ?? []).length > 0) continue;
      if (day(t.statusDate)! >= day(t.initialExchangeDate)!) continue;
      const bdc = t.businessDayConvention ?? 'NOS';
      const cal = t.calendar ?? 'NC';
      const adjusted = ok('adjusted', day(t.cycleAnchorDateOfInterestPayment), t.cycleOfInterestPayment, day(t.maturityDate), true, t.endOfMonthConvention ?? 'SD', bdc, cal) as {
        date: string;
        calcDate: string;
      }[];
      const sign = t.contractRole === 'RPL' ? -1 : 1;
      let from = ok('calc', day(t.initialExchangeDate), bdc, cal) as string;
      const expected = tc.results.filter((r) => r.eventType === 'IP');
      expect(adjusted.length, id).toBe(expected.length);
      adjusted.forEach((ip, i) => {
        // The last IP is at maturity, whose time (pam25: T23:59:59, the end of the day) counts.
        const to = i === adjusted.length - 1 ? (ok('dtAccrual', t.maturityDate) as string) : ip.calcDate;
        const accrued = Number(ok('accrual', t.notionalPrincipal, t.nominalInterestRate, from, to, t.dayCountConvention, day(t.maturityDate), 12, 'half-even'));
        expect(Math.abs(sign * accrued - expected[i]!.payoff), `${id} IP ${ip.date}`).toBeLessThan(1e-6);
        from = ip.calcDate;
      });
      checked++;
    }
    expect(checked).toBe(15); // the PAM contracts with only these terms
  });
});
