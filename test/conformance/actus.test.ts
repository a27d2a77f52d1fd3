/**
 * ACTUS conformance in `npm test`: every case of the official test beds (read at test time from
 * `../shared/conformance/actus/`, never copied) of the contract types implemented so far
 * (`IMPLEMENTED_TYPES` in actus-harness.ts) runs through the standard library's ACTUS modules,
 * compiled once and run in one sandboxed runtime, and must match its expected schedule (same date
 * and type; payoff, notional, rate and accrued interest within 1e-6).
 *
 * Cases of types not yet implemented, and the known failures listed in `KNOWN_FAILURES` (each
 * with its reason), are not asserted here: `npm run conformance` reports every case of every type.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTUS_DIR, ActusHarness, IMPLEMENTED_TYPES, KNOWN_FAILURES, loadCases, testBedsAvailable } from './actus-harness.ts';

const available = testBedsAvailable();
let harness: ActusHarness;

beforeAll(() => {
  if (available) harness = new ActusHarness();
});
afterAll(() => harness?.dispose());

describe('ACTUS test beds (../shared/conformance/actus)', () => {
  it('are present beside the repository', () => {
    expect(available, `ACTUS test beds not found at ${ACTUS_DIR}: the workplace's shared/ directory must sit beside the repository (or set COVENANT_SHARED_DIR)`).toBe(true);
  });

  for (const type of IMPLEMENTED_TYPES) {
    describe(type, () => {
      const cases = available ? loadCases(type) : [];
      for (const c of cases) {
        const known = KNOWN_FAILURES[c.id];
        it(`${c.id}${known !== undefined ? ` (known failure: ${known})` : ''}`, () => {
          const r = harness.run(c);
          if (known !== undefined) return;
          expect(r.problems).toEqual([]);
          expect(r.matched).toBe(r.expected);
        });
      }
    });
  }
});
