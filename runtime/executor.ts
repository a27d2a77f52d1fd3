/**
 * Executes one transaction-level invocation of a contract (deployment, entry, view or trigger)
 * with everything it calls: builds the request, answers the host API from a per-transaction
 * {@link StateOverlay} (nested marks per call frame, `__host_rollback` for atomic `try`), refuses
 * re-entrancy, deep call chains and views calling entries (SC-01), hands callee failures back to
 * the caller in the form the prelude expects (SC-05), verifies the range certificates of sealed
 * numbers entering a contract from outside (`sealed-arguments.ts`: `init`/`entry`/`trigger`
 * arguments, cross-contract call arguments and return values; RT_ERR_SEALED_RANGE, SEALED_RANGE
 * gas), and turns the response into a receipt-ready {@link ExecuteResult} with events in emission
 * order and a sorted, hashed state diff.
 *
 * Gas is exactly what the code reports (the prelude charges host calls by the schedule) plus the
 * host's certificate gas, so the result is a function of the artifact, the parameters and the
 * state view (DET-04).
 * Does NOT persist state, order transactions, verify signatures or schedule triggers (the node).
 * @module
 */
import { type AbiType, type ContractArtifact, GAS_SCHEDULE_VERSION, HOST_API_VERSION, validateArtifact } from '../compiler/artifact.ts';
import { MAX_REQUEST_CHARS, encodeArguments, requestText, type RequestContext } from './boundary.ts';
import { type ContractErrorCode, RuntimeError, isContractErrorCode } from './errors.ts';
import { checkSealedValues, holdsSealedNumber } from './sealed-arguments.ts';
import { HostProtocolError, type HostFunctions, MAX_PREFETCH_KEYS, type Sandbox } from './sandbox.ts';
import { type StateDiff, type StateOverlay, type StateView, createStateOverlay, stateDiffHash } from './state.ts';

/** Deepest chain of contract calls (the outermost invocation is depth 1). */
export const MAX_CONTRACT_DEPTH = 32;

/** What a run is asked to do. */
export type ExecuteKind = 'init' | 'entry' | 'view' | 'trigger';

/** Checks a `prove(...)` relation of a contract against the transaction's proof. */
export type VerifyRelationFn = (parameters: { readonly address: string; readonly relation: number; readonly inputs: string }) => boolean;

/** Parameters of {@link execute}. */
export interface ExecuteParameters {
  /** Address of the contract (its `ctx.self`): 40 lower-case hex digits. */
  readonly address: string;
  /** The contract's artifact; required for `init` (not deployed yet), else resolved from `address`. */
  readonly artifact?: ContractArtifact;
  readonly kind: ExecuteKind;
  /** Entry, view or trigger name; `''` for `init`. */
  readonly name: string;
  /** Argument encodings (canonical JSON values, `docs/artifact.md` Values). */
  readonly args: readonly unknown[];
  /** Who calls: the verified signer, or for triggers the contract the node names (SC-04). */
  readonly caller: string;
  /** The signer of the transaction (for triggers, the contract itself). */
  readonly origin: string;
  /** Consensus block facts: height and time in milliseconds since the epoch (DET-03). */
  readonly block: { readonly height: bigint; readonly time: bigint };
  readonly gasLimit: number;
  /** Committed state before this execution. */
  readonly state: StateView;
  /** The artifact deployed at an address, for cross-contract calls (and `address` itself). */
  readonly resolve: (address: string) => ContractArtifact | undefined;
  /** Proof checker; absent: every `prove(...)` fails with RT_ERR_PROOF_INVALID. */
  readonly verify?: VerifyRelationFn;
}

/** A failure in a receipt. */
export interface ExecuteFailure {
  readonly code: ContractErrorCode;
  readonly message: string;
  /** Failure site in the invoked contract's span map, `-1` if none. */
  readonly site: number;
  /** `path:line:column` of the site. */
  readonly location?: string;
  /** Engine detail of RT_ERR_INTERNAL (local diagnostics, not consensus data). */
  readonly detail?: string;
}

/** An event in a receipt. */
export interface ExecuteEvent {
  /** Address of the emitting contract. */
  readonly contract: string;
  readonly name: string;
  readonly data: unknown;
}

