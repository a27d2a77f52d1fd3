/** node/store/keys.ts: exact byte layout, bytewise order equals numeric/chain order, prefixes, round trips, refusals. */
import { describe, expect, it } from 'vitest';
import {
  TABLE, blockKey, codeKey, decodeEventIndexKey, decodeHead, decodeStateKey, decodeTxLocation, encodeHead, encodeTxLocation, eventIndexKey,
  eventIndexPrefix, metaKey, prefixEnd, receiptKey, stateKey, txIndexKey,
} from '../../../node/store/keys.ts';

const A = '00112233445566778899aabbccddeeff00112233';
const B = '00112233445566778899aabbccddeeff00112234';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const sortedBytes = (keys: Buffer[]): Buffer[] => [...keys].sort(Buffer.compare);

describe('key layout', () => {
  it('writes the documented bytes', () => {
    expect(hex(metaKey('head'))).toBe('00' + Buffer.from('head').toString('hex'));
    expect(hex(blockKey(256n))).toBe('01' + '0000000000000100');
    expect(hex(receiptKey(1n, 2))).toBe('02' + '0000000000000001' + '00000002');
    expect(hex(txIndexKey('ab'.repeat(32)))).toBe('03' + 'ab'.repeat(32));
    expect(hex(codeKey(A))).toBe('04' + A);
    expect(hex(stateKey(A, 's/n'))).toBe('05' + A + Buffer.from('s/n').toString('hex'));
    expect(hex(eventIndexKey(A, 3n, 4, 5))).toBe('06' + A + '0000000000000003' + '00000004' + '00000005');
    expect(Object.values(TABLE)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('orders heights numerically as bytes (1 < 256 < 65536 < 2^32 < 2^64 − 1)', () => {
    const heights = [1n, 256n, 65_536n, 2n ** 32n, 2n ** 64n - 1n];
    const keys = heights.map((h) => blockKey(h));
    expect(sortedBytes([...keys].reverse())).toEqual(keys);
    // Little-endian or variable-width encodings would put 256 before 1 or 65536 before 256.
    expect(Buffer.compare(blockKey(255n), blockKey(256n))).toBe(-1);
  });

  it('orders receipts and events by height, then tx index, then event index', () => {
    const rs = [receiptKey(1n, 0), receiptKey(1n, 1), receiptKey(1n, 256), receiptKey(2n, 0), receiptKey(256n, 0)];
    expect(sortedBytes([...rs].reverse())).toEqual(rs);
    const es = [eventIndexKey(A, 1n, 0, 0), eventIndexKey(A, 1n, 0, 1), eventIndexKey(A, 1n, 1, 0), eventIndexKey(A, 2n, 0, 0), eventIndexKey(B, 0n, 0, 0)];
    expect(sortedBytes([...es].reverse())).toEqual(es);
    for (const k of es.slice(0, 4)) expect(k.subarray(0, 21).equals(eventIndexPrefix(A))).toBe(true);
    expect(decodeEventIndexKey(eventIndexKey(A, 2n ** 40n, 7, 9))).toEqual({ contract: A, height: 2n ** 40n, txIndex: 7, eventIndex: 9 });
  });

  it('keeps a contract\'s state keys contiguous and a string prefix a byte prefix', () => {
    const keys = ['m/bal/a', 'm/bal/b', 'm/bal/', 's/n', 'm/ba', 'm/bal0'].map((k) => stateKey(A, k));
    const prefix = stateKey(A, 'm/bal/');
    const end = prefixEnd(prefix) as Buffer;
    const inRange = sortedBytes(keys).filter((k) => Buffer.compare(k, prefix) >= 0 && Buffer.compare(k, end) < 0).map((k) => decodeStateKey(k).key);
    expect(inRange).toEqual(['m/bal/', 'm/bal/a', 'm/bal/b']);
    // Another contract's keys never fall inside A's range.
    const aAll = stateKey(A, '');
    expect(Buffer.compare(stateKey(B, ''), prefixEnd(aAll) as Buffer)).toBeGreaterThanOrEqual(0);
    expect(Buffer.compare(stateKey(A, '\u{10FFFF}'.repeat(4)), prefixEnd(aAll) as Buffer)).toBe(-1);
    expect(decodeStateKey(stateKey(A, 'm/x/"é🙂"'))).toEqual({ address: A, key: 'm/x/"é🙂"' });
  });

  it('prefixEnd is the exclusive upper bound of a prefix', () => {
    expect(hex(prefixEnd(Buffer.from('05ab', 'hex')) as Buffer)).toBe('05ac');
    expect(hex(prefixEnd(Buffer.from('05ff', 'hex')) as Buffer)).toBe('06');
    expect(prefixEnd(Buffer.from('ffff', 'hex'))).toBeUndefined();
  });

  it('round-trips the head pointer and tx locations', () => {
    const head = { height: 2n ** 63n + 5n, hash: 'cd'.repeat(32) };
    expect(decodeHead(encodeHead(head))).toEqual(head);
    expect(decodeTxLocation(encodeTxLocation({ height: 9n, index: 65_535 }))).toEqual({ height: 9n, index: 65_535 });
    expect(() => decodeHead(new Uint8Array(39))).toThrow(RangeError);
    expect(() => decodeTxLocation(new Uint8Array(13))).toThrow(RangeError);
  });

  it('refuses values that do not fit the fixed widths', () => {
    expect(() => blockKey(-1n)).toThrow(RangeError);
    expect(() => blockKey(2n ** 64n)).toThrow(RangeError);
    expect(() => receiptKey(0n, -1)).toThrow(RangeError);
    expect(() => receiptKey(0n, 2 ** 32)).toThrow(RangeError);
    expect(() => receiptKey(0n, 1.5)).toThrow(RangeError);
    expect(() => codeKey(A.toUpperCase())).toThrow(RangeError);
    expect(() => codeKey(A.slice(2))).toThrow(RangeError);
    expect(() => stateKey('zz' + A.slice(2), 's/n')).toThrow(RangeError);
    expect(() => txIndexKey('ab'.repeat(31))).toThrow(RangeError);
    expect(() => decodeStateKey(codeKey(A))).toThrow(RangeError);
  });
});
