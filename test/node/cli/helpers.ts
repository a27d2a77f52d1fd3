/**
 * Test helpers of the CLI: an in-process {@link Io} that captures output, and child processes of
 * bin/covenant.js whose output lines can be awaited (never sleeps: each wait is for a line).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../../node/cli/format.ts';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = join(REPO, 'bin/covenant.js');

export interface Captured {
  readonly io: Io;
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves when stdout + stderr match `re`. */
  readonly waitFor: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
}

/** An Io writing into strings, with `env` and an optional abort signal. */
export function capture(env: Record<string, string | undefined> = {}, signal?: AbortSignal, cwd = REPO): Captured {
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  const io: Io = {
    out: (s) => {
      out += s;
      poke();
    },
    err: (s) => {
      err += s;
      poke();
    },
    env,
    cwd,
    ...(signal === undefined ? {} : { signal }),
  };
  const waitFor = (re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; out:\n${out}\nerr:\n${err}`)), timeoutMs);
      const check = (): void => {
        const m = (out + err).match(re);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m);
        } else waiters.push(check);
      };
      check();
    });
  return { io, out: () => out, err: () => err, waitFor };
}

/** A child process of bin/covenant.js with its output collected. */
export interface Child {
  readonly process: ChildProcess;
  readonly out: () => string;
  readonly err: () => string;
  /** Resolves with the first match of `re` in stdout + stderr (stdout first). */
  readonly waitFor: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or 128 + signal number stand-in: -1 for a signal). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node [nodeArgs] bin/covenant.js args` with `env` (NODE_OPTIONS removed). */
export function spawnCli(args: readonly string[], env: Record<string, string>, nodeArgs: readonly string[] = ['--no-node-snapshot']): Child {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS' && k !== 'COVENANT_URL') childEnv[k] = v;
  Object.assign(childEnv, env);
  const p = spawn(process.execPath, [...nodeArgs, BIN, ...args], { cwd: REPO, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  p.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    poke();
  });
  p.stderr.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    poke();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => p.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
    poke();
    resolve({ code, signal });
  }));
  let done = false;
  void exited.then(() => (done = true));
  const waitFor = (re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; out:\n${out}\nerr:\n${err}`)), timeoutMs);
      const check = (): void => {
        const m = (out + err).match(re);
        if (m !== null) {
          clearTimeout(timer);
          resolve(m);
        } else if (done) {
          clearTimeout(timer);
          reject(new Error(`exited before ${re}; out:\n${out}\nerr:\n${err}`));
        } else waiters.push(check);
      };
      check();
    });
  return { process: p, out: () => out, err: () => err, waitFor, exited };
}

/** Runs the CLI as a child to completion. */
export async function runCli(args: readonly string[], env: Record<string, string>, nodeArgs?: readonly string[]): Promise<{ code: number | null; out: string; err: string }> {
  const c = spawnCli(args, env, nodeArgs);
  const { code } = await c.exited;
  return { code, out: c.out(), err: c.err() };
}
