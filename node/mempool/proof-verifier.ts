/**
 * Relation-proof verification ahead of execution, on a pool of worker threads. A comparison proof
 * costs about 19 ms to verify; checked inline during block execution, 32 of them would stall the
 * producer for 0.6 s. Since a transaction declares each proof's statement (`tx.proofs[i].inputs`,
 * node/execution/proofs.ts), the node can verify proofs when the transaction enters the mempool,
 * in parallel on the pool, and keep the verdicts in the process's {@link proofVerdicts} cache,
 * keyed by everything a verdict depends on; block execution then answers `prove(...)` from the
 * cache. A transaction whose proof does not verify is refused at admission
 * (`NODE_ERR_PROOF_INVALID`), so garbage proofs never take block space. Before executing a block
 * it did not admit itself, a node pre-verifies all the block's proofs in one batch
 * ({@link preverifyBlockProofs}).
 *
 * Requests of one tick are gathered and split evenly over the workers, one message per worker
 * (worker-thread pattern of signature-verifier.ts: `--no-node-snapshot` removed from the workers'
 * flags, a dead worker fails its in-flight items and is replaced with a growing delay). Each
 * worker checks its batch with one `zk.verifyRelationsBatch` (the range proofs combined in one
 * multi-scalar multiplication). Workers start on first use, so a node that never sees a proof
 * never starts them.
 *
 * It does NOT decide consensus: a verdict missing from the cache (the contract was not deployed at
 * admission, a worker died, the cache forgot it) is computed inline during execution, with the
 * same answer.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { AbiRelation, ContractArtifact } from '../../compiler/index.ts';
import { NodeError } from '../errors.ts';
import {
  PROOF_BINDING_DOMAIN, type ProofStatement, type ProofVerdictCache, type RelationCheck, checkRelation, proofVerdicts, txProofStatements, verifyStatement,
  verifyStatementsBatch,
} from '../execution/proofs.ts';
import type { SignedTx } from '../types/index.ts';
import { createBatchWorkerPool } from './batch-worker-pool.ts';

/** One item of a batch sent to a worker. */
export interface ProofBatchItem {
  /** Canonical JSON of the relation description. */
  readonly relation: string;
  readonly contract: string;
  readonly transaction: string;
  readonly inputs: string;
  readonly proof: Uint8Array;
}

/** A request to a worker. */
export interface ProofBatch {
  readonly id: number;
  readonly items: readonly ProofBatchItem[];
}

/** A worker's answer: `ok[i]` is 1 when item i verifies. */
export interface ProofAnswer {
  readonly id: number;
  readonly ok: Uint8Array;
}

/** Parsed relation descriptions by text, on the thread that verifies (bounded). */
const descriptions = new Map<string, AbiRelation>();

function descriptionOf(text: string): AbiRelation {
  let description = descriptions.get(text);
  if (description === undefined) {
    if (descriptions.size >= 1024) descriptions.clear();
    description = JSON.parse(text) as AbiRelation;
    descriptions.set(text, description);
  }
  return description;
}

/**
 * Verifies a batch (worker side; also usable inline): one verdict per item. By default all items
 * at once with `zk.verifyRelationsBatch` ({@link verifyStatementsBatch}); with `check`, one by one.
 * Never throws for a bad item: its verdict is 0.
 */
export function answerProofBatch(batch: ProofBatch, check?: RelationCheck): ProofAnswer {
  const ok = new Uint8Array(batch.items.length);
  const parsed: { at: number; description: AbiRelation; item: ProofBatchItem }[] = [];
  batch.items.forEach((item, at) => {
    try {
      parsed.push({ at, description: descriptionOf(item.relation), item });
    } catch {
      ok[at] = 0;
    }
  });
  const one = ({ description, item }: (typeof parsed)[number]): boolean => {
    try {
      return (check ?? checkRelation)(description, item.inputs, item.proof, { domain: PROOF_BINDING_DOMAIN, contract: item.contract, transaction: item.transaction });
    } catch {
      return false;
    }
  };
  let verdicts: boolean[];
  if (check !== undefined) {
    verdicts = parsed.map(one);
  } else {
    try {
      verdicts = verifyStatementsBatch(parsed.map(({ description, item }) => ({ description, contract: item.contract, transaction: item.transaction, inputs: item.inputs, proof: item.proof })));
    } catch {
      verdicts = parsed.map(one);
    }
  }
  parsed.forEach((p, i) => (ok[p.at] = verdicts[i] === true ? 1 : 0));
  return { id: batch.id, ok };
}

