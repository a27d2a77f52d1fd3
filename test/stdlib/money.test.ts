/**
 * Behaviour of the standard modules written in Covenant (`@covenant/std/money`,
 * `@covenant/std/dates`), compiled by the real compiler and run in isolated-vm through the test
 * host: a probe contract exposes each function as a view. Allocation is checked against a
 * reference model of the largest-remainder method (threat catalogue MNY-01, MNY-03, MNY-04).
 * Does NOT test the prelude's built-ins themselves (test/compiler/prelude.test.ts does).
 * @module
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, TestChain } from '../helpers/run-artifact.ts';
import { deployProbe } from './probe.ts';


const PROBE = `
import { allocate, allocateInt, payProRata, percentOf, proRata, split, sum } from '@covenant/std/money';
import { accrue, dayCount, type DayCount } from '@covenant/std/dates';

type Mode = 'half-up' | 'half-even' | 'half-down' | 'floor' | 'ceiling' | 'down' | 'up';

@contract
export class StdlibProbe {
  @view
  doAllocate(total: Money, weights: Decimal[]): Money[] { return allocate(total, weights); }
  @view
  doAllocateInt(total: Int, weights: Decimal[]): Int[] { return allocateInt(total, weights); }
  @view
  doSplit(total: Money, count: Int): Money[] { return split(total, count); }
  @view
  doSum(amounts: Money[], currency: string): Money { return sum(amounts, currency); }
  @view
  doPercentOf(amount: Money, percent: Decimal, mode: Mode): Money { return percentOf(amount, percent, mode); }
  @view
  doProRata(amount: Money, part: Decimal, whole: Decimal, mode: Mode): Money { return proRata(amount, part, whole, mode); }
  @view
  doPayProRata(available: Money, dues: Money[]): Money[] { return payProRata(available, dues); }
  @view
  doDayCount(start: LocalDate, end: LocalDate, convention: DayCount): Int { return dayCount(start, end, convention); }
  @view
  doAccrue(balance: Money, rate: Decimal, start: LocalDate, end: LocalDate, convention: DayCount, mode: Mode): Money {
    return accrue(balance, rate, start, end, convention, mode);
  }
}
`;

let chain: TestChain;
let probe: string;

beforeAll(() => {
  ({ chain, address: probe } = deployProbe('test/stdlib/probe.contract.ts', PROBE));
});

afterAll(() => chain?.dispose());

function view(name: string, ...args: unknown[]): CallResult {
  return chain.view(probe, name, args);
}

function ok(name: string, ...args: unknown[]): unknown {
  const r = view(name, ...args);
  expect(r.error, `${name}(${JSON.stringify(args)})`).toBeUndefined();
  return r.value;
}

const usd = (amount: string): unknown => ({ amount, currency: 'USD' });
const eur = (amount: string): unknown => ({ amount, currency: 'EUR' });

/** EUR amount of `units` cents (non-negative), in the ABI's exact two-decimal form. */
function eurUnits(units: bigint): unknown {
  const digits = units.toString().padStart(3, '0');
  return eur(`${digits.slice(0, -2)}.${digits.slice(-2)}`);
}

/** Canonical decimal text of coefficient/10^scale, as the ABI wants it ("1.5", "0", "-2"). */
function decimalText(coefficient: bigint, scale: number): string {
  const neg = coefficient < 0n;
  const digits = (neg ? -coefficient : coefficient).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return neg && body !== '0' ? `-${body}` : body;
}

/** Reference largest-remainder allocation (Hamilton), ties to the lowest index, sign mirrored. */
function referenceAllocate(total: bigint, weights: readonly { c: bigint; s: number }[]): bigint[] {
  const scale = Math.max(...weights.map((w) => w.s));
  const w = weights.map((x) => x.c * 10n ** BigInt(scale - x.s));
  const sumW = w.reduce((a, b) => a + b, 0n);
  const mag = total < 0n ? -total : total;
  const floors = w.map((x) => (mag * x) / sumW);
  const rems = w.map((x, i) => mag * x - (floors[i] as bigint) * sumW);
  let left = mag - floors.reduce((a, b) => a + b, 0n);
  const order = rems.map((r, i) => [r, i] as const).sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] > b[0] ? -1 : 1));
  const parts = [...floors];
  for (const [, i] of order) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return total < 0n ? parts.map((p) => -p) : parts;
}

