/**
 * `@covenant/std/money`: splitting and summing money exactly. Pro-rata allocation by largest
 * remainder (the parts always add up to the total, to the minor unit), sums, percentages,
 * single-rounding pro-rata scaling, and shortfall allocation for payment waterfalls.
 *
 * Written in the Covenant language itself, with prelude built-ins only, so it is compiled, metered
 * and checked like any contract. Amounts are `Money` with a run-time currency, so one function
 * serves every currency; passing `Money<'USD'>` in is free, and storing a result back into a
 * `Money<'USD'>` checks the currency at run time (see docs/language.md, "Money").
 *
 * Does NOT convert currencies, round more than once per result, or depend on the order of map
 * iteration: ties go to the lowest index, so callers that want a result independent of how the
 * parties were listed pass weights in a canonical order (for example, by iterating a `Map`, which
 * is always in ascending key order).
 * @module
 */

/**
 * Splits an integer `total` into `weights.length` integers proportional to `weights`, by the
 * largest-remainder method (Hamilton): each part first gets the floor of its exact share, then the
 * units still missing go one each to the parts with the largest remainders; equal remainders go to
 * the lowest index.
 *
 * Guarantees (threat catalogue MNY-01, MNY-03): the parts sum to `total` exactly; each part is
 * within one unit of its exact share; a zero weight gets 0; `allocateInt(-t, w)` is the negation of
 * `allocateInt(t, w)`. Reverts if `weights` is empty, has a negative weight, or is all zeros.
 *
 * @example
 * allocateInt(100, [1, 1, 1]);        // [34, 33, 33]: the spare unit goes to index 0 (tie)
 * allocateInt(-100, [1, 1, 1]);       // [-34, -33, -33]
 * allocateInt(10, [0.5, 0.3, 0.2]);   // [5, 3, 2]
 */
export function allocateInt(total: Int, weights: Decimal[]): Int[] {
  require(weights.length > 0, 'allocate: no weights');
  let weightSum: Decimal = 0;
  for (const w of weights) {
    require(w >= 0, 'allocate: a weight is negative');
    weightSum += w;
  }
  require(weightSum > 0, 'allocate: all weights are zero');

  // Work on the magnitude and restore the sign at the end, so that a negative total (a clawback,
  // a loss allocation) mirrors the positive one exactly instead of depending on the direction in
  // which division truncates.
  const magnitude = abs(total);
  const parts: Int[] = [];
  const remainders: Decimal[] = [];
  const indices: Int[] = [];
  let assigned: Int = 0;
  for (let i = 0; i < weights.length; i++) {
    // exact share = magnitude × w / weightSum; keep the numerator so that remainders are exact
    // multiples of 1 / weightSum and compare without any rounding.
    const numerator: Decimal = magnitude * weights[i];
    const floorShare = toInt(divide(numerator, weightSum, 0, 'floor'), 'down');
    parts.push(floorShare);
    remainders.push(numerator - floorShare * weightSum);
    indices.push(i);
    assigned += floorShare;
  }

  // Fewer than weights.length units are left; hand them out by descending remainder. sortBy is
  // stable, so among equal remainders the lowest index comes first.
  let leftover = magnitude - assigned;
  const byRemainder = sortBy(indices, (i) => -remainders[i]);
  for (const i of byRemainder) {
    if (leftover == 0) {
      break;
    }
    parts[i] = parts[i] + 1;
    leftover -= 1;
  }
  if (total < 0) {
    return parts.map((p) => -p);
  }
  return parts;
}

/**
 * Splits `total` pro rata to `weights` by largest remainder, in minor units of its currency:
 * the parts always sum to `total` exactly, each is within one minor unit of its exact share, ties
 * go to the lowest index, and a negative total mirrors a positive one. Reverts if the weights are
 * empty, negative or all zero.
 *
 * @example
 * allocate(money(100, 'USD'), [1, 1, 1]);            // USD 33.34, 33.33, 33.33
 * allocate(money(1000, 'JPY'), [0.625, 0.375]);      // JPY 625, 375
 */
