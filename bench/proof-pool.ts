/**
 * Proof-pool benchmark (node/mempool/proof-verifier.ts): amortised verify time per comparison
 * proof (`x <= this.limit` over a sealed `Money<'USD'>`, the relation proof of
 * `zk.proveRelation`) inline on one thread (one by one, and as one `verifyRelationsBatch`), and
 * through the worker pool with 2 threads (each worker one `verifyRelationsBatch` of its share) for
 * batches of 16 and 32 (medians of timed rounds after a warm-up that starts the workers). Run
 * alone with `node --import tsx bench/proof-pool.ts [--quick]`; prints a table and returns rows.
 *
 * Does NOT measure admission or execution around the verification, or the cache (a hit is a
 * sha256 of under 2 KB, microseconds).
 * @module
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compile } from '../compiler/index.ts';
import { PROOF_BINDING_DOMAIN, type ProofStatement, proofStatement, proofTransactionContext, verifyStatement, verifyStatementsBatch } from '../node/execution/proofs.ts';
import { createWorkerProofPool } from '../node/mempool/proof-verifier.ts';
import { commitmentHex, createCommitment, proveRelation } from '../runtime/zk/index.ts';

export interface ProofPoolBenchRow {
  readonly mode: string;
  readonly batch: number;
  /** Wall-clock ms per batch (median). */
  readonly batchMs: number;
  /** Amortised ms per proof. */
  readonly msPerProof: number;
}

const CONTRACT = 'ab'.repeat(20);
const SENDER = 'cd'.repeat(32);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** `n` comparison-proof statements, each bound to its own transaction context. */
function comparisonStatements(n: number): ProofStatement[] {
  const r = compile({
    inputs: [{
      path: 'vault.contract.ts',
      text: `
@contract
export class Vault {
  limit: Money<'USD'> = money(100, 'USD');
  constructor() {}
  @entry within(x: Sealed<Money<'USD'>>): void { prove(x <= this.limit); }
}
`,
    }],
  });
  const relation = r.artifacts[0]?.abi.relations[0];
  if (relation === undefined) throw new Error(`bench contract does not compile: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const limit = { amount: '100.00', currency: 'USD' };
  return Array.from({ length: n }, (_, i) => {
    const c = createCommitment(BigInt(1_000 + i));
    const transaction = proofTransactionContext({ chainId: 'bench', sender: SENDER, nonce: BigInt(i) });
    const proof = proveRelation(relation, [limit], [{ commitment: c.commitment, opening: c.opening }], { domain: PROOF_BINDING_DOMAIN, contract: CONTRACT, transaction });
    return proofStatement(relation, CONTRACT, transaction, JSON.stringify({ public: [limit], sealed: [commitmentHex(c.commitment)] }), proof);
  });
}

export async function benchProofPool(options: { quick?: boolean } = {}): Promise<ProofPoolBenchRow[]> {
  const rounds = options.quick === true ? 3 : 11;
  const statements = comparisonStatements(32);
  const rows: ProofPoolBenchRow[] = [];

  // Inline, one thread: what block execution paid per prove(...) before the pool.
  for (const s of statements.slice(0, 4)) if (!verifyStatement(s)) throw new Error('bench proof does not verify');
  const inline: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const s of statements.slice(0, 16)) verifyStatement(s);
    inline.push((performance.now() - t0) / 16);
  }
  const inlineMs = median(inline);
  rows.push({ mode: 'inline, one by one', batch: 16, batchMs: inlineMs * 16, msPerProof: inlineMs });
  // Inline, one thread, one verifyRelationsBatch: the batch gain without threads.
  for (const n of [16, 32]) {
    const batch = statements.slice(0, n);
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const verdicts = verifyStatementsBatch(batch);
      times.push(performance.now() - t0);
      if (!verdicts.every((v) => v)) throw new Error('a bench proof failed in the batch');
    }
    const ms = median(times);
    rows.push({ mode: 'inline, one batch', batch: n, batchMs: ms, msPerProof: ms / n });
  }

  const pool = createWorkerProofPool({ threads: 2 });
  try {
    // Warm-up: starts the workers (each loads the runtime) and warms their code.
    await pool.verify(statements);
    await pool.verify(statements);
    for (const n of [16, 32]) {
      const batch = statements.slice(0, n);
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = performance.now();
        const verdicts = await pool.verify(batch);
        times.push(performance.now() - t0);
        if (!verdicts.every((v) => v)) throw new Error('a bench proof failed in the pool');
      }
      const ms = median(times);
      rows.push({ mode: 'pool, 2 workers, batches', batch: n, batchMs: ms, msPerProof: ms / n });
    }
  } finally {
    await pool.close();
  }

  console.log(`\nProof pool (comparison proofs, ${availableParallelism()} cores; medians of ${rounds} rounds)`);
  console.log('mode                        batch   ms/batch   ms/proof   speed-up over inline one by one');
  for (const row of rows) {
    console.log(`${row.mode.padEnd(26)} ${String(row.batch).padStart(6)}   ${row.batchMs.toFixed(1).padStart(8)}   ${row.msPerProof.toFixed(2).padStart(8)}   ${(inlineMs / row.msPerProof).toFixed(2).padStart(7)}x`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchProofPool({ quick: process.argv.includes('--quick') });