const weightArb = fc.record({
  c: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.constant(10n ** 24n)),
  s: fc.integer({ min: 0, max: 4 }),
});
const totalArb = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, 2n, 10n ** 30n, -(10n ** 30n)),
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
);

describe('allocateInt() and allocate()', () => {
  it('MNY-01/03: matches the largest-remainder model for random totals and weights', () => {
    fc.assert(
      fc.property(totalArb, fc.array(weightArb, { minLength: 1, maxLength: 7 }), (total, weights) => {
        fc.pre(weights.some((w) => w.c > 0n));
        const got = ok('doAllocateInt', total.toString(), weights.map((w) => decimalText(w.c, w.s))) as string[];
        const parts = got.map((x) => BigInt(x));
        expect(parts).toEqual(referenceAllocate(total, weights));
        // The guarantees stated in the docs, checked directly as well.
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        weights.forEach((w, i) => { if (w.c === 0n) expect(parts[i]).toBe(0n); });
        const negated = (ok('doAllocateInt', (-total).toString(), weights.map((w) => decimalText(w.c, w.s))) as string[]).map((x) => BigInt(x));
        expect(negated).toEqual(parts.map((p) => -p));
      }),
      { numRuns: 150 },
    );
  });

  it('gives a tie to the lowest index', () => {
    expect(ok('doAllocateInt', '100', ['1', '1', '1'])).toEqual(['34', '33', '33']);
    expect(ok('doAllocateInt', '2', ['1', '1', '1', '1'])).toEqual(['1', '1', '0', '0']);
    expect(ok('doAllocateInt', '-2', ['1', '1', '1', '1'])).toEqual(['-1', '-1', '0', '0']);
    expect(ok('doAllocateInt', '1', ['0', '1', '1'])).toEqual(['0', '1', '0']);
  });

  it('splits money in minor units of its currency, whatever the exponent', () => {
    expect(ok('doAllocate', usd('100.00'), ['1', '1', '1'])).toEqual([usd('33.34'), usd('33.33'), usd('33.33')]);
    expect(ok('doAllocate', usd('-100.00'), ['1', '1', '1'])).toEqual([usd('-33.34'), usd('-33.33'), usd('-33.33')]);
    expect(ok('doAllocate', { amount: '1000', currency: 'JPY' }, ['0.625', '0.375'])).toEqual([
      { amount: '625', currency: 'JPY' }, { amount: '375', currency: 'JPY' },
    ]);
    expect(ok('doAllocate', { amount: '1.000', currency: 'BHD' }, ['1', '2'])).toEqual([
      { amount: '0.333', currency: 'BHD' }, { amount: '0.667', currency: 'BHD' },   // 666.67 has the larger remainder
    ]);
    expect(ok('doSplit', usd('10.00'), '3')).toEqual([usd('3.34'), usd('3.33'), usd('3.33')]);
  });

  it('reverts on empty, negative or all-zero weights', () => {
    for (const weights of [[], ['0', '0'], ['1', '-1']]) {
      expect(view('doAllocateInt', '10', weights).error?.code, JSON.stringify(weights)).toBe('RT_ERR_REQUIRE_FAILED');
    }
    expect(view('doSplit', usd('1.00'), '0').error?.code).toBe('RT_ERR_REQUIRE_FAILED');
  });
});

