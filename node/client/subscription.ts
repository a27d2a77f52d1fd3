/**
 * A subscription to node notifications (docs/rpc.md, Notifications), consumed either with a
 * callback or as an async iterable (`for await (const block of sub)`), decoded by the caller's
 * decoder. `unsubscribe()` stops it; breaking out of a `for await` does the same. It ends by itself
 * when the connection closes (`done` resolves with the `NODE_ERR_UNREACHABLE` error, a `for await`
 * throws it) and, for one-shot topics (`receipt`), after the first notification.
 *
 * Without a callback, notifications wait in a buffer until iterated; a buffer past `maxBuffered`
 * ends the subscription with `NODE_ERR_RATE_LIMITED` rather than growing without bound.
 *
 * It does NOT reconnect or resubscribe after the connection closes.
 * @module
 */
import { NodeError } from '../errors.ts';
import type { Connection, SubscriptionListener } from './connection.ts';

/** Default most undelivered notifications held for an iterator. */
export const DEFAULT_MAX_BUFFERED = 10_000;

/** Options of a subscription. */
export interface SubscriptionOptions<T> {
  /** Receives each notification; without it, iterate the subscription. */
  readonly onNotice?: (notice: T) => void;
  /** Most notifications buffered for an iterator (default {@link DEFAULT_MAX_BUFFERED}). */
  readonly maxBuffered?: number;
}

/** Parameters of {@link Subscription.open}. */
export interface OpenSubscriptionParameters<T> extends SubscriptionOptions<T> {
  readonly connection: Connection;
  readonly params: Record<string, unknown>;
  /** Decodes one notification `result`; a throw ends the subscription with that error. */
  readonly decode: (result: unknown) => T;
  /** The topic sends one notification, then the node ends the subscription. */
  readonly once?: boolean;
}

/**
 * A live subscription.
 * @example
 * const sub = await client.subscribeBlocks();
 * for await (const block of sub) { console.log(block.height); if (block.height > 10n) break; }
 */
export class Subscription<T> implements AsyncIterable<T> {
  /** Resolves when the subscription ends: `undefined` after `unsubscribe()` or a one-shot notice, else the error. */
  readonly done: Promise<NodeError | undefined>;
  readonly #connection: Connection;
  readonly #decode: (result: unknown) => T;
  readonly #onNotice: ((notice: T) => void) | undefined;
  readonly #maxBuffered: number;
  readonly #once: boolean;
  readonly #buffer: T[] = [];
  readonly #waiters: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  #resolveDone!: (e: NodeError | undefined) => void;
  #ended: { error: NodeError | undefined } | undefined;
  #id: string | undefined;

  private constructor(p: OpenSubscriptionParameters<T>) {
    this.#connection = p.connection;
    this.#decode = p.decode;
    this.#onNotice = p.onNotice;
    this.#maxBuffered = p.maxBuffered ?? DEFAULT_MAX_BUFFERED;
    this.#once = p.once ?? false;
    this.done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
  }

  /** Sends `subscribe` and resolves once the node confirmed it; rejects with the node's error. */
  static async open<T>(p: OpenSubscriptionParameters<T>): Promise<Subscription<T>> {
    const sub = new Subscription(p);
    const listener: SubscriptionListener = {
      notify: (result) => sub.#notify(result),
      end: (error) => sub.#end(error),
    };
    sub.#id = await p.connection.subscribe(p.params, listener);
    // A one-shot notice may have arrived in the same read as the answer.
    if (sub.#ended !== undefined) p.connection.forget(sub.#id);
    return sub;
  }

  /** The node's subscription id. */
  get id(): string {
    return this.#id as string;
  }

  /** Whether the subscription has ended. */
  get ended(): boolean {
    return this.#ended !== undefined;
  }

  /** Stops the subscription; resolves with the node's `removed` (false if it had ended). */
  async unsubscribe(): Promise<boolean> {
    if (this.#ended !== undefined) return false;
    this.#end(undefined);
    try {
      return await this.#connection.unsubscribe(this.id);
    } catch {
      // The connection closed meanwhile: the node dropped the subscription with it.
      return false;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.#buffer.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.#ended !== undefined) {
          return this.#ended.error === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.#ended.error);
        }
        return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
      },
      return: async () => {
        await this.unsubscribe();
        return { value: undefined, done: true };
      },
    };
  }

  #notify(result: unknown): void {
    if (this.#ended !== undefined) return;
    let notice: T;
    try {
      notice = this.#decode(result);
    } catch (e) {
      this.#fail(e instanceof NodeError ? e : new NodeError('NODE_ERR_MALFORMED', 'undecodable notification', { cause: e }));
      return;
    }
    if (this.#onNotice !== undefined) {
      try {
        this.#onNotice(notice);
      } catch (e) {
        this.#fail(new NodeError('NODE_ERR_INTERNAL', `the subscription's onNotice threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
        return;
      }
    } else {
      const waiter = this.#waiters.shift();
      if (waiter !== undefined) waiter.resolve({ value: notice, done: false });
      else if (this.#buffer.length >= this.#maxBuffered) {
        this.#fail(new NodeError('NODE_ERR_RATE_LIMITED', `more than ${this.#maxBuffered} notifications were not consumed`));
        return;
      } else this.#buffer.push(notice);
    }
    if (this.#once) {
      if (this.#id !== undefined) this.#connection.forget(this.#id);
      this.#end(undefined);
    }
  }

  /** Ends with `error` and tells the node (best effort). */
  #fail(error: NodeError): void {
    this.#end(error);
    if (this.#id !== undefined) this.#connection.unsubscribe(this.#id).catch(() => undefined);
  }

  #end(error: NodeError | undefined): void {
    if (this.#ended !== undefined) return;
    this.#ended = { error };
    for (const w of this.#waiters.splice(0)) {
      if (error === undefined) w.resolve({ value: undefined, done: true });
      else w.reject(error);
    }
    this.#resolveDone(error);
  }
}
