/**
 * Child of node-crash.test.ts: opens a CovenantNode on the data directory given as argv[2]
 * (initialising it on first run), deploys a counter on first run, then submits `add(1)` calls
 * in pipelined rounds forever, printing what is durable:
 *   `start <n> <nonce>`  the counter and the account's next nonce as found at start
 *   `ack <total>`        every add up to this many (counted across runs) is committed
 * It is killed with SIGKILL at a random moment.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../compiler/index.ts';
import { initDataDir, loadConfig } from '../../node/config.ts';
import { CovenantNode } from '../../node/node.ts';
import { addressOf, deployAddress, encodePublicKey, keyPairFromSecretKey, signTx, type SignedTx } from '../../node/types/index.ts';

const dir = process.argv[2] as string;
const CHAIN = 'crash-test';
const keys = keyPairFromSecretKey(new Uint8Array(32).fill(7));
const sender = encodePublicKey(keys.publicKey);
const account = addressOf(keys.publicKey);
const source = `
@contract
export class Counter {
  n: Int = 0;
  @entry
  add(k: Int): void { this.n += k; }
  @view
  get(): Int { return this.n; }
}
`;
const artifact = compile({ inputs: [{ path: 'counter.contract.ts', text: source }] }).artifacts[0];
if (artifact === undefined) throw new Error('counter does not compile');
if (!existsSync(join(dir, 'genesis.json'))) initDataDir(dir, { chainId: CHAIN, genesisTime: 1_800_000_000_000n }, { verifierThreads: 1 });
const node = await CovenantNode.open(loadConfig(dir), { log: () => {} });
const deploy = signTx({ kind: 'deploy', chainId: CHAIN, sender, nonce: 0n, expiry: 1n << 40n, gasLimit: 2_000_000n, artifact, args: [] }, keys.secretKey);
const contract = deployAddress(deploy as Extract<SignedTx, { kind: 'deploy' }>);
let nonce = node.nextNonce(account);
if (nonce === 0n) {
  await node.waitForTx((await node.submitTx(deploy)).txId, 10_000);
  nonce = 1n;
}
const n = node.callView({ contract, view: 'get', args: [] }).value as string;
process.stdout.write(`start ${n} ${nonce}\n`);
for (;;) {
  const txs = Array.from({ length: 40 }, () => signTx({ kind: 'call', chainId: CHAIN, sender, nonce: nonce++, expiry: 1n << 40n, gasLimit: 100_000n, contract, entry: 'add', args: ['1'] }, keys.secretKey));
  const outcomes = await Promise.all(txs.map((tx) => node.submitTx(tx)));
  await Promise.all(outcomes.map((o) => node.waitForTx(o.txId, 10_000)));
  // Every add so far is committed: the count of adds is nonce - 1 (nonce 0 deployed).
  process.stdout.write(`ack ${nonce - 1n}\n`);
}
