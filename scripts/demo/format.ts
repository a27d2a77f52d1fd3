/**
 * Exact money for the demo's report and checks: amounts as bigint minor units (the contracts'
 * `Money` is exact, so the checks compare to the cent with no floating point), and the printed
 * form a finance reader expects (`USD 1,234,567.89`, thousands separators, two decimals).
 *
 * It does NOT round: every amount here came from the chain or from the scenario's own inputs.
 * @module
 */

/** A `Money` value as the client decodes it. */
export interface MoneyValue {
  readonly amount: string;
  readonly currency: string;
}

/** Minor units (cents) of a two-decimal amount such as `"-1234.5"` or `"7.25"`. */
export function cents(m: MoneyValue | string): bigint {
  const s = typeof m === 'string' ? m : m.amount;
  const neg = s.startsWith('-');
  const [int = '0', frac = ''] = (neg ? s.slice(1) : s).split('.');
  if (frac.length > 2) throw new Error(`${s}: more than two decimals`);
  const v = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return neg ? -v : v;
}

/** `"1234.50"` from 123450 minor units. */
export function decimal(units: bigint): string {
  const neg = units < 0n;
  const a = neg ? -units : units;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** A `Money` value of `units` minor units. */
export function moneyOf(units: bigint, currency: string): MoneyValue {
  return { amount: decimal(units), currency };
}

/** `1,234,567.89` (minor units in, no currency). */
export function num(units: bigint): string {
  const neg = units < 0n;
  const a = neg ? -units : units;
  const int = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '−' : ''}${int}.${(a % 100n).toString().padStart(2, '0')}`;
}

/** `USD 1,234,567.89`. */
export function fmt(m: MoneyValue): string {
  return `${m.currency} ${num(cents(m))}`;
}

/** `USD 1,234,567.89` from minor units. */
export function fmtUnits(units: bigint, currency: string): string {
  return `${currency} ${num(units)}`;
}

/** Σ of minor units. */
export function sum(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

/** Right-aligns `s` in `width` characters. */
export function pad(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

/** Rounds `numerator / denominator` half to even (both bigint, denominator > 0). */
export function divHalfEven(numerator: bigint, denominator: bigint): bigint {
  const neg = numerator < 0n;
  const n = neg ? -numerator : numerator;
  let q = n / denominator;
  const r2 = (n % denominator) * 2n;
  if (r2 > denominator || (r2 === denominator && q % 2n === 1n)) q += 1n;
  return neg ? -q : q;
}
