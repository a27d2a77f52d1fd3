/**
 * Shared builders for the proof tests (node/execution/proofs.ts, node/mempool/proof-verifier.ts):
 * the Vault contract with a comparison and an equality relation, sealed amounts, real relation
 * proofs bound to a transaction (`zk.proveRelation`), and signed calls and deploys carrying them.
 */
import type { AbiRelation, ContractArtifact } from '../../../compiler/index.ts';
import { commitmentHex, createCommitment, proveRelation, proveSealedRange, type SealedOperand } from '../../../runtime/zk/index.ts';
import { PROOF_BINDING_DOMAIN, proofTransactionContext, type TxProof } from '../../../node/execution/proofs.ts';
import { type KeyPair, type SignedTx, encodePublicKey, signTx } from '../../../node/types/index.ts';
import { compileContracts } from '../../helpers/runtime-host.ts';
import { CHAIN } from '../types/fixtures.ts';

const { Vault } = compileContracts(`
@contract
export class Vault {
  limit: Money<'USD'> = money(100, 'USD');
  checked: Int = 0;
  constructor() {}
  @entry within(x: Sealed<Money<'USD'>>): void { prove(x <= this.limit); this.checked += 1; }
  @entry sum(a: Sealed<Money<'USD'>>, b: Sealed<Money<'USD'>>, c: Sealed<Money<'USD'>>): void { prove(a + b == c); this.checked += 1; }
}
`) as Record<string, ContractArtifact>;

export const VAULT = Vault as ContractArtifact;

export function vaultRelation(text: string): AbiRelation {
  const r = VAULT.abi.relations.find((x) => x.text === text);
  if (r === undefined) throw new Error(`no relation ${text}`);
  return r;
}

export const WITHIN = vaultRelation('x <= this.limit');
export const SUM = vaultRelation('a + b == c');
/** The encoding of the Vault's `limit`: the public operand of WITHIN. */
export const LIMIT = { amount: '100.00', currency: 'USD' };

export const FAR = 1n << 40n;

/**
 * A sealed USD amount in cents: its opening (for the prover) and its argument encoding, with the
 * range certificate every sealed number entering a contract carries.
 */
export function sealed(cents: bigint): { operand: SealedOperand; arg: { ct: string; commitment: string; range: string } } {
  const c = createCommitment(cents);
  const range = Buffer.from(proveSealedRange(c.commitment, c.opening)).toString('hex');
  return { operand: { commitment: c.commitment, opening: c.opening }, arg: { ct: `ct-${cents}`, commitment: commitmentHex(c.commitment), range } };
}

/** Hex of an operand's commitment, as in `__host_verify` inputs. */
export function commitmentOf(o: SealedOperand): string {
  return typeof o.commitment === 'string' ? o.commitment : commitmentHex(o.commitment);
}

/**
 * A `tx.proofs` entry: proves `rel` for `publics` and `operands`, bound to `contract` and the
 * transaction of `keys` at `nonce` on `chainId`, declaring those inputs.
 */
export function prove(rel: AbiRelation, publics: unknown[], operands: SealedOperand[], contract: string, keys: KeyPair, nonce: bigint, chainId = CHAIN): TxProof {
  const transaction = proofTransactionContext({ chainId, sender: encodePublicKey(keys.publicKey), nonce });
  const proof = proveRelation(rel, publics, operands, { domain: PROOF_BINDING_DOMAIN, contract, transaction });
  return { contract, relation: rel.index, inputs: { public: publics, sealed: operands.map(commitmentOf) }, proof: Buffer.from(proof).toString('hex') };
}

/** One bit of a hex proof flipped (at hex digit `at`). */
export function tamper(p: TxProof, at = 100): TxProof {
  return { ...p, proof: p.proof.slice(0, at) + (p.proof[at] === '0' ? '1' : '0') + p.proof.slice(at + 1) };
}

export interface Call {
  readonly keys: KeyPair;
  readonly nonce: bigint;
  readonly contract: string;
  readonly entry: string;
  readonly args: unknown[];
  readonly proofs?: unknown[];
  readonly chainId?: string;
}

export function callTx(c: Call): SignedTx {
  return signTx(
    {
      kind: 'call', chainId: c.chainId ?? CHAIN, sender: encodePublicKey(c.keys.publicKey), nonce: c.nonce, expiry: FAR, gasLimit: 1_000_000n, contract: c.contract, entry: c.entry,
      args: c.args as never, ...(c.proofs === undefined ? {} : { proofs: c.proofs as never }),
    },
    c.keys.secretKey,
  );
}

export function deployVaultTx(keys: KeyPair, nonce: bigint, chainId = CHAIN): SignedTx {
  return signTx({ kind: 'deploy', chainId, sender: encodePublicKey(keys.publicKey), nonce, expiry: FAR, gasLimit: 2_000_000n, artifact: VAULT, args: [] }, keys.secretKey);
}
