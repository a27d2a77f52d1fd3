/**
 * `covenant compile`: exit status, human and JSON diagnostics, artifacts written, usage errors,
 * and the Node version check of the `covenant` command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../compiler/cli.ts';
import { decodeArtifact } from '../../compiler/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'covenant-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD = `
@contract
export class Counter {
  n: Int = 0;
  @entry
  add(k: Int): Int {
    this.n += k;
    return this.n;
  }
}
`;
const BAD = `
@contract
export class Broken {
  n: number = 0;
  @view
  read(): Int {
    return Date.now();
  }
}
`;

async function runCli(args: string[]) {
  let out = '';
  let err = '';
  const prev = process.cwd();
  process.chdir(dir);
  try {
    const code = await main(args, (s) => { out += s; }, (s) => { err += s; });
    return { code, out, err };
  } finally {
    process.chdir(prev);
  }
}

describe('covenant compile', () => {
  writeFileSync(join(dir, 'good.contract.ts'), GOOD);
  writeFileSync(join(dir, 'bad.contract.ts'), BAD);

  it('writes one valid artifact per contract and exits 0', async () => {
    const r = await runCli(['good.contract.ts', '--out', 'build']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('wrote build/Counter.artifact.json');
    const text = readFileSync(join(dir, 'build', 'Counter.artifact.json'), 'utf8');
    expect(decodeArtifact(text).ok).toBe(true);
  });

  it('prints every diagnostic with file:line:col and a caret, and exits 1', async () => {
    const r = await runCli(['bad.contract.ts', '--out', 'build2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.contract.ts:4:6 - error E3002');
    expect(r.err).toContain('bad.contract.ts:7:12 - error E4001');
    expect(r.err).toMatch(/\n\s+\|\s+\^+/);
    expect(r.err).toContain('Found 2 errors.');
    expect(r.err).not.toMatch(/at .*\.ts:\d+:\d+\)/); // no stack trace
    expect(readdirSync(dir)).not.toContain('build2');
  });

  it('--json prints one machine-readable document', async () => {
    const r = await runCli(['bad.contract.ts', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics.map((d: { code: string }) => d.code)).toEqual(['E3002', 'E4001']);
    expect(doc.diagnostics[0]).toMatchObject({ file: 'bad.contract.ts', line: 4, column: 6, severity: 'error' });
  });

  it('reports usage errors with exit status 2', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['--bogus'])).code).toBe(2);
    const missing = await runCli(['missing.contract.ts']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read "missing.contract.ts"');
  });

  it('the covenant command runs under the pinned Node and compiles', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/covenant.js'), 'compile', 'good.contract.ts', '--out', 'build3'], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('wrote build3/Counter.artifact.json');
  });

  it('SBX-01 the covenant command refuses Node older than 24 with a clear message', () => {
    const fake = join(dir, 'old-node.mjs');
    writeFileSync(fake, `Object.defineProperty(process.versions, 'node', { value: '20.20.2' });\nawait import(${JSON.stringify(join(ROOT, 'bin/covenant.js'))});\n`);
    const r = spawnSync(process.execPath, [fake, 'compile', 'good.contract.ts'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Node.js 24 or newer is required');
  });
});
