/**
 * Shared plumbing of the node CLI: the {@link Io} every command writes through (so tests capture
 * output in-process), the common options (`--url`, `--json`, `--key`, `--keys-dir`, `--gas`),
 * option parsing with `util.parseArgs` that turns parse failures into usage errors, the mapping of
 * failures to one-line messages and exit codes (0 ok, 1 refused or failed, 2 usage or internal),
 * and the human and JSON renderings of receipts, events and contract values.
 *
 * Exit codes: a `NodeError` (the node or the client refused: `NODE_ERR_…`), a contract failure
 * (`RT_ERR_…`) or a failed transaction is 1; a {@link UsageError} or anything unexpected is 2.
 * Messages are one line (`covenant call: NODE_ERR_UNKNOWN_CONTRACT: …`) plus detail lines; never
 * a stack trace.
 *
 * It does NOT talk to a node (see `session.ts`) or convert command-line arguments to contract
 * values (see `args.ts`).
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ContractError, type DecodedEvent } from '../client/index.ts';
import { NodeError } from '../errors.ts';
import type { JsonValue, Receipt, ReceiptError } from '../types/index.ts';

/** Where a command reads its environment and writes its output. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Environment variables (`COVENANT_URL`, `COVENANT_HOME`, `HOME`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl-C (SIGINT/SIGTERM): long-running commands (`events --follow`) stop then. */
  readonly signal?: AbortSignal;
}

/** The process's Io: stdout, stderr, `process.env`, `process.cwd()`. */
export function processIo(signal?: AbortSignal): Io {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    ...(signal === undefined ? {} : { signal }),
  };
}

/** A usage error: bad options, missing positionals. Exit 2 with the command's usage line. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

/** Default node URL. */
export const DEFAULT_URL = 'ws://127.0.0.1:26657';
/** Default key name. */
export const DEFAULT_KEY = 'dev';

/** Options every node-talking command takes. */
export const URL_OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Options of commands that sign. */
export const SIGN_OPTIONS = {
  ...URL_OPTIONS,
  key: { type: 'string' },
  'keys-dir': { type: 'string' },
  gas: { type: 'string' },
  'no-wait': { type: 'boolean' },
} as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/** Placeholder prefix that hides negative numbers (`-7`, `-0.5`) from option parsing. */
const NEGATIVE = '\u0000neg:';

/**
 * `util.parseArgs` with positionals allowed; its errors become {@link UsageError}s. Arguments
 * that look like negative numbers (`-7`, `-12.50 USD`) are positionals, not options.
 */
export function parseOptions<O extends Options>(argv: readonly string[], options: O, usage: string) {
  const args = argv.map((a) => (/^-[0-9]/.test(a) ? `${NEGATIVE}${a}` : a));
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    const unhide = (p: string): string => (p.startsWith(NEGATIVE) ? p.slice(NEGATIVE.length) : p);
    // Option values (`--gas -5`) went through the same hiding: restore them too.
    const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, typeof v === 'string' ? unhide(v) : v])) as typeof parsed.values;
    return { values, positionals: parsed.positionals.map(unhide) };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e), usage);
  }
}

/** The node URL: `--url`, else `COVENANT_URL`, else {@link DEFAULT_URL}. */
export function resolveUrl(flag: string | undefined, io: Io): string {
  const url = flag ?? io.env['COVENANT_URL'] ?? DEFAULT_URL;
  return url === '' ? DEFAULT_URL : url;
}

/** `--gas N` as a bigint (usage error if not a positive integer). */
export function parseGas(text: string | undefined, usage: string): bigint | undefined {
  if (text === undefined) return undefined;
  const t = text.replaceAll('_', '');
  if (!/^[1-9][0-9]{0,19}$/.test(t)) throw new UsageError(`--gas expects a positive integer, got ${JSON.stringify(text)}`, usage);
  return BigInt(t);
}

/** A height option (`--from`) as a bigint. */
export function parseHeight(name: string, text: string | undefined, usage: string): bigint | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) throw new UsageError(`--${name} expects a block height (a non-negative integer), got ${JSON.stringify(text)}`, usage);
  return BigInt(text);
}

/** `JSON.stringify` that writes bigints as decimal strings and Maps as `[key, value]` pairs. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v.entries()] : v), indent);
}

/** Writes one JSON document (a line) to stdout. */
export function printJson(io: Io, value: unknown): void {
  io.out(`${toJson(value)}\n`);
}

/**
 * A decoded contract value for people: money as `12.50 USD`, bigints as digits, Maps as
 * `{key: value}`, records as `{field: value}`, strings quoted only inside structures.
 */
