/**
 * `npm run demo` end to end, in-process: a devnet node on a temporary directory, the contracts
 * deployed over WebSocket, a year played with time travel. The demo must exit 0, print the
 * automatic settlements as the node runs them (statements, cash calls paid through the cash
 * accounts in the claim's block, statement balances paid at quarter end, one shortfall recorded
 * and paid on retry, XoL recoveries and reinstatement premiums paid by the layer settlement agents
 * the block after the layer's run (one recovery outstanding and paid on retry), twelve pool period closes each reported to the waterfall,
 * twelve waterfall runs) and end with passing conservation checks.
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
    expect(Date.now() - started).toBeLessThan(60_000);

    const auto = (what: string): number => lines.filter((l) => l.includes('⚙ AUTOMATIC') && l.includes(what)).length;
    // Scheduled: four quarterly statements, twelve pool period closes, twelve payment dates, each once.
    expect(auto('Quota share · renderAccounts ← scheduled date')).toBe(4);
    expect(auto('Loan pool · closePeriod ← scheduled date')).toBe(12);
    expect(auto('· distribute ← scheduled date')).toBe(12);
    // On events: the settlement agent pays cash calls and statement balances; the layers recover.
    expect(auto('Treaty settlement · onRecovery ← RecoveryDue')).toBeGreaterThan(0);
    expect(auto('Treaty settlement · onStatement ← StatementRendered')).toBeGreaterThan(0);
    expect(auto('XoL layer 1 · onQuotaShareClaim ← ClaimRecorded')).toBeGreaterThan(0);
    expect(auto('XoL layer 2 · onQuotaShareClaim ← ClaimRecorded')).toBeGreaterThan(0);
    expect(out).toMatch(/paid: (Atlas|Borealis) Re → Harbour Mutual USD [\d,]+\.\d\d through the cash accounts \(cash call C-\d+ \w+ Re\), in the claim's own block/);
    expect(out).toMatch(/paid: Harbour Mutual → (Atlas|Borealis) Re USD [\d,]+\.\d\d through the cash accounts \(statement \d{4}-\d\d-\d\d \w+ Re\), at quarter end/);
    expect(lines.filter((l) => l.includes('⚠ NOT PAID: Borealis Re → Harbour Mutual'))).toHaveLength(1);
    expect(out).toMatch(/asks the settlement agent to retry "cash call C-\d+ Borealis Re":\n\s+paid: Borealis Re → Harbour Mutual USD [\d,]+\.\d\d through the cash accounts; no longer outstanding/);
    expect(out).toMatch(/owes Harbour Mutual a recovery of USD [\d,]+\.\d\d/);
    expect(out).toMatch(/reinstatement premium USD [\d,]+\.\d\d/);
    // The layer settlement agents: mandates, recoveries and reinstatement premiums paid the block after the layer's run.
    for (const [n, re] of [[1, 'Atlas Re'], [2, 'Cobalt Re']] as const) {
      expect(out).toContain(`Harbour Mutual grants the XoL layer ${n} settlement agent a mandate`);
      expect(out).toContain(`${re} grants the XoL layer ${n} settlement agent a mandate`);
      expect(auto(`XoL layer ${n} settlement · onRecovery ← LayerRecovery`)).toBeGreaterThan(0);
      expect(auto(`XoL layer ${n} settlement · onReinstatement ← ReinstatementPremiumDue`)).toBeGreaterThan(0);
      expect(out).toMatch(new RegExp(`paid: ${re} → Harbour Mutual USD [\\d,]+\\.\\d\\d through the cash accounts \\(xol recovery [\\w-]+ USD [\\d.]+\\), the block after the layer's run`));
      expect(out).toMatch(new RegExp(`paid: Harbour Mutual → ${re} USD [\\d,]+\\.\\d\\d through the cash accounts \\(reinstatement [\\w-]+ USD [\\d.]+\\), reinstatement premium back to the reinsurer`));
    }
    expect(lines.filter((l) => l.includes('⚠ NOT PAID: Cobalt Re → Harbour Mutual'))).toHaveLength(1);
    expect(out).toMatch(/recorded as outstanding by the XoL layer 2 settlement agent/);
    expect(out).toMatch(/asks the XoL layer 2 settlement agent to retry "xol recovery [\w-]+ USD [\d.]+":\n\s+paid: Cobalt Re → Harbour Mutual USD [\d,]+\.\d\d through the cash accounts; no longer outstanding/);
    // The pool: loan-level servicer reports, defaults and recoveries; each close rolls forward.
    expect(out).toMatch(/pool of 80 loans, EUR [\d,]+\.\d\d/);
    for (const t of ['ANN', 'LAM', 'PAM', 'NAM']) expect(out).toMatch(new RegExp(`\\d+ × ACTUS ${t} `));
    expect(lines.filter((l) => /Meridian Servicing reports month \d+ loan by loan/.test(l))).toHaveLength(12);
    expect(out).toMatch(/reported in default \(dealer-group fleet customer\)/);
    expect(out).toMatch(/recovery on charged-off AL-\d+: EUR [\d,]+\.\d\d/);
    expect(lines.filter((l) => /✓ pool [\d,.]+ − principal [\d,.]+ − prepayments [\d,.]+ − defaults [\d,.]+ = [\d,.]+/.test(l))).toHaveLength(12);
    expect(lines.filter((l) => l.includes('→ reported to the waterfall in the same run'))).toHaveLength(12);
    expect(out).toMatch(/interest-coverage test failed/);
    // Statements include cash balances.
    expect(lines.filter((l) => l.includes('= cash balance (balanceOf)'))).toHaveLength(4);
    expect(lines.filter((l) => l.includes('XoL recoveries received'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('XoL recoveries paid to the cedent'))).toHaveLength(2);

    // Every waterfall run balances on the spot and in the closing table; every check passes.
    expect(lines.filter((l) => /✓ cash in [\d,.]+ = paid out/.test(l))).toHaveLength(12);
    expect(lines.filter((l) => l.endsWith('✓ exact'))).toHaveLength(12);
    expect(out).toMatch(/✓ pool: 12\/12 periods closed by themselves and roll forward/);
    expect(out).toMatch(/✓ pool balance\(\) EUR [\d,.]+ = Σ 80 loan balances = the waterfall's pool balance/);
    expect(out).toMatch(/✓ settlement agent: every cash call and statement balance paid through the cash accounts/);
    expect(out).toMatch(/✓ 1 shortfall recorded as outstanding, 1 paid on retry, 0 still outstanding/);
    expect(out).toMatch(/✓ cash USD: totalCash\(\) USD [\d,.]+ = deposits USD [\d,.]+ − withdrawals USD 0\.00/);
    for (const n of [1, 2]) {
      expect(out).toMatch(new RegExp(`✓ XoL layer ${n} settlement: Σ LayerPaid recoveries USD [\\d,.]+ = position\\(\\)\\.recovered, Σ reinstatement premiums USD [\\d,.]+ = position\\(\\)\\.reinstatementPremium = paid\\(\\)`));
      expect(out).toMatch(new RegExp(`✓ XoL layer ${n} settlement: ${n === 2 ? '1 payment' : '0 payments'} recorded as outstanding, ${n === 2 ? 1 : 0} paid on retry, nothing outstanding`));
    }
    expect(out).toMatch(/✓ cash statements above: for each of 4 parties, .* = balanceOf\(\)/);
    expect(out).toMatch(/✓ cash USD: Σ balanceOf\(\) of 4 parties USD [\d,.]+ = totalCash\(\)/);
    expect(out).toContain('Conservation check: PASSED');
    expect(out).not.toContain('✗');
    expect(lines.at(-1)).toMatch(/automatic trigger runs in \d+ blocks; all checks passed/);
  }, 120_000);
});
