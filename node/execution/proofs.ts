/**
 * Proof verification for `prove(...)` during block execution: the `verify` callback
 * ({@link VerifyRelationFn}) that {@link applyBlock} hands the runtime for each transaction, and
 * the verdict cache that lets the node verify proofs ahead of execution (at mempool admission, on
 * worker threads: node/mempool/proof-verifier.ts) without execution repeating the work.
 *
 * Wire format of `tx.proofs` (docs/transactions.md, docs/privacy.md "Proofs in transactions"):
 * an array of `{ "contract": <40 lower-case hex digits>, "relation": <ABI relation index>,
 * "inputs": {"public": [<encoded values>], "sealed": ["<64 lower-case hex commitment>", …]},
 * "proof": <lower-case hex of the relation proof bytes> }`, at most one entry per
 * `(contract, relation)`. `inputs` is the statement the prover claims: the very inputs the contract
 * will pass to `__host_verify`. A `prove(...)` looks up the entry for the running contract and its
 * relation index, requires the runtime's inputs to equal the declared ones (canonical JSON) and
 * checks the proof with `zk.verifyRelation` bound to {@link PROOF_BINDING_DOMAIN}, the contract
 * address and {@link proofTransactionContext}. A `proofs` slot that does not follow this format
 * (wrong shape, an extra key, a duplicate pair, a cap exceeded) makes every `prove(...)` of the
 * transaction fail; a transaction without `prove(...)` ignores it.
 *
 * Because the statement is declared, a proof's verdict is a pure function of (relation
 * description, contract, declared inputs, proof, transaction context), all known before
 * execution: {@link proofVerdictKey} hashes exactly these, and a verdict computed earlier (by the
 * pool or inline) is reused from {@link ProofVerdictCache}. Cached or not, the answer is the same,
 * so consensus does not depend on what a node happened to verify in advance.
 *
 * Does NOT charge gas (the runtime charges `VERIFY` per `prove(...)`, whatever the proof's size),
 * and does NOT start threads (node/mempool/proof-verifier.ts does).
 * @module
 */
import { createHash } from 'node:crypto';
import { type VerifyRelationFn, zk } from '../../runtime/index.ts';
import { type AbiRelation, type ContractArtifact, canonicalJson } from '../../compiler/index.ts';
import type { SignedTx } from '../types/index.ts';

/** The `domain` of the binding of every relation proof a transaction carries. */
export const PROOF_BINDING_DOMAIN = 'covenant:relation:v1';

/** Most public values in one entry's `inputs.public`. */
export const MAX_PROOF_PUBLIC = 256;
/** Most commitments in one entry's `inputs.sealed`. */
export const MAX_PROOF_SEALED = 256;
/** Largest proof of one entry, in bytes (relation proofs are 1–2 KB). */
export const MAX_PROOF_BYTES = 65_536;

/** The statement of one entry: what the contract passes to `__host_verify`. */
export interface TxProofInputs {
  /** Encoded public operands, as the contract encodes them (docs/artifact.md, Values). */
  readonly public: readonly unknown[];
  /** The sealed operands' commitments, 64 lower-case hex digits each, in sealed-index order. */
  readonly sealed: readonly string[];
}

/** One entry of `tx.proofs`. */
export interface TxProof {
  /** Address of the contract whose ABI holds the relation: 40 lower-case hex digits. */
  readonly contract: string;
  /** The relation's ABI index (the id `prove(...)` passes to `__host_verify`). */
  readonly relation: number;
  /** The statement the proof is for. */
  readonly inputs: TxProofInputs;
  /** The relation proof bytes (`proveRelation`), lower-case hex. */
  readonly proof: string;
}

/** One entry of `tx.proofs` as {@link parseTxProofs} returns it. */
export interface ParsedTxProof {
  readonly contract: string;
  readonly relation: number;
  /** Canonical JSON of the declared `inputs`. */
  readonly inputs: string;
  readonly proof: Uint8Array;
}

const ADDRESS = /^[0-9a-f]{40}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;
const COMMITMENT = /^[0-9a-f]{64}$/;

