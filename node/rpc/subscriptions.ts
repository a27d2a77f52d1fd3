/**
 * One connection's subscriptions (docs/rpc.md, Notifications): `blocks` and `events` fed by
 * `NodeApi.onCommit` (one listener per connection, held only while such a subscription exists),
 * `receipt` fed by `NodeApi.waitForTx` (fires at once if the transaction already committed, ends
 * itself after its one notification, reports `dropped` when the wait fails). A new subscription is
 * held until its `start()` is called, which the server does once the `subscribe` answer is sent,
 * so a client never sees a notification for an id it has not been told yet. What a subscription may
 * hold is bounded (a batch answer can wait minutes for a `tx_wait`): at most
 * {@link MAX_HELD_NOTIFICATIONS} per subscription and `maxHeldBytes` for the whole connection;
 * past either, the subscription ends with a `NODE_ERR_RATE_LIMITED` notification. A receipt
 * subscription's node wait is aborted as soon as the subscription ends, is removed, or the
 * connection closes: nothing of a connection stays registered in the node after it.
 *
 * It does NOT own the socket (notifications go to the `notify` function it is given), validate
 * topics (`methods.ts` does) or decide what happens to a slow reader (`server.ts` does).
 * @module
 */
import type { CommittedBlock, NodeApi } from '../api.ts';
import { NodeError, isNodeError } from '../errors.ts';
import type { JsonValue } from '../types/index.ts';
import { blockSummaryToJson, committedTxToJson, storedEventToJson } from './results.ts';

/** What a client can subscribe to. */
export type Topic =
  | { readonly topic: 'blocks' }
  | { readonly topic: 'events'; readonly contract: string; readonly name?: string }
  | { readonly topic: 'receipt'; readonly txId: string };

/** A new subscription: its id, and the switch that lets its notifications flow. */
export interface NewSubscription {
  readonly id: string;
  /** Sends what was held since creation, then delivers as it comes. */
  start(): void;
}

/** The subscriptions of one connection. */
export interface Subscriptions {
  /** Live subscriptions. */
  readonly size: number;
  /** Adds one; throws `NODE_ERR_RATE_LIMITED` at the limit, `NODE_ERR_UNAVAILABLE` once closed. */
  add(topic: Topic): NewSubscription;
  /** Removes one; whether it existed. */
  remove(id: string): boolean;
  /** Removes all and refuses new ones (the connection closed). */
  close(): void;
}

/** Parameters of {@link createSubscriptions}. */
export interface CreateSubscriptionsParameters {
  readonly api: NodeApi;
  /** Sends one notification (JSON text) to the client. */
  readonly notify: (text: string) => void;
  readonly maxSubscriptions: number;
  /** Most bytes of notifications held, over all not yet started subscriptions of the connection. */
  readonly maxHeldBytes: number;
  readonly log: (line: string) => void;
}

/** Most notifications one subscription holds before it starts (docs/rpc.md, Notifications). */
export const MAX_HELD_NOTIFICATIONS = 1000;

// waitForTx takes a timeout; a receipt subscription has none, so it waits again after each.
const RECEIPT_WAIT_MS = 300_000;
const MIN_REWAIT_MS = 1000;

interface Sub {
  readonly id: string;
  readonly topic: Topic;
  /** Notifications (JSON text) made before `start()`. */
  held: string[] | undefined;
  /** UTF-8 bytes of `held`, counted against the connection's `maxHeldBytes`. */
  heldBytes: number;
  closed: boolean;
  /** Aborts the node wait of a receipt subscription. */
  readonly waits: AbortController;
}

/**
 * Creates the subscription set of one connection.
 * @example const subs = createSubscriptions({ api, notify: (text) => ws.send(text), maxSubscriptions: 256, maxHeldBytes: 16 << 20, log });
 */
