/**
 * Command-line spellings of contract values (node/cli/args.ts): each type's spellings, JSON for
 * structures, `@NAME` addresses, and NODE_ERR_BAD_ARGUMENTS naming the parameter for bad ones.
 */
import { describe, expect, it } from 'vitest';
import type { AbiParam, AbiType } from '../../../compiler/artifact.ts';
import { encodeCliArgs, encodeJsonArgs, entryOf, fromText, parseMoneyText } from '../../../node/cli/args.ts';
import { NodeError } from '../../../node/errors.ts';

const types = {
  Leg: { kind: 'record', fields: [{ name: 'amount', type: { kind: 'money', currency: 'USD' }, optional: false }, { name: 'to', type: { kind: 'address' }, optional: false }, { name: 'memo', type: { kind: 'string' }, optional: true }] },
  Side: { kind: 'enum', members: ['buy', 'sell'] },
} as const;
const ADDR = 'ab'.repeat(20);
const resolve = (name: string): string => {
  if (name === 'dev') return ADDR;
  throw new NodeError('NODE_ERR_INVALID_KEY', `no key "${name}"`);
};
const enc = (t: AbiType, text: string): unknown => encodeCliArgs([{ name: 'p', type: t }], [text], types, 'f', resolve)[0];

function badArg(f: () => unknown): NodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    expect((e as NodeError).code).toBe('NODE_ERR_BAD_ARGUMENTS');
    return e as NodeError;
  }
  throw new Error('expected NODE_ERR_BAD_ARGUMENTS');
}

