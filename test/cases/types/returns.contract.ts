// Return types: declared, returned on every path, matching.
@contract
export class Returns {
  @view
  noType() {
    return 1;
  }

  @view
  missing(n: Int): Int {
    if (n > 0) {
      return 1;
    }
  }

  @view
  noValue(): Int {
    return;
  }

  @view
  voidValue(): void {
    return 1;
  }

  @view
  useVoid(): Int {
    const x = this.nothing();
    return 0;
  }

  nothing(): void {}

  @view
  params(a, b: Int = 2): Int {
    return b;
  }
}
