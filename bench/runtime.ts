/**
 * Runtime throughput for `npm run bench`: a ledger transfer (state map reads and writes, an event,
 * money arithmetic) executed through `createRuntime().execute`, with and without applying each
 * state diff to an in-memory state, single thread. Medians of several rounds after a warm-up.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ContractArtifact, compile } from '../compiler/index.ts';
import { createRuntime } from '../runtime/index.ts';
import { MiniChain, addr } from '../test/helpers/runtime-host.ts';

export interface RuntimeBench {
  readonly name: string;
  readonly callsPerSecond: number;
  readonly gasUsed: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

/** Runs the runtime benchmark; `quick` uses fewer and shorter rounds. */
export function benchRuntime(root: string, quick: boolean): RuntimeBench[] {
  const path = 'test/semantic/cross-contract.contract.ts';
  const compiled = compile({ inputs: [{ path, text: readFileSync(join(root, path), 'utf8') }] });
  const ledger = compiled.artifacts.find((a) => a.contract === 'Ledger') as ContractArtifact;
  const runtime = createRuntime();
  try {
    const chain = new MiniChain(runtime);
    const L = addr(1, 'c');
    chain.deploy(ledger, L);
    const parties = 200;
    for (let i = 0; i < parties; i++) chain.call(L, 'mint', [addr(i + 1), { amount: '1000000.00', currency: 'USD' }]);
    const amount = { amount: '1.25', currency: 'USD' };
    const n = quick ? 3_000 : 20_000;
    const committed = (): number => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const from = (i % parties) + 1;
        const r = chain.call(L, 'transfer', [addr(from), addr(((i * 7) % parties) + 1), amount], { caller: addr(from), gasLimit: 1_000_000 });
        if (r.status !== 'ok') throw new Error(`transfer failed: ${JSON.stringify(r.error)}`);
      }
      return n / ((performance.now() - t0) / 1000);
    };
    const p = chain.params(L, 'entry', 'transfer', [addr(1), addr(2), amount], { caller: addr(1), gasLimit: 1_000_000 });
    const executeOnly = (): number => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) runtime.execute(p);
      return n / ((performance.now() - t0) / 1000);
    };
    committed();
    executeOnly();
    const rounds = quick ? 3 : 5;
    const a = median(Array.from({ length: rounds }, committed));
    const b = median(Array.from({ length: rounds }, executeOnly));
    const gasUsed = runtime.execute(p).gasUsed;
    return [
      { name: 'ledger transfer, diff applied to state', callsPerSecond: a, gasUsed },
      { name: 'ledger transfer, runtime.execute only', callsPerSecond: b, gasUsed },
    ];
  } finally {
    runtime.dispose();
  }
}

// Runnable alone: `node --no-node-snapshot --import tsx bench/runtime.ts [--quick]`.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const rows = benchRuntime(join(import.meta.dirname, '..'), process.argv.includes('--quick'));
  for (const r of rows) console.log(`${r.name.padEnd(48)} ${Math.round(r.callsPerSecond).toString().padStart(10)} calls/s   ${String(r.gasUsed).padStart(6)} gas/call   ${(r.callsPerSecond / 50_000).toFixed(2)}x target`);
}
