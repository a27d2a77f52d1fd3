/**
 * An in-memory `NodeApi` for the RPC server tests: a genesis block and a block 1 with one committed
 * call (and its event), one pending transaction, a deployed artifact, a little state. `commit()`
 * makes the next block from pending transactions and fires `onCommit`; `drop()` evicts a pending one;
 * `faults` makes a method throw; `calls` records which methods ran. `waitForTx` honours its
 * AbortSignal as the node does (the waiter and its timer go at once); `waitCount()` tells how many
 * waits are still registered.
 *
 * It does NOT execute contracts, check signatures or nonces, or persist anything.
 */
import type { ContractArtifact } from '../../../compiler/artifact.ts';
import type { CommittedBlock, CommittedTx, NodeApi, NodeStatus, SubmitOutcome, TxLookup, ViewCall, ViewOutcome } from '../../../node/api.ts';
import { NodeError } from '../../../node/errors.ts';
import type { StoredEvent } from '../../../node/store/index.ts';
import { type Header, type Receipt, type SignedTx, GENESIS_PREV_HASH, blockHash, signTx, txId } from '../../../node/types/index.ts';
import { ALICE, CHAIN, CONTRACT, sampleArtifact, sampleCall } from '../types/fixtures.ts';

export { CHAIN, CONTRACT };
export const TIME0 = 1_798_761_600_000n;
const ZERO_HASH = 'ab'.repeat(32);
export const ALICE_ADDRESS = '11'.repeat(20);

/** A signed call of `CONTRACT` by ALICE with `nonce`. */
export function signedCall(nonce: bigint, args: readonly string[] = ['5']): SignedTx {
  return signTx(sampleCall({ nonce, args }), ALICE.secretKey);
}

export type FakeMethod = keyof NodeApi;

export interface FakeApi extends NodeApi {
  /** Methods called, in order. */
  readonly calls: FakeMethod[];
  /** A method named here throws the value instead of running. */
  readonly faults: Map<FakeMethod, unknown>;
  readonly artifact: ContractArtifact;
  /** Committed state of `CONTRACT`, key → text; tests may change it. */
  readonly state: Map<string, string>;
  /** The transaction committed in block 1 and the one pending at start. */
  readonly committedTx: SignedTx;
  readonly pendingTx: SignedTx;
  /** Listeners currently registered with onCommit. */
  listenerCount(): number;
  /** Waits registered by waitForTx and not yet settled or aborted. */
  waitCount(): number;
  /**
   * Commits the pending transactions (or none) as the next block; each receipt has one `Added` event.
   * With `only`, commits just the pending transactions of those ids (`[]`: an empty block).
   */
  commit(only?: readonly string[]): CommittedBlock;
  /** Evicts a pending transaction: its waiters reject with NODE_ERR_DROPPED. */
  drop(id: string): void;
}

function receiptFor(tx: SignedTx, n: number): Receipt {
  return { txId: txId(tx), status: 'ok', gasUsed: 1000n + BigInt(n), events: [{ contract: CONTRACT, name: 'Added', data: { n: String(n) } }], stateDiffHash: 'cd'.repeat(32) };
}

