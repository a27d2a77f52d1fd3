/**
 * The diagnostic catalogue (Solidity's error_codes.py): every code is unique, well-formed, used
 * by the compiler, and covered by at least one golden case in `test/cases`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../compiler/diagnostic-codes.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function files(dir: string, suffix: string): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

const entries = Object.entries(DIAGNOSTIC_CODES);

describe('diagnostic codes', () => {
  it('are unique and well-formed', () => {
    const codes = entries.map(([, e]) => e.code);
    const dupes = codes.filter((c, i) => codes.indexOf(c) !== i);
    expect(dupes).toEqual([]);
    for (const [name, e] of entries) {
      expect(e.code, name).toMatch(/^(E[1-5]\d{3}|W\d{4})$/);
      expect(e.template.length, name).toBeGreaterThan(0);
    }
  });

  it('are all used by the compiler', () => {
    const source = files(join(ROOT, 'compiler'), '.ts')
      .filter((f) => !f.endsWith('diagnostic-codes.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = entries.map(([name]) => name).filter((name) => !new RegExp(`['"]${name}['"]`).test(source));
    expect(unused).toEqual([]);
  });

  it('are all covered by a golden case', () => {
    const golden = files(join(ROOT, 'test', 'cases'), '.errors.txt').map((f) => readFileSync(f, 'utf8')).join('\n');
    const uncovered = entries.map(([, e]) => e.code).filter((code) => !golden.includes(` ${code}:`));
    expect(uncovered).toEqual([]);
  });
});
