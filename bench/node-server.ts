/**
 * Child process of the end-to-end benchmark: a fresh single-validator node on a temp data
 * directory, RPC on a free loopback port. Prints `URL <ws://…>` once serving; stops on SIGTERM.
 * A separate process so the load generator does not share the node's event loop.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDataDir } from '../node/config.ts';
import { runNodeProcess } from '../node/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'covenant-bench-node-'));
const verifierThreads = Number(process.env['COVENANT_BENCH_VERIFIERS'] ?? '2');
const config = initDataDir(dir, { chainId: 'covenant-bench', genesisTime: BigInt(Date.now()) }, { rpc: { port: 0 }, verifierThreads, mempool: { maxPerAccount: 1_000_000, maxTxs: 1_000_000 } });
try {
  await runNodeProcess(config, { log: () => {}, onStarted: (r) => process.stdout.write(`URL ${r.url}\n`) });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
