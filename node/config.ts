/**
 * Node configuration: the genesis (shared by every node of a network: chain id and genesis time)
 * and the node-local settings (RPC address, block and mempool limits, threads), their defaults,
 * strict validation, and the data-directory layout:
 *
 *     <dataDir>/genesis.json   {"chainId", "genesisTime"}
 *     <dataDir>/config.json    node-local settings (every member optional)
 *     <dataDir>/chain/         LevelDB: blocks, receipts, state, indexes
 *
 * It does NOT open databases or sockets.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NodeError } from './errors.ts';
import { DEFAULT_MEMPOOL_LIMITS, type MempoolLimits } from './mempool/index.ts';
import { CHAIN_ID_PATTERN, MAX_BLOCK_BYTES, MAX_CHAIN_ID_LENGTH, MAX_TX_GAS_LIMIT } from './types/index.ts';

/** What every node of a network agrees on before block 0. */
export interface Genesis {
  readonly chainId: string;
  /** Time of block 0, ms since the Unix epoch. */
  readonly genesisTime: bigint;
}

/** A node's full configuration. */
export interface NodeConfig {
  readonly genesis: Genesis;
  /** Absolute data directory. */
  readonly dataDir: string;
  readonly rpc: { readonly host: string; readonly port: number };
  readonly block: { readonly maxTxs: number; readonly maxGas: bigint; readonly maxBytes: number };
  /** Largest gas limit a transaction may ask for (at most MAX_TX_GAS_LIMIT and the block's). */
  readonly maxTxGas: bigint;
  /** Gas limit of view calls. */
  readonly viewGas: bigint;
  readonly mempool: MempoolLimits;
  /** Worker threads verifying signatures; 0 verifies on the main thread. */
  readonly verifierThreads: number;
  /** Node-local wall-clock backstop per execution, ms (never a consensus limit: GAS-06). */
  readonly backstopMs: number;
  /** Gas limit of each trigger run (docs/language.md, Triggers). */
  readonly triggerGas: bigint;
  /**
   * A development chain: its proposer clock may be moved forward (`devnet_advance_time`), so a
   * five-year deal settles in seconds. Never on a shared network.
   */
  readonly devnet: boolean;
}

/** Node-local settings with their defaults. */
export const DEFAULT_SETTINGS = {
  rpc: { host: '127.0.0.1', port: 26657 },
  block: { maxTxs: 10_000, maxGas: 1_000_000_000n, maxBytes: 32 * 1024 * 1024 },
  maxTxGas: 10_000_000n,
  viewGas: 10_000_000n,
  mempool: DEFAULT_MEMPOOL_LIMITS,
  verifierThreads: 2,
  backstopMs: 10_000,
  triggerGas: 10_000_000n,
  devnet: false,
} as const;

/**
 * Most transaction bytes a block may be configured to take: the encoded block must stay within
 * MAX_BLOCK_BYTES (its decoder's limit) with the header, the wrapper and a comma per transaction,
 * or a full block could be stored but never read back.
 */
export const MAX_BLOCK_TX_BYTES = MAX_BLOCK_BYTES - 2 * 1024 * 1024;

export const GENESIS_FILE = 'genesis.json';
export const CONFIG_FILE = 'config.json';
export const CHAIN_DIR = 'chain';

/** Default chain id of `covenant devnet`. */
export const DEVNET_CHAIN_ID = 'covenant-devnet';

/**
 * Creates `dataDir` with a genesis and a config file (`covenant node init`). Refuses a directory
 * that already has a genesis (NODE_ERR_CONFIG): re-initialising would orphan its chain.
 */
export function initDataDir(dataDir: string, genesis: Genesis, settings: Record<string, unknown> = {}): NodeConfig {
  const dir = resolve(dataDir);
  if (existsSync(join(dir, GENESIS_FILE))) throw new NodeError('NODE_ERR_CONFIG', `${dir} is already initialised (${GENESIS_FILE} exists)`);
  checkGenesis(genesis);
  mkdirSync(dir, { recursive: true });
  const config = buildConfig(dir, genesis, settings);
  writeFileSync(join(dir, GENESIS_FILE), `${JSON.stringify({ chainId: genesis.chainId, genesisTime: genesis.genesisTime.toString() }, null, 2)}\n`);
  writeFileSync(join(dir, CONFIG_FILE), `${JSON.stringify(settings, null, 2)}\n`);
  return config;
}

/** Reads and validates `dataDir`'s genesis and config (NODE_ERR_CONFIG naming the file and member). */
export function loadConfig(dataDir: string, overrides: Record<string, unknown> = {}): NodeConfig {
  const dir = resolve(dataDir);
  const genesisPath = join(dir, GENESIS_FILE);
  if (!existsSync(genesisPath)) throw new NodeError('NODE_ERR_CONFIG', `${dir} is not a node data directory (no ${GENESIS_FILE}); run \`covenant node init\` first`);
  const g = readJsonObject(genesisPath);
  onlyKeys(g, ['chainId', 'genesisTime'], GENESIS_FILE);
  const genesis: Genesis = { chainId: str(g['chainId'], `${GENESIS_FILE}: chainId`), genesisTime: u64(g['genesisTime'], `${GENESIS_FILE}: genesisTime`) };
  checkGenesis(genesis);
  const configPath = join(dir, CONFIG_FILE);
  const settings = existsSync(configPath) ? readJsonObject(configPath) : {};
  return buildConfig(dir, genesis, { ...settings, ...overrides });
}

