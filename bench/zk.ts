/**
 * Zero-knowledge benchmark: prove time, verify time (medians over timed rounds after a warm-up)
 * and proof size per sigma-proof kind of `runtime/zk`, single proofs, one core. Prints a table and
 * returns the rows. Not yet called from `bench/index.ts`; run alone with
 * `node --import tsx bench/zk.ts [--quick]`.
 *
 * Range proofs (Bulletproofs, `range-proof.ts`): 64-bit single, 64-bit ×4 aggregated, and 16
 * 64-bit proofs verified as one batch (verify ms is per proof). Targets: ≤ 20 ms single,
 * ≤ 3 ms amortised batched (docs/performance.md; the batched target assumes both cores).
 *
 * Product proofs (`product.ts`, `z = x·y`): target ≤ 4 ms verify (docs/performance.md).
 *
 * Does NOT measure division proofs (not built yet), or verification across worker threads.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  commit,
  createCommitment,
  PEDERSEN_G,
  proveEquality,
  proveLinear,
  proveOpening,
  proveProduct,
  proveRange,
  randomScalar,
  verifyRange,
  verifyRangeBatch,
  verifyEquality,
  verifyLinear,
  verifyOpening,
  verifyProduct,
  type ProofBinding,
  type VerifyResult,
} from '../runtime/zk/index.ts';

/** One row of the table. */
export interface ZkBenchRow {
  readonly kind: string;
  readonly proveMs: number;
  readonly verifyMs: number;
  readonly proofBytes: number;
  /** The issue 5 / docs/performance.md verify target for this kind, in ms. */
  readonly targetVerifyMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function time(rounds: number, f: () => unknown): number {
  for (let i = 0; i < Math.min(20, rounds); i++) f();
  const xs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    f();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

function must(r: VerifyResult): void {
  if (!r.ok) throw new Error(`benchmark proof does not verify: ${r.code}`);
}

/**
 * Runs the benchmark and prints `kind | prove ms | verify ms | bytes | target`.
 * @example
 * ```ts
 * const rows = benchZk({ quick: true });
 * ```
 */
export function benchZk(options: { readonly quick?: boolean } = {}): ZkBenchRow[] {
  const rounds = options.quick === true ? 30 : 200;
  const binding: ProofBinding = { domain: 'covenant:bench:relation:v1', context: 'bench', relation: 'claim + deductible == limit' };
  const a = createCommitment(700n);
  const b = createCommitment(300n);
  const c = createCommitment(1000n);
  const d = createCommitment(1000n);
  const terms = [
    { coefficient: 1n, commitment: a.commitment, opening: a.opening },
    { coefficient: 1n, commitment: b.commitment, opening: b.opening },
    { coefficient: -1n, commitment: c.commitment, opening: c.opening },
  ];
  const publicTerms = terms.map(({ coefficient, commitment }) => ({ coefficient, commitment }));

  const rows: ZkBenchRow[] = [];
  const r = randomScalar();
  rows.push({ kind: 'commit (64-bit value)', proveMs: time(rounds, () => commit(123_456_789n, r)), verifyMs: Number.NaN, proofBytes: 32, targetVerifyMs: Number.NaN });
  rows.push({ kind: 'variable-base multiply', proveMs: Number.NaN, verifyMs: time(rounds, () => PEDERSEN_G.add(PEDERSEN_G).multiplyUnsafe(r)), proofBytes: 0, targetVerifyMs: Number.NaN });

  const op = proveOpening({ binding, commitment: a.commitment, opening: a.opening });
  must(verifyOpening({ binding, commitment: a.commitment, proof: op }));
  rows.push({
    kind: 'opening',
    proveMs: time(rounds, () => proveOpening({ binding, commitment: a.commitment, opening: a.opening })),
    verifyMs: time(rounds, () => verifyOpening({ binding, commitment: a.commitment, proof: op })),
    proofBytes: op.length,
    targetVerifyMs: 2,
  });

  const eq = proveEquality({ binding, commitments: [c.commitment, d.commitment], openings: [c.opening, d.opening] });
  must(verifyEquality({ binding, commitments: [c.commitment, d.commitment], proof: eq }));
  rows.push({
    kind: 'equality',
    proveMs: time(rounds, () => proveEquality({ binding, commitments: [c.commitment, d.commitment], openings: [c.opening, d.opening] })),
    verifyMs: time(rounds, () => verifyEquality({ binding, commitments: [c.commitment, d.commitment], proof: eq })),
    proofBytes: eq.length,
    targetVerifyMs: 2,
  });

  const lin = proveLinear({ binding, terms, constant: 0n });
  must(verifyLinear({ binding, terms: publicTerms, constant: 0n, proof: lin }));
  rows.push({
    kind: 'linear (3 terms)',
    proveMs: time(rounds, () => proveLinear({ binding, terms, constant: 0n })),
    verifyMs: time(rounds, () => verifyLinear({ binding, terms: publicTerms, constant: 0n, proof: lin })),
    proofBytes: lin.length,
    targetVerifyMs: 2,
  });

  const px = createCommitment(1_250n);
  const py = createCommitment(8n);
  const pz = createCommitment(10_000n);
  const pc = { x: px.commitment, y: py.commitment, z: pz.commitment };
  const po = { x: px.opening, y: py.opening, z: pz.opening };
  const pb = { ...binding, relation: 'total == price * quantity' };
  const prod = proveProduct({ binding: pb, commitments: pc, openings: po });
  must(verifyProduct({ binding: pb, commitments: pc, proof: prod }));
  rows.push({
    kind: 'product',
    proveMs: time(rounds, () => proveProduct({ binding: pb, commitments: pc, openings: po })),
    verifyMs: time(rounds, () => verifyProduct({ binding: pb, commitments: pc, proof: prod })),
    proofBytes: prod.length,
    targetVerifyMs: 4,
  });

  // Range proofs: fewer rounds (a 64-bit proof takes ~0.3 s to make).
  const rangeRounds = options.quick === true ? 3 : 10;
  const rb = { domain: 'covenant:bench:range:v1', context: 'bench', relation: 'claim <= limit' };
  const v = createCommitment(123_456_789_012n);
  const rp = proveRange({ binding: rb, bits: 64, commitments: [v.commitment], openings: [v.opening] });
  must(verifyRange({ binding: rb, bits: 64, commitments: [v.commitment], proof: rp }));
  rows.push({
    kind: 'range 64-bit',
    proveMs: time(rangeRounds, () => proveRange({ binding: rb, bits: 64, commitments: [v.commitment], openings: [v.opening] })),
    verifyMs: time(rangeRounds * 3, () => verifyRange({ binding: rb, bits: 64, commitments: [v.commitment], proof: rp })),
    proofBytes: rp.length,
    targetVerifyMs: 20,
  });
  const four = [1n, 2n, 3n, 4n].map(createCommitment);
  const fourC = four.map((x) => x.commitment);
  const agg = proveRange({ binding: rb, bits: 64, commitments: fourC, openings: four.map((x) => x.opening) });
  must(verifyRange({ binding: rb, bits: 64, commitments: fourC, proof: agg }));
  rows.push({
    kind: 'range 64-bit ×4 aggregated',
    proveMs: time(rangeRounds, () => proveRange({ binding: rb, bits: 64, commitments: fourC, openings: four.map((x) => x.opening) })),
    verifyMs: time(rangeRounds * 2, () => verifyRange({ binding: rb, bits: 64, commitments: fourC, proof: agg })),
    proofBytes: agg.length,
    targetVerifyMs: Number.NaN,
  });
  const batch = Array.from({ length: 16 }, (_, i) => {
    const c = createCommitment(BigInt(i) * 1_000_003n);
    return { binding: rb, bits: 64 as const, commitments: [c.commitment], proof: proveRange({ binding: rb, bits: 64, commitments: [c.commitment], openings: [c.opening] }) };
  });
  must(verifyRangeBatch(batch));
  rows.push({
    kind: 'range 64-bit batch of 16',
    proveMs: Number.NaN,
    verifyMs: time(rangeRounds, () => verifyRangeBatch(batch)) / batch.length,
    proofBytes: rp.length,
    targetVerifyMs: 3,
  });

  const fmt = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(3));
  console.log('\nZK (runtime/zk, single proofs, one core; medians)');
  console.log('kind                         prove ms   verify ms   bytes   verify target ms');
  for (const row of rows) {
    console.log(
      `${row.kind.padEnd(28)} ${fmt(row.proveMs).padStart(8)}   ${fmt(row.verifyMs).padStart(9)}   ${String(row.proofBytes).padStart(5)}   ${fmt(row.targetVerifyMs).padStart(6)}`,
    );
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchZk({ quick: process.argv.includes('--quick') });
