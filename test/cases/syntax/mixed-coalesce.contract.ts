// E1023: "??" is not mixed with "||" or "&&" without parentheses.
export function f(a: boolean | undefined, b: boolean): boolean {
  return a ?? b || false;
}
