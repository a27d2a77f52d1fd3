// Maps iterate in ascending key order (numeric for Int, UTF-16 code units for strings), never
// insertion order, in memory and in state; state maps store each entry under its own key.

export interface Holder {
  tags: Map<string, Int>;
}

@contract
export class Registry {
  byId: Map<Int, string> = new Map();
  byName: Map<string, Int> = new Map();
  holder: Holder = { tags: new Map() };
  count: Int = 0;

  @entry
  put(id: Int, name: string): Int {
    this.byId.set(id, name);
    this.byName.set(name, id);
    return this.byId.size;
  }

  @entry
  remove(id: Int): boolean {
    const name = this.byId.get(id);
    if (name !== undefined) {
      this.byName.delete(name);
    }
    return this.byId.delete(id);
  }

  @entry
  tag(k: string, v: Int): Int {
    this.holder.tags.set(k, v);
    return this.holder.tags.size;
  }

  @view
  ids(): Int[] {
    return this.byId.keys();
  }

  @view
  names(): string[] {
    return this.byName.keys();
  }

  @view
  namesInIdOrder(): string[] {
    return this.byId.values();
  }

  @view
  walk(): string {
    let s = '';
    for (const [id, name] of this.byId) {
      s = s + str(id) + '=' + name + ';';
    }
    return s;
  }

  @view
  lookup(id: Int): string {
    return (this.byId.get(id) ?? '-') + (this.byId.has(id) ? '!' : '?');
  }

  @view
  tags(): Map<string, Int> {
    return this.holder.tags;
  }

  /** Insertion order does not matter: both maps iterate the same way and are equal. */
  @view
  memory(): string {
    const a: Map<Int, string> = new Map();
    a.set(10, 'ten');
    a.set(-2, 'minus two');
    a.set(3, 'three');
    a.set(-10, 'minus ten');
    a.set(0, 'zero');
    const b = new Map<Int, string>([[0, 'zero'], [3, 'three'], [-10, 'minus ten'], [10, 'ten'], [-2, 'minus two']]);
    let s = '';
    for (const [k, v] of a) {
      s = s + str(k) + ':' + v + ' ';
    }
    return s + str(equals(a, b)) + ' ' + str(a.size);
  }

  @view
  strings(): string[] {
    const m: Map<string, boolean> = new Map();
    for (const k of ['b', 'a', 'B', 'aa', '', 'Z', 'é', '10', '9']) {
      m.set(k, true);
    }
    return m.keys();
  }

  @view
  dates(): Map<LocalDate, Int> {
    const m: Map<LocalDate, Int> = new Map();
    m.set(date('2027-12-31'), 3);
    m.set(date('2026-01-01'), 1);
    m.set(date('2027-01-01'), 2);
    m.delete(date('2026-01-01'));
    m.set(date('2026-01-01'), 4);
    return m;
  }

  @view
  echo(m: Map<Int, string>): Map<Int, string> {
    return m;
  }

  @view
  iterateWhileChanging(): Int[] {
    const m = new Map<Int, Int>([[1, 1], [2, 2]]);
    const seen: Int[] = [];
    for (const [k, v] of m) {
      m.set(k + 10, v);
      seen.push(k);
    }
    return seen.concat(m.keys());
  }
}

// ----
// deploy Registry() -> ok
// put("10", "ten") -> "1"
// put("-2", "minus two") -> "2"
// put("3", "three") -> "3"
// put("-10", "minus ten") -> "4"
// put("100", "hundred") -> "5"
// put("0", "zero") -> "6"
// ids() -> ["-10", "-2", "0", "3", "10", "100"]
// names() -> ["hundred", "minus ten", "minus two", "ten", "three", "zero"]
// namesInIdOrder() -> ["minus ten", "minus two", "zero", "three", "ten", "hundred"]
// walk() -> "-10=minus ten;-2=minus two;0=zero;3=three;10=ten;100=hundred;"
// state Registry m/byId/p0013 -> "three"
// state Registry m/byId/p00210 -> "ten"
// state Registry m/byId/n9987 -> "minus two"
// state Registry m/byName/three -> "3"
// state Registry s/byId -> absent
// lookup("3") -> "three!"
// lookup("4") -> "-?"
// remove("3") -> true
// remove("3") -> false
// state Registry m/byId/p0013 -> absent
// state Registry m/byName/three -> absent
// ids() -> ["-10", "-2", "0", "10", "100"]
// put("3", "three again") -> "6"
// ids() -> ["-10", "-2", "0", "3", "10", "100"]
// tag("b", "2") -> "1"
// tag("a", "1") -> "2"
// tag("b", "3") -> "2"
// tags() -> [["a", "1"], ["b", "3"]]
// state Registry s/holder -> {"tags":[["a","1"],["b","3"]]}
// memory() -> "-10:minus ten -2:minus two 0:zero 3:three 10:ten true 5"
// strings() -> ["", "10", "9", "B", "Z", "a", "aa", "b", "é"]
// dates() -> [["2026-01-01", "4"], ["2027-01-01", "2"], ["2027-12-31", "3"]]
// echo([["1", "a"], ["2", "b"]]) -> [["1", "a"], ["2", "b"]]
// echo([["2", "b"], ["1", "a"]]) -> RT_ERR_INVALID_ARGUMENT
// echo([["1", "a"], ["1", "b"]]) -> RT_ERR_INVALID_ARGUMENT
// echo([["1", "a", "x"]]) -> RT_ERR_INVALID_ARGUMENT
// echo({"1": "a"}) -> RT_ERR_INVALID_ARGUMENT
// iterateWhileChanging() -> ["1", "2", "1", "2", "11", "12"]