describe('payProRata()', () => {
  const amountArb = fc.bigInt({ min: 0n, max: 10n ** 9n });

  it('MNY-04: pays dues in full when funds suffice, else shares exactly the funds, never more than due', () => {
    fc.assert(
      fc.property(amountArb, fc.array(amountArb, { minLength: 1, maxLength: 5 }), (available, dues) => {
        const got = (ok('doPayProRata', eurUnits(available), dues.map(eurUnits)) as { amount: string }[]).map((m) => BigInt(m.amount.replace('.', '')));
        const totalDue = dues.reduce((a, b) => a + b, 0n);
        const paid = got.reduce((a, b) => a + b, 0n);
        expect(paid).toBe(available < totalDue ? available : totalDue);
        got.forEach((p, i) => expect(p <= (dues[i] as bigint)).toBe(true));
        if (available >= totalDue) expect(got).toEqual(dues);
      }),
      { numRuns: 100 },
    );
  });

  it('shares a shortfall pro rata and rejects negative inputs', () => {
    expect(ok('doPayProRata', eur('90.00'), [eur('60.00'), eur('40.00')])).toEqual([eur('54.00'), eur('36.00')]);
    expect(ok('doPayProRata', eur('150.00'), [eur('60.00'), eur('40.00')])).toEqual([eur('60.00'), eur('40.00')]);
    expect(view('doPayProRata', eur('-1.00'), [eur('1.00')]).error?.code).toBe('RT_ERR_REQUIRE_FAILED');
    expect(view('doPayProRata', eur('1.00'), [eur('-1.00')]).error?.code).toBe('RT_ERR_REQUIRE_FAILED');
  });

  it('refuses dues in another currency', () => {
    expect(view('doPayProRata', eur('10.00'), [usd('5.00')]).error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
  });
});

describe('sum(), percentOf(), proRata()', () => {
  it('sums one currency, with a defined zero for an empty list', () => {
    expect(ok('doSum', [usd('1.50'), usd('2.00')], 'USD')).toEqual(usd('3.50'));
    expect(ok('doSum', [], 'EUR')).toEqual(eur('0.00'));
    expect(view('doSum', [usd('1.50'), eur('2.00')], 'USD').error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
  });

  it('rounds once, in the mode asked for', () => {
    expect(ok('doPercentOf', usd('1000.00'), '27.5', 'half-even')).toEqual(usd('275.00'));
    expect(ok('doPercentOf', usd('0.01'), '37.5', 'half-even')).toEqual(usd('0.00'));
    expect(ok('doPercentOf', usd('0.01'), '50', 'half-up')).toEqual(usd('0.01'));
    expect(ok('doPercentOf', usd('0.01'), '50', 'half-even')).toEqual(usd('0.00'));
    expect(ok('doProRata', usd('1000.00'), '1', '3', 'half-even')).toEqual(usd('333.33'));
    expect(ok('doProRata', usd('1000.00'), '1', '3', 'up')).toEqual(usd('333.34'));
    expect(ok('doProRata', usd('-1000.00'), '1', '3', 'floor')).toEqual(usd('-333.34'));
    expect(ok('doProRata', usd('120000.00'), '2500000', '10000000', 'half-up')).toEqual(usd('30000.00'));
    expect(view('doProRata', usd('1.00'), '1', '0', 'half-up').error?.code).toBe('RT_ERR_DIVISION_BY_ZERO');
  });
});

describe('@covenant/std/dates', () => {
  it('counts days by the 2006 ISDA conventions', () => {
    const cases: [string, string, string, string][] = [
      ['2027-01-31', '2027-02-28', 'ACT/360', '28'],
      ['2027-01-31', '2027-02-28', '30/360', '28'],
      ['2027-01-31', '2027-03-31', '30/360', '60'],
      ['2027-01-30', '2027-03-31', '30/360', '60'],
      ['2027-02-28', '2027-03-31', '30/360', '33'],
      ['2027-02-28', '2027-03-31', '30E/360', '32'],
      ['2028-01-01', '2029-01-01', 'ACT/365F', '366'],
      ['2027-03-31', '2027-01-31', '30/360', '-60'],
    ];
    for (const [start, end, convention, days] of cases) {
      expect(ok('doDayCount', start, end, convention), `${start} → ${end} ${convention}`).toBe(days);
    }
  });

  it('accrues simple interest with one rounding', () => {
    expect(ok('doAccrue', eur('1000000.00'), '0.045', '2027-01-15', '2027-04-15', 'ACT/360', 'half-even')).toEqual(eur('11250.00'));
    expect(ok('doAccrue', eur('1000.00'), '0.05', '2027-01-01', '2027-01-02', 'ACT/365F', 'half-even')).toEqual(eur('0.14'));
    expect(ok('doAccrue', eur('1000.00'), '0.05', '2027-01-01', '2027-01-02', 'ACT/365F', 'up')).toEqual(eur('0.14'));
    expect(ok('doAccrue', eur('1000.00'), '0.05', '2027-01-01', '2027-01-02', 'ACT/365F', 'down')).toEqual(eur('0.13'));
  });
});
