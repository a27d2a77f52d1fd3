/**
 * End-to-end benchmark through the node: a single validator in a child process (bench/node-server.ts)
 * with LevelDB commits fsynced, signed ledger transfers submitted over WebSocket JSON-RPC by a load
 * generator in this process.
 *
 * - Sustained throughput: N pre-signed transfers from K accounts, sent as JSON-RPC batches over C
 *   connections with a bounded window; TPS = N / (last commit − first send), commits counted from
 *   the `blocks` subscription. The final state is checked (the ledger's call counter = N + …) so
 *   a fast wrong answer cannot pass.
 * - Latency at low load: one transfer at a time, `tx_submit` with `wait: true` (answer after the
 *   durable commit); p50/p99 of the round trip.
 *
 * Signing happens before the clock starts (clients sign, not the node). Printed, never asserted.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { type ContractArtifact, compile } from '../compiler/index.ts';
import { type KeyPair, type SignedTx, addressOf, deployAddress, encodePublicKey, generateKeyPair, signTx, txToJson } from '../node/types/index.ts';

export interface NodeBench {
  readonly tps: number;
  readonly txs: number;
  readonly blocks: number;
  readonly avgBlockTxs: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencySamples: number;
}

const CHAIN = 'covenant-bench';
const FAR = 1n << 40n;

/** A minimal JSON-RPC connection (the bench measures the node, so its own client stays thin). */
class Rpc {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, (msg: { result?: unknown; error?: unknown }) => void>();
  readonly #onNotify: (params: { subscription: string; result: unknown }) => void;
  #id = 0;

  private constructor(ws: WebSocket, onNotify: (p: { subscription: string; result: unknown }) => void) {
    this.#ws = ws;
    this.#onNotify = onNotify;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as unknown;
      for (const m of (Array.isArray(msg) ? msg : [msg]) as { id?: number; method?: string; params?: never; result?: unknown; error?: unknown }[]) {
        if (m.method === 'subscription') this.#onNotify(m.params as unknown as { subscription: string; result: unknown });
        else if (typeof m.id === 'number') {
          const cb = this.#pending.get(m.id);
          this.#pending.delete(m.id);
          cb?.(m);
        }
      }
    });
  }

  static open(url: string, onNotify: (p: { subscription: string; result: unknown }) => void = () => {}): Promise<Rpc> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: 256 * 1024 * 1024 });
      ws.once('open', () => resolve(new Rpc(ws, onNotify)));
      ws.once('error', reject);
    });
  }

  call(method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = ++this.#id;
      this.#pending.set(id, (m) => (m.error === undefined ? resolve(m.result) : reject(new Error(`${method}: ${JSON.stringify(m.error)}`))));
      this.#ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Sends pre-encoded `tx_submit` params as one batch; resolves when every answer is in, rejecting on any error. */
  submitBatch(txJson: readonly string[]): Promise<void> {
    const ids: number[] = [];
    const parts = txJson.map((t) => {
      const id = ++this.#id;
      ids.push(id);
      return `{"jsonrpc":"2.0","id":${id},"method":"tx_submit","params":{"tx":${t}}}`;
    });
    return new Promise((resolve, reject) => {
      let left = ids.length;
      for (const id of ids) {
        this.#pending.set(id, (m) => {
          if (m.error !== undefined) reject(new Error(`tx_submit: ${JSON.stringify(m.error)}`));
          else if (--left === 0) resolve();
        });
      }
      this.#ws.send(`[${parts.join(',')}]`);
    });
  }

  close(): void {
    this.#ws.close();
  }
}

