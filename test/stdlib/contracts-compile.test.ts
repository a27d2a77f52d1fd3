/**
 * Every example contract, every standard module, and every complete contract example in the
 * language reference compiles with the Covenant compiler without a single diagnostic, and each
 * example contract yields a valid artifact with the entry points, views, triggers and events its
 * README describes. The editor-side counterpart is `editor.test.ts`.
 * Does NOT run the contracts (contracts-run.test.ts does).
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompileResult, compile, encodeArtifact, formatDiagnostic, validateArtifact } from '../../compiler/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function readFile(p: string): string | undefined {
  try {
    return readFileSync(join(ROOT, p), 'utf8');
  } catch {
    return undefined;
  }
}

function contractFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.contract.ts'))
    .map((f) => relative(ROOT, join(ROOT, dir, f)).split('\\').join('/'))
    .sort();
}

function compileText(path: string, text: string): CompileResult {
  return compile({ inputs: [{ path, text }], readFile });
}

function rendered(r: CompileResult): string[] {
  const byId = new Map(r.files.map((f) => [f.id, f]));
  return r.diagnostics.map((d) => formatDiagnostic(d, (id) => byId.get(id)));
}

describe('example contracts and standard modules', () => {
  const files = [...contractFiles('contracts'), ...contractFiles('stdlib')];

  it('finds the files it is meant to compile', () => {
    expect(files).toEqual(expect.arrayContaining([
      'contracts/abs/waterfall.contract.ts',
      'contracts/reinsurance/excess-of-loss.contract.ts',
      'contracts/reinsurance/quota-share.contract.ts',
      'stdlib/dates.contract.ts',
      'stdlib/money.contract.ts',
    ]));
  });

  it.each(files)('%s compiles with zero diagnostics', (path) => {
    const r = compileText(path, readFile(path) ?? '');
    expect(rendered(r)).toEqual([]);
    for (const a of r.artifacts) expect(validateArtifact(JSON.parse(encodeArtifact(a))).ok).toBe(true);
    if (path.startsWith('contracts/')) expect(r.artifacts.length).toBe(1);
  });

  it('records the entry points, views and triggers of each treaty in the ABI', () => {
    const abiOf = (path: string): string => JSON.stringify(compileText(path, readFile(path) ?? '').artifacts[0]?.abi ?? {});
    const quota = abiOf('contracts/reinsurance/quota-share.contract.ts');
    for (const name of ['recordPolicy', 'recordPremium', 'adviseLargeLoss', 'recordClaim', 'renderAccounts', 'statementOf', 'StatementRendered', 'P3M']) {
      expect(quota).toContain(name);
    }
    const xol = abiOf('contracts/reinsurance/excess-of-loss.contract.ts');
    for (const name of ['onQuotaShareClaim', 'claimsLedger', 'ClaimRecorded', 'reportLoss', 'position', 'ReinstatementPremiumDue']) {
      expect(xol).toContain(name);
    }
    const waterfall = abiOf('contracts/abs/waterfall.contract.ts');
    for (const name of ['reportCollections', 'distribute', 'paymentDates', 'ClassPayment', 'WaterfallRun']) {
      expect(waterfall).toContain(name);
    }
  });
});

describe('docs/language.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'language.md'), 'utf8');
  // Complete examples: ```ts blocks that declare a contract and elide nothing.
  const examples = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] as string)
    .filter((code) => code.includes('@contract\nexport class') && !code.includes('…'));

  it('has complete contract examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((code, i) => [i, code] as const))('example %i compiles with zero diagnostics', (i, code) => {
    const r = compileText(`docs/example-${i}.contract.ts`, code);
    expect(rendered(r)).toEqual([]);
    expect(r.artifacts.length).toBe(1);
  });
});
