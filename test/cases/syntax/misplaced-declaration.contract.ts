// E1015: interfaces, type aliases and enums are declared at the top level.
export function f(): Int {
  interface Inner {
    a: Int;
  }
  return 1;
}