export function formatValue(value: unknown, top = true): string {
  if (value === undefined || value === null) return top ? '(none)' : 'null';
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return top ? value : JSON.stringify(value);
  if (value instanceof Map) return `{${[...value.entries()].map(([k, v]) => `${formatValue(k, false)}: ${formatValue(v, false)}`).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, false)).join(', ')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && typeof o['amount'] === 'string' && typeof o['currency'] === 'string') return `${o['amount']} ${o['currency']}`;
    return `{${keys.map((k) => `${k}: ${formatValue(o[k], false)}`).join(', ')}}`;
  }
  return String(value);
}

/** `path:line:column` of a receipt error, or ''. */
export function locationOf(error: ReceiptError): string {
  return error.location === undefined ? '' : `${error.location.path}:${error.location.line}:${error.location.column}`;
}

/** Aligned `label  value` lines. */
export function table(rows: readonly (readonly [string, string])[], indent = '  '): string {
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, v]) => `${indent}${l.padEnd(width)}  ${v}\n`).join('');
}

/** One event for people: `Name {field: value, …}` (and the emitter when it is another contract). */
export function formatEvent(e: { readonly name: string; readonly data: unknown; readonly contract: string }, self?: string): string {
  const from = self !== undefined && e.contract !== self ? ` (from ${e.contract})` : '';
  return `${e.name}${from} ${formatValue(e.data, false)}`;
}

/** The human lines of a committed receipt: status, height, gas, error with location, events. */
export function formatReceipt(
  r: { readonly txId: string; readonly height?: bigint; readonly index?: number; readonly receipt: Receipt },
  events: readonly DecodedEvent[] | undefined,
  self?: string,
  lead: readonly (readonly [string, string])[] = [],
): string {
  const rows: (readonly [string, string])[] = [
    ...lead,
    ['status', r.receipt.status],
    ['tx', r.txId],
  ];
  if (r.height !== undefined) rows.push(['block', `${r.height}${r.index === undefined ? '' : ` (index ${r.index})`}`]);
  rows.push(['gas used', r.receipt.gasUsed.toString()]);
  if (r.receipt.error !== undefined) {
    rows.push(['error', `${r.receipt.error.code}: ${r.receipt.error.message}`]);
    const at = locationOf(r.receipt.error);
    if (at !== '') rows.push(['at', at]);
  }
  const list = events ?? r.receipt.events.map((e) => ({ ...e, decoded: false }));
  if (r.receipt.status !== 'ok') return table(rows);
  let text = table([...rows, ['events', list.length === 0 ? '(none)' : String(list.length)]]);
  for (const e of list) text += `    ${formatEvent(e, self)}\n`;
  return text;
}

/** The JSON form of a committed receipt with events decoded (values in their wire encoding). */
export function receiptJson(r: { readonly txId: string; readonly height?: bigint; readonly index?: number; readonly receipt: Receipt }): Record<string, unknown> {
  return {
    txId: r.txId,
    status: r.receipt.status,
    ...(r.height === undefined ? {} : { height: r.height.toString() }),
    ...(r.index === undefined ? {} : { index: r.index }),
    gasUsed: r.receipt.gasUsed.toString(),
    ...(r.receipt.error === undefined ? {} : { error: r.receipt.error }),
    events: r.receipt.events as unknown as JsonValue,
  };
}

/**
 * A runtime fault (`RuntimeError` of runtime/errors.ts, such as RT_ERR_NO_SNAPSHOT_FLAG), known by
 * its shape: importing the class would load the runtime (isolated-vm) into every command.
 */
function isRuntimeError(e: unknown): e is Error & { code: string; shortMessage: string; metaMessages: readonly string[] } {
  if (!(e instanceof Error) || e.name !== 'RuntimeError') return false;
  const r = e as unknown as Record<string, unknown>;
  return typeof r['code'] === 'string' && typeof r['shortMessage'] === 'string' && Array.isArray(r['metaMessages']);
}

/** A `SealError` or `ZkError`/`RelationError` of the client-side privacy libraries (code `SEAL_ERR_…`, `ZK_ERR_…`). */
function isPrivacyError(e: unknown): e is Error & { readonly code: string } {
  const code = e instanceof Error ? (e as unknown as Record<string, unknown>)['code'] : undefined;
  return typeof code === 'string' && /^(SEAL|ZK)_ERR_[A-Z_]+$/.test(code);
}

/**
 * Reports a failure of command `name` and returns its exit code: one line `covenant NAME: CODE:
 * message` (detail lines indented below) on stderr, or `{"ok":false,"error":{…}}` on stdout with
 * `--json`.
 */
export function reportFailure(io: Io, name: string, e: unknown, json: boolean): number {
  if (e instanceof UsageError) {
    if (json) printJson(io, { ok: false, error: { code: 'USAGE', message: e.message } });
    else io.err(`covenant ${name}: ${e.message}\n${e.usage}\n`);
    return 2;
  }
  let code: string;
  let message: string;
  let details: readonly string[] = [];
  let field: string | undefined;
  let exit = 1;
  if (e instanceof NodeError) {
    ({ code, shortMessage: message, metaMessages: details, field } = e);
  } else if (e instanceof ContractError) {
    code = e.code;
    message = e.message.startsWith(`${e.code}: `) ? e.message.slice(e.code.length + 2) : e.message;
  } else if (isPrivacyError(e)) {
    // A sealing or proving refusal on this side (no grant, a false relation, a moved ciphertext).
    code = e.code;
    message = e.message;
  } else if (isRuntimeError(e)) {
    // A runtime start-up refusal (RT_ERR_NO_SNAPSHOT_FLAG, RT_ERR_NODE_VERSION): the environment.
    ({ code, shortMessage: message, metaMessages: details } = e);
    exit = 2;
  } else {
    code = 'INTERNAL';
    message = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    exit = 2;
  }
  if (json) printJson(io, { ok: false, error: { code, message, ...(field === undefined ? {} : { field }), ...(details.length === 0 ? {} : { details }) } });
  else io.err(`covenant ${name}: ${code === 'INTERNAL' ? message : `${code}: ${message}`}\n${details.map((d) => `  ${d}\n`).join('')}`);
  return exit;
}
