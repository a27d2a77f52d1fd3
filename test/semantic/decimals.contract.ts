// Exact decimals and integers: arithmetic, the seven rounding modes (java.math.RoundingMode) on
// positive and negative ties, division, rescaling, powers, remainders and range limits.

@contract
export class Decimals {
  @view
  sum(): boolean {
    return 0.1 + 0.2 == 0.3 && 0.5 == 0.50 && 1 == 1.0 && 2 > 1.5;
  }

  @view
  add(a: Decimal, b: Decimal): Decimal {
    return a + b;
  }

  @view
  mul(a: Decimal, b: Decimal): Decimal {
    return a * b;
  }

  @view
  mixed(a: Int, b: Decimal): Decimal {
    return a * b - a + b;
  }

  @view
  r(x: Decimal, scale: Int, mode: Rounding): Decimal {
    return round(x, scale, mode);
  }

  /** Each mode applied to x at scale 0, in the order up, down, ceiling, floor, half-up, half-down, half-even. */
  @view
  modes(x: Decimal): Int[] {
    return [toInt(x, 'up'), toInt(x, 'down'), toInt(x, 'ceiling'), toInt(x, 'floor'), toInt(x, 'half-up'), toInt(x, 'half-down'), toInt(x, 'half-even')];
  }

  @view
  idiv(a: Int, b: Int, mode: Rounding): Int {
    return div(a, b, mode);
  }

  @view
  ddiv(a: Decimal, b: Decimal, scale: Int, mode: Rounding): Decimal {
    return divide(a, b, scale, mode);
  }

  @view
  rem(a: Int, b: Int): Int {
    return a % b;
  }

  @view
  pow(a: Decimal, n: Int): Decimal {
    return a ** n;
  }

  @view
  ipow(a: Int, n: Int): Int {
    return a ** n;
  }

  @view
  text(x: Decimal): string {
    return str(x) + '|' + str(-x) + '|' + str(toInt(x, 'floor'));
  }

  @view
  cmp(a: Int, b: Decimal): string {
    let s = '';
    if (a < b) { s = s + '<'; }
    if (a <= b) { s = s + '<='; }
    if (a == b) { s = s + '=='; }
    if (a >= b) { s = s + '>='; }
    if (a > b) { s = s + '>'; }
    return s;
  }

  @view
  limits(x: Decimal): Decimal {
    return min(x, 2.5) + max(x, -1) + abs(x);
  }

  @view
  big(n: Int): Int {
    let x: Int = 1;
    for (let i = 0; i < n; i++) {
      x = x * 10;
    }
    return x;
  }

  @view
  tiny(n: Int): Decimal {
    let x: Decimal = 1;
    for (let i = 0; i < n; i++) {
      x = x * 0.1;
    }
    return x;
  }
}

