// Views cannot change state: a view that writes through an alias (a record or array read from
// state and changed in place) fails with the fatal RT_ERR_VIEW_WRITE when the call ends, even
// inside try. Triggers are their own request kind: a transaction cannot call one as an entry, and
// an entry cannot be run as a trigger.

export interface Box {
  n: Int;
  items: Int[];
}

export interface Tick extends Event {
  date: LocalDate;
  caller: Address;
}

@contract
export class Guarded {
  box: Box = { n: 0, items: [] };
  ticks: Int = 0;
  readonly anchor: LocalDate;

  constructor(anchor: LocalDate) {
    this.anchor = anchor;
  }

  @view
  peek(): Int {
    return this.box.n;
  }

  /** Changes state through an alias: the checker cannot see it, the run time does. */
  @view
  sneaky(): Int {
    const b = this.box;
    b.n = b.n + 1;
    return b.n;
  }

  @view
  sneakyPush(): Int {
    const xs = this.box.items;
    xs.push(1);
    return xs.length;
  }

  @view
  sneakyInTry(): string {
    try {
      const b = this.box;
      b.n = 42;
    } catch (e) {
      return 'caught';
    }
    return 'done';
  }

  /** Changing and restoring a value is not a write. */
  @view
  sneakyButRestored(): Int {
    const b = this.box;
    b.n = b.n + 1;
    b.n = b.n - 1;
    return b.n;
  }

  @entry
  bump(): Int {
    this.box.n += 1;
    return this.box.n;
  }

  @every('P1M', 'anchor')
  monthly(date: LocalDate): void {
    this.ticks += 1;
    emit<Tick>({ date, caller: ctx.caller });
  }

  @view
  tickCount(): Int {
    return this.ticks;
  }
}

// ----
// deploy Guarded("2027-01-31") -> ok
// peek() -> "0"
// sneaky() -> RT_ERR_VIEW_WRITE
// sneakyPush() -> RT_ERR_VIEW_WRITE
// sneakyInTry() -> RT_ERR_VIEW_WRITE
// sneakyButRestored() -> "0"
// peek() -> "0"
// bump() -> "1"
// entry sneaky() -> RT_ERR_UNKNOWN_ENTRY
// view bump() -> RT_ERR_UNKNOWN_ENTRY
// peek() -> "1"
// entry monthly("2027-02-28") -> RT_ERR_UNKNOWN_ENTRY
// view monthly("2027-02-28") -> RT_ERR_UNKNOWN_ENTRY
// trigger bump() -> RT_ERR_UNKNOWN_ENTRY
// trigger monthly("2027-02-28") -> null
// events -> [["Tick", {"date": "2027-02-28", "caller": $Guarded}]]
// trigger monthly("2027-02-30") -> RT_ERR_INVALID_ARGUMENT
// tickCount() -> "1"
