/** Shared builders for the node/store tests and the crash child: temp dirs, signed blocks with receipts and diffs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateDiffEntry } from '../../../runtime/index.ts';
import type { Head } from '../../../node/store/keys.ts';
import {
  type Block, type Receipt, type SignedTx, GENESIS_PREV_HASH, blockHash, receiptRoot, signTx, txId, txRoot,
} from '../../../node/types/index.ts';
import { ALICE, CHAIN, CONTRACT, sampleCall, sampleDeploy } from '../types/fixtures.ts';

export { ALICE, CHAIN, CONTRACT, sampleArtifact, sampleCall, sampleDeploy } from '../types/fixtures.ts';

/** A fresh temp directory and its cleanup. */
export function tempDir(): { readonly dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'covenant-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const ZERO_HASH = '0'.repeat(64);

/** A successful receipt for `tx` with `events` emitted by {@link CONTRACT}. */
export function okReceipt(tx: SignedTx, events: readonly { name: string; data: string }[] = []): Receipt {
  return { txId: txId(tx), status: 'ok', gasUsed: 1000n, events: events.map((e) => ({ contract: CONTRACT, ...e })), stateDiffHash: ZERO_HASH };
}

/** A failed receipt for `tx`. */
export function failedReceipt(tx: SignedTx): Receipt {
  return { txId: txId(tx), status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'no' }, gasUsed: 10n, events: [], stateDiffHash: ZERO_HASH };
}

/** Signed calls of ALICE with nonces `first, first + 1, …`. */
export function calls(first: bigint, count: number): SignedTx[] {
  return Array.from({ length: count }, (_, i) => signTx(sampleCall({ nonce: first + BigInt(i), expiry: 1n << 40n }), ALICE.secretKey));
}

/** A signed deploy of the sample artifact by ALICE at `nonce`. */
export function deploy(nonce: bigint): SignedTx {
  return signTx(sampleDeploy({ nonce, expiry: 1n << 40n }), ALICE.secretKey);
}

/** A block at `height` after `prev` with `txs` and `receipts`; `stateRoot` defaults to zeros. */
export function makeBlock(prev: Head | undefined, txs: readonly SignedTx[], receipts: readonly Receipt[], stateRoot = ZERO_HASH): { block: Block; head: Head } {
  const height = prev === undefined ? 0n : prev.height + 1n;
  const header = {
    chainId: CHAIN, height, time: 1_798_761_600_000n + height, prevHash: prev === undefined ? GENESIS_PREV_HASH : prev.hash,
    txRoot: txRoot(txs), receiptRoot: receiptRoot(receipts), stateRoot,
  };
  return { block: { header, txs }, head: { height, hash: blockHash(header) } };
}

/** A diff entry of {@link CONTRACT}. */
export function put(key: string, value: string | undefined, address = CONTRACT): StateDiffEntry {
  return { address, key, value };
}
