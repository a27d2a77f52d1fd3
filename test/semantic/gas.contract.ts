// Gas (GAS-01, GAS-02, GAS-04, GAS-05, DET-07): loops without end, recursion without base case, failures
// swallowed by catch or finally, and memory bombs all stop deterministically with a fatal
// RT_ERR_OUT_OF_GAS (at exactly the gas limit), RT_ERR_CALL_DEPTH or RT_ERR_LIMIT_EXCEEDED, which
// no try can catch; the other contract state stays as it was. Each file runs twice and both runs
// must agree on every gasUsed.

function forever(n: Int): Int {
  return forever(n + 1);
}

function depth(n: Int, max: Int): Int {
  if (n >= max) {
    return n;
  }
  return depth(n + 1, max);
}

@contract
export class Burner {
  runs: Int = 0;
  log: string[] = [];
  seen: Map<Int, boolean> = new Map();

  @entry
  whileTrue(): void {
    this.runs += 1;
    while (true) {}
  }

  @entry
  forEver(): void {
    this.runs += 1;
    for (;;) {}
  }

  @entry
  doWhile(): void {
    this.runs += 1;
    do {} while (true);
  }

  @entry
  recurse(): Int {
    return forever(0);
  }

  @entry
  recurseTo(n: Int): Int {
    return depth(1, n);
  }

  @entry
  methodRecursion(n: Int): Int {
    return this.down(n);
  }

  down(n: Int): Int {
    if (n == 0) {
      return 0;
    }
    const xs: Int[] = [n];
    return xs.map((x) => this.down(x - 1))[0] + 1;
  }

  @entry
  swallowRecursion(): string {
    try {
      forever(0);
    } catch (e) {
      return 'swallowed';
    }
    return 'unreachable';
  }

  @entry
  swallowLoop(): string {
    this.runs += 1;
    try {
      while (true) {}
    } catch (e) {
      this.log.push('caught ' + e.code);
      return 'swallowed';
    }
    return 'unreachable';
  }

  @entry
  finallyLoop(): void {
    this.runs += 1;
    try {
      while (true) {}
    } finally {
      this.log.push('finally');
    }
  }

  @entry
  loopInFinally(): void {
    this.runs += 1;
    try {
      this.log.push('try');
    } finally {
      for (;;) {}
    }
  }

  @entry
  strings(): void {
    let s = 'ab';
    while (true) {
      s = s + s;
    }
  }

  @entry
  pushes(): void {
    const xs: Int[] = [];
    while (true) {
      xs.push(1);
    }
  }

  @entry
  bigMap(): Int {
    const m: Map<Int, Int> = new Map();
    for (let i = 0; i < 10_000_000; i++) {
      m.set(i, i);
    }
    return m.size;
  }

  @entry
  doubling(): void {
    let xs: Int[] = [1];
    while (true) {
      xs = [...xs, ...xs];
    }
  }

  @entry
  stateMap(): void {
    let n: Int = 0;
    while (true) {
      n += 1;
      this.log.push(str(n));
    }
  }

  /** GAS-05: each state key read costs a host call, charged; the loop stops at the limit. */
  @entry
  hostCalls(): void {
    let i: Int = 0;
    while (true) {
      if (this.seen.has(i)) {
        this.runs += 1;
      }
      i += 1;
    }
  }

  @entry
  lambdaLoop(): Int[] {
    const xs: Int[] = [1, 2, 3];
    return xs.map((x): Int => {
      while (true) {}
    });
  }

  @view
  count(): Int {
    return this.runs;
  }

  @view
  logged(): string[] {
    return this.log;
  }
}

// ----
// deploy Burner() -> ok
// gas 200000
// whileTrue() -> RT_ERR_OUT_OF_GAS
// gasUsed -> 200000
// forEver() -> RT_ERR_OUT_OF_GAS
// doWhile() -> RT_ERR_OUT_OF_GAS
// recurse() -> RT_ERR_CALL_DEPTH "calls nested deeper than 256"
// recurseTo("255") -> "255"
// recurseTo("256") -> RT_ERR_CALL_DEPTH
// gas 10000000
// recurseTo("100000") -> RT_ERR_CALL_DEPTH "calls nested deeper than 256"
// methodRecursion("254") -> "254"
// methodRecursion("255") -> RT_ERR_CALL_DEPTH
// methodRecursion("100000") -> RT_ERR_CALL_DEPTH
// gas 200000
// swallowRecursion() -> RT_ERR_CALL_DEPTH
// swallowLoop() -> RT_ERR_OUT_OF_GAS
// finallyLoop() -> RT_ERR_OUT_OF_GAS
// loopInFinally() -> RT_ERR_OUT_OF_GAS
// lambdaLoop() -> RT_ERR_OUT_OF_GAS
// count() -> "0"
// logged() -> []
// gas 10000000
// strings() -> RT_ERR_OUT_OF_GAS
// pushes() -> RT_ERR_OUT_OF_GAS
// gasUsed -> 10000000
// bigMap() -> RT_ERR_OUT_OF_GAS
// stateMap() -> RT_ERR_OUT_OF_GAS
// hostCalls() -> RT_ERR_OUT_OF_GAS
// doubling() -> RT_ERR_OUT_OF_GAS
// gasUsed -> 10000000
// count() -> "0"
// gas 100000000
// strings() -> RT_ERR_LIMIT_EXCEEDED "string longer than 16777216"
// count() -> "0"
// logged() -> []
