import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { GAS, LIMITS, PRELUDE, PRELUDE_EXPORTS, RUNTIME_ERRORS, currencyTableScript } from '../../compiler/codegen/prelude.ts';
import { CURRENCIES } from '../../stdlib/index.ts';

/** Prelude internals the tests reach in addition to the names generated code uses. */
const INTERNALS = ['__enc', '__dec', '__mkey', '__unmkey', '__divr', '__dstr', '__isDate', '__days', '__civil', '__flush'];

interface Host {
  load?: (key: string) => string | undefined;
  keys?: (prefix: string) => string;
  call?: (target: string, method: string, args: string, gas: number) => string;
  rollback?: (mark: number) => void;
  verify?: (relation: number, inputs: string) => boolean;
}

type P = Record<string, any>;

/**
 * Evaluates the prelude in a fresh node:vm context (as generated scripts do, inside one closure)
 * and returns its functions. `extra` is script text placed after the prelude (a test dispatch).
 */
function loadPrelude(host: Host = {}, extra = 'const $D = undefined;'): P {
  const names = [...PRELUDE_EXPORTS, ...INTERNALS];
  const src = `'use strict';
(function () {
${PRELUDE}
${currencyTableScript(CURRENCIES)}
${extra}
return { ${names.join(', ')}, D: $D,
  setGas(n) { __gas = n; __limit = n; __fatal = undefined; },
  gas() { return __gas; },
  fatal() { return __fatal; },
  resetState() { __cache = new __JSMap(); __hkeys = new __JSMap(); __smaps = new __JSMap(); __events = []; __ncalls = 0; __view = false; },
  events() { return __events; },
};
})()`;
  const context = vm.createContext({
    __host_load: host.load ?? (() => undefined),
    __host_keys: host.keys ?? (() => '[]'),
    __host_call: host.call ?? (() => { throw new Error('no host call'); }),
    __host_rollback: host.rollback ?? (() => undefined),
    __host_verify: host.verify ?? (() => false),
  });
  const p = vm.runInContext(src, context) as P;
  p.setGas(1e12);
  return p;
}

/** Runs `f`, which must throw a prelude failure, and returns it. */
function failure(f: () => unknown): { code: string; message: string; site: number; fatal: boolean } {
  try {
    f();
  } catch (e) {
    const x = e as { code?: unknown };
    if (typeof x === 'object' && x !== null && typeof x.code === 'string') return x as never;
    throw e;
  }
  throw new Error('expected a failure');
}

const p = loadPrelude();
const D = (s: string) => p.__dec(p.__T.decimal, s);
const S = (d: unknown) => p.__dstr(d);
const USD = p.__moneyT('USD');
const M = (amount: string, currency = 'USD') => p.__dec(p.__moneyT(undefined), { amount, currency });
const Menc = (m: unknown) => p.__enc(p.__T.money, m);

