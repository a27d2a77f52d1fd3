/**
 * `STDLIB_MODULES`: every standard module written in the Covenant language is found by its
 * specifier, has a portable repository-relative path, and its text is the file on disk.
 * Does NOT compile the modules (contracts-compile.test.ts) or run them (money.test.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRELUDE_SPECIFIER, STDLIB_MODULES, stdlibModuleSource } from '../../stdlib/index.ts';

const root = new URL('../../', import.meta.url);

describe('STDLIB_MODULES', () => {
  it('maps each specifier to its .contract.ts file, in alphabetical order', () => {
    expect([...STDLIB_MODULES.keys()]).toEqual([
      '@covenant/std/actus/ann', '@covenant/std/actus/common', '@covenant/std/actus/lam', '@covenant/std/actus/nam', '@covenant/std/actus/pam',
      '@covenant/std/dates', '@covenant/std/money',
    ]);
    for (const [specifier, mod] of STDLIB_MODULES) {
      expect(mod.specifier).toBe(specifier);
      expect(mod.path).toBe(`stdlib/${specifier.slice('@covenant/std/'.length)}.contract.ts`);
    }
  });

  it('reads the text from disk, with line endings normalised', () => {
    for (const mod of STDLIB_MODULES.values()) {
      const onDisk = readFileSync(new URL(mod.path, root), 'utf8').replace(/\r\n?/g, '\n');
      expect(mod.text).toBe(onDisk);
      expect(mod.text).not.toMatch(/\r/);
      expect(mod.text.startsWith('/**')).toBe(true);
    }
  });

  it('exports the documented functions of each module', () => {
    const exported = (text: string): string[] => [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1] as string).sort();
    expect(exported(stdlibModuleSource('@covenant/std/money')?.text ?? '')).toEqual(
      ['allocate', 'allocateInt', 'payProRata', 'percentOf', 'proRata', 'split', 'sum'],
    );
    expect(exported(stdlibModuleSource('@covenant/std/dates')?.text ?? '')).toEqual([
      'accrue', 'addCycle', 'addMonths', 'adjustedSchedule', 'calculationDate', 'cycleDate', 'dateFromParts', 'dateTimeAccrualDate',
      'dateTimeDate', 'dayCount',
      'dayOfWeek', 'interestAccrual', 'isBusinessDay', 'isEndOfMonth', 'isLeapYear', 'parseCycle', 'schedule',
      'shiftDate', 'shiftsBeforeCalculation', 'yearBasis', 'yearFraction', 'yearFractionExact',
    ]);
  });
});

describe('stdlibModuleSource()', () => {
  it('finds a module by specifier and returns the same object every time', () => {
    const a = stdlibModuleSource('@covenant/std/money');
    expect(a?.path).toBe('stdlib/money.contract.ts');
    expect(stdlibModuleSource('@covenant/std/money')).toBe(a);
  });

  it('returns undefined for the prelude and for unknown or malformed specifiers', () => {
    expect(PRELUDE_SPECIFIER).toBe('@covenant/std');
    for (const s of [PRELUDE_SPECIFIER, '@covenant/std/', '@covenant/std/nope', '@covenant/std/money.contract', './money', 'constructor']) {
      expect(stdlibModuleSource(s), s).toBeUndefined();
    }
  });
});
