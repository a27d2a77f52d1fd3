/**
 * Pro-rata allocation by largest remainder (`allocate` of @covenant/std/money), the property the
 * contracts rely on when they split premiums, recoveries, fees and principal: permutation
 * invariance. test/stdlib/money.test.ts already checks the other guarantees (parts sum to the total,
 * zero weight gets zero, negative mirrors positive, agreement with a reference model); this file
 * adds, with fast-check:
 *
 * - listing the parties in another order moves each party's part by at most one minor unit, and
 *   not at all unless two exact remainders tie (ties go to the lowest index, by design);
 * - allocating in a canonical order (sorted by party key, as the treaties do by iterating a Map)
 *   gives each party exactly the same part whatever order the parties were listed in;
 * - sum and mirror still hold for every permutation.
 * Does NOT re-test payProRata (money.test.ts does).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.ts';
import { TestChain } from '../helpers/run-artifact.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const PROBE = `
import { allocate } from '@covenant/std/money';

@contract
export class AllocationProbe {
  @view
  split(total: Money, weights: Decimal[]): Money[] { return allocate(total, weights); }

  /** Parties keyed by name: a Map iterates in ascending key order, whatever the input order. */
  @view
  splitByParty(total: Money, parties: string[], weights: Decimal[]): Money[] {
    const byParty: Map<string, Decimal> = new Map();
    for (let i = 0; i < parties.length; i++) {
      byParty.set(parties[i], weights[i]);
    }
    const parts = allocate(total, byParty.values());
    const keys = byParty.keys();
    const out: Money[] = [];
    for (const p of parties) {
      out.push(parts[keys.indexOf(p)]);
    }
    return out;
  }
}
`;

let chain: TestChain;
let probe: string;

beforeAll(() => {
  const r = compile({
    inputs: [{ path: 'test/contracts/allocation-probe.contract.ts', text: PROBE }],
    readFile: (p) => {
      try {
        return readFileSync(join(ROOT, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  expect(r.diagnostics).toEqual([]);
  chain = new TestChain();
  probe = chain.deploy(r.artifacts[0]!).address;
});
afterAll(() => chain.dispose());

const usd = (units: bigint) => ({ amount: `${units < 0n ? '-' : ''}${(units < 0n ? -units : units) / 100n}.${((units < 0n ? -units : units) % 100n).toString().padStart(2, '0')}`, currency: 'USD' });
const units = (m: unknown): bigint => BigInt((m as { amount: string }).amount.replace('.', ''));

function split(total: bigint, weights: bigint[]): bigint[] {
  const r = chain.view(probe, 'split', [usd(total), weights.map(String)]);
  expect(r.error).toBeUndefined();
  return (r.value as unknown[]).map(units);
}

/** A permutation of 0..n-1 from random sort keys. */
const permutationArb = (n: number) => fc.array(fc.integer(), { minLength: n, maxLength: n }).map((keys) => keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[1]));

const caseArb = fc.integer({ min: 1, max: 7 }).chain((n) => fc.record({
  total: fc.oneof(fc.bigInt({ min: -(10n ** 10n), max: 10n ** 10n }), fc.constantFrom(0n, 1n, -1n, 2n, 100n)),
  // Small weights make exact ties between remainders frequent.
  weights: fc.array(fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: 10n ** 6n })), { minLength: n, maxLength: n }),
  perm: permutationArb(n),
}));

describe('allocate: permutation invariance', () => {
  it('moves a party by at most one minor unit when the list is reordered, and only on a tie', () => {
    let ties = 0;
    fc.assert(
      fc.property(caseArb, ({ total, weights, perm }) => {
        fc.pre(weights.some((w) => w > 0n));
        const base = split(total, weights);
        const permuted = split(total, perm.map((i) => weights[i] as bigint));
        // permuted[j] is the part of party perm[j].
        const back: bigint[] = new Array(weights.length);
        perm.forEach((i, j) => { back[i] = permuted[j] as bigint; });
        expect(back.reduce((a, b) => a + b, 0n)).toBe(total);
        const sumW = weights.reduce((a, b) => a + b, 0n);
        const mag = total < 0n ? -total : total;
        const rems = weights.map((w) => (mag * w) % sumW);
        const tied = rems.some((r, i) => r > 0n && rems.some((s, j) => j !== i && s === r));
        if (tied) ties++;
        base.forEach((p, i) => {
          const diff = p - (back[i] as bigint);
          expect(diff >= -1n && diff <= 1n).toBe(true);
          if (!tied) expect(diff).toBe(0n);
          if (weights[i] === 0n) expect(p).toBe(0n);
        });
        // Mirror: the negated total gives the negated parts, in any order.
        expect(split(-total, perm.map((i) => weights[i] as bigint))).toEqual(permuted.map((p) => -p));
      }),
      { numRuns: 200 },
    );
    expect(ties).toBeGreaterThan(0);
  });

  it('gives each party exactly the same part whatever the listing order, once allocated in key order', () => {
    fc.assert(
      fc.property(caseArb, ({ total, weights, perm }) => {
        fc.pre(weights.some((w) => w > 0n));
        const parties = weights.map((_, i) => `party-${String.fromCharCode(97 + ((i * 5) % 7))}${i}`);
        const a = chain.view(probe, 'splitByParty', [usd(total), parties, weights.map(String)]).value as unknown[];
        const b = chain.view(probe, 'splitByParty', [usd(total), perm.map((i) => parties[i]), perm.map((i) => String(weights[i]))]).value as unknown[];
        const byParty = new Map(perm.map((i, j) => [parties[i], units(b[j])]));
        parties.forEach((p, i) => expect(byParty.get(p)).toBe(units(a[i])));
        expect(a.map(units).reduce((x, y) => x + y, 0n)).toBe(total);
      }),
      { numRuns: 150 },
    );
  });

  it('breaks a tie toward the first listed: USD 1.00 over three equal lines is 0.34, 0.33, 0.33', () => {
    // 100 cents × 1/3 = 33 rem 1 for each party; the one spare cent goes to index 0.
    expect(split(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(split(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });
});
