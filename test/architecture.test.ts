/**
 * Import-direction rules (docs/architecture.md): `node → runtime → compiler/artifact.ts`, `stdlib`
 * depends on nothing, other folders are reached only through their `index.ts`, and inside the
 * compiler each pass depends only on earlier ones.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const FOLDERS = ['compiler', 'runtime', 'node', 'stdlib', 'contracts'];

function tsFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts') && !p.endsWith('.contract.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) specs.push(m[1] as string);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1] as string);
  return specs.filter((s) => s.startsWith('.'));
}

/** Compiler stages in dependency order: a stage may import only earlier ones (and the leaves). */
const COMPILER_STAGES = ['lexer', 'parser', 'ast', 'check', 'codegen'];
const COMPILER_LEAVES = new Set(['compiler/source.ts', 'compiler/diagnostics.ts', 'compiler/diagnostic-codes.ts', 'compiler/version.ts', 'compiler/artifact.ts']);

function violation(from: string, to: string): string | undefined {
  const [fromTop] = from.split('/');
  const [toTop] = to.split('/');
  if (fromTop === toTop) {
    if (from === 'compiler/artifact.ts' && to !== 'compiler/artifact.ts') return 'compiler/artifact.ts is a leaf and imports nothing from compiler/';
    if (fromTop !== 'compiler') return undefined;
    const stageOf = (p: string): number => COMPILER_STAGES.indexOf(p.split('/')[1] ?? '');
    const fs = stageOf(from);
    const ts = stageOf(to);
    if (COMPILER_LEAVES.has(from) && !COMPILER_LEAVES.has(to)) return `${from} is a leaf`;
    if (fs >= 0 && ts > fs) return `compiler stage ${COMPILER_STAGES[fs]} may not import the later stage ${COMPILER_STAGES[ts]}`;
    if (fs >= 0 && ts < 0 && !COMPILER_LEAVES.has(to) && to !== 'compiler/parse-file.ts') return `compiler stage ${COMPILER_STAGES[fs]} may not import ${to}`;
    return undefined;
  }
  if (fromTop === 'stdlib') return 'stdlib depends on nothing';
  const allowed: Record<string, string[]> = {
    compiler: ['stdlib/index.ts'],
    runtime: ['compiler/artifact.ts', 'stdlib/index.ts'],
    node: ['runtime/index.ts', 'compiler/artifact.ts', 'compiler/index.ts', 'stdlib/index.ts'],
    contracts: [],
  };
  const ok = allowed[fromTop as string] ?? [];
  return ok.includes(to) ? undefined : `${fromTop} may import only ${ok.join(', ') || 'nothing outside itself'}`;
}

describe('architecture', () => {
  it('every import follows the dependency direction', () => {
    const problems: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of tsFiles(join(ROOT, folder))) {
        const from = relative(ROOT, file).split('\\').join('/');
        for (const spec of importsOf(file)) {
          const to = relative(ROOT, normalize(join(dirname(file), spec))).split('\\').join('/');
          const v = violation(from, to);
          if (v !== undefined) problems.push(`${from} imports ${to} (${v})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the rule table rejects a forbidden import', () => {
    expect(violation('runtime/sandbox.ts', 'compiler/check/types.ts')).toMatch(/runtime may import only/);
    expect(violation('compiler/check/checker.ts', 'compiler/codegen/emit-js.ts')).toMatch(/later stage/);
    expect(violation('stdlib/index.ts', 'compiler/index.ts')).toMatch(/stdlib depends on nothing/);
    expect(violation('node/main.ts', 'runtime/index.ts')).toBeUndefined();
  });
});
