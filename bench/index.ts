/**
 * `npm run bench`: performance figures, printed as numbers (never asserted in tests).
 * Compile throughput of the example contracts (source lines per second, including the standard-
 * library modules they import), runtime calls per second (medians of timed rounds after a warm-up),
 * end-to-end TPS and latency through a node over WebSocket (bench/node.ts), and the side-by-side
 * comparison with an EVM peer (bench/peer/: solc and @ethereumjs/vm on the same workloads, with the
 * node figures of this run; docs/performance.md).
 * `--quick` runs fewer rounds. Results are also written to `bench/results.json`.
 * @module
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { compile } from '../compiler/index.ts';
import { benchNode } from './node.ts';
import { benchPeer, printPeerBench } from './peer/index.ts';
import { benchRuntime } from './runtime.ts';
import { benchStateRoot, printStateRootBench } from './state-root.ts';
import { benchZk } from './zk.ts';
import { benchProofPool } from './proof-pool.ts';

const ROOT = join(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');

function contractFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...contractFiles(`${dir}/${e.name}`));
    else if (e.name.endsWith('.contract.ts')) out.push(`${dir}/${e.name}`);
  }
  return out.sort();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const readFile = (p: string): string | undefined => {
  try {
    return readFileSync(join(ROOT, p), 'utf8');
  } catch {
    return undefined;
  }
};

interface Row { name: string; lines: number; msPerCompile: number; linesPerSecond: number; msParse: number; msCheck: number }

function benchFile(path: string): Row {
  const inputs = [{ path, text: readFileSync(join(ROOT, path), 'utf8') }];
  const first = compile({ inputs, readFile });
  const errors = first.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${path} does not compile: ${errors[0]?.code} ${errors[0]?.message}`);
  const lines = first.files.reduce((n, f) => n + f.lineStarts.length, 0);
  for (let i = 0; i < (quick ? 3 : 10); i++) compile({ inputs, readFile });
  const time = (stopAfter: 'parse' | 'check' | undefined): number => {
    const rounds: number[] = [];
    for (let r = 0; r < (quick ? 3 : 7); r++) {
      const n = quick ? 5 : 20;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) compile(stopAfter === undefined ? { inputs, readFile } : { inputs, readFile, stopAfter });
      rounds.push((performance.now() - t0) / n);
    }
    return median(rounds);
  };
  const ms = time(undefined);
  const msParse = time('parse');
  const msCheck = time('check') - msParse;
  return { name: path, lines, msPerCompile: ms, linesPerSecond: (lines / ms) * 1000, msParse, msCheck };
}

const rows = contractFiles('contracts').map(benchFile);
const totalLines = rows.reduce((n, r) => n + r.lines, 0);
const totalMs = rows.reduce((n, r) => n + r.msPerCompile, 0);
const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };

console.log(`Covenant benchmarks (${quick ? 'quick' : 'full'}) — ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}`);
console.log('');
console.log('Compile throughput (parse + check + codegen + artifact, stdlib imports included; phase columns in ms)');
console.log(`${'contract'.padEnd(48)} ${'lines'.padStart(7)} ${'ms/compile'.padStart(11)} ${'lines/s'.padStart(10)} ${'parse'.padStart(7)} ${'check'.padStart(7)} ${'codegen'.padStart(8)}`);
for (const r of rows) {
  const gen = r.msPerCompile - r.msParse - r.msCheck;
  console.log(`${r.name.padEnd(48)} ${String(r.lines).padStart(7)} ${r.msPerCompile.toFixed(2).padStart(11)} ${Math.round(r.linesPerSecond).toString().padStart(10)} ${r.msParse.toFixed(2).padStart(7)} ${r.msCheck.toFixed(2).padStart(7)} ${gen.toFixed(2).padStart(8)}`);
}
console.log(`${'all contracts'.padEnd(48)} ${String(totalLines).padStart(7)} ${totalMs.toFixed(2).padStart(11)} ${Math.round((totalLines / totalMs) * 1000).toString().padStart(10)}`);

const runtimeRows = benchRuntime(ROOT, quick);
console.log('');
console.log('Runtime (isolated-vm, one thread; target >= 50,000 calls/s)');
for (const r of runtimeRows) {
  console.log(`${r.name.padEnd(48)} ${Math.round(r.callsPerSecond).toString().padStart(10)} calls/s   ${String(r.gasUsed).padStart(6)} gas/call   ${(r.callsPerSecond / 50_000).toFixed(2)}x target`);
}

const stateRootRows = await benchStateRoot({ quick });
console.log('');
printStateRootBench(stateRootRows);

console.log('');
const zkRows = benchZk({ quick });
console.log('');
const proofPoolRows = await benchProofPool({ quick });

const node = await benchNode(ROOT, quick);
console.log('');
console.log('End to end through the node (signed transfers over WebSocket, fsynced commits; targets >= 10,000 TPS, p50 <= 10 ms)');
console.log(`${'sustained throughput'.padEnd(48)} ${Math.round(node.tps).toString().padStart(10)} TPS       ${node.txs} txs in ${node.blocks} blocks (avg ${Math.round(node.avgBlockTxs)}/block)   ${(node.tps / 10_000).toFixed(2)}x target`);
console.log(`${'latency at low load (submit + wait for commit)'.padEnd(48)} ${node.latencyP50Ms.toFixed(2).padStart(10)} ms p50   ${node.latencyP99Ms.toFixed(2)} ms p99 over ${node.latencySamples}   ${(10 / node.latencyP50Ms).toFixed(2)}x target`);

const peerBench = await benchPeer(ROOT, quick);
console.log('');
printPeerBench(peerBench, node);
const peer = { ...peerBench, covenantNode: { tps: node.tps, latencyP50Ms: node.latencyP50Ms, latencyP99Ms: node.latencyP99Ms, workload: 'ledger transfer (bench/node.ts)' } };

writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine, compile: rows, runtime: runtimeRows, stateRoot: stateRootRows, zk: zkRows, proofPool: proofPoolRows, node, peer }, null, 2)}\n`);
