/**
 * The node-side `covenant` commands: dispatches `keys`, `node`, `devnet`, `deploy`, `call`,
 * `query`, `events`, `tx`, `status`, `advance` and the privacy commands to their modules (loaded on demand, so `keys` never loads
 * the runtime), and prints the overview. `main(argv, io)` returns the exit status: 0 ok, 1 refused
 * or failed, 2 usage or internal error; it never throws.
 *
 * It does NOT handle `compile` (compiler/cli.ts does; bin/covenant.js routes it) or re-execute
 * the process with `--no-node-snapshot` (bin/covenant.js does).
 * @module
 */
import { type Io, processIo, reportFailure } from './format.ts';

export { processIo };

/** The overview printed by `covenant`, `covenant help` and for an unknown command. */
export const OVERVIEW = [
  'usage: covenant <command> [options]',
  '',
  'commands:',
  '  compile <files…> [--out DIR] [--json]          compile contract files to artifacts',
  '  devnet [--dir DIR] [--port N] [--reset]          run a local development chain (creates the dev key)',
  '  node init --dir DIR [--chain-id ID] [--port N]   create a node data directory',
  '  node start --dir DIR [--port N]                  run a node in the foreground',
  '  keys new [--name NAME] | list | show NAME        manage signing keys (~/.covenant/keys)',
  '  deploy <file.contract.ts | artifact.json> [--args JSON] [--contract NAME]   deploy a contract',
  '  call <address> <entry> [ARG…]                    send a transaction to an entry',
  '  query <address> <view> [ARG…] | --state KEY | --keys PREFIX   read committed state',
  '  events <address> [--name EVENT] [--from H] [--follow]          print (and follow) events',
  '  tx <id>                                          a transaction, pending or committed',
  '  status                                           the node\'s chain, height and health',
  '  advance <30d | 12h | 2w …>                       devnet time travel: scheduled triggers fall due',
  '  publish-key                                      publish the key\'s X25519 encryption key (to receive grants)',
  '  seal <contract> <record> <field> <TYPE> <VALUE>  seal a value for a field; prints the Sealed JSON for `call`',
  '  grant|revoke <contract> <record> <field> <WHO>   grant a sealed field to an account, or revoke and rotate',
  '  reveal <contract> <record> <field> --view V [ARG…] [--path a.b]   decrypt a sealed value you were granted',
  '',
  'common options: --url URL (default $COVENANT_URL or ws://127.0.0.1:26657), --key NAME (default dev),',
  '  --keys-dir DIR, --gas N, --no-wait, --json. Run `covenant <command> --help` for details; see docs/cli.md.',
  '',
].join('\n');

type Command = (argv: readonly string[], io: Io) => Promise<number>;

const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  keys: async () => (await import('./keys.ts')).keysCommand,
  node: async () => (await import('./node-commands.ts')).nodeCommand,
  devnet: async () => (await import('./devnet.ts')).devnetCommand,
  deploy: async () => (await import('./deploy.ts')).deployCommand,
  call: async () => (await import('./call.ts')).callCommand,
  query: async () => (await import('./query.ts')).queryCommand,
  events: async () => (await import('./events.ts')).eventsCommand,
  tx: async () => (await import('./tx.ts')).txCommand,
  status: async () => (await import('./tx.ts')).statusCommand,
  advance: async () => (await import('./advance.ts')).advanceCommand,
  'publish-key': async () => (await import('./privacy.ts')).privacyCommand.bind(null, 'publish-key'),
  seal: async () => (await import('./privacy.ts')).privacyCommand.bind(null, 'seal'),
  grant: async () => (await import('./privacy.ts')).privacyCommand.bind(null, 'grant'),
  revoke: async () => (await import('./privacy.ts')).privacyCommand.bind(null, 'revoke'),
  reveal: async () => (await import('./privacy.ts')).privacyCommand.bind(null, 'reveal'),
};

/** The node commands' names. */
export const NODE_COMMANDS: readonly string[] = Object.keys(COMMANDS);

/** Runs `covenant <argv…>` (without `compile`); returns the exit status. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(OVERVIEW);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load === undefined) {
    io.err(`covenant: unknown command ${JSON.stringify(command)}\n${OVERVIEW}`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    return reportFailure(io, command, e, rest.includes('--json'));
  }
}
