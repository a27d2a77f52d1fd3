/**
 * Automatic excess-of-loss settlement through real block execution: the cedent records a claim
 * on the quota share; the XoL layer (an `@on` trigger) adds the retained loss and works out the
 * recovery and the reinstatement premium; in the next block the layer's settlement agent pays the
 * recovery from the reinsurer's cash account to the cedent and the premium back, by itself. A
 * second loss of the same event is paid when the reinsurer's funds fall short only after a top-up
 * and a retry. Expected amounts are worked out here from the layer's terms in integer cents.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../runtime/index.ts';
import { type KeyPair, addressOf, keyPairFromSecretKey } from '../../node/types/index.ts';
import { artifactOf } from './harness.ts';
import { sealedPolicy } from './sealed-policy.ts';
import { BlockChain, at, centsOf, usd } from './block-chain.ts';

const CASH = artifactOf('contracts/settlement/cash-accounts.contract.ts', 'SettlementAccounts');
const QS = artifactOf('contracts/reinsurance/quota-share.contract.ts', 'QuotaShareTreaty');
const XOL = artifactOf('contracts/reinsurance/excess-of-loss.contract.ts', 'ExcessOfLossLayer');
const AGENT = artifactOf('contracts/reinsurance/layer-settlement.contract.ts', 'LayerSettlement');

const keys = (n: number): KeyPair => keyPairFromSecretKey(new Uint8Array(32).fill(n));
const CEDENT = keys(21);
const QS_RE = keys(22);
const XOL_RE = keys(23);
const BANK = keys(24);
const addr = (k: KeyPair): string => addressOf(k.publicKey);

// Terms, in cents: a 40 % quota share in front, then a per-event layer on the cedent's retention.
const CESSION_BP = 4_000n;
const PER_RISK = 100_000_000n;
const RETENTION = 50_000_000n; // USD 500,000 xs
const LIMIT = 100_000_000n; // USD 1,000,000
const REINSTATEMENTS = 1n;
const DEPOSIT = 10_000_000n; // USD 100,000 deposit premium, reinstated at 100 %, pro rata as to amount

const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());
let chain: BlockChain;
beforeEach(async () => {
  chain = await new BlockChain(runtime, 'layer-test').open();
});
afterEach(() => chain.close());

/** The layer's rules, by hand: retained = gross − 40 % × min(gross, per-risk); in layer = min(max(retained − retention, 0), limit). */
function retained(gross: bigint): bigint {
  return gross - ((gross < PER_RISK ? gross : PER_RISK) * CESSION_BP) / 10_000n;
}
function inLayer(loss: bigint): bigint {
  const over = loss - RETENTION;
  return over <= 0n ? 0n : over < LIMIT ? over : LIMIT;
}

