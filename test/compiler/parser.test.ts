/**
 * parseFile(): each construct of the language (and each forbidden one) builds the expected AST
 * node with the expected span; syntax errors give precise E1xxx diagnostics and recovery keeps
 * the rest of the file; a realistic contract parses cleanly.
 */
import { readFileSync } from 'node:fs';
import { generateCstDts } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import type * as A from '../../compiler/ast/nodes.ts';
import { getParser } from '../../compiler/parser/parser.ts';
import { walk } from '../../compiler/ast/walk.ts';
import { DiagnosticBag, type Diagnostic } from '../../compiler/diagnostics.ts';
import { parseFile } from '../../compiler/parse-file.ts';
import { createSourceFile, type Span } from '../../compiler/source.ts';

function parse(text: string): { unit: A.SourceUnit; diags: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const unit = parseFile(createSourceFile(3, 'p.contract.ts', text), bag);
  return { unit, diags: bag.sorted() };
}

function show(d: Diagnostic): string {
  return `${d.code} ${d.message} @${d.span.start}-${d.span.end}`;
}

function ok(text: string): A.SourceUnit {
  const { unit, diags } = parse(text);
  expect(diags.map(show)).toEqual([]);
  return unit;
}

function errors(text: string): string[] {
  return parse(text).diags.map(show);
}

function codes(text: string): string[] {
  return parse(text).diags.map((d) => d.code);
}

/** Deep copy without spans, for shape comparisons. */
function strip<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'span' ? undefined : v))) as T;
}

const PREFIX = 'const x = ';

/** The initialiser of `const x = <src>;`. */
function expr(src: string): A.Expr {
  const item = ok(`${PREFIX}${src};`).items[0] as A.ConstDecl;
  return item.declaration.declarations[0]!.init!;
}

/** Source text under a span of an expression parsed by {@link expr}. */
function textAt(src: string, span: Span): string {
  return `${PREFIX}${src};`.slice(span.start, span.end);
}

const FN_PREFIX = 'function f() {\n';

function stmts(src: string): A.Stmt[] {
  return (ok(`${FN_PREFIX}${src}\n}`).items[0] as A.FunctionDecl).body.statements as A.Stmt[];
}

function stmt(src: string): A.Stmt {
  return stmts(src)[0]!;
}

function stmtText(src: string, span: Span): string {
  return `${FN_PREFIX}${src}\n}`.slice(span.start, span.end);
}

const name = (n: string) => ({ kind: 'Name', name: n });
const id = (n: string) => ({ kind: 'Identifier', name: n });
const num = (raw: string) => ({ kind: 'NumberLit', raw });

describe('parseFile() literals and names', () => {
  it('builds number literals with their digits', () => {
    expect(strip(expr('1_000.50'))).toEqual({ kind: 'NumberLit', raw: '1_000.50', intDigits: '1000', fracDigits: '50', bigint: false });
    expect(strip(expr('7n'))).toEqual({ kind: 'NumberLit', raw: '7n', intDigits: '7', bigint: true });
  });

  it('builds strings, booleans, undefined, names and this', () => {
    expect(strip(expr("'a\\'b'"))).toEqual({ kind: 'StringLit', value: "a'b" });
    expect(strip(expr('[true, false, undefined, y, this]'))).toEqual({
      kind: 'ArrayLit',
      elements: [{ kind: 'BoolLit', value: true }, { kind: 'BoolLit', value: false }, { kind: 'UndefinedLit' }, name('y'), { kind: 'ThisExpr' }],
    });
  });

  it('gives each node the half-open span of its source text', () => {
    const src = 'f(a.b, [1, 2], { k: v })';
    const e = expr(src) as A.CallExpr;
    expect(textAt(src, e.span)).toBe(src);
    expect(e.args.map((a) => textAt(src, a.span))).toEqual(['a.b', '[1, 2]', '{ k: v }']);
    expect(e.span.file).toBe(3);
  });

  it('drops parentheses; the inner node keeps its own span, the outer one covers them', () => {
    const src = '(a + b) * c';
    const e = expr(src) as A.BinaryExpr;
    expect(strip(e)).toEqual({ kind: 'BinaryExpr', op: '*', left: { kind: 'BinaryExpr', op: '+', left: name('a'), right: name('b') }, right: name('c') });
    expect(textAt(src, e.left.span)).toBe('a + b');
    expect(textAt(src, e.span)).toBe(src);
  });
});

