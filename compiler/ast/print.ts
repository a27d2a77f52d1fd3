/**
 * AST → source text: pretty-prints a `SourceUnit` as TypeScript-subset source that parses back to
 * an equal AST (spans aside; threat catalogue CMP-04). The AST has no parenthesis nodes, so
 * parentheses are inserted from operator precedence, plus the few places where JavaScript's
 * grammar needs them regardless (`{`/`function`/`class`/`/` at the start of a statement, an
 * object literal as arrow body, `(-x) ** 2`, `??` next to `||`/`&&`, and a `<` comparison that a
 * later `>` could turn into a generic call `f<T>(x)`). Forbidden constructs print as a canonical
 * example of their kind (a regex as `/regex/`, a label as `label:`), which parses to the same
 * `Banned*` node.
 *
 * Does NOT preserve comments, blank lines or the original layout, and does NOT validate the tree.
 * Trees that no parse can produce (an `else` attached to an outer `if` whose `then` branch is a
 * bare `if` without `else`) print as source that parses differently.
 * @module
 */
import { assertNever, InternalCompilerError } from '../diagnostics.ts';
import type * as A from './nodes.ts';
import { AS_PRECEDENCE, BINARY_PRECEDENCE } from './precedence.ts';

const INDENT = '  ';

/** Binding power of expressions (higher binds tighter); binary operators occupy 4..14 (BINARY_PRECEDENCE). */
const Prec = {
  Comma: 0,
  Assign: 2,
  Conditional: 3,
  Unary: 15,
  Postfix: 16,
  Member: 17,
  Primary: 18,
} as const;

/**
 * Operators whose token the parser's generic-call scan (`f<T>(x)`) reads as part of a type, so a
 * `<` before them is not closed off: `a < b > (c)` would parse as a call.
 */
const TYPE_LIKE_OPS = new Set<string>(['<', '>', '>>', '>>>', '|', '&', '-']);

/**
 * Prints a whole file. Each top-level declaration is separated by a blank line.
 * @example printUnit(parseFile(file, bag)) // 'export const x = 1;\n'
 */
export function printUnit(unit: A.SourceUnit): string {
  const parts = unit.items.map((item) => topLevel(item));
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}

/** Prints one expression (as it would appear as a whole statement expression). */
export function printExpr(expr: A.Expr): string {
  return expression(expr, Prec.Comma, false);
}

/** Prints one type. */
export function printType(type: A.TypeNode): string {
  return typeText(type);
}

// ---------------------------------------------------------------------------------------------
// Declarations

function topLevel(item: A.TopLevelDecl): string {
  const exp = (exported: boolean): string => (exported ? 'export ' : '');
  switch (item.kind) {
    case 'ImportDecl':
      return importDecl(item);
    case 'ClassDecl':
      return classDecl(item, '');
    case 'InterfaceDecl': {
      const ext = item.extendsTypes.length > 0 ? ` extends ${item.extendsTypes.map(typeText).join(', ')}` : '';
      const members = item.members.map((m) => `${INDENT}${signature(m)};`);
      return `${exp(item.exported)}interface ${item.name.name}${typeParams(item.typeParams)}${ext} ${bracedLines(members, '')}`;
    }
    case 'TypeAliasDecl':
      return `${exp(item.exported)}type ${item.name.name}${typeParams(item.typeParams)} = ${typeText(item.type)};`;
    case 'EnumDecl': {
      const members = item.members.map((m) => `${INDENT}${m.name.name}${m.init === undefined ? '' : ` = ${expression(m.init, Prec.Assign, true)}`},`);
      return `${exp(item.exported)}${item.isConst ? 'const ' : ''}enum ${item.name.name} ${bracedLines(members, '')}`;
    }
    case 'FunctionDecl':
      return `${exp(item.exported)}${item.modifiers.includes('async') ? 'async ' : ''}function${item.modifiers.includes('generator') ? '*' : ''} ${item.name.name}${typeParams(item.typeParams)}${paramList(item.params)}${annotation(item.returnType)} ${block(item.body, '')}`;
    case 'ConstDecl':
      return `${exp(item.exported)}${varDecl(item.declaration)};`;
    case 'BannedStmt':
      return statement(item, '');
    default:
      return assertNever(item);
  }
}

