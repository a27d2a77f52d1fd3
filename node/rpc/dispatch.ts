/**
 * Answers one WebSocket text message (JSON-RPC 2.0 §4–§6, docs/rpc.md): parses it, applies the
 * batch rules (empty or more than `maxBatch` is one -32600), checks each request's envelope
 * (`jsonrpc`, `id`, `method`, `params` and nothing else), looks the method up, decodes its params
 * with the method's schema, and only then runs it. Notifications (no `id`) are run but never
 * answered. Every request being answered counts against the connection's `maxInFlight` until its
 * answer is ready (in a batch: until the whole batch is answered, since finished answers wait in
 * memory for the slowest one); a message is refused (`NODE_ERR_RATE_LIMITED`) while the connection
 * is at the limit, and a batch admitted below it starts all its requests together, in batch order,
 * so at most `maxInFlight - 1 + maxBatch` requests of one connection are ever running or held.
 *
 * It does NOT touch sockets (the server sends the text it returns) or know what methods do.
 * @module
 */
import { NodeError } from '../errors.ts';
import { RPC_CODES, RpcError, toRpcError } from './errors.ts';
import type { RpcLimits } from './limits.ts';
import { METHODS, type MethodContext } from './methods.ts';
import { describe, quote } from './schema.ts';

/** A JSON-RPC id; `undefined` for a notification. */
type Id = string | number | null;

/** The per-connection state a message is answered with. */
export interface DispatchContext {
  readonly method: Omit<MethodContext, 'afterReply'>;
  readonly limits: RpcLimits;
  readonly log: (line: string) => void;
  /** Messages of this connection being answered now. */
  inFlight: number;
}

/** The answer to one message: text to send (none when only notifications came), then hooks to run. */
export interface Answer {
  readonly text: string | undefined;
  readonly afterReply: readonly (() => void)[];
}

const ENVELOPE_MEMBERS = new Set(['jsonrpc', 'id', 'method', 'params']);
/** Longest string id echoed back; an id is copied into the answer. */
const MAX_ID_LENGTH = 256;
const MAX_METHOD_LENGTH = 64;

interface Request {
  readonly id: Id | undefined;
  readonly run: (ctx: MethodContext) => Promise<unknown>;
}

/** A request that failed before running; `id` is `undefined` only for a notification. */
interface Refused {
  readonly id: Id | undefined;
  readonly error: unknown;
}

/**
 * Answers the text of one message. Never throws: every fault becomes an error answer.
 * @example const { text, afterReply } = await answerMessage(raw, ctx); if (text) ws.send(text); afterReply.forEach((f) => f());
 */
export async function answerMessage(raw: string, ctx: DispatchContext): Promise<Answer> {
  const hooks: (() => void)[] = [];
  const methodCtx: MethodContext = { ...ctx.method, afterReply: (f) => hooks.push(f) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { text: errorText(null, new RpcError(RPC_CODES.parseError, 'NODE_ERR_MALFORMED', 'the message is not valid JSON'), ctx), afterReply: [] };
  }
  if (!Array.isArray(parsed)) {
    const text = await answerOne(parsed, ctx, methodCtx);
    return { text, afterReply: hooks };
  }
  if (parsed.length === 0 || parsed.length > ctx.limits.maxBatch) {
    const why = parsed.length === 0 ? 'a batch may not be empty' : `a batch has at most ${ctx.limits.maxBatch} requests, got ${parsed.length}`;
    return { text: errorText(null, new RpcError(RPC_CODES.invalidRequest, 'NODE_ERR_INVALID_REQUEST', why), ctx), afterReply: [] };
  }
  const items = parsed as unknown[];
  if (ctx.inFlight >= ctx.limits.maxInFlight) {
    const texts = items.map((item) => rateLimitedText(item, ctx)).filter((t): t is string => t !== undefined);
    return { text: texts.length === 0 ? undefined : `[${texts.join(',')}]`, afterReply: [] };
  }
  // Every request is checked before any of them runs.
  const prepared = items.map((item) => prepare(item));
  ctx.inFlight += prepared.length;
  // Started together and in order: each reaches the node synchronously in batch order (so a
  // client's pipelined nonces arrive in order), and their awaits (signature checks on worker
  // threads) overlap instead of running one after another. The slots are freed together, once the
  // batch is answered: a finished answer is still held here (and a subscription it started holds
  // its notifications) until the slowest request settles, so freeing slots earlier would let one
  // connection pile up any number of half-answered batches.
  let answers: (string | undefined)[];
  try {
    answers = await Promise.all(prepared.map((p) => settle(p, ctx, methodCtx)));
  } finally {
    ctx.inFlight -= prepared.length;
  }
  const texts = answers.filter((t): t is string => t !== undefined);
  return { text: texts.length === 0 ? undefined : `[${texts.join(',')}]`, afterReply: hooks };
}