describe('parseFile() operators', () => {
  it('applies precedence and associativity', () => {
    expect(strip(expr('a + b * c - d'))).toMatchObject({
      op: '-', left: { op: '+', left: name('a'), right: { op: '*', left: name('b'), right: name('c') } }, right: name('d'),
    });
    expect(strip(expr('a ** b ** c'))).toMatchObject({ op: '**', left: name('a'), right: { op: '**', left: name('b'), right: name('c') } });
    expect(strip(expr('a || b && c == d < e'))).toMatchObject({
      op: '||', left: name('a'), right: { op: '&&', right: { op: '==', right: { op: '<', left: name('d'), right: name('e') } } },
    });
    expect(strip(expr('a ?? b'))).toMatchObject({ kind: 'BinaryExpr', op: '??' });
  });

  it('builds >, >=, >> and >>> from single ">" tokens', () => {
    expect(strip(expr('a > b'))).toMatchObject({ op: '>' });
    expect(strip(expr('a >= b'))).toMatchObject({ op: '>=' });
    expect(strip(expr('a >> b'))).toMatchObject({ op: '>>' });
    expect(strip(expr('a >>> b'))).toMatchObject({ op: '>>>' });
    expect(strip(expr('a & b | c ^ d << e'))).toMatchObject({ op: '|', left: { op: '&' }, right: { op: '^', right: { op: '<<' } } });
    expect(strip(expr('k in o'))).toMatchObject({ op: 'in' });
    expect(strip(expr('o instanceof C'))).toMatchObject({ op: 'instanceof' });
  });

  it('builds unary, update, assignment and conditional expressions', () => {
    expect(strip(expr('!-~+a'))).toEqual({ kind: 'UnaryExpr', op: '!', operand: { kind: 'UnaryExpr', op: '-', operand: { kind: 'UnaryExpr', op: '~', operand: { kind: 'UnaryExpr', op: '+', operand: name('a') } } } });
    expect(strip(stmt('i++;'))).toMatchObject({ kind: 'ExprStmt', expression: { kind: 'UpdateExpr', op: '++', prefix: false, operand: name('i') } });
    expect(strip(stmt('--i;'))).toMatchObject({ expression: { kind: 'UpdateExpr', op: '--', prefix: true } });
    expect(strip(stmt('a = b += c;'))).toMatchObject({ expression: { kind: 'AssignExpr', op: '=', target: name('a'), value: { kind: 'AssignExpr', op: '+=' } } });
    for (const op of ['-=', '*=', '/=', '%=', '**=', '&&=', '||=', '??=']) expect(strip(stmt(`a ${op} 1;`))).toMatchObject({ expression: { op } });
    expect(strip(expr('a ? b : c ? d : e'))).toMatchObject({
      kind: 'ConditionalExpr', test: name('a'), consequent: name('b'), alternate: { kind: 'ConditionalExpr', test: name('c') },
    });
  });

  it('builds x as T, x!, and a?.b / a?.[i] / a?.(x)', () => {
    expect(strip(expr('x as Money<"USD">'))).toEqual({ kind: 'AsExpr', expression: name('x'), type: { kind: 'TypeRef', name: id('Money'), typeArgs: [{ kind: 'LiteralType', value: 'USD' }] } });
    expect(strip(expr('a + b as T'))).toMatchObject({ kind: 'AsExpr', expression: { kind: 'BinaryExpr', op: '+' } });
    expect(strip(expr('x as const'))).toMatchObject({ kind: 'AsExpr', type: { kind: 'BannedType', construct: 'const-assertion' } });
    expect(strip(expr('m.get(k)!.v'))).toMatchObject({ kind: 'MemberExpr', object: { kind: 'NonNullExpr', expression: { kind: 'CallExpr' } }, property: id('v') });
    expect(strip(expr('a?.b.c'))).toEqual({
      kind: 'MemberExpr', optional: false, property: id('c'), object: { kind: 'MemberExpr', optional: true, object: name('a'), property: id('b') },
    });
    expect(strip(expr('a?.[i]'))).toMatchObject({ kind: 'IndexExpr', optional: true, index: name('i') });
    expect(strip(expr('f?.(x)'))).toMatchObject({ kind: 'CallExpr', optional: true, args: [name('x')] });
  });

  it('reads f<T>(x) as a generic call and a < b as a comparison', () => {
    expect(strip(expr('emit<ClaimSettled>({ id })'))).toMatchObject({
      kind: 'CallExpr', callee: name('emit'), typeArgs: [{ kind: 'TypeRef', name: id('ClaimSettled') }],
      args: [{ kind: 'ObjectLit', properties: [{ kind: 'PropertyAssignment', shorthand: true }] }],
    });
    expect(strip(expr('f<Map<string, Int[]>>(x)'))).toMatchObject({
      typeArgs: [{ kind: 'TypeRef', name: id('Map'), typeArgs: [{ kind: 'KeywordType', name: 'string' }, { kind: 'ArrayType', element: { kind: 'TypeRef', name: id('Int') } }] }],
    });
    expect(strip(expr('a < b'))).toMatchObject({ kind: 'BinaryExpr', op: '<' });
    expect(strip(expr('a < b && c > d'))).toMatchObject({ op: '&&', left: { op: '<' }, right: { op: '>' } });
    expect(strip(expr('a < b > c'))).toMatchObject({ op: '>', left: { op: '<' }, right: name('c') });
  });

  it('builds new with type arguments and member callees', () => {
    expect(strip(expr('new Map<string, Claim>()'))).toEqual({
      kind: 'NewExpr', callee: name('Map'), args: [],
      typeArgs: [{ kind: 'KeywordType', name: 'string' }, { kind: 'TypeRef', name: id('Claim'), typeArgs: [] }],
    });
    expect(strip(expr('new Map([["a", 1]])'))).toMatchObject({ kind: 'NewExpr', args: [{ kind: 'ArrayLit', elements: [{ kind: 'ArrayLit' }] }] });
    expect(strip(expr('new a.B(1).c'))).toMatchObject({ kind: 'MemberExpr', object: { kind: 'NewExpr', callee: { kind: 'MemberExpr', object: name('a'), property: id('B') }, args: [num('1')] } });
  });

  it('builds arrow functions in every form', () => {
    expect(strip(expr('x => x.amount'))).toEqual({
      kind: 'ArrowFunction', async: false,
      params: [{ kind: 'Param', name: id('x'), optional: false, modifiers: [], rest: false }],
      body: { kind: 'MemberExpr', object: name('x'), property: id('amount'), optional: false },
    });
    expect(strip(expr('(a: Int, b) => a'))).toMatchObject({ params: [{ name: id('a'), type: { kind: 'TypeRef', name: id('Int') } }, { name: id('b') }], body: name('a') });
    expect(strip(expr('(a): Int => { return a; }'))).toMatchObject({ returnType: { kind: 'TypeRef' }, body: { kind: 'Block', statements: [{ kind: 'ReturnStmt' }] } });
    expect(strip(expr('() => ({ a: 1 })'))).toMatchObject({ params: [], body: { kind: 'ObjectLit' } });
    expect(strip(expr('async x => 1'))).toMatchObject({ kind: 'ArrowFunction', async: true });
    expect(strip(expr('async (x) => 1'))).toMatchObject({ kind: 'ArrowFunction', async: true });
    expect(strip(expr('xs.filter(x => x.amount > zero("USD"))'))).toMatchObject({
      kind: 'CallExpr', args: [{ kind: 'ArrowFunction', body: { kind: 'BinaryExpr', op: '>', right: { kind: 'CallExpr', callee: name('zero') } } }],
    });
    // A parenthesised expression followed by ":" in a conditional is not an arrow.
    expect(strip(expr('c ? (a) : b'))).toMatchObject({ kind: 'ConditionalExpr', consequent: name('a'), alternate: name('b') });
  });

  it('desugars shorthand properties and keeps spreads', () => {
    const src = '{ a, "b-c": 2, ...rest, d: a }';
    const e = expr(src) as A.ObjectLit;
    expect(strip(e)).toEqual({
      kind: 'ObjectLit',
      properties: [
        { kind: 'PropertyAssignment', key: id('a'), value: name('a'), shorthand: true },
        { kind: 'PropertyAssignment', key: { kind: 'StringLit', value: 'b-c' }, value: num('1') && { kind: 'NumberLit', raw: '2', intDigits: '2', bigint: false }, shorthand: false },
        { kind: 'SpreadElement', argument: name('rest') },
        { kind: 'PropertyAssignment', key: id('d'), value: name('a'), shorthand: false },
      ],
    });
    const short = e.properties[0] as A.PropertyAssignment;
    expect(textAt(src, short.value.span)).toBe('a');
    expect(strip(expr('f(...xs, y)'))).toMatchObject({ args: [{ kind: 'SpreadElement', argument: name('xs') }, name('y')] });
    expect(strip(expr('[...xs, 1]'))).toMatchObject({ elements: [{ kind: 'SpreadElement' }, num('1')] });
  });
});