function importDecl(d: A.ImportDecl): string {
  const specs = d.specifiers.map((s) => (s.local.name === s.imported.name ? s.imported.name : `${s.imported.name} as ${s.local.name}`));
  const named = `{${specs.length > 0 ? ` ${specs.join(', ')} ` : ''}}`;
  const from = ` from ${quote(d.module.value)};`;
  switch (d.unsupportedForm) {
    case undefined:
      return `import ${named}${from}`;
    case 'default':
      return `import _default${specs.length > 0 ? `, ${named}` : ''}${from}`;
    case 'namespace':
      return `import * as _namespace${from}`;
    case 'side-effect':
      return `import ${quote(d.module.value)};`;
    default:
      return assertNever(d.unsupportedForm);
  }
}

function decorators(list: readonly A.Decorator[], indent: string): string {
  return list.map((d) => `${indent}@${d.name.name}${d.args === undefined ? '' : `(${d.args.map((a, i) => expression(a, Prec.Assign, i < d.args!.length - 1)).join(', ')})`}\n`).join('');
}

function classDecl(c: A.ClassDecl, indent: string): string {
  const mods = c.modifiers.map((m) => `${m} `).join('');
  const ext = c.extendsType === undefined ? '' : ` extends ${typeText(c.extendsType)}`;
  const impl = c.implementsTypes.length > 0 ? ` implements ${c.implementsTypes.map(typeText).join(', ')}` : '';
  const inner = indent + INDENT;
  const members = c.members.map((m) => classMember(m, inner));
  return `${decorators(c.decorators, indent)}${c.exported ? 'export ' : ''}${mods}class ${c.name.name}${typeParams(c.typeParams)}${ext}${impl} ${bracedBlocks(members, indent)}`;
}

/** Modifier words, then `*` for a generator (its only valid place). */
function modifierPrefix(mods: readonly A.Modifier[]): string {
  return mods.filter((m) => m !== 'generator').map((m) => `${m} `).join('') + (mods.includes('generator') ? '*' : '');
}

function classMember(m: A.ClassMember, indent: string): string {
  switch (m.kind) {
    case 'FieldDecl': {
      const init = m.init === undefined ? '' : ` = ${expression(m.init, Prec.Assign, false)}`;
      return `${decorators(m.decorators, indent)}${indent}${modifierPrefix(m.modifiers)}${m.name.name}${m.optional ? '?' : ''}${annotation(m.type)}${init};`;
    }
    case 'MethodDecl':
      return `${decorators(m.decorators, indent)}${indent}${modifierPrefix(m.modifiers)}${m.name.name}${typeParams(m.typeParams)}${paramList(m.params)}${annotation(m.returnType)} ${block(m.body, indent)}`;
    case 'ConstructorDecl':
      return `${indent}${modifierPrefix(m.modifiers)}constructor${paramList(m.params)} ${block(m.body, indent)}`;
    default:
      return assertNever(m);
  }
}

function signature(m: A.PropertySignature | A.MethodSignature): string {
  if (m.kind === 'MethodSignature') return `${m.name.name}${paramList(m.params)}${annotation(m.returnType)}`;
  return `${m.readonly ? 'readonly ' : ''}${m.name.name}${m.optional ? '?' : ''}: ${typeText(m.type)}`;
}

function typeParams(list: readonly A.Identifier[]): string {
  return list.length === 0 ? '' : `<${list.map((p) => p.name).join(', ')}>`;
}

function paramList(params: readonly A.Param[]): string {
  return `(${params.map((p, i) => param(p, i < params.length - 1)).join(', ')})`;
}

function param(p: A.Param, unsafeTail: boolean): string {
  const init = p.init === undefined ? '' : ` = ${expression(p.init, Prec.Assign, unsafeTail)}`;
  return `${modifierPrefix(p.modifiers)}${p.rest ? '...' : ''}${p.name.name}${p.optional ? '?' : ''}${annotation(p.type)}${init}`;
}

