// Helpers for failures.contract.ts: a failure in an imported file is reported at its own position.

export function checked(x: Int): Int {
  require(x >= 0, 'negative input');
  return x;
}

export function always(why: string): Int {
  revert('helper: ' + why);
}

export const SCALE: Int = checked(10);