/** The receipt-ready outcome of {@link execute}. */
export interface ExecuteResult {
  readonly status: 'ok' | 'failed';
  /** Encoded return value (`null` for void and init), when `ok`. */
  readonly value?: unknown;
  readonly error?: ExecuteFailure;
  readonly gasUsed: number;
  /** Events of every contract involved, in emission order; empty unless `ok`. */
  readonly events: readonly ExecuteEvent[];
  /** State changes to commit; empty unless `ok` (and always for views). */
  readonly stateDiff: StateDiff;
  readonly stateDiffHash: string;
}

interface Frame {
  readonly address: string;
  readonly view: boolean;
  /** Successful callee calls, in completion order: where their writes start, and their events. */
  readonly calls: { readonly mark: number; readonly events: readonly ExecuteEvent[] }[];
  /** Keys the code loaded through the `__host_load` callback (not prefetched), for the plan. */
  misses: string[] | undefined;
  /** The first key or prefix the code asked the host for that is not well-formed Unicode. */
  invalidKey: string | undefined;
}

interface Response {
  readonly ok: boolean;
  readonly value: unknown;
  readonly error: { readonly code: ContractErrorCode; readonly message: string; readonly site: number } | undefined;
  readonly detail: string | undefined;
  readonly gasUsed: number;
  readonly writes: readonly (readonly [string, string | null])[];
  readonly events: readonly { readonly calls: number; readonly name: string; readonly data: unknown }[];
}

interface Transaction {
  readonly p: ExecuteParameters;
  readonly sandbox: Sandbox;
  readonly overlay: StateOverlay;
  readonly stack: Frame[];
  readonly time: string;
  readonly height: string;
  /** Whether state reads are sent ahead (see {@link Plan}). */
  readonly prefetch: boolean;
}

const ADDRESS = /^[0-9a-f]{40}$/;
const EMPTY_DIFF_HASH = stateDiffHash([]);
/** Artifacts already validated (the node keeps artifact objects; validation is not per call). */
const checkedArtifacts = new WeakSet<ContractArtifact>();

/**
 * Runs one invocation in `sandbox`. Contract failures are results (`status: 'failed'`); faults of
 * the node are thrown as {@link RuntimeError} (`RT_ERR_ISOLATE_LIMIT`, `RT_ERR_HOST_FAULT`,
 * `RT_ERR_INVALID_PARAMETERS`, `RT_ERR_INVALID_ARTIFACT`) and must leave no receipt.
 */
export function execute(sandbox: Sandbox, p: ExecuteParameters, prefetch = true): ExecuteResult {
  checkParameters(p, sandbox.maxGasLimit);
  const artifact = p.artifact ?? p.resolve(p.address);
  if (artifact === undefined) return failed({ code: 'RT_ERR_UNKNOWN_CONTRACT', message: `no contract at ${p.address}`, site: -1 }, 0);
  checkArtifact(artifact);
  const args = encodeArguments(p.args);
  if (!args.ok) {
    if (args.reason === 'not-plain') throw new RuntimeError('RT_ERR_INVALID_PARAMETERS', `"${args.path}" must be plain JSON data, found ${args.found}`);
    // Same outcome the prelude gives an over-long request, decided before copying anything in.
    return failed({ code: 'RT_ERR_INVALID_REQUEST', message: args.reason === 'too-deep' ? 'arguments nest too deep' : `request must be text of at most ${MAX_REQUEST_CHARS} characters`, site: -1 }, 0);
  }
  const tx: Transaction = { p, sandbox, overlay: createStateOverlay(p.state), stack: [], time: p.block.time.toString(), height: p.block.height.toString(), prefetch };
  // Sealed numbers entering from outside are certified on the host (views write nothing: unchecked).
  const { response, events } = run(tx, artifact, p.address, p.kind, p.name, p.args, args.text, p.caller, p.gasLimit, p.kind !== 'view');
  if (!response.ok) {
    const e = response.error as NonNullable<Response['error']>;
    const location = locate(artifact, e.site);
    return failed({ ...e, ...(location !== undefined ? { location } : {}), ...(response.detail !== undefined ? { detail: response.detail } : {}) }, response.gasUsed);
  }
  const stateDiff = p.kind === 'view' ? [] : tx.overlay.diff();
  return { status: 'ok', value: response.value, gasUsed: response.gasUsed, events, stateDiff, stateDiffHash: stateDiff.length === 0 ? EMPTY_DIFF_HASH : stateDiffHash(stateDiff) };
}

