/**
 * The ISO 4217 minor-unit table: shape, known exponents from the standard, and the codes it must
 * not contain (withdrawn codes, codes without a minor unit). MNY-08 relies on these exponents.
 * Does NOT test how the compiler or runtime use the table (see the checker and prelude tests).
 * @module
 */
import { describe, expect, it } from 'vitest';
import { CURRENCIES, currencyExponent } from '../../stdlib/index.ts';

describe('CURRENCIES', () => {
  it('has only three-upper-case-letter codes with an exponent of 0 to 4', () => {
    const entries = Object.entries(CURRENCIES);
    expect(entries.length).toBeGreaterThan(150);
    for (const [code, exponent] of entries) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect(Number.isInteger(exponent) && exponent >= 0 && exponent <= 4, `${code} → ${exponent}`).toBe(true);
    }
  });

  it('gives the ISO 4217 minor unit of well-known currencies', () => {
    const known: Record<string, number> = {
      USD: 2, EUR: 2, GBP: 2, CHF: 2, CNY: 2, INR: 2, BRL: 2, MXN: 2, ZAR: 2,
      JPY: 0, KRW: 0, CLP: 0, ISK: 0, VND: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0, XPF: 0, UYI: 0,
      BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
      CLF: 4, UYW: 4,
      ZWG: 2, XCG: 2, SLE: 2, VED: 2, VES: 2, MRU: 2, STN: 2, BYN: 2,
    };
    for (const [code, exponent] of Object.entries(known)) expect(CURRENCIES[code], code).toBe(exponent);
  });

  it('lists exactly the active codes without two decimals', () => {
    const byExponent = (e: number): string[] => Object.keys(CURRENCIES).filter((c) => CURRENCIES[c] === e).sort();
    expect(byExponent(0)).toEqual(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
    expect(byExponent(3)).toEqual(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
    expect(byExponent(4)).toEqual(['CLF', 'UYW']);
  });

  it('leaves out withdrawn codes and codes without a minor unit', () => {
    for (const code of ['HRK', 'ZWL', 'SLL', 'ANG', 'CUC', 'VEF', 'MRO', 'STD', 'BYR', 'LTL', 'DEM']) {
      expect(code in CURRENCIES, code).toBe(false);
    }
    for (const code of ['XAU', 'XAG', 'XPD', 'XPT', 'XDR', 'XSU', 'XUA', 'XBA', 'XTS', 'XXX']) {
      expect(code in CURRENCIES, code).toBe(false);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CURRENCIES)).toBe(true);
  });
});

describe('currencyExponent()', () => {
  it('returns the exponent of an active code', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('returns undefined for lower case, unknown codes and Object.prototype members', () => {
    for (const code of ['usd', 'Usd', 'US', 'USDT', '', 'XAU', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(currencyExponent(code), code).toBeUndefined();
    }
  });
});
