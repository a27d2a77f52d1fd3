// Optional chains short-circuit as in TypeScript: in `a?.b.c[i].m(x)`, an undefined `a` makes the
// whole chain undefined without evaluating the rest (arguments included); links after `?.` see
// the present value. Arguments that would revert show what is (not) evaluated.

export interface Leaf {
  name: string;
}

export interface Inner {
  ds: Int[];
  name: string;
  deep?: Leaf;
}

export interface Item {
  tags: string[];
  inner: Inner;
  opt?: Inner;
  amount: Money<'USD'>;
  rate: Decimal;
  label: string;
  meta: Map<string, Int>;
}

function boom(n: Int): Int {
  require(n > 100, 'argument evaluated');
  return n;
}

@contract
export class Chains {
  items: Map<string, Item> = new Map();
  calls: Int = 0;

  @entry
  add(id: string, item: Item): void {
    this.items.set(id, item);
  }

  /** A helper with a side effect: counts its calls (in an entry, so the count is kept). */
  bump(n: Int): Int {
    this.calls += 1;
    return n;
  }

  @view
  tagCount(id: string): Int | undefined {
    const it = this.items.get(id);
    return it?.tags.length;
  }

  @view
  firstD(id: string): Int | undefined {
    const p = this.items.get(id);
    return p?.inner.ds[0];
  }

  @view
  hasD(id: string, d: Int): boolean | undefined {
    return this.items.get(id)?.inner.ds.includes(d);
  }

  @view
  hasDOr(id: string, d: Int): boolean {
    return this.items.get(id)?.inner.ds.includes(d) ?? false;
  }

  /** Records as `a?.b.c.d`; the record index form too. */
  @view
  name(id: string): string {
    return this.items.get(id)?.inner.name.length !== undefined ? this.items.get(id)?.inner['name'] ?? '?' : 'none';
  }

  /** String and array methods after `?.`. */
  @view
  label(id: string): string | undefined {
    return this.items.get(id)?.label.slice(0, 3);
  }

  @view
  starts(id: string, p: string): boolean | undefined {
    return this.items.get(id)?.label.startsWith(p);
  }

  @view
  bigDs(id: string): Int[] | undefined {
    return this.items.get(id)?.inner.ds.filter((x) => x > 1).map((x) => x * 10);
  }

  @view
  metaSize(id: string): Int | undefined {
    return this.items.get(id)?.meta.size;
  }

  @view
  metaGet(id: string, k: string): Int | undefined {
    return this.items.get(id)?.meta.get(k);
  }

  /** Money and decimal operations on a chain's value (through `??` and `!`). */
  @view
  doubled(id: string): Money<'USD'> {
    return (this.items.get(id)?.amount ?? zero('USD')) * 2;
  }

  @view
  rateOr(id: string): Decimal {
    return this.items.get(id)?.rate ?? 0.5;
  }

  /** Arguments are not evaluated when the chain short-circuits. */
  @view
  guardedArg(id: string, n: Int): boolean | undefined {
    return this.items.get(id)?.inner.ds.includes(boom(n));
  }

  @view
  guardedIndex(id: string, n: Int): Int | undefined {
    return this.items.get(id)?.inner.ds[boom(n)];
  }

  @entry
  guardedMethod(id: string, n: Int): Int {
    const r = this.items.get(id)?.inner.ds.indexOf(this.bump(n));
    return r ?? -1;
  }

  @view
  callCount(): Int {
    return this.calls;
  }

  /** Nested `?.` links: `opt` and `deep` are optional fields. */
  @view
  deepName(id: string): string | undefined {
    return this.items.get(id)?.opt?.deep?.name;
  }

  @view
  deepLen(id: string): Int {
    return this.items.get(id)?.opt?.ds.length ?? -1;
  }

  /** `!` inside a chain asserts the link's own value: reverts when `opt` is missing on a present item. */
  @view
  forcedOpt(id: string): Int | undefined {
    return this.items.get(id)?.opt!.ds.length;
  }

  /** `!` after a whole chain (no parentheses in the language: `(a?.b)!` is the chain `a?.b!`). */
  @view
  forcedTail(id: string): string {
    const n = this.items.get(id)?.opt!.name;
    return n ?? 'missing item';
  }

