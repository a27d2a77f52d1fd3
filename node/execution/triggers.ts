/**
 * Automatic settlement: the trigger runs of a block (docs/language.md, Triggers), after its
 * transactions, from committed events and consensus time only.
 *
 * - **Registry.** A deployed contract with trigger handlers is registered in node state under
 *   {@link SYSTEM_ADDRESS}: `t/<contract>` → its deployment date. Each scheduled handler keeps a
 *   cursor `c/<contract>/<handler>` → the last date it ran for (consumed whether the run
 *   succeeded or not), so every date runs exactly once, even across restarts: all of it is state,
 *   under the state root and inside the block's one atomic commit.
 * - **`@on`.** For each event, in emission order — first events emitted by the previous block's
 *   trigger runs (queued under `q/<height>/<n>`), then this block's committed transactions' —
 *   every registered contract (by address) whose handler (in ABI order) names that event type and
 *   whose source field holds the emitting contract runs once, with the event as its argument.
 *   Events emitted by trigger runs are queued for the next block (those of contracts some `@on`
 *   handler watches), so a block's work is finite.
 * - **`@every` / `@at`.** Dates due in this block (after the cursor, not after the block's date,
 *   not before deployment), oldest first, at most {@link MAX_DATES_PER_HANDLER} per handler and
 *   block (the rest follow in the next blocks); all due runs are ordered by date, contract
 *   address, handler position.
 * - Each run is atomic with its own gas limit; a failure is a failed receipt, never retried and
 *   never blocking the others. Its id is {@link triggerRunId}: height, contract, handler, cause.
 * - A block runs at most {@link MAX_TRIGGER_RUNS_PER_BLOCK} triggers and {@link MAX_TRIGGER_GAS_PER_BLOCK}
 *   gas of them; the events and dates that do not fit wait, in order, for the next blocks.
 *
 * It does NOT order or run transactions, or store anything (the caller commits the overlay).
 * @module
 */
import type { AbiEntry, ContractArtifact } from '../../compiler/artifact.ts';
import { compareStrings, canonicalJson } from '../../compiler/artifact.ts';
import { type ExecuteParameters, type ExecuteResult, type Runtime, RuntimeError, type StateOverlay, type StateView } from '../../runtime/index.ts';
import { type JsonValue, type Receipt, type ReceiptEvent, type ReceiptTrigger, triggerRunId } from '../types/index.ts';
import { failedReceiptOf, resultReceipt, truncate } from './receipts.ts';
import { dateOfTime, dueDates, formatDate, parseDate, parsePeriod } from './schedule.ts';

/** The reserved address of node-kept state (nonces, the trigger registry); no contract lives there. */
export const SYSTEM_ADDRESS = '0'.repeat(40);
/** Registry key prefix: `t/<contract>` → `"YYYY-MM-DD"` (deployment date). */
export const TRIGGER_REGISTRY_PREFIX = 't/';
/** Most dates one scheduled handler runs for in one block (a long halt catches up over blocks). */
export const MAX_DATES_PER_HANDLER = 256;
/** Gas limit of each trigger run unless the network sets another. */
export const DEFAULT_TRIGGER_GAS = 10_000_000n;
/** Most trigger runs in one block; events and dates beyond wait for the next blocks, in order. */
export const MAX_TRIGGER_RUNS_PER_BLOCK = 1024;
/**
 * Most gas of trigger runs in one block: a run starts only if its full gas limit still fits. No
 * one pays for trigger gas, so without a bound a contract could make its listeners' runs cost the
 * chain unbounded work per block.
 */
export const MAX_TRIGGER_GAS_PER_BLOCK = 200_000_000n;

/** An event that may fire `@on` triggers: who emitted it and where. */
export interface FiredEvent {
  /** Id of the transaction or trigger run that emitted it. */
  readonly sourceId: string;
  /** Its position in that receipt's events. */
  readonly index: number;
  readonly event: ReceiptEvent;
}

