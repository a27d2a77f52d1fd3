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
 * Range certificates of sealed numbers (`sealed-range.ts`, made once when a value is sealed and
 * checked by the runtime at the contract boundary): prove ms, verify ms single, verify ms per
 * certificate in a batch of 16 (`verifySealedRangeBatch`), bytes; target ≤ 20 ms single (a 64-bit
 * range proof).
 *
 * Relation proofs (`relations.ts` wire v3, what a transaction carries; sealed operands are
 * certified, not range-proven): per kind (equality, linear, product, 64-bit comparison, division)
 * prove ms, verify ms single, verify ms amortised per proof in batches of 16 and 32 through
 * `verifyRelationsBatch` (one core; every batch holds distinct proofs — the verifier merges equal
 * points, so one repeated proof would flatter it; `--quick` proves 32 only for the comparison and
 * prints — for the other batch-32 cells), proof bytes, and the issue 5 targets with whether they
 * are met. The comparison's "two cores" figure is the one-core batch-32 figure halved (an
 * estimate; bench/proof-pool.ts measures the 2-worker pool).
 *
 * Does NOT run verification across worker threads.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compile } from '../compiler/pipeline.ts';
import type { AbiRelation } from '../compiler/artifact.ts';
import {
  commitmentHex,
  proveRelation,
  proveSealedRange,
  verifySealedRange,
  verifySealedRangeBatch,
  verifyRelation,
  verifyRelationsBatch,
  type RelationBatchItem,
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
  benchSealedRange(options.quick === true);
  benchRelations(options.quick === true);
  console.log('\nZK (runtime/zk, single proofs, one core; medians)');
  console.log('kind                         prove ms   verify ms   bytes   verify target ms');
  for (const row of rows) {
    console.log(
      `${row.kind.padEnd(28)} ${fmt(row.proveMs).padStart(8)}   ${fmt(row.verifyMs).padStart(9)}   ${String(row.proofBytes).padStart(5)}   ${fmt(row.targetVerifyMs).padStart(6)}`,
    );
  }
  return rows;
}

/** One row of the range-certificate table. */
export interface ZkCertificateBenchRow {
  readonly kind: string;
  readonly ms: number;
  readonly bytes: number;
  readonly target: string;
  readonly met: boolean | undefined;
}

/**
 * The range-certificate table: what sealing a number costs the client (prove) and what the
 * runtime pays per sealed number entering a contract (verify; the node's verdict cache is not used).
 */
export function benchSealedRange(quick: boolean): ZkCertificateBenchRow[] {
  const rounds = quick ? 3 : 10;
  const values = Array.from({ length: 16 }, (_, i) => createCommitment(BigInt(i) * 1_000_003n + 12_345n));
  const certs = values.map((v) => proveSealedRange(v.commitment, v.opening));
  const first = values[0] as (typeof values)[number];
  const cert = certs[0] as Uint8Array;
  must(verifySealedRange(first.commitment, cert));
  const items = values.map((v, i) => ({ commitment: v.commitment, certificate: certs[i] as Uint8Array }));
  if (!verifySealedRangeBatch(items).every((r) => r.ok)) throw new Error('bench certificate batch does not verify');
  const proveMs = time(rounds, () => proveSealedRange(first.commitment, first.opening));
  const verifyMs = time(rounds * 3, () => verifySealedRange(first.commitment, cert));
  const batchMs = time(rounds, () => verifySealedRangeBatch(items)) / items.length;
  const rows: ZkCertificateBenchRow[] = [
    { kind: 'certificate prove (client, once per sealed number)', ms: proveMs, bytes: cert.length, target: '—', met: undefined },
    { kind: 'certificate verify single', ms: verifyMs, bytes: cert.length, target: '≤ 20 ms', met: verifyMs <= 20 },
    { kind: 'certificate verify, batch of 16 (per cert)', ms: batchMs, bytes: cert.length, target: '—', met: undefined },
  ];
  console.log('\nZK sealed-number range certificates (one 64-bit Bulletproof per sealed number; one core; medians)');
  console.log('kind                                                  ms   bytes   target     met');
  for (const x of rows) console.log(`${x.kind.padEnd(48)} ${x.ms.toFixed(2).padStart(8)}   ${String(x.bytes).padStart(5)}   ${x.target.padEnd(9)}  ${x.met === undefined ? '—' : x.met ? 'yes' : 'no'}`);
  return rows;
}

/** One row of the relation table. */
export interface ZkRelationBenchRow {
  readonly kind: string;
  readonly text: string;
  readonly proveMs: number;
  readonly verifyMs: number;
  readonly batch16Ms: number;
  readonly batch32Ms: number;
  readonly proofBytes: number;
  readonly target: string;
  readonly met: boolean;
}

const RELATIONS_SOURCE = `
@contract
export class Bench {
  limit: Money<'USD'> = money(100, 'USD');
  constructor() {}
  @entry eq(x: Sealed<Money<'USD'>>): void { prove(x == this.limit); }
  @entry lin(a: Sealed<Money<'USD'>>, b: Sealed<Money<'USD'>>, c: Sealed<Money<'USD'>>): void { prove(a + b == c); }
  @entry prod(p: Sealed<Int>, q: Sealed<Int>, t: Sealed<Int>): void { prove(p * q == t); }
  @entry cmp(x: Sealed<Money<'USD'>>): void { prove(x <= this.limit); }
  @entry div(loss: Sealed<Money<'USD'>>, premium: Sealed<Money<'USD'>>): void { prove(loss / premium <= 0.8); }
}
`;

