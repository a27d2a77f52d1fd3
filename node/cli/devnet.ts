/**
 * `covenant devnet [--dir DIR] [--port N] [--reset] [--keys-dir DIR] [--json]`: a local
 * development chain with zero set-up. On first run it initialises DIR (default
 * `./.covenant/devnet`, chain id `covenant-devnet`, genesis time = now) and creates the `dev` key
 * in the keystore if there is none; then it runs the node in the foreground (port default 26657,
 * `0` = any free port) and prints the RPC URL, the dev account's address and the next commands to
 * try. Restarting on the same DIR resumes the same chain; `--reset` deletes DIR first (only a
 * node data directory or an empty one).
 *
 * It does NOT fund accounts (there are no balances to fund), run several validators, or reset the
 * keystore.
 * @module
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEVNET_CHAIN_ID, GENESIS_FILE, initDataDir } from '../config.ts';
import { NodeError } from '../errors.ts';
import { DEFAULT_KEY, DEFAULT_URL, type Io, UsageError, parseOptions, printJson, reportFailure, table } from './format.ts';
import { ensureKey, keysDir } from './keys.ts';
import { configWithPort, parsePort, runForeground } from './node-commands.ts';

/** Default data directory of the devnet, relative to the working directory. */
export const DEVNET_DIR = '.covenant/devnet';
/** Default RPC port. */
export const DEVNET_PORT = 26657;

const USAGE = 'usage: covenant devnet [--dir DIR] [--port N (0 = any free port)] [--reset] [--keys-dir DIR] [--json]';

/** `covenant devnet …`; returns the exit status. */
export async function devnetCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, {
      dir: { type: 'string' }, port: { type: 'string' }, reset: { type: 'boolean' }, 'keys-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    }, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, USAGE);
    const port = parsePort(values.port, USAGE) ?? DEVNET_PORT;
    const dir = resolve(io.cwd, values.dir ?? DEVNET_DIR);
    if (values.reset === true && existsSync(dir)) {
      if (!existsSync(join(dir, GENESIS_FILE)) && readdirSync(dir).length > 0) {
        throw new NodeError('NODE_ERR_CONFIG', `--reset refuses to delete ${dir}: it is not a node data directory (no ${GENESIS_FILE})`);
      }
      rmSync(dir, { recursive: true, force: true });
    }
    const fresh = !existsSync(join(dir, GENESIS_FILE));
    if (fresh) initDataDir(dir, { chainId: DEVNET_CHAIN_ID, genesisTime: BigInt(Date.now()) }, { devnet: true });
    const config = configWithPort(dir, port);
    const kdir = keysDir(io, values['keys-dir']);
    const key = ensureKey(kdir, DEFAULT_KEY);
    await runForeground(config, io, (running) => {
      const s = running.node.status();
      const url = running.url;
      if (json) {
        printJson(io, { event: 'started', url, chainId: s.chainId, height: s.height.toString(), dir, fresh, key: DEFAULT_KEY, address: key.address, keyFile: key.file, keyCreated: key.created });
        return;
      }
      const flag = url === DEFAULT_URL ? '' : ` --url ${url}`;
      io.out([
        `Covenant devnet: chain ${s.chainId}, ${fresh ? 'new chain' : `resumed at height ${s.height}`}`,
        table([
          ['rpc url', url],
          ['height', s.height.toString()],
          ['data dir', dir],
          ['dev key', `${DEFAULT_KEY}${key.created ? ' (created now)' : ''}  ${key.file}`],
          ['dev address', key.address],
        ]).trimEnd(),
        '',
        'Next, in another terminal:',
        ...(flag === '' ? [] : [`  export COVENANT_URL=${url}`]),
        '  npx covenant status',
        '  npx covenant deploy my.contract.ts --args \'[…constructor arguments…]\'',
        '  npx covenant call <address> <entry> ARG…',
        '  npx covenant query <address> <view> ARG…',
        '  npx covenant events <address> --follow',
        '',
        'Press Ctrl-C to stop (the chain resumes on the next `npx covenant devnet`).',
        '',
      ].join('\n'));
    });
    if (json) printJson(io, { event: 'stopped' });
    else io.out('devnet stopped\n');
    return 0;
  } catch (e) {
    return reportFailure(io, 'devnet', e, json);
  }
}
