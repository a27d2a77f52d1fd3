/**
 * The client's value codec against the ABIs of the real example contracts (TreatyCurrentAccount,
 * QuotaShareTreaty) and a few hand-made descriptors: argument type errors name the parameter,
 * Money/Decimal/date/period/map/record/optional/sealed encode to the canonical form and decode back.
 */
import { describe, expect, it } from 'vitest';
import type { AbiType } from '../../../compiler/artifact.ts';
import { NodeError } from '../../../node/errors.ts';
import { decodeValue, describeType, encodeArgs, encodeValue, money } from '../../../node/client/index.ts';
import { artifacts } from './fixtures.ts';

const REINSURER = 'ab'.repeat(20);

function thrown(f: () => unknown): NodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    return e as NodeError;
  }
  throw new Error('expected a throw');
}

function entryParams(name: string, which: 'accounts' | 'quotaShare' = 'accounts') {
  const a = artifacts()[which];
  const e = a.abi.entries.find((x) => x.name === name);
  if (e === undefined) throw new Error(name);
  return { params: e.params, returns: e.returns, types: a.abi.types };
}

describe('encodeArgs() against TreatyCurrentAccount.recordPayment(reinsurer, amount: Money<USD>, reference)', () => {
  const { params, types } = entryParams('recordPayment');

  it('encodes an address, a Money padded to cents and a string', () => {
    expect(encodeArgs(params, [REINSURER.toUpperCase(), money('250.5', 'USD'), 'wire 17'], types, 'recordPayment'))
      .toEqual([REINSURER, { amount: '250.50', currency: 'USD' }, 'wire 17']);
  });

  it('refuses a number where Money is expected, naming the parameter', () => {
    const e = thrown(() => encodeArgs(params, [REINSURER, 250.5, 'x'], types, 'recordPayment'));
    expect(e.code).toBe('NODE_ERR_BAD_ARGUMENTS');
    expect(e.field).toBe('amount');
    expect(e.shortMessage).toMatch(/"amount" expected Money<'USD'>.*got number 250\.5/);
  });

  it('refuses another currency, more digits than the minor unit (never rounds), and an unknown code', () => {
    expect(thrown(() => encodeArgs(params, [REINSURER, money('1.00', 'EUR'), 'x'], types, 'p')).field).toBe('amount.currency');
    const digits = thrown(() => encodeArgs(params, [REINSURER, money('1.005', 'USD'), 'x'], types, 'p'));
    expect([digits.field, digits.shortMessage]).toEqual(['amount.amount', '"amount.amount" "1.005" has more than 2 fraction digits, the minor unit of USD']);
    expect(thrown(() => encodeValue({ kind: 'money' }, money('1', 'XYZ'), {}, 'm')).field).toBe('m.currency');
    expect(thrown(() => encodeValue({ kind: 'money' }, { amount: 1, currency: 'USD' }, {}, 'm')).field).toBe('m.amount');
    expect(thrown(() => encodeValue({ kind: 'money' }, { amount: '1', currency: 'USD', extra: 1 }, {}, 'm')).field).toBe('m.extra');
  });

  it('refuses a wrong argument count and a bad address', () => {
    const e = thrown(() => encodeArgs(params, [REINSURER], types, 'recordPayment'));
    expect(e.code).toBe('NODE_ERR_BAD_ARGUMENTS');
    expect(e.shortMessage).toMatch(/recordPayment\(reinsurer: Address, amount: Money<'USD'>, reference: string\) expects 3 arguments, got 1/);
    expect(thrown(() => encodeArgs(params, ['0x12', money('1', 'USD'), 'x'], types, 'p')).field).toBe('reinsurer');
  });

  it('pads money by the currency table: JPY has no minor unit, BHD three digits', () => {
    expect(encodeValue({ kind: 'money' }, money('1000', 'JPY'), {}, 'm')).toEqual({ amount: '1000', currency: 'JPY' });
    expect(encodeValue({ kind: 'money' }, money('-1.5', 'BHD'), {}, 'm')).toEqual({ amount: '-1.500', currency: 'BHD' });
    expect(encodeValue({ kind: 'money' }, money('-0', 'USD'), {}, 'm')).toEqual({ amount: '0.00', currency: 'USD' });
    expect(thrown(() => encodeValue({ kind: 'money' }, money('1.5', 'JPY'), {}, 'm')).field).toBe('m.amount');
  });
});