/**
 * The `transaction` part of a relation proof's binding: known to the prover before signing and
 * unique per included transaction (one transaction per sender and nonce on a chain). The text
 * `["covenant:tx-context:v1","<chainId>","<sender public key hex>","<nonce decimal>"]` (JSON, so
 * the fields cannot run into each other). Not the transaction id: that covers `proofs` itself.
 */
export function proofTransactionContext(tx: Pick<SignedTx, 'chainId' | 'sender' | 'nonce'>): string {
  return JSON.stringify(['covenant:tx-context:v1', tx.chainId, tx.sender, tx.nonce.toString()]);
}

/** Canonical JSON of a declared `inputs` value, or `undefined` when it breaks the shape or caps. */
function parseInputs(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const keys = Object.keys(v).sort();
  if (keys.length !== 2 || keys[0] !== 'public' || keys[1] !== 'sealed') return undefined;
  const { public: pub, sealed } = v as Record<string, unknown>;
  if (!Array.isArray(pub) || pub.length > MAX_PROOF_PUBLIC) return undefined;
  if (!Array.isArray(sealed) || sealed.length > MAX_PROOF_SEALED) return undefined;
  for (const c of sealed) if (typeof c !== 'string' || !COMMITMENT.test(c)) return undefined;
  try {
    return canonicalJson({ public: pub, sealed });
  } catch {
    return undefined;
  }
}

/**
 * Parses `tx.proofs` into a map keyed `<contract>/<relation>`; `undefined` when the slot does not
 * follow the wire format (then every `prove(...)` of the transaction fails). Absent: an empty map.
 */
