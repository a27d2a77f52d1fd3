/**
 * The acceptance scenario of the node CLI, end to end: `covenant devnet` as a child process on a
 * fresh directory, then deploy (compiling a contract file), call, query, follow events, `tx`,
 * a failed call and refused arguments; then kill -9 the devnet, start it again on the same
 * directory (this time WITHOUT --no-node-snapshot, so bin/covenant.js must re-execute itself) and
 * check that everything committed is still there: state, receipts, events, and the account's
 * nonce continues. Client commands run in-process through `main()` with captured output (one
 * runs as a child to check the bin wiring). Every wait is for an output line, never a sleep.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../node/cli/main.ts';
import { type Child, capture, runCli, spawnCli } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'covenant-cli-e2e-'));
const env = { COVENANT_HOME: join(tmp, 'home') };
const children: Child[] = [];
afterAll(async () => {
  for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  rmSync(tmp, { recursive: true, force: true });
});

const FIXTURE = 'test/node/cli/fixtures/tally.contract.ts';

/** Runs the CLI in-process; returns exit code and output. */
async function cli(args: readonly string[], url: string): Promise<{ code: number; out: string; err: string }> {
  const c = capture(env);
  const code = await main([...args, '--url', url], c.io);
  return { code, out: c.out(), err: c.err() };
}

async function json(args: readonly string[], url: string): Promise<Record<string, unknown>> {
  const r = await cli([...args, '--json'], url);
  expect(r.err, r.err).toBe('');
  return JSON.parse(r.out) as Record<string, unknown>;
}

