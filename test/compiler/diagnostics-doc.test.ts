/**
 * `docs/diagnostics.md` lists every diagnostic code of the catalogue; this test keeps it current
 * (`UPDATE_BASELINES=1 npm test` rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../compiler/diagnostic-codes.ts';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'diagnostics.md');
const RANGES: [string, string][] = [
  ['E1', 'Lexing and parsing'],
  ['E2', 'Names'],
  ['E3', 'Types'],
  ['E4', 'Contract, determinism and safety rules'],
  ['E5', 'Code generation and limits'],
];

function render(): string {
  const out = [
    '# Compiler diagnostics',
    '',
    'Every error the compiler reports has a stable code from one catalogue',
    '(`compiler/diagnostic-codes.ts`). Codes are never renumbered or reused. `{0}`, `{1}` stand for',
    'the names and types filled in by each message. Each code has a golden example under `test/cases/`.',
    '',
  ];
  for (const [prefix, title] of RANGES) {
    const rows = Object.entries(DIAGNOSTIC_CODES).filter(([, e]) => e.code.startsWith(prefix)).sort(([, a], [, b]) => (a.code < b.code ? -1 : 1));
    if (rows.length === 0) continue;
    out.push(`## ${prefix}xxx — ${title}`, '', '| code | name | message |', '|---|---|---|');
    for (const [name, e] of rows) out.push(`| ${e.code} | ${name} | ${e.template.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}

describe('docs/diagnostics.md', () => {
  it('docs/language.md cites only codes that exist', () => {
    const language = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'language.md'), 'utf8');
    const known = new Set<string>(Object.values(DIAGNOSTIC_CODES).map((e) => e.code));
    const cited = [...new Set(language.match(/\bE\d{4}\b/g) ?? [])];
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => !known.has(c))).toEqual([]);
  });

  it('lists every diagnostic code', () => {
    const text = render();
    if (process.env.UPDATE_BASELINES === '1') writeFileSync(DOC, text);
    expect(readFileSync(DOC, 'utf8')).toBe(text);
  });
});
