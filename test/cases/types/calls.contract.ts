// Calls: argument counts, callable expressions, literals checked at compile time.
function add(a: Int, b: Int): Int {
  return a + b;
}

@contract
export class Calls {
  when: LocalDate = date('2027-02-30');
  every: Period = period('3 months');
  who: Address = address('0xABC');

  @view
  run(n: Int): Int {
    const a = add(1);
    const b = n(2);
    const c = require(true, 'x');
    const d = min<Int>(1, 2);
    const e = [1, 2, 3].map(x => x + 1, 2);
    const f = add(...[1, 2]);
    const g = this.maybe?.(1);
    return a;
  }

  maybe(x: Int): Int {
    return x;
  }
}