  /** Mutation through a chain: `push` on the array of a present item. */
  @entry
  pushD(id: string, d: Int): Int | undefined {
    this.items.get(id)?.inner.ds.push(d);
    return this.items.get(id)?.inner.ds.length;
  }

  peer: Peer | undefined = undefined;

  @entry
  setPeer(a: Address): void {
    this.peer = contractAt<Peer>(a);
  }

  /** A call to another contract through `?.`: neither the call nor its argument runs without a peer. */
  @entry
  viaPeer(n: Int): Int | undefined {
    const p = this.peer;
    return p?.echo(this.bump(boom(n)));
  }

  /** A chain inside an argument of a chain, and lambdas inside a chain. */
  @view
  nested(id: string, other: string): Int | undefined {
    return this.items.get(id)?.inner.ds.filter((x) => x > (this.items.get(other)?.inner.ds.length ?? 0)).length;
  }
}

@contract
export class Peer {
  @view
  echo(n: Int): Int {
    return n + 1;
  }
}

// ----
// deploy Peer() -> ok
// deploy Chains() -> ok
// add("a", {"tags": ["x", "y"], "inner": {"ds": ["1", "2", "3"], "name": "alpha"}, "amount": {"amount": "2.50", "currency": "USD"}, "rate": "0.1", "label": "abcdef", "meta": [["k", "7"]]}) -> null
// add("b", {"tags": [], "inner": {"ds": [], "name": "beta"}, "opt": {"ds": ["5"], "name": "o", "deep": {"name": "deepest"}}, "amount": {"amount": "1.00", "currency": "USD"}, "rate": "2", "label": "xy", "meta": []}) -> null
// tagCount("a") -> "2"
// tagCount("b") -> "0"
// tagCount("z") -> null
// firstD("a") -> "1"
// firstD("b") -> RT_ERR_INDEX_OUT_OF_BOUNDS @ 55:12
// firstD("z") -> null
// hasD("a", "2") -> true
// hasD("a", "9") -> false
// hasD("z", "2") -> null
// hasDOr("z", "2") -> false
// name("a") -> "alpha"
// name("z") -> "none"
// label("a") -> "abc"
// label("z") -> null
// starts("a", "ab") -> true
// starts("z", "ab") -> null
// bigDs("a") -> ["20", "30"]
// bigDs("z") -> null
// metaSize("a") -> "1"
// metaSize("z") -> null
// metaGet("a", "k") -> "7"
// metaGet("a", "q") -> null
// metaGet("z", "k") -> null
// doubled("a") -> {"amount": "5.00", "currency": "USD"}
// doubled("z") -> {"amount": "0.00", "currency": "USD"}
// rateOr("a") -> "0.1"
// rateOr("z") -> "0.5"
// guardedArg("z", "1") -> null
// guardedArg("a", "1") -> RT_ERR_REQUIRE_FAILED @ 26:3 "argument evaluated"
// guardedArg("a", "101") -> false
// guardedIndex("z", "1") -> null
// guardedIndex("a", "1") -> RT_ERR_REQUIRE_FAILED @ 26:3 "argument evaluated"
// guardedMethod("z", "3") -> "-1"
// callCount() -> "0"
// guardedMethod("a", "3") -> "2"
// callCount() -> "1"
// deepName("a") -> null
// deepName("b") -> "deepest"
// deepName("z") -> null
// deepLen("a") -> "-1"
// deepLen("b") -> "1"
// forcedOpt("z") -> null
// forcedOpt("b") -> "1"
// forcedOpt("a") -> RT_ERR_MISSING_VALUE @ 147:12
// forcedTail("z") -> "missing item"
// forcedTail("b") -> "o"
// pushD("z", "4") -> null
// pushD("a", "4") -> "4"
// firstD("a") -> "1"
// viaPeer("1") -> null
// callCount() -> "1"
// setPeer($Peer) -> null
// viaPeer("1") -> RT_ERR_REQUIRE_FAILED @ 26:3 "argument evaluated"
// viaPeer("200") -> "201"
// callCount() -> "2"
// nested("a", "z") -> "4"
// nested("a", "b") -> "4"
// nested("a", "a") -> "0"
// nested("z", "a") -> null