// ----
// deploy Decimals() -> ok
// sum() -> true
// add("0.1", "0.2") -> "0.3"
// add("1.25", "-1.25") -> "0"
// add("123456789012345678901234567890.5", "0.5") -> "123456789012345678901234567891"
// mul("1.5", "1.5") -> "2.25"
// mul("0.001", "-1000") -> "-1"
// mixed("3", "0.5") -> "-1"
// modes("5.5") -> ["6", "5", "6", "5", "6", "5", "6"]
// modes("2.5") -> ["3", "2", "3", "2", "3", "2", "2"]
// modes("1.6") -> ["2", "1", "2", "1", "2", "2", "2"]
// modes("1.1") -> ["2", "1", "2", "1", "1", "1", "1"]
// modes("1") -> ["1", "1", "1", "1", "1", "1", "1"]
// modes("-1") -> ["-1", "-1", "-1", "-1", "-1", "-1", "-1"]
// modes("-1.1") -> ["-2", "-1", "-1", "-2", "-1", "-1", "-1"]
// modes("-1.6") -> ["-2", "-1", "-1", "-2", "-2", "-2", "-2"]
// modes("-2.5") -> ["-3", "-2", "-2", "-3", "-3", "-2", "-2"]
// modes("-5.5") -> ["-6", "-5", "-5", "-6", "-6", "-5", "-6"]
// modes("-0.5") -> ["-1", "0", "0", "-1", "-1", "0", "0"]
// modes("0.5") -> ["1", "0", "1", "0", "1", "0", "0"]
// modes("-0.51") -> ["-1", "0", "0", "-1", "-1", "-1", "-1"]
// r("1.005", "2", "half-up") -> "1.01"
// r("1.005", "2", "half-even") -> "1"
// r("1.015", "2", "half-even") -> "1.02"
// r("-1.005", "2", "half-down") -> "-1"
// r("-1.005", "2", "half-up") -> "-1.01"
// r("0.123456", "4", "half-up") -> "0.1235"
// r("2.5", "3", "up") -> "2.5"
// r("2.5", "-1", "up") -> RT_ERR_INVALID_ARGUMENT
// r("2.5", "257", "up") -> RT_ERR_INVALID_ARGUMENT
// idiv("7", "2", "half-even") -> "4"
// idiv("-7", "2", "half-even") -> "-4"
// idiv("-7", "2", "down") -> "-3"
// idiv("-7", "2", "floor") -> "-4"
// idiv("7", "-2", "ceiling") -> "-3"
// idiv("-9", "4", "half-up") -> "-2"
// idiv("-10", "4", "half-up") -> "-3"
// idiv("-10", "4", "half-down") -> "-2"
// idiv("1", "0", "down") -> RT_ERR_DIVISION_BY_ZERO @ 39:12
// ddiv("1000", "365", "6", "half-even") -> "2.739726"
// ddiv("1", "3", "4", "up") -> "0.3334"
// ddiv("-1", "3", "4", "up") -> "-0.3334"
// ddiv("-1", "3", "4", "floor") -> "-0.3334"
// ddiv("-1", "3", "4", "ceiling") -> "-0.3333"
// ddiv("2", "0.5", "0", "down") -> "4"
// ddiv("0.05", "0.1", "0", "half-even") -> "0"
// ddiv("0.15", "0.1", "0", "half-even") -> "2"
// ddiv("1", "0", "2", "down") -> RT_ERR_DIVISION_BY_ZERO
// rem("7", "3") -> "1"
// rem("-7", "3") -> "-1"
// rem("7", "-3") -> "1"
// rem("7", "0") -> RT_ERR_DIVISION_BY_ZERO
// pow("1.1", "2") -> "1.21"
// pow("0.5", "3") -> "0.125"
// pow("7", "0") -> "1"
// pow("2", "-1") -> RT_ERR_INVALID_ARGUMENT
// pow("0.5", "300") -> RT_ERR_NUMBER_OUT_OF_RANGE
// ipow("2", "10") -> "1024"
// ipow("-3", "3") -> "-27"
// ipow("10", "256") -> RT_ERR_NUMBER_OUT_OF_RANGE
// ipow("2", "1000000000") -> RT_ERR_NUMBER_OUT_OF_RANGE
// text("12.5") -> "12.5|-12.5|12"
// text("12.50") -> RT_ERR_INVALID_ARGUMENT
// text("1e3") -> RT_ERR_INVALID_ARGUMENT
// text(".5") -> RT_ERR_INVALID_ARGUMENT
// text("-0") -> RT_ERR_INVALID_ARGUMENT
// text("+1") -> RT_ERR_INVALID_ARGUMENT
// text("-0.0") -> RT_ERR_INVALID_ARGUMENT
// text(0.5) -> RT_ERR_INVALID_ARGUMENT
// text("-0.001") -> "-0.001|0.001|-1"
// text("0") -> "0|0|0"
// cmp("1", "1") -> "<===>="
// cmp("1", "1.5") -> "<<="
// cmp("2", "1.5") -> ">=>"
// limits("3") -> "8.5"
// limits("-2") -> "-1"
// big("255") -> "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
// big("256") -> RT_ERR_NUMBER_OUT_OF_RANGE @ 87:11
// tiny("256") -> "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"
// tiny("257") -> RT_ERR_NUMBER_OUT_OF_RANGE