async function answerOne(item: unknown, ctx: DispatchContext, methodCtx: MethodContext): Promise<string | undefined> {
  if (ctx.inFlight >= ctx.limits.maxInFlight) return rateLimitedText(item, ctx);
  ctx.inFlight++;
  try {
    return await settle(prepare(item), ctx, methodCtx);
  } finally {
    ctx.inFlight--;
  }
}

/** Runs a prepared request and returns its answer text (`undefined` for a notification). */
async function settle(p: Request | Refused, ctx: DispatchContext, methodCtx: MethodContext): Promise<string | undefined> {
  if ('error' in p) {
    if (p.id === undefined) return undefined;
    return errorText(p.id, p.error, ctx);
  }
  try {
    const result = await p.run(methodCtx);
    if (p.id === undefined) return undefined;
    // Stringified here, per request, so a result JSON cannot encode fails this request alone.
    return `{"jsonrpc":"2.0","id":${JSON.stringify(p.id)},"result":${JSON.stringify(result ?? null)}}`;
  } catch (e) {
    const text = errorText(p.id ?? null, e, ctx);
    return p.id === undefined ? undefined : text;
  }
}

/** Checks the envelope and decodes params; nothing of the method runs here. */
function prepare(item: unknown): Request | Refused {
  const envelope = checkEnvelope(item);
  if ('error' in envelope) return envelope;
  const { id, method, params } = envelope;
  const m = METHODS.get(method);
  if (m === undefined) {
    return { id, error: new RpcError(RPC_CODES.methodNotFound, 'NODE_ERR_INVALID_REQUEST', `unknown method ${quote(method)}`, { field: 'method' }) };
  }
  let decoded: unknown;
  try {
    decoded = m.params(params, '');
  } catch (e) {
    // Schema errors are -32602; a node decoder's own code (NODE_ERR_INVALID_TX, …) is kept as -32000.
    if (e instanceof NodeError && e.code === 'NODE_ERR_INVALID_REQUEST') {
      return { id, error: new RpcError(RPC_CODES.invalidParams, e.code, e.shortMessage, { field: e.field, details: e.metaMessages }) };
    }
    return { id, error: e };
  }
  return { id, run: async (mc) => m.run(mc, decoded) };
}

/** JSON-RPC §4: a request object with exactly `jsonrpc: "2.0"`, `method`, and optionally `id` and `params`. */
function checkEnvelope(item: unknown): { id: Id | undefined; method: string; params: unknown } | Refused {
  const invalid = (id: Id, message: string, field?: string): Refused => ({
    id, error: new RpcError(RPC_CODES.invalidRequest, 'NODE_ERR_INVALID_REQUEST', message, { field }),
  });
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return invalid(null, `a request must be an object, got ${describe(item)}`);
  const o = item as Record<string, unknown>;
  const idValid = !Object.hasOwn(o, 'id') || isId(o['id']);
  // An invalid request is answered even without an id (§5: with id null), so the client learns of it.
  const replyId: Id = idValid && Object.hasOwn(o, 'id') ? (o['id'] as Id) : null;
  for (const k of Object.keys(o)) {
    if (!ENVELOPE_MEMBERS.has(k)) return invalid(replyId, `a request has unknown member ${quote(k)}`, k);
  }
  if (!idValid) return invalid(null, `"id" expected a string of at most ${MAX_ID_LENGTH} characters, a number or null, got ${describe(o['id'])}`, 'id');
  if (o['jsonrpc'] !== '2.0') return invalid(replyId, `"jsonrpc" expected "2.0", got ${describe(o['jsonrpc'])}`, 'jsonrpc');
  const method = o['method'];
  if (typeof method !== 'string' || method.length > MAX_METHOD_LENGTH) return invalid(replyId, `"method" expected a method name, got ${describe(method)}`, 'method');
  const id = Object.hasOwn(o, 'id') ? (o['id'] as Id) : undefined;
  return { id, method, params: Object.hasOwn(o, 'params') ? o['params'] : {} };
}

function isId(v: unknown): v is Id {
  return v === null || (typeof v === 'string' && v.length <= MAX_ID_LENGTH) || (typeof v === 'number' && Number.isFinite(v));
}

/** The NODE_ERR_RATE_LIMITED answer to `item`, or nothing if it is a notification. */
function rateLimitedText(item: unknown, ctx: DispatchContext): string | undefined {
  const o = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
  if (o !== undefined && !Object.hasOwn(o, 'id')) return undefined;
  const id = o !== undefined && isId(o['id']) ? (o['id'] as Id) : null;
  const error = new RpcError(RPC_CODES.nodeError, 'NODE_ERR_RATE_LIMITED', `at most ${ctx.limits.maxInFlight} requests in flight per connection`);
  return errorText(id, error, ctx);
}

function errorText(id: Id, e: unknown, ctx: DispatchContext): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: toRpcError(e, ctx.log) });
}
