/**
 * Fixtures of the client tests: the real example contracts compiled once per process
 * (`TreatyCurrentAccount`, `QuotaShareTreaty`), and a small in-memory `NodeApi` served by the real
 * RPC server (`startRpcServer`) that admits transactions with signature, chain and nonce checks,
 * commits blocks on demand (or at once with `autoCommit`), and records which methods ran.
 *
 * It does NOT execute contracts: receipts carry the events `eventsFor` returns, views answer what
 * `viewFor` returns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { ContractArtifact } from '../../../compiler/artifact.ts';
import { compile } from '../../../compiler/index.ts';
import type { CommittedBlock, CommittedTx, NodeApi, TxLookup, ViewCall, ViewOutcome } from '../../../node/api.ts';
import { NodeError } from '../../../node/errors.ts';
import { type RpcServer, startRpcServer } from '../../../node/rpc/index.ts';
import type { StoredEvent } from '../../../node/store/index.ts';
import {
  type Header, type Receipt, type ReceiptEvent, type SignedTx, GENESIS_PREV_HASH, blockHash, checkTxSignature, deployAddress, txId, txSenderAddress,
} from '../../../node/types/index.ts';
import { type CovenantClient, connect } from '../../../node/client/index.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const CHAIN = 'covenant-test';

let compiled: Record<string, ContractArtifact> | undefined;

/** The example contracts, compiled from contracts/ (accounts imports quota-share). */
export function artifacts(): { readonly accounts: ContractArtifact; readonly quotaShare: ContractArtifact } {
  if (compiled === undefined) {
    const paths = ['contracts/reinsurance/quota-share.contract.ts', 'contracts/settlement/accounts.contract.ts'];
    const r = compile({
      inputs: paths.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })),
      readFile: (p) => {
        try {
          return readFileSync(join(ROOT, p), 'utf8');
        } catch {
          return undefined;
        }
      },
    });
    expect(r.diagnostics.map((d) => d.message)).toEqual([]);
    compiled = Object.fromEntries(r.artifacts.map((a) => [a.contract, a]));
  }
  return { accounts: compiled['TreatyCurrentAccount'] as ContractArtifact, quotaShare: compiled['QuotaShareTreaty'] as ContractArtifact };
}

export interface FakeNode extends NodeApi {
  /** NodeApi methods called, in order. */
  readonly calls: string[];
  /** Transactions admitted, in order. */
  readonly submitted: SignedTx[];
  readonly pending: Map<string, SignedTx>;
  /** Commit each admitted transaction in its own block right away. */
  autoCommit: boolean;
  /** Events of a committed transaction's receipt. */
  eventsFor: (tx: SignedTx) => readonly ReceiptEvent[];
  /** The answer of a view. */
  viewFor: (call: ViewCall) => ViewOutcome;
  /** Makes the next block of all pending transactions. */
  commit(): CommittedBlock;
  /** Uses `n` nonces of `address` behind the client's back (another process with the same key). */
  useNonces(address: string, n: bigint): void;
  /** Head height. */
  height(): bigint;
}

