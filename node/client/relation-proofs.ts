/**
 * The client-side prover of `prove(...)` (issue 5, docs/privacy.md "Proving from the client"):
 * builds the `tx.proofs` entries a call needs from the caller's openings and the relation
 * descriptions in the contract's ABI. Pass the result as `SendOptions.proofs`; the signer calls it
 * with the transaction's chain, sender and nonce, which every proof is bound to.
 *
 * The caller states, per relation, the public operand values the contract will pass at run time
 * (its own arguments, or state such as a limit, read before sending) and the sealed operands'
 * openings. A value that differs at execution makes the call fail with `RT_ERR_PROOF_INVALID`,
 * never succeed wrongly: the node checks the declared statement against the real one.
 *
 * It does NOT send anything or read state.
 * @module
 */
import type { AbiRelation, ContractArtifact } from '../../compiler/artifact.ts';
import { zk } from '../../runtime/index.ts';
import { NodeError } from '../errors.ts';
import { PROOF_BINDING_DOMAIN, proofTransactionContext } from '../execution/proofs.ts';
import type { JsonValue } from '../types/index.ts';
import type { ProofContext } from './signer.ts';

/** One sealed operand: its commitment (hex, as in the `Sealed` value) and opening. */
export interface SealedOpening {
  readonly commitment: string;
  readonly opening: zk.Opening;
}

/** One `prove(...)` to prove: the relation (ABI index or its source text) and its operands. */
export interface RelationProofRequest {
  readonly relation: number | string;
  /** Public operands in the relation's order, wire-encoded (`"0.8"`, `{"amount":"10.00","currency":"USD"}`). */
  readonly public: readonly unknown[];
  /** Sealed operands in the relation's order. */
  readonly sealed: readonly SealedOpening[];
}

/** Finds a relation of an artifact by index or source text (`NODE_ERR_BAD_ARGUMENTS` when absent or ambiguous). */
export function findRelation(artifact: Pick<ContractArtifact, 'abi'>, relation: number | string): AbiRelation {
  const all = artifact.abi.relations ?? [];
  const found = typeof relation === 'number' ? all.filter((r) => r.index === relation) : all.filter((r) => r.text === relation);
  if (found.length !== 1) {
    const known = all.map((r) => `${r.index}: ${r.text}`).join('; ') || 'none';
    throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${artifact.abi.contract} has ${found.length === 0 ? 'no' : 'more than one'} relation ${JSON.stringify(relation)} (relations: ${known})`);
  }
  return found[0] as AbiRelation;
}

/**
 * The `proofs` option of a call proving `requests` for the contract at `address`.
 * @example
 * await signer.call(treaty, 'adviseLargeLoss', ['C-1', 'P-1', claim.sealed], {
 *   wait: true,
 *   proofs: relationProofs(treaty.artifact, treaty.address, [{ relation: 'claimAmount <= this.perRiskLimit', public: [limit], sealed: [claim] }]),
 * });
 */
export function relationProofs(artifact: Pick<ContractArtifact, 'abi'>, address: string, requests: readonly RelationProofRequest[]): (tx: ProofContext) => JsonValue[] {
  const resolved = requests.map((r) => ({ r, relation: findRelation(artifact, r.relation) }));
  return (tx) =>
    resolved.map(({ r, relation }) => {
      const binding = { domain: PROOF_BINDING_DOMAIN, contract: address, transaction: proofTransactionContext(tx) };
      const proof = zk.proveRelation(relation, r.public, r.sealed.map((s) => ({ commitment: s.commitment, opening: s.opening })), binding);
      return {
        contract: address,
        relation: relation.index,
        inputs: { public: r.public as JsonValue[], sealed: r.sealed.map((s) => s.commitment) },
        proof: Buffer.from(proof).toString('hex'),
      };
    });
}
