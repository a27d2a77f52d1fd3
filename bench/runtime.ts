/**
 * Runtime throughput for `npm run bench`: a ledger transfer (state map reads and writes, an event,
 * money arithmetic; `Ledger.transfer` of test/semantic/cross-contract.contract.ts) executed through
 * `createRuntime().execute`, with and without applying each state diff to an in-memory state,
 * single thread, and the same without state prefetch (`createRuntime({ prefetch: false })`) for
 * comparison. Medians of several rounds after a warm-up; besides wall-clock calls per second each
 * row gives the process CPU time per call (all threads: JIT and GC helpers included), which
 * shared, loaded machines disturb less than wall-clock time.
 * Runnable alone: `node --no-node-snapshot --import tsx bench/runtime.ts [--quick]`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ContractArtifact, compile } from '../compiler/index.ts';
import { type Runtime, createRuntime } from '../runtime/index.ts';
import { MiniChain, addr } from '../test/helpers/runtime-host.ts';

export interface RuntimeBench {
  readonly name: string;
  readonly callsPerSecond: number;
  readonly gasUsed: number;
  /** Median process CPU time (user + system) per call, in µs. */
  readonly cpuMicrosPerCall: number;
}

/** The throughput target of docs/performance.md (contract calls per second on one core). */
export const RUNTIME_TARGET_CALLS_PER_SECOND = 50_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

interface Round {
  readonly callsPerSecond: number;
  readonly cpuMicrosPerCall: number;
}

function timed(n: number, body: (i: number) => void): Round {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) body(i);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { callsPerSecond: n / (wall / 1000), cpuMicrosPerCall: (cpu.user + cpu.system) / n };
}

/** Runs the runtime benchmark; `quick` uses fewer and shorter rounds. */
export function benchRuntime(root: string, quick: boolean): RuntimeBench[] {
  const path = 'test/semantic/cross-contract.contract.ts';
  const compiled = compile({ inputs: [{ path, text: readFileSync(join(root, path), 'utf8') }] });
  const ledger = compiled.artifacts.find((a) => a.contract === 'Ledger') as ContractArtifact;
  const n = quick ? 3_000 : 20_000;
  const rounds = quick ? 3 : 5;
  const parties = 200;
  const amount = { amount: '1.25', currency: 'USD' };
  const L = addr(1, 'c');
  const setUp = (runtime: Runtime): MiniChain => {
    const chain = new MiniChain(runtime);
    chain.deploy(ledger, L);
    for (let i = 0; i < parties; i++) chain.call(L, 'mint', [addr(i + 1), { amount: '1000000.00', currency: 'USD' }]);
    return chain;
  };
  const measure = (name: string, body: (i: number) => void): Omit<RuntimeBench, 'gasUsed'> => {
    timed(n, body); // warm-up
    const rs = Array.from({ length: rounds }, () => timed(n, body));
    return { name, callsPerSecond: median(rs.map((r) => r.callsPerSecond)), cpuMicrosPerCall: median(rs.map((r) => r.cpuMicrosPerCall)) };
  };
  const rows: RuntimeBench[] = [];
  for (const prefetch of [true, false]) {
    const runtime = createRuntime({ prefetch });
    try {
      const chain = setUp(runtime);

      const committed = (i: number): void => {
        const from = (i % parties) + 1;
        const r = chain.call(L, 'transfer', [addr(from), addr(((i * 7) % parties) + 1), amount], { caller: addr(from), gasLimit: 1_000_000 });
        if (r.status !== 'ok') throw new Error(`transfer failed: ${JSON.stringify(r.error)}`);
      };
      const p = chain.params(L, 'entry', 'transfer', [addr(1), addr(2), amount], { caller: addr(1), gasLimit: 1_000_000 });
      const executeOnly = (): void => {
        runtime.execute(p);
      };
      const a = measure(prefetch ? 'ledger transfer, diff applied to state' : 'ledger transfer, diff applied, no prefetch', committed);
      const b = measure(prefetch ? 'ledger transfer, runtime.execute only' : 'ledger transfer, execute only, no prefetch', executeOnly);
      // Gas of the measured call after the rounds (the call counter's text has grown to its final length).
      const gasUsed = runtime.execute(p).gasUsed;
      rows.push({ ...a, gasUsed }, { ...b, gasUsed });
    } finally {
      runtime.dispose();
    }
  }
  return rows;
}

/** One printed line of a row: calls/s, CPU µs/call, gas, ratio to the target. */
export function formatRuntimeRow(r: RuntimeBench): string {
  return `${r.name.padEnd(48)} ${Math.round(r.callsPerSecond).toString().padStart(8)} calls/s ${r.cpuMicrosPerCall.toFixed(1).padStart(6)} µs cpu/call ${String(r.gasUsed).padStart(6)} gas/call   ${(r.callsPerSecond / RUNTIME_TARGET_CALLS_PER_SECOND).toFixed(2)}x target`;
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  console.log(`Runtime (isolated-vm, one thread; target >= ${RUNTIME_TARGET_CALLS_PER_SECOND.toLocaleString('en-US')} calls/s)`);
  for (const r of benchRuntime(join(import.meta.dirname, '..'), process.argv.includes('--quick'))) console.log(formatRuntimeRow(r));
}
