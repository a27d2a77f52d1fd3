/** node/store/db.ts: missing keys, put/get, atomic batches, ranges, snapshots, reopen. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Db } from '../../../node/store/db.ts';
import { tempDir } from './fixtures.ts';

const b = (s: string): Buffer => Buffer.from(s);
let t: ReturnType<typeof tempDir>;
let db: Db;

beforeEach(async () => {
  t = tempDir();
  db = await Db.open(t.dir);
});
afterEach(async () => {
  await db.close();
  t.cleanup();
});

async function all(gte: string, lt?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of db.entries({ gte: b(gte), lt: lt === undefined ? undefined : b(lt) })) out.push(`${k}=${v}`);
  return out;
}

describe('Db', () => {
  it('returns undefined for a missing key, sync and async', async () => {
    expect(await db.get(b('nope'))).toBeUndefined();
    expect(db.getSync(b('nope'))).toBeUndefined();
  });

  it('puts and gets bytes, including empty values', async () => {
    await db.put(b('k'), b('v'));
    await db.put(b('e'), new Uint8Array(0));
    expect((await db.get(b('k')))?.toString()).toBe('v');
    expect(db.getSync(b('k'))?.toString()).toBe('v');
    expect((await db.get(b('e')))?.length).toBe(0);
  });

  it('applies a batch of puts and deletes together', async () => {
    await db.batch([{ type: 'put', key: b('a'), value: b('1') }, { type: 'put', key: b('b'), value: b('2') }]);
    await db.batch([{ type: 'del', key: b('a') }, { type: 'put', key: b('c'), value: b('3') }]);
    expect(await all('a')).toEqual(['b=2', 'c=3']);
  });

  it('a batch with an invalid operation writes nothing', async () => {
    const bad = [{ type: 'put', key: b('x'), value: b('1') }, { type: 'put', key: b('y'), value: null }] as unknown as Parameters<Db['batch']>[0];
    await expect(db.batch(bad)).rejects.toThrow();
    expect(await db.get(b('x'))).toBeUndefined();
  });

  it('scans [gte, lt) in key order', async () => {
    await db.batch(['b2', 'a', 'b1', 'c'].map((k) => ({ type: 'put' as const, key: b(k), value: b(k) })));
    expect(await all('b', 'c')).toEqual(['b1=b1', 'b2=b2']);
    expect(await all('b')).toEqual(['b1=b1', 'b2=b2', 'c=c']);
  });

  it('reads from a snapshot as of its creation', async () => {
    await db.put(b('k'), b('old'));
    const snap = db.snapshot();
    await db.put(b('k'), b('new'));
    await db.put(b('k2'), b('x'));
    expect(db.getSync(b('k'), snap)?.toString()).toBe('old');
    expect(db.getSync(b('k2'), snap)).toBeUndefined();
    expect(db.getSync(b('k'))?.toString()).toBe('new');
    const seen: string[] = [];
    for await (const [k] of db.entries({ gte: b('k') }, snap)) seen.push(k.toString());
    expect(seen).toEqual(['k']);
    await snap.close();
  });

  it('sees everything after close and reopen', async () => {
    await db.batch([{ type: 'put', key: b('a'), value: b('1') }]);
    await db.put(b('b'), b('2'));
    await db.close();
    expect(db.isOpen).toBe(false);
    db = await Db.open(t.dir);
    expect(await all('')).toEqual(['a=1', 'b=2']);
  });
});
