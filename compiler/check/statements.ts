/**
 * Type checking of statements and function bodies: declarations and scopes, conditions (always
 * `boolean`: there is no truthiness), loops, `switch`, `try`, `return` against the declared
 * type, and "every path returns". Narrowing of optionals after `x !== undefined` checks,
 * `require(x !== undefined, …)` and early exits is applied to immutable bindings.
 * Does NOT check expressions itself (see `expressions.ts`).
 * @module
 */
import type { Block, Expr, Identifier, Param, Stmt, SwitchStmt, TryStmt, VarDecl } from '../ast/nodes.ts';
import { InternalCompilerError } from '../diagnostics.ts';
import { nonOptional, widen } from './assign.ts';
import { type CheckContext, type FnCtx, type LocalBinding, report } from './context.ts';
import { checkCondition, checkExpr, checkExprAs, lookupLocal, narrowingsOf } from './expressions.ts';
import { resolveType } from './resolve-types.ts';
import { BOOL, ERROR, FAILURE, INT, type Type, VOID, optionalOf, typeToString } from './types.ts';

/** Declares a binding in the innermost scope, reporting a duplicate in the same scope. */
export function declare(ctx: CheckContext, f: FnCtx, id: Identifier, type: Type, mutable: boolean, isParam: boolean): void {
  const scope = f.scopes[f.scopes.length - 1] as Map<string, LocalBinding>;
  const prev = scope.get(id.name);
  if (prev !== undefined && prev.id !== id) {
    report(ctx, 'DuplicateDeclaration', id.span, [id.name], [{ span: prev.id.span, message: `"${id.name}" is first declared here` }]);
  }
  ctx.tables.bindings.set(id, type);
  scope.set(id.name, { id, type, mutable, isParam });
}

/** Declares parameters (in the current scope) and returns their types. */
export function declareParams(ctx: CheckContext, f: FnCtx, params: readonly Param[]): Type[] {
  return params.map((p) => {
    if (p.init !== undefined) report(ctx, 'DefaultParameter', p.init.span);
    let t: Type = ERROR;
    if (p.type === undefined) report(ctx, 'MissingParameterType', p.name.span, [p.name.name]);
    else t = resolveType(ctx, f.scope, p.type);
    if (p.optional) t = optionalOf(t);
    declare(ctx, f, p.name, t, false, true);
    return t;
  });
}

/** Checks a block in a new scope. `returnType` is unused here but documents the lambda case. */
export function checkBlockInScope(ctx: CheckContext, f: FnCtx, block: Block, returnType?: Type): void {
  void returnType;
  f.scopes.push(new Map());
  for (const s of block.statements) checkStmt(ctx, f, s);
  f.scopes.pop();
}

/** Checks a function or method body and the "every path returns" rule. */
export function checkBody(ctx: CheckContext, f: FnCtx, body: Block, nameSpan: Identifier['span']): void {
  for (const s of body.statements) checkStmt(ctx, f, s);
  const r = f.returnType;
  if (r !== undefined && r.kind !== 'void' && r.kind !== 'error' && !alwaysExits(body)) {
    report(ctx, 'MissingReturn', nameSpan, [typeToString(r)]);
  }
}

function isRevertCall(e: Expr): boolean {
  return e.kind === 'CallExpr' && e.callee.kind === 'Name' && e.callee.name === 'revert';
}

/** Does control never reach the end of `s` (return or revert on every path)? */
export function alwaysExits(s: Stmt): boolean {
  switch (s.kind) {
    case 'ReturnStmt': return true;
    case 'ExprStmt': return isRevertCall(s.expression);
    case 'Block': return s.statements.some(alwaysExits);
    case 'IfStmt': return s.alternate !== undefined && alwaysExits(s.consequent) && alwaysExits(s.alternate);
    case 'SwitchStmt':
      return s.cases.some((c) => c.test === undefined) && s.cases.every((c, i) => c.body.some(alwaysExits) || (c.body.length === 0 && i < s.cases.length - 1)) && !containsBreak(s.cases.flatMap((c) => c.body));
    case 'TryStmt':
      return (s.finallyBody !== undefined && alwaysExits(s.finallyBody)) || (alwaysExits(s.block) && (s.catchBody === undefined || alwaysExits(s.catchBody)));
    // `while (true)` / `for (;;)` without a `break` of their own never complete normally (gas ends them).
    case 'WhileStmt':
    case 'DoWhileStmt':
      return s.test.kind === 'BoolLit' && s.test.value && !containsBreak([s.body]);
    case 'ForStmt':
      return s.test === undefined && !containsBreak([s.body]);
    default: return false;
  }
}

