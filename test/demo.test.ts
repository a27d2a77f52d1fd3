/**
 * `npm run demo` end to end, in-process: a devnet node on a temporary directory, the contracts
 * deployed over WebSocket, a year played with time travel. The demo must exit 0, print the
 * automatic settlements as the node runs them (statements, cash calls, XoL recoveries, twelve
 * waterfall runs) and end with passing conservation checks.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../scripts/demo.ts';

describe('npm run demo', () => {
  it('settles a year of reinsurance and ABS automatically and passes its conservation checks', async () => {
    const lines: string[] = [];
    const started = Date.now();
    const code = await main({ log: (l) => lines.push(l) });
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);

    const auto = (what: string): number => lines.filter((l) => l.includes('⚙ AUTOMATIC') && l.includes(what)).length;
    // Scheduled: four quarterly statements, twelve payment dates, each once.
    expect(auto('Quota share · renderAccounts ← scheduled date')).toBe(4);
    expect(auto('· distribute ← scheduled date')).toBe(12);
    // On events: the current account posts each statement and each cash call; the layers recover.
    expect(auto('Current account · onStatement ← StatementRendered')).toBe(8);
    expect(auto('Current account · onRecovery ← RecoveryDue')).toBeGreaterThan(0);
    expect(auto('XoL layer 1 · onQuotaShareClaim ← ClaimRecorded')).toBeGreaterThan(0);
    expect(auto('XoL layer 2 · onQuotaShareClaim ← ClaimRecorded')).toBeGreaterThan(0);
    expect(out).toMatch(/owes Harbour Mutual a recovery of USD [\d,]+\.\d\d/);
    expect(out).toMatch(/reinstatement premium USD [\d,]+\.\d\d/);
    expect(out).toMatch(/interest-coverage test failed/);

    // Every waterfall run balances on the spot and in the closing table; every check passes.
    expect(lines.filter((l) => /✓ cash in [\d,.]+ = paid out/.test(l))).toHaveLength(12);
    expect(lines.filter((l) => l.endsWith('✓ exact'))).toHaveLength(12);
    expect(out).toContain('Conservation check: PASSED');
    expect(out).not.toContain('✗');
    expect(lines.at(-1)).toMatch(/automatic trigger runs in \d+ blocks; all checks passed/);
  });
});