describe('scalar spellings', () => {
  it('ints: plain, negative, underscores, plus sign', () => {
    expect(enc({ kind: 'int' }, '42')).toBe('42');
    expect(enc({ kind: 'int' }, '-7')).toBe('-7');
    expect(enc({ kind: 'int' }, '1_000_000')).toBe('1000000');
    expect(enc({ kind: 'int' }, '+3')).toBe('3');
    expect(badArg(() => enc({ kind: 'int' }, '1.5')).field).toBe('p');
    badArg(() => enc({ kind: 'int' }, 'forty'));
    badArg(() => enc({ kind: 'int' }, '0x10'));
  });

  it('decimals are normalised, never floats', () => {
    expect(enc({ kind: 'decimal' }, '1.50')).toBe('1.5');
    expect(enc({ kind: 'decimal' }, '-0.25')).toBe('-0.25');
    expect(enc({ kind: 'decimal' }, '3')).toBe('3');
    badArg(() => enc({ kind: 'decimal' }, '1e3'));
    badArg(() => enc({ kind: 'decimal' }, '.5'));
  });

  it('money: amount and code either way round, or the static currency alone; padded, never rounded', () => {
    const usd: AbiType = { kind: 'money', currency: 'USD' };
    expect(enc(usd, '12.5')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(enc(usd, '12.50 USD')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(enc(usd, 'USD 12.50')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(enc(usd, '12.50usd')).toEqual({ amount: '12.50', currency: 'USD' });
    expect(enc(usd, '{"amount":"1","currency":"USD"}')).toEqual({ amount: '1.00', currency: 'USD' });
    expect(enc({ kind: 'money' }, '1000 JPY')).toEqual({ amount: '1000', currency: 'JPY' });
    expect(badArg(() => enc(usd, '12.50 EUR')).message).toMatch(/currency "EUR"/);
    expect(badArg(() => enc(usd, '12.505')).message).toMatch(/more than 2 fraction digits/);
    expect(badArg(() => enc({ kind: 'money' }, '12.50')).message).toMatch(/12\.50 USD/);
    badArg(() => enc(usd, 'lots'));
    expect(parseMoneyText('-3 GBP', undefined)).toEqual({ amount: '-3', currency: 'GBP' });
  });

  it('booleans, strings, dates, enums, addresses, optionals, timestamps', () => {
    expect(enc({ kind: 'bool' }, 'true')).toBe(true);
    expect(enc({ kind: 'bool' }, 'false')).toBe(false);
    badArg(() => enc({ kind: 'bool' }, 'yes'));
    expect(enc({ kind: 'string' }, 'two words')).toBe('two words');
    expect(enc({ kind: 'string' }, '')).toBe('');
    expect(enc({ kind: 'date' }, '2027-01-31')).toBe('2027-01-31');
    badArg(() => enc({ kind: 'date' }, '2027-02-30'));
    expect(enc({ kind: 'enum', name: 'Side' }, 'buy')).toBe('buy');
    expect(badArg(() => enc({ kind: 'enum', name: 'Side' }, 'hold')).message).toMatch(/"buy", "sell"/);
    expect(enc({ kind: 'address' }, `0x${ADDR.toUpperCase()}`)).toBe(ADDR);
    expect(enc({ kind: 'address' }, '@dev')).toBe(ADDR);
    expect(badArg(() => enc({ kind: 'address' }, '@nobody')).message).toMatch(/no key "nobody"/);
    expect(badArg(() => enc({ kind: 'address' }, 'abc')).field).toBe('p');
    expect(enc({ kind: 'optional', inner: { kind: 'int' } }, 'none')).toBe(null);
    expect(enc({ kind: 'optional', inner: { kind: 'int' } }, '')).toBe(null);
    expect(enc({ kind: 'optional', inner: { kind: 'int' } }, '5')).toBe('5');
    expect(enc({ kind: 'timestamp' }, '2027-01-31T00:00:00Z')).toBe(String(Date.UTC(2027, 0, 31)));
    expect(enc({ kind: 'timestamp' }, '1700000000000')).toBe('1700000000000');
    expect(enc({ kind: 'period' }, 'P1W')).toBe('P7D');
  });
});

describe('JSON for structures', () => {
  it('arrays and maps accept the text spellings inside', () => {
    expect(enc({ kind: 'array', element: { kind: 'money', currency: 'USD' } }, '["1.5 USD", "2"]')).toEqual([{ amount: '1.50', currency: 'USD' }, { amount: '2.00', currency: 'USD' }]);
    expect(enc({ kind: 'map', key: { kind: 'address' }, value: { kind: 'int' } }, '{"@dev": 3}')).toEqual([[ADDR, '3']]);
    expect(enc({ kind: 'map', key: { kind: 'int' }, value: { kind: 'bool' } }, '[[10, true], [2, false]]')).toEqual([['2', false], ['10', true]]);
  });

  it('records: fields converted by their types, unknown and missing fields refused with the path', () => {
    const leg: AbiType = { kind: 'record', name: 'Leg' };
    expect(enc(leg, '{"amount":"5 USD","to":"@dev"}')).toEqual({ amount: { amount: '5.00', currency: 'USD' }, to: ADDR });
    expect(badArg(() => enc(leg, '{"amount":"5 USD"}')).field).toBe('p.to');
    expect(badArg(() => enc(leg, '{"amount":"5 USD","to":"@dev","x":1}')).field).toBe('p.x');
    expect(badArg(() => enc(leg, '{"amount":5,"to":"@dev"}')).field).toBe('p.amount');
    expect(badArg(() => enc(leg, '{amount}')).message).toMatch(/"p" expected Leg as JSON/);
  });
});

describe('argument lists', () => {
  const params: AbiParam[] = [{ name: 'to', type: { kind: 'address' } }, { name: 'amount', type: { kind: 'money', currency: 'USD' } }];

  it('the count must match, and the message names the callee and its parameters', () => {
    const e = badArg(() => encodeCliArgs(params, ['@dev'], types, 'Pay.send', resolve));
    expect(e.message).toMatch(/Pay\.send\(to: Address, amount: Money<'USD'>\) expects 2 arguments, got 1/);
  });

  it('the first bad argument is named', () => {
    expect(badArg(() => encodeCliArgs(params, ['@dev', 'ten'], types, 'Pay.send', resolve)).field).toBe('amount');
  });

  it('deploy --args elements are JSON values with the same spellings', () => {
    expect(encodeJsonArgs(params, ['@dev', '1 USD'], types, 'ctor', resolve)).toEqual([ADDR, { amount: '1.00', currency: 'USD' }]);
    expect(encodeJsonArgs([{ name: 'n', type: { kind: 'int' } }], [5], types, 'ctor')).toEqual(['5']);
    expect(badArg(() => encodeJsonArgs([{ name: 'd', type: { kind: 'decimal' } }], [0.1], types, 'ctor')).message).toMatch(/binary floats/);
  });

  it('entryOf points from a view to query and from an entry to call', () => {
    const abi = { contract: 'C', entries: [{ name: 'pay', kind: 'entry', params: [] }, { name: 'total', kind: 'view', params: [] }] };
    const c = { abi } as unknown as Parameters<typeof entryOf>[0];
    expect(entryOf(c, 'pay', 'entry').name).toBe('pay');
    expect(badArg(() => entryOf(c, 'total', 'entry')).message).toMatch(/is a view: covenant query/);
    expect(badArg(() => entryOf(c, 'pay', 'view')).message).toMatch(/is an entry: covenant call/);
    expect(badArg(() => entryOf(c, 'nope', 'entry')).metaMessages).toEqual(['entries: pay()']);
  });
});

it('fromText leaves structure checks to the codec', () => {
  expect(fromText({ kind: 'string' }, '{"a":1}', types, 'p')).toBe('{"a":1}');
});