function annotation(t: A.TypeNode | undefined): string {
  return t === undefined ? '' : `: ${typeText(t)}`;
}

/** `{ line; line }` over several lines (an empty body prints as `{}`). */
function bracedLines(lines: readonly string[], indent: string): string {
  return lines.length === 0 ? '{}' : `{\n${lines.map((l) => indent + l).join('\n')}\n${indent}}`;
}

/** Like {@link bracedLines} for members already carrying their indentation, blank-line separated. */
function bracedBlocks(members: readonly string[], indent: string): string {
  return members.length === 0 ? '{}' : `{\n${members.join('\n\n')}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------
// Statements

function block(b: A.Block, indent: string): string {
  const inner = indent + INDENT;
  return b.statements.length === 0 ? '{}' : `{\n${b.statements.map((s) => inner + statement(s, inner)).join('\n')}\n${indent}}`;
}

function binding(b: A.Binding): string {
  switch (b.kind) {
    case 'Identifier':
      return b.name;
    case 'ArrayPattern':
      return `[${b.elements.map((e) => e.name).join(', ')}]`;
    case 'ObjectPattern':
      return `{ ${b.properties.map((p) => (p.key.name === p.local.name ? p.key.name : `${p.key.name}: ${p.local.name}`)).join(', ')} }`;
    default:
      return assertNever(b);
  }
}

function varDecl(d: A.VarDecl): string {
  const parts = d.declarations.map((v) => `${binding(v.binding)}${annotation(v.type)}${v.init === undefined ? '' : ` = ${expression(v.init, Prec.Assign, false)}`}`);
  return `${d.declKind} ${parts.join(', ')}`;
}

/** A statement body: a block stays on the line, anything else too (one statement per line). */
function body(s: A.Stmt, indent: string): string {
  return statement(s, indent);
}

/** Source of a statement at `indent` (the first line is not indented; later lines are). */
function statement(s: A.Stmt, indent: string): string {
  switch (s.kind) {
    case 'VarDecl':
      return `${varDecl(s)};`;
    case 'ExprStmt':
      return `${statementExpression(s.expression)};`;
    case 'Block':
      return block(s, indent);
    case 'IfStmt': {
      const head = `if (${expression(s.test, Prec.Comma, false)}) ${body(s.consequent, indent)}`;
      return s.alternate === undefined ? head : `${head} else ${body(s.alternate, indent)}`;
    }
    case 'ForOfStmt':
      return `for (${s.declKind} ${binding(s.binding)} of ${regexSafe(expression(s.iterable, Prec.Assign, false))}) ${body(s.body, indent)}`;
    case 'ForStmt': {
      let init = '';
      if (s.init !== undefined) {
        init = s.init.kind === 'VarDecl' ? varDecl(s.init) : expression(s.init, Prec.Comma, false);
        // `for (x in y; …)` would read as a for-in loop.
        if (s.init.kind !== 'VarDecl' && /^[A-Za-z_][A-Za-z0-9_]*\s+(in|of)\b/.test(init)) init = `(${init})`;
      }
      const test = s.test === undefined ? '' : ` ${expression(s.test, Prec.Comma, false)}`;
      const update = s.update === undefined ? '' : ` ${expression(s.update, Prec.Comma, false)}`;
      return `for (${init};${test};${update}) ${body(s.body, indent)}`;
    }
    case 'WhileStmt':
      return `while (${expression(s.test, Prec.Comma, false)}) ${body(s.body, indent)}`;
    case 'DoWhileStmt':
      return `do ${body(s.body, indent)} while (${expression(s.test, Prec.Comma, false)});`;
    case 'ReturnStmt':
      return s.value === undefined ? 'return;' : `return ${expression(s.value, Prec.Comma, false)};`;
    case 'BreakStmt':
      return s.label === undefined ? 'break;' : `break ${s.label.name};`;
    case 'ContinueStmt':
      return s.label === undefined ? 'continue;' : `continue ${s.label.name};`;
    case 'SwitchStmt': {
      const inner = indent + INDENT;
      const cases = s.cases.map((c) => {
        const head = c.test === undefined ? 'default:' : `case ${expression(c.test, Prec.Comma, false)}:`;
        const stmts = c.body.map((b) => `\n${inner}${INDENT}${statement(b, inner + INDENT)}`).join('');
        return `${inner}${head}${stmts}`;
      });
      return `switch (${expression(s.discriminant, Prec.Comma, false)}) ${cases.length === 0 ? '{}' : `{\n${cases.join('\n')}\n${indent}}`}`;
    }
    case 'TryStmt': {
      let out = `try ${block(s.block, indent)}`;
      if (s.catchBody !== undefined) out += ` catch ${s.catchParam === undefined ? '' : `(${s.catchParam.name}) `}${block(s.catchBody, indent)}`;
      if (s.finallyBody !== undefined) out += ` finally ${block(s.finallyBody, indent)}`;
      return out;
    }
    case 'EmptyStmt':
      return ';';
    case 'BannedStmt':
      return bannedStatement(s, indent);
    default:
      return assertNever(s);
  }
}

function bannedStatement(s: A.BannedStmt, indent: string): string {
  const expr = (i: number): string => {
    const e = s.expressions[i];
    return e === undefined ? 'undefined' : expression(e, Prec.Comma, false);
  };
  const stmt = (i: number): string => {
    const b = s.statements[i];
    return b === undefined ? ';' : body(b, indent);
  };
  switch (s.construct) {
    case 'with':
      return `with (${expr(0)}) ${stmt(0)}`;
    case 'label':
      return `label: ${stmt(0)}`;
    case 'debugger':
      return 'debugger;';
    case 'throw':
      return `throw ${expr(0)};`;
    case 'for-in':
      return `for (const key in ${expr(0)}) ${stmt(0)}`;
    case 'function-in-block': {
      const b = s.statements[0];
      return `function f() ${b !== undefined && b.kind === 'Block' ? block(b, indent) : '{}'}`;
    }
    case 'class-in-block':
      return 'class C {}';
    case 'import-in-block':
      return "import {} from 'module';";
    default:
      throw new InternalCompilerError(`cannot print banned statement "${s.construct}"`);
  }
}

/** An expression statement, parenthesised where its first token would start something else. */
function statementExpression(e: A.Expr): string {
  const text = expression(e, Prec.Comma, false);
  return /^(\{|function\b|class\b|\/)/.test(text) ? `(${text})` : text;
}

// ---------------------------------------------------------------------------------------------
// Expressions

function precedenceOf(e: A.Expr): number {
  switch (e.kind) {
    case 'AssignExpr':
    case 'ArrowFunction':
      return Prec.Assign;
    case 'ConditionalExpr':
      return Prec.Conditional;
    case 'BinaryExpr':
      return BINARY_PRECEDENCE[e.op];
    case 'AsExpr':
      return AS_PRECEDENCE;
    case 'UnaryExpr':
      return Prec.Unary;
    case 'UpdateExpr':
      return e.prefix ? Prec.Unary : Prec.Postfix;
    case 'MemberExpr':
    case 'IndexExpr':
    case 'CallExpr':
    case 'NewExpr':
    case 'NonNullExpr':
      return Prec.Member;
    case 'BannedExpr':
      switch (e.construct) {
        case 'comma':
          return Prec.Comma;
        case 'yield':
          return Prec.Assign;
        case 'typeof':
        case 'delete':
        case 'void':
        case 'await':
          return Prec.Unary;
        case 'tagged-template':
          return Prec.Member;
        default:
          return Prec.Primary;
      }
    default:
      return Prec.Primary;
  }
}

/**
 * Source of `e` where the context binds with `minPrec` (parenthesised if `e` binds looser).
 * `unsafeTail`: a type-like token (`,`, `>`, `|`, …) may follow, so a `<` comparison must be
 * closed off with parentheses (see {@link TYPE_LIKE_OPS}).
 */
function expression(e: A.Expr, minPrec: number, unsafeTail: boolean): string {
  const prec = precedenceOf(e);
  // A comma expression is always parenthesised: every context that allows one also allows parens.
  if (prec < minPrec || prec === Prec.Comma) return `(${bare(e, false)})`;
  if (e.kind === 'BinaryExpr' && e.op === '<' && unsafeTail) return `(${bare(e, false)})`;
  return bare(e, unsafeTail);
}

function bare(e: A.Expr, unsafeTail: boolean): string {
  switch (e.kind) {
    case 'NumberLit':
      return e.raw;
    case 'StringLit':
      return quote(e.value);
    case 'BoolLit':
      return e.value ? 'true' : 'false';
    case 'UndefinedLit':
      return 'undefined';
    case 'Name':
      return e.name;
    case 'ThisExpr':
      return 'this';
    case 'MemberExpr':
      return `${memberObject(e.object)}${e.optional ? '?.' : '.'}${e.property.name}`;
    case 'IndexExpr':
      return `${memberObject(e.object)}${e.optional ? '?.' : ''}[${expression(e.index, Prec.Comma, false)}]`;
    case 'CallExpr':
      return `${memberObject(e.callee)}${e.optional ? '?.' : ''}${typeArgs(e.typeArgs)}${argList(e.args)}`;
    case 'NewExpr':
      return `new ${newCallee(e.callee)}${typeArgs(e.typeArgs)}${argList(e.args)}`;
    case 'ArrayLit':
      return `[${e.elements.map((x, i) => element(x, i < e.elements.length - 1)).join(', ')}]`;
    case 'ObjectLit':
      return e.properties.length === 0 ? '{}' : `{ ${e.properties.map((p, i) => property(p, i < e.properties.length - 1)).join(', ')} }`;
    case 'UnaryExpr':
      return prefixed(e.op, expression(e.operand, Prec.Unary, unsafeTail));
    case 'UpdateExpr':
      return e.prefix ? prefixed(e.op, expression(e.operand, Prec.Unary, unsafeTail)) : `${expression(e.operand, Prec.Member, false)}${e.op}`;
    case 'BinaryExpr':
      return binary(e, unsafeTail);
    case 'AssignExpr':
      return `${bangSafe(expression(e.target, Prec.Member, false), e.op)} ${e.op} ${expression(e.value, Prec.Assign, unsafeTail)}`;
    case 'ConditionalExpr': {
      const consequent = expression(e.consequent, Prec.Assign, false);
      // `c ? (a) : (x) => y` reads `(a): (x) => y` as an arrow with a return type; parenthesising
      // the alternate closes that reading off, as TypeScript's own disambiguation would.
      const alternate = expression(e.alternate, Prec.Assign, unsafeTail);
      const guarded = consequent.startsWith('(') && alternate.includes('=>') ? `(${alternate})` : alternate;
      return `${expression(e.test, Prec.Conditional + 1, false)} ? ${consequent} : ${guarded}`;
    }
    case 'ArrowFunction': {
      const head = `${e.async ? 'async ' : ''}${paramList(e.params)}${annotation(e.returnType)} =>`;
      if (e.body.kind === 'Block') return `${head} ${block(e.body, '')}`;
      const text = expression(e.body, Prec.Assign, unsafeTail);
      return `${head} ${text.startsWith('{') ? `(${text})` : text}`;
    }
    case 'NonNullExpr':
      return `${memberObject(e.expression)}!`;
    case 'AsExpr':
      return `${expression(e.expression, AS_PRECEDENCE, true)} as ${e.type.kind === 'BannedType' && e.type.construct === 'const-assertion' ? 'const' : typeText(e.type)}`;
    case 'BannedExpr':
      return bannedExpression(e, unsafeTail);
    default:
      return assertNever(e);
  }
}

/** `-x`, and `- -x` / `+ +x` where gluing the operators would make `--`/`++`. */
function prefixed(op: string, operand: string): string {
  const glue = (op === '-' || op === '+' || op === '--' || op === '++') && (operand.startsWith('-') || operand.startsWith('+'));
  // After `++`/`--` the lexer reads `/` as division (as after `x++`), so a regex needs parens.
  const text = op === '++' || op === '--' ? regexSafe(operand) : operand;
  return `${op}${glue ? ' ' : ''}${text}`;
}

/** `text`, parenthesised if it starts with `/` where the lexer would read division. */
function regexSafe(text: string): string {
  return text.startsWith('/') ? `(${text})` : text;
}

/** `text`, parenthesised if it ends with `!` and a `/` follows: `x! /` would lex as a regex. */
function bangSafe(text: string, nextOp: string): string {
  return nextOp.startsWith('/') && text.endsWith('!') ? `(${text})` : text;
}

function binary(e: A.BinaryExpr, unsafeTail: boolean): string {
  const p = BINARY_PRECEDENCE[e.op];
  const rightAssoc = e.op === '**';
  const isLogical = (x: A.Expr): boolean => x.kind === 'BinaryExpr' && (x.op === '||' || x.op === '&&');
  const isCoalesce = (x: A.Expr): boolean => x.kind === 'BinaryExpr' && x.op === '??';
  const mustWrap = (x: A.Expr): boolean => (e.op === '??' && isLogical(x)) || ((e.op === '||' || e.op === '&&') && isCoalesce(x));
  // The left operand is followed by the operator: a type-like one keeps a `<` inside it open.
  const leftTail = TYPE_LIKE_OPS.has(e.op);
  let leftMin = rightAssoc ? p + 1 : p;
  // `-x ** 2` is a syntax error: a prefix expression as base needs parentheses.
  if (rightAssoc) leftMin = Math.max(leftMin, Prec.Postfix);
  // `x as T | y` would read `T | y` as the type: an `as` operand is always parenthesised.
  const wrap = (x: A.Expr): boolean => mustWrap(x) || x.kind === 'AsExpr';
  const left = wrap(e.left) ? `(${bare(e.left, false)})` : expression(e.left, leftMin, leftTail);
  const right = wrap(e.right) ? `(${bare(e.right, false)})` : expression(e.right, rightAssoc ? p : p + 1, unsafeTail);
  return `${bangSafe(left, e.op)} ${e.op} ${right}`;
}

/** The object of `.x`, `[i]`, `(args)`, `!`: a number literal needs parentheses (`(1).x`). */
function memberObject(e: A.Expr): string {
  if (e.kind === 'NumberLit') return `(${e.raw})`;
  return expression(e, Prec.Member, false);
}

/** The callee of `new`: only names, `this`, nested `new` and member chains of them, else parens. */
function newCallee(e: A.Expr): string {
  const plain = (x: A.Expr): boolean => {
    switch (x.kind) {
      case 'Name':
      case 'ThisExpr':
      case 'NewExpr':
        return true;
      case 'MemberExpr':
      case 'IndexExpr':
        return !x.optional && plain(x.object);
      default:
        return false;
    }
  };
  return plain(e) ? bare(e, false) : `(${bare(e, false)})`;
}

function argList(args: readonly (A.Expr | A.SpreadElement)[]): string {
  return `(${args.map((a, i) => element(a, i < args.length - 1)).join(', ')})`;
}

function element(x: A.Expr | A.SpreadElement, unsafeTail: boolean): string {
  return x.kind === 'SpreadElement' ? `...${expression(x.argument, Prec.Assign, unsafeTail)}` : expression(x, Prec.Assign, unsafeTail);
}

function property(p: A.PropertyAssignment | A.SpreadElement, unsafeTail: boolean): string {
  if (p.kind === 'SpreadElement') return `...${expression(p.argument, Prec.Assign, unsafeTail)}`;
  if (p.shorthand && p.key.kind === 'Identifier' && p.value.kind === 'Name' && p.value.name === p.key.name) return p.key.name;
  const key = p.key.kind === 'StringLit' ? quote(p.key.value) : p.key.name;
  return `${key}: ${expression(p.value, Prec.Assign, unsafeTail)}`;
}

function typeArgs(args: readonly A.TypeNode[]): string {
  return args.length === 0 ? '' : `<${args.map(typeText).join(', ')}>`;
}

function bannedExpression(e: A.BannedExpr, unsafeTail: boolean): string {
  const op = (i: number, minPrec: number): string => {
    const x = e.operands[i];
    return x === undefined ? 'undefined' : expression(x, minPrec, unsafeTail);
  };
  switch (e.construct) {
    case 'regex':
      return '/regex/';
    case 'template':
      return template(e.operands);
    case 'tagged-template': {
      const [tag, ...parts] = e.operands;
      return `${tag === undefined ? 'tag' : memberObject(tag)}${template(parts)}`;
    }
    case 'typeof':
    case 'delete':
    case 'void':
    case 'await':
      return `${e.construct} ${op(0, Prec.Unary)}`;
    case 'yield':
      return e.operands.length === 0 ? 'yield' : `yield ${op(0, Prec.Assign)}`;
    case 'function-expression':
      return 'function () {}';
    case 'class-expression':
      return 'class {}';
    case 'dynamic-import':
      return `import(${e.operands[0] === undefined ? "'module'" : expression(e.operands[0], Prec.Assign, false)})`;
    case 'null':
      return 'null';
    case 'super':
      return 'super';
    case 'import-meta':
      return 'import.meta';
    case 'new-target':
      return 'new.target';
    case 'comma':
      return e.operands.map((x, i) => expression(x, Prec.Assign, i < e.operands.length - 1)).join(', ');
    default:
      throw new InternalCompilerError(`cannot print banned expression "${e.construct}"`);
  }
}

function template(parts: readonly A.Expr[]): string {
  return `\`${parts.map((p) => `\${${expression(p, Prec.Comma, false)}}`).join('')}\``;
}