export function createSubscriptions(parameters: CreateSubscriptionsParameters): Subscriptions {
  const { api, notify, maxSubscriptions, maxHeldBytes, log } = parameters;
  const subs = new Map<string, Sub>();
  let nextId = 1;
  let closed = false;
  let unlisten: (() => void) | undefined;
  /** Bytes held by all subscriptions not started yet. */
  let heldBytes = 0;

  /** Forgets what `sub` holds; returns it. */
  const takeHeld = (sub: Sub): string[] => {
    const held = sub.held ?? [];
    heldBytes -= sub.heldBytes;
    sub.heldBytes = 0;
    sub.held = undefined;
    return held;
  };

  const deliver = (sub: Sub, result: JsonValue): void => {
    if (sub.closed) return;
    const text = JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription: sub.id, result } });
    if (sub.held === undefined) return notify(text);
    const bytes = Buffer.byteLength(text);
    if (sub.held.length >= MAX_HELD_NOTIFICATIONS || heldBytes + bytes > maxHeldBytes) return overflow(sub);
    sub.held.push(text);
    sub.heldBytes += bytes;
    heldBytes += bytes;
  };

  // Held notifications are kept (within the bounds) and followed by the end notice, so the client
  // learns exactly where its stream stops; nothing more is made for this subscription.
  const overflow = (sub: Sub): void => {
    const why = `a subscription holds at most ${MAX_HELD_NOTIFICATIONS} notifications (${maxHeldBytes} bytes per connection) before the answer to its subscribe is sent`;
    const error = { code: 'NODE_ERR_RATE_LIMITED', message: why };
    sub.held?.push(JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { subscription: sub.id, error } }));
    end(sub);
  };

  const onCommit = (committed: CommittedBlock): void => {
    // A throwing listener would be logged by the node and kept; failing here is ours to log.
    try {
      const height = committed.block.header.height;
      for (const sub of subs.values()) {
        if (sub.topic.topic === 'blocks') deliver(sub, blockSummaryToJson(committed));
        else if (sub.topic.topic === 'events') {
          const { contract, name } = sub.topic;
          committed.receipts.forEach((receipt, txIndex) => {
            receipt.events.forEach((event, eventIndex) => {
              if (event.contract !== contract || (name !== undefined && event.name !== name)) return;
              deliver(sub, storedEventToJson({ height, txIndex, eventIndex, event }));
            });
          });
        }
      }
    } catch (e) {
      log(`rpc: subscription delivery failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };

  const updateListener = (): void => {
    const wanted = [...subs.values()].some((s) => s.topic.topic !== 'receipt');
    if (wanted && unlisten === undefined) unlisten = api.onCommit(onCommit);
    if (!wanted && unlisten !== undefined) {
      unlisten();
      unlisten = undefined;
    }
  };

  const end = (sub: Sub): void => {
    sub.closed = true;
    subs.delete(sub.id);
    sub.waits.abort(new NodeError('NODE_ERR_UNAVAILABLE', `subscription ${sub.id} ended`));
    updateListener();
  };

  const awaitReceipt = (sub: Sub, txId: string): void => {
    const started = Date.now();
    // Promise.resolve().then: a synchronous throw from the api is handled like a rejection.
    Promise.resolve()
      .then(() => api.waitForTx(txId, RECEIPT_WAIT_MS, sub.waits.signal))
      .then(
        (committed) => {
          if (sub.closed) return;
          deliver(sub, committedTxToJson(committed));
          end(sub);
        },
        (e: unknown) => {
          if (sub.closed) return;
          // Waiting again after a real wait; a node that times out at once would make this a busy loop.
          if (isNodeError(e, 'NODE_ERR_TIMEOUT') && Date.now() - started >= MIN_REWAIT_MS) return awaitReceipt(sub, txId);
          if (!(e instanceof NodeError)) log(`rpc: receipt subscription for ${txId} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          const error = e instanceof NodeError && e.code !== 'NODE_ERR_INTERNAL'
            ? { code: e.code, message: e.shortMessage }
            : { code: 'NODE_ERR_INTERNAL', message: 'internal error (see the node log)' };
          deliver(sub, { txId, status: 'dropped', error });
          end(sub);
        },
      );
  };

  return {
    get size() {
      return subs.size;
    },
    add(topic) {
      if (closed) throw new NodeError('NODE_ERR_UNAVAILABLE', 'the connection is closing');
      if (subs.size >= maxSubscriptions) {
        throw new NodeError('NODE_ERR_RATE_LIMITED', `at most ${maxSubscriptions} subscriptions per connection`);
      }
      const sub: Sub = { id: String(nextId++), topic, held: [], heldBytes: 0, closed: false, waits: new AbortController() };
      subs.set(sub.id, sub);
      updateListener();
      if (topic.topic === 'receipt') awaitReceipt(sub, topic.txId);
      return {
        id: sub.id,
        start() {
          const held = takeHeld(sub);
          // A subscription may have ended while held (a receipt, an overflow): its notifications still go out.
          if (!closed) for (const text of held) notify(text);
        },
      };
    },
    remove(id) {
      const sub = subs.get(id);
      if (sub === undefined) return false;
      takeHeld(sub);
      end(sub);
      return true;
    },
    close() {
      closed = true;
      for (const sub of [...subs.values()]) {
        takeHeld(sub);
        end(sub);
      }
    },
  };
}