export function allocate(total: Money, weights: Decimal[]): Money[] {
  const currency = currencyOf(total);
  return allocateInt(minorUnits(total), weights).map((units) => fromMinor(units, currency));
}

/**
 * Splits `total` into `count` equal parts (largest remainder: the first parts get the spare
 * minor units). Reverts unless `count` is at least 1.
 *
 * @example
 * split(money(10, 'USD'), 3);   // USD 3.34, 3.33, 3.33
 */
export function split(total: Money, count: Int): Money[] {
  require(count >= 1, 'split: count must be at least 1');
  const weights: Decimal[] = [];
  for (let i = 0; i < count; i++) {
    weights.push(1);
  }
  return allocate(total, weights);
}

/**
 * The sum of `amounts`, all in `currency` (reverts with `RT_ERR_CURRENCY_MISMATCH` otherwise).
 * Naming the currency makes the sum of an empty list a well-defined zero.
 *
 * @example
 * sum([money(1.5, 'USD'), money(2, 'USD')], 'USD');   // USD 3.50
 * sum([], 'EUR');                                     // EUR 0.00
 */
export function sum(amounts: Money[], currency: string): Money {
  let total = zero(currency);
  for (const a of amounts) {
    total += a;
  }
  return total;
}

/**
 * `percent` % of `amount`, rounded once to the minor unit as `mode` says.
 *
 * @example
 * percentOf(money(1000, 'USD'), 27.5, 'half-even');   // USD 275.00
 */
export function percentOf(amount: Money, percent: Decimal, mode: Rounding): Money {
  // percent × 0.01 is exact in Decimal, so there is only the one rounding inside mulMoney.
  return mulMoney(amount, percent * 0.01, mode);
}

/**
 * `amount × part ÷ whole`, rounded once to the minor unit as `mode` says: the scaling behind
 * "pro rata as to amount" (reinstatement premiums) and "pro rata as to time" (earned premium).
 * Reverts with `RT_ERR_DIVISION_BY_ZERO` if `whole` is zero.
 *
 * @example
 * proRata(money(120000, 'USD'), 2500000, 10000000, 'half-up');   // USD 30,000.00
 * proRata(money(1000, 'USD'), 1, 3, 'half-even');                // USD 333.33
 */
export function proRata(amount: Money, part: Decimal, whole: Decimal, mode: Rounding): Money {
  // Scale the minor units and divide to zero fraction digits: a single rounding, in `mode`.
  const units = toInt(divide(minorUnits(amount) * part, whole, 0, mode), 'down');
  return fromMinor(units, currencyOf(amount));
}

/**
 * Pays claims of equal priority from `available` funds: each due in full if the funds cover their
 * total (the rest of the funds stay with the caller), otherwise all of `available`, shared pro
 * rata to the amounts due by largest remainder, so that no claim is paid more than it is due and
 * the payments sum to `available` exactly. This is the usual waterfall clause "allocated … pro rata
 * based on the amount that would have been distributed" (threat catalogue MNY-04). Reverts if
 * `available` or a due is negative.
 *
 * @example
 * payProRata(money(90, 'EUR'), [money(60, 'EUR'), money(40, 'EUR')]);   // EUR 54.00, 36.00
 * payProRata(money(150, 'EUR'), [money(60, 'EUR'), money(40, 'EUR')]);  // EUR 60.00, 40.00
 */
export function payProRata(available: Money, dues: Money[]): Money[] {
  const currency = currencyOf(available);
  require(available >= zero(currency), 'payProRata: available funds are negative');
  for (const due of dues) {
    require(due >= zero(currency), 'payProRata: an amount due is negative');
  }
  if (available >= sum(dues, currency)) {
    return dues.slice();
  }
  // available < total due, so the total due is positive and the weights are not all zero.
  return allocate(available, dues.map((due) => toDecimal(due)));
}
