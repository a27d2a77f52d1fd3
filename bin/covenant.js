#!/usr/bin/env node
// The `covenant` command. Checks the Node version before loading any TypeScript source, so an
// old Node fails with a clear message instead of a syntax error (SBX-01). `compile` is
// compiler/cli.ts; every other command is node/cli/main.ts.
//
// Commands that run a node (`devnet`, `node start`) create isolated-vm isolates, which need
// `--no-node-snapshot` on the Node command line (SBX-09; it cannot be set once Node runs). Without
// it, this script runs itself again as a child with the flag: the child is in its own process
// group and gets every SIGINT/SIGTERM/SIGHUP of this process exactly once (so Ctrl-C stops it
// gracefully), and an IPC channel makes it stop gracefully if this process dies (kill -9).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `covenant: Node.js 24 or newer is required (found ${process.versions.node}).\n` +
      'Run it through npm so that the pinned Node from node_modules/.bin is used: npx covenant …\n',
  );
  process.exit(1);
}

const argv = process.argv.slice(2);
const [command, ...rest] = argv;
const runsNode = command === 'devnet' || (command === 'node' && rest[0] === 'start');
const hasFlag = process.execArgv.includes('--no-node-snapshot') || (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes('--no-node-snapshot');

if (runsNode && !hasFlag) {
  const child = spawn(process.execPath, ['--no-node-snapshot', ...process.execArgv, fileURLToPath(import.meta.url), ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, COVENANT_SUPERVISED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (e) => {
    process.stderr.write(`covenant: cannot start ${process.execPath}: ${e.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 2 : 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1))));
} else {
  if (process.env.COVENANT_SUPERVISED === '1' && process.channel !== undefined) {
    // Started by the branch above: stop gracefully when the parent goes away, without the IPC
    // channel keeping this process alive.
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  const run = command === 'compile'
    ? () => import('../compiler/cli.ts').then((m) => m.main(rest))
    : () => import('../node/cli/main.ts').then((m) => {
      // Ctrl-C ends long-running client commands (`events --follow`) through the signal; commands
      // that run a node install their own handlers (node/main.ts runNodeProcess).
      const controller = new AbortController();
      if (!runsNode) {
        const stop = () => {
          if (controller.signal.aborted) process.exit(130);
          controller.abort();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }
      return m.main(argv, m.processIo(controller.signal));
    });
  run().then(
    (code) => {
      process.exitCode = code;
      // Let stdout drain (a pipe may be slow), then leave even if a handle lingers.
      process.stdout.write('', () => process.exit(code));
    },
    (err) => {
      process.stderr.write(`covenant: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
