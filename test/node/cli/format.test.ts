/**
 * Output and failure plumbing of the CLI (node/cli/format.ts, main.ts) and the keystore commands
 * (node/cli/keys.ts), in-process: value and receipt rendering, exit codes and one-line messages,
 * option parsing, URL resolution, keys new/list/show with file modes and no overwrite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../node/client/index.ts';
import { DEFAULT_URL, UsageError, formatReceipt, formatValue, parseOptions, reportFailure, resolveUrl } from '../../../node/cli/format.ts';
import { isPrivateFile, keysDir } from '../../../node/cli/keys.ts';
import { main } from '../../../node/cli/main.ts';
import { NodeError } from '../../../node/errors.ts';
import { RuntimeError } from '../../../runtime/errors.ts';
import type { Receipt } from '../../../node/types/index.ts';
import { capture } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'covenant-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('formatValue', () => {
  it('renders decoded contract values for people', () => {
    expect(formatValue({ amount: '12.50', currency: 'USD' })).toBe('12.50 USD');
    expect(formatValue(42n)).toBe('42');
    expect(formatValue('plain')).toBe('plain');
    expect(formatValue(undefined)).toBe('(none)');
    expect(formatValue(new Map([['a', 1n]]))).toBe('{"a": 1}');
    expect(formatValue({ who: 'x', owed: { amount: '1', currency: 'JPY' }, tags: ['t'] })).toBe('{who: "x", owed: 1 JPY, tags: ["t"]}');
  });
});

describe('formatReceipt', () => {
  const base: Receipt = { txId: 'a'.repeat(64), status: 'ok', gasUsed: 5120n, events: [], stateDiffHash: 'b'.repeat(64) };

  it('an ok receipt lists its events', () => {
    const text = formatReceipt({ txId: base.txId, height: 3n, index: 0, receipt: { ...base, events: [{ contract: 'c'.repeat(40), name: 'Paid', data: { n: '1' } }] } }, undefined, 'c'.repeat(40));
    expect(text).toContain('status    ok');
    expect(text).toContain('block     3 (index 0)');
    expect(text).toContain('gas used  5120');
    expect(text).toContain('events    1\n    Paid {n: "1"}');
  });

  it('a failed receipt shows the code, message and source location', () => {
    const text = formatReceipt({ txId: base.txId, height: 4n, receipt: { ...base, status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'too much', location: { path: 'a.contract.ts', line: 12, column: 5 } } } }, []);
    expect(text).toContain('error     RT_ERR_REQUIRE_FAILED: too much');
    expect(text).toContain('at        a.contract.ts:12:5');
    expect(text).not.toContain('events');
  });
});

describe('reportFailure', () => {
  it('a NodeError is one line with its code (details indented), exit 1', () => {
    const c = capture();
    expect(reportFailure(c.io, 'call', new NodeError('NODE_ERR_UNKNOWN_CONTRACT', 'no contract at x', { metaMessages: ['hint'] }), false)).toBe(1);
    expect(c.err()).toBe('covenant call: NODE_ERR_UNKNOWN_CONTRACT: no contract at x\n  hint\n');
  });

  it('a contract failure is exit 1 with the runtime code', () => {
    const c = capture();
    const e = new ContractError({ code: 'RT_ERR_REQUIRE_FAILED', message: 'no', location: { path: 'a.contract.ts', line: 1, column: 2 } }, 1n, 'C.v');
    expect(reportFailure(c.io, 'query', e, false)).toBe(1);
    expect(c.err()).toBe('covenant query: RT_ERR_REQUIRE_FAILED: C.v failed: no (a.contract.ts:1:2)\n');
  });

  it('usage errors are exit 2 with the usage line; anything else is an internal error, exit 2, no stack', () => {
    const c = capture();
    expect(reportFailure(c.io, 'tx', new UsageError('tx needs one id', 'usage: covenant tx <id>'), false)).toBe(2);
    expect(reportFailure(c.io, 'tx', new TypeError('boom'), false)).toBe(2);
    expect(c.err()).toBe('covenant tx: tx needs one id\nusage: covenant tx <id>\ncovenant tx: internal error: boom\n');
  });

  it('a runtime environment refusal (no --no-node-snapshot) is exit 2 with its code and hint', () => {
    const c = capture();
    const e = new RuntimeError('RT_ERR_NO_SNAPSHOT_FLAG', 'the process must be started with --no-node-snapshot', { metaMessages: ['Start node with --no-node-snapshot.'] });
    expect(reportFailure(c.io, 'devnet', e, false)).toBe(2);
    expect(c.err()).toBe('covenant devnet: RT_ERR_NO_SNAPSHOT_FLAG: the process must be started with --no-node-snapshot\n  Start node with --no-node-snapshot.\n');
  });

  it('--json puts the error on stdout as one document', () => {
    const c = capture();
    expect(reportFailure(c.io, 'call', new NodeError('NODE_ERR_BAD_ARGUMENTS', '"amount" expected Int', { field: 'amount' }), true)).toBe(1);
    expect(JSON.parse(c.out())).toEqual({ ok: false, error: { code: 'NODE_ERR_BAD_ARGUMENTS', message: '"amount" expected Int', field: 'amount' } });
    expect(c.err()).toBe('');
  });
});

describe('options', () => {
  it('negative numbers are positionals, unknown options usage errors', () => {
    const opts = { url: { type: 'string' } } as const;
    expect(parseOptions(['a', '-7', '-12.50 USD', '--url', 'ws://x'], opts, 'u').positionals).toEqual(['a', '-7', '-12.50 USD']);
    expect(() => parseOptions(['--nope'], opts, 'u')).toThrow(UsageError);
  });

  it('the URL comes from --url, then COVENANT_URL, then the default', () => {
    expect(resolveUrl('ws://a:1', capture({ COVENANT_URL: 'ws://b:2' }).io)).toBe('ws://a:1');
    expect(resolveUrl(undefined, capture({ COVENANT_URL: 'ws://b:2' }).io)).toBe('ws://b:2');
    expect(resolveUrl(undefined, capture({}).io)).toBe(DEFAULT_URL);
  });

  it('the keystore is --keys-dir, then $COVENANT_HOME/keys, then ~/.covenant/keys', () => {
    expect(keysDir({ env: { COVENANT_HOME: '/h' }, cwd: '/w' }, 'k')).toBe('/w/k');
    expect(keysDir({ env: { COVENANT_HOME: '/h' }, cwd: '/w' })).toBe('/h/keys');
    expect(keysDir({ env: { HOME: '/home/u' }, cwd: '/w' })).toBe('/home/u/.covenant/keys');
  });
});

describe('main', () => {
  it('unknown commands and bad options are exit 2; help is exit 0', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toMatch(/unknown command "frobnicate"/);
    expect(await main(['status', '--bogus'], c.io)).toBe(2);
    expect(c.err()).toMatch(/covenant status: Unknown option '--bogus'/);
    expect(await main(['help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/devnet/);
    expect(await main(['tx', 'xyz'], c.io)).toBe(2);
  });
});

describe('covenant keys', () => {
  const env = { COVENANT_HOME: join(tmp, 'home') };

  it('new writes <name>.json (0600) with secret key, public key and address, and never overwrites', async () => {
    const c = capture(env);
    expect(await main(['keys', 'new', '--name', 'alice', '--json'], c.io)).toBe(0);
    const made = JSON.parse(c.out()) as { address: string; file: string; publicKey: string };
    expect(made.file).toBe(join(tmp, 'home', 'keys', 'alice.json'));
    expect(isPrivateFile(made.file)).toBe(true);
    const stored = JSON.parse(readFileSync(made.file, 'utf8')) as Record<string, string>;
    expect(stored['address']).toBe(made.address);
    expect(stored['publicKey']).toBe(made.publicKey);
    expect(stored['secretKey']).toMatch(/^[0-9a-f]{64}$/);

    const again = capture(env);
    expect(await main(['keys', 'new', '--name', 'alice'], again.io)).toBe(1);
    expect(again.err()).toMatch(/NODE_ERR_INVALID_KEY: key "alice" already exists/);
    expect(JSON.parse(readFileSync(made.file, 'utf8'))).toEqual(stored);
  });

  it('list and show', async () => {
    const c = capture(env);
    expect(await main(['keys', 'new', '--name', 'bob'], c.io)).toBe(0);
    const list = capture(env);
    expect(await main(['keys', 'list', '--json'], list.io)).toBe(0);
    expect((JSON.parse(list.out()) as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual(['alice', 'bob']);
    const show = capture(env);
    expect(await main(['keys', 'show', 'bob'], show.io)).toBe(0);
    expect(show.out()).toMatch(/key "bob"\n  address +[0-9a-f]{40}\n/);
    const missing = capture(env);
    expect(await main(['keys', 'show', 'carol'], missing.io)).toBe(1);
    expect(missing.err()).toMatch(/no key "carol"/);
    const badName = capture(env);
    expect(await main(['keys', 'new', '--name', '../evil'], badName.io)).toBe(1);
  });
});
