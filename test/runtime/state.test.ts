/** The per-transaction overlay, state diffs and their hash. */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_DIFF_TAG, type StateDiff, createStateOverlay, sortStateDiff, stateDiffHash } from '../../runtime/index.ts';
import { MemoryState, addr } from '../helpers/runtime-host.ts';

const A = addr(1, 'c');
const B = addr(2, 'c');

describe('createStateOverlay()', () => {
  it('reads through to the base, shadows writes and deletes, and lists keys sorted', () => {
    const base = new MemoryState();
    base.apply([{ address: A, key: 'm/x/b', value: '1' }, { address: A, key: 'm/x/a', value: '2' }, { address: A, key: 's/n', value: '"3"' }]);
    const o = createStateOverlay(base);
    o.set(A, 'm/x/c', '3');
    o.set(A, 'm/x/a', undefined);
    expect(o.get(A, 'm/x/a')).toBeUndefined();
    expect(o.get(A, 'm/x/b')).toBe('1');
    expect(o.keys(A, 'm/x/')).toEqual(['m/x/b', 'm/x/c']);
    expect(o.keys(B, 'm/x/')).toEqual([]);
  });
  it('rolls back to a mark (nested frames) and drops no-op writes from the diff', () => {
    const base = new MemoryState();
    base.apply([{ address: A, key: 's/n', value: '"1"' }]);
    const o = createStateOverlay(base);
    o.set(B, 's/z', '"9"');
    const m = o.mark();
    o.set(A, 's/n', '"2"');
    o.set(A, 's/m', '"5"');
    o.rollback(m);
    expect(o.get(A, 's/n')).toBe('"1"');
    o.set(A, 's/n', '"2"');
    o.set(A, 's/n', '"1"'); // back to the committed value: not a change
    o.set(A, 'm/k/b', '"x"');
    o.set(A, 'm/k/a', undefined); // deleting an absent key: not a change
    o.set(A, 'm/k/a', '"y"');
    expect(o.diff()).toEqual([
      { address: A, key: 'm/k/a', value: '"y"' },
      { address: A, key: 'm/k/b', value: '"x"' },
      { address: B, key: 's/z', value: '"9"' },
    ]);
    expect(() => o.rollback(99)).toThrow(RangeError);
  });
});

describe('stateDiffHash()', () => {
  it('is stable, order-canonical and distinguishes deletion from the empty string', () => {
    const d1 = sortStateDiff([{ address: B, key: 's/a', value: '1' }, { address: A, key: 's/b', value: undefined }]);
    const d2 = sortStateDiff([{ address: A, key: 's/b', value: undefined }, { address: B, key: 's/a', value: '1' }]);
    expect(d1).toEqual(d2);
    expect(stateDiffHash(d1)).toBe(stateDiffHash(d2));
    expect(stateDiffHash([{ address: A, key: 's/b', value: '' }])).not.toBe(stateDiffHash([{ address: A, key: 's/b', value: undefined }]));
    // Length prefixes: moving a character between key and value changes the hash.
    expect(stateDiffHash([{ address: A, key: 's/ab', value: 'c' }])).not.toBe(stateDiffHash([{ address: A, key: 's/a', value: 'bc' }]));
    // Test vector (pins the definition: tag covenant:state-diff:v1, u32 count, lp fields).
    expect(stateDiffHash([])).toMatchInlineSnapshot(`"477ad038b17d11e81b85fcc00788e4939eca43b6786760de68369cf4470aed7f"`);
    // Independent computation with node:crypto.
    const lp = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
    const u32 = (n: number): Buffer => Buffer.from([0, 0, 0, n]);
    const want = createHash('sha256').update(Buffer.concat([
      lp(Buffer.from('covenant:state-diff:v1')), lp(u32(2)),
      lp(Buffer.from(A)), lp(Buffer.from('s/b')), lp(Buffer.from([0])),
      lp(Buffer.from(B)), lp(Buffer.from('s/a')), lp(Buffer.from([1])), lp(Buffer.from('1')),
    ])).digest('hex');
    expect(stateDiffHash(d1)).toBe(want);
    expect(() => sortStateDiff([{ address: A, key: 'k', value: '1' }, { address: A, key: 'k', value: '2' }])).toThrow(/duplicate/);
  });

  it('equals a field-by-field streaming computation for any diff, lone surrogates included (fast-check)', () => {
    // The definition written out with one Hash.update per field (the pre-2026-11 implementation).
    const reference = (diff: StateDiff): string => {
      const h = createHash('sha256');
      const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
      const lp = (t: string): void => { h.update(u32(Buffer.byteLength(t, 'utf8'))); h.update(t, 'utf8'); };
      lp(STATE_DIFF_TAG);
      h.update(u32(4));
      h.update(u32(diff.length));
      for (const e of diff) {
        lp(e.address);
        lp(e.key);
        if (e.value === undefined) h.update(Buffer.from([0, 0, 0, 1, 0]));
        else { h.update(Buffer.from([0, 0, 0, 1, 1])); lp(e.value); }
      }
      return h.digest('hex');
    };
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii', maxLength: 140 }), fc.string({ unit: fc.constantFrom('a', '\u007f', '\u0080', '\u00ff', '\ud800'), maxLength: 130 }));
    const entry = fc.record({ address: fc.oneof(fc.constant(A), text), key: text, value: fc.option(text, { nil: undefined }) });
    fc.assert(fc.property(fc.array(entry, { maxLength: 12 }), (diff) => {
      expect(stateDiffHash(diff)).toBe(reference(diff));
    }), { numRuns: 500 });
    const many = Array.from({ length: 300 }, (_, i) => ({ address: A, key: `s/${i}`, value: i % 3 === 0 ? undefined : String(i) }));
    for (const n of [127, 128, 255, 256, 300]) expect(stateDiffHash(many.slice(0, n))).toBe(reference(many.slice(0, n)));
    const big = 'x'.repeat(70_000) + '\u{1F600}\ud800';
    expect(stateDiffHash([{ address: A, key: big, value: big }])).toBe(reference([{ address: A, key: big, value: big }]));
  });
});
