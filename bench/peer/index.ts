/**
 * Covenant side by side with an EVM peer (docs/performance.md): the same two workloads — a
 * quota-share claim settlement and an ABS monthly distribution over four note classes — written in
 * the Covenant language (bench/peer/*.contract.ts) and in Solidity (bench/peer/*.sol).
 *
 * 1. Both sides (and a plain-bigint reference model) run the same first calls on fresh deployments
 *    and must produce the same cents: every reinsurer's part, ceded and retained amounts; every
 *    class's interest, principal and balance, fees, reserve, residual and the sequential switch.
 *    A mismatch aborts the bench.
 * 2. Compile time: the Covenant compiler (parse, check, codegen, artifact; stdlib imports included)
 *    vs solc-js (standard JSON to ABI + bytecode; optimizer on, 200 runs — the bytecode executed
 *    below — and off), one workload per compile, medians after warm-up.
 * 3. Execution: calls per second, Covenant runtime (`execute` + diff applied to in-memory state)
 *    vs @ethereumjs/vm `runTx` of pre-signed transactions (sender recovered inside the timed loop,
 *    and, second row, recovered before the clock as a transaction pool does), state committed to
 *    the default in-memory trie. Medians of timed rounds after a warm-up round.
 * Runnable alone: `node --no-node-snapshot --import tsx bench/peer/index.ts [--quick]`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NodeBench } from '../node.ts';
import { COVENANT_SOURCES, compileCovenant, covenantAbs, covenantClaims } from './covenant.ts';
import { EVM_VERSION, SOLIDITY_SOURCES, type SolcOutput, compileSolidity, evmAbs, evmClaims, loadSolc } from './evm.ts';
import { AbsModel, absInput, claimInput, expectedClaim } from './workloads.ts';

export interface PeerCompileRow {
  readonly workload: string;
  readonly covenantSource: string;
  readonly soliditySource: string;
  readonly covenantMs: number;
  readonly solcMs: number;
  readonly solcNoOptimizerMs: number;
  /** solcMs ÷ covenantMs (optimizer on). */
  readonly ratio: number;
  readonly ratioNoOptimizer: number;
}

export interface PeerExecRow {
  readonly workload: string;
  readonly covenantCallsPerSecond: number;
  readonly covenantCpuMicrosPerCall: number;
  readonly covenantGasPerCall: number;
  /** runTx, sender recovered from the signature inside the timed loop. */
  readonly evmCallsPerSecond: number;
  readonly evmCpuMicrosPerCall: number;
  /** runTx, sender recovered before the clock. */
  readonly evmPreRecoveredCallsPerSecond: number;
  /** evm.runCall of the same call data: no transaction (no signature, nonce, fee), state committed. */
  readonly evmMessageCallsPerSecond: number;
  readonly evmGasPerCall: number;
  /** covenantCallsPerSecond ÷ evmCallsPerSecond. */
  readonly ratio: number;
  readonly ratioPreRecovered: number;
  readonly ratioMessageCall: number;
}

