// A counter: state fields, initialisers, constructor, entries, views, require sites.

@contract
export class Counter {
  count: Int = 0;
  readonly owner: Address;
  history: Int[] = [];

  constructor(owner: Address, start: Int) {
    this.owner = owner;
    this.count = start;
  }

  @entry
  inc(by: Int): Int {
    require(by > 0, 'by must be positive');
    this.count += by;
    this.history.push(by);
    return this.count;
  }

  @entry
  reset(): void {
    require(ctx.caller == this.owner, 'only the owner resets');
    this.count = 0;
    this.history = [];
  }

  @view
  get(): Int {
    return this.count;
  }

  @view
  steps(): Int[] {
    return this.history;
  }

  @view
  who(): Address {
    return ctx.caller;
  }
}

// ----
// deploy Counter($a1, "5") -> ok
// state Counter s/count -> "5"
// state Counter s/history -> []
// inc("2") -> "7"
// inc("0") -> RT_ERR_REQUIRE_FAILED @ 16:5 "by must be positive"
// inc("1e3") -> RT_ERR_INVALID_ARGUMENT
// inc(2) -> RT_ERR_INVALID_ARGUMENT
// get() -> "7"
// steps() -> ["2"]
// inc("-1") -> RT_ERR_REQUIRE_FAILED
// state Counter s/count -> "7"
// caller 2
// reset() -> RT_ERR_REQUIRE_FAILED @ 24:5 "only the owner resets"
// who() -> $a2
// caller 1
// reset() -> null
// get() -> "0"
// steps() -> []
// nope() -> RT_ERR_UNKNOWN_ENTRY
