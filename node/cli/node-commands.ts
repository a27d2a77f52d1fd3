/**
 * `covenant node init --dir DIR [--chain-id ID] [--port N]` creates a data directory (genesis
 * time = now; `--port` is written to its config.json) and `covenant node start --dir DIR
 * [--port N] [--json]` runs the node in the foreground: it prints the RPC URL and the head height
 * once serving, and stops gracefully on SIGINT/SIGTERM (`runNodeProcess`: the block in progress
 * commits, then everything closes). Also the shared foreground runner used by `covenant devnet`.
 *
 * It does NOT daemonise, rotate logs, or pass `--no-node-snapshot` (bin/covenant.js re-executes
 * itself with it for the commands that run a node).
 * @module
 */
import { CONFIG_FILE, type NodeConfig, initDataDir, loadConfig } from '../config.ts';
import { type RunningNode, runNodeProcess } from '../main.ts';
import { type Io, UsageError, parseOptions, printJson, reportFailure, table } from './format.ts';
import { resolve } from 'node:path';

/** Default chain id of `covenant node init`. */
export const DEFAULT_CHAIN_ID = 'covenant-local';

const INIT_USAGE = 'usage: covenant node init --dir DIR [--chain-id ID] [--port N] [--json]';
const START_USAGE = 'usage: covenant node start --dir DIR [--port N] [--json]';
const USAGE = `${INIT_USAGE}\n${START_USAGE.replace('usage:', '      ')}`;

/** `--port N` (0 = any free port). */
export function parsePort(text: string | undefined, usage: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port expects an integer in [0, 65535], got ${JSON.stringify(text)}`, usage);
  return Number(text);
}

/** The configuration of `dir` with the RPC port replaced by `port` (the configured host kept). */
export function configWithPort(dir: string, port: number | undefined): NodeConfig {
  const config = loadConfig(dir);
  return port === undefined ? config : loadConfig(dir, { rpc: { host: config.rpc.host, port } });
}

/**
 * Runs the node of `config` in the foreground until SIGINT/SIGTERM; `started` prints the banner.
 * Node log lines go to stderr.
 */
export async function runForeground(config: NodeConfig, io: Io, started: (running: RunningNode) => void): Promise<void> {
  await runNodeProcess(config, { log: (line) => io.err(`${line}\n`), onStarted: started });
}

/** `covenant node …`; returns the exit status. */
export async function nodeCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  const [sub, ...rest] = argv;
  const name = `node ${sub ?? ''}`.trim();
  try {
    if (sub === undefined || sub === '--help' || sub === '-h') {
      if (sub === undefined) throw new UsageError('missing subcommand (init or start)', USAGE);
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (sub === 'init') {
      const { values, positionals } = parseOptions(rest, { dir: { type: 'string' }, 'chain-id': { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, INIT_USAGE);
      json = values.json === true;
      if (values.help === true) {
        io.out(`${INIT_USAGE}\n`);
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, INIT_USAGE);
      if (values.dir === undefined) throw new UsageError('--dir is required', INIT_USAGE);
      const port = parsePort(values.port, INIT_USAGE);
      const dir = resolve(io.cwd, values.dir);
      const config = initDataDir(dir, { chainId: values['chain-id'] ?? DEFAULT_CHAIN_ID, genesisTime: BigInt(Date.now()) }, port === undefined ? {} : { rpc: { port } });
      if (json) printJson(io, { ok: true, dir, chainId: config.genesis.chainId, genesisTime: config.genesis.genesisTime.toString(), port: config.rpc.port });
      else {
        io.out(`initialised ${dir}\n${table([
          ['chain', config.genesis.chainId],
          ['genesis', new Date(Number(config.genesis.genesisTime)).toISOString()],
          ['rpc', `ws://${config.rpc.host}:${config.rpc.port} (${CONFIG_FILE})`],
        ])}start it with: npx covenant node start --dir ${values.dir}\n`);
      }
      return 0;
    }
    if (sub === 'start') {
      const { values, positionals } = parseOptions(rest, { dir: { type: 'string' }, port: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, START_USAGE);
      json = values.json === true;
      if (values.help === true) {
        io.out(`${START_USAGE}\n`);
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, START_USAGE);
      if (values.dir === undefined) throw new UsageError('--dir is required', START_USAGE);
      const config = configWithPort(resolve(io.cwd, values.dir), parsePort(values.port, START_USAGE));
      await runForeground(config, io, (running) => {
        const s = running.node.status();
        if (json) printJson(io, { event: 'started', url: running.url, chainId: s.chainId, height: s.height.toString(), dir: config.dataDir });
        else io.out(`node started\n${table([['rpc url', running.url], ['chain', s.chainId], ['height', s.height.toString()], ['data dir', config.dataDir]])}Press Ctrl-C to stop.\n`);
      });
      if (json) printJson(io, { event: 'stopped' });
      else io.out('node stopped\n');
      return 0;
    }
    throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}`, USAGE);
  } catch (e) {
    return reportFailure(io, name, e, json);
  }
}