// ---------------------------------------------------------------------------------------------
// Types

function typeText(t: A.TypeNode): string {
  switch (t.kind) {
    case 'KeywordType':
      return t.name;
    case 'TypeRef':
      return `${t.name.name}${typeArgs(t.typeArgs)}`;
    case 'ArrayType': {
      const el = typeText(t.element);
      return t.element.kind === 'UnionType' ? `(${el})[]` : `${el}[]`;
    }
    case 'UnionType':
      return t.types.map((x) => (x.kind === 'UnionType' ? `(${typeText(x)})` : typeText(x))).join(' | ');
    case 'LiteralType':
      return quote(t.value);
    case 'TypeLiteral':
      return t.members.length === 0 ? '{}' : `{ ${t.members.map(signature).join('; ')} }`;
    case 'BannedType':
      return bannedType(t);
    default:
      return assertNever(t);
  }
}

/** A canonical example of each rejected type form (parenthesised where it could bind oddly). */
function bannedType(t: A.BannedType): string {
  switch (t.construct) {
    case 'tuple-type':
      return '[Int]';
    case 'function-type':
      return '(() => void)';
    case 'numeric-literal-type':
      return '1';
    case 'boolean-literal-type':
      return 'true';
    case 'this-type':
      return 'this';
    case 'typeof-type':
      return '(typeof x)';
    case 'intersection-type':
      return '(A & B)';
    case 'indexed-access-type':
      return '(A[B])';
    case 'template-literal-type':
      return '`template`';
    case 'method-signature-in-type-literal':
      return '{ m(): void }';
    case 'const-assertion':
      return 'const';
    default:
      throw new InternalCompilerError(`cannot print banned type "${t.construct}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Literals

/** A single-quoted string literal whose escapes the lexer reads back to exactly `value`. */
function quote(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const c = value.charCodeAt(i);
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff && !isPairedSurrogate(value, i))) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      out += value.slice(i, i + 2);
      i++;
    } else out += ch;
  }
  return `${out}'`;
}

function isPairedSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff;
  }
  return false;
}