describe('parseFile() forbidden expressions become BannedExpr', () => {
  it.each([
    ['/a+/g', 'regex', 0],
    ['`t`', 'template', 0],
    ['`a${b}c${d}`', 'template', 2],
    ['tag`x${1}`', 'tagged-template', 2],
    ['typeof x', 'typeof', 1],
    ['delete o.x', 'delete', 1],
    ['void 0', 'void', 1],
    ['await p', 'await', 1],
    ['function () { return 1; }', 'function-expression', 0],
    ['function named() {}', 'function-expression', 0],
    ['class {}', 'class-expression', 0],
    ["import('x')", 'dynamic-import', 1],
    ['null', 'null', 0],
    ['import.meta', 'import-meta', 0],
    ['(a, b, c)', 'comma', 3],
  ])('%s → %s', (src, construct, operands) => {
    const e = expr(src) as A.BannedExpr;
    expect(e.kind).toBe('BannedExpr');
    expect(e.construct).toBe(construct);
    expect(e.operands).toHaveLength(operands);
  });

  it('builds super, new.target and yield inside class and function bodies', () => {
    const unit = ok('class A extends B { m() { super.m(); const t = new.target; } }\nfunction* g() { yield 1; yield; }');
    const constructs: string[] = [];
    walk(unit, (n) => {
      if (n.kind === 'BannedExpr') constructs.push(`${n.construct}/${n.operands.length}`);
    });
    expect(constructs).toEqual(['super/0', 'new-target/0', 'yield/1', 'yield/0']);
  });
});