/** What {@link runTriggers} needs. */
export interface TriggerContext {
  readonly runtime: Runtime;
  /** The block overlay after the transactions; trigger writes go here. */
  readonly state: StateOverlay;
  readonly resolve: (address: string) => ContractArtifact | undefined;
  readonly height: bigint;
  readonly time: bigint;
  readonly gasLimit: bigint;
  /**
   * Proposer mode: a node-local runtime fault in a trigger run becomes a failed receipt with the
   * fault's code (the date or event is consumed) instead of aborting the block. With one
   * validator that keeps the chain live; with several, faults need agreement (later work).
   */
  readonly faultsAsFailures: boolean;
}

/** Whether an artifact has trigger handlers (it is registered when deployed). */
export function hasTriggers(artifact: ContractArtifact): boolean {
  return artifact.abi.entries.some((e) => e.kind === 'trigger');
}

/** Registers a contract deployed on `date` (day number) that has triggers. */
export function registerTriggers(state: StateOverlay, address: string, date: number): void {
  state.set(SYSTEM_ADDRESS, TRIGGER_REGISTRY_PREFIX + address, JSON.stringify(formatDate(date)));
}

/**
 * Runs the block's triggers on `ctx.state` and returns their receipts in run order. `events` are
 * this block's committed transactions' events in order; queued events from the previous block's
 * trigger runs come first. Throws a `RuntimeError` for a node-local fault unless `faultsAsFailures`.
 */
export function runTriggers(ctx: TriggerContext, events: readonly FiredEvent[]): Receipt[] {
  const registered = ctx.state
    .keys(SYSTEM_ADDRESS, TRIGGER_REGISTRY_PREFIX)
    .map((k) => k.slice(TRIGGER_REGISTRY_PREFIX.length))
    .sort(compareStrings);
  const queued = takeQueue(ctx.state);
  const receipts: Receipt[] = [];
  const emitted: FiredEvent[] = [];
  const backlog: FiredEvent[] = [];
  let gasUsed = 0n;
  const budget = { left: (): boolean => receipts.length < MAX_TRIGGER_RUNS_PER_BLOCK && gasUsed + ctx.gasLimit <= MAX_TRIGGER_GAS_PER_BLOCK };
  const run = (address: string, entry: AbiEntry, args: readonly JsonValue[], caller: string, cause: string): void => {
    const trigger: ReceiptTrigger = { contract: address, handler: entry.name, cause };
    const id = triggerRunId(ctx.height, trigger);
    const receipt = execute(ctx, address, entry.name, args, caller, id, trigger);
    gasUsed += receipt.gasUsed;
    receipts.push(receipt);
    receipt.events.forEach((event, index) => emitted.push({ sourceId: id, index, event }));
  };

  if (registered.length > 0) {
    const handlers = registered.map((address) => ({ address, artifact: ctx.resolve(address) }));
    const all = [...queued, ...events];
    for (let i = 0; i < all.length; i++) {
      const fired = all[i] as FiredEvent;
      // No one pays for trigger gas, so a block's trigger work is bounded; what does not fit
      // waits, in order, for the next block (checked between events, never inside one).
      if (!budget.left()) {
        backlog.push(...all.slice(i));
        break;
      }
      for (const { address, artifact } of handlers) {
        if (artifact === undefined) continue;
        for (const entry of artifact.abi.entries) {
          const t = entry.trigger;
          if (entry.kind !== 'trigger' || t?.kind !== 'event' || t.event !== fired.event.name) continue;
          if (readAddress(ctx.state, address, artifact, t.source) !== fired.event.contract) continue;
          run(address, entry, [fired.event.data], fired.event.contract, `e:${fired.sourceId}:${fired.index}`);
        }
      }
    }
    const today = dateOfTime(ctx.time);
    const due: { date: number; address: string; position: number; entry: AbiEntry }[] = [];
    for (const { address, artifact } of handlers) {
      if (artifact === undefined) continue;
      const deployed = parseDate(JSON.parse(ctx.state.get(SYSTEM_ADDRESS, TRIGGER_REGISTRY_PREFIX + address) ?? '""') as string);
      if (deployed === undefined) continue;
      artifact.abi.entries.forEach((entry, position) => {
        if (entry.kind !== 'trigger' || entry.trigger === undefined || entry.trigger.kind === 'event') return;
        const cursorText = ctx.state.get(SYSTEM_ADDRESS, cursorKey(address, entry.name));
        const after = cursorText === undefined ? deployed - 1 : (parseDate(JSON.parse(cursorText) as string) ?? deployed - 1);
        for (const date of scheduledDates(ctx.state, address, artifact, entry, deployed, after, today)) due.push({ date, address, position, entry });
      });
    }
    due.sort((a, b) => a.date - b.date || compareStrings(a.address, b.address) || a.position - b.position);
    for (const d of due) {
      // Dates that do not fit stay after the cursor and run in the next blocks, oldest first.
      if (!budget.left()) break;
      const date = formatDate(d.date);
      ctx.state.set(SYSTEM_ADDRESS, cursorKey(d.address, d.entry.name), JSON.stringify(date));
      run(d.address, d.entry, d.entry.params.length === 1 ? [date] : [], d.address, `d:${date}`);
    }
  }
  // Only events someone listens to are queued (as the block leaves the sources): an event nobody
  // watches would only cost the next block a no-op.
  if (emitted.length > 0 || backlog.length > 0) {
    const watched = new Set<string>();
    for (const address of registered) {
      const artifact = ctx.resolve(address);
      if (artifact === undefined) continue;
      for (const entry of artifact.abi.entries) {
        if (entry.trigger?.kind !== 'event') continue;
        const source = readAddress(ctx.state, address, artifact, entry.trigger.source);
        if (source !== undefined) watched.add(source);
      }
    }
    queueEvents(ctx.state, ctx.height, [...backlog, ...emitted.filter((f) => watched.has(f.event.contract))]);
  }
  return receipts;
}

