/**
 * printUnit(): parse → print → parse gives an equal AST (spans aside; threat catalogue CMP-04),
 * on handwritten samples covering every construct and on random well-formed ASTs from a
 * fast-check arbitrary; printing is idempotent; and forEachChild/walk see every child.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as A from '../../compiler/ast/nodes.ts';
import { printExpr, printType, printUnit } from '../../compiler/ast/print.ts';
import { forEachChild, walk } from '../../compiler/ast/walk.ts';
import { DiagnosticBag } from '../../compiler/diagnostics.ts';
import { parseFile } from '../../compiler/parse-file.ts';
import { createSourceFile, type Span } from '../../compiler/source.ts';

function parse(text: string): { unit: A.SourceUnit; codes: string[] } {
  const bag = new DiagnosticBag();
  const unit = parseFile(createSourceFile(0, 'p.contract.ts', text), bag);
  return { unit, codes: bag.sorted().map((d) => `${d.code} ${d.message}`) };
}

function strip<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'span' || k === 'path' ? undefined : v))) as T;
}

/** Parses, prints, re-parses; asserts the two ASTs are equal and returns the printed text. */
function roundTrip(text: string): string {
  const first = parse(text);
  expect(first.codes).toEqual([]);
  const printed = printUnit(first.unit);
  const second = parse(printed);
  expect(second.codes, printed).toEqual([]);
  expect(strip(second.unit), printed).toEqual(strip(first.unit));
  return printed;
}

const SAMPLES: Record<string, string> = {
  imports: "import { a, b as c } from './x';\nimport type { T } from '@covenant/std';\nimport d from 'm';\nimport e, { f } from 'm';\nimport * as ns from 'm';\nimport 'side';",
  interfaces: "export interface Claim extends Event, Base<Int> { readonly id: string; amount?: Money<'USD'>; pay(to: Address, ...rest: Int[]): void; m(): Int }",
  types: "type A = | 'wind' | 'flood';\ntype B = Map<string, Map<string, Int[]>>[];\ntype C = (A | undefined)[];\ntype D = { a: Int; readonly b?: string };\ntype E = [A, B] | ((x: Int) => Int) | 1 | -2 | true | A & B | A[K] | typeof x | this | `t` | { m(): void };\ntype F = null | void | number | any | unknown | never | object | symbol | bigint | boolean | E.A;",
  enums: "export const enum S { Open, Closed = 'c' }\nenum P { A, B, default }",
  functions: 'export async function* g<T, U>(a?: Int, b: Int = 1, ...r: Int[]): Int { return a; }\nfunction h() {}',
  constants: "export const RATE: Decimal = 0.375, N = 1_000n;\nvar legacy = 1;",
  operators: 'const x = a + b * c - d / e % f ** g ** h;\nconst y = (a + b) * (c - d) ** (e ? f : g);\nconst z = -(-a) + +(+b) - -1 + !!c + ~d;\nconst w = (-a) ** 2 + (a ?? b) || c && (d ?? e);\nconst v = a < b && c > d && e <= f && g >= h && a == b && c != d && e === f && g !== h;\nconst u = a & b | c ^ d << e >> f >>> g;\nconst t = k in o && o instanceof C;\nconst s = (a < b) > c;\nconst r = f(a < b, c > (d));',
  postfix: "const x = a.b?.c[d]?.[e](f)?.(g)!.h<T>(i)<U, V>()!;\nconst y = new Map<string, Claim>().get('k')!.amount;\nconst z = new a.b.C(1)[2];\nconst w = (1).toString() + (1.5).x + new (f())() + new new X()();",
  arrows: 'const a = xs.filter((x) => x.amount > zero("USD")).map(async (x: Int, y?: Int): Int => ({ x })).reduce((a, b) => { return a + b; }, 0);\nconst b = (x) => (y) => x + y;\nconst c = f(() => {}, async () => 1);',
  objects: "const o = { a, 'b-c': 1, ...rest, d: { e: [1, ...xs, [2]] }, default: 2, get: 3 };",
  assignments: 'function f() {\n  a = b = c;\n  a.b += 1;\n  a[i] -= 2;\n  x! *= 3;\n  a /= 4;\n  a %= 5;\n  a **= 6;\n  a &&= b;\n  a ||= b;\n  a ??= b;\n  i++;\n  --i;\n  a = b ? c : d ? e : f;\n  a = (b, c);\n}',
  statements: "function f() {\n  const [k, v] = p, { a, b: c } = r;\n  let i: Int = 0;\n  if (a) b(); else if (c) {} else ;\n  if (a) { if (b) c(); } else d();\n  for (const [k, v] of this.m) { continue; }\n  for (let i = 0, j = 1; i < n; i++, j--) break;\n  for (;;) {}\n  for (i = 0; ; ) {}\n  for ((k in o); ; ) {}\n  while (x) x--;\n  do { x(); } while (x);\n  switch (s) { case A.B: x(); break; case 'c': default: y(); }\n  switch (t) {}\n  try { a(); } catch (e) { b(e); } finally { c(); }\n  try {} catch {}\n  try {} finally {}\n  ({ a }).b = c;\n  (function () {});\n  return;\n}",
  banned: "function f() {\n  with (o) {}\n  outer: for (const x of xs) { break outer; continue outer; }\n  debugger;\n  throw new Failure('x');\n  for (const k in o) {}\n  function g() { return 1; }\n  class C {}\n  import { a } from 'm';\n  const r = /a+/g, t = `a${b}c${d}`, u = tag`x${1}`, v = typeof x, w = delete o.x, y = void 0, z = await p;\n  const q = function () {}, cl = class {}, im = import('x'), n = null, me = import.meta, s = x as const, aa = x as Int;\n  (/re/).test(s);\n}\nfunction* gen() { yield 1; yield; }\nclass K extends B { m() { super.m(); const t = new.target; } }\nwith (o) {}\ndebugger;",
  classes: "@contract\nexport abstract class Pool<T> extends Base<Int> implements A, B {\n  readonly owner: Address;\n  total: Money<'USD'> = money(0, 'USD');\n  note?: string;\n  @entry static count = 0;\n  constructor(private readonly owner: Address, public limit: Int = 5) { super(); }\n  @entry @on('ledger') @a.b(1, 'x')\n  pay(to: Address): void {}\n  get size(): Int { return 1; }\n  set size(v: Int) {}\n  async *stream() {}\n  static get: Int;\n  constructor;\n}\nexport @contract class Q {}",
  strings: "const s = ['', 'a\\'b', \"q\\\"\", 'tab\\tnl\\nret\\rzero\\0bs\\\\', '\\u2028\\u{1F600}é', '\\u0001\\u007f'];",
};

