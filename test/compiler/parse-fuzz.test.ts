/**
 * parseFile() on hostile and random input (threat catalogue CMP-01, CMP-02): random strings,
 * random token soup, mutations and truncations of a realistic contract, and explicit pathological
 * inputs (10⁵-deep nesting, 10⁵-long chains, 10⁵-character identifiers, 1 MiB files). It must
 * never throw, always return a SourceUnit, cap its diagnostics, and finish quickly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceUnit } from '../../compiler/ast/nodes.ts';
import { DiagnosticBag, MAX_DIAGNOSTICS } from '../../compiler/diagnostics.ts';
import { parseFile } from '../../compiler/parse-file.ts';
import { createSourceFile } from '../../compiler/source.ts';

/** `FUZZ_RUNS_FACTOR=20 npx vitest run test/compiler/parse-fuzz.test.ts` for a longer search. */
const RUNS_FACTOR = Number(process.env['FUZZ_RUNS_FACTOR'] ?? 1);

/** Wall-clock budget per hostile input; generous for a loaded 2-core CI machine (measured: < 300 ms). */
const BUDGET_MS = 1500;

function run(text: string): { unit: SourceUnit; codes: string[]; ms: number } {
  const bag = new DiagnosticBag();
  const start = performance.now();
  const unit = parseFile(createSourceFile(0, 'fuzz.contract.ts', text), bag);
  const ms = performance.now() - start;
  const diags = bag.sorted();
  expect(unit.kind).toBe('SourceUnit');
  expect(diags.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS);
  for (const d of diags) {
    expect(d.code).toMatch(/^E1\d{3}$/);
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
    expect(d.span.start).toBeLessThanOrEqual(d.span.end);
  }
  return { unit, codes: diags.map((d) => d.code), ms };
}

const CONTRACT = `import { allocate } from '@covenant/std/money';

export interface Claim { id: string; amount: Money<'USD'>; paid: boolean }
export interface ClaimSettled extends Event { claimId: string; recovery: Money<'USD'> }
export enum Status { Open, Closed }

@contract
export class QuotaShare {
  readonly cedent: Address;
  readonly share: Decimal;
  claims: Map<string, Claim> = new Map();
  recovered: Money<'USD'> = money(0, 'USD');

  constructor(cedent: Address, share: Decimal) {
    require(share > 0 && share <= 1, 'share must be in (0, 1]');
    this.cedent = cedent;
    this.share = share;
  }

  @entry
  recordClaim(id: string, amount: Money<'USD'>): Money<'USD'> {
    require(!this.claims.has(id), 'duplicate claim');
    const recovery = min(mulMoney(amount, this.share, 'half-even'), this.recovered);
    this.claims.set(id, { id, amount, paid: true });
    for (const [k, v] of this.claims) { if (v.paid) { continue; } }
    emit<ClaimSettled>({ claimId: id, recovery });
    const open = [...this.claims.values()].filter(x => x.amount > zero('USD'));
    switch (open.length) { case 0: return recovery; default: break; }
    try { revert('x'); } catch (e) { return this.claims.get(id)?.amount ?? recovery; } finally { }
    return open.length > 0 ? recovery : zero('USD');
  }
}
`;

const TOKENS = [
  'const', 'let', 'var', 'function', 'class', 'interface', 'type', 'enum', 'import', 'export', 'from', 'as', 'of', 'in',
  'if', 'else', 'for', 'while', 'do', 'return', 'break', 'continue', 'switch', 'case', 'default', 'try', 'catch',
  'finally', 'throw', 'new', 'this', 'super', 'null', 'true', 'false', 'typeof', 'void', 'delete', 'await', 'yield',
  'async', 'get', 'set', 'static', 'readonly', 'with', 'debugger', '@', 'x', 'y', 'Money', 'Map', '1', '1.5', '7n',
  "'s'", '`t`', '`a${', '}b`', '/re/', '(', ')', '[', ']', '{', '}', '<', '>', '>>', '=>', '=', '==', '!', '?', '?.',
  ':', ';', ',', '.', '...', '+', '-', '*', '/', '%', '**', '&&', '||', '??', '|', '&', '++', '--', '+=', '#', '$',
  '\n', '/*', '*/', '//', '"',
];

describe('parseFile() never throws', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        run(text);
      }),
      { numRuns: 300 * RUNS_FACTOR },
    );
  });

  it('on random ASCII programs-to-be', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcxyz019_ (){}[]<>;:,.=+-*/!?&|\'"`$@#\n'), maxLength: 400 }), (text) => {
        run(text);
      }),
      { numRuns: 300 * RUNS_FACTOR },
    );
  });

  it('on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 250 }), (tokens) => {
        run(tokens.join(' '));
      }),
      { numRuns: 400 * RUNS_FACTOR },
    );
  });

  it('on mutations of a realistic contract', () => {
    expect(run(CONTRACT).codes).toEqual([]);
    const mutation = fc.oneof(
      // Delete a slice.
      fc.tuple(fc.nat(CONTRACT.length), fc.nat(40)).map(([at, n]) => CONTRACT.slice(0, at) + CONTRACT.slice(at + n)),
      // Insert a token.
      fc.tuple(fc.nat(CONTRACT.length), fc.constantFrom(...TOKENS)).map(([at, t]) => `${CONTRACT.slice(0, at)} ${t} ${CONTRACT.slice(at)}`),
      // Duplicate a slice.
      fc.tuple(fc.nat(CONTRACT.length), fc.nat(80)).map(([at, n]) => CONTRACT.slice(0, at + n) + CONTRACT.slice(at)),
      // Swap two characters.
      fc.tuple(fc.nat(CONTRACT.length - 1), fc.nat(CONTRACT.length - 1)).map(([a, b]) => {
        const chars = [...CONTRACT];
        [chars[a], chars[b]] = [chars[b] as string, chars[a] as string];
        return chars.join('');
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 1 }), ([text]) => {
        run(text as string);
      }),
      { numRuns: 400 * RUNS_FACTOR },
    );
  });

  it('on every truncation of a realistic contract', () => {
    for (let at = 0; at <= CONTRACT.length; at += 3) run(CONTRACT.slice(0, at));
  });
});

