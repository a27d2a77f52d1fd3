/**
 * node/execution/schedule.ts: day numbers against an independent reference (JavaScript's Date in
 * UTC, used only here), month-end clamping from the anchor, and dueDates against a brute-force
 * enumeration of anchor + k × period.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPeriods, dateOfTime, dueDates, formatDate, parseDate, parsePeriod } from '../../../node/execution/schedule.ts';

const DAY = 86_400_000;

describe('calendar', () => {
  it('day numbers agree with Date.UTC from 0001 to 9999 and round-trip', () => {
    fc.assert(fc.property(fc.integer({ min: Math.floor(Date.UTC(1, 0, 1) / DAY) + 366, max: Math.floor(Date.UTC(9999, 11, 31) / DAY) }), (n) => {
      const text = new Date(n * DAY).toISOString().slice(0, 10);
      expect(parseDate(text)).toBe(n);
      expect(formatDate(n)).toBe(text);
    }));
    expect(parseDate('2027-02-29')).toBeUndefined();
    expect(parseDate('2028-02-29')).toBe(Date.UTC(2028, 1, 29) / DAY);
    expect(parseDate('2027-13-01')).toBeUndefined();
    expect(dateOfTime(BigInt(Date.UTC(2027, 5, 30, 23, 59, 59, 999)))).toBe(Date.UTC(2027, 5, 30) / DAY);
    expect(dateOfTime(-1n)).toBe(-1);
  });

  it('periods: years fold into months and weeks into days; zero periods and junk are refused', () => {
    expect(parsePeriod('P1Y2M3W4D')).toEqual({ months: 14, days: 25 });
    expect(parsePeriod('P3M')).toEqual({ months: 3, days: 0 });
    expect(parsePeriod('P0D')).toBeUndefined();
    expect(parsePeriod('P1.5M')).toBeUndefined();
    expect(parsePeriod('1M')).toBeUndefined();
  });

  it('steps from the anchor, clamping to the month end: 31 January + k × P1M', () => {
    const jan31 = parseDate('2027-01-31') as number;
    const p = parsePeriod('P1M') as NonNullable<ReturnType<typeof parsePeriod>>;
    expect([0, 1, 2, 3, 13].map((k) => formatDate(addPeriods(jan31, p, k)))).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2028-02-29']);
  });

  it('dueDates equals brute-force enumeration for random anchors, periods and windows', () => {
    fc.assert(fc.property(
      fc.integer({ min: 17_000, max: 22_000 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: -400, max: 4000 }), fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 50 }),
      (anchor, months, days, afterOffset, span, max) => {
        fc.pre(months + days > 0);
        const period = { months, days };
        const after = anchor + afterOffset;
        const upTo = after + span;
        const brute: number[] = [];
        for (let k = 0; brute.length < max; k++) {
          const d = addPeriods(anchor, period, k);
          if (d > upTo) break;
          if (d > after) brute.push(d);
        }
        expect(dueDates(anchor, period, after, upTo, max)).toEqual(brute);
      },
    ));
  });
});