describe('printUnit() round trip on handwritten samples', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name}: parse → print → parse is the identity (spans aside)`, () => {
      const printed = roundTrip(text);
      // Printing is idempotent: the printed form is its own fixed point.
      expect(printUnit(parse(printed).unit)).toBe(printed);
    });
  }

  it('prints the realistic contract in a stable, readable layout', () => {
    const printed = roundTrip(
      "@contract\nexport class Q {\n  claims: Map<string, Claim> = new Map();\n  @entry\n  record(id: string): void { if (!this.claims.has(id)) { emit<Settled>({ id }); } }\n}",
    );
    expect(printed).toBe(
      [
        '@contract',
        'export class Q {',
        '  claims: Map<string, Claim> = new Map();',
        '',
        '  @entry',
        '  record(id: string): void {',
        '    if (!this.claims.has(id)) {',
        '      emit<Settled>({ id });',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('inserts only the parentheses precedence needs', () => {
    const e = (src: string): string => printExpr(((parse(`const x = ${src};`).unit.items[0] as A.ConstDecl).declaration.declarations[0]!.init!));
    expect(e('(a + b) * c')).toBe('(a + b) * c');
    expect(e('a + (b * c)')).toBe('a + b * c');
    expect(e('a - (b - c)')).toBe('a - (b - c)');
    expect(e('(a - b) - c')).toBe('a - b - c');
    expect(e('(a ** b) ** c')).toBe('(a ** b) ** c');
    expect(e('a ** (b ** c)')).toBe('a ** b ** c');
    expect(e('(-a) ** 2')).toBe('(-a) ** 2');
    expect(e('-(-a)')).toBe('- -a');
    expect(e('(a ?? b) || c')).toBe('(a ?? b) || c');
    expect(e('(x => x)(1)')).toBe('((x) => x)(1)');
    expect(e('(a = b)')).toBe('a = b');
    expect(e('f((a < b), c > (d))')).toBe('f((a < b), c > d)');
    // Without parentheses this is a generic call, in TypeScript as here.
    expect(e('f(a < b, c > (d))')).toBe('f(a<b, c>(d))');
  });

  it('prints types', () => {
    const t = (src: string): string => printType((parse(`type X = ${src};`).unit.items[0] as A.TypeAliasDecl).type);
    expect(t('(A | B)[]')).toBe('(A | B)[]');
    expect(t("Map<string, Money<'USD'>>")).toBe("Map<string, Money<'USD'>>");
    expect(t('{ a: Int; b?: string }')).toBe('{ a: Int; b?: string }');
  });
});

// -----------------------------------------------------------------------------------------------
// A fast-check arbitrary of well-formed ASTs of the subset (and of the forbidden forms), in the
// canonical shapes the parser produces: printing one and parsing the text must give it back.

/** `FUZZ_RUNS_FACTOR=20 npx vitest run test/compiler/print.test.ts` for a longer search. */
const RUNS_FACTOR = Number(process.env['FUZZ_RUNS_FACTOR'] ?? 1);

const S: Span = { file: 0, start: 0, end: 0 };
const identifier = (name: string): A.Identifier => ({ kind: 'Identifier', name, span: S });

const NAMES = ['a', 'b', 'x', 'amount', 'claims', 'type', 'of', 'from', 'get', 'async', 'as', 'readonly'];
const PROPS = [...NAMES, 'default', 'new', 'class', 'size', 'in'];
const TYPE_NAMES = ['Int', 'Decimal', 'Money', 'Claim', 'Map', 'Address', 'E.A'];

const nameArb = fc.constantFrom(...NAMES);
const identArb = nameArb.map(identifier);
const propArb = fc.constantFrom(...PROPS).map(identifier);

const numberArb: fc.Arbitrary<A.NumberLit> = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }), fc.boolean())
  .map(([int, frac, big]) => {
    const bigint = big && frac === undefined;
    return { kind: 'NumberLit', raw: `${int}${frac === undefined ? '' : `.${frac}`}${bigint ? 'n' : ''}`, intDigits: int.toString(), fracDigits: frac, bigint, span: S };
  });

const stringArb: fc.Arbitrary<A.StringLit> = fc.string({ unit: 'binary', maxLength: 6 }).map((value) => ({ kind: 'StringLit', value, span: S }));

const typeArb: fc.Memo<A.TypeNode> = fc.memo<A.TypeNode>((n) => {
  const leaf: fc.Arbitrary<A.TypeNode> = fc.oneof(
    fc.constantFrom<A.KeywordTypeName>('boolean', 'string', 'bigint', 'void', 'undefined', 'null', 'number').map((name): A.TypeNode => ({ kind: 'KeywordType', name, span: S })),
    fc.constantFrom(...TYPE_NAMES).map((name): A.TypeNode => ({ kind: 'TypeRef', name: identifier(name), typeArgs: [], span: S })),
    fc.string({ maxLength: 4 }).map((value): A.TypeNode => ({ kind: 'LiteralType', value, span: S })),
    fc.constantFrom('tuple-type', 'function-type', 'numeric-literal-type', 'boolean-literal-type', 'this-type', 'typeof-type', 'intersection-type', 'indexed-access-type', 'template-literal-type', 'method-signature-in-type-literal')
      .map((construct): A.TypeNode => ({ kind: 'BannedType', construct, span: S })),
  );
  if (n <= 1) return leaf;
  const sub = typeArb(n - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    fc.tuple(fc.constantFrom(...TYPE_NAMES), fc.array(sub, { minLength: 1, maxLength: 2 })).map(([name, typeArgs]): A.TypeNode => ({ kind: 'TypeRef', name: identifier(name), typeArgs, span: S })),
    sub.map((element): A.TypeNode => ({ kind: 'ArrayType', element, span: S })),
    fc.array(sub, { minLength: 2, maxLength: 3 }).map((types): A.TypeNode => ({ kind: 'UnionType', types, span: S })),
    fc.array(fc.tuple(propArb, fc.boolean(), fc.boolean(), sub), { maxLength: 2 }).map(([...members]): A.TypeNode => ({
      kind: 'TypeLiteral', span: S,
      members: members.map(([name, optional, readonly, type]) => ({ kind: 'PropertySignature', name, optional, readonly, type, span: S })),
    })),
  );
});

interface Arbs {
  expr: fc.Arbitrary<A.Expr>;
  stmt: fc.Arbitrary<A.Stmt>;
}

const BINARY_OPS: A.BinaryOp[] = ['+', '-', '*', '/', '%', '**', '==', '!=', '===', '!==', '<', '<=', '>', '>=', '&&', '||', '??', '&', '|', '^', '<<', '>>', '>>>', 'in', 'instanceof'];
const ASSIGN_OPS: A.AssignOp[] = ['=', '+=', '-=', '*=', '/=', '%=', '**=', '&&=', '||=', '??='];

function arbs(depth: number): Arbs {
  const leafExpr: fc.Arbitrary<A.Expr> = fc.oneof(
    numberArb,
    stringArb,
    fc.boolean().map((value): A.Expr => ({ kind: 'BoolLit', value, span: S })),
    fc.constant<A.Expr>({ kind: 'UndefinedLit', span: S }),
    nameArb.map((name): A.Expr => ({ kind: 'Name', name, span: S })),
    fc.constant<A.Expr>({ kind: 'ThisExpr', span: S }),
    fc.constantFrom('regex', 'function-expression', 'class-expression', 'null', 'super', 'import-meta', 'new-target')
      .map((construct): A.Expr => ({ kind: 'BannedExpr', construct, operands: [], span: S })),
  );
  const emptyBlock: A.Block = { kind: 'Block', statements: [], span: S };
  if (depth <= 1) {
    return { expr: leafExpr, stmt: leafExpr.map((expression): A.Stmt => ({ kind: 'ExprStmt', expression, span: S })) };
  }
  const inner = arbs(depth - 1);
  const e = inner.expr;
  const st = inner.stmt;
  const target: fc.Arbitrary<A.Expr> = fc.oneof(
    nameArb.map((name): A.Expr => ({ kind: 'Name', name, span: S })),
    fc.tuple(e, propArb).map(([object, property]): A.Expr => ({ kind: 'MemberExpr', object, property, optional: false, span: S })),
    fc.tuple(e, e).map(([object, index]): A.Expr => ({ kind: 'IndexExpr', object, index, optional: false, span: S })),
  );
  const spreadable = fc.oneof(e, e.map((argument): A.SpreadElement => ({ kind: 'SpreadElement', argument, span: S })));
  const block: fc.Arbitrary<A.Block> = fc.array(st, { maxLength: 3 }).map((statements) => ({ kind: 'Block', statements, span: S }));
  const param: fc.Arbitrary<A.Param> = fc
    .tuple(identArb, fc.boolean(), fc.option(typeArb(2), { nil: undefined }), fc.option(e, { nil: undefined }), fc.boolean())
    .map(([name, optional, type, init, rest]) => ({ kind: 'Param', name, optional, type, init, modifiers: [], rest, span: S }));
  const expr: fc.Arbitrary<A.Expr> = fc.oneof(
    { arbitrary: leafExpr, weight: 4 },
    fc.tuple(e, propArb, fc.boolean()).map(([object, property, optional]): A.Expr => ({ kind: 'MemberExpr', object, property, optional, span: S })),
    fc.tuple(e, e, fc.boolean()).map(([object, index, optional]): A.Expr => ({ kind: 'IndexExpr', object, index, optional, span: S })),
    fc.tuple(e, fc.array(typeArb(2), { maxLength: 2 }), fc.array(spreadable, { maxLength: 3 }), fc.boolean())
      .map(([callee, typeArgs, args, optional]): A.Expr => ({ kind: 'CallExpr', callee, typeArgs, args, optional, span: S })),
    fc.tuple(fc.constantFrom('Map', 'X'), fc.array(typeArb(2), { maxLength: 2 }), fc.array(spreadable, { maxLength: 2 }))
      .map(([name, typeArgs, args]): A.Expr => ({ kind: 'NewExpr', callee: { kind: 'Name', name, span: S }, typeArgs, args, span: S })),
    fc.array(spreadable, { maxLength: 3 }).map((elements): A.Expr => ({ kind: 'ArrayLit', elements, span: S })),
    fc.array(fc.oneof(
      fc.tuple(propArb, e).map(([key, value]): A.PropertyAssignment => ({ kind: 'PropertyAssignment', key, value, shorthand: false, span: S })),
      fc.tuple(stringArb, e).map(([key, value]): A.PropertyAssignment => ({ kind: 'PropertyAssignment', key, value, shorthand: false, span: S })),
      identArb.map((key): A.PropertyAssignment => ({ kind: 'PropertyAssignment', key, value: { kind: 'Name', name: key.name, span: S }, shorthand: true, span: S })),
      e.map((argument): A.SpreadElement => ({ kind: 'SpreadElement', argument, span: S })),
    ), { maxLength: 3 }).map((properties): A.Expr => ({ kind: 'ObjectLit', properties, span: S })),
    fc.tuple(fc.constantFrom<A.UnaryOp>('!', '-', '+', '~'), e).map(([op, operand]): A.Expr => ({ kind: 'UnaryExpr', op, operand, span: S })),
    fc.tuple(fc.constantFrom<'++' | '--'>('++', '--'), fc.boolean(), target).map(([op, prefix, operand]): A.Expr => ({ kind: 'UpdateExpr', op, prefix, operand, span: S })),
    { arbitrary: fc.tuple(fc.constantFrom(...BINARY_OPS), e, e).map(([op, left, right]): A.Expr => ({ kind: 'BinaryExpr', op, left, right, span: S })), weight: 3 },
    fc.tuple(fc.constantFrom(...ASSIGN_OPS), target, e).map(([op, t, value]): A.Expr => ({ kind: 'AssignExpr', op, target: t, value, span: S })),
    fc.tuple(e, e, e).map(([test, consequent, alternate]): A.Expr => ({ kind: 'ConditionalExpr', test, consequent, alternate, span: S })),
    fc.tuple(fc.array(param, { maxLength: 2 }), fc.option(typeArb(2), { nil: undefined }), fc.oneof(e, block), fc.boolean())
      .map(([params, returnType, body, async]): A.Expr => ({ kind: 'ArrowFunction', params, returnType, body, async, span: S })),
    e.map((expression): A.Expr => ({ kind: 'NonNullExpr', expression, span: S })),
    fc.tuple(e, typeArb(2)).map(([expression, type]): A.Expr => ({ kind: 'AsExpr', expression, type, span: S })),
    fc.tuple(fc.constantFrom('typeof', 'delete', 'void', 'await', 'yield', 'dynamic-import'), e)
      .map(([construct, x]): A.Expr => ({ kind: 'BannedExpr', construct, operands: [x], span: S })),
    fc.tuple(fc.constantFrom('template', 'comma'), fc.array(e, { minLength: 2, maxLength: 3 }))
      .map(([construct, operands]): A.Expr => ({ kind: 'BannedExpr', construct, operands, span: S })),
    fc.tuple(e, fc.array(e, { maxLength: 2 })).map(([tag, parts]): A.Expr => ({ kind: 'BannedExpr', construct: 'tagged-template', operands: [tag, ...parts], span: S })),
  );
  const binding: fc.Arbitrary<A.Binding> = fc.oneof(
    identArb,
    fc.array(identArb, { minLength: 1, maxLength: 3 }).map((elements): A.Binding => ({ kind: 'ArrayPattern', elements, span: S })),
    fc.array(fc.tuple(propArb, identArb), { minLength: 1, maxLength: 2 }).map((props): A.Binding => ({
      kind: 'ObjectPattern', span: S,
      // A shorthand pattern shares one identifier for key and local, as the parser builds it.
      properties: props.map(([key, local]) => (key.name === local.name ? { key: local, local } : { key, local })),
    })),
  );
  const varDecl: fc.Arbitrary<A.VarDecl> = fc
    .tuple(fc.constantFrom<A.VarDecl['declKind']>('const', 'let', 'var'), fc.array(fc.tuple(binding, fc.option(typeArb(2), { nil: undefined }), fc.option(e, { nil: undefined })), { minLength: 1, maxLength: 2 }))
    .map(([declKind, ds]) => ({
      kind: 'VarDecl', declKind, span: S,
      declarations: ds.map(([b, type, init]): A.VarDeclarator => ({ kind: 'VarDeclarator', binding: b, type, init, span: S })),
    }));
  const label = fc.option(identArb, { nil: undefined });
  const stmt: fc.Arbitrary<A.Stmt> = fc.oneof(
    { arbitrary: e.map((expression): A.Stmt => ({ kind: 'ExprStmt', expression, span: S })), weight: 3 },
    varDecl,
    block,
    // With an else branch the then-branch is a block: a bare nested if would capture the else.
    fc.tuple(e, st).map(([test, consequent]): A.Stmt => ({ kind: 'IfStmt', test, consequent, alternate: undefined, span: S })),
    fc.tuple(e, block, st).map(([test, consequent, alternate]): A.Stmt => ({ kind: 'IfStmt', test, consequent, alternate, span: S })),
    fc.tuple(fc.constantFrom<'const' | 'let'>('const', 'let'), binding, e, st).map(([declKind, b, iterable, body]): A.Stmt => ({ kind: 'ForOfStmt', declKind, binding: b, iterable, body, span: S })),
    fc.tuple(fc.option(fc.oneof(varDecl, e), { nil: undefined }), fc.option(e, { nil: undefined }), fc.option(e, { nil: undefined }), st)
      .map(([init, test, update, body]): A.Stmt => ({ kind: 'ForStmt', init, test, update, body, span: S })),
    fc.tuple(e, st).map(([test, body]): A.Stmt => ({ kind: 'WhileStmt', test, body, span: S })),
    fc.tuple(st, e).map(([body, test]): A.Stmt => ({ kind: 'DoWhileStmt', body, test, span: S })),
    fc.option(e, { nil: undefined }).map((value): A.Stmt => ({ kind: 'ReturnStmt', value, span: S })),
    label.map((l): A.Stmt => ({ kind: 'BreakStmt', label: l, span: S })),
    label.map((l): A.Stmt => ({ kind: 'ContinueStmt', label: l, span: S })),
    fc.tuple(e, fc.array(fc.tuple(fc.option(e, { nil: undefined }), fc.array(st, { maxLength: 2 })), { maxLength: 3 })).map(([discriminant, cases]): A.Stmt => ({
      kind: 'SwitchStmt', discriminant, span: S, cases: cases.map(([test, body]): A.SwitchCase => ({ kind: 'SwitchCase', test, body, span: S })),
    })),
    fc.tuple(block, fc.option(fc.tuple(fc.option(identArb, { nil: undefined }), block), { nil: undefined }), fc.option(block, { nil: undefined }))
      .filter(([, c, f]) => c !== undefined || f !== undefined)
      .map(([b, c, f]): A.Stmt => ({ kind: 'TryStmt', block: b, catchParam: c?.[0], catchBody: c?.[1], finallyBody: f, span: S })),
    fc.constant<A.Stmt>({ kind: 'EmptyStmt', span: S }),
    fc.tuple(fc.constantFrom('with', 'for-in'), e, st).map(([construct, x, body]): A.Stmt => ({ kind: 'BannedStmt', construct, expressions: [x], statements: [body], span: S })),
    st.map((body): A.Stmt => ({ kind: 'BannedStmt', construct: 'label', expressions: [], statements: [body], span: S })),
    e.map((x): A.Stmt => ({ kind: 'BannedStmt', construct: 'throw', expressions: [x], statements: [], span: S })),
    block.map((b): A.Stmt => ({ kind: 'BannedStmt', construct: 'function-in-block', expressions: [], statements: [b], span: S })),
    fc.constantFrom('debugger', 'class-in-block', 'import-in-block').map((construct): A.Stmt => ({ kind: 'BannedStmt', construct, expressions: [], statements: [], span: S })),
  );
  void emptyBlock;
  return { expr, stmt };
}

const MEMBER_MODIFIERS: A.Modifier[] = ['public', 'private', 'protected', 'static', 'readonly', 'abstract', 'override', 'declare', 'async', 'get', 'set'];

/** A sub-sequence of `list` (keeping its order), at most `max` long. */
function subsequence<T>(list: readonly T[], max: number): fc.Arbitrary<T[]> {
  return fc.subarray([...list], { maxLength: max });
}

function unitArb(depth: number): fc.Arbitrary<A.SourceUnit> {
  const { expr, stmt } = arbs(depth);
  const block: fc.Arbitrary<A.Block> = fc.array(stmt, { maxLength: 3 }).map((statements) => ({ kind: 'Block', statements, span: S }));
  const type = typeArb(3);
  const param = (modifiers: fc.Arbitrary<A.Modifier[]>): fc.Arbitrary<A.Param> => fc
    .tuple(identArb, fc.boolean(), fc.option(type, { nil: undefined }), fc.option(expr, { nil: undefined }), modifiers)
    .map(([name, optional, t, init, mods]) => ({ kind: 'Param', name, optional, type: t, init, modifiers: mods, rest: false, span: S }));
  const params = fc.array(param(fc.constant([])), { maxLength: 2 });
  const decorator: fc.Arbitrary<A.Decorator> = fc.tuple(fc.constantFrom('entry', 'view', 'on', 'a.b'), fc.option(fc.array(expr, { maxLength: 2 }), { nil: undefined }))
    .map(([name, args]) => ({ kind: 'Decorator', name: identifier(name), args, span: S }));
  const decorators = fc.array(decorator, { maxLength: 2 });
  const typeParams = fc.array(fc.constantFrom('T', 'U').map(identifier), { maxLength: 2 });
  const typeRef: fc.Arbitrary<A.TypeRef> = fc.tuple(fc.constantFrom(...TYPE_NAMES), fc.array(type, { maxLength: 1 }))
    .map(([name, typeArgs]) => ({ kind: 'TypeRef', name: identifier(name), typeArgs, span: S }));
  const memberName = propArb.filter((n) => n.name !== 'constructor');
  const member: fc.Arbitrary<A.ClassMember> = fc.oneof(
    fc.tuple(memberName, subsequence(MEMBER_MODIFIERS, 2), decorators, fc.boolean(), fc.option(type, { nil: undefined }), fc.option(expr, { nil: undefined }))
      .map(([name, modifiers, decs, optional, t, init]): A.ClassMember => ({ kind: 'FieldDecl', name, modifiers, decorators: decs, optional, type: t, init, span: S })),
    fc.tuple(memberName, subsequence(MEMBER_MODIFIERS, 2), fc.boolean(), decorators, typeParams, params, fc.option(type, { nil: undefined }), block)
      .map(([name, mods, generator, decs, tps, ps, returnType, body]): A.ClassMember => ({
        kind: 'MethodDecl', name, modifiers: generator ? [...mods, 'generator'] : mods, decorators: decs, typeParams: tps, params: ps, returnType, body, span: S,
      })),
    fc.tuple(fc.array(param(subsequence(['public', 'private', 'protected', 'readonly'], 2)), { maxLength: 2 }), block)
      .map(([ps, body]): A.ClassMember => ({ kind: 'ConstructorDecl', modifiers: [], params: ps, body, span: S })),
  );
  const exported = fc.boolean();
  const item: fc.Arbitrary<A.TopLevelDecl> = fc.oneof(
    fc.tuple(fc.array(fc.tuple(propArb, identArb), { maxLength: 2 }), fc.string({ maxLength: 5 }), fc.constantFrom<A.ImportDecl['unsupportedForm']>(undefined, undefined, 'default', 'namespace', 'side-effect'))
      .map(([specs, module, form]): A.TopLevelDecl => ({
        kind: 'ImportDecl', module: { kind: 'StringLit', value: module, span: S }, unsupportedForm: form, span: S,
        specifiers: form === 'namespace' || form === 'side-effect' ? [] : specs.map(([imported, local]) => ({ kind: 'ImportSpecifier', imported, local: imported.name === local.name ? imported : local, span: S })),
      })),
    fc.tuple(identArb, exported, decorators, fc.constantFrom<A.Modifier[]>([], ['abstract']), typeParams, fc.option(typeRef, { nil: undefined }), fc.array(typeRef, { maxLength: 2 }), fc.array(member, { maxLength: 4 }))
      .map(([name, ex, decs, modifiers, tps, extendsType, implementsTypes, members]): A.TopLevelDecl => ({
        kind: 'ClassDecl', name, exported: ex, decorators: decs, modifiers, typeParams: tps, extendsType, implementsTypes, members, span: S,
      })),
    fc.tuple(identArb, exported, typeParams, fc.array(typeRef, { maxLength: 2 }), fc.array(fc.oneof(
      fc.tuple(propArb, fc.boolean(), fc.boolean(), type).map(([name, optional, readonly, t]): A.PropertySignature => ({ kind: 'PropertySignature', name, optional, readonly, type: t, span: S })),
      fc.tuple(propArb, params, fc.option(type, { nil: undefined })).map(([name, ps, returnType]): A.MethodSignature => ({ kind: 'MethodSignature', name, params: ps, returnType, span: S })),
    ), { maxLength: 3 })).map(([name, ex, tps, extendsTypes, members]): A.TopLevelDecl => ({ kind: 'InterfaceDecl', name, exported: ex, typeParams: tps, extendsTypes, members, span: S })),
    fc.tuple(identArb, exported, typeParams, type).map(([name, ex, tps, t]): A.TopLevelDecl => ({ kind: 'TypeAliasDecl', name, exported: ex, typeParams: tps, type: t, span: S })),
    fc.tuple(identArb, exported, fc.boolean(), fc.array(fc.tuple(propArb, fc.option(expr, { nil: undefined })), { maxLength: 3 }))
      .map(([name, ex, isConst, members]): A.TopLevelDecl => ({
        kind: 'EnumDecl', name, exported: ex, isConst, span: S, members: members.map(([n, init]): A.EnumMember => ({ kind: 'EnumMember', name: n, init, span: S })),
      })),
    fc.tuple(identArb, exported, subsequence<A.Modifier>(['async', 'generator'], 2), typeParams, params, fc.option(type, { nil: undefined }), block)
      .map(([name, ex, modifiers, tps, ps, returnType, body]): A.TopLevelDecl => ({ kind: 'FunctionDecl', name, exported: ex, modifiers, typeParams: tps, params: ps, returnType, body, span: S })),
    fc.tuple(exported, fc.array(fc.tuple(identArb, fc.option(type, { nil: undefined }), expr), { minLength: 1, maxLength: 2 })).map(([ex, ds]): A.TopLevelDecl => ({
      kind: 'ConstDecl', exported: ex, span: S,
      declaration: { kind: 'VarDecl', declKind: 'const', span: S, declarations: ds.map(([b, t, init]): A.VarDeclarator => ({ kind: 'VarDeclarator', binding: b, type: t, init, span: S })) },
    })),
  );
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'SourceUnit', file: 0, path: 'p.contract.ts', items, span: S }));
}

describe('printUnit() round trip on generated programs', () => {
  it('parse(printUnit(ast)) equals ast for random well-formed ASTs', () => {
    fc.assert(
      fc.property(unitArb(4), (unit) => {
        const printed = printUnit(unit);
        const back = parse(printed);
        const errs = back.codes.filter((c) => !c.startsWith('E1021'));
        if (errs.length > 0 || JSON.stringify(strip(back.unit)) !== JSON.stringify(strip(unit))) {
          expect({ printed, codes: back.codes, ast: strip(back.unit.items) }).toEqual({ printed, codes: [], ast: strip(unit.items) });
        }
      }),
      { numRuns: 300 * RUNS_FACTOR },
    );
  });

  it('prints random expressions that re-parse to themselves', () => {
    fc.assert(
      fc.property(arbs(5).expr, (e) => {
        const text = `const x = ${printExpr(e)};`;
        const back = parse(text);
        const init = (back.unit.items[0] as A.ConstDecl | undefined)?.declaration.declarations[0]?.init;
        expect({ text, codes: back.codes, init: strip(init) }).toEqual({ text, codes: [], init: strip(e) });
      }),
      { numRuns: 400 * RUNS_FACTOR },
    );
  });
});

describe('forEachChild() and walk()', () => {
  it('visit every node object of the tree exactly once, in source order', () => {
    const unit = parse(Object.values(SAMPLES).join('\n')).unit;
    // Every object with a `kind` reachable through the node's fields is a child visited by walk.
    const reachable = new Set<object>();
    const collect = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(collect);
      if (typeof x !== 'object' || x === null) return;
      if ('kind' in x) reachable.add(x);
      for (const [k, v] of Object.entries(x)) if (k !== 'span') collect(v);
    };
    collect(unit);
    const visited: A.Node[] = [];
    walk(unit, (n) => {
      visited.push(n);
    });
    expect(new Set(visited).size).toBe(visited.length);
    expect(visited.length).toBe(reachable.size);
    // Source order: children start no earlier than their previous sibling.
    walk(unit, (n) => {
      let prev = -1;
      forEachChild(n, (c) => {
        expect(c.span.start).toBeGreaterThanOrEqual(prev);
        prev = c.span.start;
      });
    });
  });

  it('skips the children of a node when the visitor returns false', () => {
    const unit = parse('function f() { a(); }\nconst x = 1;').unit;
    const kinds: string[] = [];
    walk(unit, (n) => {
      kinds.push(n.kind);
      return n.kind !== 'FunctionDecl';
    });
    expect(kinds).toEqual(['SourceUnit', 'FunctionDecl', 'ConstDecl', 'VarDecl', 'VarDeclarator', 'Identifier', 'NumberLit']);
  });

  it('walks a 10⁵-deep tree without recursion', () => {
    let deep: A.Expr = { kind: 'Name', name: 'a', span: S };
    for (let i = 0; i < 100_000; i++) deep = { kind: 'UnaryExpr', op: '!', operand: deep, span: S };
    let count = 0;
    walk(deep, () => {
      count++;
    });
    expect(count).toBe(100_001);
  });
});
