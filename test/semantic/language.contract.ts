// Assorted language rules: str() of every kind, string comparison in UTF-16 code-unit order,
// constants (computed once per call), field initialisers with lambdas and optional chaining, update expressions, loops with continue,
// Timestamp arithmetic, the context, mixed Int/Decimal min/max/equals, sortBy on strings and dates.

export enum Level { Low, High }

export interface Limits {
  low: Int;
  high: Int;
}

const BASE: Int = 40 + 2;
const NAMES: string[] = ['b', 'a', 'c'];
const LIMITS: Limits = { low: 1, high: 9 };

@contract
export class Misc {
  counter: Int = 0;
  readonly self: Address;
  firstLength: Int = new Map<string, string>([['k', 'abc']]).get('k')?.length ?? -1;
  lengths: Int[] = NAMES.map((n) => n.length + 1);

  constructor() {
    this.self = ctx.self;
  }

  @view
  strs(): string[] {
    return [str(12), str(-0.5), str(money(3, 'JPY')), str(date('2027-01-02')), str(period('P1Y')), str(ctx.time), str(true),
      str(Level.High), str(address('00000000000000000000000000000000000000ab')), str(this.self == ctx.self)];
  }

  @view
  initialised(): Int[] {
    return [this.firstLength, ...this.lengths];
  }

  @view
  compare(a: string, b: string): Int[] {
    return [a < b ? 1 : 0, a == b ? 1 : 0, a > b ? 1 : 0];
  }

  @view
  constants(): Int {
    return BASE + NAMES.length + LIMITS.low * 10 + LIMITS.high;
  }

  @view
  sortedNames(): string[] {
    return sortBy(NAMES, (n) => n);
  }

  @entry
  updates(): Int[] {
    const a = this.counter++;
    const b = ++this.counter;
    this.counter -= 1;
    const c = this.counter--;
    return [a, b, c, this.counter];
  }

  @view
  loops(n: Int): Int {
    let sum: Int = 0;
    let i: Int = 0;
    do {
      i++;
      if (i % 2 == 0) {
        continue;
      }
      sum += i;
    } while (i < n);
    for (let j = 0; j < n; j++) {
      if (j == 3) {
        break;
      }
      sum += 100;
    }
    return sum;
  }

  @view
  times(t: Timestamp): Int[] {
    const later = t + 86_400_000;
    return [later - t, yearOf(dateOf(later)), ctx.height];
  }

  @view
  who(): Address[] {
    return [ctx.caller, ctx.origin, ctx.self];
  }

  @view
  mixed(a: Int, b: Decimal): string {
    return str(min(a, b)) + ' ' + str(max(a, b)) + ' ' + str(equals(a, b)) + ' ' + str(a * b);
  }

  @view
  dateSort(ds: LocalDate[]): LocalDate[] {
    return sortBy(ds, (d) => d);
  }

  @view
  latest(a: Timestamp, b: Timestamp): Timestamp {
    return max(a, b);
  }

  @view
  addr(s: string): Address {
    return address(s);
  }
}

// ----
// deploy Misc() -> ok
// time 1798761600000
// strs() -> ["12", "-0.5", "JPY 3", "2027-01-02", "P1Y", "1798761600000", "true", "High", "00000000000000000000000000000000000000ab", "true"]
// initialised() -> ["3", "2", "2", "2"]
// compare("a", "b") -> ["1", "0", "0"]
// compare("B", "a") -> ["1", "0", "0"]
// compare("é", "z") -> ["0", "0", "1"]
// compare("ab", "a") -> ["0", "0", "1"]
// compare("\ud83d\ude00", "\uffff") -> ["1", "0", "0"]
// constants() -> "64"
// sortedNames() -> ["a", "b", "c"]
// updates() -> ["0", "2", "1", "0"]
// state Misc s/counter -> "0"
// loops("5") -> "309"
// loops("0") -> "1"
// times("1798761600000") -> ["86400000", "2027", "1"]
// who() -> [$a1, $a1, $Misc]
// caller 3
// who() -> [$a3, $a3, $Misc]
// mixed("2", "1.5") -> "1.5 2 false 3"
// mixed("2", "2") -> "2 2 true 4"
// dateSort(["2027-01-02", "2026-12-31", "2027-01-01"]) -> ["2026-12-31", "2027-01-01", "2027-01-02"]
// latest("5", "-5") -> "5"
// addr("00000000000000000000000000000000000000ab") -> "00000000000000000000000000000000000000ab"
// addr("00000000000000000000000000000000000000AB") -> RT_ERR_INVALID_ARGUMENT
// addr("0x000000000000000000000000000000000000ab") -> RT_ERR_INVALID_ARGUMENT
