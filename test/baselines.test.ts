/**
 * Golden diagnostics: every `test/cases/<pass>/<name>.contract.ts` is compiled and its rendered
 * diagnostics are compared with `<name>.errors.txt` (TypeScript baselines, Move `.exp` files).
 * `UPDATE_BASELINES=1 npm test` rewrites the golden files; review the diff before committing.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, formatDiagnostic } from '../compiler/index.ts';

const CASES = join(import.meta.dirname, 'cases');

function caseFiles(dir: string): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(caseFiles(p));
    else if (p.endsWith('.contract.ts') && !p.includes('.lib.')) out.push(p);
  }
  return out;
}

/** Renders the diagnostics of one case exactly as the CLI prints them. */
export function renderCase(file: string): string {
  const path = relative(CASES, file).split('\\').join('/');
  const result = compile({
    inputs: [{ path, text: readFileSync(file, 'utf8') }],
    readFile: (p) => {
      const full = join(CASES, p);
      return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    },
  });
  if (result.diagnostics.length === 0) return '(no diagnostics)\n';
  return `${result.diagnostics.map((d) => formatDiagnostic(d, (id) => result.files[id])).join('\n')}\n`;
}

describe('diagnostic baselines', () => {
  const files = caseFiles(CASES);
  it('has cases', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  for (const file of files) {
    const name = relative(CASES, file);
    it(name, () => {
      const actual = renderCase(file);
      const golden = file.replace(/\.contract\.ts$/, '.errors.txt');
      if (process.env.UPDATE_BASELINES === '1' || !existsSync(golden)) {
        if (process.env.CI === 'true' && !existsSync(golden)) throw new Error(`missing golden file ${relative(CASES, golden)}`);
        writeFileSync(golden, actual);
      }
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