function containsBreak(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case 'BreakStmt': return true;
      case 'Block': return containsBreak(s.statements);
      case 'IfStmt': return containsBreak([s.consequent]) || (s.alternate !== undefined && containsBreak([s.alternate]));
      case 'TryStmt': return containsBreak([s.block]) || (s.catchBody !== undefined && containsBreak([s.catchBody])) || (s.finallyBody !== undefined && containsBreak([s.finallyBody]));
      default: return false;
    }
  });
}

function condition(ctx: CheckContext, f: FnCtx, e: Expr): void {
  checkCondition(ctx, f, e);
}

function withScope(f: FnCtx, extra: Map<string, LocalBinding>, body: () => void): void {
  f.scopes.push(extra);
  try {
    body();
  } finally {
    f.scopes.pop();
  }
}

/** Adds narrowed bindings to the innermost scope (for the rest of the current block). */
function narrowRest(f: FnCtx, narrowed: Map<string, LocalBinding>): void {
  const scope = f.scopes[f.scopes.length - 1] as Map<string, LocalBinding>;
  for (const [k, v] of narrowed) scope.set(k, v);
}

export function checkStmt(ctx: CheckContext, f: FnCtx, s: Stmt): void {
  switch (s.kind) {
    case 'VarDecl':
      checkVarDecl(ctx, f, s);
      return;
    case 'ExprStmt': {
      checkExpr(ctx, f, s.expression);
      const e = s.expression;
      if (e.kind === 'CallExpr' && e.callee.kind === 'Name' && e.callee.name === 'require' && lookupLocal(f, 'require') === undefined && e.args[0] !== undefined && e.args[0].kind !== 'SpreadElement') {
        narrowRest(f, narrowingsOf(ctx, f, e.args[0], true));
      }
      return;
    }
    case 'Block':
      checkBlockInScope(ctx, f, s);
      return;
    case 'IfStmt': {
      condition(ctx, f, s.test);
      withScope(f, narrowingsOf(ctx, f, s.test, true), () => checkNested(ctx, f, s.consequent));
      if (s.alternate !== undefined) {
        const alt = s.alternate;
        withScope(f, narrowingsOf(ctx, f, s.test, false), () => checkNested(ctx, f, alt));
      }
      // `if (x === undefined) return;` narrows `x` for the rest of the block.
      if (s.alternate === undefined && alwaysExits(s.consequent)) narrowRest(f, narrowingsOf(ctx, f, s.test, false));
      return;
    }
    case 'ForOfStmt': {
      const it = checkExpr(ctx, f, s.iterable);
      f.scopes.push(new Map());
      const mutable = s.declKind !== 'const';
      if (it.kind === 'array') {
        bindPattern(ctx, f, s.binding, it.element, mutable);
      } else if (it.kind === 'map') {
        if (s.binding.kind !== 'ArrayPattern' || s.binding.elements.length !== 2) {
          report(ctx, 'MapIterationPattern', s.binding.span);
          bindPattern(ctx, f, s.binding, ERROR, mutable);
        } else {
          declare(ctx, f, s.binding.elements[0] as Identifier, it.key, mutable, false);
          declare(ctx, f, s.binding.elements[1] as Identifier, it.value, mutable, false);
        }
      } else {
        if (it.kind !== 'error') report(ctx, 'NotIterable', s.iterable.span, [typeToString(it)]);
        bindPattern(ctx, f, s.binding, ERROR, mutable);
      }
      loop(f, () => checkNested(ctx, f, s.body));
      f.scopes.pop();
      return;
    }
    case 'ForStmt': {
      f.scopes.push(new Map());
      if (s.init !== undefined) {
        if (s.init.kind === 'VarDecl') checkVarDecl(ctx, f, s.init);
        else checkExpr(ctx, f, s.init);
      }
      if (s.test !== undefined) condition(ctx, f, s.test);
      if (s.update !== undefined) checkExpr(ctx, f, s.update);
      loop(f, () => checkNested(ctx, f, s.body));
      f.scopes.pop();
      return;
    }
    case 'WhileStmt':
      condition(ctx, f, s.test);
      loop(f, () => checkNested(ctx, f, s.body));
      return;
    case 'DoWhileStmt':
      loop(f, () => checkNested(ctx, f, s.body));
      condition(ctx, f, s.test);
      return;
    case 'ReturnStmt': {
      const r = f.returnType;
      // Only bodies with a declared return type contain statements; initialisers are expressions.
      if (r === undefined) throw new InternalCompilerError('return statement outside a function body');
      if (s.value === undefined) {
        if (r.kind !== 'void' && r.kind !== 'error') report(ctx, 'MissingReturnValue', s.span, [typeToString(r)]);
        return;
      }
      if (r.kind === 'void') {
        checkExpr(ctx, f, s.value);
        report(ctx, 'ReturnValueInVoid', s.value.span);
        return;
      }
      checkExprAs(ctx, f, s.value, r);
      return;
    }
    case 'BreakStmt':
      if (s.label === undefined && f.loopDepth === 0 && f.switchDepth === 0) report(ctx, 'BreakOutsideLoop', s.span, ['break']);
      return;
    case 'ContinueStmt':
      if (s.label === undefined && f.loopDepth === 0) report(ctx, 'BreakOutsideLoop', s.span, ['continue']);
      return;
    case 'SwitchStmt':
      checkSwitch(ctx, f, s);
      return;
    case 'TryStmt':
      checkTry(ctx, f, s);
      return;
    case 'EmptyStmt':
      return;
    case 'BannedStmt':
      for (const e of s.expressions) checkExpr(ctx, f, e);
      for (const x of s.statements) checkNested(ctx, f, x);
      return;
  }
}

