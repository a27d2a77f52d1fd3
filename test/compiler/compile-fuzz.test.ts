/**
 * The whole pipeline on hostile and random input (CMP-01, CMP-02, CMP-07): compile() always
 * returns diagnostics or valid artifacts — never throws, never hangs — and every known
 * sandbox-escape payload is rejected at compile time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, decodeArtifact, encodeArtifact } from '../../compiler/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const QUOTA = readFileSync(join(ROOT, 'contracts/reinsurance/quota-share.contract.ts'), 'utf8');
const readFile = (p: string): string | undefined => {
  try {
    return readFileSync(join(ROOT, p), 'utf8');
  } catch {
    return undefined;
  }
};

function run(text: string, path = 'contracts/reinsurance/fuzz.contract.ts') {
  const r = compile({ inputs: [{ path, text }], readFile });
  for (const a of r.artifacts) expect(decodeArtifact(encodeArtifact(a)).ok).toBe(true);
  if (r.artifacts.length === 0 && /@contract/.test(text)) {
    // No artifact: there must be a reason.
    expect(r.diagnostics.some((d) => d.severity === 'error') || !/class\s/.test(text)).toBe(true);
  }
  return r;
}

const wrap = (body: string): string => `
@contract
export class Escape {
  n: Int = 0;
  @view
  run(x: Int): Int {
    ${body}
    return 0;
  }
}
`;

/** Known sandbox-escape and non-determinism payloads (vm2 issues, SES, isolated-vm advisories). */
const PAYLOADS = [
  "const p = [].constructor.constructor('return process')();",
  "const f = x.toString.constructor('return this')();",
  'Error.prepareStackTrace = (e, s) => s;',
  'const o = ({}).__proto__;',
  "const g = ({})['__proto__'];",
  'const q = Object.prototype;',
  'const s = Symbol.species;',
  'const t = Promise.resolve(1);',
  "const u = ({}).__lookupGetter__('x');",
  'const v = globalThis.ivm;',
  "const w = import('fs');",
  "const e = eval('1');",
  "const h = new Function('return 1');",
  'const a = (async () => 1);',
  "const r = Reflect.get({}, 'x');",
  'const c = arguments;',
  'const d = Date.now();',
  'const m = Math.random();',
  "const l = 'a'.localeCompare('b');",
  'const k = new SharedArrayBuffer(8);',
  'const z = this.constructor;',
  'const y = x.valueOf();',
  "const re = /(a+)+$/.test('aaaa!');",
  'with (x) {}',
  'label: while (true) { break label; }',
  'const n = null;',
];

describe('compile() on hostile input', () => {
  it('CMP-07 rejects every sandbox-escape payload with a diagnostic', () => {
    for (const p of PAYLOADS) {
      const r = run(wrap(p));
      expect(r.artifacts, p).toEqual([]);
      expect(r.diagnostics.filter((d) => d.severity === 'error').length, p).toBeGreaterThan(0);
    }
  });

  it('CMP-01 random text never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        run(s);
      }),
      { numRuns: 200 },
    );
  });

  it('CMP-01 random token soup never throws', () => {
    const tokens = ['@contract', 'export', 'class', 'C', '{', '}', '(', ')', 'x', ':', 'Int', '=', '1', ';', '@entry', 'f', 'return', 'this', '.', 'if', 'else',
      'for', 'const', 'of', '[', ']', 'Money', '<', "'USD'", '>', 'money', ',', '0.5', 'require', 'emit', 'new', 'Map', '=>', '?', '!', '+', '*', '/', 'ctx', 'prove', 'Sealed'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 120 }), (ts) => {
        run(ts.join(' '));
      }),
      { numRuns: 200 },
    );
  });

  it('CMP-01 mutated real contracts never throw', () => {
    fc.assert(
      fc.property(fc.nat(QUOTA.length), fc.nat(40), fc.string({ maxLength: 8 }), (at, len, insert) => {
        run(QUOTA.slice(0, at) + insert + QUOTA.slice(at + len));
      }),
      { numRuns: 60 },
    );
  });

  it('CMP-02 pathological sizes give diagnostics in bounded time', () => {
    const deep = `${'('.repeat(100_000)}1${')'.repeat(100_000)}`;
    const cases = [
      wrap(`const d = ${deep};`),
      wrap(`const i = ${'a'.repeat(100_000)};`),
      wrap(`const s = ${'!'.repeat(100_000)}true;`),
      wrap(`const t = ${'x ? x : '.repeat(20_000)}x;`),
      wrap(`${'if (x > 0) '.repeat(20_000)}x;`),
      wrap("const u = 'unterminated"),
      `${wrap('')}/* unterminated`,
    ];
    for (const c of cases) {
      // A hang would hit the test timeout; the point here is "diagnostics, not a crash".
      const r = run(c);
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });
});
