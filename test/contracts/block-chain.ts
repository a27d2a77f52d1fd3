/**
 * A chain for contract scenario tests that goes through real block execution (applyBlock with
 * triggers, on a temp-dir chain store): signed transactions with per-key nonces, blocks at chosen
 * consensus times, and every transaction's receipt required to succeed unless asked otherwise.
 */
import { expect } from 'vitest';
import type { ContractArtifact } from '../../compiler/index.ts';
import type { Runtime } from '../../runtime/index.ts';
import { type ApplyBlockResult, applyBlock, cachedSource } from '../../node/execution/index.ts';
import { type ChainStore, openChainStore } from '../../node/store/index.ts';
import { GENESIS_PREV_HASH, type JsonValue, type KeyPair, type SignedTx, blockHash, deployAddress, encodePublicKey, signTx } from '../../node/types/index.ts';
import type { ProofContext } from '../../node/client/index.ts';
import { tempDir } from '../node/store/fixtures.ts';

/** A deploy or a call, before signing. */
export type TxBody =
  | { readonly contract: string; readonly entry: string; readonly args: readonly unknown[]; readonly proofs?: (tx: ProofContext) => readonly JsonValue[] }
  | { readonly artifact: ContractArtifact; readonly args: readonly unknown[] };

export class BlockChain {
  readonly chainId: string;
  readonly #runtime: Runtime;
  readonly #dir = tempDir();
  readonly #nonces = new Map<KeyPair, bigint>();
  #store: ChainStore | undefined;

  constructor(runtime: Runtime, chainId = 'contracts-test') {
    this.#runtime = runtime;
    this.chainId = chainId;
  }

  get store(): ChainStore {
    if (this.#store === undefined) throw new Error('BlockChain: open() first');
    return this.#store;
  }

  async open(): Promise<this> {
    this.#store = await openChainStore(this.#dir.dir);
    return this;
  }

  async close(): Promise<void> {
    await this.#store?.close();
    this.#dir.cleanup();
  }

  /** Signs `body` with `keys` and the key's next nonce. */
  tx(keys: KeyPair, body: TxBody): SignedTx {
    const nonce = this.#nonces.get(keys) ?? 0n;
    this.#nonces.set(keys, nonce + 1n);
    const common = { chainId: this.chainId, sender: encodePublicKey(keys.publicKey), nonce, expiry: 1n << 40n, gasLimit: 10_000_000n };
    const tx = 'artifact' in body
      ? { kind: 'deploy' as const, ...common, artifact: body.artifact, args: body.args as never }
      : { kind: 'call' as const, ...common, contract: body.contract, entry: body.entry, args: body.args as never, ...(body.proofs === undefined ? {} : { proofs: body.proofs(common) }) };
    return signTx(tx, keys.secretKey);
  }

  /** A deploy transaction and the address it creates. */
  deploy(keys: KeyPair, artifact: ContractArtifact, args: readonly unknown[]): { readonly tx: SignedTx; readonly address: string } {
    const tx = this.tx(keys, { artifact, args });
    return { tx, address: deployAddress(tx as Extract<SignedTx, { kind: 'deploy' }>) };
  }

  /** Executes and commits a block at `time`; every transaction must succeed unless `allowFailures`. */
  async commit(txs: readonly SignedTx[], time: bigint, allowFailures = false): Promise<ApplyBlockResult> {
    const store = this.store;
    const head = store.head;
    const height = head === undefined ? 0n : head.height + 1n;
    const r = await applyBlock({ runtime: this.#runtime, source: cachedSource(store), chainId: this.chainId, height, time, prevHash: head?.hash ?? GENESIS_PREV_HASH, txs });
    await store.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
    if (!allowFailures) for (const [i, receipt] of r.receipts.slice(0, r.block.txs.length).entries()) expect(receipt.status, `tx ${i}: ${receipt.error?.message}`).toBe('ok');
    return r;
  }
}

/** Consensus time of `date` at 09:00 UTC. */
export const at = (date: string): bigint => BigInt(Date.parse(`${date}T09:00:00Z`));

/** USD amount in cents as the wire encoding. */
export const usd = (cents: bigint): { amount: string; currency: string } => ({ amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`, currency: 'USD' });

/** Cents of a stored money value (state text), 0 when absent. */
export const centsOf = (text: string | undefined): bigint => {
  const m = JSON.parse(text ?? 'null') as { amount: string } | null;
  return m === null ? 0n : BigInt(m.amount.replace('.', ''));
};