function startServer(root: string): Promise<{ child: ChildProcess; url: string }> {
  const profile = process.env['COVENANT_BENCH_PROFILE'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', process.env['COVENANT_BENCH_PROFILE'] as string];
  const child = spawn(process.execPath, ['--no-node-snapshot', ...profile, '--import', 'tsx', join(root, 'bench/node-server.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith('URL ')) resolve({ child, url: line.slice(4) });
    });
    child.once('exit', (code) => reject(new Error(`bench node exited with code ${code}`)));
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Runs the end-to-end benchmark; `quick` sends fewer transactions. */
export async function benchNode(root: string, quick: boolean): Promise<NodeBench> {
  const path = 'test/semantic/cross-contract.contract.ts';
  const compiled = compile({ inputs: [{ path, text: readFileSync(join(root, path), 'utf8') }] });
  const ledger = compiled.artifacts.find((a) => a.contract === 'Ledger') as ContractArtifact;
  const { child, url } = await startServer(root);
  try {
    const admin = generateKeyPair();
    const nonces = new Map<KeyPair, bigint>();
    const next = (k: KeyPair): bigint => {
      const n = nonces.get(k) ?? 0n;
      nonces.set(k, n + 1n);
      return n;
    };
    const sign = (k: KeyPair, body: { kind: 'call'; contract: string; entry: string; args: unknown[] } | { kind: 'deploy'; artifact: ContractArtifact; args: unknown[] }): SignedTx =>
      signTx({ ...body, chainId: CHAIN, sender: encodePublicKey(k.publicKey), nonce: next(k), expiry: FAR, gasLimit: 1_000_000n } as Parameters<typeof signTx>[0], k.secretKey);

    let committedTxs = 0;
    let blocks = 0;
    let lastCommit = 0;
    const onNotify = (p: { result: unknown }): void => {
      const r = p.result as { txCount: number };
      committedTxs += r.txCount;
      blocks += 1;
      lastCommit = performance.now();
    };
    const main = await Rpc.open(url, onNotify);
    const deploy = sign(admin, { kind: 'deploy', artifact: ledger, args: [] });
    await main.call('tx_submit', { tx: txToJson(deploy), wait: true });
    const L = deployAddress(deploy as Extract<SignedTx, { kind: 'deploy' }>);

    const senders = Array.from({ length: 64 }, () => generateKeyPair());
    const amount = { amount: '1.25', currency: 'USD' };
    for (const s of senders) await main.call('tx_submit', { tx: txToJson(sign(admin, { kind: 'call', contract: L, entry: 'mint', args: [addressOf(s.publicKey), { amount: '1000000.00', currency: 'USD' }] })), wait: true });

    // Latency at low load: one at a time, answered after the durable commit.
    const samples: number[] = [];
    const latencyN = quick ? 100 : 300;
    for (let i = 0; i < latencyN + 20; i++) {
      const s = senders[i % senders.length] as KeyPair;
      const tx = txToJson(sign(s, { kind: 'call', contract: L, entry: 'transfer', args: [addressOf(s.publicKey), addressOf((senders[(i + 1) % senders.length] as KeyPair).publicKey), amount] }));
      const t0 = performance.now();
      await main.call('tx_submit', { tx, wait: true });
      if (i >= 20) samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);

    // Throughput: pre-sign, then send as fast as the window allows.
    const n = quick ? 10_000 : 40_000;
    const payloads: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = senders[i % senders.length] as KeyPair;
      const to = senders[(i * 7 + 3) % senders.length] as KeyPair;
      payloads.push(JSON.stringify(txToJson(sign(s, { kind: 'call', contract: L, entry: 'transfer', args: [addressOf(s.publicKey), addressOf(to.publicKey), amount] }))));
    }
    await main.call('subscribe', { topic: 'blocks' });
    // The server runs a batch whole when fewer than 64 requests are in flight on the connection
    // (docs/rpc.md, Limits): two batches of 50 in flight per connection stay within that rule.
    const connections = 6;
    const batch = 50;
    const windowPerConnection = 2;
    const rpcs = await Promise.all(Array.from({ length: connections }, () => Rpc.open(url)));
    committedTxs = 0;
    blocks = 0;
    // Nonces must arrive in order per account: account i's transactions all go to connection i % C,
    // and each connection keeps its batches in order.
    const perConnection: string[][] = rpcs.map(() => []);
    payloads.forEach((p, i) => (perConnection[(i % senders.length) % connections] as string[]).push(p));
    const t0 = performance.now();
    await Promise.all(
      rpcs.map(async (rpc, c) => {
        const mine = perConnection[c] as string[];
        const inFlight = new Set<Promise<void>>();
        for (let at = 0; at < mine.length; at += batch) {
          const p = rpc.submitBatch(mine.slice(at, at + batch));
          inFlight.add(p);
          void p.then(() => inFlight.delete(p), () => {});
          if (inFlight.size >= windowPerConnection) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
      }),
    );
    while (committedTxs < n) await new Promise((r) => setTimeout(r, 5));
    const seconds = (lastCommit - t0) / 1000;
    const view = (await main.call('contract_view', { address: L, view: 'callCount', args: [] })) as { value: string };
    const expected = latencyN + 20 + n;
    if (view.value !== String(expected)) throw new Error(`bench: the ledger counted ${view.value} transfers, expected ${expected}`);
    for (const r of rpcs) r.close();
    main.close();
    return {
      tps: n / seconds,
      txs: n,
      blocks,
      avgBlockTxs: n / blocks,
      latencyP50Ms: percentile(samples, 0.5),
      latencyP99Ms: percentile(samples, 0.99),
      latencySamples: samples.length,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

// Run alone: node --no-node-snapshot --import tsx bench/node.ts [--quick]
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchNode(join(import.meta.dirname, '..'), process.argv.includes('--quick'));
  console.log(JSON.stringify(r, null, 2));
}
