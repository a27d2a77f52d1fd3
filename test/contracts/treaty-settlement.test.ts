/**
 * Automatic treaty settlement through real block execution (applyBlock with triggers, on a
 * temp-dir chain store): contracts/settlement/cash-accounts, contracts/reinsurance/quota-share
 * and contracts/reinsurance/treaty-settlement.
 *
 * Scenario: a 40 % quota share (reinsurer A 25 %, B 15 %, 30 % ceding commission, cash loss limit
 * USD 100,000). A claim above the cash loss limit makes both reinsurers' shares cash calls: A's is
 * paid from A's cash account to the cedent in the same block the claim is recorded; B lacks the
 * funds, so B's is recorded as outstanding and paid once B is funded and someone asks. At quarter
 * end the statement balances (premium − commission) are paid to the reinsurers by themselves (in
 * the block after the statements, as events of trigger runs fire one block later). The
 * expected amounts are derived in this file from the treaty's terms in integer cents, not read
 * from the program; total cash equals deposits after every block.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../runtime/index.ts';
import { type ApplyBlockResult, applyBlock, cachedSource } from '../../node/execution/index.ts';
import { type KeyPair, type SignedTx, addressOf, deployAddress, keyPairFromSecretKey } from '../../node/types/index.ts';
import { artifactOf } from './harness.ts';
import { sealedPolicy } from './sealed-policy.ts';
import { BlockChain, type TxBody, at, centsOf, usd } from './block-chain.ts';

const CASH = artifactOf('contracts/settlement/cash-accounts.contract.ts', 'SettlementAccounts');
const QS = artifactOf('contracts/reinsurance/quota-share.contract.ts', 'QuotaShareTreaty');
const AGENT = artifactOf('contracts/reinsurance/treaty-settlement.contract.ts', 'TreatySettlement');

const keys = (n: number): KeyPair => keyPairFromSecretKey(new Uint8Array(32).fill(n));
const CEDENT = keys(11);
const A = keys(12);
const B = keys(13);
const BANK = keys(14);
const addr = (k: KeyPair): string => addressOf(k.publicKey);

// The treaty's terms, in integer cents and basis points, and the rules applied by hand.
const LINE_BP = new Map([[addr(A), 2_500n], [addr(B), 1_500n]]);
const COMMISSION_BP = 3_000n;
const PER_RISK = 100_000_000n; // USD 1,000,000.00
const CASH_CALL = 10_000_000n; // USD 100,000.00
// The shares here divide exactly, so no allocation remainder arises (largest-remainder is tested elsewhere).
const share = (cents: bigint, bp: bigint): bigint => (cents * bp) / 10_000n;

const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());
let chain: BlockChain;
beforeEach(async () => {
  chain = await new BlockChain(runtime, 'settlement-test').open();
});
afterEach(() => chain.close());
const tx = (k: KeyPair, body: TxBody): SignedTx => chain.tx(k, body);
const commit = (txs: SignedTx[], time: bigint): Promise<ApplyBlockResult> => chain.commit(txs, time);
const cents = centsOf;

describe('automatic treaty settlement', () => {
  it('pays cash calls in the claim\'s block, records and later pays a shortfall, pays statement balances at quarter end; cash is conserved', async () => {
    await commit([], at('2026-12-31'));
    const cashDeploy = tx(BANK, { artifact: CASH, args: [addr(BANK)] });
    const cash = deployAddress(cashDeploy as Extract<SignedTx, { kind: 'deploy' }>);
    const qsDeploy = tx(CEDENT, {
      artifact: QS,
      args: [addr(CEDENT), [{ reinsurer: addr(A), line: '0.25' }, { reinsurer: addr(B), line: '0.15' }], '0.3', usd(PER_RISK), usd(500_000_000n), usd(CASH_CALL), '2027-01-01', '2028-01-01'],
    });
    const qs = deployAddress(qsDeploy as Extract<SignedTx, { kind: 'deploy' }>);
    const agentDeploy = tx(CEDENT, { artifact: AGENT, args: [addr(CEDENT), qs, cash] });
    const agent = deployAddress(agentDeploy as Extract<SignedTx, { kind: 'deploy' }>);
    const deposits = new Map([[addr(CEDENT), 100_000_000n], [addr(A), 50_000_000n], [addr(B), 5_000_000n]]);
    await commit([
      cashDeploy, qsDeploy, agentDeploy,
      ...[...deposits].map(([party, amount]) => tx(BANK, { contract: cash, entry: 'deposit', args: [party, usd(amount), 'opening'] })),
      ...[CEDENT, A, B].map((k) => tx(k, { contract: cash, entry: 'grantMandate', args: [agent] })),
    ], at('2027-01-01'));
    const balance = (k: KeyPair): bigint => cents(chain.store.state.get(cash, `m/balances/${addr(k)}/USD`));
    const totalCash = (): bigint => balance(CEDENT) + balance(A) + balance(B);
    let deposited = [...deposits.values()].reduce((a, b) => a + b, 0n);
    expect(totalCash()).toBe(deposited);

    // Premium: ceded = 40 % of gross; commission = 30 % of ceded; both split by line.
    const gross = 10_000_000n;
    const claimGross = 150_000_000n;
    const policy = sealedPolicy(QS, qs, 'P-1', 200_000_000n);
    await commit([
      tx(CEDENT, { contract: qs, entry: 'recordPolicy', args: ['P-1', ...policy.args, '2027-02-01', '2028-02-01'] }),
      tx(CEDENT, { contract: qs, entry: 'recordPremium', args: ['P-1', usd(gross)] }),
    ], at('2027-02-01'));

    // A large claim: recovery = min(gross, per-risk) × line for each reinsurer, both over the cash loss limit.
    // The claim carries the cedent's proof that it is within the sealed sum insured.
    const claimBlock = await commit([tx(CEDENT, { contract: qs, entry: 'recordClaim', args: ['C-1', 'P-1', 'HURRICANE-27', '2027-03-01', usd(claimGross)], proofs: policy.claimProofs(claimGross) })], at('2027-03-02'));
    const recoveryA = share(claimGross < PER_RISK ? claimGross : PER_RISK, LINE_BP.get(addr(A)) as bigint);
    const recoveryB = share(claimGross < PER_RISK ? claimGross : PER_RISK, LINE_BP.get(addr(B)) as bigint);
    expect(recoveryA >= CASH_CALL && recoveryB >= CASH_CALL).toBe(true);
    const runs = claimBlock.receipts.filter((r) => r.trigger !== undefined);
    // The agent's two cash-call runs (and the current account has none here): both in the claim's own block.
    expect(runs.filter((r) => r.trigger?.contract === agent).map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(balance(A)).toBe(50_000_000n - recoveryA);
    expect(balance(B)).toBe(5_000_000n); // B could not pay: nothing moved
    expect(balance(CEDENT)).toBe(100_000_000n + recoveryA);
    const refB = `cash call C-1 ${addr(B)}`;
    expect(JSON.parse(chain.store.state.get(agent, `m/outstanding/${refB}`) as string)).toMatchObject({ kind: 'cash-call', from: addr(B), to: addr(CEDENT), amount: usd(recoveryB), reason: expect.stringContaining('insufficient funds') });
    expect(totalCash()).toBe(deposited);

    // B is funded; anyone (here the cedent) asks the agent to retry; it pays once.
    await commit([tx(BANK, { contract: cash, entry: 'deposit', args: [addr(B), usd(20_000_000n), 'top-up'] })], at('2027-03-10'));
    deposited += 20_000_000n;
    await commit([tx(CEDENT, { contract: agent, entry: 'retry', args: [refB] })], at('2027-03-11'));
    expect(balance(B)).toBe(25_000_000n - recoveryB);
    expect(chain.store.state.get(agent, `m/outstanding/${refB}`)).toBeUndefined();
    const again = await applyBlock({ runtime, source: cachedSource(chain.store), chainId: chain.chainId, height: (chain.store.head?.height ?? 0n) + 1n, time: at('2027-03-12'), prevHash: chain.store.head?.hash ?? '', txs: [tx(CEDENT, { contract: agent, entry: 'retry', args: [refB] })] });
    expect(again.receipts[0]).toMatchObject({ status: 'failed', error: { message: 'nothing outstanding under this reference' } });

    // Quarter end (inception + 3 months): the treaty renders statements (a scheduled trigger); the
    // agent pays their balances in the next block (events of trigger runs fire one block later; a
    // node seals that block by itself).
    const quarter = await commit([], at('2027-04-01'));
    expect(quarter.receipts.filter((r) => r.trigger?.contract === qs).map((r) => r.trigger?.cause)).toEqual(['d:2027-04-01']);
    const following = await commit([], at('2027-04-01') + 1000n);
    const paidRuns = following.receipts.filter((r) => r.trigger?.contract === agent);
    expect(paidRuns.map((r) => r.status)).toEqual(['ok', 'ok']);
    const ceded = (gross * 4_000n) / 10_000n;
    const commission = (ceded * COMMISSION_BP) / 10_000n;
    const dueA = share(gross, 2_500n) - share(share(gross, 2_500n), COMMISSION_BP);
    const dueB = share(gross, 1_500n) - share(share(gross, 1_500n), COMMISSION_BP);
    expect(dueA + dueB).toBe(ceded - commission);
    expect(balance(A)).toBe(50_000_000n - recoveryA + dueA);
    expect(balance(B)).toBe(25_000_000n - recoveryB + dueB);
    expect(balance(CEDENT)).toBe(100_000_000n + recoveryA + recoveryB - dueA - dueB);
    expect(totalCash()).toBe(deposited);
  }, 60_000);
});
