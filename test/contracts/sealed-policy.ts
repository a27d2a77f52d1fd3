/**
 * Sealed policy data for the quota-share scenario tests: the cedent's sealed identity, sum insured
 * and peril of one policy (real envelopes and commitments, under a data key the test holds), and
 * the proof that a claim is within the sealed sum insured, as `recordClaim` requires.
 */
import { sealing } from '../../runtime/index.ts';
import { type ProofContext, type SealedResult, relationProofs, sealValue } from '../../node/client/index.ts';
import type { ContractArtifact } from '../../compiler/index.ts';
import type { JsonValue } from '../../node/types/index.ts';
import { usd } from './block-chain.ts';

/** The text of recordClaim's relation in the quota share's ABI. */
export const CLAIM_WITHIN_SUM_INSURED = 'grossLoss <= policy.sumInsured';

export interface SealedPolicy {
  /** insuredName, sumInsured, peril: the sealed arguments of recordPolicy. */
  readonly args: readonly JsonValue[];
  readonly sumInsured: SealedResult;
  /** The proofs of recordClaim for a gross loss in cents. */
  claimProofs(grossCents: bigint): (tx: ProofContext) => readonly JsonValue[];
}

/** Seals policy `policyId` of the treaty at `contract` with sum insured `sumInsuredCents`. */
export function sealedPolicy(qs: ContractArtifact, contract: string, policyId: string, sumInsuredCents: bigint, insured = 'Harbour Logistics Ltd', peril = 'fire / warehouse'): SealedPolicy {
  const record = `policy/${policyId}`;
  const key = (field: string) => ({ contract, record, field, keyVersion: 1, dataKey: sealing.generateDataKey() });
  const name = sealValue({ ...key('insuredName'), type: { kind: 'string' }, value: insured });
  const sumInsured = sealValue({ ...key('sumInsured'), type: { kind: 'money', currency: 'USD' }, value: usd(sumInsuredCents) });
  const perilValue = sealValue({ ...key('peril'), type: { kind: 'string' }, value: peril });
  return {
    args: [name.sealed, sumInsured.sealed, perilValue.sealed],
    sumInsured,
    claimProofs: (grossCents) => relationProofs(qs, contract, [
      { relation: CLAIM_WITHIN_SUM_INSURED, public: [usd(grossCents)], sealed: [{ commitment: sumInsured.commitment as string, opening: sumInsured.opening as never }] },
    ]),
  };
}