describe('parseFile() statements', () => {
  it('builds variable declarations with patterns', () => {
    expect(strip(stmt('const [k, v] = pair;'))).toEqual({
      kind: 'VarDecl', declKind: 'const',
      declarations: [{ kind: 'VarDeclarator', binding: { kind: 'ArrayPattern', elements: [id('k'), id('v')] }, init: name('pair') }],
    });
    expect(strip(stmt('let { a, b: c } = r, d: Int = 1;'))).toMatchObject({
      declKind: 'let',
      declarations: [
        { binding: { kind: 'ObjectPattern', properties: [{ key: id('a'), local: id('a') }, { key: id('b'), local: id('c') }] } },
        { binding: id('d'), type: { kind: 'TypeRef', name: id('Int') }, init: num('1') },
      ],
    });
    expect(strip(stmt('var v = 1;'))).toMatchObject({ kind: 'VarDecl', declKind: 'var' });
  });

  it('builds if/else, loops and jumps', () => {
    expect(strip(stmt('if (a) b(); else if (c) {} else ;'))).toMatchObject({
      kind: 'IfStmt', test: name('a'), consequent: { kind: 'ExprStmt' }, alternate: { kind: 'IfStmt', consequent: { kind: 'Block' }, alternate: { kind: 'EmptyStmt' } },
    });
    expect(strip(stmt('for (const [k, v] of this.claims) { continue; }'))).toMatchObject({
      kind: 'ForOfStmt', declKind: 'const', binding: { kind: 'ArrayPattern' }, iterable: { kind: 'MemberExpr' }, body: { statements: [{ kind: 'ContinueStmt' }] },
    });
    expect(strip(stmt('for (let i = 0, j = 1; i < n; i++) break;'))).toMatchObject({
      kind: 'ForStmt', init: { kind: 'VarDecl', declKind: 'let', declarations: [{ binding: id('i'), init: num('0') }, { binding: id('j') }] },
      test: { op: '<' }, update: { kind: 'UpdateExpr' }, body: { kind: 'BreakStmt' },
    });
    expect(strip(stmt('for (;;) {}'))).toMatchObject({ kind: 'ForStmt' });
    expect((stmt('for (;;) {}') as A.ForStmt).init).toBeUndefined();
    expect(strip(stmt('for (i = 0; ; ) {}'))).toMatchObject({ kind: 'ForStmt', init: { kind: 'AssignExpr' } });
    expect(strip(stmt('while (x) x--;'))).toMatchObject({ kind: 'WhileStmt', test: name('x'), body: { kind: 'ExprStmt' } });
    expect(strip(stmt('do { } while (x)'))).toMatchObject({ kind: 'DoWhileStmt', body: { kind: 'Block' }, test: name('x') });
    expect(strip(stmts('return;\nreturn a + 1;'))).toMatchObject([{ kind: 'ReturnStmt' }, { kind: 'ReturnStmt', value: { op: '+' } }]);
  });

  it('spans a for statement and its declaration', () => {
    const src = 'for (let i = 0; i < n; i++) {}';
    const s = stmt(src) as A.ForStmt;
    expect(stmtText(src, s.span)).toBe(src);
    expect(stmtText(src, s.init!.span)).toBe('let i = 0');
  });

  it('builds switch and try/catch/finally', () => {
    expect(strip(stmt('switch (s) { case A.B: x(); break; case "c": default: y(); }'))).toMatchObject({
      kind: 'SwitchStmt', discriminant: name('s'),
      cases: [
        { kind: 'SwitchCase', test: { kind: 'MemberExpr' }, body: [{ kind: 'ExprStmt' }, { kind: 'BreakStmt' }] },
        { kind: 'SwitchCase', test: { kind: 'StringLit', value: 'c' }, body: [] },
        { kind: 'SwitchCase', body: [{ kind: 'ExprStmt' }] },
      ],
    });
    expect(strip(stmt('try { a(); } catch (e) { b(e); } finally { c(); }'))).toMatchObject({
      kind: 'TryStmt', block: { statements: [{}] }, catchParam: id('e'), catchBody: { statements: [{}] }, finallyBody: { statements: [{}] },
    });
    const bare = stmt('try {} catch {}') as A.TryStmt;
    expect(bare.catchParam).toBeUndefined();
    expect(bare.catchBody?.kind).toBe('Block');
    expect(bare.finallyBody).toBeUndefined();
  });

  it('inserts semicolons at line breaks, before "}" and at the end', () => {
    expect(stmts('a = 1\nb = 2\nreturn\nc').map((s) => s.kind)).toEqual(['ExprStmt', 'ExprStmt', 'ReturnStmt', 'ExprStmt']);
    expect((stmts('return\nc')[0] as A.ReturnStmt).value).toBeUndefined();
    expect(stmts('a\n++b').map((s) => strip(s))).toMatchObject([{ expression: name('a') }, { expression: { kind: 'UpdateExpr', prefix: true } }]);
    expect(ok('const a = 1\nconst b = 2').items).toHaveLength(2);
    expect(codes('const a = 1 const b = 2')).toEqual(['E1012']);
  });

  it.each([
    ['with (o) {}', 'with', 1, 1],
    ['outer: for (const x of xs) { break outer; }', 'label', 0, 1],
    ['debugger;', 'debugger', 0, 0],
    ['throw new Failure("x");', 'throw', 1, 0],
    ['for (const k in o) {}', 'for-in', 1, 1],
    ['for (k in o) {}', 'for-in', 1, 1],
    ['function g() { return 1; }', 'function-in-block', 0, 1],
    ['class C {}', 'class-in-block', 0, 0],
    ["import { a } from 'm';", 'import-in-block', 0, 0],
  ])('%s → BannedStmt %s', (src, construct, expressions, statements) => {
    const s = stmt(src) as A.BannedStmt;
    expect(s.kind).toBe('BannedStmt');
    expect(s.construct).toBe(construct);
    expect(s.expressions).toHaveLength(expressions);
    expect(s.statements).toHaveLength(statements);
    expect(stmtText(src, s.span)).toBe(src);
  });

  it('keeps the label of break and continue', () => {
    const loop = (stmt('l: while (x) { break l; continue l; }') as A.BannedStmt).statements[0] as A.WhileStmt;
    expect(strip((loop.body as A.Block).statements)).toEqual([{ kind: 'BreakStmt', label: id('l') }, { kind: 'ContinueStmt', label: id('l') }]);
  });
});

