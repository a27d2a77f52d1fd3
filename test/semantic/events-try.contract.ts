// Events appear in the receipt in emission order, with their fields encoded canonically; a
// reverted call has none. try is atomic: state writes and events of a failed try block are
// undone, those before it stay; catch receives e.code and e.message; finally always runs.

export interface Booked extends Event {
  id: string;
  amount: Money<'EUR'>;
  tags: string[];
  note?: string;
}

export interface Step extends Event {
  n: Int;
}

export interface Holder {
  tags: Map<string, Int>;
  list: Int[];
}

@contract
export class Journal {
  total: Money<'EUR'> = money(0, 'EUR');
  log: string[] = [];
  seen: Map<string, boolean> = new Map();
  holder: Holder = { tags: new Map(), list: [] };

  @entry
  book(id: string, amount: Money<'EUR'>): void {
    emit<Step>({ n: 1 });
    emit<Booked>({ id, amount, tags: ['a', 'b'] });
    emit<Step>({ n: 2 });
    require(amount >= zero('EUR'), 'negative amount');
    this.total += amount;
  }

  /** The try block's writes and events are undone; the ones before it stay. */
  @entry
  attempt(fail: boolean): string {
    this.log.push('before');
    this.seen.set('before', true);
    emit<Step>({ n: 10 });
    try {
      this.log.push('inside');
      this.seen.set('inside', true);
      this.total += money(1, 'EUR');
      emit<Step>({ n: 11 });
      require(!fail, 'asked to fail');
    } catch (e) {
      this.log.push('caught ' + e.code + ' ' + e.message);
      emit<Step>({ n: 12 });
    } finally {
      this.log.push('finally');
    }
    return str(this.log.length) + ' ' + str(this.seen.has('inside')) + ' ' + str(this.total);
  }

  @entry
  nested(): string {
    let out = '';
    try {
      this.log.push('outer');
      try {
        this.log.push('inner');
        revert('inner failure');
      } catch (e) {
        out = out + e.message + ';';
      }
      this.log.push('outer again');
      const xs: Int[] = [];
      out = out + str(xs[3]);
    } catch (e) {
      out = out + e.code;
    }
    return out + ' ' + str(this.log.length);
  }

  /** A record from state changed in place inside a failed try is restored, and locals see it. */
  @entry
  inPlace(): string {
    const l = this.log;
    try {
      l.push('x');
      l.push('y');
      revert('undo');
    } catch (e) {
      return str(l.length) + ' ' + str(this.log.length);
    }
    return 'unreachable';
  }

  /** Nested maps and arrays of a state record are restored in place: aliases see the old contents. */
  @entry
  nestedRestore(): string {
    const h = this.holder;
    const t = h.tags;
    t.set('a', 1);
    try {
      t.set('b', 2);
      h.list.push(5);
      t.delete('a');
      revert('undo');
    } catch (e) {
      t.set('c', 3);
    }
    return str(t.size) + ' ' + str(t.has('a')) + ' ' + str(t.has('b')) + ' ' + str(h.list.length) + ' ' + str(this.holder.tags.size);
  }

  /** A finally without catch: the try's writes are undone and the failure continues. */
  @entry
  finallyOnly(): void {
    try {
      this.log.push('lost');
      revert('keeps failing');
    } finally {
      emit<Step>({ n: 99 });
    }
  }

  @entry
  returnsFromTry(): Int {
    try {
      this.log.push('kept');
      return this.log.length;
    } finally {
      this.log.push('finally too');
    }
  }

  @entry
  clear(): void {
    this.log = [];
    this.seen.delete('inside');
  }

  @view
  logged(): string[] {
    return this.log;
  }
}

// ----
// deploy Journal() -> ok
// book("b1", {"amount": "5.00", "currency": "EUR"}) -> null
// events -> [["Step", {"n": "1"}], ["Booked", {"id": "b1", "amount": {"amount": "5.00", "currency": "EUR"}, "tags": ["a", "b"]}], ["Step", {"n": "2"}]]
// book("b2", {"amount": "-5.00", "currency": "EUR"}) -> RT_ERR_REQUIRE_FAILED @ 33:5 "negative amount"
// events -> []
// state Journal s/total -> {"amount":"5.00","currency":"EUR"}
// attempt(false) -> "3 true EUR 6.00"
// events -> [["Step", {"n": "10"}], ["Step", {"n": "11"}]]
// logged() -> ["before", "inside", "finally"]
// clear() -> null
// attempt(true) -> "3 false EUR 6.00"
// events -> [["Step", {"n": "10"}], ["Step", {"n": "12"}]]
// logged() -> ["before", "caught RT_ERR_REQUIRE_FAILED asked to fail", "finally"]
// state Journal m/seen/inside -> absent
// state Journal m/seen/before -> true
// clear() -> null
// nested() -> "inner failure;RT_ERR_INDEX_OUT_OF_BOUNDS 0"
// logged() -> []
// inPlace() -> "0 0"
// logged() -> []
// finallyOnly() -> RT_ERR_REVERT @ 114:7 "keeps failing"
// events -> []
// nestedRestore() -> "2 true false 0 2"
// state Journal s/holder -> {"list":[],"tags":[["a","1"],["c","3"]]}
// returnsFromTry() -> "1"
// logged() -> ["kept", "finally too"]