export function parseTxProofs(proofs: readonly unknown[] | undefined): Map<string, ParsedTxProof> | undefined {
  const out = new Map<string, ParsedTxProof>();
  if (proofs === undefined) return out;
  if (!Array.isArray(proofs)) return undefined;
  for (const entry of proofs) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const keys = Object.keys(entry).sort();
    if (keys.length !== 4 || keys[0] !== 'contract' || keys[1] !== 'inputs' || keys[2] !== 'proof' || keys[3] !== 'relation') return undefined;
    const { contract, relation, inputs, proof } = entry as Record<string, unknown>;
    if (typeof contract !== 'string' || !ADDRESS.test(contract)) return undefined;
    if (typeof relation !== 'number' || !Number.isSafeInteger(relation) || relation < 0) return undefined;
    if (typeof proof !== 'string' || proof.length > 2 * MAX_PROOF_BYTES || !HEX.test(proof)) return undefined;
    const declared = parseInputs(inputs);
    if (declared === undefined) return undefined;
    const key = `${contract}/${relation}`;
    if (out.has(key)) return undefined;
    out.set(key, { contract, relation, inputs: declared, proof: Uint8Array.from(Buffer.from(proof, 'hex')) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Verdicts

/** Checks one relation proof: the pure function every verdict comes from. */
export type RelationCheck = (description: AbiRelation, inputs: string, proof: Uint8Array, binding: zk.RelationBinding) => boolean;

/** `zk.verifyRelation(...).ok`: the check used inline and on the pool's worker threads. */
export const checkRelation: RelationCheck = (description, inputs, proof, binding) => zk.verifyRelation(description, inputs, proof, binding).ok;

/** Tag of {@link proofVerdictKey}. */
export const PROOF_VERDICT_TAG = 'covenant:proof-verdict:v1';

const relationTexts = new WeakMap<AbiRelation, string>();

/** Canonical JSON of a relation description, cached per description object. */
export function relationDescriptionText(description: AbiRelation): string {
  let text = relationTexts.get(description);
  if (text === undefined) relationTexts.set(description, (text = canonicalJson(description)));
  return text;
}

function lpUpdate(h: ReturnType<typeof createHash>, part: string | Uint8Array): void {
  const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  h.update(len);
  h.update(bytes);
}

/**
 * The cache key of a verdict: sha256 over `lp(tag) ‖ lp(cjson(relation description)) ‖
 * lp(binding domain) ‖ lp(contract) ‖ lp(transaction context) ‖ lp(cjson(inputs)) ‖ lp(proof)`,
 * i.e. every input of {@link checkRelation}, so equal keys mean equal verdicts.
 */
export function proofVerdictKey(descriptionText: string, contract: string, transaction: string, inputs: string, proof: Uint8Array): string {
  const h = createHash('sha256');
  for (const part of [PROOF_VERDICT_TAG, descriptionText, PROOF_BINDING_DOMAIN, contract, transaction, inputs, proof]) lpUpdate(h, part);
  return h.digest('hex');
}

/** Default bound of {@link ProofVerdictCache}. */
export const DEFAULT_VERDICT_CACHE_SIZE = 16_384;

/** A bounded LRU map from {@link proofVerdictKey} to the verdict. */
export class ProofVerdictCache {
  readonly #max: number;
  readonly #map = new Map<string, boolean>();
  /** Lookups answered from the cache. */
  hits = 0;
  /** Lookups that found nothing. */
  misses = 0;

  constructor(max = DEFAULT_VERDICT_CACHE_SIZE) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('verdict cache size must be a positive integer');
    this.#max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The cached verdict, without counting a lookup or refreshing it. */
  peek(key: string): boolean | undefined {
    return this.#map.get(key);
  }

  get(key: string): boolean | undefined {
    const v = this.#map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last (Map iteration order is insertion order).
    this.#map.delete(key);
    this.#map.set(key, v);
    return v;
  }

  set(key: string, verdict: boolean): void {
    this.#map.delete(key);
    this.#map.set(key, verdict);
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value as string);
  }

  clear(): void {
    this.#map.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

/**
 * The process's verdict cache: filled by the proof pool (admission, pre-verification of blocks)
 * and by inline verification, read by every {@link txProofVerifier} that is not given another.
 * Sharing it between nodes of one process is safe: a key fixes its verdict.
 */
export const proofVerdicts = new ProofVerdictCache();

/** One proof to verify, with everything its verdict depends on. */
export interface ProofStatement {
  /** {@link proofVerdictKey} of the rest. */
  readonly key: string;
  /** Canonical JSON of the relation description (the ABI entry). */
  readonly relation: string;
  readonly description: AbiRelation;
  readonly contract: string;
  /** {@link proofTransactionContext} of the transaction. */
  readonly transaction: string;
  /** Canonical JSON of the declared inputs. */
  readonly inputs: string;
  readonly proof: Uint8Array;
}

/** Builds a {@link ProofStatement} (computes its key). */
export function proofStatement(description: AbiRelation, contract: string, transaction: string, inputs: string, proof: Uint8Array): ProofStatement {
  const relation = relationDescriptionText(description);
  return { key: proofVerdictKey(relation, contract, transaction, inputs, proof), relation, description, contract, transaction, inputs, proof };
}

/** Verifies a statement inline with `check` (default {@link checkRelation}). */
export function verifyStatement(s: ProofStatement, check: RelationCheck = checkRelation): boolean {
  return check(s.description, s.inputs, s.proof, { domain: PROOF_BINDING_DOMAIN, contract: s.contract, transaction: s.transaction });
}

/**
 * Verifies many statements together with `zk.verifyRelationsBatch` (range proofs combined in one
 * multi-scalar multiplication, culprits re-checked alone): the same verdicts as
 * {@link verifyStatement} one by one, up to the batch check's 2^-128 error.
 */
export function verifyStatementsBatch(statements: readonly Pick<ProofStatement, 'description' | 'contract' | 'transaction' | 'inputs' | 'proof'>[]): boolean[] {
  const items = statements.map((s) => ({ relation: s.description, inputs: s.inputs, proof: s.proof, binding: { domain: PROOF_BINDING_DOMAIN, contract: s.contract, transaction: s.transaction } }));
  return zk.verifyRelationsBatch(items).map((r) => r.ok);
}

/** What {@link txProofStatements} finds in a transaction's `proofs`. */
export interface TxProofStatements {
  /** The slot breaks the wire format (every `prove(...)` of the transaction would fail). */
  readonly malformed: boolean;
  /** Entries for a deployed contract and one of its relations, in slot order. */
  readonly statements: readonly ProofStatement[];
  /** The position in `tx.proofs` of each of `statements`. */
  readonly positions: readonly number[];
  /** Positions of entries naming a relation index the deployed contract does not have (they can never verify). */
  readonly unknownRelations: readonly number[];
  /** Entries for a contract not deployed (per `resolve`): verified at execution. */
  readonly undeployed: number;
}

/**
 * The statements of `tx.proofs` that can be verified before execution: each entry whose contract
 * `resolve` finds, against the relation of its deployed ABI.
 */
export function txProofStatements(tx: SignedTx, resolve: (address: string) => ContractArtifact | undefined, chainId = tx.chainId): TxProofStatements {
  const parsed = parseTxProofs(tx.proofs);
  if (parsed === undefined) return { malformed: true, statements: [], positions: [], unknownRelations: [], undeployed: 0 };
  const transaction = proofTransactionContext({ chainId, sender: tx.sender, nonce: tx.nonce });
  const statements: ProofStatement[] = [];
  const positions: number[] = [];
  const unknownRelations: number[] = [];
  let undeployed = 0;
  // The map holds every entry in slot order (a duplicate makes the slot malformed).
  let at = 0;
  for (const p of parsed.values()) {
    const position = at++;
    const artifact = resolve(p.contract);
    if (artifact === undefined) {
      undeployed++;
      continue;
    }
    const description = artifact.abi.relations?.find((r) => r.index === p.relation);
    if (description === undefined) {
      unknownRelations.push(position);
      continue;
    }
    statements.push(proofStatement(description, p.contract, transaction, p.inputs, p.proof));
    positions.push(position);
  }
  return { malformed: false, statements, positions, unknownRelations, undeployed };
}

/** Options of {@link txProofVerifier}. */
export interface TxProofVerifierOptions {
  /** Where verdicts are looked up and stored (default {@link proofVerdicts}; `null`: none). */
  readonly cache?: ProofVerdictCache | null;
  /** The check run on a cache miss (default {@link checkRelation}). */
  readonly check?: RelationCheck;
}

/**
 * The runtime's `verify` for one transaction: finds the entry for `(address, relation)` in
 * `tx.proofs` and the relation in `resolve(address).abi.relations`, requires the runtime's inputs
 * to equal the entry's declared inputs (canonical JSON), then answers the cached verdict or checks
 * the proof with `zk.verifyRelation` (and caches the verdict). Missing proof, unknown relation,
 * inputs other than declared or any failure: `false`. Deterministic: it depends only on the
 * transaction, the deployed ABI and the inputs, never on the cache's content.
 */
export function txProofVerifier(tx: SignedTx, resolve: (address: string) => ContractArtifact | undefined, chainId = tx.chainId, options: TxProofVerifierOptions = {}): VerifyRelationFn {
  let parsed: Map<string, ParsedTxProof> | undefined | null = null;
  const transaction = proofTransactionContext({ chainId, sender: tx.sender, nonce: tx.nonce });
  const cache = options.cache === undefined ? proofVerdicts : options.cache;
  const check = options.check ?? checkRelation;
  return ({ address, relation, inputs }) => {
    if (parsed === null) parsed = parseTxProofs(tx.proofs);
    const entry = parsed?.get(`${address}/${relation}`);
    if (entry === undefined) return false;
    const description = resolve(address)?.abi.relations?.find((r) => r.index === relation);
    if (description === undefined) return false;
    let actual: string;
    try {
      actual = canonicalJson(JSON.parse(inputs));
    } catch {
      return false;
    }
    if (actual !== entry.inputs) return false;
    let statement: ProofStatement;
    try {
      statement = proofStatement(description, address, transaction, entry.inputs, entry.proof);
    } catch {
      // A description canonical JSON cannot encode (validated artifacts have none): never a throw into the runtime.
      return false;
    }
    const cached = cache?.get(statement.key);
    if (cached !== undefined) return cached;
    let ok: boolean;
    try {
      ok = verifyStatement(statement, check) === true;
    } catch {
      // The proof pool answers `false` for a check that throws (answerProofBatch); so does this,
      // so a verdict never depends on where it was computed.
      ok = false;
    }
    cache?.set(statement.key, ok);
    return ok;
  };
}
