// E1016: decorators apply to classes and class members, not constructors or functions.
@entry
export function f(): Int {
  return 1;
}
