// E1020: a for-of loop declares its loop variable.
export function sum(xs: Int[]): Int {
  let total = 0;
  let x = 0;
  for (x of xs) {
    total += x;
  }
  return total;
}
