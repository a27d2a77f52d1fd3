// E1018: bitwise and shift compound assignments do not exist.
export function f(a: Int): Int {
  a |= 1;
  return a;
}
