/**
 * JavaScript generation for one contract: turns the checked AST of the contract, and of every
 * top-level function and constant it reaches, into the body of the script's closure (after the
 * prelude), with gas meters, call-depth passing, failure sites and mangled names.
 *
 * Conventions of the generated code (see `docs/artifact.md`, "Generated code"):
 * - every user name is mangled: locals and parameters `x` → `x$`, top-level functions
 *   `$f<file>_<name>`, constants `$C<file>_<name>()`, methods `$m_<name>`; prelude names start
 *   with `__`, so no user name can reach a prelude, host or JavaScript global name;
 * - every function takes the call depth `$d` first and starts with `__e($d, cost)`; every loop
 *   iteration, branch, case, catch and finally starts with a meter (`__g(cost)`, `__gchk()`),
 *   where `cost` is the static cost of the block's straight-line statements;
 * - every operation that can fail passes a site id, an index into the span map.
 *
 * Does NOT assemble the script (see `index.ts`), build the ABI (`abi.ts`) or report type errors:
 * it runs only on programs the checker accepted, and a broken invariant is an
 * {@link InternalCompilerError}.
 * @module
 */
import type {
  ArrowFunction, AssignExpr, BinaryExpr, Block, CallExpr, ClassMember, Expr, FieldDecl, FunctionDecl, Identifier, IndexExpr,
  MemberExpr, MethodDecl, NonNullExpr, NumberLit, ObjectLit, Param, SourceUnit, SpreadElement, Stmt, SwitchStmt, TryStmt, UpdateExpr, VarDecl, VarDeclarator,
} from '../ast/nodes.ts';
import type { CheckedProgram, ContractInfo, StateField } from '../check/checked.ts';
import type { Type } from '../check/types.ts';
import { type DiagnosticBag, InternalCompilerError, assertNever } from '../diagnostics.ts';
import type { Span } from '../source.ts';
import { LIMITS } from './prelude.ts';

/** Words that never appear as identifiers in generated code (CMP-06); fields so named are quoted. */
export const BANNED_OUTPUT_WORDS: ReadonlySet<string> = new Set([
  'eval', 'Function', 'constructor', '__proto__', 'prototype', 'globalThis', 'import', 'Date', 'Math', 'arguments',
  'Reflect', 'Proxy', 'Symbol', 'WebAssembly', 'require', 'process',
]);

const NUMBER_LIMIT = 10n ** BigInt(LIMITS.NUMBER_DIGITS);
/** Static cost of the object an object or array literal allocates (gas schedule 1). */
export const LITERAL_COST = 4;
/** Static cost of the map `new Map(...)` allocates, besides its entries (gas schedule 1). */
export const MAP_LITERAL_COST = 40;
const DECIMAL: Type = { kind: 'decimal' };

export interface EmitJsResult {
  /** Script text that goes after the prelude and the currency table, inside the closure. */
  readonly body: string;
  /** Span of each failure site, by site id. */
  readonly sites: readonly Span[];
}

/** Per-function emission state: temporaries and try counters are local to a JS function. */
interface FnState {
  temps: number;
  tries: number;
}

interface Ctx {
  readonly program: CheckedProgram;
  readonly contract: ContractInfo;
  readonly bag: DiagnosticBag;
  readonly sites: Span[];
  readonly siteIds: Map<string, number>;
  /** Type descriptor constants in creation order (children before parents). */
  readonly typeDecls: string[];
  readonly typeNames: Map<string, string>;
  readonly literalDecls: string[];
  readonly literalNames: Map<string, string>;
  /** Number of each declaration's file among the contract's units (sorted by path), for mangled names. */
  readonly functionUnits: Map<FunctionDecl, number>;
  readonly constUnits: Map<VarDeclarator, number>;
  /** File id → number among the contract's units. */
  readonly fileOrder: Map<number, number>;
  /** Reached top-level functions and constants, emitted after the contract. */
  readonly usedFunctions: Set<FunctionDecl>;
  readonly usedConsts: Set<VarDeclarator>;
  readonly fields: Map<string, StateField>;
  fn: FnState;
  /**
   * While emitting an optional chain: its short-circuit tests, in evaluation order, each
   * `($tN = <object of a ?. link>) === undefined`.
   */
  chain: string[] | undefined;
}