function failed(error: ExecuteFailure, gasUsed: number): ExecuteResult {
  return { status: 'failed', error, gasUsed, events: [], stateDiff: [], stateDiffHash: EMPTY_DIFF_HASH };
}

function locate(artifact: ContractArtifact, site: number): string | undefined {
  const span = site >= 0 ? artifact.spans[site] : undefined;
  const source = span === undefined ? undefined : artifact.sources[span.file];
  return span === undefined || source === undefined ? undefined : `${source.path}:${span.line}:${span.column}`;
}

function checkParameters(p: ExecuteParameters, maxGasLimit: number): void {
  if (typeof p.address !== 'string' || !ADDRESS.test(p.address)) bad('address', '40 lower-case hex digits', p.address);
  if (typeof p.caller !== 'string' || !ADDRESS.test(p.caller)) bad('caller', '40 lower-case hex digits', p.caller);
  if (typeof p.origin !== 'string' || !ADDRESS.test(p.origin)) bad('origin', '40 lower-case hex digits', p.origin);
  if (p.kind !== 'init' && p.kind !== 'entry' && p.kind !== 'view' && p.kind !== 'trigger') bad('kind', 'init, entry, view or trigger', p.kind);
  if (typeof p.name !== 'string' || (p.kind === 'init') !== (p.name === '')) bad('name', p.kind === 'init' ? '"" for init' : 'a non-empty name', p.name);
  if (p.kind === 'init' && p.artifact === undefined) bad('artifact', 'the artifact being deployed', undefined);
  if (!Number.isSafeInteger(p.gasLimit) || p.gasLimit < 0 || p.gasLimit > maxGasLimit) bad('gasLimit', `an integer in [0, ${maxGasLimit}]`, p.gasLimit);
  if (typeof p.block?.height !== 'bigint' || p.block.height < 0n) bad('block.height', 'a non-negative bigint', p.block?.height);
  // Any timestamp the prelude can decode is allowed; an undecodable one is its RT_ERR_INVALID_REQUEST.
  if (typeof p.block.time !== 'bigint') bad('block.time', 'a bigint', p.block.time);
}

function bad(field: string, expected: string, got: unknown): never {
  throw new RuntimeError('RT_ERR_INVALID_PARAMETERS', `"${field}" expected ${expected}, got ${typeof got === 'string' ? JSON.stringify(got.slice(0, 80)) : String(got)}`);
}

function checkArtifact(a: ContractArtifact): void {
  if (checkedArtifacts.has(a)) return;
  const r = validateArtifact(a);
  if (!r.ok) throw new RuntimeError('RT_ERR_INVALID_ARTIFACT', `artifact of ${JSON.stringify(String(a?.contract))} is invalid`, { metaMessages: r.errors.slice(0, 10) });
  // validateArtifact checks these literals; restated because the runtime implements exactly these versions.
  if (a.hostApi !== HOST_API_VERSION || a.gasSchedule !== GAS_SCHEDULE_VERSION) throw new RuntimeError('RT_ERR_INVALID_ARTIFACT', 'unsupported host API or gas schedule version');
  checkedArtifacts.add(a);
}

/**
 * Parameter types of `kind name` when one of them can hold a sealed number (cached per artifact);
 * `undefined`: nothing to certify (or no such entry: the prelude answers).
 */
function sealedParams(artifact: ContractArtifact, kind: string, name: string): readonly AbiType[] | undefined {
  let byEntry = sealedParamCache.get(artifact);
  if (byEntry === undefined) sealedParamCache.set(artifact, (byEntry = new Map()));
  const id = kind + ' ' + name;
  if (byEntry.has(id)) return byEntry.get(id);
  const params = kind === 'init' ? artifact.abi.constructor.params : artifact.abi.entries.find((e) => e.name === name && e.kind === kind)?.params;
  const types = params?.map((p) => p.type);
  const out = types !== undefined && types.some((t) => holdsSealedNumber(t, artifact.abi.types)) ? types : undefined;
  byEntry.set(id, out);
  return out;
}
const sealedParamCache = new WeakMap<ContractArtifact, Map<string, readonly AbiType[] | undefined>>();