export interface PeerBench {
  readonly peer: { readonly solc: string; readonly solcLoadMs: number; readonly evmVersion: string; readonly vm: string; readonly optimizer: string };
  /** Calls checked identical on both sides (and against the reference model) before timing. */
  readonly verified: { readonly claims: number; readonly distributions: number };
  readonly compile: readonly PeerCompileRow[];
  readonly execution: readonly PeerExecRow[];
  readonly rounds: { readonly compile: number; readonly covenantCalls: number; readonly evmCalls: number; readonly timedRounds: number };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const same = (a: readonly bigint[], b: readonly bigint[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Runs `calls` claims and `months` distributions on fresh deployments of both sides; throws on any difference. */
export async function verifyPeer(root: string, calls: number, months: number, compiled?: { claim: SolcOutput; abs: SolcOutput }): Promise<{ claims: number; distributions: number }> {
  const cc = covenantClaims(root);
  const ca = covenantAbs(root);
  try {
    const ec = await evmClaims(compiled?.claim ?? compileSolidity(root, SOLIDITY_SOURCES.claim, true));
    for (let i = 0; i < calls; i++) {
      const input = claimInput(i);
      const c = cc.run(input);
      const e = await ec.run(input);
      const m = expectedClaim(input.grossLoss);
      if (!same(c, e) || !same(c, m)) throw new Error(`peer bench: claim ${input.claimId} differs: covenant ${c.join(' ')}, evm ${e.join(' ')}, model ${m.join(' ')}`);
    }
    const ea = await evmAbs(compiled?.abs ?? compileSolidity(root, SOLIDITY_SOURCES.abs, true));
    const model = new AbsModel();
    for (let i = 0; i < months; i++) {
      const input = absInput(i);
      const c = ca.run(input);
      const e = await ea.run(input);
      const m = model.distribute(input);
      if (!same(c, e) || !same(c, m)) throw new Error(`peer bench: distribution ${i + 1} differs: covenant ${c.join(' ')}, evm ${e.join(' ')}, model ${m.join(' ')}`);
    }
    return { claims: calls, distributions: months };
  } finally {
    cc.dispose();
    ca.dispose();
  }
}

function timeCompile(rounds: number, warm: number, body: () => void): number {
  for (let i = 0; i < warm; i++) body();
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    body();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

interface Rate { callsPerSecond: number; cpuMicrosPerCall: number }

function rate(n: number, wallMs: number, cpu: NodeJS.CpuUsage): Rate {
  return { callsPerSecond: n / (wallMs / 1000), cpuMicrosPerCall: (cpu.user + cpu.system) / n };
}

/** Runs the peer comparison; `quick` uses fewer and shorter rounds (a few seconds in all). */
export async function benchPeer(root: string, quick: boolean): Promise<PeerBench> {
  const t0 = performance.now();
  const solc = loadSolc();
  const solcLoadMs = performance.now() - t0;

  const optimized = { claim: compileSolidity(root, SOLIDITY_SOURCES.claim, true), abs: compileSolidity(root, SOLIDITY_SOURCES.abs, true) };
  const verified = await verifyPeer(root, quick ? 12 : 300, quick ? 34 : 120, optimized);

  // Compile time, one workload per compile.
  const compileRounds = quick ? 3 : 7;
  const compileRows: PeerCompileRow[] = [];
  for (const w of ['claim', 'abs'] as const) {
    const covenantMs = timeCompile(compileRounds * 3, quick ? 3 : 10, () => {
      const r = compileCovenant(root, COVENANT_SOURCES[w]);
      if (r.artifacts.length === 0) throw new Error(`${COVENANT_SOURCES[w]} does not compile`);
    });
    // solc has compiled both sources (optimizer on) before the check above: quick mode warms up no further.
    const solcMs = timeCompile(compileRounds, quick ? 0 : 2, () => compileSolidity(root, SOLIDITY_SOURCES[w], true));
    const solcNoOptimizerMs = timeCompile(compileRounds, quick ? 0 : 1, () => compileSolidity(root, SOLIDITY_SOURCES[w], false));
    compileRows.push({
      workload: w === 'claim' ? 'quota-share claim settlement' : 'ABS monthly distribution (4 classes)',
      covenantSource: COVENANT_SOURCES[w], soliditySource: SOLIDITY_SOURCES[w],
      covenantMs, solcMs, solcNoOptimizerMs, ratio: solcMs / covenantMs, ratioNoOptimizer: solcNoOptimizerMs / covenantMs,
    });
  }

  // Execution throughput.
  const rounds = quick ? 3 : 5;
  const nCov = quick ? 1_000 : 5_000;
  const nEvm = quick ? 25 : 300;
  const execRows: PeerExecRow[] = [];
  for (const w of ['claim', 'abs'] as const) {
    // Covenant: inputs from index 1,000,000 on (fresh claim ids; distributions continue the deal).
    const cov = w === 'claim' ? covenantClaims(root) : covenantAbs(root);
    let covRate: Rate;
    let covGas: number;
    try {
      let next = 0;
      const exec = cov.exec as (input: unknown) => void;
      const input = (i: number): unknown => (w === 'claim' ? claimInput(i, 1) : absInput(i));
      const covRound = (): Rate => {
        const inputs = Array.from({ length: nCov }, () => input(next++));
        const c0 = process.cpuUsage();
        const s = performance.now();
        for (const x of inputs) exec(x);
        return rate(nCov, performance.now() - s, process.cpuUsage(c0));
      };
      covRound(); // warm-up
      const rs = Array.from({ length: rounds }, covRound);
      covRate = { callsPerSecond: median(rs.map((r) => r.callsPerSecond)), cpuMicrosPerCall: median(rs.map((r) => r.cpuMicrosPerCall)) };
      (cov.run as (input: unknown) => unknown)(input(next++));
      covGas = cov.gasUsed();
    } finally {
      cov.dispose();
    }

    const evm = w === 'claim' ? await evmClaims(optimized.claim) : await evmAbs(optimized.abs);
    let next = 0;
    const sign = evm.sign as (inputs: readonly unknown[], recovered: boolean) => Parameters<typeof evm.exec>[0][];
    const input = (i: number): unknown => (w === 'claim' ? claimInput(i, 1) : absInput(i));
    const evmRound = async (recovered: boolean): Promise<Rate> => {
      const txs = sign(Array.from({ length: nEvm }, () => input(next++)), recovered); // signed before the clock
      const c0 = process.cpuUsage();
      const s = performance.now();
      for (const tx of txs) await evm.exec(tx);
      return rate(nEvm, performance.now() - s, process.cpuUsage(c0));
    };
    const callRound = async (): Promise<Rate> => {
      const data = Array.from({ length: nEvm }, () => (evm.encode as (input: unknown) => Uint8Array)(input(next++)));
      const c0 = process.cpuUsage();
      const s = performance.now();
      for (const d of data) await evm.call(d);
      const r = rate(nEvm, performance.now() - s, process.cpuUsage(c0));
      await evm.syncNonce();
      return r;
    };
    await evmRound(false); // warm-up
    const signed: Rate[] = [];
    const pre: Rate[] = [];
    const calls: Rate[] = [];
    for (let r = 0; r < rounds; r++) {
      signed.push(await evmRound(false));
      pre.push(await evmRound(true));
      calls.push(await callRound());
    }
    await (evm.run as (input: unknown) => Promise<unknown>)(input(next++));
    const evmCallsPerSecond = median(signed.map((r) => r.callsPerSecond));
    const evmPreRecoveredCallsPerSecond = median(pre.map((r) => r.callsPerSecond));
    const evmMessageCallsPerSecond = median(calls.map((r) => r.callsPerSecond));
    execRows.push({
      workload: w === 'claim' ? 'quota-share claim settlement' : 'ABS monthly distribution (4 classes)',
      covenantCallsPerSecond: covRate.callsPerSecond, covenantCpuMicrosPerCall: covRate.cpuMicrosPerCall, covenantGasPerCall: covGas,
      evmCallsPerSecond, evmCpuMicrosPerCall: median(signed.map((r) => r.cpuMicrosPerCall)), evmPreRecoveredCallsPerSecond, evmMessageCallsPerSecond, evmGasPerCall: Number(evm.gasUsed()),
      ratio: covRate.callsPerSecond / evmCallsPerSecond, ratioPreRecovered: covRate.callsPerSecond / evmPreRecoveredCallsPerSecond,
      ratioMessageCall: covRate.callsPerSecond / evmMessageCallsPerSecond,
    });
  }

  const vmVersion = (JSON.parse(readFileSync(join(root, 'node_modules/@ethereumjs/vm/package.json'), 'utf8')) as { version: string }).version;
  return {
    peer: { solc: solc.version(), solcLoadMs, evmVersion: EVM_VERSION, vm: `@ethereumjs/vm ${vmVersion} (MerkleStateManager, in-memory trie)`, optimizer: 'on, 200 runs (executed bytecode); compile also timed with it off' },
    verified,
    compile: compileRows,
    execution: execRows,
    rounds: { compile: compileRounds, covenantCalls: nCov, evmCalls: nEvm, timedRounds: rounds },
  };
}

const ratio = (x: number): string => `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
const num = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Prints the side-by-side table; `node` adds the Covenant node's end-to-end figures of the same run. */
export function printPeerBench(p: PeerBench, node?: NodeBench): void {
  console.log(`Covenant vs EVM peer — ${cpus().length} cores, Node ${process.version}; solc ${p.peer.solc} (evm ${p.peer.evmVersion}, optimizer ${p.peer.optimizer.split(';')[0]}), ${p.peer.vm}`);
  console.log(`same results checked first: ${p.verified.claims} claim settlements and ${p.verified.distributions} monthly distributions identical to the cent on both sides and in the reference model`);
  console.log(`solc-js load (WebAssembly, once per process, not in the compile times): ${p.peer.solcLoadMs.toFixed(0)} ms`);
  console.log('');
  console.log(`${'compile (ms, median)'.padEnd(40)} ${'Covenant'.padStart(9)} ${'solc -O'.padStart(9)} ${'ratio'.padStart(7)} ${'solc'.padStart(9)} ${'ratio'.padStart(7)}   target >= 10×`);
  for (const r of p.compile) {
    console.log(`${r.workload.padEnd(40)} ${r.covenantMs.toFixed(2).padStart(9)} ${r.solcMs.toFixed(1).padStart(9)} ${ratio(r.ratio).padStart(7)} ${r.solcNoOptimizerMs.toFixed(1).padStart(9)} ${ratio(r.ratioNoOptimizer).padStart(7)}   ${r.ratio >= 10 ? 'met' : 'not met'}`);
  }
  console.log('');
  console.log(`${'execution (calls/s, median)'.padEnd(40)} ${'Covenant'.padStart(9)} ${'EVM tx'.padStart(8)} ${'ratio'.padStart(6)} ${'EVM pre'.padStart(8)} ${'ratio'.padStart(6)} ${'EVM call'.padStart(8)} ${'ratio'.padStart(6)}   ${'µs cpu/call'.padStart(13)}   target >= 10×`);
  for (const r of p.execution) {
    console.log(`${r.workload.padEnd(40)} ${num(r.covenantCallsPerSecond).padStart(9)} ${num(r.evmCallsPerSecond).padStart(8)} ${ratio(r.ratio).padStart(6)} ${num(r.evmPreRecoveredCallsPerSecond).padStart(8)} ${ratio(r.ratioPreRecovered).padStart(6)} ${num(r.evmMessageCallsPerSecond).padStart(8)} ${ratio(r.ratioMessageCall).padStart(6)}   ${`${r.covenantCpuMicrosPerCall.toFixed(0)} vs ${r.evmCpuMicrosPerCall.toFixed(0)}`.padStart(13)}   ${r.ratio >= 10 ? 'met' : 'not met'}`);
  }
  console.log('  Covenant: runtime.execute + state diff applied in memory (no signature check, no state root, no persistence).');
  console.log('  EVM tx: runTx of a pre-signed tx, sender recovered (ecrecover) in the loop, nonce/balance/fee, state committed to the');
  console.log('  in-memory trie. EVM pre: the same, sender recovered before the clock. EVM call: evm.runCall, no tx at all, state committed.');
  console.log('  µs cpu/call: process CPU time per call (all threads), Covenant vs EVM tx.');
  console.log(`  gas per call (each side's own units): ${p.execution.map((r) => `${r.workload.split(' ')[0]} ${r.covenantGasPerCall} vs ${r.evmGasPerCall}`).join(', ')}`);
  if (node !== undefined) {
    console.log('');
    console.log(`Covenant end to end through the node (same run, bench/node.ts: ledger transfers, signed, over WebSocket, fsynced): ${num(node.tps)} TPS; latency p50 ${node.latencyP50Ms.toFixed(2)} ms, p99 ${node.latencyP99Ms.toFixed(2)} ms. No EVM node in the peer stack: not compared.`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  printPeerBench(await benchPeer(join(import.meta.dirname, '..', '..'), process.argv.includes('--quick')));
}