describe('encodeArgs() against the QuotaShareTreaty constructor (records, decimals, dates)', () => {
  const a = artifacts().quotaShare;
  const params = a.abi.constructor.params;
  const types = a.abi.types;
  const good = (): unknown[] => [
    REINSURER,
    [{ reinsurer: '01'.repeat(20), line: '0.40' }, { reinsurer: '02'.repeat(20), line: 0n }],
    '0.250',
    money('1000000', 'USD'),
    money('5000000.00', 'USD'),
    money('250000', 'USD'),
    '2027-01-01',
    '2027-12-31',
  ];

  it('normalises decimals and encodes records with sorted keys', () => {
    const encoded = encodeArgs(params, good(), types, 'constructor');
    expect(encoded[1]).toEqual([{ line: '0.4', reinsurer: '01'.repeat(20) }, { line: '0', reinsurer: '02'.repeat(20) }]);
    expect(Object.keys((encoded[1] as object[])[0] as object)).toEqual(['line', 'reinsurer']);
    expect(encoded[2]).toBe('0.25');
    expect(encoded[3]).toEqual({ amount: '1000000.00', currency: 'USD' });
  });

  it('names the field inside an array of records', () => {
    const extra = good();
    extra[1] = [{ reinsurer: '01'.repeat(20), line: '0.4', share: '1' }];
    expect(thrown(() => encodeArgs(params, extra, types, 'c')).field).toBe('panel[0].share');
    const missing = good();
    missing[1] = [{ reinsurer: '01'.repeat(20), line: '0.4' }, { reinsurer: '02'.repeat(20) }];
    const e = thrown(() => encodeArgs(params, missing, types, 'c'));
    expect([e.field, e.shortMessage]).toEqual(['panel[1].line', '"panel[1].line" is required (Decimal) in Participation']);
    const float = good();
    float[2] = 0.25;
    expect(thrown(() => encodeArgs(params, float, types, 'c')).shortMessage).toMatch(/"cedingCommissionRate" expected Decimal as a decimal string.*binary floats/);
  });

  it('refuses impossible dates', () => {
    for (const d of ['2027-02-29', '2027-13-01', '0000-01-01', '2027-1-01', 20270101]) {
      const args = good();
      args[6] = d;
      expect(thrown(() => encodeArgs(params, args, types, 'c')).field).toBe('inceptionDate');
    }
    const leap = good();
    leap[6] = '2028-02-29';
    expect(encodeArgs(params, leap, types, 'c')[6]).toBe('2028-02-29');
  });

  it('checks sealed numbers for a commitment (recordPolicy insuredName, adviseLargeLoss claimAmount)', () => {
    const { params: p, types: t } = entryParams('adviseLargeLoss', 'quotaShare');
    expect(thrown(() => encodeArgs(p, ['c1', 'p1', { ciphertext: 'xx' }], t, 'a')).field).toBe('claimAmount.commitment');
    expect(thrown(() => encodeArgs(p, ['c1', 'p1', { commitment: 'ab', constructor: 1 }], t, 'a')).field).toBe('claimAmount.constructor');
    expect(encodeArgs(p, ['c1', 'p1', { z: [1, { b: true, a: null }], commitment: 'ab01' }], t, 'a')[2]).toEqual({ commitment: 'ab01', z: [1, { a: null, b: true }] });
    expect(thrown(() => encodeArgs(p, ['c1', 'p1', { commitment: 'ab', x: 1.5 }], t, 'a')).field).toBe('claimAmount.x');
  });
});

