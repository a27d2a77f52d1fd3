// E1017: the target of an assignment is a variable, a property or an element.
export function f(a: Int): Int {
  a + 1 = 2;
  return a;
}
