/**
 * Automatic settlement through a running node: with no transaction pending, the producer seals a
 * block as soon as a scheduled trigger is due, and devnet time travel (advanceTime) makes a year
 * of monthly payments run in moments, each date once, with receipts findable by id; time travel is
 * refused on a chain that is not a devnet.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../compiler/index.ts';
import { initDataDir, loadConfig } from '../../node/config.ts';
import { CovenantNode } from '../../node/node.ts';
import { type SignedTx, deployAddress, encodePublicKey, signTx } from '../../node/types/index.ts';
import { compileContracts } from '../helpers/runtime-host.ts';
import { tempDir } from './store/fixtures.ts';
import { ALICE, CHAIN } from './types/fixtures.ts';

const { Coupon } = compileContracts(`
export interface Paid extends Event { date: LocalDate; }
@contract
export class Coupon {
  first: LocalDate;
  count: Int = 0;
  constructor(first: LocalDate) { this.first = first; }
  @every('P1M', 'first')
  pay(d: LocalDate): void { this.count += 1; emit<Paid>({ date: d }); }
}
`) as Record<string, ContractArtifact>;

const GENESIS = BigInt(Date.parse('2027-01-01T00:00:00Z'));
let t: ReturnType<typeof tempDir> | undefined;
let node: CovenantNode | undefined;
afterEach(async () => {
  await node?.close();
  node = undefined;
  t?.cleanup();
});

describe('scheduled triggers on a running node', () => {
  it('devnet time travel: a year of monthly coupons runs at once, each date once, without transactions', async () => {
    t = tempDir();
    initDataDir(t.dir, { chainId: CHAIN, genesisTime: GENESIS }, { devnet: true, verifierThreads: 0 });
    let now = GENESIS + 3_600_000n;
    node = await CovenantNode.open(loadConfig(t.dir), { log: () => {}, clock: () => now });
    const dep = signTx({ kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(ALICE.publicKey), nonce: 0n, expiry: 1000n, gasLimit: 2_000_000n, artifact: Coupon as ContractArtifact, args: ['2027-01-31'] }, ALICE.secretKey);
    const address = deployAddress(dep as Extract<SignedTx, { kind: 'deploy' }>);
    const blocks: { height: bigint; triggers: string[] }[] = [];
    node.onCommit((c) => blocks.push({ height: c.block.header.height, triggers: c.receipts.filter((r) => r.trigger !== undefined).map((r) => r.trigger?.cause as string) }));
    await node.waitForTx((await node.submitTx(dep)).txId, 10_000);
    expect(node.getState(address, 's/count')).toBe('"0"');

    now += 1n; // the base clock barely moves; time travel does the rest
    node.advanceTime(BigInt(366 * 86_400_000));
    await expect.poll(() => node?.getState(address, 's/count'), { timeout: 10_000 }).toBe('"12"');
    const causes = blocks.flatMap((b) => b.triggers);
    expect(causes).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31', '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30', '2027-12-31'].map((d) => `d:${d}`));
    // Found by id like a transaction, with what ran and why.
    const block = await node.getBlock(blocks.find((b) => b.triggers.includes('d:2027-12-31'))?.height as bigint);
    const run = block?.receipts.find((r) => r.trigger?.cause === 'd:2027-12-31');
    const found = await node.getTx(run?.txId as string);
    expect(found).toMatchObject({ status: 'committed', receipt: { trigger: { contract: address, handler: 'pay', cause: 'd:2027-12-31' }, status: 'ok' } });
    expect(found !== undefined && 'tx' in found && found.tx !== undefined).toBe(false);
    // Nothing more is due: no further blocks appear.
    const height = node.status().height;
    await new Promise((r) => setTimeout(r, 200));
    expect(node.status().height).toBe(height);
  });

  it('time travel is refused on a chain that is not a devnet', async () => {
    t = tempDir();
    initDataDir(t.dir, { chainId: CHAIN, genesisTime: GENESIS }, { verifierThreads: 0 });
    node = await CovenantNode.open(loadConfig(t.dir), { log: () => {} });
    expect(() => node?.advanceTime(1000n)).toThrow(expect.objectContaining({ code: 'NODE_ERR_UNAVAILABLE' }));
  });
});
