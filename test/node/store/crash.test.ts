/**
 * NET-04: a node killed with SIGKILL in the middle of committing comes back at the last committed
 * block, whole: every key of that block's batch present, nothing of a later, cut-off batch, and no
 * acknowledged block lost. The child (crash-child.ts) runs the real chain store through the tsx
 * loader and is killed at a random moment, several times over the same directory. A killed
 * process loses nothing the OS already has, so this checks atomicity and acknowledgement order;
 * surviving a power cut is what `sync: true` on every batch is for (see node/store/db.ts), which a
 * test cannot cut.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChainStore, openChainStore } from '../../../node/store/index.ts';
import { blockHash, txId } from '../../../node/types/index.ts';
import { CONTRACT, tempDir } from './fixtures.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = join(import.meta.dirname, 'crash-child.ts');

/** Runs the child until it has acknowledged a block, then kills it after a random delay; returns the last acknowledged height. */
function runAndKill(dir: string, delayMs: number): Promise<bigint | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer === undefined && out.includes('\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited without being killed: ${err}`));
      const acks = [...out.matchAll(/ack (\d+)\n/g)].map((m) => BigInt(m[1] as string));
      resolve(acks.at(-1));
    });
  });
}

let t: ReturnType<typeof tempDir>;
let store: ChainStore | undefined;
beforeEach(() => {
  t = tempDir();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  t.cleanup();
});

describe('NET-04: kill -9 during commits', () => {
  it('reopens at a fully written block, with nothing acknowledged lost and nothing of a cut-off batch', async () => {
    let lastAcked = -1n;
    for (let round = 0; round < 8; round++) {
      const acked = await runAndKill(t.dir, 20 + Math.floor(Math.random() * 300));
      expect(acked).toBeDefined();
      lastAcked = acked as bigint;

      store = await openChainStore(t.dir);
      const head = store.head;
      expect(head).toBeDefined();
      const h = head!.height;
      // Acknowledged blocks survive; at most the one in flight when killed got in after its batch landed.
      expect(h >= lastAcked && h <= lastAcked + 1n).toBe(true);
      expect(await store.loadHead()).toEqual(head);

      // Every key of the head block's batch is there ...
      const block = await store.loadBlock(h);
      expect(block).toBeDefined();
      expect(blockHash(block!.header)).toBe(head!.hash);
      if (h > 0n) expect(block!.header.prevHash).toBe(blockHash((await store.loadBlock(h - 1n))!.header));
      for (const [i, tx] of block!.txs.entries()) expect((await store.loadReceipt(txId(tx)))?.index).toBe(i);
      expect(store.state.get(CONTRACT, 's/height')).toBe(String(h));
      const keys = store.state.keys(CONTRACT, 'm/k/');
      expect(keys.length).toBe(200);
      for (const k of keys) expect(store.state.get(CONTRACT, k)).toBe(String(h));
      expect((await store.loadEvents(CONTRACT, h)).map((e) => e.event.data)).toEqual([String(h), String(h)]);
      // ... the state is exactly the state the header committed to ...
      expect(await store.stateRoot()).toBe(block!.header.stateRoot);
      // ... and nothing of the next block.
      expect(await store.loadBlock(h + 1n)).toBeUndefined();
      expect(await store.loadEvents(CONTRACT, h + 1n)).toEqual([]);
      await store.close();
      store = undefined;
    }
  });
});