/** Verifies relation proofs, off or on the calling thread. */
export interface ProofPool {
  /** Worker threads (0: inline). */
  readonly threads: number;
  /**
   * One verdict per statement, in order. Rejects (with an Error) when the pool cannot answer: it is
   * closed or a worker died with the statements in flight; nothing is cached then.
   */
  verify(statements: readonly ProofStatement[]): Promise<boolean[]>;
  /** Stops the workers; pending and later requests reject. */
  close(): Promise<void>;
}

/**
 * Verifies on the calling thread (tests, tools, tiny nodes: `verifierThreads: 0`): all statements
 * of a call in one `verifyRelationsBatch`, or one by one with `check`.
 */
export function createInlineProofPool(check?: RelationCheck): ProofPool {
  let closed = false;
  return {
    threads: 0,
    verify: (statements) => {
      if (closed) return Promise.reject(new Error('proof pool is closed'));
      return Promise.resolve(check === undefined ? verifyStatementsBatch(statements) : statements.map((s) => verifyStatement(s, check)));
    },
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
}

/** Pool size: the machine's cores (2 on this project's machine). */
export function defaultProofThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Options of {@link createWorkerProofPool}. */
export interface WorkerProofPoolOptions {
  /** Worker threads (default {@link defaultProofThreads}). */
  readonly threads?: number;
  /** The worker script (default proof-worker.ts); tests substitute one that misbehaves. */
  readonly workerUrl?: URL;
}

/** Largest batch sent to one worker at once. */
const MAX_BATCH = 64;

/**
 * Verifies on worker threads through the shared batch pool (batch-worker-pool.ts), started on the
 * first proof. A worker that dies fails its in-flight statements (the promise rejects: callers
 * treat them as unverified) and is replaced, waiting longer after each death in a row so a worker
 * that cannot start does not spin.
 */
export function createWorkerProofPool(options: WorkerProofPoolOptions = {}): ProofPool {
  const threads = options.threads ?? defaultProofThreads();
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError('a worker proof pool needs at least one thread');
  const pool = createBatchWorkerPool<ProofStatement>({
    url: options.workerUrl ?? new URL('./proof-worker.ts', import.meta.url),
    name: 'proof',
    threads,
    maxBatch: MAX_BATCH,
    lazy: true,
    encode: (id, part) => {
      const batch: ProofBatch = {
        id,
        items: part.map((s) => ({ relation: s.relation, contract: s.contract, transaction: s.transaction, inputs: s.inputs, proof: s.proof })),
      };
      return { message: batch };
    },
  });
  let closed = false;
  return {
    threads,
    verify(statements) {
      if (closed) return Promise.reject(new Error('proof pool is closed'));
      if (statements.length === 0) return Promise.resolve([]);
      return Promise.all(statements.map((statement) => pool.run(statement)));
    },
    async close() {
      closed = true;
      await pool.close();
    },
  };
}

/**
 * Verdicts for `statements`, in order: from `cache` when there, else from `pool` (each distinct
 * statement once), stored in `cache`. Rejects when the pool does (nothing more is cached).
 */
export async function verifyStatements(pool: ProofPool, statements: readonly ProofStatement[], cache: ProofVerdictCache = proofVerdicts): Promise<boolean[]> {
  const missing = new Map<string, ProofStatement>();
  for (const s of statements) if (cache.peek(s.key) === undefined && !missing.has(s.key)) missing.set(s.key, s);
  const fresh = new Map<string, boolean>();
  if (missing.size > 0) {
    const todo = [...missing.values()];
    const verdicts = await pool.verify(todo);
    todo.forEach((s, i) => {
      const ok = verdicts[i] === true;
      fresh.set(s.key, ok);
      cache.set(s.key, ok);
    });
  }
  return statements.map((s) => fresh.get(s.key) ?? cache.peek(s.key) === true);
}

/** What {@link checkTxProofs} verified. */
export interface TxProofCheck {
  /** Entries verified (from the cache or the pool). */
  readonly verified: number;
  /** Entries for contracts not deployed yet: left to execution. */
  readonly deferred: number;
}

/**
 * Admission check of `tx.proofs` against the contracts `resolve` finds (committed code). Throws
 * `NodeError` `NODE_ERR_INVALID_TX` (field `proofs`) for a slot that breaks the wire format, and
 * `NODE_ERR_PROOF_INVALID` (field `proofs[i]`) for an entry naming a relation its contract does not
 * have or whose proof does not verify for its declared inputs. Entries for contracts not deployed
 * are not checked (execution does). Rejects with a plain Error when the pool cannot answer.
 */
export async function checkTxProofs(tx: SignedTx, resolve: (address: string) => ContractArtifact | undefined, pool: ProofPool, cache: ProofVerdictCache = proofVerdicts): Promise<TxProofCheck> {
  if (tx.proofs === undefined) return { verified: 0, deferred: 0 };
  const found = txProofStatements(tx, resolve);
  if (found.malformed) {
    throw new NodeError('NODE_ERR_INVALID_TX', '"proofs" does not follow the wire format: an array of {"contract","relation","inputs":{"public","sealed"},"proof"} entries, one per (contract, relation)', { field: 'proofs' });
  }
  const unknown = found.unknownRelations[0];
  if (unknown !== undefined) {
    const entry = tx.proofs[unknown] as { contract: string; relation: number };
    throw new NodeError('NODE_ERR_PROOF_INVALID', `contract ${entry.contract} has no relation ${entry.relation}`, { field: `proofs[${unknown}].relation` });
  }
  const verdicts = await verifyStatements(pool, found.statements, cache);
  const bad = verdicts.indexOf(false);
  if (bad >= 0) {
    const position = found.positions[bad] as number;
    const entry = tx.proofs[position] as { contract: string; relation: number };
    throw new NodeError('NODE_ERR_PROOF_INVALID', `the proof of relation ${entry.relation} of contract ${entry.contract} does not verify for its declared inputs`, { field: `proofs[${position}]` });
  }
  return { verified: found.statements.length, deferred: found.undeployed };
}

/** What {@link preverifyBlockProofs} did. */
export interface BlockProofCheck {
  /** Statements found (deployed contracts, known relations). */
  readonly statements: number;
  /** Of those, how many were already cached. */
  readonly cached: number;
  /** Whether the pool failed (those verdicts are left to execution). */
  readonly failed: boolean;
}

/**
 * Before executing a block this node did not build from its own mempool: verifies every proof of
 * every transaction against the code `resolve` finds (committed before the block; contracts the
 * block deploys are left to execution) in one batch on the pool, so execution finds the verdicts
 * cached. Never rejects: a pool failure only means execution verifies inline.
 */
export async function preverifyBlockProofs(txs: readonly SignedTx[], resolve: (address: string) => ContractArtifact | undefined, pool: ProofPool, cache: ProofVerdictCache = proofVerdicts): Promise<BlockProofCheck> {
  const statements = txs.filter((tx) => tx.proofs !== undefined).flatMap((tx) => txProofStatements(tx, resolve).statements);
  const cached = statements.filter((s) => cache.peek(s.key) !== undefined).length;
  try {
    await verifyStatements(pool, statements, cache);
    return { statements: statements.length, cached, failed: false };
  } catch {
    return { statements: statements.length, cached, failed: true };
  }
}
