// Dates and periods: month-end clamping, leap years, day counts, ISO 8601 periods in canonical
// form, consensus time (ctx.time, ctx.date) and the date range.

@contract
export class Calendar {
  readonly start: LocalDate;
  due: LocalDate[] = [];

  constructor(start: LocalDate) {
    this.start = start;
  }

  @view
  plus(d: LocalDate, p: Period): LocalDate {
    return addPeriod(d, p);
  }

  /** anchor + k × p for k = 0..n-1, each from the anchor (not from the previous date). */
  @view
  schedule(anchor: LocalDate, p: Period, n: Int): LocalDate[] {
    const out: LocalDate[] = [];
    for (let k = 0; k < n; k++) {
      out.push(k == 0 ? anchor : addPeriod(anchor, this.times(p, k)));
    }
    return out;
  }

  times(p: Period, k: Int): Period {
    const t = str(p);
    if (t == 'P1M') { return period('P' + str(k) + 'M'); }
    return period('P' + str(k * 3) + 'M');
  }

  @view
  days(d: LocalDate, n: Int): LocalDate {
    return addDays(d, n);
  }

  @view
  between(a: LocalDate, b: LocalDate): Int {
    return daysBetween(a, b);
  }

  @view
  fields(d: LocalDate): Int[] {
    return [yearOf(d), monthOf(d), dayOf(d)];
  }

  @view
  monthEnd(d: LocalDate): LocalDate {
    return endOfMonth(d);
  }

  @view
  canonical(p: string): Period {
    return period(p);
  }

  @view
  parse(s: string): LocalDate {
    return date(s);
  }

  @view
  today(): string {
    return str(ctx.date) + ' ' + str(ctx.time) + ' ' + str(dateOf(ctx.time - 1));
  }

  @view
  ofTime(t: Timestamp): LocalDate {
    return dateOf(t);
  }

  @view
  order(a: LocalDate, b: LocalDate): LocalDate[] {
    return [min(a, b), max(a, b)];
  }

  @view
  isBefore(a: LocalDate, b: LocalDate): boolean {
    return a < b;
  }

  @view
  literals(): string {
    return str(date('2024-02-29')) + ' ' + str(period('P1Y2M3W4D')) + ' ' + str(period('P0D')) + ' ' + str(addPeriod(date('2024-02-29'), period('P1Y')));
  }
}

// ----
// deploy Calendar("2027-01-31") -> ok
// plus("2027-01-31", "P1M") -> "2027-02-28"
// plus("2028-01-31", "P1M") -> "2028-02-29"
// plus("2027-03-31", "P1M") -> "2027-04-30"
// plus("2024-02-29", "P1Y") -> "2025-02-28"
// plus("2024-02-29", "P4Y") -> "2028-02-29"
// plus("2027-01-31", "P1M1D") -> "2027-03-01"
// plus("2027-12-31", "P14D") -> "2028-01-14"
// plus("2027-12-31", "P2W") -> RT_ERR_INVALID_ARGUMENT
// plus("2027-11-30", "P3M") -> "2028-02-29"
// plus("9999-12-31", "P1D") -> RT_ERR_DATE_OUT_OF_RANGE
// plus("9999-01-31", "P1Y") -> RT_ERR_DATE_OUT_OF_RANGE
// plus("2027-01-31", "P1W") -> RT_ERR_INVALID_ARGUMENT
// plus("2027-02-29", "P1D") -> RT_ERR_INVALID_ARGUMENT
// plus("2027-1-31", "P1D") -> RT_ERR_INVALID_ARGUMENT
// schedule("2027-01-31", "P1M", "6") -> ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30"]
// schedule("2027-11-30", "P3M", "3") -> ["2027-11-30", "2028-02-29", "2028-05-30"]
// days("2027-02-28", "1") -> "2027-03-01"
// days("2028-02-28", "1") -> "2028-02-29"
// days("2028-03-01", "-1") -> "2028-02-29"
// days("1900-02-28", "1") -> "1900-03-01"
// days("2000-02-28", "1") -> "2000-02-29"
// days("0001-01-01", "-1") -> RT_ERR_DATE_OUT_OF_RANGE
// days("2027-01-01", "100000000") -> RT_ERR_DATE_OUT_OF_RANGE
// between("2027-01-01", "2028-01-01") -> "365"
// between("2028-01-01", "2029-01-01") -> "366"
// between("2027-03-01", "2027-02-01") -> "-28"
// between("2000-01-01", "2100-01-01") -> "36525"
// between("0001-01-01", "9999-12-31") -> "3652058"
// between("1970-01-01", "1970-01-01") -> "0"
// fields("2027-09-05") -> ["2027", "9", "5"]
// monthEnd("2027-02-10") -> "2027-02-28"
// monthEnd("2028-02-10") -> "2028-02-29"
// monthEnd("2100-02-01") -> "2100-02-28"
// monthEnd("2000-02-01") -> "2000-02-29"
// monthEnd("2027-12-31") -> "2027-12-31"
// canonical("P1Y2M3W4D") -> "P1Y2M25D"
// canonical("P0Y0M") -> "P0D"
// canonical("P14D") -> "P14D"
// canonical("P2W") -> "P14D"
// canonical("P142857142W5D") -> "P999999999D"
// canonical("P142857142W6D") -> RT_ERR_INVALID_ARGUMENT
// canonical("P1.5Y") -> RT_ERR_INVALID_ARGUMENT
// canonical("P") -> RT_ERR_INVALID_ARGUMENT
// canonical("PT1H") -> RT_ERR_INVALID_ARGUMENT
// canonical("-P1D") -> RT_ERR_INVALID_ARGUMENT
// parse("2027-02-28") -> "2027-02-28"
// parse("2027-02-29") -> RT_ERR_INVALID_ARGUMENT @ 61:12
// parse("0000-01-01") -> RT_ERR_INVALID_ARGUMENT
// parse("2027-13-01") -> RT_ERR_INVALID_ARGUMENT
// parse("20270101") -> RT_ERR_INVALID_ARGUMENT
// time 1798761600000
// today() -> "2027-01-01 1798761600000 2026-12-31"
// time -1
// today() -> "1969-12-31 -1 1969-12-31"
// time 1798761600000
// ofTime("0") -> "1970-01-01"
// ofTime("86399999") -> "1970-01-01"
// ofTime("-86400000") -> "1969-12-31"
// ofTime("-86400001") -> "1969-12-30"
// ofTime("253402300799999") -> "9999-12-31"
// ofTime("253402300800000") -> RT_ERR_DATE_OUT_OF_RANGE
// ofTime("1.5") -> RT_ERR_INVALID_ARGUMENT
// order("2027-05-01", "2026-12-31") -> ["2026-12-31", "2027-05-01"]
// isBefore("2026-12-31", "2027-01-01") -> true
// isBefore("2027-01-01", "2027-01-01") -> false
// literals() -> "2024-02-29 P1Y2M25D P0D 2025-02-28"
