/**
 * Code generation as a whole: the same program always compiles to the same bytes (GAS-08), the
 * same call always uses the same gas, every function, lambda and loop body of generated code starts
 * with a meter and every catch/finally with the fatal-failure check (CMP-06), no banned identifier
 * appears in generated code, and randomly generated well-typed programs (nested loops, ifs, try,
 * lambdas, helpers, state) run in isolated-vm without internal errors, giving the same result and
 * gasUsed on every run (CMP-05, light: the reference is a second run, not an interpreter). Also
 * bounds the memory a contract can hold per unit of gas (GAS-04) and pins the response limits.
 * Does NOT repeat the language semantics of test/semantic (one focused contract per feature).
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ivm from 'isolated-vm';
import { describe, expect, it } from 'vitest';
import { type ContractArtifact, encodeArtifact } from '../../compiler/artifact.ts';
import { GENERATED_CODE_END, GENERATED_CODE_MARKER } from '../../compiler/codegen/index.ts';
import { GAS, LIMITS, PRELUDE, RUNTIME_ERRORS } from '../../compiler/codegen/prelude.ts';
import { compile } from '../../compiler/pipeline.ts';
import { TestChain } from '../helpers/run-artifact.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SEMANTIC = join(ROOT, 'test', 'semantic');

function readRepo(p: string): string | undefined {
  try {
    return readFileSync(join(ROOT, p), 'utf8');
  } catch {
    return undefined;
  }
}

/** Compiles one source text (imports resolved against the repository); throws on diagnostics. */
function build(path: string, text: string): ContractArtifact[] {
  const r = compile({ inputs: [{ path, text }], readFile: readRepo });
  if (r.diagnostics.length > 0) {
    throw new Error(`${path} does not compile:\n${r.diagnostics.map((d) => `${d.code} ${d.message} @${d.span.start}`).join('\n')}\n${text}`);
  }
  return [...r.artifacts];
}

function corpus(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else if (e.name.endsWith('.contract.ts') && !e.name.includes('.lib.')) out.push({ path: `${dir}/${e.name}`, text: readFileSync(join(ROOT, dir, e.name), 'utf8') });
    }
  };
  walk('contracts');
  walk('test/semantic');
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// CMP-06: a small scanner over generated code

/** Generated code only: what follows the marker (the prelude is reviewed by hand and unit-tested). */
function generatedPart(code: string): string {
  const i = code.indexOf(GENERATED_CODE_MARKER);
  if (i < 0) throw new Error('no generated-code marker');
  const j = code.indexOf(GENERATED_CODE_END, i);
  return code.slice(i + GENERATED_CODE_MARKER.length, j < 0 ? code.length : j);
}

/** The text with the contents of string literals blanked out (quotes kept), so scans see only code. */
function blankStrings(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch !== '"' && ch !== "'") {
      out += ch;
      continue;
    }
    out += ch;
    for (i++; i < s.length && s[i] !== ch; i++) {
      if (s[i] === '\\') i++;
      out += ' ';
    }
    out += ch;
  }
  return out;
}