/** Executes one trigger run atomically on the overlay and returns its receipt. */
function execute(ctx: TriggerContext, address: string, name: string, args: readonly JsonValue[], caller: string, id: string, trigger: ReceiptTrigger): Receipt {
  const parameters: ExecuteParameters = {
    address, kind: 'trigger', name, args, caller, origin: address, block: { height: ctx.height, time: ctx.time },
    gasLimit: Number(ctx.gasLimit), state: ctx.state, resolve: ctx.resolve,
  };
  let result: ExecuteResult;
  try {
    result = ctx.runtime.execute(parameters);
  } catch (e) {
    if (!(e instanceof RuntimeError) || !ctx.faultsAsFailures) throw e;
    return failedReceiptOf(id, { code: e.code, message: truncate(`node-local fault: ${e.shortMessage}`) }, ctx.gasLimit, trigger);
  }
  const receipt = resultReceipt(id, result, trigger);
  if (receipt.status === 'ok') for (const w of result.stateDiff) ctx.state.set(w.address, w.key, w.value);
  return receipt;
}

/** Due dates of a scheduled handler in (after, today], not before deployment. */
function scheduledDates(state: StateView, address: string, artifact: ContractArtifact, entry: AbiEntry, deployed: number, after: number, today: number): number[] {
  const t = entry.trigger;
  if (t === undefined || t.kind === 'event') return [];
  const from = Math.max(after, deployed - 1);
  if (t.kind === 'every') {
    const period = parsePeriod(t.period);
    if (period === undefined) return [];
    const anchor = t.anchor === undefined ? deployed : readDates(state, address, artifact, t.anchor)[0];
    if (anchor === undefined) return [];
    return dueDates(anchor, period, from, today, MAX_DATES_PER_HANDLER);
  }
  const dates = t.date !== undefined ? [parseDate(t.date)].filter((d): d is number => d !== undefined) : t.field !== undefined ? readDates(state, address, artifact, t.field) : [];
  return [...new Set(dates)].filter((d) => d > from && d <= today).sort((a, b) => a - b).slice(0, MAX_DATES_PER_HANDLER);
}

/** The dates held by a `LocalDate`, optional `LocalDate` or `LocalDate[]` state field. */
function readDates(state: StateView, address: string, artifact: ContractArtifact, field: string): number[] {
  const key = artifact.abi.state.find((f) => f.name === field)?.key;
  const text = key === undefined ? undefined : state.get(address, key);
  if (text === undefined) return [];
  const value = JSON.parse(text) as unknown;
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'string' ? parseDate(v) : undefined)).filter((d): d is number => d !== undefined);
}