/** A statement in its own scope (loop bodies, branches). */
function checkNested(ctx: CheckContext, f: FnCtx, s: Stmt): void {
  if (s.kind === 'VarDecl') report(ctx, 'DeclarationNotInBlock', s.span);
  f.scopes.push(new Map());
  checkStmt(ctx, f, s);
  f.scopes.pop();
}

function loop(f: FnCtx, body: () => void): void {
  f.loopDepth++;
  try {
    body();
  } finally {
    f.loopDepth--;
  }
}

function bindPattern(ctx: CheckContext, f: FnCtx, b: import('../ast/nodes.ts').Binding, t: Type, mutable: boolean): void {
  switch (b.kind) {
    case 'Identifier':
      declare(ctx, f, b, t, mutable, false);
      return;
    case 'ArrayPattern':
      report(ctx, 'UnsupportedDestructuring', b.span);
      for (const el of b.elements) declare(ctx, f, el, ERROR, mutable, false);
      return;
    case 'ObjectPattern': {
      const r = nonOptional(t);
      for (const p of b.properties) {
        let ft: Type = ERROR;
        if (r.kind === 'record' || r.kind === 'event') {
          const field = r.fields.find((x) => x.name === p.key.name);
          if (field === undefined) report(ctx, 'UnknownMember', p.key.span, [p.key.name, r.name]);
          else ft = field.type;
        } else if (r.kind !== 'error') {
          report(ctx, 'UnsupportedDestructuring', b.span);
        }
        declare(ctx, f, p.local, ft, mutable, false);
      }
      if (t.kind === 'optional') report(ctx, 'PossiblyUndefined', b.span, [typeToString(t)]);
      return;
    }
  }
}

function checkVarDecl(ctx: CheckContext, f: FnCtx, s: VarDecl): void {
  const mutable = s.declKind !== 'const';
  for (const d of s.declarations) {
    const annotated = d.type === undefined ? undefined : resolveType(ctx, f.scope, d.type);
    let t: Type;
    if (d.init === undefined) {
      report(ctx, 'UninitialisedVariable', d.span);
      t = annotated ?? ERROR;
    } else if (annotated !== undefined) {
      checkExprAs(ctx, f, d.init, annotated);
      t = annotated;
    } else {
      t = checkExpr(ctx, f, d.init);
      if (t.kind === 'void') {
        report(ctx, 'VoidValue', d.init.span);
        t = ERROR;
      } else if (t.kind === 'undefined') {
        report(ctx, 'CannotInferType', d.init.span, ['undefined']);
        t = ERROR;
      } else if (t.kind === 'namespace' || t.kind === 'function') {
        report(ctx, 'NotAValue', d.init.span, [typeToString(t)]);
        t = ERROR;
      }
      if (mutable) t = widen(t);
    }
    bindPattern(ctx, f, d.binding, t, mutable);
  }
}