/**
 * Runs one invocation in a new frame; on success applies its writes to the overlay. With
 * `certify`, the range certificates of the sealed numbers among `args` are checked first
 * (`sealed-arguments.ts`): their gas is charged on top of the code's, which runs with the rest.
 */
function run(tx: Transaction, artifact: ContractArtifact, address: string, kind: string, name: string, args: readonly unknown[], argsText: string, caller: string, fullGasLimit: number, certify: boolean): { response: Response; events: ExecuteEvent[] } {
  let charge = 0;
  const params = certify ? sealedParams(artifact, kind, name) : undefined;
  if (params !== undefined) {
    const c = checkSealedValues(artifact.abi.types, params.slice(0, args.length).map((type, i) => ({ type, value: args[i], path: `args[${i}]` })), fullGasLimit);
    if (!c.ok) return { response: { ok: false, value: undefined, error: { code: c.code, message: c.message, site: -1 }, detail: undefined, gasUsed: c.gas, writes: [], events: [] }, events: [] };
    charge = c.gas;
  }
  const gasLimit = fullGasLimit - charge;
  const frame: Frame = { address, view: kind === 'view', calls: [], misses: undefined, invalidKey: undefined };
  const mark = tx.overlay.mark();
  const ctx: RequestContext = { caller, origin: tx.p.origin, self: address, time: tx.time, height: tx.height };
  const plan = tx.prefetch ? planOf(artifact, kind, name) : undefined;
  const sent: Step[] = [];
  const prefetch = plan === undefined ? '' : prefetchText(tx.overlay, address, plan, args, sent);
  tx.stack.push(frame);
  let text: string;
  try {
    text = tx.sandbox.invoke(artifact.codeHash, artifact.code, requestText(kind, name, argsText, ctx, gasLimit), new FrameHost(tx, frame), prefetch);
  } finally {
    tx.stack.pop();
  }
  if (plan !== undefined) learn(plan, sent, tx.sandbox.prefetchHits, frame.misses, args);
  let response = parseResponse(text, gasLimit);
  if (charge > 0) response = { ...response, gasUsed: response.gasUsed + charge };
  // Second line of defence behind the code's own check (RT_ERR_INVALID_KEY in the prelude): a
  // state key that is not well-formed Unicode would be stored as UTF-8 with U+FFFD in place of
  // its lone surrogates, colliding with other keys. Compiled code never gets here.
  const badKey = frame.invalidKey ?? (response.ok ? illFormedKey(response.writes) : undefined);
  if (badKey !== undefined) response = invalidKey(badKey, fullGasLimit);
  if (!response.ok) {
    tx.overlay.rollback(mark);
    return { response, events: [] };
  }
  for (const [k, v] of response.writes) tx.overlay.set(address, k, v ?? undefined);
  // Own events carry the number of successful calls made before them: interleave with callees'.
  const events: ExecuteEvent[] = [];
  let i = 0;
  for (let call = 0; call <= frame.calls.length; call++) {
    for (; i < response.events.length && (response.events[i] as Response['events'][number]).calls === call; i++) {
      const e = response.events[i] as Response['events'][number];
      events.push({ contract: address, name: e.name, data: e.data });
    }
    const c = frame.calls[call];
    if (c !== undefined) events.push(...c.events);
  }
  return { response, events };
}

/**
 * State prefetch, a pure optimisation: before an invocation the host sends the texts of the keys
 * the code is expected to read, and the code's `__host_load` answers them without a round trip
 * (about 1 µs each). The answers are exactly what the callback would give (see the driver in
 * `sandbox.ts`), and gas is charged by the code on its first read of a key either way, so results,
 * gas, events and diffs do not depend on what is prefetched: a wrong guess costs one overlay
 * read, a missed one a round trip.
 *
 * The guess is learned per artifact and entry: a key the code loaded through the callback becomes
 * a {@link Step} — the key itself, or `prefix + args[i]` when it ends with the string argument
 * `i` (map entries keyed by an address or string argument, `m/balances/<from>`); other map
 * entries (iterations) are not guessed. A step whose key went unread {@link MAX_IDLE} times in a
 * row is dropped; a plan holds at most {@link MAX_PREFETCH_KEYS} steps.
 */