describe('decodeValue() of results and events of the real ABIs', () => {
  it('round-trips a Statement (the optional record statementOf returns)', () => {
    const { returns, types } = entryParams('statementOf', 'quotaShare');
    const usd = (a: string) => ({ amount: a, currency: 'USD' });
    const wire = { balance: usd('-12.50'), claims: usd('0.00'), commission: usd('2.50'), periodEnd: '2027-03-31', periodStart: '2027-01-01', premium: usd('10.00'), reinsurer: REINSURER };
    const decoded = decodeValue(returns, wire, types, 'result');
    expect(decoded).toEqual(wire);
    expect(encodeValue(returns, decoded, types, 'x')).toEqual(wire);
    expect(decodeValue(returns, null, types, 'result')).toBeUndefined();
    expect(encodeValue(returns, undefined, types, 'x')).toBeNull();
  });

  it('decodes a BalanceChanged event and refuses a non-canonical amount', () => {
    const { types } = entryParams('recordPayment');
    const t: AbiType = { kind: 'event', name: 'BalanceChanged' };
    const data = { balance: { amount: '5.00', currency: 'USD' }, movement: { amount: { amount: '5.00', currency: 'USD' }, date: '2027-01-02', kind: 'payment', reference: 'r' }, reinsurer: REINSURER };
    expect(decodeValue(t, data, types, 'BalanceChanged')).toEqual(data);
    const bad = { ...data, balance: { amount: '5.0', currency: 'USD' } };
    const e = thrown(() => decodeValue(t, bad, types, 'BalanceChanged'));
    expect([e.code, e.field]).toEqual(['NODE_ERR_MALFORMED', 'BalanceChanged.balance']);
    const kind = { ...data, movement: { ...data.movement, kind: 'refund' } };
    expect(thrown(() => decodeValue(t, kind, types, 'E')).field).toBe('E.movement.kind');
  });

  it('round-trips the Map<Address, Money<USD>> of the balances state field, sorting keys and refusing duplicates', () => {
    const field = artifacts().accounts.abi.state.find((s) => s.name === 'balances');
    const t = field?.type as AbiType;
    const b = '0b'.repeat(20);
    const a = '0a'.repeat(20);
    const wire = [[a, { amount: '1.00', currency: 'USD' }], [b, { amount: '2.00', currency: 'USD' }]];
    expect(encodeValue(t, new Map([[b, money('2', 'USD')], [a, money('1', 'USD')]]), {}, 'balances')).toEqual(wire);
    expect(encodeValue(t, [[b, money('2', 'USD')], [a, money('1', 'USD')]], {}, 'balances')).toEqual(wire);
    const decoded = decodeValue(t, wire, {}, 'balances') as Map<string, unknown>;
    expect(decoded).toBeInstanceOf(Map);
    expect([...decoded.keys()]).toEqual([a, b]);
    expect(encodeValue(t, decoded, {}, 'balances')).toEqual(wire);
    expect(thrown(() => encodeValue(t, [[a, money('1', 'USD')], [a.toUpperCase(), money('1', 'USD')]], {}, 'balances')).shortMessage).toMatch(/has the key .* twice/);
    expect(thrown(() => decodeValue(t, [wire[1], wire[0]], {}, 'balances')).code).toBe('NODE_ERR_MALFORMED');
    expect(thrown(() => encodeValue(t, { [a]: money('1', 'USD') }, {}, 'balances')).field).toBe('balances');
  });
});

