/**
 * node/config.ts: defaults, strict validation of config.json and genesis.json (NODE_ERR_CONFIG
 * naming the setting), limits that keep every block readable, and the data-directory layout.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, MAX_BLOCK_TX_BYTES, buildConfig, initDataDir, loadConfig } from '../../node/config.ts';
import { MAX_BLOCK_BYTES } from '../../node/types/index.ts';
import { tempDir } from './store/fixtures.ts';

let t: ReturnType<typeof tempDir> | undefined;
afterEach(() => t?.cleanup());
const GENESIS = { chainId: 'covenant-test', genesisTime: 1_800_000_000_000n };

describe('node configuration', () => {
  it('init writes genesis and config; load reads them back with defaults; init twice is refused', () => {
    t = tempDir();
    const made = initDataDir(t.dir, GENESIS, { rpc: { port: 0 } });
    const loaded = loadConfig(t.dir);
    expect(loaded).toEqual(made);
    expect(loaded).toMatchObject({ genesis: GENESIS, rpc: { host: DEFAULT_SETTINGS.rpc.host, port: 0 }, maxTxGas: DEFAULT_SETTINGS.maxTxGas });
    expect(() => initDataDir(t!.dir, GENESIS)).toThrow(expect.objectContaining({ code: 'NODE_ERR_CONFIG' }));
  });

  it('refuses a directory without genesis, unknown or out-of-range settings, bad JSON and bad chain ids', () => {
    t = tempDir();
    expect(() => loadConfig(t!.dir)).toThrow(expect.objectContaining({ code: 'NODE_ERR_CONFIG', message: expect.stringContaining('node init') }));
    const bad = (settings: Record<string, unknown>) => () => buildConfig(t!.dir, GENESIS, settings);
    expect(bad({ colour: 'red' })).toThrow(/unknown setting "colour"/);
    expect(bad({ rpc: { port: 70_000 } })).toThrow(/rpc\.port/);
    expect(bad({ block: { maxBytes: MAX_BLOCK_BYTES } })).toThrow(/block\.maxBytes/);
    expect(bad({ maxTxGas: '0' })).toThrow(/maxTxGas/);
    expect(bad({ maxTxGas: 2_000_000_000, block: { maxGas: 1_000_000 } })).toThrow(/maxTxGas/);
    expect(bad({ viewGas: '1000000000000' })).toThrow(/viewGas/);
    expect(bad({ mempool: { maxTxs: -1 } })).toThrow(/mempool\.maxTxs/);
    expect(() => initDataDir(join(t!.dir, 'x'), { chainId: 'Has Spaces', genesisTime: 1n })).toThrow(expect.objectContaining({ code: 'NODE_ERR_CONFIG' }));
    initDataDir(join(t.dir, 'y'), GENESIS);
    writeFileSync(join(t.dir, 'y', 'config.json'), '{ not json');
    expect(() => loadConfig(join(t!.dir, 'y'))).toThrow(expect.objectContaining({ code: 'NODE_ERR_CONFIG', message: expect.stringContaining('not valid JSON') }));
  });

  it('keeps a full block decodable: transaction bytes leave room for the header and separators', () => {
    expect(MAX_BLOCK_TX_BYTES).toBeLessThan(MAX_BLOCK_BYTES);
    t = tempDir();
    expect(buildConfig(t.dir, GENESIS, { block: { maxBytes: MAX_BLOCK_TX_BYTES } }).block.maxBytes).toBe(MAX_BLOCK_TX_BYTES);
  });
});