function internal(message: string): never {
  throw new InternalCompilerError(`codegen: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Names

function local(name: string): string {
  return `${name}$`;
}

function fnName(c: Ctx, decl: FunctionDecl): string {
  const unit = c.functionUnits.get(decl);
  if (unit === undefined) internal(`function ${decl.name.name} is not among the contract's units`);
  c.usedFunctions.add(decl);
  return `$f${unit}_${decl.name.name}`;
}

function constAccessor(c: Ctx, decl: VarDeclarator): string {
  const unit = c.constUnits.get(decl);
  if (unit === undefined) internal("constant is not among the contract's units");
  c.usedConsts.add(decl);
  return `$C${unit}_${constKey(decl)}`;
}

function constKey(decl: VarDeclarator): string {
  return decl.binding.kind === 'Identifier' ? decl.binding.name : `p${decl.span.start}`;
}

/** A property access: `.name`, or `["name"]` for names that must not appear as identifiers. */
export function prop(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !BANNED_OUTPUT_WORDS.has(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** An object-literal key. */
function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !BANNED_OUTPUT_WORDS.has(name) ? name : JSON.stringify(name);
}

function temp(c: Ctx): string {
  return `$t${c.fn.temps++}`;
}

function site(c: Ctx, span: Span): number {
  const k = `${span.file}:${span.start}:${span.end}`;
  let id = c.siteIds.get(k);
  if (id === undefined) {
    id = c.sites.length;
    c.sites.push(span);
    c.siteIds.set(k, id);
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Type descriptors

function nonOptional(t: Type): Type {
  return t.kind === 'optional' ? t.inner : t;
}

function isNumeric(t: Type): boolean {
  return t.kind === 'int' || t.kind === 'decimal' || t.kind === 'money';
}

/** JS expression for the run-time descriptor of a data type (see the prelude's codec). */
export function typeDesc(c: Ctx, t: Type): string {
  switch (t.kind) {
    case 'bool': case 'string': case 'int': case 'decimal': case 'date': case 'period': case 'timestamp':
    case 'address': case 'commitment': case 'rounding': case 'void':
      return `__T.${t.kind}`;
    case 'contract':
      return '__T.contract';
    case 'money':
      return t.currency === undefined ? '__T.money' : named(c, `__moneyT(${JSON.stringify(t.currency)})`);
    case 'array':
      return named(c, `__arrT(${typeDesc(c, t.element)})`);
    case 'map':
      return named(c, `__mapT(${typeDesc(c, t.key)}, ${typeDesc(c, t.value)})`);
    case 'optional':
      return named(c, `__optT(${typeDesc(c, t.inner)})`);
    case 'sealed':
      return named(c, `__sealT(${typeDesc(c, t.inner)}, ${isNumeric(t.inner)})`);
    case 'enum':
      return named(c, `__enumT(${JSON.stringify(t.name)}, ${JSON.stringify(t.members)})`);
    case 'strings':
      return named(c, `__strsT(${JSON.stringify([...new Set(t.values)].sort())})`);
    case 'record':
    case 'event': {
      const fields = t.fields.map((f) => {
        const optional = f.optional || f.type.kind === 'optional';
        return `[${JSON.stringify(f.name)}, ${typeDesc(c, optional ? nonOptional(f.type) : f.type)}, ${optional}]`;
      });
      // Decoding builds records with this factory (values in field-name order, as the prelude
      // sorts them: UTF-16 code units), so decoded records have the shape literals have.
      const sorted = t.fields.map((f) => f.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const mk = `function $mk($v) {\n  __g(1);\n  return { ${sorted.map((n, i) => `${key(n)}: $v[${i}]`).join(', ')} };\n}`;
      return named(c, `__rec(${JSON.stringify(t.name)}, [${fields.join(', ')}], ${mk})`);
    }
    case 'undefined':
      return '__T.void';
    case 'function': case 'failure': case 'namespace': case 'error':
      return internal(`no run-time descriptor for a ${t.kind}`);
    default:
      return assertNever(t);
  }
}

function named(c: Ctx, init: string): string {
  let name = c.typeNames.get(init);
  if (name === undefined) {
    name = `$T${c.typeDecls.length}`;
    c.typeDecls.push(`const ${name} = ${init};`);
    c.typeNames.set(init, name);
  }
  return name;
}

// ---------------------------------------------------------------------------------------------
// Literals

function intLiteral(c: Ctx, digits: string, span: Span): bigint {
  const v = BigInt(digits === '' ? '0' : digits);
  if (v >= NUMBER_LIMIT) c.bag.report('NumberLiteralOutOfRange', span, [digits.length > 40 ? `${digits.slice(0, 40)}…` : digits]);
  return v;
}

/** A hoisted, normalised Decimal constant. */
function decimalLiteral(c: Ctx, coefficient: bigint, scale: number, span: Span): string {
  let co = coefficient;
  let s = scale;
  while (s > 0 && co % 10n === 0n) {
    co /= 10n;
    s--;
  }
  if (co === 0n) s = 0;
  if (co >= NUMBER_LIMIT || co <= -NUMBER_LIMIT || s > LIMITS.MAX_SCALE) c.bag.report('NumberLiteralOutOfRange', span, [`${co}e-${s}`.slice(0, 40)]);
  const k = `${co}/${s}`;
  let name = c.literalNames.get(k);
  if (name === undefined) {
    name = `$L${c.literalDecls.length}`;
    c.literalDecls.push(`const ${name} = __D(${co}n, ${s}, -1);`);
    c.literalNames.set(k, name);
  }
  return name;
}

function numberLiteral(c: Ctx, e: NumberLit, asDecimal: boolean): string {
  const int = e.intDigits.replace(/_/g, '');
  if (e.fracDigits === undefined && !asDecimal) return `${intLiteral(c, int, e.span)}n`;
  const frac = (e.fracDigits ?? '').replace(/_/g, '');
  return decimalLiteral(c, BigInt(`${int}${frac}` === '' ? '0' : `${int}${frac}`), frac.length, e.span);
}

/** Canonical text of a period literal (the prelude's `__pfmt`), folded at compile time. */
export function canonicalPeriod(s: string): string | undefined {
  const m = /^P(?=[0-9])(?:([0-9]{1,9})Y)?(?:([0-9]{1,9})M)?(?:([0-9]{1,9})W)?(?:([0-9]{1,9})D)?$/.exec(s);
  if (m === null) return undefined;
  const y = Number(m[1] ?? 0);
  const mo = Number(m[2] ?? 0);
  const d = Number(m[3] ?? 0) * 7 + Number(m[4] ?? 0);
  if (d > 999_999_999) return undefined;
  if (y === 0 && mo === 0 && d === 0) return 'P0D';
  return `P${y ? `${y}Y` : ''}${mo ? `${mo}M` : ''}${d ? `${d}D` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Static gas cost

function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'NumberLit': case 'StringLit': case 'BoolLit': case 'UndefinedLit': case 'Name': case 'ThisExpr': case 'ArrowFunction':
      return [];
    case 'MemberExpr': return [e.object];
    case 'IndexExpr': return [e.object, e.index];
    case 'CallExpr': return [e.callee, ...e.args.map(spreadArg)];
    case 'NewExpr': return e.args.map(spreadArg);
    case 'ArrayLit': return e.elements.map(spreadArg);
    case 'ObjectLit': return e.properties.map((p) => (p.kind === 'SpreadElement' ? p.argument : p.value));
    case 'UnaryExpr': return [e.operand];
    case 'UpdateExpr': return [e.operand];
    case 'BinaryExpr': return [e.left, e.right];
    case 'AssignExpr': return [e.target, e.value];
    case 'ConditionalExpr': return [e.test, e.consequent, e.alternate];
    case 'NonNullExpr': return [e.expression];
    case 'AsExpr': return [e.expression];
    case 'BannedExpr': return e.operands;
    default: return assertNever(e);
  }
}

function spreadArg(a: Expr | SpreadElement): Expr {
  return a.kind === 'SpreadElement' ? a.argument : a;
}

/** Fields of the record an object literal builds: every one is a slot, given or not. */
function recordSlots(c: Ctx, e: ObjectLit): number {
  const t = nonOptional(typeOf(c, e));
  return t.kind === 'record' || t.kind === 'event' ? Math.max(t.fields.length, e.properties.length) : e.properties.length;
}

/**
 * Static cost of an expression: one per node, one more per call; an object or array literal also
 * pays for the object it allocates (LITERAL) and for each slot (two per record field, given or
 * not, one per array element), and `new Map` for its map (MAP_LITERAL), so that the memory a
 * contract can hold per unit of gas stays bounded (GAS-04).
 */
function exprCost(c: Ctx, e: Expr | undefined): number {
  if (e === undefined) return 0;
  let n = 1;
  if (e.kind === 'ObjectLit') n += LITERAL_COST + 2 * recordSlots(c, e);
  else if (e.kind === 'ArrayLit') n += LITERAL_COST + e.elements.length;
  else if (e.kind === 'NewExpr') n += 1 + MAP_LITERAL_COST;
  else if (e.kind === 'CallExpr') n += 1;
  for (const x of exprChildren(e)) n += exprCost(c, x);
  return n;
}

/** Cost of a statement's own straight-line work (nested metered blocks charge themselves). */
function stmtCost(c: Ctx, s: Stmt): number {
  switch (s.kind) {
    case 'VarDecl': return 1 + s.declarations.reduce((n, d) => n + exprCost(c, d.init), 0);
    case 'ExprStmt': return 1 + exprCost(c, s.expression);
    case 'Block': return s.statements.reduce((n, x) => n + stmtCost(c, x), 0);
    case 'IfStmt': return 1 + exprCost(c, s.test);
    case 'ForOfStmt': return 1 + exprCost(c, s.iterable);
    case 'ForStmt': return 1 + (s.init === undefined ? 0 : s.init.kind === 'VarDecl' ? stmtCost(c, s.init) : exprCost(c, s.init));
    case 'WhileStmt': case 'DoWhileStmt': case 'BreakStmt': case 'ContinueStmt': case 'TryStmt': return 1;
    case 'ReturnStmt': return 1 + exprCost(c, s.value);
    case 'SwitchStmt': return 1 + exprCost(c, s.discriminant) + s.cases.reduce((n, k) => n + exprCost(c, k.test), 0);
    case 'EmptyStmt': return 0;
    case 'BannedStmt': return internal(`banned statement ${s.construct}`);
    default: return assertNever(s);
  }
}

function blockCost(c: Ctx, stmts: readonly Stmt[], extra = 0): number {
  return Math.max(1, extra + stmts.reduce((n, s) => n + stmtCost(c, s), 0));
}

function bodyStatements(s: Stmt): readonly Stmt[] {
  return s.kind === 'Block' ? s.statements : [s];
}

// ---------------------------------------------------------------------------------------------
// Expressions

function typeOf(c: Ctx, e: Expr): Type {
  return c.program.tables.typeOf(e);
}

/** The type of `e`'s value after the checker's implicit conversion. */
function effType(c: Ctx, e: Expr): Type {
  const t = typeOf(c, e);
  if (c.program.tables.coercion(e) !== 'int-to-decimal') return t;
  return t.kind === 'optional' ? { kind: 'optional', inner: DECIMAL } : DECIMAL;
}

/** Emits `e` with its implicit conversion applied. */
export function expr(c: Ctx, e: Expr): string {
  if (c.program.tables.coercion(e) === 'int-to-decimal') {
    if (e.kind === 'NumberLit') return numberLiteral(c, e, true);
    // An optional Int widens only when present: `undefined` stays `undefined`.
    return typeOf(c, e).kind === 'optional' ? `__i2do(${rawExpr(c, e)})` : `__i2d(${rawExpr(c, e)})`;
  }
  return rawExpr(c, e);
}

function rawExpr(c: Ctx, e: Expr): string {
  switch (e.kind) {
    case 'NumberLit':
      return numberLiteral(c, e, false);
    case 'StringLit':
      return JSON.stringify(e.value);
    case 'BoolLit':
      return e.value ? 'true' : 'false';
    case 'UndefinedLit':
      return 'undefined';
    case 'Name':
      return nameExpr(c, e);
    case 'MemberExpr':
    case 'IndexExpr':
    case 'CallExpr':
    case 'NonNullExpr':
      return c.program.tables.isChainEnd(e) ? optionalChain(c, e) : link(c, e);
    case 'NewExpr': {
      const init = e.args[0];
      if (init === undefined) return 'new __CMap()';
      if (init.kind !== 'ArrayLit') return internal('Map initialiser is not an array literal');
      const pairs = init.elements.map((p) => {
        if (p.kind !== 'ArrayLit' || p.elements.length !== 2) return internal('Map initialiser pair');
        return `[${expr(c, p.elements[0] as Expr)}, ${expr(c, p.elements[1] as Expr)}]`;
      });
      return `__mapOf([${pairs.join(', ')}])`;
    }
    case 'ArrayLit': {
      const items = `[${e.elements.map((x) => (x.kind === 'SpreadElement' ? `...__spread(${expr(c, x.argument)})` : expr(c, x))).join(', ')}]`;
      // Spreads can make a literal longer than any one array: check the length limit.
      return e.elements.some((x) => x.kind === 'SpreadElement') ? `__lit(${items})` : items;
    }
    case 'ObjectLit':
      return objectLit(c, e);
    case 'UnaryExpr': {
      const v = expr(c, e.operand);
      if (e.op === '!') return `(!${v})`;
      if (e.op !== '-') return internal(`unary ${e.op}`);
      const t = effType(c, e.operand);
      if (t.kind === 'decimal') return `__dneg(${v})`;
      if (t.kind === 'money') return `__mneg(${v})`;
      return e.operand.kind === 'NumberLit' ? `(-${v})` : `__ineg(${v})`;
    }
    case 'UpdateExpr':
      return updateExpr(c, e);
    case 'BinaryExpr':
      return binaryExpr(c, e);
    case 'AssignExpr':
      return assignExpr(c, e);
    case 'ConditionalExpr':
      return `(${expr(c, e.test)} ? ${expr(c, e.consequent)} : ${expr(c, e.alternate)})`;
    case 'ThisExpr':
      return internal('`this` as a value');
    case 'ArrowFunction':
      return internal('lambda outside an array method');
    case 'AsExpr':
    case 'BannedExpr':
      return internal(`${e.kind} reached code generation`);
    default:
      return assertNever(e);
  }
}

function nameExpr(c: Ctx, e: import('../ast/nodes.ts').Name): string {
  const ref = c.program.tables.nameRef(e);
  switch (ref.kind) {
    case 'local':
      return local(ref.binding.name);
    case 'const': {
      const get = `${constAccessor(c, ref.decl)}($d + 1)`;
      if (ref.decl.binding.kind === 'ObjectPattern') {
        const p = ref.decl.binding.properties.find((x) => x.local.name === e.name);
        if (p === undefined) return internal(`destructured constant ${e.name}`);
        return `${get}${prop(p.key.name)}`;
      }
      return get;
    }
    default:
      return internal(`name ${e.name} of kind ${ref.kind} used as a value`);
  }
}

// ---- optional chains ---------------------------------------------------------------------------
//
// `a?.b.c[i].m(x)` is emitted flat: `(($t0 = a) === undefined ? undefined : $t0.b.c...)`, and with
// several `?.` links `(($t0 = a) === undefined || ($t1 = <rest up to the next ?.>) === undefined ?
// undefined : <rest on $t1>)`. `||` evaluates the tests left to right and stops at the first
// `undefined`, so nothing after it (links, indexes, arguments) is evaluated. Static gas is charged
// for the whole chain up front, as for the right side of `&&`.

type Link = MemberExpr | IndexExpr | CallExpr | NonNullExpr;

/** The outermost link of an optional chain. */
function optionalChain(c: Ctx, e: Link): string {
  const outer = c.chain;
  const tests: string[] = [];
  c.chain = tests;
  const value = link(c, e);
  c.chain = outer;
  if (tests.length === 0) return internal('optional chain without a ?. link');
  return `(${tests.join(' || ')} ? undefined : ${value})`;
}

/**
 * The object of a chain link. An inner link of a chain is not a chain end, so it is emitted as a
 * plain link (the chain's tests cover it). For a `?.` link the object goes into a temporary,
 * tested by the chain, and the link operates on the temporary.
 */
function linkObject(c: Ctx, object: Expr, optional: boolean): string {
  const code = expr(c, object);
  if (!optional) return code;
  if (c.chain === undefined) return internal('?. link outside an optional chain');
  const t = temp(c);
  c.chain.push(`(${t} = ${code}) === undefined`);
  return t;
}

/** One link, its object emitted by {@link linkObject}. */
function link(c: Ctx, e: Link): string {
  switch (e.kind) {
    case 'MemberExpr': return memberExpr(c, e);
    case 'IndexExpr': return indexExpr(c, e);
    case 'CallExpr': return callExpr(c, e);
    case 'NonNullExpr': return `__nn(${linkObject(c, e.expression, false)}, ${site(c, e.span)})`;
    default: return assertNever(e);
  }
}

function memberExpr(c: Ctx, e: MemberExpr): string {
  const ref = c.program.tables.memberRef(e);
  switch (ref.kind) {
    case 'state':
      return ref.field.type.kind === 'map' ? `__smap($F_${ref.field.name})` : `__sget($F_${ref.field.name})`;
    case 'field':
      return `${linkObject(c, e.object, e.optional)}${prop(ref.name)}`;
    case 'enumMember':
      return JSON.stringify(ref.member);
    case 'builtinProperty': {
      const r = ref.receiver;
      if (r.kind === 'namespace') {
        if (ref.name === 'date') return '__ctxDate()';
        if (!['caller', 'origin', 'self', 'time', 'height'].includes(ref.name)) return internal(`ctx.${ref.name}`);
        return `__cx.${ref.name}`;
      }
      const o = linkObject(c, e.object, e.optional);
      if (r.kind === 'failure') return `${o}.${ref.name}`;
      if (r.kind === 'array') return `__alen(${o})`;
      if (r.kind === 'string' || r.kind === 'strings') return `__slen(${o})`;
      if (r.kind === 'map') return `${o}.sz()`;
      return internal(`property ${ref.name} of ${r.kind}`);
    }
    case 'method':
    case 'builtinMethod':
    case 'external':
      return internal(`method ${e.property.name} used as a value`);
    default:
      return assertNever(ref);
  }
}

function indexExpr(c: Ctx, e: IndexExpr): string {
  const objType = nonOptional(typeOf(c, e.object));
  const obj = linkObject(c, e.object, e.optional);
  if (objType.kind === 'record' || objType.kind === 'event') {
    if (e.index.kind !== 'StringLit') return internal('computed record access');
    return `${obj}${prop(e.index.value)}`;
  }
  if (objType.kind !== 'array') return internal(`indexing a ${objType.kind}`);
  return `__idx(${obj}, ${expr(c, e.index)}, ${site(c, e.span)})`;
}

function objectLit(c: Ctx, e: ObjectLit): string {
  const t = nonOptional(typeOf(c, e));
  if (t.kind !== 'record' && t.kind !== 'event') return internal('object literal of a non-record type');
  const parts: string[] = [];
  const given = new Set<string>();
  let spread = false;
  for (const p of e.properties) {
    if (p.kind === 'SpreadElement') {
      spread = true;
      parts.push(`...${expr(c, p.argument)}`);
      continue;
    }
    const name = p.key.kind === 'Identifier' ? p.key.name : p.key.value;
    given.add(name);
    parts.push(`${key(name)}: ${expr(c, p.value)}`);
  }
  // Every record object holds every field, absent optional ones as `undefined`, so no read can
  // fall through to Object.prototype and equality/encoding see one shape.
  if (!spread) for (const f of t.fields) if (!given.has(f.name)) parts.push(`${key(f.name)}: undefined`);
  return `{ ${parts.join(', ')} }`;
}

// ---- operators -------------------------------------------------------------------------------

type Kind = 'int' | 'decimal' | 'money' | 'string' | 'other';

function kindOf(t: Type): Kind {
  const b = nonOptional(t);
  switch (b.kind) {
    case 'int': case 'timestamp': return 'int';
    case 'decimal': return 'decimal';
    case 'money': return 'money';
    case 'string': case 'strings': return 'string';
    default: return 'other';
  }
}

/** `left op right` for arithmetic `op` on operand kinds (after conversion), result kind `result`. */
function arith(op: string, l: Kind, r: Kind, result: Kind, L: string, R: string, s: number): string {
  if (result === 'string') {
    if (op !== '+') return internal(`string ${op}`);
    return `__cat(${L}, ${R})`;
  }
  if (result === 'decimal') {
    switch (op) {
      case '+': return `__dadd(${L}, ${R}, ${s})`;
      case '-': return `__dsub(${L}, ${R}, ${s})`;
      case '*': return `__dmul(${L}, ${R}, ${s})`;
      case '**': return `__dpow(${L}, ${R}, ${s})`;
      default: return internal(`decimal ${op}`);
    }
  }
  if (result === 'money') {
    switch (op) {
      case '+': return `__madd(${L}, ${R}, ${s})`;
      case '-': return `__msub(${L}, ${R}, ${s})`;
      case '*': return l === 'money' ? `__mmul(${L}, ${R}, ${s})` : r === 'money' ? `__imulm(${L}, ${R}, ${s})` : internal('money *');
      default: return internal(`money ${op}`);
    }
  }
  if (result === 'int') {
    switch (op) {
      case '+': case '-': case '*': return `__ck((${L} ${op} ${R}), ${s})`;
      case '%': return `__imod(${L}, ${R}, ${s})`;
      case '**': return `__ipow(${L}, ${R}, ${s})`;
      default: return internal(`Int ${op}`);
    }
  }
  return internal(`arithmetic ${op} on ${l}, ${r}`);
}

function binaryExpr(c: Ctx, e: BinaryExpr): string {
  const op = e.op;
  if (op === '&&' || op === '||' || op === '??') return `(${expr(c, e.left)} ${op} ${expr(c, e.right)})`;
  if (op === '==' || op === '===' || op === '!=' || op === '!==') return equality(c, e, op === '!=' || op === '!==');
  const L = expr(c, e.left);
  const R = expr(c, e.right);
  const lk = kindOf(effType(c, e.left));
  const rk = kindOf(effType(c, e.right));
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    if (lk === 'decimal' || rk === 'decimal') return `(__dcmp(${L}, ${R}) ${op} 0)`;
    if (lk === 'money') return `(__mcmp(${L}, ${R}, ${site(c, e.span)}) ${op} 0)`;
    return `(${L} ${op} ${R})`;
  }
  if (op === '+' || op === '-' || op === '*' || op === '%' || op === '**') {
    return arith(op, lk, rk, kindOf(typeOf(c, e)), L, R, site(c, e.span));
  }
  return internal(`binary operator ${op}`);
}

function equality(c: Ctx, e: BinaryExpr, negate: boolean): string {
  const L = expr(c, e.left);
  const R = expr(c, e.right);
  let out: string;
  if (e.left.kind === 'UndefinedLit' || e.right.kind === 'UndefinedLit') {
    out = `(${L} === ${R})`;
  } else {
    const lt = effType(c, e.left);
    const rt = effType(c, e.right);
    const k = kindOf(lt) !== 'other' ? kindOf(lt) : kindOf(rt);
    const optional = lt.kind === 'optional' || rt.kind === 'optional';
    if (k === 'decimal') out = optional ? `__eq(${L}, ${R})` : `(__dcmp(${L}, ${R}) === 0)`;
    else if (k === 'money') out = `__meq(${L}, ${R}, ${site(c, e.span)})`;
    else out = `(${L} === ${R})`;
  }
  return negate ? `(!${out})` : out;
}

// ---- assignment -------------------------------------------------------------------------------

interface Place {
  /** Comma-expression prefix that evaluates sub-expressions once into temporaries. */
  readonly setup: readonly string[];
  readonly get: string;
  set(value: string): string;
}

function place(c: Ctx, target: Expr, once: boolean): Place {
  switch (target.kind) {
    case 'Name': {
      const ref = c.program.tables.nameRef(target);
      if (ref.kind !== 'local') return internal('assignment to a non-local name');
      const n = local(ref.binding.name);
      return { setup: [], get: n, set: (v) => `(${n} = ${v})` };
    }
    case 'NonNullExpr':
      return place(c, target.expression, once);
    case 'MemberExpr': {
      const ref = c.program.tables.memberRef(target);
      if (ref.kind === 'state') {
        const f = `$F_${ref.field.name}`;
        return { setup: [], get: `__sget(${f})`, set: (v) => `__sset(${f}, ${v})` };
      }
      if (ref.kind !== 'field') return internal('assignment to a non-field member');
      return fieldPlace(c, target.object, ref.name, once);
    }
    case 'IndexExpr': {
      const objType = nonOptional(typeOf(c, target.object));
      if (objType.kind === 'record' || objType.kind === 'event') {
        if (target.index.kind !== 'StringLit') return internal('computed record assignment');
        return fieldPlace(c, target.object, target.index.value, once);
      }
      const s = site(c, target.span);
      if (!once) {
        const o = expr(c, target.object);
        const i = expr(c, target.index);
        return { setup: [], get: `__idx(${o}, ${i}, ${s})`, set: (v) => `__seti(${o}, ${i}, ${v}, ${s})` };
      }
      const to = temp(c);
      const ti = temp(c);
      return {
        setup: [`${to} = ${expr(c, target.object)}`, `${ti} = ${expr(c, target.index)}`],
        get: `__idx(${to}, ${ti}, ${s})`,
        set: (v) => `__seti(${to}, ${ti}, ${v}, ${s})`,
      };
    }
    default:
      return internal(`assignment to ${target.kind}`);
  }
}

function fieldPlace(c: Ctx, object: Expr, name: string, once: boolean): Place {
  const p = prop(name);
  if (!once || (object.kind === 'Name' && c.program.tables.nameRef(object).kind === 'local')) {
    const o = expr(c, object);
    return { setup: [], get: `${o}${p}`, set: (v) => `(${o}${p} = ${v})` };
  }
  const t = temp(c);
  return { setup: [`${t} = ${expr(c, object)}`], get: `${t}${p}`, set: (v) => `(${t}${p} = ${v})` };
}

function withSetup(p: Place, value: string): string {
  return p.setup.length === 0 ? value : `(${[...p.setup, value].join(', ')})`;
}

function assignExpr(c: Ctx, e: AssignExpr): string {
  if (e.op === '=') {
    const p = place(c, e.target, false);
    return withSetup(p, p.set(expr(c, e.value)));
  }
  const op = e.op.slice(0, -1);
  const p = place(c, e.target, true);
  const targetType = typeOf(c, e.target);
  const lk = kindOf(effType(c, e.target));
  const rk = kindOf(effType(c, e.value));
  const get = c.program.tables.coercion(e.target) === 'int-to-decimal' ? `__i2d(${p.get})` : p.get;
  return withSetup(p, p.set(arith(op, lk, rk, kindOf(targetType), get, expr(c, e.value), site(c, e.span))));
}

function updateExpr(c: Ctx, e: UpdateExpr): string {
  const p = place(c, e.operand, true);
  const s = site(c, e.span);
  const step = e.op === '++' ? '+' : '-';
  const set = p.set(`__ck((${p.get} ${step} 1n), ${s})`);
  // The setter returns the new value; a postfix expression yields the old one.
  return withSetup(p, e.prefix ? set : `(${set} ${e.op === '++' ? '-' : '+'} 1n)`);
}

// ---- calls ------------------------------------------------------------------------------------

function plainArgs(args: readonly (Expr | SpreadElement)[]): Expr[] {
  return args.map((a) => (a.kind === 'SpreadElement' ? internal('spread argument') : a));
}

function callExpr(c: Ctx, e: CallExpr): string {
  const ref = c.program.tables.callRef(e);
  const args = plainArgs(e.args);
  const list = (xs: readonly Expr[]): string => xs.map((a) => expr(c, a)).join(', ');
  switch (ref.kind) {
    case 'function':
      return `${fnName(c, ref.decl)}(${['$d + 1', ...args.map((a) => expr(c, a))].join(', ')})`;
    case 'method':
      return `$m_${ref.decl.name.name}(${['$d + 1', ...args.map((a) => expr(c, a))].join(', ')})`;
    case 'builtin':
      return builtinCall(c, e, ref.name, ref.typeArgs, args);
    case 'builtinMethod': {
      if (e.callee.kind !== 'MemberExpr') return internal('built-in method without a receiver');
      return builtinMethod(c, e, ref.receiver, ref.name, linkObject(c, e.callee.object, e.callee.optional), args);
    }
    case 'external': {
      if (e.callee.kind !== 'MemberExpr') return internal('external call without a receiver');
      const target = linkObject(c, e.callee.object, e.callee.optional);
      const ptypes = ref.method.params.map((p) => typeDesc(c, p.type));
      return `__xcall(${site(c, e.span)}, ${target}, ${JSON.stringify(ref.method.name)}, [${ptypes.join(', ')}], [${list(args)}], ${typeDesc(c, ref.method.returns)})`;
    }
    case 'prove': {
      const rel = c.contract.relations[ref.relation];
      if (rel === undefined) return internal(`relation ${ref.relation}`);
      const ptypes = rel.publicOperands.map((x) => typeDesc(c, nonOptional(typeOf(c, x))));
      return `__prove(${rel.index}, [${list(rel.sealedOperands)}], [${list(rel.publicOperands)}], [${ptypes.join(', ')}], ${site(c, e.span)})`;
    }
    default:
      return assertNever(ref);
  }
}

/** Kind letter for the prelude's `__min`, `__max`, `__str`, `__sortBy`. */
function kindLetter(t: Type): string {
  const b = nonOptional(t);
  switch (b.kind) {
    case 'int': case 'timestamp': return 'i';
    case 'decimal': return 'd';
    case 'money': return 'm';
    case 'bool': return 'b';
    default: return 's';
  }
}

function builtinCall(c: Ctx, e: CallExpr, name: string, typeArgs: readonly Type[], args: readonly Expr[]): string {
  const a = (i: number): string => {
    const x = args[i];
    return x === undefined ? 'undefined' : expr(c, x);
  };
  const s = (): number => site(c, e.span);
  const literal = (i: number): string | undefined => {
    const x = args[i];
    return x !== undefined && x.kind === 'StringLit' ? x.value : undefined;
  };
  switch (name) {
    case 'require': return `__req(${a(0)}, ${a(1)}, ${s()})`;
    case 'revert': return `__rv(${a(0)}, ${s()})`;
    case 'div': return `__idiv(${a(0)}, ${a(1)}, ${a(2)}, ${s()})`;
    case 'divide': return `__divide(${a(0)}, ${a(1)}, ${a(2)}, ${a(3)}, ${s()})`;
    case 'round': return `__round(${a(0)}, ${a(1)}, ${a(2)}, ${s()})`;
    case 'toInt': return `__toInt(${a(0)}, ${a(1)}, ${s()})`;
    case 'date': {
      const v = literal(0);
      return v !== undefined ? JSON.stringify(v) : `__date(${a(0)}, ${s()})`;
    }
    case 'period': {
      const v = literal(0);
      const canon = v === undefined ? undefined : canonicalPeriod(v);
      return canon !== undefined ? JSON.stringify(canon) : `__period(${a(0)}, ${s()})`;
    }
    case 'address': {
      const v = literal(0);
      return v !== undefined && /^[0-9a-f]{40}$/.test(v) ? JSON.stringify(v) : `__address(${a(0)}, ${s()})`;
    }
    case 'addPeriod': return `__addPeriod(${a(0)}, ${a(1)}, ${s()})`;
    case 'addDays': return `__addDays(${a(0)}, ${a(1)}, ${s()})`;
    case 'daysBetween': return `__daysBetween(${a(0)}, ${a(1)})`;
    case 'yearOf': return `__yearOf(${a(0)})`;
    case 'monthOf': return `__monthOf(${a(0)})`;
    case 'dayOf': return `__dayOf(${a(0)})`;
    case 'endOfMonth': return `__endOfMonth(${a(0)})`;
    case 'dateOf': return `__dateOf(${a(0)}, ${s()})`;
    case 'minorUnits': return `${a(0)}.m`;
    case 'currencyOf': return `${a(0)}.ccy`;
    case 'toDecimal': return `__toDec(${a(0)})`;
    case 'money': return `__money(${a(0)}, ${a(1)}, ${s()})`;
    case 'moneyRound': return `__moneyRound(${a(0)}, ${a(1)}, ${a(2)}, ${s()})`;
    case 'fromMinor': return `__fromMinor(${a(0)}, ${a(1)}, ${s()})`;
    case 'zero': return `__zero(${a(0)}, ${s()})`;
    case 'mulMoney': return `__mulMoney(${a(0)}, ${a(1)}, ${a(2)}, ${s()})`;
    case 'divMoney': return `__divMoney(${a(0)}, ${a(1)}, ${a(2)}, ${s()})`;
    case 'ratio': return `__ratio(${a(0)}, ${a(1)}, ${a(2)}, ${a(3)}, ${s()})`;
    case 'min':
    case 'max':
      return `__${name}(${JSON.stringify(kindLetter(typeOf(c, e)))}, ${a(0)}, ${a(1)}, ${s()})`;
    case 'abs': {
      const k = kindLetter(typeOf(c, e));
      return k === 'd' ? `__dabs(${a(0)})` : k === 'm' ? `__mabs(${a(0)})` : `__iabs(${a(0)})`;
    }
    case 'str': return `__str(${JSON.stringify(kindLetter(typeOf(c, args[0] as Expr)))}, ${a(0)})`;
    case 'equals': {
      // Int against Decimal compares numerically: widen the Int side.
      const lt = nonOptional(effType(c, args[0] as Expr));
      const rt = nonOptional(effType(c, args[1] as Expr));
      const L = lt.kind === 'int' && rt.kind === 'decimal' ? `__i2d(${a(0)})` : a(0);
      const R = rt.kind === 'int' && lt.kind === 'decimal' ? `__i2d(${a(1)})` : a(1);
      return `__eq(${L}, ${R})`;
    }
    case 'emit': {
      const t = typeArgs[0] ?? typeOf(c, args[0] as Expr);
      return `__emit(${typeDesc(c, t)}, ${a(0)}, ${s()})`;
    }
    case 'contractAt': return a(0);
    case 'commitmentOf': return `__commit(${a(0)})`;
    case 'sortBy': {
      const fn = args[1];
      if (fn === undefined || fn.kind !== 'ArrowFunction') return internal('sortBy without a lambda');
      const lt = c.program.tables.lambdaType(fn);
      const k = lt.kind === 'function' && lt.returns.kind === 'decimal' ? 'd' : 'i';
      return `__sortBy(${a(0)}, ${lambda(c, fn)}, ${JSON.stringify(k)})`;
    }
    default:
      return internal(`built-in ${name}`);
  }
}

/**
 * Whether a map key of type `t` can be a string that is not well-formed Unicode (a lone
 * surrogate): any `string`; a string union or enum only if one of its values is one.
 */
function mayBeIllFormedKey(t: Type): boolean {
  if (t.kind === 'string') return true;
  if (t.kind === 'strings') return t.values.some((v) => !v.isWellFormed());
  if (t.kind === 'enum') return t.members.some((v) => !v.isWellFormed());
  return false;
}

function builtinMethod(c: Ctx, e: CallExpr, receiver: Type, name: string, o: string, args: readonly Expr[]): string {
  const a = (i: number): string => {
    const x = args[i];
    return x === undefined ? 'undefined' : expr(c, x);
  };
  const fn = (i: number): string => {
    const x = args[i];
    if (x === undefined || x.kind !== 'ArrowFunction') return internal(`${name} without a lambda`);
    return lambda(c, x);
  };
  if (receiver.kind === 'string' || receiver.kind === 'strings') {
    switch (name) {
      case 'startsWith': return `__sw(${o}, ${a(0)})`;
      case 'endsWith': return `__ew(${o}, ${a(0)})`;
      case 'includes': return `__sincl(${o}, ${a(0)})`;
      case 'slice': return `__sslice(${o}, ${a(0)}, ${a(1)})`;
      default: return internal(`string.${name}`);
    }
  }
  if (receiver.kind === 'map') {
    switch (name) {
      case 'get': case 'has': case 'set': case 'delete':
        // A state map refuses a key that is not well-formed Unicode (RT_ERR_INVALID_KEY): the
        // site is passed where a key of this type can be one (a local map ignores it).
        return `${o}.${name}(${[...args.map((_, i) => a(i)), ...(mayBeIllFormedKey(receiver.key) ? [String(site(c, e.span))] : [])].join(', ')})`;
      case 'keys': case 'values':
        return `${o}.${name}(${args.map((_, i) => a(i)).join(', ')})`;
      case 'entries':
        return `${o}.ents()`;
      default: return internal(`Map.${name}`);
    }
  }
  if (receiver.kind !== 'array') return internal(`method ${name} of ${receiver.kind}`);
  const structural = ['decimal', 'money'].includes(nonOptional(receiver.element).kind) ? 1 : 0;
  switch (name) {
    case 'push': return `__push(${o}, ${a(0)})`;
    case 'pop': return `${o}.pop()`;
    case 'includes': return `__incl(${o}, ${a(0)}, ${structural})`;
    case 'indexOf': return `__indexOf(${o}, ${a(0)}, ${structural})`;
    case 'slice': return `__aslice(${o}, ${a(0)}, ${a(1)})`;
    case 'concat': return `__concat(${o}, ${a(0)})`;
    case 'map': return `__amap(${o}, ${fn(0)})`;
    case 'filter': return `__afilter(${o}, ${fn(0)})`;
    case 'some': return `__asome(${o}, ${fn(0)})`;
    case 'every': return `__aevery(${o}, ${fn(0)})`;
    case 'find': return `__afind(${o}, ${fn(0)})`;
    case 'findIndex': return `__afindIndex(${o}, ${fn(0)})`;
    case 'reduce': return `__areduce(${o}, ${fn(0)}, ${a(1)})`;
    default:
      void e;
      return internal(`array.${name}`);
  }
}

/** A lambda as a JS arrow function with its own meter and temporaries. */
function lambda(c: Ctx, f: ArrowFunction): string {
  const outer = c.fn;
  c.fn = { temps: 0, tries: 0 };
  const params = f.params.map((p) => local(p.name.name)).join(', ');
  let body: string;
  if (f.body.kind === 'Block') {
    const stmts = f.body.statements;
    const inner = stmts.map((s) => stmt(c, s)).join('\n');
    body = `__g(${blockCost(c, stmts, 1)});\n${temps(c)}${inner}`;
  } else {
    const v = expr(c, f.body);
    body = `__g(${1 + exprCost(c, f.body)});\n${temps(c)}return ${v};`;
  }
  c.fn = outer;
  return `((${params}) => {\n${indent(body)}\n})`;
}

function temps(c: Ctx): string {
  if (c.fn.temps === 0) return '';
  return `let ${Array.from({ length: c.fn.temps }, (_, i) => `$t${i}`).join(', ')};\n`;
}

// ---------------------------------------------------------------------------------------------
// Statements

function indent(s: string): string {
  return s === '' ? s : s.split('\n').map((l) => (l === '' ? l : `  ${l}`)).join('\n');
}

/** A metered block: `{ __g(cost); ... }`. `extra` is per-entry work outside the statements. */
function metered(c: Ctx, stmts: readonly Stmt[], extra = 0, check = ''): string {
  const lines = [`${check}__g(${blockCost(c, stmts, extra)});`, ...stmts.map((s) => stmt(c, s)).filter((x) => x !== '')];
  return `{\n${indent(lines.join('\n'))}\n}`;
}

function binding(c: Ctx, b: VarDeclarator['binding']): string {
  switch (b.kind) {
    case 'Identifier':
      return local(b.name);
    case 'ObjectPattern':
      return `{ ${b.properties.map((p) => `${key(p.key.name)}: ${local(p.local.name)}`).join(', ')} }`;
    case 'ArrayPattern':
      return `[${b.elements.map((x) => local(x.name)).join(', ')}]`;
    default:
      return assertNever(b);
  }
}

function varDecl(c: Ctx, s: VarDecl): string {
  if (s.declKind === 'var') return internal('var declaration');
  return s.declarations
    .map((d) => {
      if (d.init === undefined) return internal('uninitialised declaration');
      return `${s.declKind} ${binding(c, d.binding)} = ${expr(c, d.init)};`;
    })
    .join('\n');
}

function stmt(c: Ctx, s: Stmt): string {
  switch (s.kind) {
    case 'VarDecl':
      return varDecl(c, s);
    case 'ExprStmt':
      return `${discarded(c, s.expression)};`;
    case 'Block':
      return `{\n${indent(s.statements.map((x) => stmt(c, x)).filter((x) => x !== '').join('\n'))}\n}`;
    case 'IfStmt': {
      const head = `if (${expr(c, s.test)}) ${metered(c, bodyStatements(s.consequent))}`;
      return s.alternate === undefined ? head : `${head} else ${metered(c, bodyStatements(s.alternate))}`;
    }
    case 'ForOfStmt': {
      const it = typeOf(c, s.iterable);
      const iterable = it.kind === 'map' ? `${expr(c, s.iterable)}.ents()` : expr(c, s.iterable);
      const kw = s.declKind === 'let' ? 'let' : 'const';
      return `for (${kw} ${binding(c, s.binding)} of ${iterable}) ${metered(c, bodyStatements(s.body), 1)}`;
    }
    case 'ForStmt': {
      const init = s.init === undefined ? '' : s.init.kind === 'VarDecl' ? forInit(c, s.init) : expr(c, s.init);
      const test = s.test === undefined ? '' : expr(c, s.test);
      const update = s.update === undefined ? '' : discarded(c, s.update);
      return `for (${init}; ${test}; ${update}) ${metered(c, bodyStatements(s.body), 1 + exprCost(c, s.test) + exprCost(c, s.update))}`;
    }
    case 'WhileStmt':
      return `while (${expr(c, s.test)}) ${metered(c, bodyStatements(s.body), 1 + exprCost(c, s.test))}`;
    case 'DoWhileStmt':
      return `do ${metered(c, bodyStatements(s.body), 1 + exprCost(c, s.test))} while (${expr(c, s.test)});`;
    case 'ReturnStmt':
      return s.value === undefined ? 'return;' : `return ${expr(c, s.value)};`;
    case 'BreakStmt':
      return 'break;';
    case 'ContinueStmt':
      return 'continue;';
    case 'SwitchStmt':
      return switchStmt(c, s);
    case 'TryStmt':
      return tryStmt(c, s);
    case 'EmptyStmt':
      return '';
    case 'BannedStmt':
      return internal(`banned statement ${s.construct}`);
    default:
      return assertNever(s);
  }
}

/** An expression whose value is unused: `i++` needs no old value, so it is emitted as `++i`. */
function discarded(c: Ctx, e: Expr): string {
  if (e.kind === 'UpdateExpr' && !e.prefix && c.program.tables.coercion(e) === undefined) return updateExpr(c, { ...e, prefix: true });
  return expr(c, e);
}

function forInit(c: Ctx, d: VarDecl): string {
  if (d.declKind === 'var') return internal('var declaration');
  return `${d.declKind} ${d.declarations.map((x) => `${binding(c, x.binding)} = ${x.init === undefined ? internal('uninitialised') : expr(c, x.init)}`).join(', ')}`;
}

function switchStmt(c: Ctx, s: SwitchStmt): string {
  const cases = s.cases.map((k) => {
    const head = k.test === undefined ? 'default:' : `case ${expr(c, k.test)}:`;
    if (k.body.length === 0) return head;
    // No braces: declarations in one case are visible in the next, as in TypeScript.
    const lines = [`__g(${blockCost(c, k.body)});`, ...k.body.map((x) => stmt(c, x)).filter((x) => x !== '')];
    return `${head}\n${indent(lines.join('\n'))}`;
  });
  return `switch (${expr(c, s.discriminant)}) {\n${indent(cases.join('\n'))}\n}`;
}

function tryStmt(c: Ctx, s: TryStmt): string {
  const n = c.fn.tries++;
  const snap = `$s${n}`;
  const err = `$e${n}`;
  const parts = [`const ${snap} = __snap();`, `try ${metered(c, s.block.statements)}`];
  if (s.catchBody !== undefined) {
    const bind = s.catchParam === undefined ? `__caught(${err}, ${snap});\n` : `const ${local(s.catchParam.name)} = __caught(${err}, ${snap});\n`;
    parts.push(`catch (${err}) ${metered(c, s.catchBody.statements, 0, bind)}`);
  } else {
    parts.push(`catch (${err}) {\n  __rethrow(${err}, ${snap});\n}`);
  }
  if (s.finallyBody !== undefined) parts.push(`finally ${metered(c, s.finallyBody.statements, 0, '__gchk();\n')}`);
  return `{\n${indent(parts.join(' '))}\n}`;
}

// ---------------------------------------------------------------------------------------------
// Functions, methods, the contract

/**
 * A function: `prologue` emits extra statements (the constructor's field initialisers) that run
 * first, in the same JavaScript function, so they share its temporaries.
 */
function functionText(c: Ctx, name: string, params: readonly Param[], body: Block, prologueFn: () => string[] = () => [], prologueCost = 0): string {
  c.fn = { temps: 0, tries: 0 };
  const prologue = prologueFn();
  const stmts = body.statements.map((s) => stmt(c, s)).filter((x) => x !== '');
  const head = `__e($d, ${blockCost(c, body.statements, 1 + prologueCost)});`;
  const lines = [head, ...(c.fn.temps > 0 ? [temps(c).trimEnd()] : []), ...prologue, ...stmts];
  const ps = ['$d', ...params.map((p) => local(p.name.name))].join(', ');
  return `function ${name}(${ps}) {\n${indent(lines.join('\n'))}\n}`;
}

function constText(c: Ctx, decl: VarDeclarator): string {
  const unit = c.constUnits.get(decl) as number;
  const k = constKey(decl);
  c.fn = { temps: 0, tries: 0 };
  if (decl.init === undefined) return internal('constant without initialiser');
  const v = expr(c, decl.init);
  // Reading a constant costs one unit (it is a call); computing it, once per request, its body.
  const lines = [
    '__g(1);',
    `if ($c${unit}_${k} === __UNSET) {`,
    `  __e($d, ${1 + exprCost(c, decl.init)});`,
    ...(c.fn.temps > 0 ? [`  ${temps(c).trimEnd()}`] : []),
    `  $c${unit}_${k} = ${v};`,
    '}',
    `return $c${unit}_${k};`,
  ];
  return `let $c${unit}_${k} = __UNSET;\nfunction $C${unit}_${k}($d) {\n${indent(lines.join('\n'))}\n}`;
}

/**
 * Generates the contract's code. Returns `undefined` if a code-generation limit was reported.
 * Functions and constants are emitted only when reached from the contract.
 */
export function emitJs(program: CheckedProgram, contract: ContractInfo, bag: DiagnosticBag, units: readonly SourceUnit[]): EmitJsResult | undefined {
  const errorsBefore = bag.errorCount;
  // Files are numbered by their place among the contract's own units, not by file id (discovery
  // order of the whole compilation), so the code does not depend on what else was compiled.
  const fileOrder = new Map(units.map((u, i) => [u.file, i]));
  const c: Ctx = {
    program, contract, bag, sites: [], siteIds: new Map(), typeDecls: [], typeNames: new Map(), literalDecls: [],
    literalNames: new Map(),
    functionUnits: new Map(program.functions.flatMap((f) => (fileOrder.has(f.unit.file) ? [[f.decl, fileOrder.get(f.unit.file) as number] as const] : []))),
    constUnits: new Map(program.constants.flatMap((k) => (fileOrder.has(k.unit.file) ? [[k.decl, fileOrder.get(k.unit.file) as number] as const] : []))),
    fileOrder, usedFunctions: new Set(), usedConsts: new Set(),
    fields: new Map(contract.fields.map((f) => [f.name, f])), fn: { temps: 0, tries: 0 }, chain: undefined,
  };

  const out: string[] = [];
  // State field descriptors.
  const fieldDecls = contract.fields.map((f) => {
    const k = f.type.kind === 'map' ? `m/${f.name}/` : `s/${f.name}`;
    return `const $F_${f.name} = { key: ${JSON.stringify(k)}, t: ${typeDesc(c, f.type)}, name: ${JSON.stringify(f.name)} };`;
  });

  // Methods (every one: internal helpers are reachable only from these).
  const methods: string[] = [];
  for (const m of contract.decl.members) {
    if (m.kind !== 'MethodDecl') continue;
    methods.push(functionText(c, `$m_${m.name.name}`, m.params, m.body));
  }

  // Initialisation: field initialisers in declaration order, then the constructor body.
  const initialised: { field: StateField; init: Expr }[] = [];
  for (const m of contract.decl.members as readonly ClassMember[]) {
    if (m.kind !== 'FieldDecl') continue;
    const f = c.fields.get(m.name.name);
    if (f === undefined || f.type.kind === 'map' || (m as FieldDecl).init === undefined) continue;
    initialised.push({ field: f, init: (m as FieldDecl).init as Expr });
  }
  const initCost = initialised.reduce((n, x) => n + 1 + exprCost(c, x.init), 0);
  const inits = (): string[] => initialised.map((x) => `__sset($F_${x.field.name}, ${expr(c, x.init)});`);
  const ctor = contract.ctor;
  const emptyBody: Block = { kind: 'Block', span: contract.decl.span, statements: [] };
  const initFn = functionText(c, '$init', ctor?.params ?? [], ctor?.body ?? emptyBody, inits, initCost);

  // Reached top-level functions and constants (the set grows while emitting).
  const fnTexts = new Map<FunctionDecl, string>();
  const constTexts = new Map<VarDeclarator, string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const f of [...c.usedFunctions]) {
      if (fnTexts.has(f)) continue;
      fnTexts.set(f, functionText(c, fnName(c, f), f.params, f.body));
      changed = true;
    }
    for (const k of [...c.usedConsts]) {
      if (constTexts.has(k)) continue;
      constTexts.set(k, constText(c, k));
      changed = true;
    }
  }
  const fileRank = (file: number): number => c.fileOrder.get(file) ?? internal(`file ${file} is not among the contract's units`);
  const bySource = <T extends { span: Span }>(a: T, b: T): number => fileRank(a.span.file) - fileRank(b.span.file) || a.span.start - b.span.start;

  // Dispatch table.
  const params = (ps: readonly { name: string; type: Type }[]): string => `[${ps.map((p) => `[${JSON.stringify(p.name)}, ${typeDesc(c, p.type)}]`).join(', ')}]`;
  const entries = contract.entries
    .filter((e) => e.kind !== 'internal')
    .map((e) => `  [${JSON.stringify(e.name)}, [${JSON.stringify(e.kind)}, $m_${e.name}, ${params(e.params)}, ${typeDesc(c, e.returns)}]],`);
  const consts = [...constTexts.keys()].sort(bySource);
  const dispatch = [
    'const $D = {',
    `  init: ['init', $init, ${params(contract.ctorParams)}, __T.void],`,
    `  entries: new __JSMap([\n${indent(entries.join('\n'))}\n  ]),`,
    `  reset() {${consts.map((k) => ` $c${c.constUnits.get(k)}_${constKey(k)} = __UNSET;`).join('')} },`,
    '};',
  ];

  if (bag.errorCount > errorsBefore) return undefined;
  out.push('// ---- literals and types', ...c.literalDecls, ...c.typeDecls);
  out.push('// ---- state', ...fieldDecls);
  out.push(`// ---- contract ${contract.name}`, ...methods, initFn);
  const fns = [...fnTexts.keys()].sort(bySource);
  if (fns.length > 0 || consts.length > 0) out.push('// ---- functions and constants', ...fns.map((f) => fnTexts.get(f) as string), ...consts.map((k) => constTexts.get(k) as string));
  out.push('// ---- dispatch', ...dispatch);
  return { body: out.join('\n'), sites: c.sites };
}

/** Exposed for tests: identifiers of a method's parameters as emitted. */
export function emittedParamNames(m: MethodDecl | FunctionDecl): string[] {
  return ['$d', ...m.params.map((p: Param) => local((p.name as Identifier).name))];
}
