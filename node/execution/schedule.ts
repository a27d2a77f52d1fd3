/**
 * Calendar arithmetic for scheduled triggers (docs/language.md, Triggers): proleptic Gregorian
 * dates as day numbers (integer arithmetic after Hinnant's `days_from_civil`, no `Date`), the
 * block's date from its consensus time, ISO 8601 periods, and the due dates of an `@every`
 * trigger: `anchor + k × P` for k = 0, 1, …, each computed from the anchor (month steps clamp to
 * the month's last day, so 31 January + P1M steps give 28/29 February, 31 March, 30 April).
 *
 * It does NOT read state or run anything; pure functions only.
 * @module
 */

/** Days from 1970-01-01 of a valid `YYYY-MM-DD` date, or `undefined`. */
export function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

/** `YYYY-MM-DD` of a day number. */
export function formatDate(days: number): string {
  const { y, m, d } = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The UTC date of a consensus time in ms since the epoch (the contracts' `ctx.date`). */
export function dateOfTime(timeMs: bigint): number {
  const day = 86_400_000n;
  const q = timeMs / day;
  return Number(timeMs < 0n && q * day !== timeMs ? q - 1n : q);
}

/** An ISO 8601 period of months and days (years folded into months, weeks into days). */
export interface Period {
  readonly months: number;
  readonly days: number;
}

/** Parses `P1Y2M3W4D`-style periods (the compiler's `@every` literal), or `undefined`. */
export function parsePeriod(text: string): Period | undefined {
  const m = /^P(?=\d)(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})W)?(?:(\d{1,9})D)?$/.exec(text);
  if (m === null) return undefined;
  const months = Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0);
  const days = Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
  return months === 0 && days === 0 ? undefined : { months, days };
}

/** `anchor + k × period`: months first (clamped to the month's end), then days. */
export function addPeriods(anchor: number, period: Period, k: number): number {
  const { y, m, d } = civilFromDays(anchor);
  const total = y * 12 + (m - 1) + period.months * k;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm))) + period.days * k;
}

/**
 * The dates `anchor + k × period` (k ≥ 0) with `after < date ≤ upTo`, oldest first, at most `max`.
 * Starts near the first candidate instead of at k = 0, so an old anchor costs nothing.
 */
export function dueDates(anchor: number, period: Period, after: number, upTo: number, max: number): number[] {
  const approx = period.months * 30.436875 + period.days;
  let k = Math.max(0, Math.floor((after - anchor) / approx) - 2);
  // Step back while the estimate overshot (month clamping makes steps uneven).
  while (k > 0 && addPeriods(anchor, period, k) > after) k--;
  const out: number[] = [];
  for (; out.length < max; k++) {
    const date = addPeriods(anchor, period, k);
    if (date > upTo) break;
    if (date > after) out.push(date);
  }
  return out;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;
}

/** H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil. */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse, civil_from_days. */
function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}