/** A TCP port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('covenant devnet, end to end', () => {
  it('deploys, calls, queries, follows events, survives kill -9 and resumes', async () => {
    const t0 = Date.now();
    const dir = join(tmp, 'devnet');
    const devnet = spawnCli(['devnet', '--dir', dir, '--port', '0'], env);
    children.push(devnet);
    const url = (await devnet.waitFor(/rpc url +(ws:\/\/\S+)/))[1] as string;
    const address = (await devnet.waitFor(/dev address +([0-9a-f]{40})/))[1] as string;
    expect(devnet.out()).toMatch(/new chain/);
    expect(devnet.out()).toMatch(/dev key +dev \(created now\)/);
    const tStarted = Date.now();

    // Deploy, compiling the contract file.
    const deployed = await json(['deploy', FIXTURE, '--args', '["@dev", 5]'], url);
    expect(deployed['ok']).toBe(true);
    const contract = deployed['address'] as string;
    expect(contract).toMatch(/^[0-9a-f]{40}$/);
    const deployReceipt = deployed['receipt'] as Record<string, unknown>;
    expect(deployReceipt['status']).toBe('ok');

    // Follow events, then call an entry and see the event arrive.
    const controller = new AbortController();
    const follow = capture(env, controller.signal);
    const following = main(['events', contract, '--follow', '--url', url], follow.io);
    await follow.waitFor(/waiting for new events/);
    const call = await cli(['call', contract, 'deposit', '@dev', '12.5', 'first deposit'], url);
    expect(call.code, call.err).toBe(0);
    expect(call.out).toMatch(/Tally\.deposit committed/);
    expect(call.out).toMatch(/status +ok/);
    expect(call.out).toMatch(/Deposited \{account: "[0-9a-f]{40}", amount: 12\.50 USD, note: "first deposit", total: 12\.50 USD\}/);
    const callTx = (call.out.match(/tx +([0-9a-f]{64})/) as RegExpMatchArray)[1] as string;
    await follow.waitFor(/Deposited \{.*first deposit/);
    controller.abort();
    expect(await following).toBe(0);

    // A failing call: exit 1 with the runtime's code and the source location.
    const failed = await cli(['call', contract, 'deposit', '@dev', '0', 'nothing'], url);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/error +RT_ERR_REQUIRE_FAILED: a deposit must be positive/);
    expect(failed.out).toMatch(/at +test\/node\/cli\/fixtures\/tally\.contract\.ts:\d+:\d+/);

    // Wrong argument type, unknown entry, unknown contract: refused before anything is signed.
    const badType = await cli(['call', contract, 'deposit', '@dev', 'ten dollars', 'x'], url);
    expect(badType.code).toBe(1);
    expect(badType.err).toMatch(/^covenant call: NODE_ERR_BAD_ARGUMENTS: "amount" expected Money<'USD'>/);
    const badEntry = await cli(['call', contract, 'withdraw'], url);
    expect(badEntry.err).toMatch(/NODE_ERR_BAD_ARGUMENTS: Tally has no entry "withdraw"/);
    const unknown = await cli(['query', '00'.repeat(20), 'totalOf', '@dev'], url);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^covenant query: NODE_ERR_UNKNOWN_CONTRACT: no contract is deployed at 0{40}/);

    // Views and state.
    const total = await cli(['query', contract, 'totalOf', '@dev'], url);
    expect(total).toMatchObject({ code: 0, out: '12.50 USD\n' });
    expect((await cli(['query', contract, 'countPlus', '-2'], url)).out).toBe('4\n');
    expect((await cli(['query', contract, '--state', 'count'], url)).out).toBe('"6"\n');
    expect((await cli(['query', contract, '--keys', 'm/totals/'], url)).out).toBe(`m/totals/${address}\n`);

    // tx <id>, through the real bin as a child process.
    const tx = await runCli(['tx', callTx, '--url', url, '--json'], env);
    expect(tx.code, tx.err).toBe(0);
    const txJson = JSON.parse(tx.out) as Record<string, unknown>;
    expect(txJson).toMatchObject({ ok: true, txStatus: 'committed', status: 'ok', nonce: '1', kind: 'call' });
    const height = txJson['height'] as string;
    const tBefore = Date.now();

    // kill -9, then restart on the same directory without --no-node-snapshot (bin re-executes).
    devnet.process.kill('SIGKILL');
    await devnet.exited;
    const again = spawnCli(['devnet', '--dir', dir, '--port', '0'], env, []);
    children.push(again);
    const url2 = (await again.waitFor(/rpc url +(ws:\/\/\S+)/))[1] as string;
    expect(again.out()).toMatch(/resumed at height 3/);
    expect(again.out()).not.toMatch(/created now/);
    expect((await again.waitFor(/dev address +([0-9a-f]{40})/))[1]).toBe(address);
    const tRestarted = Date.now();

    // State, receipts and events are still there.
    expect((await cli(['query', contract, 'totalOf', '@dev'], url2)).out).toBe('12.50 USD\n');
    const txAfter = await json(['tx', callTx], url2);
    expect(txAfter).toMatchObject({ txStatus: 'committed', status: 'ok', height, nonce: '1' });
    const events = await cli(['events', contract], url2);
    expect(events.out.trim().split('\n')).toHaveLength(1);
    expect(events.out).toMatch(/^block 2 tx 0 {2}Deposited \{.*first deposit/);

    // The nonce continues: deploy 0, call 1, failed call 2, so the next is 3.
    const next = await json(['call', contract, 'deposit', '@dev', 'USD 0.50', 'after restart'], url2);
    const nextReceipt = next['receipt'] as Record<string, unknown>;
    expect(nextReceipt['status']).toBe('ok');
    expect(await json(['tx', nextReceipt['txId'] as string], url2)).toMatchObject({ nonce: '3', height: '4' });
    expect((await cli(['query', contract, 'totalOf', '@dev'], url2)).out).toBe('13.00 USD\n');

    // SIGTERM to the supervising process stops the re-executed node gracefully.
    again.process.kill('SIGTERM');
    const exit = await again.exited;
    expect(exit.code).toBe(0);
    expect(again.out()).toMatch(/devnet stopped/);
    expect(again.err()).toMatch(/SIGTERM: stopping/);
    const tEnd = Date.now();
    // Timings for the report.
    process.stdout.write(`e2e timings: devnet up ${tStarted - t0} ms, scenario ${tBefore - tStarted} ms, restart ${tRestarted - tBefore} ms, after restart ${tEnd - tRestarted} ms, total ${tEnd - t0} ms\n`);
  }, 60_000);

  it('an unreachable node is NODE_ERR_UNREACHABLE, exit 1, quickly, without a stack trace', async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    const t = Date.now();
    const r = await runCli(['status', '--url', url], env);
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^covenant status: NODE_ERR_UNREACHABLE: cannot reach the node at ${url}`));
    expect(r.err).not.toMatch(/\n\s+at /);
    const inProcess = await cli(['query', '11'.repeat(20), 'totalOf', '@dev'], url);
    expect(inProcess.code).toBe(1);
    expect(inProcess.err).toMatch(/^covenant query: NODE_ERR_UNREACHABLE: .*\n  is a node running there\?/);
  });

  it('node init then node start (foreground, graceful on SIGINT); init refuses an initialised directory', async () => {
    const dir = join(tmp, 'node1');
    const init = capture(env);
    expect(await main(['node', 'init', '--dir', dir, '--chain-id', 'test-chain', '--port', '0'], init.io), init.err()).toBe(0);
    expect(init.out()).toMatch(/initialised .*\n +chain +test-chain/);
    const twice = capture(env);
    expect(await main(['node', 'init', '--dir', dir], twice.io)).toBe(1);
    expect(twice.err()).toMatch(/^covenant node init: NODE_ERR_CONFIG: .* is already initialised/);
    const notDir = capture(env);
    expect(await main(['node', 'start', '--dir', join(tmp, 'nothing-here')], notDir.io)).toBe(1);
    expect(notDir.err()).toMatch(/NODE_ERR_CONFIG: .* is not a node data directory/);

    const node = spawnCli(['node', 'start', '--dir', dir, '--json'], env);
    children.push(node);
    const started = JSON.parse((await node.waitFor(/^\{"event":"started".*\}$/m))[0]) as Record<string, string>;
    expect(started).toMatchObject({ chainId: 'test-chain', height: '0' });
    const status = await json(['status'], started['url'] as string);
    expect(status).toMatchObject({ ok: true, chainId: 'test-chain', height: '0', healthy: true });
    node.process.kill('SIGINT');
    expect((await node.exited).code).toBe(0);
    expect(node.out()).toMatch(/\{"event":"stopped"\}/);
  });
});
