/**
 * NET-04 / NET-14 / SBX-08 through the whole node: a CovenantNode under load (pipelined calls, batched into
 * blocks by the producer) is killed with SIGKILL at random moments, several times over one data
 * directory. After each restart the counter equals the number of committed calls (no half block),
 * is at least what was acknowledged as committed before the kill (nothing acknowledged lost), and
 * the account's nonce continues from there. Kills land mid-execution and mid-commit alike (SBX-08:
 * nothing partial is written; the restarted node re-executes nothing and carries on from the last
 * committed state).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './store/fixtures.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = join(import.meta.dirname, 'node-crash-child.ts');

interface Run {
  readonly start: { readonly n: bigint; readonly nonce: bigint };
  readonly lastAck: bigint | undefined;
}

/** Starts the child, waits for its first ack, kills it `delayMs` later. */
function runAndKill(dir: string, delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', '--import', TSX, CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === undefined && out.includes('ack ')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${err}`));
      const start = /start (\d+) (\d+)\n/.exec(out);
      if (start === null) return reject(new Error(`child printed no start line: ${out} ${err}`));
      const acks = [...out.matchAll(/ack (\d+)\n/g)].map((m) => BigInt(m[1] as string));
      resolve({ start: { n: BigInt(start[1] as string), nonce: BigInt(start[2] as string) }, lastAck: acks.at(-1) });
    });
  });
}

let t: ReturnType<typeof tempDir> | undefined;
afterEach(() => t?.cleanup());

describe('NET-04: kill -9 of a loaded node', () => {
  it('restarts at a whole block with every acknowledged commit kept and nonces continuing', async () => {
    t = tempDir();
    let acknowledged = 0n;
    for (let round = 0; round < 5; round++) {
      const run = await runAndKill(t.dir, 30 + Math.floor(Math.random() * 250));
      // The counter moves by exactly one per committed call: n adds leave nonce n + 1.
      if (round > 0) expect(run.start.nonce).toBe(run.start.n + 1n);
      expect(run.start.n).toBeGreaterThanOrEqual(acknowledged);
      expect(run.lastAck).toBeDefined();
      acknowledged = run.lastAck as bigint;
    }
    expect(acknowledged).toBeGreaterThan(0n);
  }, 120_000);
});
