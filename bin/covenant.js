#!/usr/bin/env node
// The `covenant` command. Checks the Node version before loading any TypeScript source, so an
// old Node fails with a clear message instead of a syntax error (SBX-01).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `covenant: Node.js 24 or newer is required (found ${process.versions.node}).\n` +
      'Run it through npm so that the pinned Node from node_modules/.bin is used: npx covenant …\n',
  );
  process.exit(1);
}
const [command, ...rest] = process.argv.slice(2);
const commands = {
  compile: () => import('../compiler/cli.ts').then((m) => m.main(rest)),
};
const run = commands[command ?? ''];
if (run === undefined) {
  process.stderr.write(
    [
      'usage: covenant <command> [options]',
      '',
      'commands:',
      '  compile <files…> [--out DIR] [--json]   compile contract files to artifacts',
      '',
    ].join('\n'),
  );
  process.exit(command === undefined || command === '--help' || command === 'help' ? 0 : 1);
} else {
  run().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`covenant: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