/** The address held by an `Address` or contract-typed state field, or `undefined`. */
function readAddress(state: StateView, address: string, artifact: ContractArtifact, field: string): string | undefined {
  const key = artifact.abi.state.find((f) => f.name === field)?.key;
  const text = key === undefined ? undefined : state.get(address, key);
  if (text === undefined) return undefined;
  const value = JSON.parse(text) as unknown;
  return typeof value === 'string' ? value : undefined;
}

function cursorKey(address: string, handler: string): string {
  return `c/${address}/${handler}`;
}

const QUEUE_PREFIX = 'q/';

/** Takes (and deletes) the events queued by the previous block's trigger runs, in order. */
function takeQueue(state: StateOverlay): FiredEvent[] {
  const keys = [...state.keys(SYSTEM_ADDRESS, QUEUE_PREFIX)].sort(compareStrings);
  return keys.map((k) => {
    const fired = JSON.parse(state.get(SYSTEM_ADDRESS, k) as string) as FiredEvent;
    state.set(SYSTEM_ADDRESS, k, undefined);
    return fired;
  });
}

/** Queues events emitted by this block's trigger runs for the next block's `@on` triggers. */
function queueEvents(state: StateOverlay, height: bigint, emitted: readonly FiredEvent[]): void {
  const h = height.toString().padStart(20, '0');
  emitted.forEach((fired, i) => state.set(SYSTEM_ADDRESS, `${QUEUE_PREFIX}${h}/${String(i).padStart(10, '0')}`, canonicalJson(fired)));
}

/**
 * Whether a block sealed on `today` would run any trigger: events are queued from the previous
 * block's trigger runs, or a scheduled handler has a date due. A producer seals a block for that
 * even with no transactions pending.
 */
export function triggersDue(state: StateView, resolve: (a: string) => ContractArtifact | undefined, today: number): boolean {
  if (hasQueuedEvents(state)) return true;
  for (const k of state.keys(SYSTEM_ADDRESS, TRIGGER_REGISTRY_PREFIX)) {
    const address = k.slice(TRIGGER_REGISTRY_PREFIX.length);
    const artifact = resolve(address);
    const deployed = parseDate(JSON.parse(state.get(SYSTEM_ADDRESS, k) ?? '""') as string);
    if (artifact === undefined || deployed === undefined) continue;
    for (const entry of artifact.abi.entries) {
      if (entry.kind !== 'trigger' || entry.trigger?.kind === 'event') continue;
      const cursorText = state.get(SYSTEM_ADDRESS, cursorKey(address, entry.name));
      const after = cursorText === undefined ? deployed - 1 : (parseDate(JSON.parse(cursorText) as string) ?? deployed - 1);
      if (scheduledDates(state, address, artifact, entry, deployed, after, today).length > 0) return true;
    }
  }
  return false;
}

/** Next date any registered scheduled trigger is due after `today`, for a producer's timer; `undefined` if none. */
export function nextScheduledDate(state: StateView, resolve: (a: string) => ContractArtifact | undefined, today: number, horizon = 3660): number | undefined {
  let best: number | undefined;
  for (const k of state.keys(SYSTEM_ADDRESS, TRIGGER_REGISTRY_PREFIX)) {
    const address = k.slice(TRIGGER_REGISTRY_PREFIX.length);
    const artifact = resolve(address);
    const deployed = parseDate(JSON.parse(state.get(SYSTEM_ADDRESS, k) ?? '""') as string);
    if (artifact === undefined || deployed === undefined) continue;
    for (const entry of artifact.abi.entries) {
      if (entry.kind !== 'trigger') continue;
      const cursorText = state.get(SYSTEM_ADDRESS, cursorKey(address, entry.name));
      const after = Math.max(today, cursorText === undefined ? deployed - 1 : (parseDate(JSON.parse(cursorText) as string) ?? deployed - 1));
      const next = scheduledDates(state, address, artifact, entry, deployed, after, today + horizon)[0];
      if (next !== undefined && (best === undefined || next < best)) best = next;
    }
  }
  return best;
}

/** Whether events are queued for the next block's triggers (a producer should seal one). */
export function hasQueuedEvents(state: StateView): boolean {
  return state.keys(SYSTEM_ADDRESS, QUEUE_PREFIX).length > 0;
}
