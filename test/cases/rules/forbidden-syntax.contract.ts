// Forbidden constructs each have their own diagnostic (SBX-07, GAS-09, DET-01).
@contract
export class Syntax {
  static count: Int = 0;

  get total(): Int {
    return 1;
  }

  set total(v: Int) {}

  async later(): Promise<Int> {
    return await this.now();
  }

  *gen(): Int {
    yield 1;
  }

  @view
  run(o: Int): Int {
    var v = 1;
    const re = /(a+)+$/;
    const t = `total ${o}`;
    const n = null;
    const k = typeof o;
    delete o;
    outer: for (const x of [1]) {
      break outer;
    }
    with (o) {}
    debugger;
    throw 'x';
    const m = import('./other');
    const fn = function () {
      return 1;
    };
    const c = (1, 2);
    const vv = void 0;
    return 0;
  }

  @view
  more(...rest: Int[]): Int {
    for (const k in rest) {}
    function inner(): Int {
      return 1;
    }
    return 0;
  }
}