export function createFakeApi(): FakeApi {
  const calls: FakeMethod[] = [];
  const faults = new Map<FakeMethod, unknown>();
  const artifact = sampleArtifact();
  const blocks: CommittedBlock[] = [];
  const located = new Map<string, { height: bigint; index: number }>();
  const pending = new Map<string, SignedTx>();
  const waiters = new Map<string, { resolve: (c: CommittedTx) => void; reject: (e: unknown) => void }[]>();
  const listeners = new Set<(c: CommittedBlock) => void>();

  const makeBlock = (txs: readonly SignedTx[]): CommittedBlock => {
    const height = BigInt(blocks.length);
    const header: Header = {
      chainId: CHAIN, height, time: TIME0 + height * 1000n, prevHash: blocks.length === 0 ? GENESIS_PREV_HASH : (blocks.at(-1) as CommittedBlock).hash,
      txRoot: ZERO_HASH, receiptRoot: ZERO_HASH, stateRoot: ZERO_HASH,
    };
    const committed: CommittedBlock = { block: { header, txs }, hash: blockHash(header), receipts: txs.map((tx, i) => receiptFor(tx, blocks.length * 10 + i)) };
    blocks.push(committed);
    txs.forEach((tx, index) => located.set(txId(tx), { height, index }));
    return committed;
  };
  const committedTx = (id: string): CommittedTx | undefined => {
    const at = located.get(id);
    if (at === undefined) return undefined;
    const b = blocks[Number(at.height)] as CommittedBlock;
    return { txId: id, height: at.height, index: at.index, receipt: b.receipts[at.index] as Receipt };
  };

  const first = signedCall(0n);
  const second = signedCall(1n);
  makeBlock([]);
  makeBlock([first]);
  pending.set(txId(second), second);

  const state = new Map<string, string>([['s/count', '"5"'], ['s/owner', `"${ALICE_ADDRESS}"`], ['t/x', '"1"']]);

  const api: Omit<NodeApi, never> = {
    status(): NodeStatus {
      const head = blocks.at(-1) as CommittedBlock;
      return { chainId: CHAIN, height: head.block.header.height, headHash: head.hash, headTime: head.block.header.time, mempoolSize: pending.size, version: '0.1.0', healthy: true };
    },
    async submitTx(tx): Promise<SubmitOutcome> {
      const id = txId(tx);
      if (located.has(id)) return { txId: id, status: 'committed' };
      if (pending.has(id)) return { txId: id, status: 'pending' };
      pending.set(id, tx);
      return { txId: id, status: 'accepted' };
    },
    waitForTx(id, timeoutMs, signal) {
      if (signal?.aborted === true) return Promise.reject(signal.reason);
      const done = committedTx(id);
      if (done !== undefined) return Promise.resolve(done);
      if (!pending.has(id)) return Promise.reject(new NodeError('NODE_ERR_NOT_FOUND', `transaction ${id} not found`));
      return new Promise<CommittedTx>((resolve, reject) => {
        const forget = (): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const list = waiters.get(id) ?? [];
          const i = list.indexOf(waiter);
          if (i >= 0) list.splice(i, 1);
          if (list.length === 0) waiters.delete(id);
        };
        const onAbort = (): void => {
          forget();
          reject(signal?.reason);
        };
        const timer = setTimeout(() => {
          forget();
          reject(new NodeError('NODE_ERR_TIMEOUT', `not committed within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = { resolve: (c: CommittedTx) => (forget(), resolve(c)), reject: (e: unknown) => (forget(), reject(e)) };
        const list = waiters.get(id) ?? [];
        list.push(waiter);
        waiters.set(id, list);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    async getTx(id): Promise<TxLookup | undefined> {
      const c = committedTx(id);
      if (c !== undefined) return { status: 'committed', tx: (blocks[Number(c.height)] as CommittedBlock).block.txs[c.index] as SignedTx, height: c.height, index: c.index, receipt: c.receipt };
      const p = pending.get(id);
      return p === undefined ? undefined : { status: 'pending', tx: p };
    },
    async getBlock(height) {
      return height < BigInt(blocks.length) ? blocks[Number(height)] : undefined;
    },
    callView(call: ViewCall): ViewOutcome {
      if (call.contract !== CONTRACT) throw new NodeError('NODE_ERR_UNKNOWN_CONTRACT', `no contract at ${call.contract}`);
      const height = BigInt(blocks.length - 1);
      if (call.view === 'fails') return { status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'refused' }, gasUsed: 7n, height };
      return { status: 'ok', value: { view: call.view, args: [...call.args], caller: call.caller ?? null, gasLimit: call.gasLimit?.toString() ?? null }, gasUsed: 42n, height };
    },
    getState(address, key) {
      return address === CONTRACT ? state.get(key) : undefined;
    },
    listState(address, prefix, after, limit) {
      if (address !== CONTRACT) return [];
      return [...state.keys()].sort().filter((k) => k.startsWith(prefix) && (after === undefined || k > after)).slice(0, limit);
    },
    async getCode(address) {
      return address === CONTRACT ? artifact : undefined;
    },
    async getEvents(contract, fromHeight, limit): Promise<readonly StoredEvent[]> {
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
      return account === ALICE_ADDRESS ? 2n : 0n;
    },
    advanceTime(ms) {
      if (ms > 10n ** 12n) throw new NodeError('NODE_ERR_UNAVAILABLE', 'not a devnet');
      return 1_000n + ms;
    },
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  // Every method records its call and honours `faults`, so tests can see what ran.
  const wrapped = {} as Record<string, unknown>;
  for (const [name, f] of Object.entries(api) as [FakeMethod, (...a: unknown[]) => unknown][]) {
    wrapped[name] = (...args: unknown[]) => {
      calls.push(name);
      if (faults.has(name)) throw faults.get(name);
      return f(...args);
    };
  }

  return {
    ...(wrapped as unknown as NodeApi),
    calls, faults, artifact, state, committedTx: first, pendingTx: second,
    listenerCount: () => listeners.size,
    waitCount: () => [...waiters.values()].reduce((n, list) => n + list.length, 0),
    commit(only) {
      const txs = [...pending.values()].filter((tx) => only === undefined || only.includes(txId(tx)));
      for (const tx of txs) pending.delete(txId(tx));
      const committed = makeBlock(txs);
      for (const tx of txs) {
        const id = txId(tx);
        for (const w of [...(waiters.get(id) ?? [])]) w.resolve(committedTx(id) as CommittedTx);
        waiters.delete(id);
      }
      for (const l of listeners) l(committed);
      return committed;
    },
    drop(id) {
      pending.delete(id);
      for (const w of [...(waiters.get(id) ?? [])]) w.reject(new NodeError('NODE_ERR_DROPPED', `transaction ${id} was dropped`));
      waiters.delete(id);
    },
  };
}
