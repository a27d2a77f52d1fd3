// Arrays and lambdas: bounds-checked indexing, the built-in methods, lambdas that read the
// enclosing function's variables, stable sortBy, reduce with an initial value.

export interface Item {
  name: string;
  rank: Int;
  weight: Decimal;
}

@contract
export class Lists {
  items: Item[] = [];

  @entry
  add(name: string, rank: Int, weight: Decimal): Int {
    this.items.push({ name, rank, weight });
    return this.items.length;
  }

  @view
  byRank(): string[] {
    return sortBy(this.items, (i) => i.rank).map((i) => i.name);
  }

  @view
  byWeightDesc(): string[] {
    return sortBy(this.items, (i) => -i.weight).map((i) => i.name);
  }

  @view
  byName(): string[] {
    return sortBy(this.items, (i) => i.name).map((i) => i.name);
  }

  @view
  heavierThan(w: Decimal): string[] {
    return this.items.filter((i) => i.weight > w).map((i) => i.name);
  }

  @view
  totalWeight(): Decimal {
    return this.items.reduce((acc, i) => acc + i.weight, 0.0);
  }

  @view
  firstWithRank(r: Int): string {
    const found = this.items.find((i) => i.rank == r);
    return found?.name ?? 'none';
  }

  @view
  indexWithRank(r: Int): Int {
    return this.items.findIndex((i) => i.rank == r);
  }

  @view
  flags(r: Int): boolean[] {
    return [this.items.some((i) => i.rank == r), this.items.every((i) => i.rank >= r)];
  }

  @view
  at(i: Int): string {
    return this.items[i].name;
  }

  @view
  numbers(xs: Int[]): string {
    const ys = xs.slice(1, -1);
    const zs = xs.concat([100]);
    const popped = zs.pop();
    const offset = 10;
    const shifted = xs.map((x, i) => x + offset * i);
    return str(ys.length) + ' ' + str(zs.length) + ' ' + str(popped ?? -1) + ' ' + str(xs.indexOf(3)) + ' ' + str(xs.includes(7))
      + ' ' + str(shifted[shifted.length - 1]);
  }

  @view
  decimals(xs: Decimal[]): Int[] {
    return [xs.indexOf(0.5), xs.includes(2) ? 1 : 0];
  }

  @view
  blockLambda(xs: Int[]): Int[] {
    return xs.map((x): Int => {
      if (x % 2 == 0) {
        return div(x, 2, 'down');
      }
      return 3 * x + 1;
    });
  }

  @view
  nested(xs: Int[]): Int {
    return xs.reduce((acc, x) => acc + xs.filter((y) => y < x).length, 0);
  }

  @view
  setAt(xs: Int[], i: Int, v: Int): Int[] {
    xs[i] = v;
    xs[0] += 1;
    return xs;
  }

  @view
  spread(xs: Int[]): Int[] {
    return [0, ...xs, ...xs, 9];
  }

  @view
  emptyPop(): string {
    const xs: Int[] = [];
    const p = xs.pop();
    return p === undefined ? 'empty' : str(p);
  }

  @view
  strings(s: string): string {
    return str(s.length) + ' ' + str(s.startsWith('ab')) + ' ' + str(s.endsWith('yz')) + ' ' + str(s.includes('m')) + ' ' + s.slice(1, 3) + ' ' + s.slice(-2);
  }
}

// ----
// deploy Lists() -> ok
// add("c", "2", "0.5") -> "1"
// add("a", "1", "1.5") -> "2"
// add("b", "2", "1.5") -> "3"
// add("d", "1", "0.25") -> "4"
// add("e", "2", "1.5") -> "5"
// byRank() -> ["a", "d", "c", "b", "e"]
// byWeightDesc() -> ["a", "b", "e", "c", "d"]
// byName() -> ["a", "b", "c", "d", "e"]
// heavierThan("0.5") -> ["a", "b", "e"]
// totalWeight() -> "5.25"
// firstWithRank("2") -> "c"
// firstWithRank("3") -> "none"
// indexWithRank("1") -> "1"
// indexWithRank("9") -> "-1"
// flags("1") -> [true, true]
// flags("2") -> [true, false]
// flags("3") -> [false, false]
// at("4") -> "e"
// at("5") -> RT_ERR_INDEX_OUT_OF_BOUNDS @ 63:12
// at("-1") -> RT_ERR_INDEX_OUT_OF_BOUNDS
// numbers(["1", "3", "5", "7"]) -> "2 4 100 1 true 37"
// numbers([]) -> RT_ERR_INDEX_OUT_OF_BOUNDS
// decimals(["1", "0.5", "2"]) -> ["1", "1"]
// decimals(["1"]) -> ["-1", "0"]
// blockLambda(["1", "2", "6", "7"]) -> ["4", "1", "3", "22"]
// nested(["3", "1", "2"]) -> "3"
// setAt(["1", "2", "3"], "2", "9") -> ["2", "2", "9"]
// setAt(["1", "2", "3"], "3", "9") -> RT_ERR_INDEX_OUT_OF_BOUNDS
// spread(["1", "2"]) -> ["0", "1", "2", "1", "2", "9"]
// emptyPop() -> "empty"
// strings("abcmxyz") -> "7 true true true bc yz"
// strings("") -> "0 false false false  "
