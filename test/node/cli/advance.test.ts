/**
 * `covenant advance`: duration spellings, and devnet time travel through a real node over
 * WebSocket (the clock moves; a chain that is not a devnet refuses with NODE_ERR_UNAVAILABLE).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { advanceCommand, parseDuration } from '../../../node/cli/advance.ts';
import { initDataDir, loadConfig } from '../../../node/config.ts';
import { type RunningNode, startNode } from '../../../node/main.ts';
import { tempDir } from '../store/fixtures.ts';
import { capture } from './helpers.ts';

let t: ReturnType<typeof tempDir> | undefined;
let running: RunningNode | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  t?.cleanup();
});

async function start(devnet: boolean): Promise<RunningNode> {
  t = tempDir();
  initDataDir(t.dir, { chainId: 'covenant-devnet', genesisTime: 1_800_000_000_000n }, { devnet, verifierThreads: 0, rpc: { port: 0 } });
  running = await startNode(loadConfig(t.dir), { log: () => {}, clock: () => 1_800_000_000_000n });
  return running;
}

describe('covenant advance', () => {
  it('reads durations in weeks, days, hours, minutes and seconds', () => {
    expect(parseDuration('2w')).toBe(1_209_600_000n);
    expect(parseDuration('30d')).toBe(2_592_000_000n);
    expect(parseDuration('12h')).toBe(43_200_000n);
    expect(parseDuration('90m')).toBe(5_400_000n);
    expect(parseDuration('45s')).toBe(45_000n);
    for (const bad of ['0d', '1.5d', 'd', '3y', '-1d', '1D']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('moves a devnet clock forward and prints the new time', async () => {
    const r = await start(true);
    const c = capture();
    expect(await advanceCommand(['30d', '--url', r.url, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out())).toMatchObject({ ok: true, time: String(1_800_000_000_000n + 2_592_000_000n) });
  });

  it('is refused by a chain that is not a devnet, with the code and exit 1', async () => {
    const r = await start(false);
    const c = capture();
    expect(await advanceCommand(['1d', '--url', r.url], c.io)).toBe(1);
    expect(c.err()).toMatch(/NODE_ERR_UNAVAILABLE: time travel is only for development chains/);
  });

  it('a malformed duration is a usage error (exit 2)', async () => {
    const c = capture();
    expect(await advanceCommand(['soon'], c.io)).toBe(2);
    expect(c.err()).toMatch(/is not a duration/);
  });
});