function isConstantCase(e: Expr): boolean {
  if (e.kind === 'StringLit' || e.kind === 'NumberLit' || e.kind === 'BoolLit') return true;
  if (e.kind === 'UnaryExpr' && e.op === '-' && e.operand.kind === 'NumberLit') return true;
  return e.kind === 'MemberExpr' && e.object.kind === 'Name';
}

function caseKey(e: Expr): string {
  switch (e.kind) {
    case 'StringLit': return `s:${e.value}`;
    case 'NumberLit': return `n:${e.intDigits}.${e.fracDigits ?? ''}`;
    case 'BoolLit': return `b:${e.value}`;
    case 'UnaryExpr': return `-${caseKey(e.operand)}`;
    case 'MemberExpr': return `m:${e.object.kind === 'Name' ? e.object.name : ''}.${e.property.name}`;
    default: return `?${e.span.start}`;
  }
}

function checkSwitch(ctx: CheckContext, f: FnCtx, s: SwitchStmt): void {
  const t = checkExpr(ctx, f, s.discriminant);
  const base = t.kind === 'strings' ? { kind: 'string' as const } : t;
  if (!['string', 'enum', 'int', 'bool', 'error'].includes(base.kind)) report(ctx, 'InvalidSwitchType', s.discriminant.span, [typeToString(t)]);
  const seen = new Map<string, Expr>();
  let defaults = 0;
  f.scopes.push(new Map());
  f.switchDepth++;
  for (const c of s.cases) {
    if (c.test === undefined) {
      if (++defaults > 1) report(ctx, 'DuplicateCase', c.span, ['default']);
    } else if (!isConstantCase(c.test)) {
      checkExpr(ctx, f, c.test);
      report(ctx, 'NonConstantCase', c.test.span);
    } else {
      checkExprAs(ctx, f, c.test, base.kind === 'error' ? ERROR : t.kind === 'strings' ? base : t);
      {
        const key = caseKey(c.test);
        const prev = seen.get(key);
        if (prev !== undefined) report(ctx, 'DuplicateCase', c.test.span, [ctx.files[c.test.span.file]?.text.slice(c.test.span.start, c.test.span.end) ?? key], [{ span: prev.span, message: 'the same case is first handled here' }]);
        else seen.set(key, c.test);
      }
    }
    for (const x of c.body) checkStmt(ctx, f, x);
  }
  f.switchDepth--;
  f.scopes.pop();
}

function checkTry(ctx: CheckContext, f: FnCtx, s: TryStmt): void {
  checkBlockInScope(ctx, f, s.block);
  if (s.catchBody !== undefined) {
    f.scopes.push(new Map());
    if (s.catchParam !== undefined) declare(ctx, f, s.catchParam, FAILURE, false, false);
    for (const x of s.catchBody.statements) checkStmt(ctx, f, x);
    f.scopes.pop();
  }
  if (s.finallyBody !== undefined) {
    const exits = findControlTransfer(s.finallyBody.statements);
    if (exits !== undefined) report(ctx, 'ControlFlowInFinally', exits.span);
    checkBlockInScope(ctx, f, s.finallyBody);
  }
}

/** A `return`, or a `break`/`continue` leaving the block, inside a `finally` (it would swallow failures). */
function findControlTransfer(stmts: readonly Stmt[]): Stmt | undefined {
  for (const s of stmts) {
    switch (s.kind) {
      case 'ReturnStmt':
      case 'BreakStmt':
      case 'ContinueStmt':
        return s;
      case 'Block': {
        const r = findControlTransfer(s.statements);
        if (r) return r;
        break;
      }
      case 'IfStmt': {
        const r = findControlTransfer([s.consequent]) ?? (s.alternate === undefined ? undefined : findControlTransfer([s.alternate]));
        if (r) return r;
        break;
      }
      case 'TryStmt': {
        const r = findControlTransfer(s.block.statements) ?? findControlTransfer(s.catchBody?.statements ?? []) ?? findControlTransfer(s.finallyBody?.statements ?? []);
        if (r) return r;
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

export { BOOL, INT, VOID };