interface Step {
  /** The key, or its prefix before the argument. */
  readonly prefix: string;
  /** Index of the string argument that ends the key; `-1`: the key is `prefix`. */
  readonly arg: number;
  /** Consecutive invocations that were sent this key and did not read it. */
  idle: number;
}

type Plan = Step[];

const MAX_IDLE = 4;
/**
 * Longest text sent ahead, and most characters per invocation: the isolate parses prefetched
 * texts before any gas is charged, so they stay far below the request's own allowance
 * (`docs/artifact.md`, Memory bound); a longer value is read through the callback, as before.
 */
const MAX_PREFETCH_VALUE_CHARS = 16 * 1024;
const MAX_PREFETCH_CHARS = 64 * 1024;
/** Codes whose plans are kept; beyond it every plan is forgotten (and relearned as needed). */
const MAX_PLANNED_CODES = 1024;
/** Plans per `codeHash`, by `kind name` (a node may hold several objects of one artifact). */
const plans = new Map<string, Map<string, Plan>>();

function planOf(artifact: ContractArtifact, kind: string, name: string): Plan {
  let byEntry = plans.get(artifact.codeHash);
  if (byEntry === undefined) {
    if (plans.size >= MAX_PLANNED_CODES) plans.clear();
    plans.set(artifact.codeHash, (byEntry = new Map()));
  }
  const id = kind + ' ' + name;
  let plan = byEntry.get(id);
  if (plan === undefined) byEntry.set(id, (plan = []));
  return plan;
}

function stepKey(step: Step, args: readonly unknown[]): string | undefined {
  if (step.arg < 0) return step.prefix;
  const a = args[step.arg];
  // A key that is not well-formed is never read (the code refuses it): not sent either.
  return typeof a === 'string' && a.isWellFormed() ? step.prefix + a : undefined;
}

/** The prefetch text for one invocation; `sent` receives the step of each key sent, in order. */
function prefetchText(overlay: StateOverlay, address: string, plan: Plan, args: readonly unknown[], sent: Step[]): string {
  if (plan.length === 0) return '';
  const out: (string | null)[] = [];
  let chars = 0;
  for (const step of plan) {
    const key = stepKey(step, args);
    if (key === undefined) continue;
    let dup = false;
    for (let i = 0; i < out.length; i += 2) if (out[i] === key) dup = true;
    if (dup) continue;
    let value: string | undefined;
    try {
      value = overlay.get(address, key);
    } catch {
      continue; // left to the callback, which reports the fault if the code reads the key
    }
    if (value !== undefined && typeof value !== 'string') continue; // likewise: the callback's answer
    const size = key.length + (value?.length ?? 0);
    if ((value?.length ?? 0) > MAX_PREFETCH_VALUE_CHARS || chars + size > MAX_PREFETCH_CHARS) continue;
    chars += size;
    out.push(key, value ?? null);
    sent.push(step);
  }
  return sent.length === 0 ? '' : JSON.stringify(out);
}

/** Updates a plan after an invocation: idle counts of the sent steps, steps for the misses. */
function learn(plan: Plan, sent: readonly Step[], hits: number, misses: readonly string[] | undefined, args: readonly unknown[]): void {
  let drop = false;
  for (let i = 0; i < sent.length; i++) {
    const step = sent[i] as Step;
    if ((hits & (1 << i)) !== 0) step.idle = 0;
    else if (++step.idle >= MAX_IDLE) drop = true;
  }
  if (drop) {
    let j = 0;
    for (const step of plan) if (step.idle < MAX_IDLE) plan[j++] = step;
    plan.length = j;
  }
  if (misses === undefined) return;
  for (const key of misses) {
    if (plan.length >= MAX_PREFETCH_KEYS) return;
    let step: Step | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (typeof a === 'string' && a.length > 0 && a.length < key.length && key.endsWith(a)) {
        step = { prefix: key.slice(0, key.length - a.length), arg: i, idle: 0 };
        break;
      }
    }
    // A map entry whose key is no argument depends on the data (an iteration): not guessed.
    if (step === undefined && key.startsWith('m/')) continue;
    step ??= { prefix: key, arg: -1, idle: 0 };
    let known = false;
    for (const s of plan) if (s.prefix === step.prefix && s.arg === step.arg) known = true;
    if (!known) plan.push(step);
  }
}