describe('encodeValue() and decodeValue() of the other kinds', () => {
  const types = { Side: { kind: 'enum', members: ['Buy', 'Sell'] }, Leg: { kind: 'record', fields: [{ name: 'side', type: { kind: 'enum', name: 'Side' }, optional: false }, { name: 'note', type: { kind: 'string' }, optional: true }] } } as const;

  it('orders Int map keys numerically, not as text', () => {
    const t: AbiType = { kind: 'map', key: { kind: 'int' }, value: { kind: 'bool' } };
    expect(encodeValue(t, new Map<unknown, boolean>([[10n, true], [9, false], ['-1', true]]), {}, 'm')).toEqual([['-1', true], ['9', false], ['10', true]]);
    const back = decodeValue(t, [['-1', true], ['9', false], ['10', true]], {}, 'm') as Map<bigint, boolean>;
    expect(back.get(10n)).toBe(true);
    expect(thrown(() => decodeValue(t, [['9', true], ['10', true], ['10', false]], {}, 'm')).code).toBe('NODE_ERR_MALFORMED');
  });

  it('encodes Int and Timestamp from bigint, safe integers, strings and Dates; refuses fractions and 10^256', () => {
    expect(encodeValue({ kind: 'int' }, -7, {}, 'n')).toBe('-7');
    expect(encodeValue({ kind: 'int' }, 2n ** 80n, {}, 'n')).toBe('1208925819614629174706176');
    expect(encodeValue({ kind: 'timestamp' }, new Date(Date.UTC(2027, 0, 1)), {}, 't')).toBe('1798761600000');
    expect(thrown(() => encodeValue({ kind: 'int' }, 1.5, {}, 'n')).field).toBe('n');
    expect(thrown(() => encodeValue({ kind: 'int' }, 10n ** 256n, {}, 'n')).shortMessage).toMatch(/below 10\^256/);
    expect(encodeValue({ kind: 'int' }, '-0', {}, 'n')).toBe('0');
    expect(thrown(() => encodeValue({ kind: 'int' }, '01', {}, 'n')).field).toBe('n');
    expect(decodeValue({ kind: 'timestamp' }, '1798761600000', {}, 't')).toBe(1_798_761_600_000n);
  });

  it('canonicalises decimals and periods; refuses what the runtime would', () => {
    expect(encodeValue({ kind: 'decimal' }, '+007.2500', {}, 'd')).toBe('7.25');
    expect(encodeValue({ kind: 'decimal' }, '-0.000', {}, 'd')).toBe('0');
    for (const bad of ['1e3', '.5', '1.', 'NaN', '']) expect(thrown(() => encodeValue({ kind: 'decimal' }, bad, {}, 'd')).field).toBe('d');
    expect(encodeValue({ kind: 'period' }, 'P2W3D', {}, 'p')).toBe('P17D');
    expect(encodeValue({ kind: 'period' }, 'P0Y0M', {}, 'p')).toBe('P0D');
    expect(thrown(() => encodeValue({ kind: 'period' }, 'P1Y2H', {}, 'p')).field).toBe('p');
    expect(thrown(() => decodeValue({ kind: 'period' }, 'P2W', {}, 'p')).code).toBe('NODE_ERR_MALFORMED');
    expect(thrown(() => decodeValue({ kind: 'decimal' }, '0.50', {}, 'd')).code).toBe('NODE_ERR_MALFORMED');
  });

  it('checks enums, string unions, rounding modes, optionals and optional record fields', () => {
    const leg: AbiType = { kind: 'record', name: 'Leg' };
    expect(encodeValue(leg, { side: 'Buy', note: undefined }, types, 'leg')).toEqual({ side: 'Buy' });
    expect(encodeValue(leg, { side: 'Sell', note: 'n' }, types, 'leg')).toEqual({ note: 'n', side: 'Sell' });
    expect(thrown(() => encodeValue(leg, { side: 'Hold' }, types, 'leg')).shortMessage).toBe('"leg.side" expected Side ("Buy", "Sell"), got string "Hold"');
    expect(decodeValue(leg, { side: 'Buy' }, types, 'leg')).toEqual({ side: 'Buy' });
    expect(thrown(() => decodeValue(leg, { side: 'Buy', note: null }, types, 'leg')).field).toBe('leg.note');
    expect(thrown(() => encodeValue({ kind: 'strings', values: ['a', 'b'] }, 'c', {}, 's')).shortMessage).toBe(`"s" expected 'a' | 'b', got string "c"`);
    expect(thrown(() => encodeValue({ kind: 'rounding' }, 'nearest', {}, 'r')).field).toBe('r');
    expect(encodeValue({ kind: 'optional', inner: { kind: 'int' } }, null, {}, 'o')).toBeNull();
    expect(decodeValue({ kind: 'void' }, null, {}, 'v')).toBeUndefined();
  });

  it('leaves every canonical wire value unchanged (encode is the identity on the wire form)', () => {
    const cases: [AbiType, unknown][] = [
      [{ kind: 'int' }, '-42'], [{ kind: 'decimal' }, '-12.375'], [{ kind: 'money', currency: 'USD' }, { amount: '12.50', currency: 'USD' }],
      [{ kind: 'date' }, '2027-01-31'], [{ kind: 'period' }, 'P1Y2M25D'], [{ kind: 'address' }, REINSURER], [{ kind: 'commitment' }, '00ff'],
      [{ kind: 'map', key: { kind: 'string' }, value: { kind: 'int' } }, [['a', '1'], ['b', '2']]],
      [{ kind: 'array', element: { kind: 'optional', inner: { kind: 'bool' } } }, [true, null, false]],
    ];
    for (const [t, wire] of cases) {
      expect(encodeValue(t, wire, types, 'v')).toEqual(wire);
      expect(encodeValue(t, decodeValue(t, wire, types, 'v'), types, 'v')).toEqual(wire);
    }
  });

  it('describes types as the language spells them', () => {
    expect(describeType({ kind: 'map', key: { kind: 'address' }, value: { kind: 'array', element: { kind: 'record', name: 'Movement' } } })).toBe('Map<Address, Movement[]>');
    expect(describeType({ kind: 'array', element: { kind: 'optional', inner: { kind: 'date' } } })).toBe('(LocalDate | undefined)[]');
  });
});