describe('parseFile() declarations', () => {
  it('builds imports, including the forms kept for their diagnostic', () => {
    const unit = ok("import { a, b as c } from './x';\nimport type { T } from '@covenant/std';\nimport d from 'm';\nimport * as ns from 'm';\nimport 'm';");
    expect(strip(unit.items)).toEqual([
      { kind: 'ImportDecl', specifiers: [{ kind: 'ImportSpecifier', imported: id('a'), local: id('a') }, { kind: 'ImportSpecifier', imported: id('b'), local: id('c') }], module: { kind: 'StringLit', value: './x' } },
      { kind: 'ImportDecl', specifiers: [{ kind: 'ImportSpecifier', imported: id('T'), local: id('T') }], module: { kind: 'StringLit', value: '@covenant/std' } },
      { kind: 'ImportDecl', specifiers: [], module: { kind: 'StringLit', value: 'm' }, unsupportedForm: 'default' },
      { kind: 'ImportDecl', specifiers: [], module: { kind: 'StringLit', value: 'm' }, unsupportedForm: 'namespace' },
      { kind: 'ImportDecl', specifiers: [], module: { kind: 'StringLit', value: 'm' }, unsupportedForm: 'side-effect' },
    ]);
    const spec = (unit.items[0] as A.ImportDecl).specifiers[0]!;
    expect(spec.local).toBe(spec.imported);
  });

  it('builds interfaces with property and method signatures', () => {
    const unit = ok('export interface E extends Event, Other { readonly id: string; note?: string, pay(to: Address): void }');
    expect(strip(unit.items[0])).toEqual({
      kind: 'InterfaceDecl', name: id('E'), exported: true, typeParams: [],
      extendsTypes: [{ kind: 'TypeRef', name: id('Event'), typeArgs: [] }, { kind: 'TypeRef', name: id('Other'), typeArgs: [] }],
      members: [
        { kind: 'PropertySignature', name: id('id'), optional: false, readonly: true, type: { kind: 'KeywordType', name: 'string' } },
        { kind: 'PropertySignature', name: id('note'), optional: true, readonly: false, type: { kind: 'KeywordType', name: 'string' } },
        { kind: 'MethodSignature', name: id('pay'), params: [{ kind: 'Param', name: id('to'), optional: false, type: { kind: 'TypeRef', name: id('Address'), typeArgs: [] }, modifiers: [], rest: false }], returnType: { kind: 'KeywordType', name: 'void' } },
      ],
    });
  });

  it('builds type aliases, enums and functions', () => {
    const unit = ok("type Peril = | 'wind' | 'flood';\nexport const enum S { Open, Closed = 'c', }\nenum P { A }\nexport async function* g<T>(a?: Int, ...r: Int[]): Int {}");
    expect(strip(unit.items[0])).toEqual({ kind: 'TypeAliasDecl', name: id('Peril'), exported: false, typeParams: [], type: { kind: 'UnionType', types: [{ kind: 'LiteralType', value: 'wind' }, { kind: 'LiteralType', value: 'flood' }] } });
    expect(strip(unit.items[1])).toMatchObject({ kind: 'EnumDecl', exported: true, isConst: true, members: [{ name: id('Open') }, { name: id('Closed'), init: { kind: 'StringLit' } }] });
    expect(strip(unit.items[2])).toMatchObject({ kind: 'EnumDecl', isConst: false });
    expect(strip(unit.items[3])).toMatchObject({
      kind: 'FunctionDecl', exported: true, modifiers: ['async', 'generator'], typeParams: [id('T')],
      params: [{ name: id('a'), optional: true }, { name: id('r'), rest: true, type: { kind: 'ArrayType' } }], returnType: { kind: 'TypeRef' },
    });
  });

  it('builds top-level constants; let is reported', () => {
    expect(strip(ok('export const RATE: Decimal = 0.4;').items[0])).toMatchObject({
      kind: 'ConstDecl', exported: true, declaration: { kind: 'VarDecl', declKind: 'const', declarations: [{ binding: id('RATE'), init: { fracDigits: '4' } }] },
    });
    expect(errors('let x = 1;')).toEqual(['E1021 A top-level variable is declared with "const", not "let". @0-3']);
  });

  it('builds classes with decorators, modifiers, fields, constructors and methods', () => {
    const src = `@contract
export abstract class Pool<T> extends Base<Int> implements A, B {
  readonly owner: Address;
  total: Money<'USD'> = money(0, 'USD');
  note?: string;
  ready!: boolean;
  @entry static count = 0;
  constructor(private readonly owner: Address, public limit: Int = 5) { super(); }
  @entry @on('ledger')
  pay(to: Address): void {}
  get size(): Int { return 1; }
  set size(v: Int) {}
  async *stream() {}
  static get: Int;
  constructor;
}`;
    const c = ok(src).items[0] as A.ClassDecl;
    expect(src.slice(c.span.start, c.span.end)).toBe(src);
    expect(strip({ ...c, members: [] })).toEqual({
      kind: 'ClassDecl', name: id('Pool'), exported: true, decorators: [{ kind: 'Decorator', name: id('contract') }],
      modifiers: ['abstract'], typeParams: [id('T')], extendsType: { kind: 'TypeRef', name: id('Base'), typeArgs: [{ kind: 'TypeRef', name: id('Int'), typeArgs: [] }] },
      implementsTypes: [{ kind: 'TypeRef', name: id('A'), typeArgs: [] }, { kind: 'TypeRef', name: id('B'), typeArgs: [] }], members: [],
    });
    expect(c.members.map((m) => `${m.kind}:${m.kind === 'ConstructorDecl' ? 'constructor' : m.name.name}:${m.modifiers.join(',')}`)).toEqual([
      'FieldDecl:owner:readonly', 'FieldDecl:total:', 'FieldDecl:note:', 'FieldDecl:ready:', 'FieldDecl:count:static',
      'ConstructorDecl:constructor:', 'MethodDecl:pay:', 'MethodDecl:size:get', 'MethodDecl:size:set',
      'MethodDecl:stream:async,generator', 'FieldDecl:get:static', 'FieldDecl:constructor:',
    ]);
    const [owner, total, note] = c.members as A.FieldDecl[];
    expect(strip(owner!.type)).toEqual({ kind: 'TypeRef', name: id('Address'), typeArgs: [] });
    expect(strip(total!.init)).toMatchObject({ kind: 'CallExpr', callee: name('money') });
    expect(note!.optional).toBe(true);
    expect(strip((c.members[4] as A.FieldDecl).decorators)).toEqual([{ kind: 'Decorator', name: id('entry') }]);
    const ctor = c.members[5] as A.ConstructorDecl;
    expect(strip(ctor.params)).toMatchObject([{ name: id('owner'), modifiers: ['private', 'readonly'] }, { name: id('limit'), modifiers: ['public'], init: num('5') }]);
    const pay = c.members[6] as A.MethodDecl;
    expect(strip(pay.decorators)).toEqual([{ kind: 'Decorator', name: id('entry') }, { kind: 'Decorator', name: id('on'), args: [{ kind: 'StringLit', value: 'ledger' }] }]);
    expect(strip(pay.returnType)).toEqual({ kind: 'KeywordType', name: 'void' });
  });

  it('accepts decorators after export and on dotted names', () => {
    expect(strip(ok('export @contract class A {}').items[0])).toMatchObject({ kind: 'ClassDecl', exported: true, decorators: [{ name: id('contract') }] });
    expect(strip(ok('@a.b(1) class A {}').items[0])).toMatchObject({ decorators: [{ name: id('a.b'), args: [num('1')] }] });
  });

  it('keeps contextual keywords usable as names', () => {
    const unit = ok('function transfer(from: Address, to: Address, type: string, of: Int, get: Int, async: Int) { const set = from; return type; }');
    expect((unit.items[0] as A.FunctionDecl).params.map((p) => p.name.name)).toEqual(['from', 'to', 'type', 'of', 'get', 'async']);
    expect(strip(expr('a.default + a.new + a.class'))).toMatchObject({ left: { left: { property: id('default') } } });
  });
});