/** The host API of one frame (a class, not closures: no function objects per invocation). */
class FrameHost implements HostFunctions {
  readonly #tx: Transaction;
  readonly #frame: Frame;

  constructor(tx: Transaction, frame: Frame) {
    this.#tx = tx;
    this.#frame = frame;
  }

  load(key: string): string | undefined {
    const frame = this.#frame;
    refuseIllFormed(frame, key);
    if (this.#tx.prefetch) (frame.misses ??= []).push(key);
    return this.#tx.overlay.get(frame.address, key);
  }

  keys(prefix: string): string {
    refuseIllFormed(this.#frame, prefix);
    return JSON.stringify(this.#tx.overlay.keys(this.#frame.address, prefix));
  }

  rollback(mark: number): void {
    const frame = this.#frame;
    if (mark > frame.calls.length) throw new HostProtocolError(`rollback mark ${mark} beyond ${frame.calls.length} calls`);
    const first = frame.calls[mark];
    if (first !== undefined) this.#tx.overlay.rollback(first.mark);
    frame.calls.length = mark;
  }

  verify(relation: number, inputs: string): boolean {
    const ok = this.#tx.p.verify?.({ address: this.#frame.address, relation, inputs }) ?? false;
    if (typeof ok !== 'boolean') throw new TypeError('verify returned a non-boolean');
    return ok;
  }

  call(target: string, method: string, argsText: string, gasLimit: number): string {
    return nestedCall(this.#tx, this.#frame, target, method, argsText, gasLimit);
  }
}

/**
 * A key (or prefix) that is not well-formed Unicode is never looked up: the node's store would
 * read it as another key. The frame then fails with RT_ERR_INVALID_KEY whatever the code does
 * with the error (see {@link run}); only hand-written code can ask.
 */
function refuseIllFormed(frame: Frame, key: string): void {
  if (key.isWellFormed()) return;
  frame.invalidKey ??= key;
  throw new HostProtocolError(`state key ${quoteKey(key)} is not well-formed Unicode`);
}

function quoteKey(key: string): string {
  return JSON.stringify(key.length > 80 ? key.slice(0, 80) : key);
}

/** The first written key that is not well-formed Unicode, if any. */
function illFormedKey(writes: Response['writes']): string | undefined {
  for (const w of writes) if (!w[0].isWellFormed()) return w[0];
  return undefined;
}

/** The failure of a frame that wrote or asked for a key that is not well-formed: the whole gas limit, like a malformed response. */
function invalidKey(key: string, gasLimit: number): Response {
  return { ok: false, value: undefined, error: { code: 'RT_ERR_INVALID_KEY', message: `state key ${quoteKey(key)} is not well-formed Unicode`, site: -1 }, detail: undefined, gasUsed: gasLimit, writes: [], events: [] };
}

function refusal(code: ContractErrorCode, message: string): string {
  return JSON.stringify({ ok: false, error: { code, message, site: -1 }, gasUsed: 0 });
}

function nestedCall(tx: Transaction, frame: Frame, target: string, method: string, argsText: string, gasLimit: number): string {
  // Refusals first, in a fixed order, so every node gives the same answer.
  const callee = ADDRESS.test(target) ? tx.p.resolve(target) : undefined;
  if (callee === undefined) return refusal('RT_ERR_UNKNOWN_CONTRACT', `no contract at ${target}`);
  checkArtifact(callee);
  if (tx.stack.some((f) => f.address === target)) return refusal('RT_ERR_REENTRANCY', `${target} is already on the call stack`);
  if (tx.stack.length >= MAX_CONTRACT_DEPTH) return refusal('RT_ERR_CALL_DEPTH', 'contract calls nested too deep');
  const entry = callee.abi.entries.find((e) => e.name === method && e.kind !== 'trigger');
  if (entry === undefined) return refusal('RT_ERR_UNKNOWN_ENTRY', `no entry or view ${method}`);
  if (frame.view && entry.kind !== 'view') return refusal('RT_ERR_VIEW_WRITE', 'a view cannot call an entry');
  // The text is spliced into the callee's request: it must be exactly one JSON array.
  if (argsText.length > MAX_REQUEST_CHARS) return refusal('RT_ERR_INVALID_REQUEST', `request must be text of at most ${MAX_REQUEST_CHARS} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(argsText);
  } catch {
    throw new HostProtocolError('__host_call arguments are not JSON');
  }
  if (!Array.isArray(parsed)) throw new HostProtocolError('__host_call arguments are not a JSON array');
  const mark = tx.overlay.mark();
  // Arguments of entries and views alike: a view's answer (or its proof check) flows into an entry.
  const { response, events } = run(tx, callee, target, entry.kind, method, parsed, argsText, frame.address, gasLimit, true);
  if (!response.ok) return JSON.stringify({ ok: false, error: response.error, gasUsed: response.gasUsed });
  // The return value enters the caller from outside too: a sealed number in it must be certified.
  let gasUsed = response.gasUsed;
  if (holdsSealedNumber(entry.returns, callee.abi.types)) {
    const c = checkSealedValues(callee.abi.types, [{ type: entry.returns, value: response.value, path: 'return' }], gasLimit - gasUsed);
    if (!c.ok) {
      tx.overlay.rollback(mark);
      return JSON.stringify({ ok: false, error: { code: c.code, message: c.message, site: -1 }, gasUsed: gasUsed + c.gas });
    }
    gasUsed += c.gas;
  }
  frame.calls.push({ mark, events });
  return JSON.stringify({ ok: true, value: response.value, gasUsed });
}

/**
 * Checks the response shape. A malformed response is the contract code's fault (only hand-written
 * code can produce one): it fails deterministically with RT_ERR_INTERNAL and the whole gas limit.
 */
function parseResponse(text: string, gasLimit: number): Response {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return broken('response is not JSON', gasLimit);
  }
  if (typeof r !== 'object' || r === null || typeof r['ok'] !== 'boolean') return broken('response has no "ok"', gasLimit);
  const gasUsed = r['gasUsed'];
  if (typeof gasUsed !== 'number' || !Number.isSafeInteger(gasUsed) || gasUsed < 0 || gasUsed > gasLimit) return broken('response gasUsed out of range', gasLimit);
  if (r['ok'] === false) {
    const e = r['error'] as Record<string, unknown> | null | undefined;
    if (typeof e !== 'object' || e === null || !isContractErrorCode(e['code']) || typeof e['message'] !== 'string' || !Number.isSafeInteger(e['site'])) return broken('response error malformed', gasLimit);
    const detail = r['detail'];
    return { ok: false, value: undefined, error: { code: e['code'], message: e['message'], site: e['site'] as number }, detail: typeof detail === 'string' ? detail : undefined, gasUsed, writes: [], events: [] };
  }
  const writes = r['writes'];
  const events = r['events'];
  if (!Array.isArray(writes) || !writesWellFormed(writes)) return broken('response writes malformed', gasLimit);
  if (!Array.isArray(events) || !eventsWellFormed(events)) return broken('response events malformed', gasLimit);
  return { ok: true, value: r['value'] ?? null, error: undefined, detail: undefined, gasUsed, writes: writes as Response['writes'], events: events as Response['events'] };
}

function broken(why: string, gasLimit: number): Response {
  return { ok: false, value: undefined, error: { code: 'RT_ERR_INTERNAL', message: 'malformed response', site: -1 }, detail: why, gasUsed: gasLimit, writes: [], events: [] };
}

/** Keys are checked by {@link run} (RT_ERR_INVALID_KEY); a value text is canonical JSON, well-formed by construction. */
function writesWellFormed(writes: readonly unknown[]): boolean {
  for (const w of writes) if (!(Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && ((typeof w[1] === 'string' && w[1].isWellFormed()) || w[1] === null))) return false;
  return true;
}

function eventsWellFormed(events: readonly unknown[]): boolean {
  for (const e of events) if (!(typeof e === 'object' && e !== null && Number.isSafeInteger((e as { calls?: unknown }).calls) && typeof (e as { name?: unknown }).name === 'string')) return false;
  return true;
}
