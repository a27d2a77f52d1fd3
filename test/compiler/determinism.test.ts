/**
 * Same source → byte-identical artifacts on any machine, time zone or locale (CMP-03, GAS-08):
 * the example contracts are compiled by two separate `covenant compile` processes with different
 * `TZ` and `LANG`, and every artifact file must be identical.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeArtifact } from '../../compiler/artifact.ts';
import { compile } from '../../compiler/pipeline.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'covenant-det-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function contractFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith('.contract.ts')) out.push(`${dir}/${e.name}`);
    }
  };
  walk('contracts');
  return out.sort();
}

function compileWith(env: Record<string, string>, outDir: string): Map<string, string> {
  execFileSync(process.execPath, ['bin/covenant.js', 'compile', ...contractFiles(), '--out', outDir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const files = new Map<string, string>();
  for (const f of readdirSync(outDir).sort()) files.set(f, readFileSync(join(outDir, f), 'utf8'));
  return files;
}

describe('deterministic output', () => {
  it('CMP-03 artifacts are byte-identical across TZ and LANG', () => {
    const a = compileWith({ TZ: 'UTC', LANG: 'C', LC_ALL: 'C' }, join(tmp, 'a'));
    const b = compileWith({ TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, join(tmp, 'b'));
    expect(a.size).toBeGreaterThanOrEqual(3);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, text] of a) expect(b.get(name), name).toBe(text);
  });

  it('an artifact depends only on its contract\'s sources, not on the other files compiled with it or their order', () => {
    const read = (p: string): string | undefined => {
      try {
        return readFileSync(join(ROOT, p), 'utf8');
      } catch {
        return undefined;
      }
    };
    const build = (paths: readonly string[]): Map<string, string> => {
      const r = compile({ inputs: paths.map((p) => ({ path: p, text: read(p) as string })), readFile: read });
      expect(r.diagnostics).toEqual([]);
      return new Map(r.artifacts.map((a) => [a.contract, encodeArtifact(a)]));
    };
    const files = contractFiles();
    const together = build(files);
    const reversed = build([...files].reverse());
    const alone = new Map(files.flatMap((f) => [...build([f])]));
    expect([...together.keys()].sort()).toEqual([...alone.keys()].sort());
    for (const [name, text] of together) {
      expect(reversed.get(name), `${name} (reversed inputs)`).toBe(text);
      expect(alone.get(name), `${name} (compiled alone)`).toBe(text);
    }
    // The sources are the contract's file and what it imports, not the rest of the compilation.
    const qs = JSON.parse(together.get('QuotaShareTreaty') as string) as { sources: { path: string }[] };
    expect(qs.sources.map((s) => s.path)).toEqual(['contracts/reinsurance/quota-share.contract.ts', 'stdlib/money.contract.ts']);
  });
});
