// Optional values: narrowing by checks and early exits, ?., ??, and x! reverting with
// RT_ERR_MISSING_VALUE at its own source position.

export interface Policy {
  id: string;
  limit?: Money<'USD'>;
  rate: Decimal | undefined;
}

@contract
export class Optionals {
  policies: Map<string, Policy> = new Map();
  counts: Map<string, Int> = new Map();
  maybe: Int | undefined = undefined;

  @entry
  add(p: Policy): void {
    this.policies.set(p.id, p);
  }

  @entry
  setMaybe(x: Int | undefined): Int | undefined {
    const old = this.maybe;
    this.maybe = x;
    return old;
  }

  @view
  limitOf(id: string): Money<'USD'> {
    const p = this.policies.get(id);
    require(p !== undefined, 'unknown policy');
    return p.limit ?? zero('USD');
  }

  @view
  rateOf(id: string): Decimal {
    const p = this.policies.get(id);
    if (p === undefined) {
      return -1;
    }
    return p.rate ?? 0.5;
  }

  @view
  chain(id: string): string {
    const lim = this.policies.get(id)?.limit;
    return lim !== undefined ? str(lim) : 'no limit';
  }

  @view
  forced(id: string): string {
    return this.policies.get(id)!.id;
  }

  @view
  forcedLimit(id: string): Money<'USD'> {
    const p = this.policies.get(id)!;
    return p.limit!;
  }

  /** An optional Int meets a Decimal fallback: the Int is widened only when present. */
  @view
  widen(k: string): Decimal {
    const n = this.counts.get(k);
    return n ?? 0.5;
  }

  @view
  compare(a: Int | undefined, b: Decimal): boolean {
    return a == b;
  }

  @view
  both(a: Int | undefined, b: Int | undefined): string {
    if (a !== undefined && b !== undefined) {
      return str(a + b);
    }
    return a === undefined ? 'a missing' : 'b missing';
  }

  @view
  maybeNow(): Int | undefined {
    return this.maybe;
  }
}

// ----
// deploy Optionals() -> ok
// add({"id": "p1", "limit": {"amount": "100.00", "currency": "USD"}, "rate": "0.25"}) -> null
// add({"id": "p2"}) -> null
// limitOf("p1") -> {"amount": "100.00", "currency": "USD"}
// limitOf("p2") -> {"amount": "0.00", "currency": "USD"}
// limitOf("p3") -> RT_ERR_REQUIRE_FAILED @ 31:5 "unknown policy"
// rateOf("p1") -> "0.25"
// rateOf("p2") -> "0.5"
// rateOf("p3") -> "-1"
// chain("p1") -> "USD 100.00"
// chain("p2") -> "no limit"
// chain("p3") -> "no limit"
// forced("p2") -> "p2"
// forced("p3") -> RT_ERR_MISSING_VALUE @ 52:12
// forcedLimit("p1") -> {"amount": "100.00", "currency": "USD"}
// forcedLimit("p2") -> RT_ERR_MISSING_VALUE @ 58:12
// widen("x") -> "0.5"
// compare(null, "1") -> false
// compare("1", "1") -> true
// compare("1", "1.5") -> false
// both("1", "2") -> "3"
// both(null, "2") -> "a missing"
// both("1", null) -> "b missing"
// setMaybe("4") -> null
// state Optionals s/maybe -> "4"
// setMaybe(null) -> "4"
// state Optionals s/maybe -> absent
// maybeNow() -> null