describe('prelude text', () => {
  it('contains none of the identifiers banned from generated code (CMP-06)', () => {
    const code = PRELUDE.replace(/'(?:[^'\\\n]|\\.)*'/g, "''").replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const word of ['eval', 'Function', 'constructor', '__proto__', 'prototype', 'globalThis', 'import', 'Date']) {
      expect(code, word).not.toMatch(new RegExp(`(?<![\\w$])${word}(?![\\w$])`));
    }
    expect(code).not.toMatch(/Math\s*\.\s*random/);
    expect(PRELUDE).not.toMatch(/`/);
  });

  it('defines every name it exports to generated code', () => {
    for (const name of PRELUDE_EXPORTS) expect(name in p, name).toBe(true);
    expect(typeof p.__run).toBe('function');
  });

  it('is deterministic text (gas constants interpolated, no environment input)', async () => {
    const again = await import('../../compiler/codegen/prelude.ts');
    expect(again.PRELUDE).toBe(PRELUDE);
    expect(PRELUDE).toContain(`__G_LOAD = ${GAS.LOAD}`);
    expect(PRELUDE).toContain(`__MAX_DEPTH = ${LIMITS.MAX_CALL_DEPTH}`);
  });

  it('lists every error code it can raise in RUNTIME_ERRORS', () => {
    const used = new Set(PRELUDE.match(/RT_ERR_[A-Z_]+/g));
    for (const code of used) expect(Object.keys(RUNTIME_ERRORS), code).toContain(code);
  });

  it('currencyTableScript() is sorted and rejects bad entries', () => {
    expect(currencyTableScript({ USD: 2, JPY: 0 })).toBe('const __CCY = new __JSMap([["JPY",0],["USD",2]]);');
    expect(() => currencyTableScript({ usd: 2 })).toThrow(RangeError);
    expect(() => currencyTableScript({ USD: 2.5 })).toThrow(RangeError);
  });
});

describe('Decimal', () => {
  it('adds, subtracts and multiplies exactly, normalising trailing zeros', () => {
    expect(S(p.__dadd(D('0.1'), D('0.2'), 0))).toBe('0.3');
    expect(S(p.__dadd(D('1.25'), D('0.75'), 0))).toBe('2');
    expect(p.__dadd(D('1.25'), D('0.75'), 0)).toEqual({ c: 2n, s: 0 });
    expect(S(p.__dsub(D('1'), D('1.001'), 0))).toBe('-0.001');
    expect(S(p.__dmul(D('1.5'), D('0.4'), 0))).toBe('0.6');
    expect(S(p.__dmul(D('-0.25'), D('0.5'), 0))).toBe('-0.125');
    expect(p.__dsub(D('0.5'), D('0.5'), 0)).toEqual({ c: 0n, s: 0 });
    expect(S(p.__dneg(D('0')))).toBe('0');
  });

  it('values are frozen and structurally equal when numerically equal', () => {
    const a = p.__dadd(D('0.25'), D('0.25'), 0);
    expect(Object.isFrozen(a)).toBe(true);
    expect(p.__eq(a, D('0.5'))).toBe(true);
    expect(p.__dcmp(D('0.5'), D('0.50'.replace(/0$/, '')))).toBe(0);
  });

  it('compares across scales and with Int', () => {
    expect(p.__dcmp(D('1.5'), D('1.25'))).toBe(1);
    expect(p.__dcmp(D('-1.5'), D('-1.25'))).toBe(-1);
    expect(p.__dcmp(p.__i2d(2n), D('1.999'))).toBe(1);
    expect(p.__dcmp(p.__i2d(2n), D('2'))).toBe(0);
  });

  it('powers: exact, scale adds up, negative exponent rejected', () => {
    expect(S(p.__dpow(D('1.1'), 2n, 0))).toBe('1.21');
    expect(S(p.__dpow(D('-0.5'), 3n, 0))).toBe('-0.125');
    expect(S(p.__dpow(D('2.5'), 0n, 0))).toBe('1');
    expect(failure(() => p.__dpow(D('1.1'), -1n, 3)).code).toBe('RT_ERR_INVALID_ARGUMENT');
    expect(failure(() => p.__dpow(D('0.1'), 257n, 3)).code).toBe('RT_ERR_NUMBER_OUT_OF_RANGE');
    expect(p.__ipow(2n, 10n, 0)).toBe(1024n);
    expect(p.__ipow(-1n, 10n ** 30n, 0)).toBe(1n);
    expect(p.__ipow(0n, 10n ** 30n, 0)).toBe(0n);
    expect(failure(() => p.__ipow(2n, 10n ** 9n, 7))).toMatchObject({ code: 'RT_ERR_NUMBER_OUT_OF_RANGE', site: 7, fatal: false });
    expect(failure(() => p.__ipow(10n, 256n, 7)).code).toBe('RT_ERR_NUMBER_OUT_OF_RANGE');
    expect(p.__ipow(10n, 255n, 0)).toBe(10n ** 255n);
  });

  it('caps magnitude at 10^256 and scale at 256 (SC-02)', () => {
    expect(p.__ck(10n ** 256n - 1n, 0)).toBe(10n ** 256n - 1n);
    expect(failure(() => p.__ck(10n ** 256n, 5))).toMatchObject({ code: 'RT_ERR_NUMBER_OUT_OF_RANGE', site: 5 });
    expect(failure(() => p.__ck(-(10n ** 256n), 5)).code).toBe('RT_ERR_NUMBER_OUT_OF_RANGE');
    const tiny = D(`0.${'0'.repeat(128)}1`);
    expect(S(p.__dmul(D(`0.${'0'.repeat(127)}1`), D(`0.${'0'.repeat(127)}1`), 1))).toBe(`0.${'0'.repeat(255)}1`);
    expect(failure(() => p.__dmul(tiny, tiny, 1)).code).toBe('RT_ERR_NUMBER_OUT_OF_RANGE');
  });

  // java.math.RoundingMode javadoc table, plus more negative and .5 cases.
  const TABLE: [string, Record<string, string>][] = [
    ['5.5', { up: '6', down: '5', ceiling: '6', floor: '5', 'half-up': '6', 'half-down': '5', 'half-even': '6' }],
    ['2.5', { up: '3', down: '2', ceiling: '3', floor: '2', 'half-up': '3', 'half-down': '2', 'half-even': '2' }],
    ['1.6', { up: '2', down: '1', ceiling: '2', floor: '1', 'half-up': '2', 'half-down': '2', 'half-even': '2' }],
    ['1.1', { up: '2', down: '1', ceiling: '2', floor: '1', 'half-up': '1', 'half-down': '1', 'half-even': '1' }],
    ['1', { up: '1', down: '1', ceiling: '1', floor: '1', 'half-up': '1', 'half-down': '1', 'half-even': '1' }],
    ['-1', { up: '-1', down: '-1', ceiling: '-1', floor: '-1', 'half-up': '-1', 'half-down': '-1', 'half-even': '-1' }],
    ['-1.1', { up: '-2', down: '-1', ceiling: '-1', floor: '-2', 'half-up': '-1', 'half-down': '-1', 'half-even': '-1' }],
    ['-1.6', { up: '-2', down: '-1', ceiling: '-1', floor: '-2', 'half-up': '-2', 'half-down': '-2', 'half-even': '-2' }],
    ['-2.5', { up: '-3', down: '-2', ceiling: '-2', floor: '-3', 'half-up': '-3', 'half-down': '-2', 'half-even': '-2' }],
    ['-5.5', { up: '-6', down: '-5', ceiling: '-5', floor: '-6', 'half-up': '-6', 'half-down': '-5', 'half-even': '-6' }],
    ['-0.5', { up: '-1', down: '0', ceiling: '0', floor: '-1', 'half-up': '-1', 'half-down': '0', 'half-even': '0' }],
    ['0.5', { up: '1', down: '0', ceiling: '1', floor: '0', 'half-up': '1', 'half-down': '0', 'half-even': '0' }],
    ['-3.5', { up: '-4', down: '-3', ceiling: '-3', floor: '-4', 'half-up': '-4', 'half-down': '-3', 'half-even': '-4' }],
    ['-0.49', { up: '-1', down: '0', ceiling: '0', floor: '-1', 'half-up': '0', 'half-down': '0', 'half-even': '0' }],
    ['-0.51', { up: '-1', down: '0', ceiling: '0', floor: '-1', 'half-up': '-1', 'half-down': '-1', 'half-even': '-1' }],
  ];
  for (const [input, row] of TABLE) {
    it(`rounds ${input} to an integer like java.math.RoundingMode`, () => {
      for (const [mode, want] of Object.entries(row)) {
        expect(String(p.__toInt(D(input), mode, 0)), `${input} ${mode}`).toBe(want);
        expect(S(p.__round(D(input), 0n, mode, 0)), `round ${input} ${mode}`).toBe(want);
      }
    });
  }

  it('div(Int, Int, mode) rounds the exact quotient with every sign combination', () => {
    const cases: [bigint, bigint, string, bigint][] = [
      [7n, 2n, 'half-even', 4n], [5n, 2n, 'half-even', 2n], [-5n, 2n, 'half-even', -2n], [5n, -2n, 'half-up', -3n],
      [-7n, -2n, 'floor', 3n], [-7n, 2n, 'floor', -4n], [-7n, 2n, 'ceiling', -3n], [7n, -2n, 'down', -3n], [7n, -2n, 'up', -4n],
      [1n, 3n, 'half-up', 0n], [2n, 3n, 'half-down', 1n], [-2n, 3n, 'half-down', -1n], [9n, 3n, 'up', 3n],
    ];
    for (const [a, b, mode, want] of cases) expect(p.__idiv(a, b, mode, 0), `${a}/${b} ${mode}`).toBe(want);
    expect(failure(() => p.__idiv(1n, 0n, 'down', 9))).toMatchObject({ code: 'RT_ERR_DIVISION_BY_ZERO', site: 9, fatal: false });
    expect(failure(() => p.__imod(1n, 0n, 9)).code).toBe('RT_ERR_DIVISION_BY_ZERO');
    expect(p.__imod(-7n, 3n, 0)).toBe(-1n);
  });

  it('divide(a, b, scale, mode) and round()', () => {
    expect(S(p.__divide(p.__i2d(1000n), p.__i2d(365n), 6n, 'half-even', 0))).toBe('2.739726');
    expect(S(p.__divide(D('1'), D('3'), 4n, 'up', 0))).toBe('0.3334');
    expect(S(p.__divide(D('-1'), D('3'), 4n, 'floor', 0))).toBe('-0.3334');
    expect(S(p.__divide(D('1'), D('4'), 4n, 'down', 0))).toBe('0.25');
    expect(S(p.__divide(D('0.001'), D('0.5'), 2n, 'half-up', 0))).toBe('0');
    expect(S(p.__divide(D('12.5'), D('0.05'), 0n, 'down', 0))).toBe('250');
    expect(S(p.__round(D('0.123456'), 4n, 'half-up', 0))).toBe('0.1235');
    expect(S(p.__round(D('0.125'), 2n, 'half-even', 0))).toBe('0.12');
    expect(S(p.__round(D('0.135'), 2n, 'half-even', 0))).toBe('0.14');
    expect(S(p.__round(D('1.5'), 4n, 'down', 0))).toBe('1.5');
    expect(failure(() => p.__divide(D('1'), D('0'), 2n, 'down', 4)).code).toBe('RT_ERR_DIVISION_BY_ZERO');
    expect(failure(() => p.__divide(D('1'), D('3'), 257n, 'down', 4)).code).toBe('RT_ERR_INVALID_ARGUMENT');
    expect(failure(() => p.__round(D('1'), -1n, 'down', 4)).code).toBe('RT_ERR_INVALID_ARGUMENT');
    expect(failure(() => p.__round(D('1'), 1n, 'sideways', 4)).code).toBe('RT_ERR_INTERNAL');
  });

  it('min, max and abs by kind', () => {
    expect(p.__min('i', 3n, -2n, 0)).toBe(-2n);
    expect(S(p.__max('d', D('0.5'), D('0.45'), 0))).toBe('0.5');
    expect(p.__min('i', '2027-01-02', '2026-12-31', 0)).toBe('2026-12-31');
    expect(p.__iabs(-5n)).toBe(5n);
    expect(S(p.__dabs(D('-0.5')))).toBe('0.5');
  });
});

describe('Money', () => {
  it('money(amount, ccy) is exact or reverts RT_ERR_INEXACT_MONEY', () => {
    expect(Menc(p.__money(D('12.5'), 'USD', 0))).toEqual({ amount: '12.50', currency: 'USD' });
    expect(Menc(p.__money(D('1000'), 'JPY', 0))).toEqual({ amount: '1000', currency: 'JPY' });
    expect(Menc(p.__money(D('1.005'), 'BHD', 0))).toEqual({ amount: '1.005', currency: 'BHD' });
    expect(failure(() => p.__money(D('1.005'), 'USD', 3))).toMatchObject({ code: 'RT_ERR_INEXACT_MONEY', site: 3 });
    expect(failure(() => p.__money(D('1.5'), 'JPY', 3)).code).toBe('RT_ERR_INEXACT_MONEY');
    expect(failure(() => p.__money(D('1'), 'XYZ', 3)).code).toBe('RT_ERR_INVALID_ARGUMENT');
    expect(failure(() => p.__money(D('1'), '__proto__', 3)).code).toBe('RT_ERR_INVALID_ARGUMENT');
  });

  it('adds and compares one currency; mixing currencies reverts', () => {
    const a = M('10.00'), b = M('0.05');
    expect(Menc(p.__madd(a, b, 0))).toEqual({ amount: '10.05', currency: 'USD' });
    expect(Menc(p.__msub(b, a, 0))).toEqual({ amount: '-9.95', currency: 'USD' });
    expect(Menc(p.__mneg(b))).toEqual({ amount: '-0.05', currency: 'USD' });
    expect(Menc(p.__mmul(b, 3n, 0))).toEqual({ amount: '0.15', currency: 'USD' });
    expect(p.__mcmp(a, b, 0)).toBe(1);
    const eur = M('1.00', 'EUR');
    expect(failure(() => p.__madd(a, eur, 6))).toMatchObject({ code: 'RT_ERR_CURRENCY_MISMATCH', site: 6, fatal: false });
    expect(failure(() => p.__mcmp(a, eur, 6)).code).toBe('RT_ERR_CURRENCY_MISMATCH');
    expect(failure(() => p.__min('m', a, eur, 6)).code).toBe('RT_ERR_CURRENCY_MISMATCH');
  });

  it('mulMoney, divMoney, ratio, moneyRound round by the named mode', () => {
    expect(Menc(p.__mulMoney(M('1250000.00'), D('0.4'), 'half-even', 0))).toEqual({ amount: '500000.00', currency: 'USD' });
    expect(Menc(p.__mulMoney(M('0.05'), D('0.5'), 'half-even', 0))).toEqual({ amount: '0.02', currency: 'USD' });
    expect(Menc(p.__mulMoney(M('0.05'), D('0.5'), 'half-up', 0))).toEqual({ amount: '0.03', currency: 'USD' });
    expect(Menc(p.__mulMoney(M('-0.05'), D('0.5'), 'half-up', 0))).toEqual({ amount: '-0.03', currency: 'USD' });
    expect(Menc(p.__divMoney(M('1250000.00'), p.__i2d(365n), 'half-even', 0))).toEqual({ amount: '3424.66', currency: 'USD' });
    expect(failure(() => p.__divMoney(M('1.00'), D('0'), 'down', 2)).code).toBe('RT_ERR_DIVISION_BY_ZERO');
    expect(S(p.__ratio(M('800000.00'), M('1250000.00'), 4n, 'half-up', 0))).toBe('0.64');
    expect(failure(() => p.__ratio(M('1.00'), M('0.00'), 4n, 'half-up', 2)).code).toBe('RT_ERR_DIVISION_BY_ZERO');
    expect(Menc(p.__moneyRound(D('2.345'), 'USD', 'half-even', 0))).toEqual({ amount: '2.34', currency: 'USD' });
    expect(Menc(p.__moneyRound(D('2.5'), 'JPY', 'half-even', 0))).toEqual({ amount: '2', currency: 'JPY' });
    expect(Menc(p.__fromMinor(342466n, 'USD', 0))).toEqual({ amount: '3424.66', currency: 'USD' });
    expect(Menc(p.__zero('KWD', 0))).toEqual({ amount: '0.000', currency: 'KWD' });
    expect(S(p.__toDec(M('3424.60')))).toBe('3424.6');
  });

  it('str() renders every kind', () => {
    expect(p.__str('m', M('-0.05'))).toBe('USD -0.05');
    expect(p.__str('d', D('-0.05'))).toBe('-0.05');
    expect(p.__str('i', -12n)).toBe('-12');
    expect(p.__str('b', false)).toBe('false');
    expect(p.__str('s', '2027-01-15')).toBe('2027-01-15');
    expect(p.__str('i', undefined)).toBe('undefined');
  });
});

describe('dates and periods', () => {
  it('epoch-day conversion agrees with the proleptic Gregorian calendar over the whole range', () => {
    for (let z = p.__days(1, 1, 1); z <= p.__days(9999, 12, 31); z += 997) {
      const [y, m, d] = p.__civil(z);
      expect(p.__days(y, m, d)).toBe(z);
      const js = new Date(0);
      js.setUTCFullYear(y, m - 1, d);
      expect(Math.round(js.getTime() / 86400000)).toBe(z);
    }
  });

  it('validates dates (SC-12)', () => {
    expect(p.__isDate('2024-02-29')).toBe(true);
    for (const bad of ['2023-02-29', '1900-02-29', '0000-01-01', '2027-1-05', '2027-13-01', '2027-01-32', ' 2027-01-01', '2027-01-01T00:00Z', '２０２７-01-01']) {
      expect(p.__isDate(bad), bad).toBe(false);
      expect(failure(() => p.__date(bad, 1)).code).toBe('RT_ERR_INVALID_ARGUMENT');
    }
  });

  it('addPeriod clamps month ends like java.time.LocalDate.plus(Period)', () => {
    const P = (s: string) => p.__period(s, 0);
    expect(p.__addPeriod('2027-01-31', P('P1M'), 0)).toBe('2027-02-28');
    expect(p.__addPeriod('2024-01-31', P('P1M'), 0)).toBe('2024-02-29');
    expect(p.__addPeriod('2024-02-29', P('P1Y'), 0)).toBe('2025-02-28');
    expect(p.__addPeriod('2027-01-31', P('P1M1D'), 0)).toBe('2027-03-01');
    expect(p.__addPeriod('2027-11-15', P('P3M'), 0)).toBe('2028-02-15');
    expect(p.__addPeriod('2027-01-01', P('P2W'), 0)).toBe('2027-01-15');
    expect(p.__addPeriod('2027-01-01', P('P0D'), 0)).toBe('2027-01-01');
    expect(p.__addPeriod('2027-12-31', P('P12M'), 0)).toBe('2028-12-31');
    expect(failure(() => p.__addPeriod('9999-12-01', P('P1M'), 8))).toMatchObject({ code: 'RT_ERR_DATE_OUT_OF_RANGE', site: 8 });
  });

  it('periods have one canonical text', () => {
    expect(p.__period('P2W', 0)).toBe('P14D');
    expect(p.__period('P1Y0M', 0)).toBe('P1Y');
    expect(p.__period('P0Y0M0W0D', 0)).toBe('P0D');
    expect(p.__period('P01M', 0)).toBe('P1M');
    expect(p.__period('P1Y2M3W4D', 0)).toBe('P1Y2M25D');
    for (const bad of ['P', 'P1', 'PT1H', 'P-1M', 'P1.5M', 'p1m', 'P1M1Y', 'P1234567890D']) {
      expect(failure(() => p.__period(bad, 2)).code, bad).toBe('RT_ERR_INVALID_ARGUMENT');
    }
  });

  it('day arithmetic, parts and month ends', () => {
    expect(p.__addDays('2027-12-31', 1n, 0)).toBe('2028-01-01');
    expect(p.__addDays('2024-03-01', -1n, 0)).toBe('2024-02-29');
    expect(p.__daysBetween('2027-01-01', '2028-01-01')).toBe(365n);
    expect(p.__daysBetween('2028-01-01', '2027-01-01')).toBe(-365n);
    expect(p.__yearOf('2027-03-04')).toBe(2027n);
    expect(p.__monthOf('2027-03-04')).toBe(3n);
    expect(p.__dayOf('2027-03-04')).toBe(4n);
    expect(p.__endOfMonth('2100-02-10')).toBe('2100-02-28');
    expect(p.__endOfMonth('2000-02-10')).toBe('2000-02-29');
    expect(failure(() => p.__addDays('0001-01-01', -1n, 1)).code).toBe('RT_ERR_DATE_OUT_OF_RANGE');
    expect(failure(() => p.__addDays('2027-01-01', 10n ** 20n, 1)).code).toBe('RT_ERR_DATE_OUT_OF_RANGE');
  });

  it('dateOf(timestamp) is the UTC date, rounding negative times down', () => {
    expect(p.__dateOf(0n, 0)).toBe('1970-01-01');
    expect(p.__dateOf(-1n, 0)).toBe('1969-12-31');
    expect(p.__dateOf(-86400000n, 0)).toBe('1969-12-31');
    expect(p.__dateOf(1798761599999n, 0)).toBe('2026-12-31');
    expect(p.__dateOf(1798761600000n, 0)).toBe('2027-01-01');
    expect(failure(() => p.__dateOf(10n ** 18n, 0)).code).toBe('RT_ERR_DATE_OUT_OF_RANGE');
  });

  it('addresses are 40 lowercase hex digits', () => {
    expect(p.__address('ab'.repeat(20), 0)).toBe('ab'.repeat(20));
    for (const bad of ['AB'.repeat(20), `0x${'ab'.repeat(20)}`, 'ab'.repeat(19)]) expect(failure(() => p.__address(bad, 0)).code).toBe('RT_ERR_INVALID_ARGUMENT');
  });
});

describe('sorted maps', () => {
  it('iterate in ascending key order whatever the insertion order (DET-09)', () => {
    const m = new p.__CMap();
    for (const k of [10n, -3n, 2n, 100n, 0n]) m.set(k, String(k));
    expect(m.keys()).toEqual([-3n, 0n, 2n, 10n, 100n]);
    const s = new p.__CMap();
    for (const k of ['b', 'B', 'a', '10', '9', 'é', '\u{1F600}', '\uFFFF']) s.set(k, 1n);
    expect(s.keys()).toEqual(['10', '9', 'B', 'a', 'b', 'é', '\u{1F600}', '\uFFFF']);
    s.delete('a');
    s.set('A', 2n);
    expect(s.ents().map((e: unknown[]) => e[0])).toEqual(['10', '9', 'A', 'B', 'b', 'é', '\u{1F600}', '\uFFFF']);
    expect(s.sz()).toBe(8n);
    expect(s.get('missing')).toBeUndefined();
  });

  it('accepts __proto__ and constructor as ordinary string keys', () => {
    const m = p.__mapOf([['__proto__', 1n], ['constructor', 2n]]);
    expect(m.get('__proto__')).toBe(1n);
    expect(m.keys()).toEqual(['__proto__', 'constructor']);
  });

  it('encodes Int keys as order-preserving text', () => {
    const values = [0n, 1n, -1n, 9n, 10n, -10n, -9n, 99n, 100n, -(10n ** 255n), 10n ** 255n, 123456789012345678901234567890n, -123n, -124n];
    const byText = [...values].sort((a, b) => (p.__mkey(a) < p.__mkey(b) ? -1 : 1));
    expect(byText).toEqual([...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const v of values) expect(p.__unmkey(p.__T.int, p.__mkey(v))).toBe(v);
    expect(p.__mkey(5n)).toBe('p0015');
    expect(p.__mkey(-5n)).toBe('n9984');
  });
});

describe('value codec', () => {
  const claim = p.__rec('Claim', [['id', p.__T.string, false], ['amount', USD, false], ['note', p.__T.string, true], ['status', p.__enumT('Status', ['Open', 'Closed']), false]]);

  it('encodes canonically: amounts as strings, sorted record keys, maps as sorted pairs', () => {
    const m = p.__mapOf([[3n, D('1.5')], [-1n, D('0')]]);
    expect(JSON.stringify(p.__enc(p.__mapT(p.__T.int, p.__T.decimal), m))).toBe('[["-1","0"],["3","1.5"]]');
    const c = { status: 'Open', note: undefined, id: 'c1', amount: M('12.30') };
    expect(JSON.stringify(p.__enc(claim, c))).toBe('{"amount":{"amount":"12.30","currency":"USD"},"id":"c1","status":"Open"}');
    expect(JSON.stringify(p.__enc(p.__optT(p.__T.int), undefined))).toBe('null');
    expect(JSON.stringify(p.__enc(p.__arrT(p.__T.timestamp), [1n, -2n]))).toBe('["1","-2"]');
  });

  it('round-trips every kind', () => {
    const t = p.__rec('All', [
      ['b', p.__T.bool, false], ['s', p.__T.string, false], ['i', p.__T.int, false], ['d', p.__T.decimal, false], ['m', p.__T.money, false],
      ['dt', p.__T.date, false], ['p', p.__T.period, false], ['ts', p.__T.timestamp, false], ['a', p.__T.address, false],
      ['c', p.__T.commitment, false], ['arr', p.__arrT(p.__optT(p.__T.int)), false], ['map', p.__mapT(p.__T.string, claim), false],
      ['sealed', p.__sealT(p.__T.int, true), false], ['u', p.__strsT(['x', 'y']), false], ['o', p.__T.int, true],
    ]);
    const json = {
      a: 'ab'.repeat(20), arr: ['1', null, '-3'], b: true, c: 'ab12', d: '-0.001', dt: '2027-01-15', i: '-9007199254740993',
      m: { amount: '1.000', currency: 'KWD' }, map: [['a', { amount: { amount: '1.00', currency: 'USD' }, id: 'x', status: 'Closed' }]],
      p: 'P1Y2M3D', s: 'ü', sealed: { commitment: 'ff00', ct: 'zz', n: [1, { a: true }] }, ts: '1798761600000', u: 'y',
    };
    const v = p.__dec(t, json);
    expect(v.i).toBe(-9007199254740993n);
    expect(v.o).toBeUndefined();
    expect(Object.isFrozen(v.sealed)).toBe(true);
    expect(p.__enc(t, v)).toEqual(json);
    expect(JSON.stringify(p.__enc(t, v))).toBe(JSON.stringify(json));
  });

  const hostile: [string, unknown, unknown][] = [
    ['exponent', p.__T.int, '1e3'], ['hex', p.__T.int, '0x10'], ['leading space', p.__T.int, ' 10'], ['trailing dot', p.__T.decimal, '10.'],
    ['negative zero', p.__T.int, '-0'], ['negative zero decimal', p.__T.decimal, '-0'], ['plus sign', p.__T.int, '+1'],
    ['JSON number', p.__T.int, 10], ['unsafe JSON number', p.__T.int, 2 ** 53 + 1], ['NaN text', p.__T.decimal, 'NaN'],
    ['Infinity', p.__T.decimal, 'Infinity'], ['leading zero', p.__T.int, '010'], ['trailing zero', p.__T.decimal, '1.50'],
    ['leading dot', p.__T.decimal, '.5'], ['257 digits', p.__T.int, '1'.repeat(257)], ['10^256', p.__T.int, `1${'0'.repeat(256)}`],
    ['float', p.__T.decimal, '0.1e1'], ['oversize string', p.__T.int, '1'.repeat(10_000_000)],
    ['USD with 3 digits', USD, { amount: '1.005', currency: 'USD' }], ['USD with 1 digit', USD, { amount: '1.5', currency: 'USD' }],
    ['JPY with a dot', p.__moneyT('JPY'), { amount: '10.', currency: 'JPY' }], ['negative zero money', USD, { amount: '-0.00', currency: 'USD' }],
    ['amount as number', USD, { amount: 1, currency: 'USD' }], ['unknown currency', p.__T.money, { amount: '1.00', currency: 'XXY' }],
    ['extra money field', USD, { amount: '1.00', currency: 'USD', x: 1 }], ['40-digit amount with exponent', USD, { amount: '1e40', currency: 'USD' }],
    ['unknown record field', claim, { amount: { amount: '1.00', currency: 'USD' }, id: 'x', status: 'Open', extra: 1 }],
    ['missing record field', claim, { amount: { amount: '1.00', currency: 'USD' }, status: 'Open' }],
    ['null optional field', claim, { amount: { amount: '1.00', currency: 'USD' }, id: 'x', status: 'Open', note: null }],
    ['__proto__ field', claim, JSON.parse('{"amount":{"amount":"1.00","currency":"USD"},"id":"x","status":"Open","__proto__":{"x":1}}')],
    ['constructor field', claim, { amount: { amount: '1.00', currency: 'USD' }, id: 'x', status: 'Open', constructor: 1 }],
    ['unknown enum member', claim, { amount: { amount: '1.00', currency: 'USD' }, id: 'x', status: 'open' }],
    ['unsorted map', p.__mapT(p.__T.int, p.__T.bool), [['2', true], ['1', true]]], ['duplicate map key', p.__mapT(p.__T.string, p.__T.bool), [['a', true], ['a', false]]],
    ['map as object', p.__mapT(p.__T.string, p.__T.bool), { a: true }], ['bad pair', p.__mapT(p.__T.string, p.__T.bool), [['a']]],
    ['invalid date', p.__T.date, '2027-02-29'], ['non-canonical period', p.__T.period, 'P2W'], ['uppercase address', p.__T.address, 'AB'.repeat(20)],
    ['odd commitment', p.__T.commitment, 'abc'], ['string for bool', p.__T.bool, 'true'], ['null for string', p.__T.string, null],
    ['sealed without commitment', p.__sealT(p.__T.int, true), { ct: 'x' }], ['sealed float', p.__sealT(p.__T.string, false), { x: 1.5 }],
    ['sealed __proto__', p.__sealT(p.__T.string, false), JSON.parse('{"__proto__":{"polluted":true}}')],
    ['sealed too deep', p.__sealT(p.__T.string, false), JSON.parse(`${'{"a":'.repeat(9)}1${'}'.repeat(9)}`)],
    ['deep nesting where a number is expected', p.__arrT(p.__T.int), JSON.parse(`${'['.repeat(100000)}${']'.repeat(100000)}`)],
  ];
  for (const [name, type, json] of hostile) {
    it(`rejects ${name} (SC-02, SC-12, MNY-07)`, () => {
      const f = failure(() => p.__dec(type, json));
      expect(['RT_ERR_INVALID_ARGUMENT', 'RT_ERR_CURRENCY_MISMATCH']).toContain(f.code);
      expect(f.fatal).toBe(false);
    });
  }

  it('rejects a wrong currency for a static-currency type with RT_ERR_CURRENCY_MISMATCH (RT_ERR_INVALID_ARGUMENT for entry arguments, see __run)', () => {
    expect(failure(() => p.__dec(USD, { amount: '1.00', currency: 'EUR' })).code).toBe('RT_ERR_CURRENCY_MISMATCH');
    expect(failure(() => p.__enc(USD, M('1.00', 'EUR'))).code).toBe('RT_ERR_CURRENCY_MISMATCH');
  });

  it('does not pollute prototypes through __proto__ keys', () => {
    const v = p.__dec(p.__sealT(p.__T.string, false), JSON.parse('{"a":{"b":"c"},"z":1}'));
    expect(Object.keys(v)).toEqual(['a', 'z']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('gas and failures', () => {
  it('out of gas is sticky: every later charge and every catch/finally check rethrows (GAS-01/02)', () => {
    const q = loadPrelude();
    q.setGas(10);
    q.__g(10);
    expect(q.gas()).toBe(0);
    const f = failure(() => q.__g(1));
    expect(f).toMatchObject({ code: 'RT_ERR_OUT_OF_GAS', fatal: true });
    expect(failure(() => q.__g(0))).toBe(f);
    expect(failure(() => q.__gchk())).toBe(f);
    const sn = q.__snap === undefined ? undefined : [[], 0, 0];
    expect(failure(() => q.__caught(f, sn))).toBe(f);
    expect(failure(() => q.__caught({ code: 'x' }, sn))).toBe(f);
  });

  it('reverts are caught as { code, message }; engine errors become fatal RT_ERR_INTERNAL', () => {
    const q = loadPrelude();
    q.resetState();
    const sn = q.__snap();
    const f = failure(() => q.__req(false, 'nope', 12));
    expect(f).toMatchObject({ code: 'RT_ERR_REQUIRE_FAILED', message: 'nope', site: 12, fatal: false });
    expect(q.__caught(f, sn)).toEqual({ code: 'RT_ERR_REQUIRE_FAILED', message: 'nope' });
    const internal = failure(() => q.__caught(new TypeError('x is not a function'), sn));
    expect(internal).toMatchObject({ code: 'RT_ERR_INTERNAL', fatal: true });
    expect(failure(() => q.__gchk())).toBe(internal);
  });

  it('the call-depth meter fails deterministically at depth 257 (DET-07)', () => {
    const q = loadPrelude();
    q.__e(256, 1);
    expect(failure(() => q.__e(257, 1))).toMatchObject({ code: 'RT_ERR_CALL_DEPTH', fatal: true });
  });

  it('string doubling runs out of gas long before memory does (GAS-04)', () => {
    const q = loadPrelude();
    q.setGas(10_000_000);
    let s = 'x';
    const f = failure(() => {
      for (;;) s = q.__cat(s, s);
    });
    expect(f.code).toBe('RT_ERR_OUT_OF_GAS');
    expect(s.length).toBeLessThanOrEqual(2 ** 25);
  });

  it('strings, arrays and maps stop at 2^24 elements with a fatal error', () => {
    const q = loadPrelude();
    const big = 'x'.repeat(2 ** 23 + 1);
    expect(failure(() => q.__cat(big, big))).toMatchObject({ code: 'RT_ERR_LIMIT_EXCEEDED', fatal: true });
  });

  it('charges array building by size', () => {
    const q = loadPrelude();
    q.setGas(1000);
    const a: unknown[] = [];
    const f = failure(() => {
      for (;;) q.__push(a, 1n);
    });
    expect(f.code).toBe('RT_ERR_OUT_OF_GAS');
    expect(a.length).toBe(1000 / GAS.ELEMENT);
  });
});

describe('arrays', () => {
  it('bounds-checks indexing', () => {
    expect(p.__idx([1n, 2n], 1n, 0)).toBe(2n);
    expect(failure(() => p.__idx([1n, 2n], 2n, 4))).toMatchObject({ code: 'RT_ERR_INDEX_OUT_OF_BOUNDS', site: 4 });
    expect(failure(() => p.__idx([1n], -1n, 4)).code).toBe('RT_ERR_INDEX_OUT_OF_BOUNDS');
    expect(failure(() => p.__seti([1n], 10n ** 30n, 0n, 4)).code).toBe('RT_ERR_INDEX_OUT_OF_BOUNDS');
  });

  it('slice with bigint and negative bounds, includes/indexOf structurally for decimals', () => {
    expect(p.__aslice([1n, 2n, 3n, 4n], -2n, undefined)).toEqual([3n, 4n]);
    expect(p.__aslice([1n, 2n, 3n, 4n], 1n, 10n ** 40n)).toEqual([2n, 3n, 4n]);
    expect(p.__sslice('hello', 1n, -1n)).toBe('ell');
    expect(p.__indexOf([D('1.5'), D('2')], D('2'), 1)).toBe(1n);
    expect(p.__incl(['a', 'b'], 'b', 0)).toBe(true);
    expect(p.__indexOf([1n], 2n, 0)).toBe(-1n);
  });

  it('sortBy is stable and ascending by key', () => {
    const xs = [{ k: 2n, n: 'a' }, { k: 1n, n: 'b' }, { k: 2n, n: 'c' }, { k: 0n, n: 'd' }, { k: 1n, n: 'e' }];
    expect(p.__sortBy(xs, (x: { k: bigint }) => x.k, 'i').map((x: { n: string }) => x.n).join('')).toBe('dbeac');
    const ds = [D('1.5'), D('-2'), D('1.25')];
    expect(p.__sortBy(ds, (x: unknown) => x, 'd').map(S)).toEqual(['-2', '1.25', '1.5']);
    expect(xs.map((x) => x.n).join('')).toBe('abcde');
  });

  it('map/filter/reduce pass bigint indices', () => {
    expect(p.__amap(['a', 'b'], (x: string, i: bigint) => x + String(i))).toEqual(['a0', 'b1']);
    expect(p.__afilter([1n, 2n, 3n], (x: bigint) => x % 2n === 1n)).toEqual([1n, 3n]);
    expect(p.__areduce([1n, 2n, 3n], (a: bigint, x: bigint, i: bigint) => a + x * i, 0n)).toBe(8n);
    expect(p.__afindIndex([1n, 2n], (x: bigint) => x === 5n)).toBe(-1n);
  });
});

describe('state buffer, snapshots and __run', () => {
  const counterExtra = `
const $F_count = { key: 's/count', t: __T.int, name: 'count' };
const $F_items = { key: 's/items', t: __arrT(__T.string), name: 'items' };
const $F_bal = { key: 'm/bal/', t: __mapT(__T.address, __T.int), name: 'bal' };
const $D = {
  init: ['init', function ($d, start) { __e($d, 1); __sset($F_count, start); __sset($F_items, []); }, [['start', __T.int]], __T.void],
  entries: new __JSMap([
    ['inc', ['entry', function ($d, by) { __e($d, 1); __req(by > 0n, 'by must be positive', 3); return __sset($F_count, __ck(__sget($F_count) + by, 4)); }, [['by', __T.int]], __T.int]],
    ['get', ['view', function ($d) { __e($d, 1); return __sget($F_count); }, [], __T.int]],
    ['bad', ['view', function ($d) { __e($d, 1); __sget($F_items).push('x'); return __sget($F_count); }, [], __T.int]],
    ['add', ['entry', function ($d, s) { __e($d, 1); __push(__sget($F_items), s); }, [['s', __T.string]], __T.void]],
    ['credit', ['entry', function ($d, a, n) { __e($d, 1); const m = __smap($F_bal); m.set(a, (m.get(a) ?? 0n) + n); return m.sz(); }, [['a', __T.address], ['n', __T.int]], __T.int]],
    ['all', ['view', function ($d) { __e($d, 1); return __smap($F_bal).ents().map((e) => e[0] + '=' + e[1]); }, [], __arrT(__T.string)]],
    ['atomic', ['entry', function ($d, s) { __e($d, 1);
      const items = __sget($F_items);
      const $s = __snap();
      try { __g(1); __push(items, s); __sset($F_count, 99n); __emit(__rec('E', [['s', __T.string, false]]), { s }, 8); __rv('undo', 7); }
      catch ($e) { const e = __caught($e, $s); __g(1); __push(items, e.code); }
      finally { __gchk(); }
      return __alen(items); }, [['s', __T.string]], __T.int]],
    ['spin', ['entry', function ($d) { __e($d, 1); const $s = __snap(); try { for (;;) { __g(1); } } catch ($e) { const e = __caught($e, $s); return 1n; } }, [], __T.int]],
    ['usd', ['view', function ($d, m) { __e($d, 1); return m; }, [['m', __moneyT('USD')]], __moneyT('USD')]],
    ['deep', ['entry', function deep($d, n) { __e($d, 1); return n === 0n ? 0n : deep($d + 1, n - 1n) + 1n; }, [['n', __T.int]], __T.int]],
  ]),
  reset() {},
};`;

  function host() {
    const state = new Map<string, string>();
    const h = {
      state,
      load: (k: string) => state.get(k),
      keys: (prefix: string) => JSON.stringify([...state.keys()].filter((k) => k.startsWith(prefix)).reverse()),
    };
    const q = loadPrelude(h, counterExtra);
    const ctx = { caller: 'aa'.repeat(20), origin: 'aa'.repeat(20), self: 'bb'.repeat(20), time: '1798761600000', height: '7' };
    const invoke = (kind: string, name: string, args: unknown[], gasLimit = 1_000_000) => {
      const r = JSON.parse(q.__run(JSON.stringify({ kind, name, args, ctx, gasLimit }), q.D));
      if (r.ok) for (const [k, v] of r.writes) (v === null ? state.delete(k) : state.set(k, v));
      return r;
    };
    return { q, invoke, state };
  }

  it('runs init and entries, writing only changed keys, sorted', () => {
    const { invoke, state } = host();
    const r0 = invoke('init', '', ['5']);
    expect(r0).toMatchObject({ ok: true, value: null, writes: [['s/count', '"5"'], ['s/items', '[]']], events: [] });
    const r1 = invoke('entry', 'inc', ['2']);
    expect(r1).toMatchObject({ ok: true, value: '7', writes: [['s/count', '"7"']] });
    expect(state.get('s/count')).toBe('"7"');
    expect(invoke('view', 'get', [])).toMatchObject({ ok: true, value: '7', writes: [] });
    const r2 = invoke('entry', 'add', ['a']);
    expect(r2.writes).toEqual([['s/items', '["a"]']]);
  });

  it('returns reverts with code, message and site, and writes nothing', () => {
    const { invoke, state } = host();
    invoke('init', '', ['5']);
    const r = invoke('entry', 'inc', ['0']);
    expect(r).toMatchObject({ ok: false, error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'by must be positive', site: 3 } });
    expect(r.gasUsed).toBeGreaterThan(0);
    expect(state.get('s/count')).toBe('"5"');
  });

  it('rejects a view that mutates state in place (RT_ERR_VIEW_WRITE)', () => {
    const { invoke } = host();
    invoke('init', '', ['5']);
    expect(invoke('view', 'bad', [])).toMatchObject({ ok: false, error: { code: 'RT_ERR_VIEW_WRITE' } });
  });

  it('map state entries are stored separately and iterated in key order', () => {
    const { invoke, state } = host();
    invoke('init', '', ['0']);
    const a = 'cc'.repeat(20), b = 'aa'.repeat(20);
    expect(invoke('entry', 'credit', [a, '5']).value).toBe('1');
    expect(invoke('entry', 'credit', [b, '7']).value).toBe('2');
    expect(invoke('entry', 'credit', [a, '1']).writes).toEqual([[`m/bal/${a}`, '"6"']]);
    expect(state.get(`m/bal/${b}`)).toBe('"7"');
    expect(invoke('view', 'all', []).value).toEqual([`${b}=7`, `${a}=6`]);
  });

  it('try blocks are atomic: state, in-place mutation and events are undone before catch runs', () => {
    const { invoke } = host();
    invoke('init', '', ['5']);
    invoke('entry', 'add', ['a']);
    const r = invoke('entry', 'atomic', ['b']);
    expect(r).toMatchObject({ ok: true, value: '2', events: [], writes: [['s/items', '["a","RT_ERR_REVERT"]']] });
  });

  it('a swallowing catch cannot survive out of gas; gasUsed equals the limit', () => {
    const { invoke } = host();
    invoke('init', '', ['5']);
    const r = invoke('entry', 'spin', [], 50_000);
    expect(r).toEqual({ ok: false, error: { code: 'RT_ERR_OUT_OF_GAS', message: 'out of gas', site: -1 }, gasUsed: 50_000 });
  });

  it('charges the same gas for the same request every time (GAS-08)', () => {
    const a = host(), b = host();
    a.invoke('init', '', ['5']);
    b.invoke('init', '', ['5']);
    const ra = a.invoke('entry', 'atomic', ['zz']), rb = b.invoke('entry', 'atomic', ['zz']);
    expect(ra.gasUsed).toBe(rb.gasUsed);
    expect(a.invoke('entry', 'inc', ['1']).gasUsed).toBe(b.invoke('entry', 'inc', ['1']).gasUsed);
  });

  it('call depth fails at the same depth every time', () => {
    const { invoke } = host();
    invoke('init', '', ['0']);
    expect(invoke('entry', 'deep', ['255'], 1e9)).toMatchObject({ ok: true, value: '255' });
    expect(invoke('entry', 'deep', ['256'], 1e9)).toMatchObject({ ok: false, error: { code: 'RT_ERR_CALL_DEPTH' } });
  });

  const badRequests: [string, string][] = [
    ['not JSON', '{'], ['an array', '[]'], ['extra key', '{"kind":"view","name":"get","args":[],"ctx":{},"gasLimit":1,"x":1}'],
    ['float gas', JSON.stringify({ kind: 'view', name: 'get', args: [], ctx: {}, gasLimit: 1.5 })],
    ['negative gas', JSON.stringify({ kind: 'view', name: 'get', args: [], ctx: {}, gasLimit: -1 })],
    ['unknown kind', JSON.stringify({ kind: 'call', name: 'get', args: [], ctx: {}, gasLimit: 10000 })],
  ];
  for (const [name, text] of badRequests) {
    it(`rejects a malformed request: ${name}`, () => {
      const { q } = host();
      const r = JSON.parse(q.__run(text, q.D));
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('RT_ERR_INVALID_REQUEST');
    });
  }

  it('rejects unknown entries, wrong kinds, bad ctx and bad arguments', () => {
    const { invoke, q } = host();
    expect(invoke('entry', 'nope', []).error.code).toBe('RT_ERR_UNKNOWN_ENTRY');
    expect(invoke('entry', 'get', []).error.code).toBe('RT_ERR_UNKNOWN_ENTRY');
    expect(invoke('entry', 'toString', []).error.code).toBe('RT_ERR_UNKNOWN_ENTRY');
    expect(invoke('entry', 'inc', []).error.code).toBe('RT_ERR_INVALID_ARGUMENT');
    expect(invoke('entry', 'inc', ['1e3']).error).toMatchObject({ code: 'RT_ERR_INVALID_ARGUMENT', message: 'argument by: expected an integer string, got string "1e3"' });
    const bad = JSON.parse(q.__run(JSON.stringify({ kind: 'view', name: 'get', args: [], ctx: { caller: 'x' }, gasLimit: 100000 }), q.D));
    expect(bad.error.code).toBe('RT_ERR_INVALID_REQUEST');
    const good = { caller: 'aa'.repeat(20), origin: 'aa'.repeat(20), self: 'bb'.repeat(20), time: '0', height: '0' };
    for (const ctx of [{ ...good, time: 1 }, { ...good, self: 'BB'.repeat(20) }, { caller: good.caller, origin: good.origin, self: good.self, time: '0', heigth: '0' }]) {
      const r = JSON.parse(q.__run(JSON.stringify({ kind: 'view', name: 'get', args: [], ctx, gasLimit: 100000 }), q.D));
      expect(r.error.code).toBe('RT_ERR_INVALID_REQUEST');
    }
  });

  it('a wrong static currency is an invalid argument when decoding entry arguments', () => {
    const { invoke } = host();
    expect(invoke('view', 'usd', [{ amount: '1.00', currency: 'USD' }])).toMatchObject({ ok: true, value: { amount: '1.00', currency: 'USD' } });
    expect(invoke('view', 'usd', [{ amount: '1.00', currency: 'EUR' }]).error).toMatchObject({ code: 'RT_ERR_INVALID_ARGUMENT', message: 'argument m: expected currency USD, got "EUR"' });
  });

  it('responses are canonical JSON (sorted keys)', () => {
    const { q } = host();
    const text = q.__run(JSON.stringify({ kind: 'init', name: '', args: ['1'], ctx: { caller: 'aa'.repeat(20), origin: 'aa'.repeat(20), self: 'bb'.repeat(20), time: '0', height: '0' }, gasLimit: 100000 }), q.D);
    expect(text.startsWith('{"events":[],"gasUsed":')).toBe(true);
    expect(text.endsWith(',"ok":true,"value":null,"writes":[["s/count","\\"1\\""],["s/items","[]"]]}')).toBe(true);
  });
});