/** A fresh fake node at height 0 (genesis only). */
export function createFakeNode(): FakeNode {
  const blocks: CommittedBlock[] = [];
  const located = new Map<string, CommittedTx>();
  const committedNonce = new Map<string, bigint>();
  const pending = new Map<string, SignedTx>();
  const waiters = new Map<string, ((c: CommittedTx) => void)[]>();
  const listeners = new Set<(c: CommittedBlock) => void>();
  const code = new Map<string, ContractArtifact>();
  const calls: string[] = [];

  const pendingOf = (address: string): bigint => BigInt([...pending.values()].filter((t) => txSenderAddress(t) === address).length);
  const nextNonce = (address: string): bigint => (committedNonce.get(address) ?? 0n) + pendingOf(address);

  const makeBlock = (txs: readonly SignedTx[]): CommittedBlock => {
    const height = BigInt(blocks.length);
    const header: Header = {
      chainId: CHAIN, height, time: 1_798_761_600_000n + height * 1000n,
      prevHash: blocks.length === 0 ? GENESIS_PREV_HASH : (blocks.at(-1) as CommittedBlock).hash,
      txRoot: 'ab'.repeat(32), receiptRoot: 'ab'.repeat(32), stateRoot: 'ab'.repeat(32),
    };
    const receipts: Receipt[] = txs.map((tx) => ({ txId: txId(tx), status: 'ok', gasUsed: 1000n, events: node.eventsFor(tx), stateDiffHash: 'cd'.repeat(32) }));
    const b: CommittedBlock = { block: { header, txs }, hash: blockHash(header), receipts };
    blocks.push(b);
    txs.forEach((tx, index) => {
      const id = txId(tx);
      const sender = txSenderAddress(tx);
      committedNonce.set(sender, (committedNonce.get(sender) ?? 0n) + 1n);
      pending.delete(id);
      if (tx.kind === 'deploy') code.set(deployAddress(tx), tx.artifact);
      const c: CommittedTx = { txId: id, height, index, receipt: receipts[index] as Receipt };
      located.set(id, c);
      for (const w of waiters.get(id) ?? []) w(c);
      waiters.delete(id);
    });
    for (const l of listeners) l(b);
    return b;
  };

  const node: FakeNode = {
    calls, submitted: [], pending, autoCommit: false,
    eventsFor: () => [],
    viewFor: (call): ViewOutcome => ({ status: 'ok', value: call.args[0] ?? null, gasUsed: 1n, height: BigInt(blocks.length - 1) }),
    status() {
      calls.push('status');
      const head = blocks.at(-1) as CommittedBlock;
      return { chainId: CHAIN, height: head.block.header.height, headHash: head.hash, headTime: head.block.header.time, mempoolSize: pending.size, version: '0.1.0', healthy: true };
    },
    async submitTx(tx) {
      calls.push('submitTx');
      const id = txId(tx);
      if (located.has(id)) return { txId: id, status: 'committed' };
      if (pending.has(id)) return { txId: id, status: 'pending' };
      checkTxSignature(tx);
      if (tx.chainId !== CHAIN) throw new NodeError('NODE_ERR_WRONG_CHAIN', `transaction is for chain "${tx.chainId}"`, { field: 'chainId' });
      const expected = nextNonce(txSenderAddress(tx));
      if (tx.nonce !== expected) throw new NodeError('NODE_ERR_NONCE', `nonce ${tx.nonce} is ${tx.nonce < expected ? 'already used' : 'ahead of the account'}, expected ${expected}`, { field: 'nonce' });
      if (tx.expiry < BigInt(blocks.length)) throw new NodeError('NODE_ERR_EXPIRED', 'expired', { field: 'expiry' });
      pending.set(id, tx);
      node.submitted.push(tx);
      if (node.autoCommit) makeBlock([tx]);
      return { txId: id, status: 'accepted' };
    },
    waitForTx(id, timeoutMs) {
      calls.push('waitForTx');
      const done = located.get(id);
      if (done !== undefined) return Promise.resolve(done);
      if (!pending.has(id)) return Promise.reject(new NodeError('NODE_ERR_NOT_FOUND', `transaction ${id} not found`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new NodeError('NODE_ERR_TIMEOUT', `not committed within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(id, [...(waiters.get(id) ?? []), (c) => (clearTimeout(timer), resolve(c))]);
      });
    },
    async getTx(id): Promise<TxLookup | undefined> {
      calls.push('getTx');
      const c = located.get(id);
      if (c !== undefined) return { status: 'committed', tx: (blocks[Number(c.height)] as CommittedBlock).block.txs[c.index] as SignedTx, height: c.height, index: c.index, receipt: c.receipt };
      const p = pending.get(id);
      return p === undefined ? undefined : { status: 'pending', tx: p };
    },
    async getBlock(height) {
      calls.push('getBlock');
      return blocks[Number(height)];
    },
    callView(call) {
      calls.push('callView');
      if (!code.has(call.contract)) throw new NodeError('NODE_ERR_UNKNOWN_CONTRACT', `no contract at ${call.contract}`, { field: 'address' });
      return node.viewFor(call);
    },
    getState(address, key) {
      calls.push('getState');
      return code.has(address) && key === 's/cedent' ? `"${'c'.repeat(40)}"` : undefined;
    },
    listState(address, prefix, after, limit) {
      calls.push('listState');
      return ['m/balances/a', 'm/balances/b', 's/cedent'].filter((k) => code.has(address) && k.startsWith(prefix) && (after === undefined || k > after)).slice(0, limit);
    },
    async getCode(address) {
      calls.push('getCode');
      return code.get(address);
    },
    async getEvents(contract, fromHeight, limit) {
      calls.push('getEvents');
      const out: StoredEvent[] = [];
      for (const b of blocks) {
        if (b.block.header.height < fromHeight) continue;
        b.receipts.forEach((r, txIndex) => r.events.forEach((event, eventIndex) => {
          if (event.contract === contract) out.push({ height: b.block.header.height, txIndex, eventIndex, event });
        }));
      }
      return out.slice(0, limit);
    },
    nextNonce(account) {
      calls.push('nextNonce');
      return nextNonce(account);
    },
    advanceTime() {
      throw new NodeError('NODE_ERR_UNAVAILABLE', 'not a devnet');
    },
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    commit: () => makeBlock([...pending.values()]),
    useNonces(address, n) {
      committedNonce.set(address, (committedNonce.get(address) ?? 0n) + n);
    },
    height: () => BigInt(blocks.length - 1),
  };
  makeBlock([]);
  return node;
}

const running: { server: RpcServer; clients: CovenantClient[] }[] = [];

afterEach(async () => {
  for (const r of running.splice(0)) {
    for (const c of r.clients) c.close();
    await r.server.close();
  }
});

/** A fake node behind the real RPC server, and a connected client; both closed after the test. */
export async function startNode(): Promise<{ node: FakeNode; server: RpcServer; client: CovenantClient }> {
  const node = createFakeNode();
  const server = await startRpcServer({ api: node, port: 0, log: () => undefined });
  const client = await connect(server.url);
  running.push({ server, clients: [client] });
  return { node, server, client };
}
