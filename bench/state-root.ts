/**
 * State-root benchmark: the chain store's incremental state tree (node/types/state-tree.ts) on a
 * large state. Measures the per-block root update (`ChainStore.stateRoot(pending)` for N changed
 * keys, a mix of overwrites, inserts and deletes, on an M-key state), the same diff committed with
 * `saveBlock` (tree part only is reused from the prediction, so this is mostly the LevelDB batch),
 * a from-scratch rebuild of the tree for comparison, and `openChainStore` on M keys (LevelDB scan,
 * key index and tree build). Medians of several rounds; numbers are printed, never asserted.
 *
 * Run alone: `node --import tsx bench/state-root.ts [--quick]`. It does NOT touch bench/index.ts or
 * bench/results.json.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { StateDiffEntry } from '../runtime/index.ts';
import { type ChainStore, type Head, openChainStore } from '../node/store/index.ts';
import { GENESIS_PREV_HASH, blockHash, buildStateTree, receiptRoot, stateTreeUpdates, txRoot } from '../node/types/index.ts';

/** One measured figure. */
export interface StateRootBenchRow {
  readonly name: string;
  /** Keys in committed state. */
  readonly stateKeys: number;
  /** Changed keys per block (0 for whole-state figures). */
  readonly changedKeys: number;
  /** Median milliseconds. */
  readonly ms: number;
}

/** Options of {@link benchStateRoot}. */
export interface StateRootBenchParameters {
  /** Keys in the state (default 200,000; 50,000 when `quick`). */
  readonly stateKeys?: number;
  /** Changed keys per block to measure (default 100, 1,000 and 10,000). */
  readonly changedKeys?: readonly number[];
  readonly quick?: boolean;
}

const CONTRACTS = 100;

function address(i: number): string {
  return (i + 1).toString(16).padStart(40, '0');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function header(prev: Head | undefined): { block: { header: Parameters<typeof blockHash>[0]; txs: [] }; head: Head } {
  const height = prev === undefined ? 0n : prev.height + 1n;
  const h = { chainId: 'bench', height, time: 1_798_761_600_000n + height, prevHash: prev?.hash ?? GENESIS_PREV_HASH, txRoot: txRoot([]), receiptRoot: receiptRoot([]), stateRoot: '0'.repeat(64) };
  return { block: { header: h, txs: [] }, head: { height, hash: blockHash(h) } };
}

async function commit(store: ChainStore, diff: readonly StateDiffEntry[]): Promise<void> {
  const { block, head } = header(store.head);
  await store.saveBlock(head.height, block, [], diff, head);
}

/** Key `i` of the benchmark state: spread over {@link CONTRACTS} contracts like balances. */
function entry(i: number, value: string | undefined): StateDiffEntry {
  return { address: address(i % CONTRACTS), key: `m/bal/${(i / CONTRACTS) | 0}`, value };
}

/**
 * A block's diff of `n` keys on an `m`-key state, round `r`: 80 % overwrites, 10 % inserts of new
 * keys, 10 % deletes.
 */
function blockDiff(n: number, m: number, r: number): StateDiffEntry[] {
  const out: StateDiffEntry[] = [];
  const step = Math.max(1, Math.floor(m / n));
  for (let j = 0; j < n; j++) {
    const i = (j * step + r * 7919) % m;
    if (j % 10 === 8) out.push(entry(m + r * n + j, '"1.00"'));
    else if (j % 10 === 9) out.push(entry(i, undefined));
    else out.push(entry(i, `"${r}.${j}"`));
  }
  // One entry per key (an insert index never collides with an existing one, overwrites are distinct by step).
  const seen = new Set<string>();
  return out.filter((e) => !seen.has(`${e.address}/${e.key}`) && (seen.add(`${e.address}/${e.key}`), true));
}

/** Runs the benchmark in a temporary directory and returns its figures. */
export async function benchStateRoot(p: StateRootBenchParameters = {}): Promise<StateRootBenchRow[]> {
  const m = p.stateKeys ?? (p.quick === true ? 50_000 : 200_000);
  const sizes = p.changedKeys ?? [100, 1_000, 10_000];
  const rounds = p.quick === true ? 3 : 7;
  const dir = mkdtempSync(join(tmpdir(), 'covenant-bench-state-'));
  const rows: StateRootBenchRow[] = [];
  let store: ChainStore | undefined;
  try {
    store = await openChainStore(dir);
    const chunk = 20_000;
    for (let lo = 0; lo < m; lo += chunk) await commit(store, Array.from({ length: Math.min(chunk, m - lo) }, (_, j) => entry(lo + j, `"${lo + j}.00"`)));
    await store.close();
    store = undefined;

    const opens: number[] = [];
    for (let r = 0; r < (p.quick === true ? 2 : 3); r++) {
      const t0 = performance.now();
      store = await openChainStore(dir);
      opens.push(performance.now() - t0);
      if (r < (p.quick === true ? 1 : 2)) {
        await store.close();
        store = undefined;
      }
    }
    rows.push({ name: 'openChainStore (scan + key index + state tree)', stateKeys: m, changedKeys: 0, ms: median(opens) });
    const s = store as ChainStore;

    // The tree alone, from scratch, from the same entries (what every block would cost without increments).
    const all = Array.from({ length: m }, (_, i) => entry(i, `"${i}.00"`));
    const builds: number[] = [];
    for (let r = 0; r < (p.quick === true ? 2 : 3); r++) {
      const t0 = performance.now();
      buildStateTree(stateTreeUpdates(all));
      builds.push(performance.now() - t0);
    }
    rows.push({ name: 'state tree from scratch (hashing included)', stateKeys: m, changedKeys: 0, ms: median(builds) });

    let round = 0;
    for (const n of sizes) {
      await s.stateRoot(blockDiff(n, m, round++)); // warm-up
      const predicts: number[] = [];
      const commits: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const diff = blockDiff(n, m, round++);
        const t0 = performance.now();
        await s.stateRoot(diff);
        const t1 = performance.now();
        await commit(s, diff);
        const t2 = performance.now();
        predicts.push(t1 - t0);
        commits.push(t2 - t1);
      }
      rows.push({ name: 'stateRoot(pending): incremental root update', stateKeys: m, changedKeys: n, ms: median(predicts) });
      rows.push({ name: 'saveBlock of that diff (sync batch; tree reused)', stateKeys: m, changedKeys: n, ms: median(commits) });
    }
  } finally {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Prints the rows as a table. */
export function printStateRootBench(rows: readonly StateRootBenchRow[]): void {
  console.log('State root (incremental sparse Merkle tree, node:crypto sha256, one thread)');
  for (const r of rows) {
    const what = r.changedKeys === 0 ? `${r.stateKeys} keys` : `${r.changedKeys} changed of ${r.stateKeys}`;
    console.log(`${r.name.padEnd(50)} ${what.padStart(24)} ${r.ms.toFixed(2).padStart(10)} ms`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  printStateRootBench(await benchStateRoot({ quick: process.argv.includes('--quick') }));
}