describe('automatic XoL settlement', () => {
  it('pays the recovery and the reinstatement premium the block after the claim, and a shortfall on retry', async () => {
    await chain.commit([], at('2026-12-31'));
    const cash = chain.deploy(BANK, CASH, [addr(BANK)]);
    const qs = chain.deploy(CEDENT, QS, [addr(CEDENT), [{ reinsurer: addr(QS_RE), line: '0.4' }], '0.3', usd(PER_RISK), usd(1_000_000_000n), usd(1_000_000_000n), '2027-01-01', '2028-01-01']);
    const xol = chain.deploy(CEDENT, XOL, [addr(CEDENT), addr(XOL_RE), qs.address, 'per-event', usd(RETENTION), usd(LIMIT), usd(0n), usd(LIMIT * (1n + REINSTATEMENTS)), String(REINSTATEMENTS), '1', usd(DEPOSIT), '2027-01-01', '2028-01-01']);
    const agent = chain.deploy(CEDENT, AGENT, [addr(CEDENT), addr(XOL_RE), xol.address, cash.address]);
    const p1 = sealedPolicy(QS, qs.address, 'P-1', 500_000_000n);
    const p2 = sealedPolicy(QS, qs.address, 'P-2', 500_000_000n);
    await chain.commit([
      cash.tx, qs.tx, xol.tx, agent.tx,
      chain.tx(BANK, { contract: cash.address, entry: 'deposit', args: [addr(CEDENT), usd(50_000_000n), 'opening'] }),
      chain.tx(BANK, { contract: cash.address, entry: 'deposit', args: [addr(XOL_RE), usd(70_000_000n), 'opening'] }),
      chain.tx(CEDENT, { contract: cash.address, entry: 'grantMandate', args: [agent.address] }),
      chain.tx(XOL_RE, { contract: cash.address, entry: 'grantMandate', args: [agent.address] }),
      chain.tx(CEDENT, { contract: qs.address, entry: 'recordPolicy', args: ['P-1', ...p1.args, '2027-01-01', '2028-01-01'] }),
      chain.tx(CEDENT, { contract: qs.address, entry: 'recordPolicy', args: ['P-2', ...p2.args, '2027-01-01', '2028-01-01'] }),
    ], at('2027-01-01'));
    const balance = (k: KeyPair): bigint => centsOf(chain.store.state.get(cash.address, `m/balances/${addr(k)}/USD`));

    // First loss of hurricane H-1: the layer works out recovery and premium in the claim's block.
    const gross1 = 150_000_000n;
    const claim = await chain.commit([chain.tx(CEDENT, { contract: qs.address, entry: 'recordClaim', args: ['C-1', 'P-1', 'H-1', '2027-08-01', usd(gross1)], proofs: p1.claimProofs(gross1) })], at('2027-08-02'));
    expect(claim.receipts.filter((r) => r.trigger?.contract === xol.address).map((r) => r.status)).toEqual(['ok']);
    expect(balance(XOL_RE)).toBe(70_000_000n); // not paid yet: the agent hears the layer's events one block later
    const recovery1 = inLayer(retained(gross1));
    const premium1 = (DEPOSIT * (recovery1 < LIMIT * REINSTATEMENTS ? recovery1 : LIMIT * REINSTATEMENTS)) / LIMIT;
    const paidBlock = await chain.commit([], at('2027-08-02') + 1000n);
    expect(paidBlock.receipts.filter((r) => r.trigger?.contract === agent.address).map((r) => [r.trigger?.handler, r.status])).toEqual([['onRecovery', 'ok'], ['onReinstatement', 'ok']]);
    expect(balance(XOL_RE)).toBe(70_000_000n - recovery1 + premium1);
    expect(balance(CEDENT)).toBe(50_000_000n + recovery1 - premium1);

    // Second loss of the same event: the layer adds it to H-1; the reinsurer cannot pay it all.
    const gross2 = 80_000_000n;
    await chain.commit([chain.tx(CEDENT, { contract: qs.address, entry: 'recordClaim', args: ['C-2', 'P-2', 'H-1', '2027-08-03', usd(gross2)], proofs: p2.claimProofs(gross2) })], at('2027-08-04'));
    const recovery2 = inLayer(retained(gross1) + retained(gross2)) - recovery1;
    expect(recovery2).toBeGreaterThan(70_000_000n - recovery1 + premium1);
    const short = await chain.commit([], at('2027-08-04') + 1000n);
    expect(short.receipts.filter((r) => r.trigger?.handler === 'onRecovery').map((r) => r.status)).toEqual(['ok']);
    const notice = short.receipts.flatMap((r) => r.events).find((e) => e.name === 'LayerPaymentOutstanding')?.data as { reference: string; item: unknown };
    expect(notice.item).toMatchObject({ kind: 'recovery', from: addr(XOL_RE), to: addr(CEDENT), amount: usd(recovery2), reason: expect.stringContaining('insufficient funds') });
    const reference = notice.reference;
    expect(reference).toMatch(/^xol recovery H-1 /);
    expect(JSON.parse(chain.store.state.get(agent.address, `m/outstanding/${reference}`) as string)).toEqual(notice.item);

    // Top-up, retry: paid once; cash is conserved throughout.
    await chain.commit([chain.tx(BANK, { contract: cash.address, entry: 'deposit', args: [addr(XOL_RE), usd(100_000_000n), 'top-up'] })], at('2027-08-10'));
    await chain.commit([chain.tx(XOL_RE, { contract: agent.address, entry: 'retry', args: [reference] })], at('2027-08-11'));
    expect(chain.store.state.get(agent.address, `m/outstanding/${reference}`)).toBeUndefined();
    const premium2 = (DEPOSIT * ((recovery1 + recovery2 < LIMIT * REINSTATEMENTS ? recovery1 + recovery2 : LIMIT * REINSTATEMENTS))) / LIMIT - premium1;
    expect(balance(CEDENT)).toBe(50_000_000n + recovery1 + recovery2 - premium1 - premium2);
    expect(balance(XOL_RE)).toBe(170_000_000n - recovery1 - recovery2 + premium1 + premium2);
    expect(balance(CEDENT) + balance(XOL_RE)).toBe(50_000_000n + 70_000_000n + 100_000_000n);
  }, 60_000);
});