/** Validates settings (a parsed config.json) on top of the defaults. */
export function buildConfig(dataDir: string, genesis: Genesis, s: Record<string, unknown>): NodeConfig {
  onlyKeys(s, ['rpc', 'block', 'maxTxGas', 'viewGas', 'mempool', 'verifierThreads', 'backstopMs', 'triggerGas', 'devnet'], CONFIG_FILE);
  if (s['devnet'] !== undefined && typeof s['devnet'] !== 'boolean') throw new NodeError('NODE_ERR_CONFIG', `${CONFIG_FILE}: devnet must be true or false`);
  const rpc = obj(s['rpc'], 'rpc', ['host', 'port']);
  const block = obj(s['block'], 'block', ['maxTxs', 'maxGas', 'maxBytes']);
  const mempool = obj(s['mempool'], 'mempool', ['maxTxs', 'maxBytes', 'maxPerAccount']);
  const d = DEFAULT_SETTINGS;
  const blockMaxGas = rpcU64(block['maxGas'], 'block.maxGas', d.block.maxGas);
  const maxTxGas = rpcU64(s['maxTxGas'], 'maxTxGas', d.maxTxGas);
  if (maxTxGas < 1n || maxTxGas > MAX_TX_GAS_LIMIT || maxTxGas > blockMaxGas) {
    throw new NodeError('NODE_ERR_CONFIG', `${CONFIG_FILE}: maxTxGas must be in [1, ${MAX_TX_GAS_LIMIT}] and at most block.maxGas`);
  }
  return {
    genesis,
    dataDir,
    rpc: { host: str(rpc['host'] ?? d.rpc.host, 'rpc.host'), port: int(rpc['port'], 'rpc.port', 0, 65535, d.rpc.port) },
    block: { maxTxs: int(block['maxTxs'], 'block.maxTxs', 1, 65_536, d.block.maxTxs), maxGas: blockMaxGas, maxBytes: int(block['maxBytes'], 'block.maxBytes', 1 << 20, MAX_BLOCK_TX_BYTES, d.block.maxBytes) },
    maxTxGas,
    viewGas: boundedGas(rpcU64(s['viewGas'], 'viewGas', d.viewGas), 'viewGas'),
    mempool: {
      maxTxs: int(mempool['maxTxs'], 'mempool.maxTxs', 1, 10_000_000, d.mempool.maxTxs),
      maxBytes: int(mempool['maxBytes'], 'mempool.maxBytes', 1 << 20, 2 ** 40, d.mempool.maxBytes),
      maxPerAccount: int(mempool['maxPerAccount'], 'mempool.maxPerAccount', 1, 10_000_000, d.mempool.maxPerAccount),
    },
    verifierThreads: int(s['verifierThreads'], 'verifierThreads', 0, 64, d.verifierThreads),
    backstopMs: int(s['backstopMs'], 'backstopMs', 100, 600_000, d.backstopMs),
    triggerGas: boundedGas(rpcU64(s['triggerGas'], 'triggerGas', d.triggerGas), 'triggerGas'),
    devnet: s['devnet'] === true,
  };
}

function boundedGas(v: bigint, name: string): bigint {
  if (v < 1n || v > MAX_TX_GAS_LIMIT) throw new NodeError('NODE_ERR_CONFIG', `${CONFIG_FILE}: ${name} must be in [1, ${MAX_TX_GAS_LIMIT}]`);
  return v;
}

function checkGenesis(g: Genesis): void {
  if (g.chainId.length > MAX_CHAIN_ID_LENGTH || !CHAIN_ID_PATTERN.test(g.chainId)) {
    throw new NodeError('NODE_ERR_CONFIG', `chain id ${JSON.stringify(g.chainId)} must match ${CHAIN_ID_PATTERN} (at most ${MAX_CHAIN_ID_LENGTH} characters)`);
  }
}

function readJsonObject(path: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new NodeError('NODE_ERR_CONFIG', `${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new NodeError('NODE_ERR_CONFIG', `${path} must hold a JSON object`);
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new NodeError('NODE_ERR_CONFIG', `${where}: unknown setting ${JSON.stringify(k)} (known: ${allowed.join(', ')})`);
}

function obj(v: unknown, name: string, allowed: readonly string[]): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new NodeError('NODE_ERR_CONFIG', `${CONFIG_FILE}: ${name} must be an object`);
  onlyKeys(v as Record<string, unknown>, allowed, `${CONFIG_FILE}: ${name}`);
  return v as Record<string, unknown>;
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new NodeError('NODE_ERR_CONFIG', `${name} must be a non-empty string`);
  return v;
}

function int(v: unknown, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new NodeError('NODE_ERR_CONFIG', `${CONFIG_FILE}: ${name} must be an integer in [${min}, ${max}]`);
  return v;
}

function u64(v: unknown, name: string): bigint {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(v) || BigInt(v) >= 1n << 64n) throw new NodeError('NODE_ERR_CONFIG', `${name} must be a decimal string below 2^64`);
  return BigInt(v);
}

function rpcU64(v: unknown, name: string, fallback: bigint): bigint {
  if (v === undefined) return fallback;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v);
  return u64(v, `${CONFIG_FILE}: ${name}`);
}