/**
 * The relation-proof table: what `prove(...)` costs end to end (wire v3: sealed operands are
 * certified at the boundary, so only slack, quotient, remainder and divisor are range-proven).
 * Batches hold distinct proofs (own commitments and transaction): the verifier merges equal points.
 */
export function benchRelations(quick: boolean): ZkRelationBenchRow[] {
  const relations = compile({ inputs: [{ path: 'bench.contract.ts', text: RELATIONS_SOURCE }] }).artifacts[0]?.abi.relations ?? [];
  const rel = (text: string): AbiRelation => {
    const r = relations.find((x) => x.text === text);
    if (r === undefined) throw new Error(`bench relation ${text} missing`);
    return r;
  };
  const usd = { amount: '100.00', currency: 'USD' };
  const binding = { domain: 'covenant:bench', contract: 'cov1bench', transaction: 'tx-bench' };
  const cases: { kind: string; text: string; pub: unknown[]; values: bigint[]; target: string; check: (r: { verifyMs: number; batch16Ms: number; batch32Ms: number; proveMs: number }) => boolean }[] = [
    { kind: 'equality', text: 'x == this.limit', pub: [usd], values: [10_000n], target: 'verify ≤ 2 ms', check: (r) => r.verifyMs <= 2 },
    { kind: 'linear (3 sealed)', text: 'a + b == c', pub: [], values: [700n, 300n, 1000n], target: 'verify ≤ 2 ms', check: (r) => r.verifyMs <= 2 },
    { kind: 'product', text: 'p * q == t', pub: [], values: [1250n, 8n, 10_000n], target: 'verify ≤ 4 ms', check: (r) => r.verifyMs <= 4 },
    { kind: '64-bit comparison', text: 'x <= this.limit', pub: [usd], values: [9_999n], target: '≤ 20 ms single, ≤ 3 ms amortised on 2 cores', check: (r) => r.verifyMs <= 20 && r.batch32Ms / 2 <= 3 },
    { kind: 'division', text: 'loss / premium <= 0.8', pub: [], values: [7_999n, 10_000n], target: 'verify ≤ 110 ms', check: (r) => r.verifyMs <= 110 },
  ];
  const proveRounds = quick ? 2 : 5;
  const verifyRounds = quick ? 5 : 20;
  const batchRounds = quick ? 1 : 3;
  const rows: ZkRelationBenchRow[] = [];
  for (const c of cases) {
    const r = rel(c.text);
    const sealed = c.values.map((v) => createCommitment(v));
    const inputs = { public: c.pub, sealed: sealed.map((s) => commitmentHex(s.commitment)) };
    const proof = proveRelation(r, c.pub, sealed, binding);
    const res = verifyRelation(r, inputs, proof, binding);
    if (!res.ok) throw new Error(`bench relation proof does not verify: ${res.code}`);
    const proveMs = time(proveRounds, () => proveRelation(r, c.pub, sealed, binding));
    const verifyMs = time(verifyRounds, () => verifyRelation(r, inputs, proof, binding));
    // Batches of DISTINCT proofs (own commitments, own transaction): a batch merges equal points,
    // so repeating one proof would understate the cost. Quick mode makes 32 only for the comparison.
    const distinct = quick && c.kind !== '64-bit comparison' ? 16 : 32;
    const pool: RelationBatchItem[] = Array.from({ length: distinct }, (_, i) => {
      const s = c.values.map((v) => createCommitment(v));
      const b = { ...binding, transaction: `tx-bench-${i}` };
      return { relation: r, inputs: { public: c.pub, sealed: s.map((x) => commitmentHex(x.commitment)) }, proof: proveRelation(r, c.pub, s, b), binding: b };
    });
    const batch = (n: number): number => {
      if (n > pool.length) return Number.NaN;
      const items = pool.slice(0, n);
      if (!verifyRelationsBatch(items).every((v) => v.ok)) throw new Error('bench batch does not verify');
      return time(batchRounds, () => verifyRelationsBatch(items)) / n;
    };
    const batch16Ms = batch(16);
    const batch32Ms = batch(32);
    rows.push({ kind: c.kind, text: c.text, proveMs, verifyMs, batch16Ms, batch32Ms, proofBytes: proof.length, target: c.target, met: c.check({ verifyMs, batch16Ms, batch32Ms, proveMs }) });
  }
  console.log('\nZK relation proofs v3 (prove(...) end to end, sealed operands certified at the boundary; one core; medians)');
  console.log('kind                 prove ms   verify ms   batch16 ms/proof   batch32 ms/proof   bytes   target                                      met');
  for (const x of rows) {
    console.log(
      `${x.kind.padEnd(20)} ${x.proveMs.toFixed(1).padStart(8)}   ${x.verifyMs.toFixed(2).padStart(9)}   ${x.batch16Ms.toFixed(2).padStart(16)}   ${(Number.isNaN(x.batch32Ms) ? '—' : x.batch32Ms.toFixed(2)).padStart(16)}   ${String(x.proofBytes).padStart(5)}   ${x.target.padEnd(43)} ${x.met ? 'yes' : 'no'}`,
    );
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchZk({ quick: process.argv.includes('--quick') });
