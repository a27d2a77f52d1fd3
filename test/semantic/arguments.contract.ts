// Argument decoding at the boundary (SC-02, SC-12, MNY-07): only the canonical encoding of each
// type is accepted — integers as decimal strings without exponent, sign or padding; no unknown
// or reserved keys; bounded sizes — and anything else fails with RT_ERR_INVALID_ARGUMENT before
// the entry runs. The request envelope itself is capped (RT_ERR_INVALID_REQUEST).

export interface Order {
  id: string;
  qty: Int;
  price: Decimal;
  tags?: string[];
}

@contract
export class Inputs {
  calls: Int = 0;

  @entry
  int(x: Int): Int {
    this.calls += 1;
    return x;
  }

  @entry
  dec(x: Decimal): Decimal {
    return x;
  }

  @entry
  text(s: string): Int {
    return s.length;
  }

  @entry
  order(o: Order): string {
    return o.id + ' ' + str(o.qty) + ' ' + str(o.price) + ' ' + str(o.tags?.length ?? -1);
  }

  @entry
  matrix(xs: Int[][]): Int {
    return xs.length;
  }

  @entry
  flag(b: boolean, a: Address, t: Timestamp): string {
    return str(b) + ' ' + str(a) + ' ' + str(t);
  }

  @entry
  sealed(s: Sealed<Money<'USD'>>): Commitment {
    return commitmentOf(s);
  }

  @view
  count(): Int {
    return this.calls;
  }
}

// ----
// deploy Inputs() -> ok
// int("10") -> "10"
// int("-10") -> "-10"
// int("0") -> "0"
// int("123456789012345678901234567890123456789") -> "123456789012345678901234567890123456789"
// int("1e3") -> RT_ERR_INVALID_ARGUMENT "argument x: expected an integer string, got string \"1e3\""
// int("0x10") -> RT_ERR_INVALID_ARGUMENT
// int(" 10") -> RT_ERR_INVALID_ARGUMENT
// int("10 ") -> RT_ERR_INVALID_ARGUMENT
// int("-0") -> RT_ERR_INVALID_ARGUMENT
// int("+1") -> RT_ERR_INVALID_ARGUMENT
// int("01") -> RT_ERR_INVALID_ARGUMENT
// int("1.0") -> RT_ERR_INVALID_ARGUMENT
// int("") -> RT_ERR_INVALID_ARGUMENT
// int("１") -> RT_ERR_INVALID_ARGUMENT
// int(10) -> RT_ERR_INVALID_ARGUMENT
// int(9007199254740993) -> RT_ERR_INVALID_ARGUMENT
// int(1e21) -> RT_ERR_INVALID_ARGUMENT
// int(null) -> RT_ERR_INVALID_ARGUMENT
// int(true) -> RT_ERR_INVALID_ARGUMENT
// int(["1"]) -> RT_ERR_INVALID_ARGUMENT
// raw int(NaN) -> RT_ERR_INVALID_REQUEST
// raw int(Infinity) -> RT_ERR_INVALID_REQUEST
// int("1", "2") -> RT_ERR_INVALID_ARGUMENT "expected 1 arguments, got 2"
// int() -> RT_ERR_INVALID_ARGUMENT
// int($chars(300)) -> RT_ERR_INVALID_ARGUMENT
// count() -> "4"
// dec("0.1") -> "0.1"
// dec("-12.345") -> "-12.345"
// dec("1e3") -> RT_ERR_INVALID_ARGUMENT
// dec("1E3") -> RT_ERR_INVALID_ARGUMENT
// dec("0x10") -> RT_ERR_INVALID_ARGUMENT
// dec(" 1") -> RT_ERR_INVALID_ARGUMENT
// dec("-0") -> RT_ERR_INVALID_ARGUMENT
// dec("+1") -> RT_ERR_INVALID_ARGUMENT
// dec("1.") -> RT_ERR_INVALID_ARGUMENT
// dec(".5") -> RT_ERR_INVALID_ARGUMENT
// dec("1.50") -> RT_ERR_INVALID_ARGUMENT
// dec("NaN") -> RT_ERR_INVALID_ARGUMENT
// dec("Infinity") -> RT_ERR_INVALID_ARGUMENT
// dec(0.1) -> RT_ERR_INVALID_ARGUMENT
// text("héllo") -> "5"
// text($chars(100000)) -> "100000"
// text($chars(10000000)) -> RT_ERR_INVALID_REQUEST
// order({"id": "o1", "qty": "2", "price": "9.99"}) -> "o1 2 9.99 -1"
// order({"id": "o1", "qty": "2", "price": "9.99", "tags": ["a"]}) -> "o1 2 9.99 1"
// order({"id": "o1", "qty": "2", "price": "9.99", "__proto__": {"tags": ["x"]}}) -> RT_ERR_INVALID_ARGUMENT
// order({"id": "o1", "qty": "2", "price": "9.99", "constructor": {"name": "x"}}) -> RT_ERR_INVALID_ARGUMENT
// order({"id": "o1", "qty": "2", "price": "9.99", "prototype": {}}) -> RT_ERR_INVALID_ARGUMENT
// order({"id": "o1", "qty": "2", "price": "9.99", "hasOwnProperty": 1}) -> RT_ERR_INVALID_ARGUMENT
// order({"id": "o1", "qty": "2", "price": "9.99", "tags": null}) -> RT_ERR_INVALID_ARGUMENT
// order({"id": "o1", "qty": 2, "price": "9.99"}) -> RT_ERR_INVALID_ARGUMENT
// order({"id": "o1", "qty": "2"}) -> RT_ERR_INVALID_ARGUMENT
// order(["o1", "2", "9.99"]) -> RT_ERR_INVALID_ARGUMENT
// order("o1") -> RT_ERR_INVALID_ARGUMENT
// matrix([["1"], [], ["2", "3"]]) -> "3"
// matrix([[["1"]]]) -> RT_ERR_INVALID_ARGUMENT
// raw matrix($nest(100000)) -> RT_ERR_INVALID_ARGUMENT
// raw matrix([$nest(100000)]) -> RT_ERR_INVALID_ARGUMENT
// flag(true, $a1, "1798761600000") -> "true a000000000000000000000000000000000000001 1798761600000"
// flag(1, $a1, "0") -> RT_ERR_INVALID_ARGUMENT
// flag(true, "A000000000000000000000000000000000000001", "0") -> RT_ERR_INVALID_ARGUMENT
// flag(true, "0xa00000000000000000000000000000000000001", "0") -> RT_ERR_INVALID_ARGUMENT
// flag(true, $a1, "1.5") -> RT_ERR_INVALID_ARGUMENT
// sealed({"ciphertext": "00ff", $certified(7)}) -> $commitment(7)
// sealed({"ciphertext": "00ff"}) -> RT_ERR_INVALID_ARGUMENT
// sealed({"commitment": "0a0b", "x": {"__proto__": 1}}) -> RT_ERR_INVALID_ARGUMENT
// sealed({"commitment": "0a0b", "x": [[[[[[[[["deep"]]]]]]]]]}) -> RT_ERR_INVALID_ARGUMENT
// sealed({"commitment": "0a0b", "x": 1.5}) -> RT_ERR_INVALID_ARGUMENT
// raw sealed({"commitment": "0a0b", "x": $nest(100000)}) -> RT_ERR_INVALID_ARGUMENT
// count() -> "4"
