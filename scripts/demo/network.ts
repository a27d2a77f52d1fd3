/**
 * The demo's local network and its settlement feed.
 *
 * `startDevnet()` starts a single-validator node in this process (`startNode`) on a fresh
 * temporary data directory initialised with `devnet: true` (so its clock may be moved forward),
 * with the RPC server on a free port, and connects the TypeScript client to it over WebSocket.
 * `stop()` closes the client, stops the node (the block in progress commits first) and removes
 * the directory.
 *
 * `Feed` follows the chain through the `blocks` subscription and `block_get`: every receipt of
 * every committed block, in chain order — transactions (looked up with `tx_get` for the entry and
 * the sender) and the node's own trigger runs (`receipt.trigger`: contract, handler, cause). The
 * caller renders them; `untilScheduled()` waits for a scheduled run, `settled()` until everything
 * caused so far has run and been handed out.
 *
 * It does NOT know the contracts: decoding and wording are the caller's.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDataDir } from '../../node/config.ts';
import { startNode } from '../../node/main.ts';
import { type CovenantClient, type Receipt, type SignedTx, connect } from '../../node/client/index.ts';

/** The reserved address holding nonces, the trigger registry, cursors and queued events. */
export const SYSTEM_ADDRESS = '0'.repeat(40);

/** A running local network. */
export interface Devnet {
  readonly url: string;
  readonly client: CovenantClient;
  readonly chainId: string;
  stop(): Promise<void>;
}

/** Starts a devnet node in this process and connects a client to it. */
export async function startDevnet(): Promise<Devnet> {
  const dir = mkdtempSync(join(tmpdir(), 'covenant-demo-'));
  const chainId = 'covenant-demo';
  try {
    const config = initDataDir(dir, { chainId, genesisTime: BigInt(Date.now()) }, {
      devnet: true,
      rpc: { host: '127.0.0.1', port: 0 },
      verifierThreads: 1,
    });
    const running = await startNode(config, { log: () => {} });
    let client: CovenantClient;
    try {
      client = await connect(running.url);
    } catch (e) {
      await running.stop();
      throw e;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: running.url,
      client,
      chainId,
      stop() {
        stopping ??= (async () => {
          client.close();
          try {
            await running.stop();
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        })();
        return stopping;
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** One receipt of a committed block, with where and when it committed. */
export interface FeedItem {
  readonly height: bigint;
  /** Block time, ms since the epoch. */
  readonly time: bigint;
  /** `YYYY-MM-DD` of the block time (UTC), the contracts' `ctx.date`. */
  readonly date: string;
  readonly receipt: Receipt;
  /** The transaction, for transaction receipts (not for trigger runs). */
  readonly tx: SignedTx | undefined;
}

/** Follows committed blocks in order and hands each receipt to `onItem`. */
export class Feed {
  readonly client: CovenantClient;
  /** Every receipt seen, by id (transaction id or trigger-run id): causes name them. */
  readonly byId = new Map<string, FeedItem>();
  /** Every trigger run seen, in chain order. */
  readonly runs: FeedItem[] = [];
  #processed = 0n;
  #queue: Promise<void> = Promise.resolve();
  #failure: unknown;
  #waiters: { check: () => boolean; resolve: () => void }[] = [];
  #unsubscribe: (() => Promise<unknown>) | undefined;
  readonly #onItem: (item: FeedItem) => void;
  readonly #onBlockEnd: (height: bigint) => void;

  constructor(client: CovenantClient, onItem: (item: FeedItem) => void, onBlockEnd: (height: bigint) => void = () => {}) {
    this.client = client;
    this.#onItem = onItem;
    this.#onBlockEnd = onBlockEnd;
  }

  /** Follows the blocks committed from now on (the current head and earlier ones are skipped). */
  async start(): Promise<void> {
    this.#processed = (await this.client.status()).height;
    const sub = await this.client.subscribeBlocks({ onNotice: (b) => this.#enqueue(b.height) });
    this.#unsubscribe = () => sub.unsubscribe();
    // A block committed between the status and the subscription has no notice of its own.
    this.#enqueue((await this.client.status()).height);
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
  }

  /** Height of the last block handed out. */
  get processed(): bigint {
    return this.#processed;
  }

  #enqueue(height: bigint): void {
    this.#queue = this.#queue.then(async () => {
      if (this.#failure !== undefined) return;
      try {
        while (this.#processed < height) await this.#process(this.#processed + 1n);
      } catch (e) {
        this.#failure = e;
      }
      this.#wake();
    });
  }

  async #process(height: bigint): Promise<void> {
    const block = await this.client.getBlock(height);
    const time = block.header.time;
    const date = new Date(Number(time)).toISOString().slice(0, 10);
    for (const receipt of block.receipts) {
      let tx: SignedTx | undefined;
      if (receipt.trigger === undefined) {
        const found = await this.client.getTx(receipt.txId);
        tx = 'tx' in found ? found.tx : undefined;
      }
      const item: FeedItem = { height, time, date, receipt, tx };
      this.byId.set(receipt.txId, item);
      if (receipt.trigger !== undefined) this.runs.push(item);
      this.#onItem(item);
    }
    this.#onBlockEnd(height);
    this.#processed = height;
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((w) => {
      if (this.#failure !== undefined || w.check()) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves once `check()` holds after a block (or at once); rejects after `timeoutMs`. */
  async wait(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure;
    if (!check()) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve, reject) => {
        this.#waiters.push({ check, resolve });
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      }).finally(() => clearTimeout(timer));
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Waits for the trigger run of `handler` of `contract` for the scheduled date `date`. */
  untilScheduled(contract: string, handler: string, date: string): Promise<void> {
    const cause = `d:${date}`;
    return this.wait(() => this.runs.some((r) => r.receipt.trigger?.contract === contract && r.receipt.trigger.handler === handler && r.receipt.trigger.cause === cause), `${handler} on ${date}`);
  }

  /**
   * Waits until the feed has handed out every committed block and no event is queued for `@on`
   * handlers (no `q/` key under the reserved address): everything caused so far has run.
   */
  async settled(): Promise<void> {
    for (let i = 0; ; i++) {
      const { keys } = await this.client.listState(SYSTEM_ADDRESS, { prefix: 'q/', limit: 1 });
      const { height } = await this.client.status();
      if (keys.length === 0) {
        await this.wait(() => this.#processed >= height, `block ${height}`);
        const again = await this.client.status();
        if (again.height === height) return;
      }
      if (i > 500) throw new Error('the chain did not settle');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