/** Index just after the parenthesis that closes the one at `open`. */
function closeParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced parenthesis at ${open}`);
}

export const BANNED_IDENTIFIERS = ['eval', 'Function', 'constructor', '__proto__', 'prototype', 'globalThis', 'import', 'Date', 'Math', 'Reflect', 'Proxy'];

/**
 * Metering violations of generated code (empty = compliant): every function body starts with
 * `__e(`/`__g(`, every lambda and loop body with `__g(`, every catch with `__caught(`/`__rethrow(`
 * (which rethrow a pending fatal failure), every finally with `__gchk()`, every non-empty switch
 * case with `__g(`; and no banned identifier appears outside string literals.
 */
export function meteringViolations(code: string): string[] {
  const s = blankStrings(generatedPart(code));
  const out: string[] = [];
  const at = (i: number): string => JSON.stringify(s.slice(i, i + 60));
  const after = (i: number): string => s.slice(i).replace(/^\s+/, '');
  for (const m of s.matchAll(/\bfunction\s+[\w$]+\s*\(/g)) {
    const body = after(closeParen(s, m.index + m[0].length - 1));
    if (!/^\{\s*__[eg]\(/.test(body)) out.push(`function without a meter: ${at(m.index)}`);
  }
  for (const m of s.matchAll(/=>/g)) {
    if (!/^\{\s*__g\(/.test(after(m.index + 2))) out.push(`lambda without a meter: ${at(m.index)}`);
  }
  for (const m of s.matchAll(/\b(for|while)\s*\(/g)) {
    const rest = after(closeParen(s, m.index + m[0].length - 1));
    if (m[1] === 'while' && rest.startsWith(';')) continue; // the tail of do … while (…);
    if (!/^\{\s*__g\(/.test(rest)) out.push(`${m[1]} body without a meter: ${at(m.index)}`);
  }
  for (const m of s.matchAll(/\bdo\b/g)) {
    if (!/^\{\s*__g\(/.test(after(m.index + 2))) out.push(`do body without a meter: ${at(m.index)}`);
  }
  for (const m of s.matchAll(/\bcatch\s*\(/g)) {
    const rest = after(closeParen(s, m.index + m[0].length - 1));
    if (!/^\{\s*(const [\w$]+ = )?__(caught|rethrow)\(/.test(rest)) out.push(`catch without the fatal check: ${at(m.index)}`);
  }
  for (const m of s.matchAll(/\bfinally\b/g)) {
    if (!/^\{\s*__gchk\(\);\s*__g\(/.test(after(m.index + 7))) out.push(`finally without the fatal check: ${at(m.index)}`);
  }
  for (const m of s.matchAll(/\b(case\b[^:]*|default):/g)) {
    const rest = after(m.index + m[0].length);
    if (!/^(__g\(|case\b|default:|\})/.test(rest)) out.push(`switch case without a meter: ${at(m.index)}`);
  }
  const banned = new Set(BANNED_IDENTIFIERS);
  for (const m of s.matchAll(/[A-Za-z_$][\w$]*/g)) {
    if (banned.has(m[0])) out.push(`banned identifier ${m[0]}: ${at(Math.max(0, m.index - 20))}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A generator of well-typed contracts (seeded, so fast-check can replay a failing seed)

function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

interface Scope {
  /** Int locals that may be read. */
  readonly reads: string[];
  /** Int locals that may be assigned (loop counters are read-only). */
  readonly writes: string[];
}

/**
 * Generates a contract with an `@entry run(n: Int): Int` whose body nests loops, ifs, switch,
 * try/catch/finally, lambdas (expression and block bodies), helper functions and methods, Decimal
 * and Money arithmetic, state fields, a state map and events. Programs terminate (loop bounds are
 * small constants) but may fail: `require`, `revert`, division by zero, out-of-bounds, out of gas.
 */
export function generateProgram(seed: number): string {
  const r = rng(seed);
  let names = 0;
  const fresh = (p: string): string => `${p}${names++}`;
  const pick = <T>(xs: readonly T[]): T => xs[r(xs.length)] as T;

  const intExpr = (sc: Scope, d: number): string => {
    const leaf = (): string => (sc.reads.length > 0 && r(3) > 0 ? pick(sc.reads) : String(r(10)));
    if (d <= 0) return leaf();
    switch (r(12)) {
      case 0: case 1: return leaf();
      case 2: return `(${intExpr(sc, d - 1)} + ${intExpr(sc, d - 1)})`;
      case 3: return `(${intExpr(sc, d - 1)} - ${intExpr(sc, d - 1)})`;
      case 4: return `(${intExpr(sc, d - 1)} * ${leaf()})`;
      case 5: return `div(${intExpr(sc, d - 1)}, ${intExpr(sc, d - 1)}, '${pick(['floor', 'half-even', 'up', 'down'])}')`;
      case 6: return `min(${intExpr(sc, d - 1)}, ${intExpr(sc, d - 1)})`;
      case 7: return `(${cond(sc, d - 1)} ? ${intExpr(sc, d - 1)} : ${intExpr(sc, d - 1)})`;
      case 8: return `xs.length`;
      case 9: return `helper(${intExpr(sc, d - 1)}, ${leaf()})`;
      case 10: return `(${intExpr(sc, d - 1)} % ${1 + r(5)})`;
      default: return `abs(${intExpr(sc, d - 1)})`;
    }
  };
  const cond = (sc: Scope, d: number): string => {
    switch (r(4)) {
      case 0: return `${intExpr(sc, d)} < ${intExpr(sc, d)}`;
      case 1: return `${intExpr(sc, d)} == ${intExpr(sc, d)}`;
      case 2: return `!(${intExpr(sc, d)} >= ${intExpr(sc, d)})`;
      default: return `(${intExpr(sc, d)} > 2 && ${intExpr(sc, d)} != 5)`;
    }
  };
  const block = (sc: Scope, d: number, n: number): string[] => {
    const inner: Scope = { reads: [...sc.reads], writes: [...sc.writes] };
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(...stmt(inner, d));
    return out;
  };
  const indent = (xs: string[]): string[] => xs.map((x) => `  ${x}`);
  const stmt = (sc: Scope, d: number): string[] => {
    const k = r(d > 0 ? 22 : 9);
    switch (k) {
      case 0: case 1: {
        const v = fresh('v');
        const line = `let ${v}: Int = ${intExpr(sc, 2)};`;
        sc.reads.push(v);
        sc.writes.push(v);
        return [line];
      }
      case 2: return sc.writes.length > 0 ? [`${pick(sc.writes)} = ${intExpr(sc, 2)};`] : [];
      case 3: return sc.writes.length > 0 ? [`${pick(sc.writes)} += ${intExpr(sc, 2)};`] : [];
      case 4: return [`xs.push(${intExpr(sc, 2)});`];
      case 5: return [`this.total += ${intExpr(sc, 1)};`];
      case 6: return [`dec = round(dec * ${pick(['1.5', '0.25', '2', '-0.1'])} + ${intExpr(sc, 1)}, 4, '${pick(['half-even', 'floor', 'half-up'])}');`];
      case 7: return [`cash = cash + mulMoney(fromMinor(${intExpr(sc, 1)}, 'USD'), ${pick(['0.5', '1.25', '3'])}, 'half-even');`];
      case 8: return [`this.seen.set(${intExpr(sc, 1)} % 7, ${intExpr(sc, 1)});`];
      case 9: case 10:
        return [`if (${cond(sc, 1)}) {`, ...indent(block(sc, d - 1, 1 + r(3))), '} else {', ...indent(block(sc, d - 1, r(3))), '}'];
      case 11: {
        const i = fresh('i');
        const body: Scope = { reads: [...sc.reads, i], writes: [...sc.writes] };
        return [`for (let ${i} = 0; ${i} < ${r(4)}; ${i}++) {`, ...indent(block(body, d - 1, 1 + r(3))), '}'];
      }
      case 12: {
        const w = fresh('w');
        const body: Scope = { reads: [...sc.reads, w], writes: [...sc.writes] };
        const b = block(body, d - 1, r(3));
        if (r(3) === 0) b.push(`if (${w} == 1) {`, '  continue;', '}');
        return [`let ${w}: Int = 0;`, `while (${w} < ${r(4)}) {`, `  ${w} += 1;`, ...indent(b), '}'];
      }
      case 13: {
        const x = fresh('x');
        const body: Scope = { reads: [...sc.reads, x], writes: [...sc.writes] };
        return [`for (const ${x} of xs.slice(0, 3)) {`, ...indent(block(body, d - 1, 1 + r(2))), ...(r(4) === 0 ? ['  break;'] : []), '}'];
      }
      case 14: {
        const e = fresh('e');
        const tryBody = [...block(sc, d - 1, 1 + r(3)), `if (${cond(sc, 1)}) {`, `  revert('r${r(100)}');`, '}'];
        const out = ['try {', ...indent(tryBody), `} catch (${e}) {`, ...indent(block(sc, d - 1, r(2))), `  log.push(${e}.code);`];
        if (r(2) === 0) out.push('} finally {', ...indent(block(sc, d - 1, 1)));
        out.push('}');
        return out;
      }
      case 15: {
        if (sc.writes.length === 0) return [];
        const x = fresh('x');
        const inner: Scope = { reads: [...sc.reads, x], writes: [] };
        return [`${pick(sc.writes)} = xs.map((${x}) => ${intExpr(inner, 2)}).reduce((a, b) => a + b, 0);`];
      }
      case 16: {
        if (sc.writes.length === 0) return [];
        const x = fresh('x');
        const inner: Scope = { reads: [...sc.reads, x], writes: [] };
        const j = fresh('j');
        const loop: Scope = { reads: [...inner.reads, j], writes: [] };
        const body = [`let ${j}: Int = 0;`, `while (${j} < ${r(3)}) {`, `  ${j} += 1;`, `  if (${cond(loop, 1)}) {`, `    return ${intExpr(loop, 1)};`, '  }', '}', `return ${intExpr(inner, 1)};`];
        return [`${pick(sc.writes)} = xs.filter((${x}): boolean => ${cond(inner, 1)}).map((${x}): Int => {`, ...indent(body), '}).length;'];
      }
      case 17: {
        const x = fresh('x');
        const inner: Scope = { reads: [...sc.reads, x], writes: [] };
        return [`xs = sortBy(xs, (${x}) => ${intExpr(inner, 1)});`];
      }
      case 18: return [`require(${cond(sc, 1)} || ${r(4) > 0 ? 'true' : 'false'}, 'req${r(100)}');`];
      case 19: {
        if (sc.writes.length === 0) return [];
        return [`switch (${intExpr(sc, 1)} % 3) {`, '  case 0:', ...indent(indent(block(sc, d - 1, 1))), '  case 1:', `    ${pick(sc.writes)} += 1;`, '    break;', '  default:', ...indent(indent(block(sc, d - 1, 1))), '}'];
      }
      case 20: return [`emit<Tick>({ n: ${intExpr(sc, 1)} });`];
      default: return sc.writes.length > 0 ? [`${pick(sc.writes)} = this.work(${intExpr(sc, 1)});`] : [];
    }
  };

  const top: Scope = { reads: ['n'], writes: [] };
  const body = block(top, 4, 5 + r(6));
  const result = `return n + xs.length + toInt(dec, 'floor') + minorUnits(cash) + log.length${top.reads.length > 1 ? ` + ${top.reads.slice(1, 4).join(' + ')}` : ''};`;
  const workScope: Scope = { reads: ['k'], writes: [] };
  const work = block(workScope, 2, 2);
  return [
    '// generated',
    'export interface Tick extends Event {',
    '  n: Int;',
    '}',
    '',
    'function helper(a: Int, b: Int): Int {',
    '  if (a > 100) {',
    '    return b;',
    '  }',
    '  return a * 2 - b;',
    '}',
    '',
    '@contract',
    'export class Generated {',
    '  total: Int = 0;',
    '  seen: Map<Int, Int> = new Map();',
    '',
    '  @entry',
    '  run(n: Int): Int {',
    '    let xs: Int[] = [1, 2, 3];',
    '    let dec: Decimal = 0.5;',
    "    let cash: Money<'USD'> = zero('USD');",
    '    const log: string[] = [];',
    ...indent(indent(body)),
    `    ${result}`,
    '  }',
    '',
    '  work(k: Int): Int {',
    '    let xs: Int[] = [k];',
    '    let dec: Decimal = 1;',
    "    let cash: Money<'USD'> = zero('USD');",
    '    const log: string[] = [];',
    ...indent(indent(work.filter((l) => !l.includes('this.work(') && !l.includes('this.seen') && !l.includes('this.total') && !l.includes('emit<')))),
    '    return k + xs.length;',
    '  }',
    '',
    '  @view',
    '  state(): Int {',
    '    return this.total + this.seen.size;',
    '  }',
    '}',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

/** gasUsed of: deploy Counter($a1, 5); inc(2); inc(0) (reverts); get(); steps(); reset(). */
const PINNED_COUNTER_GAS = [3104, 2750, 1284, 1469, 1487, 2602];

describe('code generation is deterministic (GAS-08)', () => {
  it('compiles every corpus program to byte-identical artifacts twice', () => {
    for (const { path, text } of corpus()) {
      const a = build(path, text).map(encodeArtifact);
      const b = build(path, text).map(encodeArtifact);
      expect(b, path).toEqual(a);
    }
  });

  it('the same call uses the same gas and gives the same result on two chains', () => {
    const [artifact] = build('counter.contract.ts', readFileSync(join(SEMANTIC, 'counter.contract.ts'), 'utf8'));
    const runs = [0, 1].map(() => {
      const chain = new TestChain();
      try {
        const { address, result } = chain.deploy(artifact as ContractArtifact, ['a000000000000000000000000000000000000001', '5']);
        expect(result.ok).toBe(true);
        return [result.gasUsed, ...['1', '2', '3'].map((x) => chain.call(address, 'inc', [x])).map((r) => [r.gasUsed, r.value])];
      } finally {
        chain.dispose();
      }
    });
    expect(runs[1]).toEqual(runs[0]);
  });
});

describe('gas schedule 1 is pinned', () => {
  it('a fixed set of calls uses exactly the recorded gas (a change here is a new gas schedule version)', () => {
    const [artifact] = build('counter.contract.ts', readFileSync(join(SEMANTIC, 'counter.contract.ts'), 'utf8'));
    const chain = new TestChain();
    try {
      const { address, result } = chain.deploy(artifact as ContractArtifact, ['a000000000000000000000000000000000000001', '5']);
      const used = [result.gasUsed, ...[['inc', ['2']], ['inc', ['0']], ['get', []], ['steps', []], ['reset', []]].map(([name, args]) => {
        const kind = (artifact as ContractArtifact).abi.entries.find((e) => e.name === name)?.kind;
        return (kind === 'view' ? chain.view(address, name as string, args as string[]) : chain.call(address, name as string, args as string[])).gasUsed;
      })];
      expect(used).toEqual(PINNED_COUNTER_GAS);
    } finally {
      chain.dispose();
    }
  });
});

describe('generated code is metered and clean (CMP-06)', () => {
  it('the scanner finds a missing meter and a banned identifier', () => {
    const base = `${GENERATED_CODE_MARKER}\n`;
    expect(meteringViolations(`${base}function f$($d) {\n  __e($d, 1);\n  while (x) {\n  __g(2);\n  }\n}`)).toEqual([]);
    expect(meteringViolations(`${base}function f$($d) {\n  return 1;\n}`)).toHaveLength(1);
    expect(meteringViolations(`${base}function f$($d) {\n  __e($d, 1);\n  for (;;) {\n  x();\n  }\n}`)).toHaveLength(1);
    expect(meteringViolations(`${base}const f = (x$) => {\n  return x$;\n};`)).toHaveLength(1);
    expect(meteringViolations(`${base}try {\n __g(1);\n} catch ($e0) {\n  __g(1);\n}`)).toHaveLength(1);
    expect(meteringViolations(`${base}try {\n __g(1);\n} finally {\n  __g(1);\n}`)).toHaveLength(1);
    expect(meteringViolations(`${base}const x = Math;`)).toHaveLength(1);
    expect(meteringViolations(`${base}const x = "Math"; const y = Math$;`)).toEqual([]);
  });

  it('every contract of the corpus is compliant', () => {
    for (const { path, text } of corpus()) {
      for (const a of build(path, text)) expect(meteringViolations(a.code), `${path} ${a.contract}`).toEqual([]);
    }
  });

  it('field names that are JavaScript globals or internals are quoted, never identifiers', () => {
    const text = `interface R { Date: Int; Math: string; Reflect: Int; eval: Int; Proxy: Int; Function: Int }
@contract
export class Fields {
  r: R = { Date: 1, Math: 'm', Reflect: 2, eval: 3, Proxy: 4, Function: 5 };
  @view get(): Int { const r = this.r; const { Reflect: x } = r; return r.Date + x + r.eval + r.Proxy + r.Function; }
}`;
    const [a] = build('fields.contract.ts', text);
    expect(meteringViolations((a as ContractArtifact).code)).toEqual([]);
    const chain = new TestChain();
    try {
      const { address } = chain.deploy(a as ContractArtifact);
      expect(chain.view(address, 'get').value).toBe('15');
    } finally {
      chain.dispose();
    }
  });
});

describe('generated programs (fast-check)', () => {
  it('compile, are metered, and run twice with the same result and gas (CMP-05, CMP-06)', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: -3, max: 12 }), (seed, n) => {
        const text = generateProgram(seed);
        let a: ContractArtifact | undefined;
        try {
          [a] = build(`gen${seed}.contract.ts`, text);
        } catch (e) {
          throw new Error(`seed ${seed}: ${String(e)}`);
        }
        const artifact = a as ContractArtifact;
        expect(meteringViolations(artifact.code)).toEqual([]);
        // Byte-identical on recompilation.
        expect(encodeArtifact((build(`gen${seed}.contract.ts`, text)[0]) as ContractArtifact)).toBe(encodeArtifact(artifact));
        const outcome = (): unknown[] => {
          const chain = new TestChain();
          try {
            const { address, result } = chain.deploy(artifact);
            expect(result.ok).toBe(true);
            const r1 = chain.call(address, 'run', [String(n)], { gasLimit: 2_000_000 });
            const r2 = chain.call(address, 'run', [String(n + 1)], { gasLimit: 2_000_000 });
            const s = chain.view(address, 'state');
            return [r1, r2, s].map((r) => [r.ok, r.value, r.error?.code, r.error?.message, r.gasUsed, r.events, r.detail]);
          } finally {
            chain.dispose();
          }
        };
        const first = outcome();
        for (const o of first as unknown[][]) {
          expect(o[2], `${text}\n${JSON.stringify(o)}`).not.toBe('RT_ERR_INTERNAL');
          if (typeof o[2] === 'string') codes.add(o[2]);
          else codes.add('ok');
        }
        expect(outcome()).toEqual(first);
      }),
      { numRuns: 60, seed: 20261125 },
    );
    // The generator reaches both successful and failing runs.
    expect(codes.has('ok')).toBe(true);
    expect(codes.size).toBeGreaterThan(1);
  });
});

describe('resource limits', () => {
  const BOMBS = `interface R { a: Int; b: Int; c: Int; d: Int }
interface Wide { ${Array.from({ length: 100 }, (_, i) => `f${i}?: Int;`).join(' ')} }
@contract
export class Bombs {
  seen: Map<Int, Int> = new Map();
  @entry wide(): void { const xs: Wide[] = []; while (true) { xs.push({}); } }
  @entry wideArgs(xs: Wide[]): Int { return xs.length; }
  @entry newMaps(): void { const xs: Map<Int, Int>[] = []; while (true) { xs.push(new Map()); } }
  @entry snapshots(): Int { for (let i = 0; i < 10000; i++) { if (this.seen.has(i)) { return 0; } } return this.nest(0); }
  nest(d: Int): Int { try { return this.nest(d + 1); } catch (e) { return d; } }
  @entry ints(): void { const xs: Int[] = []; let n: Int = 1; while (true) { n += 1; xs.push(n); } }
  @entry bigs(): void { const xs: Int[] = []; const b: Int = 10 ** 250; while (true) { xs.push(-b); } }
  @entry decimals(): void { const xs: Decimal[] = []; const d: Decimal = 1.5; while (true) { xs.push(d * 1.5); } }
  @entry widened(): void { const xs: Decimal[] = []; const d: Int = 15; while (true) { xs.push(d); } }
  @entry moneys(): void { const xs: Money[] = []; const m = money(1.5, 'USD'); while (true) { xs.push(m + m); } }
  @entry records(): void { const xs: R[] = []; while (true) { xs.push({ a: 1, b: 2, c: 3, d: 4 }); } }
  @entry maps(): void { const m: Map<Int, Int> = new Map(); let i: Int = 0; while (true) { m.set(i, i); i += 1; } }
  @entry keys(): void { const m = new Map<Int, Int>([[1, 1], [2, 2], [3, 3], [4, 4]]); const xs: Int[][] = []; while (true) { xs.push(m.keys()); } }
  @entry doubling(): void { let xs: Int[] = [1]; while (true) { xs = [...xs, ...xs]; } }
  @entry strings(): void { const xs: string[] = []; let i: Int = 0; while (true) { xs.push(str(i) + 'abcdefgh'); i += 1; } }
}`;

  it('GAS-04: allocation bombs stop at the gas limit, in an isolate sized by the documented rule, holding at most 8 bytes of heap per unit of gas', () => {
    const [a] = build('bombs.contract.ts', BOMBS);
    const code = (a as ContractArtifact).code;
    const gasLimit = 5_000_000;
    const wideArgs = `[[${Array.from({ length: 30_000 }, () => '{}').join(',')}]]`;
    for (const name of ['ints', 'bigs', 'decimals', 'widened', 'moneys', 'records', 'maps', 'keys', 'doubling', 'strings', 'wide', 'newMaps', 'snapshots', 'wideArgs']) {
      // The documented sizing rule: 32 MiB + 8 bytes per unit of gas (docs/artifact.md, "Memory bound").
      const isolate = new ivm.Isolate({ memoryLimit: Math.ceil(32 + (8 * gasLimit) / 2 ** 20) });
      try {
        const context = isolate.createContextSync();
        context.global.setSync('__host_load', new ivm.Callback(() => undefined));
        context.global.setSync('__host_keys', new ivm.Callback(() => '[]'));
        isolate.compileScriptSync(code).runSync(context);
        const invoke = context.global.getSync('__covenant_invoke', { reference: true }) as ivm.Reference<(r: string) => string>;
        const before = isolate.getHeapStatisticsSync().used_heap_size;
        const ctx = JSON.stringify({ caller: 'a'.repeat(40), origin: 'a'.repeat(40), self: 'c'.repeat(40), time: '0', height: '1' });
        const request = `{"kind":"entry","name":"${name}","args":${name === 'wideArgs' ? wideArgs : '[]'},"ctx":${ctx},"gasLimit":${gasLimit}}`;
        const response = JSON.parse(invoke.applySync(undefined, [request])) as { ok: boolean; error: { code: string }; gasUsed: number };
        const grown = isolate.getHeapStatisticsSync().used_heap_size - before;
        expect(response.error.code, name).toBe('RT_ERR_OUT_OF_GAS');
        expect(response.gasUsed).toBe(gasLimit);
        expect(grown / gasLimit, name).toBeLessThan(8);
      } finally {
        isolate.dispose();
      }
    }
  });

  it('contracts beyond the limits of the artifact format are reported, not emitted (E5001, E5002, E5003)', () => {
    const expectations: [string, string][] = [['number-range', 'E5001'], ['code-size', 'E5002'], ['artifact-limits', 'E5003']];
    for (const [name, code] of expectations) {
      const path = `test/cases/codegen/${name}.contract.ts`;
      const r = compile({ inputs: [{ path, text: readRepo(path) as string }], readFile: readRepo });
      expect(r.diagnostics.map((d) => d.code), name).toContain(code);
      expect(r.diagnostics.every((d) => d.code === code), name).toBe(true);
      expect(r.artifacts, name).toEqual([]);
    }
  });

  it('failure messages are cut to the response limit', () => {
    const [a] = build('long.contract.ts', `@contract
export class Long {
  @entry fail(n: Int): void { let s = 'x'; for (let i = 0; i < n; i++) { s = s + s; } revert(s); }
}`);
    const chain = new TestChain();
    try {
      const { address } = chain.deploy(a as ContractArtifact);
      const r = chain.call(address, 'fail', ['14']);
      expect(r.error?.code).toBe('RT_ERR_REVERT');
      expect(r.error?.message).toBe('x'.repeat(LIMITS.MAX_MESSAGE_CHARS));
    } finally {
      chain.dispose();
    }
  });

  it('docs/artifact.md states every gas cost and every run-time error code', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'artifact.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| `'));
    for (const [name, value] of Object.entries(GAS)) {
      const row = rows.find((l) => l.startsWith(`| \`${name}\``) || l.includes(`+ \`${name}\``));
      expect(row, name).toBeDefined();
      expect(row?.split('|')[2] ?? '', name).toContain(String(value));
    }
    for (const [code, { fatal }] of Object.entries(RUNTIME_ERRORS)) {
      const row = rows.find((l) => l.startsWith(`| \`${code}\``));
      expect(row, code).toBeDefined();
      expect((row?.split('|')[2] ?? '').trim(), code).toBe(fatal ? 'yes' : '');
    }
  });

  it('the run-time error catalogue marks exactly the uncatchable codes fatal', () => {
    const fatal = Object.entries(RUNTIME_ERRORS).filter(([, v]) => v.fatal).map(([k]) => k).sort();
    expect(fatal).toEqual(['RT_ERR_CALL_DEPTH', 'RT_ERR_INTERNAL', 'RT_ERR_INVALID_REQUEST', 'RT_ERR_LIMIT_EXCEEDED', 'RT_ERR_OUT_OF_GAS', 'RT_ERR_REENTRANCY', 'RT_ERR_UNKNOWN_ENTRY', 'RT_ERR_VIEW_WRITE']);
    expect(PRELUDE.length).toBeLessThan(100_000);
  });
});