describe('parseFile() types', () => {
  const typeOf = (t: string): A.TypeNode => ((ok(`type X = ${t};`).items[0] as A.TypeAliasDecl).type);

  it('builds keyword types, references, arrays, unions, literals and shapes', () => {
    expect(strip(typeOf('boolean'))).toEqual({ kind: 'KeywordType', name: 'boolean' });
    for (const k of ['string', 'bigint', 'void', 'undefined', 'number', 'any', 'unknown', 'never', 'object', 'symbol', 'null']) {
      expect(typeOf(k)).toMatchObject({ kind: 'KeywordType', name: k });
    }
    expect(strip(typeOf('Map<string, Claim[]>[]'))).toEqual({
      kind: 'ArrayType', element: { kind: 'TypeRef', name: id('Map'), typeArgs: [{ kind: 'KeywordType', name: 'string' }, { kind: 'ArrayType', element: { kind: 'TypeRef', name: id('Claim'), typeArgs: [] } }] },
    });
    expect(strip(typeOf('(A | undefined)[]'))).toEqual({ kind: 'ArrayType', element: { kind: 'UnionType', types: [{ kind: 'TypeRef', name: id('A'), typeArgs: [] }, { kind: 'KeywordType', name: 'undefined' }] } });
    expect(strip(typeOf("{ a: Int; b?: 'x', readonly c: string }"))).toMatchObject({
      kind: 'TypeLiteral', members: [{ name: id('a') }, { name: id('b'), optional: true, type: { kind: 'LiteralType', value: 'x' } }, { name: id('c'), readonly: true }],
    });
    expect(strip(typeOf('E.A'))).toMatchObject({ kind: 'TypeRef', name: id('E.A') });
  });

  it.each([
    ['[A, B]', 'tuple-type'],
    ['(a: A) => B', 'function-type'],
    ['1', 'numeric-literal-type'],
    ['-1', 'numeric-literal-type'],
    ['true', 'boolean-literal-type'],
    ['A & B', 'intersection-type'],
    ['A[K]', 'indexed-access-type'],
    ['typeof x', 'typeof-type'],
    ['this', 'this-type'],
    ['`a`', 'template-literal-type'],
    ['{ m(): void }', 'method-signature-in-type-literal'],
  ])('%s → BannedType %s', (src, construct) => {
    expect(typeOf(src)).toMatchObject({ kind: 'BannedType', construct });
  });

  it('gives types their spans', () => {
    const src = "type X = Map<string, Money<'USD'>>[];";
    const t = (ok(src).items[0] as A.TypeAliasDecl).type as A.ArrayType;
    expect(src.slice(t.span.start, t.span.end)).toBe("Map<string, Money<'USD'>>[]");
    expect(src.slice(t.element.span.start, t.element.span.end)).toBe("Map<string, Money<'USD'>>");
  });
});

