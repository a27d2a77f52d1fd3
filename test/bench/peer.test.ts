/**
 * The EVM peer comparison (bench/peer, docs/performance.md) compares like with like only if both
 * sides compute the same thing: the Covenant contracts in the sandbox, the Solidity contracts on
 * @ethereumjs/vm and a plain-bigint reference model must agree to the cent on every ceded part and
 * every tranche payment. The ABS run covers shortfalls, reserve draws, pro rata principal and the
 * switch to sequential principal (month 31, after the default spike of month 30).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { covenantAbs, covenantClaims } from '../../bench/peer/covenant.ts';
import { SOLIDITY_SOURCES, compileSolidity, evmAbs, evmClaims } from '../../bench/peer/evm.ts';
import { AbsModel, absInput, claimInput, expectedClaim, largestRemainder, mulHalfEven } from '../../bench/peer/workloads.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('EVM peer workloads', () => {
  it('the reference rounding and split behave as the Covenant stdlib documents', () => {
    expect(mulHalfEven(5n, 1n, 2n)).toBe(2n); // 2.5 → 2
    expect(mulHalfEven(7n, 1n, 2n)).toBe(4n); // 3.5 → 4
    expect(largestRemainder(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(largestRemainder(10_000n, [2125n, 1375n, 833n])).toEqual([4904n, 3173n, 1923n]);
  });

  it('claim settlement: Covenant, EVM and the model give the same parts, ceded and retained amounts', async () => {
    const cov = covenantClaims(ROOT);
    try {
      const evm = await evmClaims(compileSolidity(ROOT, SOLIDITY_SOURCES.claim, true));
      for (let i = 0; i < 20; i++) {
        const input = claimInput(i);
        const c = cov.run(input);
        expect(c).toEqual(expectedClaim(input.grossLoss));
        expect(await evm.run(input)).toEqual(c);
      }
    } finally {
      cov.dispose();
    }
  });

  it('ABS distribution: Covenant, EVM and the model pay every class the same, pro rata then sequential', async () => {
    const cov = covenantAbs(ROOT);
    try {
      const evm = await evmAbs(compileSolidity(ROOT, SOLIDITY_SOURCES.abs, true));
      const model = new AbsModel();
      const switched: bigint[] = [];
      for (let i = 0; i < 34; i++) {
        const input = absInput(i);
        const c = cov.run(input);
        expect(c).toEqual(model.distribute(input));
        expect(await evm.run(input)).toEqual(c);
        switched.push(c[c.length - 1] as bigint);
      }
      // Pro rata first, sequential for good once the over-collateralisation test fails.
      expect(switched.slice(0, 30).every((s) => s === 0n)).toBe(true);
      expect(switched.slice(31).every((s) => s === 1n)).toBe(true);
    } finally {
      cov.dispose();
    }
  });
});