const N = 100_000;

describe('parseFile() on pathological input finishes quickly with a diagnostic', () => {
  const cases: [string, () => string, string][] = [
    ['10⁵ nested parentheses', () => `const x = ${'('.repeat(N)}a${')'.repeat(N)};`, 'E1008'],
    ['10⁵ unclosed brackets', () => `const x = ${'[{('.repeat(N / 3)}`, 'E1008'],
    ['10⁵ prefix operators', () => `const x = ${'!'.repeat(N)}x;`, 'E1008'],
    ['10⁵ nested conditionals', () => `const x = ${'a?b:'.repeat(N)}c;`, 'E1008'],
    ['10⁵ nested ifs', () => `function f() { ${'if(a) '.repeat(N)}x(); }`, 'E1008'],
    ['10⁵ nested arrows', () => `const x = ${'x => '.repeat(N)}x;`, 'E1008'],
    ['10⁵ nested new', () => `const x = ${'new '.repeat(N)}X;`, 'E1008'],
    ['10⁵ nested typeof', () => `const x = ${'typeof '.repeat(N)}X;`, 'E1008'],
    ['10⁵ chained assignments', () => `function f() { ${'a = '.repeat(N)}1; }`, 'E1008'],
    ['10⁵ nested type arguments', () => `type X = ${'A<'.repeat(N)}B${'>'.repeat(N)};`, 'E1008'],
    ['10⁵-term sum', () => `const x = ${'a+'.repeat(N)}a;`, 'E1022'],
    ['10⁵-long member chain', () => `const x = a${'.b'.repeat(N)};`, 'E1022'],
    ['10⁵-long call chain', () => `const x = f${'()'.repeat(N)};`, 'E1022'],
    ['10⁵ comparisons', () => `const x = ${'a<'.repeat(N)}a;`, 'E1022'],
    ['10⁵-character identifier', () => `const ${'a'.repeat(N)} = 1;`, 'E1005'],
    ['10⁵-character non-ASCII identifier', () => `const ${'é'.repeat(N)} = 1;`, 'E1006'],
    ['unterminated 10⁵-character string', () => `const s = '${'a'.repeat(N)}`, 'E1002'],
    ['unterminated 10⁵-character template', () => `const s = \`${'a'.repeat(N)}`, 'E1009'],
    ['unterminated comment', () => `/*${'*'.repeat(N)}`, 'E1003'],
    ['10⁵ regex starts on one line', () => `const x = ${'=/['.repeat(N / 3)};`, 'E1010'],
    ['source over 1 MiB', () => `const s = '${'x'.repeat(1024 * 1024)}';`, 'E1007'],
    ['10⁵ unexpected characters', () => '#'.repeat(N), 'E1001'],
    ['10⁵ stray closers', () => '}'.repeat(N), 'E1013'],
  ];

  for (const [name, make, code] of cases) {
    it(name, () => {
      const { codes, ms } = run(make());
      expect(codes).toContain(code);
      expect(ms).toBeLessThan(BUDGET_MS);
    });
  }

  it('reports exactly one nesting diagnostic for deep brackets', () => {
    expect(run(`const x = ${'('.repeat(N)}a${')'.repeat(N)};`).codes).toEqual(['E1008']);
    expect(run(`const x = ${'!'.repeat(N)}x;`).codes).toEqual(['E1008']);
  });

  it('accepts nesting up to the limit', () => {
    expect(run(`const x = ${'('.repeat(150)}a${')'.repeat(150)};`).codes).toEqual([]);
    expect(run(`const x = ${'f('.repeat(150)}a${')'.repeat(150)};`).codes).toEqual([]);
    expect(run(`const x = ${'[{a: '.repeat(60)}1${'}]'.repeat(60)};`).codes).toEqual([]);
    expect(run(`function f() { ${'if (a) '.repeat(150)}x(); }`).codes).toEqual([]);
    expect(run(`type X = ${'A<'.repeat(150)}B${'>'.repeat(150)};`).codes).toEqual([]);
  });

  it('handles a 1 MiB file of random tokens within budget', () => {
    const words = ['a', '=', '(', ')', ';', '{', '}', '+', 'if', 'const', '1', "'s'", ',', '.', '[', ']'];
    let text = '';
    let seed = 7;
    while (text.length < 1_000_000) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      text += `${words[seed % words.length]} `;
    }
    const { ms } = run(text);
    expect(ms).toBeLessThan(3 * BUDGET_MS);
  });
});