describe('parseFile() syntax errors', () => {
  it('reports a missing token with what was expected and found', () => {
    expect(errors('const x = f(1;')).toEqual(['E1012 Expected ")" but found ";". @13-14']);
    expect(errors('interface I { a: Int b: Int }')).toEqual(['E1012 Expected ";" or "," but found "b". @21-22']);
  });

  it('reports an unexpected token with what the context expects', () => {
    expect(errors('const x = ;')).toEqual(['E1013 Unexpected ";"; expected an expression. @10-11']);
    expect(errors('const x: = 1;')).toEqual(['E1013 Unexpected "="; expected a type. @9-10']);
  });

  it('reports the end of the file as "end of file"', () => {
    expect(errors('function f() {')).toEqual(['E1012 Expected "}" but found end of file. @14-14']);
  });

  it('recovers and keeps the declarations around an error', () => {
    const { unit, diags } = parse('const a = 1;\nconst b = ;\nfunction f(): Int { return 1 }\ninterface I { x: Int }');
    expect(diags.map((d) => d.code)).toEqual(['E1013']);
    expect(unit.items.map((i) => i.kind)).toEqual(['ConstDecl', 'ConstDecl', 'FunctionDecl', 'InterfaceDecl']);
  });

  it('recovers inside a class body', () => {
    const { unit, diags } = parse('class C {\n  a: Int = ;\n  m(): void { x( }\n  n(): void {}\n}');
    expect(diags.length).toBeGreaterThan(0);
    expect((unit.items[0] as A.ClassDecl).members.map((m) => (m.kind === 'ConstructorDecl' ? '' : m.name.name))).toContain('n');
  });

  it('reports statements at the top level, but keeps forbidden ones for the rules pass', () => {
    expect(errors('f();')).toEqual(['E1014 A statement is not allowed at the top level; a contract file contains only declarations. @0-4']);
    expect(parse('debugger;').unit.items.map((i) => i.kind)).toEqual(['BannedStmt']);
    expect(codes(';;')).toEqual([]);
  });

  it('reports declarations inside blocks', () => {
    expect(codes('function f() { interface I {} type T = Int; enum E { A } }')).toEqual(['E1015', 'E1015', 'E1015']);
    expect(errors('function f() { type T = Int; }')).toEqual(['E1015 A declaration with "type" is allowed only at the top level of a file. @15-19']);
  });

  it('reports decorators where they are not allowed', () => {
    expect(errors('@x function f() {}')).toEqual(['E1016 A decorator is not allowed on a function. @0-2']);
    expect(codes('class C { @d constructor() {} }')).toEqual(['E1016']);
  });

  it('reports invalid assignment targets and unsupported operators', () => {
    expect(codes('function f() { a + b = c; f() += 1; (a)++; 1++; }')).toEqual(['E1017', 'E1017', 'E1017']);
    expect(errors('function f() { a &= 1; }')).toEqual(['E1018 Operator "&=" is not supported. @17-19']);
    expect(codes('function f() { a >>= 1; a >>>= 1; a <<= 1; }')).toEqual(['E1018', 'E1018', 'E1018']);
  });

  it('reports -x ** 2 and ?? mixed with || or &&', () => {
    expect(errors('const x = -a ** 2;')).toEqual(['E1019 A unary "-" expression cannot be the left operand of "**"; add parentheses. @10-12']);
    expect(codes('const x = (-a) ** 2;')).toEqual([]);
    expect(codes('const x = a ?? b || c;')).toEqual(['E1023']);
    expect(codes('const x = (a ?? b) || c;')).toEqual([]);
  });

  it('reports a for-of loop without a declaration', () => {
    expect(errors('function f() { for (x of xs) {} }')).toEqual(['E1020 A for-of loop declares its variable; write "for (const x of …)". @20-21']);
  });

  it('reports lexical errors through parseFile too', () => {
    expect(codes("const x = 1e3;\nconst y = 'abc")).toEqual(['E1004', 'E1002']);
  });
});

