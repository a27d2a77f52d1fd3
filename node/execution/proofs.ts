/**
 * Proof verification for `prove(...)` during block execution: the `verify` callback
 * ({@link VerifyRelationFn}) that {@link applyBlock} hands the runtime for each transaction.
 *
 * Wire format of `tx.proofs` (docs/transactions.md, docs/privacy.md "Proofs in transactions"):
 * an array of `{ "contract": <40 lower-case hex digits>, "relation": <ABI relation index>,
 * "proof": <lower-case hex of the relation proof bytes> }`, at most one entry per
 * `(contract, relation)`. A `prove(...)` looks up the entry for the running contract and its
 * relation index and checks it with `zk.verifyRelation` against the inputs the runtime passes,
 * bound to {@link PROOF_BINDING_DOMAIN}, the contract address and {@link proofTransactionContext}.
 * A `proofs` slot that does not follow this format (wrong shape, an extra key, a duplicate pair)
 * makes every `prove(...)` of the transaction fail; a transaction without `prove(...)` ignores it.
 *
 * Does NOT charge gas (the runtime charges `VERIFY` per `prove(...)`, whatever the proof's size).
 * @module
 */
import { type VerifyRelationFn, zk } from '../../runtime/index.ts';
import type { ContractArtifact } from '../../compiler/index.ts';
import type { SignedTx } from '../types/index.ts';

/** The `domain` of the binding of every relation proof a transaction carries. */
export const PROOF_BINDING_DOMAIN = 'covenant:relation:v1';

/** One entry of `tx.proofs`. */
export interface TxProof {
  /** Address of the contract whose ABI holds the relation: 40 lower-case hex digits. */
  readonly contract: string;
  /** The relation's ABI index (the id `prove(...)` passes to `__host_verify`). */
  readonly relation: number;
  /** The relation proof bytes (`proveRelation`), lower-case hex. */
  readonly proof: string;
}

const ADDRESS = /^[0-9a-f]{40}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;

/**
 * The `transaction` part of a relation proof's binding: known to the prover before signing and
 * unique per included transaction (one transaction per sender and nonce on a chain). The text
 * `["covenant:tx-context:v1","<chainId>","<sender public key hex>","<nonce decimal>"]` (JSON, so
 * the fields cannot run into each other). Not the transaction id: that covers `proofs` itself.
 */
export function proofTransactionContext(tx: Pick<SignedTx, 'chainId' | 'sender' | 'nonce'>): string {
  return JSON.stringify(['covenant:tx-context:v1', tx.chainId, tx.sender, tx.nonce.toString()]);
}

/**
 * Parses `tx.proofs` into a map keyed `<contract>/<relation>`; `undefined` when the slot does not
 * follow the wire format (then every `prove(...)` of the transaction fails). Absent: an empty map.
 */
export function parseTxProofs(proofs: readonly unknown[] | undefined): Map<string, Uint8Array> | undefined {
  const out = new Map<string, Uint8Array>();
  if (proofs === undefined) return out;
  for (const entry of proofs) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
    const keys = Object.keys(entry).sort();
    if (keys.length !== 3 || keys[0] !== 'contract' || keys[1] !== 'proof' || keys[2] !== 'relation') return undefined;
    const { contract, relation, proof } = entry as Record<string, unknown>;
    if (typeof contract !== 'string' || !ADDRESS.test(contract)) return undefined;
    if (typeof relation !== 'number' || !Number.isSafeInteger(relation) || relation < 0) return undefined;
    if (typeof proof !== 'string' || !HEX.test(proof)) return undefined;
    const key = `${contract}/${relation}`;
    if (out.has(key)) return undefined;
    out.set(key, Uint8Array.from(Buffer.from(proof, 'hex')));
  }
  return out;
}

/**
 * The runtime's `verify` for one transaction: finds the proof for `(address, relation)` in
 * `tx.proofs`, the relation in `resolve(address).abi.relations` and checks the proof with
 * `zk.verifyRelation`. Missing proof, unknown relation or any failure: `false`. Deterministic:
 * it depends only on the transaction, the deployed ABI and the inputs.
 */
export function txProofVerifier(tx: SignedTx, resolve: (address: string) => ContractArtifact | undefined, chainId = tx.chainId): VerifyRelationFn {
  let parsed: Map<string, Uint8Array> | undefined | null = null;
  const transaction = proofTransactionContext({ chainId, sender: tx.sender, nonce: tx.nonce });
  return ({ address, relation, inputs }) => {
    if (parsed === null) parsed = parseTxProofs(tx.proofs);
    const proof = parsed?.get(`${address}/${relation}`);
    if (proof === undefined) return false;
    const description = resolve(address)?.abi.relations?.find((r) => r.index === relation);
    if (description === undefined) return false;
    return zk.verifyRelation(description, inputs, proof, { domain: PROOF_BINDING_DOMAIN, contract: address, transaction }).ok;
  };
}
