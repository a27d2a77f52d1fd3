/**
 * node/rpc/schema.ts and node/rpc/errors.ts without sockets: exact members, one spelling per value
 * (hex, u64 bounds), bounded free-form JSON (depth, size, safe integers, forbidden keys), tagged
 * objects, node decoders' errors kept with a prefixed field; NodeError → JSON-RPC error mapping.
 */
import { describe, expect, it } from 'vitest';
import { NodeError } from '../../../node/errors.ts';
import { toRpcError } from '../../../node/rpc/errors.ts';
import { array, bool, decoded, hex, int, json, object, oneOf, tagged, text, u64 } from '../../../node/rpc/schema.ts';

function refusal(f: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof NodeError) return { code: e.code, field: e.field, message: e.shortMessage };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('schema', () => {
  const s = object({ a: hex(2), n: u64() }, { flag: bool, tags: array(text(8, /^[a-z]+$/, 'a tag'), 2) });

  it('object() takes exactly its members and returns a fresh object of only those', () => {
    const input = { a: '0aff', n: '18446744073709551615', tags: ['x'] };
    const out = s(input, '');
    expect(out).toEqual({ a: '0aff', n: 2n ** 64n - 1n, tags: ['x'] });
    expect(out).not.toBe(input);
    expect(refusal(() => s({ a: '0aff', n: '1', z: 1 }, ''))).toMatchObject({ code: 'NODE_ERR_INVALID_REQUEST', field: 'z' });
    expect(refusal(() => s({ a: '0aff' }, ''))).toMatchObject({ field: 'n' });
    expect(refusal(() => s(JSON.parse('{"a":"0aff","n":"1","__proto__":{}}'), ''))).toMatchObject({ field: '__proto__' });
    expect(refusal(() => s(null, ''))).toMatchObject({ field: 'params' });
    expect(refusal(() => s({ a: '0aff', n: '1', tags: ['x', 'y', 'z'] }, ''))).toMatchObject({ field: 'tags' });
    expect(refusal(() => s({ a: '0aff', n: '1', tags: ['X'] }, ''))).toMatchObject({ field: 'tags[0]' });
  });

  it('hex() and u64() accept one spelling only', () => {
    for (const bad of ['0AFF', '0x0a', '0af', 'zzzz', 10]) expect(refusal(() => hex(2)(bad, 'h')).field).toBe('h');
    for (const bad of ['01', '-1', '+1', '1.0', ' 1', '18446744073709551616', 1, 1n]) expect(refusal(() => u64()(bad, 'u')).field).toBe('u');
    expect(u64()('0', 'u')).toBe(0n);
    expect(refusal(() => u64(1n)('0', 'g')).field).toBe('g');
  });

  it('int() takes safe integers in range; oneOf() its strings', () => {
    expect(int(1, 3)(3, 'i')).toBe(3);
    for (const bad of [0, 4, 1.5, '2', Number.NaN]) expect(refusal(() => int(1, 3)(bad, 'i')).field).toBe('i');
    expect(oneOf('a', 'b')('b', 't')).toBe('b');
    expect(refusal(() => oneOf('a', 'b')('c', 't')).field).toBe('t');
  });

  it('text() checks length before the pattern and never quotes a whole hostile string', () => {
    const r = refusal(() => text(10, /^a+$/, 'as')('b'.repeat(5_000_000), 'k'));
    expect(r.field).toBe('k');
    expect(r.message.length).toBeLessThan(100);
  });

  it('json() bounds depth (iteratively), size, numbers and keys, and copies', () => {
    const j = json(3, 100);
    const v = { a: [1, 'x', null, true] };
    const out = j(v, 'v');
    expect(out).toEqual(v);
    expect(out).not.toBe(v);
    expect(refusal(() => j([[[[1]]]], 'v')).field).toBe('v[0][0][0][0]');
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(refusal(() => j(deep, 'v')).code).toBe('NODE_ERR_INVALID_REQUEST');
    expect(refusal(() => j('x'.repeat(200), 'v')).message).toMatch(/larger than 100 bytes/);
    for (const n of [1.5, -0, 2 ** 53, Number.POSITIVE_INFINITY]) expect(refusal(() => j([n], 'v')).field).toBe('v[0]');
    for (const k of ['__proto__', 'constructor', 'prototype']) expect(refusal(() => j(JSON.parse(`{"a":{"${k}":1}}`), 'v')).field).toBe(`v.a.${k}`);
  });

  it('tagged() picks the variant by its tag and names the tag when it is unknown', () => {
    const t = tagged('topic', { a: object({ topic: oneOf('a') }), b: object({ topic: oneOf('b'), n: int(0, 1) }) });
    expect(t({ topic: 'b', n: 1 }, '')).toEqual({ topic: 'b', n: 1 });
    expect(refusal(() => t({ topic: 'c' }, '')).field).toBe('topic');
    expect(refusal(() => t({ topic: 'toString' }, '')).field).toBe('topic');
    expect(refusal(() => t({ topic: 'a', n: 1 }, '')).field).toBe('n');
  });

  it('decoded() keeps a node decoder code and puts the member path before its field', () => {
    const d = decoded(() => {
      throw new NodeError('NODE_ERR_INVALID_TX', '"nonce" is bad', { field: 'nonce', metaMessages: ['x'] });
    });
    const r = refusal(() => d({}, 'tx'));
    expect(r).toEqual({ code: 'NODE_ERR_INVALID_TX', field: 'tx.nonce', message: '"nonce" is bad' });
  });
});

describe('toRpcError', () => {
  it('maps NodeError to -32000 with code, field and bounded details; anything else to a logged -32603', () => {
    const log: string[] = [];
    const e = new NodeError('NODE_ERR_MEMPOOL_FULL', 'the mempool is full', { metaMessages: Array.from({ length: 20 }, () => 'd'.repeat(2000)) });
    const r = toRpcError(e, (l) => log.push(l));
    expect(r).toMatchObject({ code: -32000, message: 'the mempool is full', data: { code: 'NODE_ERR_MEMPOOL_FULL' } });
    expect(r.data.details).toHaveLength(10);
    expect(r.data.details![0]!.length).toBeLessThanOrEqual(501);
    expect(log).toEqual([]);
    expect(toRpcError(new TypeError('x is undefined'), (l) => log.push(l))).toEqual({ code: -32603, message: expect.any(String), data: { code: 'NODE_ERR_INTERNAL' } });
    expect(log[0]).toMatch(/TypeError: x is undefined/);
  });
});