describe('parseFile() on a realistic contract', () => {
  const CONTRACT = `import { allocate } from '@covenant/std/money';

export interface Claim {
  id: string;
  amount: Money<'USD'>;
  paid: boolean;
}

export interface ClaimSettled extends Event {
  claimId: string;
  recovery: Money<'USD'>;
}

export enum Status { Open, Closed }

type Peril = 'wind' | 'flood';

@contract
export class QuotaShare {
  readonly cedent: Address;
  readonly share: Decimal;                 // e.g. 0.4, an exact decimal
  readonly limit: Money<'USD'>;
  claims: Map<string, Claim> = new Map();
  recovered: Money<'USD'> = money(0, 'USD');
  status: Status = Status.Open;

  constructor(cedent: Address, share: Decimal, limit: Money<'USD'>) {
    require(share > 0 && share <= 1, 'share must be in (0, 1]');
    this.cedent = cedent;
    this.share = share;
    this.limit = limit;
  }

  @entry
  recordClaim(id: string, amount: Money<'USD'>): Money<'USD'> {
    require(ctx.caller == this.cedent, 'only the cedent records claims');
    require(!this.claims.has(id), 'duplicate claim');
    const recovery = min(mulMoney(amount, this.share, 'half-even'), this.limit - this.recovered);
    this.claims.set(id, { id, amount, paid: true });
    this.recovered += recovery;
    emit<ClaimSettled>({ claimId: id, recovery });
    return recovery;
  }

  @view
  outstanding(): Money<'USD'> {
    let total = zero('USD');
    for (const [k, v] of this.claims) {
      total = v.paid ? total : total + v.amount;
    }
    const big = this.open().filter(x => x.amount > zero('USD'));
    switch (this.status) {
      case Status.Open:
        return this.claims.get('x')?.amount ?? total;
      default:
        break;
    }
    try {
      contractAt<Ledger>(this.cedent).transfer(ctx.self, this.cedent, total);
    } catch (e) {
      revert(e.message);
    } finally {
      total = total + zero('USD');
    }
    return big.length > 0 ? total : this.limit - this.recovered;
  }

  open(): Claim[] {
    return [...this.claims.values()].filter((c: Claim) => !c.paid);
  }
}
`;

  it('parses without diagnostics into the expected declarations', () => {
    const unit = ok(CONTRACT);
    expect(unit.items.map((i) => i.kind)).toEqual(['ImportDecl', 'InterfaceDecl', 'InterfaceDecl', 'EnumDecl', 'TypeAliasDecl', 'ClassDecl']);
    const c = unit.items[5] as A.ClassDecl;
    expect(c.members.map((m) => m.kind)).toEqual([
      'FieldDecl', 'FieldDecl', 'FieldDecl', 'FieldDecl', 'FieldDecl', 'FieldDecl', 'ConstructorDecl', 'MethodDecl', 'MethodDecl', 'MethodDecl',
    ]);
    expect(unit.span).toEqual({ file: 3, start: 0, end: CONTRACT.length });
  });

  it('gives every node a span inside the file, inside its parent', () => {
    const unit = ok(CONTRACT);
    let count = 0;
    walk(unit, (n, parent) => {
      count++;
      expect(n.span.file).toBe(3);
      expect(n.span.start).toBeLessThanOrEqual(n.span.end);
      if (parent !== undefined) {
        expect(n.span.start).toBeGreaterThanOrEqual(parent.span.start);
        expect(n.span.end).toBeLessThanOrEqual(parent.span.end);
      }
    });
    expect(count).toBeGreaterThan(300);
  });

  it('spans names exactly', () => {
    const unit = ok(CONTRACT);
    walk(unit, (n) => {
      if (n.kind === 'Identifier' && !n.name.includes('.')) expect(CONTRACT.slice(n.span.start, n.span.end)).toBe(n.name);
      if (n.kind === 'Name') expect(CONTRACT.slice(n.span.start, n.span.end)).toBe(n.name);
    });
  });
});

describe('cst.generated.ts', () => {
  it('matches the grammar (run `npm run gen:cst` after changing parser.ts)', () => {
    const generated = readFileSync(new URL('../../compiler/parser/cst.generated.ts', import.meta.url), 'utf8');
    const fresh = generateCstDts(getParser().getGAstProductions(), { includeVisitorInterface: true, visitorInterfaceName: 'CovenantCstVisitor' });
    expect(generated.endsWith(fresh)).toBe(true);
  });
});
