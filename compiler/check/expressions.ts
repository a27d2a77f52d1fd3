/**
 * Type checking of expressions: literals, names, operators, member access, calls, object and
 * array literals, lambdas. Every checked expression gets a type in the side tables; names,
 * members and calls also get their meaning. Errors produce the `error` type, which is silently
 * accepted everywhere so that one mistake gives one diagnostic.
 * Does NOT check statements (see `statements.ts`) or built-in call rules (see `builtin-calls.ts`).
 * @module
 */
import type {
  ArrayLit, ArrowFunction, AssignExpr, BinaryExpr, CallExpr, ConditionalExpr, Expr, IndexExpr, MemberExpr, Name,
  NewExpr, ObjectLit, SpreadElement, UnaryExpr, UpdateExpr,
} from '../ast/nodes.ts';
import { currencyExponent } from '../../stdlib/index.ts';
import { assignability, expectAssignable, nonOptional, reportCurrencyMismatch, unify } from './assign.ts';
import { BANNED_GLOBALS, BANNED_MEMBERS, CTX_MEMBERS, FIXED_SIGNATURES, GENERIC_BUILTINS } from './builtins.ts';
import { checkBuiltinCall, checkBuiltinMethodCall, builtinMethodExists } from './builtin-calls.ts';
import { type CheckContext, type FnCtx, type LocalBinding, noteEffect, preludeName, report } from './context.ts';
import { declaredType, methodRole, methodSignature, resolveType } from './resolve-types.ts';
import { checkBlockInScope } from './statements.ts';
import {
  BOOL, DECIMAL, ERROR, FAILURE, INT, STRING, UNDEFINED, VOID, type Type, arrayOf, isNumericType, optionalOf, sameType, typeToString,
} from './types.ts';

/**
 * Checks `e`, records and returns its type. `expected` gives context (object literals, `[]`, lambdas).
 * If `e` ends an optional chain (`a?.b.c`), its type is the chain's: optional.
 */
export function checkExpr(ctx: CheckContext, f: FnCtx, e: Expr, expected?: Type): Type {
  if (!inOptionalChain(e)) {
    const t = checkInner(ctx, f, e, expected);
    ctx.tables.types.set(e, t);
    return t;
  }
  const t = chainType(checkInner(ctx, f, e, expected === undefined ? undefined : nonOptional(expected)));
  ctx.tables.types.set(e, t);
  ctx.tables.chainEnds.add(e);
  return t;
}

/**
 * Checks the object of a chain link (the object of `.x`, `[i]`, the receiver of a method call,
 * the operand of `!`): if it is itself a link of an optional chain, it gets the type of its value
 * when the chain has not short-circuited, i.e. not made optional for the `?.` before it.
 */
function checkLinkObject(ctx: CheckContext, f: FnCtx, e: Expr): Type {
  if (!inOptionalChain(e)) return checkExpr(ctx, f, e);
  const t = checkInner(ctx, f, e, undefined);
  ctx.tables.types.set(e, t);
  ctx.tables.chainEnds.delete(e);
  return t;
}

/**
 * Whether `e` is a link of an optional chain: a member access, index, call or `!` whose object,
 * followed through member accesses, indexes, callees and `!`, has a `?.` link (`e` itself
 * included). Parentheses are not in the AST, so `(a?.b).c` is the chain `a?.b.c`.
 */
export function inOptionalChain(e: Expr): boolean {
  let cur: Expr = e;
  for (;;) {
    switch (cur.kind) {
      case 'MemberExpr':
      case 'IndexExpr':
        if (cur.optional) return true;
        cur = cur.object;
        break;
      case 'CallExpr':
        if (cur.optional) return true;
        cur = cur.callee;
        break;
      case 'NonNullExpr':
        cur = cur.expression;
        break;
      default:
        return false;
    }
  }
}

/** The type of a whole optional chain whose last link has type `t`: `undefined` when it short-circuits. */
function chainType(t: Type): Type {
  return t.kind === 'void' ? t : optionalOf(t);
}

/** Checks `e` against `expected`, reporting a mismatch; returns the expression's own type. */
export function checkExprAs(ctx: CheckContext, f: FnCtx, e: Expr, expected: Type): Type {
  const t = checkExpr(ctx, f, e, expected);
  expectAssignable(ctx, e, t, expected, e.span);
  return t;
}

/**
 * Checks an expression whose context is already an error (arguments of an unknown or forbidden
 * callee, the object of a forbidden member): literals that would need a contextual type are
 * walked without reporting that they cannot be inferred, so one mistake gives one diagnostic.
 */
export function checkLoose(ctx: CheckContext, f: FnCtx, e: Expr): void {
  switch (e.kind) {
    case 'ObjectLit':
      ctx.tables.types.set(e, ERROR);
      for (const p of e.properties) checkLoose(ctx, f, p.kind === 'SpreadElement' ? p.argument : p.value);
      return;
    case 'ArrayLit':
      ctx.tables.types.set(e, ERROR);
      for (const el of e.elements) checkLoose(ctx, f, el.kind === 'SpreadElement' ? el.argument : el);
      return;
    case 'ArrowFunction':
      ctx.tables.types.set(e, ERROR);
      return;
    case 'MemberExpr':
      if (BANNED_MEMBERS.has(e.property.name)) {
        ctx.tables.types.set(e, ERROR);
        checkLoose(ctx, f, e.object);
        return;
      }
      checkExpr(ctx, f, e);
      return;
    case 'CallExpr':
      if (e.callee.kind === 'MemberExpr' && BANNED_MEMBERS.has(e.callee.property.name)) {
        ctx.tables.types.set(e, ERROR);
        checkLoose(ctx, f, e.callee);
        for (const a of e.args) checkLoose(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
        return;
      }
      checkExpr(ctx, f, e);
      return;
    default:
      checkExpr(ctx, f, e);
  }
}

/** Finds a local binding by name, innermost scope first. */
export function lookupLocal(f: FnCtx, name: string): LocalBinding | undefined {
  for (let i = f.scopes.length - 1; i >= 0; i--) {
    const b = (f.scopes[i] as Map<string, LocalBinding>).get(name);
    if (b !== undefined) return b;
  }
  return undefined;
}

function checkInner(ctx: CheckContext, f: FnCtx, e: Expr, expected: Type | undefined): Type {
  switch (e.kind) {
    case 'NumberLit':
      return e.fracDigits === undefined ? INT : (e.bigint ? ERROR : DECIMAL);
    case 'StringLit':
      return { kind: 'strings', values: [e.value] };
    case 'BoolLit':
      return BOOL;
    case 'UndefinedLit':
      return UNDEFINED;
    case 'Name':
      return checkName(ctx, f, e);
    case 'ThisExpr':
      if (f.contract === undefined) report(ctx, 'ThisOutsideContract', e.span);
      else report(ctx, 'ThisAsValue', e.span);
      return ERROR;
    case 'MemberExpr':
      return checkMember(ctx, f, e, false);
    case 'IndexExpr':
      return checkIndex(ctx, f, e);
    case 'CallExpr':
      return checkCall(ctx, f, e, expected);
    case 'NewExpr':
      return checkNew(ctx, f, e, expected);
    case 'ArrayLit':
      return checkArrayLit(ctx, f, e, expected);
    case 'ObjectLit':
      return checkObjectLit(ctx, f, e, expected);
    case 'UnaryExpr':
      return checkUnary(ctx, f, e);
    case 'UpdateExpr':
      return checkUpdate(ctx, f, e);
    case 'BinaryExpr':
      return checkBinary(ctx, f, e, expected);
    case 'AssignExpr':
      return checkAssign(ctx, f, e);
    case 'ConditionalExpr':
      return checkConditional(ctx, f, e, expected);
    case 'ArrowFunction':
      report(ctx, 'LambdaOutsideArrayMethod', e.span);
      return ERROR;
    case 'NonNullExpr': {
      const t = checkLinkObject(ctx, f, e.expression);
      if (t.kind === 'undefined') {
        report(ctx, 'TypeMismatch', e.span, ['undefined', 'a present value']);
        return ERROR;
      }
      return nonOptional(t);
    }
    case 'AsExpr':
      checkExpr(ctx, f, e.expression);
      report(ctx, 'TypeAssertion', e.span);
      return ERROR;
    case 'BannedExpr':
      // The rules pass reports the construct; check its parts for further errors.
      for (const o of e.operands) checkExpr(ctx, f, o);
      return ERROR;
  }
}

// ---------------------------------------------------------------------------------------------
// Names

function checkName(ctx: CheckContext, f: FnCtx, e: Name): Type {
  const local = lookupLocal(f, e.name);
  const builtin = preludeName(f.scope, e.name);
  if (local !== undefined) {
    ctx.tables.names.set(e, { kind: 'local', binding: local.id });
    return local.type;
  }
  const entry = f.scope.names.get(e.name);
  if (entry !== undefined) {
    const s = entry.symbol;
    switch (s.kind) {
      case 'unresolved':
        return ERROR;
      case 'const': {
        ctx.tables.names.set(e, { kind: 'const', decl: s.decl, unit: s.unit });
        return constType(ctx, s.decl);
      }
      case 'function':
        report(ctx, 'FunctionAsValue', e.span, [e.name]);
        return ERROR;
      case 'enum':
        report(ctx, 'TypeAsValue', e.span, [e.name]);
        return ERROR;
      default:
        report(ctx, 'TypeAsValue', e.span, [e.name]);
        return ERROR;
    }
  }
  if (BANNED_GLOBALS.has(e.name)) return ERROR; // reported by the rules pass
  if (builtin === 'ctx') {
    if (f.kind === 'function' || f.kind === 'const-init') {
      report(ctx, 'ContextInPureFunction', e.span);
      return ERROR;
    }
    ctx.tables.names.set(e, { kind: 'builtin', name: 'ctx' });
    return { kind: 'namespace', name: 'ctx' };
  }
  if (FIXED_SIGNATURES.has(builtin) || GENERIC_BUILTINS.has(builtin)) {
    report(ctx, 'FunctionAsValue', e.span, [e.name]);
    return ERROR;
  }
  report(ctx, 'UnknownName', e.span, [e.name]);
  return ERROR;
}

/** Type of a top-level constant, checked once (its initialiser must be pure). */
export function constType(ctx: CheckContext, decl: import('../ast/nodes.ts').VarDeclarator): Type {
  const cached = ctx.declTypes.get(decl);
  if (cached !== undefined) return cached;
  // Set before checking so that a self-reference resolves to `error` instead of recursing.
  ctx.declTypes.set(decl, ERROR);
  const unit = [...ctx.scopes.values()].find((s) => s.unit.items.some((i) => i.kind === 'ConstDecl' && i.declaration.declarations.includes(decl)));
  if (unit === undefined) return ERROR;
  const f: FnCtx = {
    scope: unit, kind: 'const-init', contract: undefined, method: undefined, returnType: undefined,
    scopes: [new Map()], loopDepth: 0, switchDepth: 0, assignedFields: new Set(), inProve: false,
  };
  const annotated = decl.type === undefined ? undefined : resolveType(ctx, unit, decl.type);
  let t: Type = ERROR;
  if (decl.init === undefined) report(ctx, 'UninitialisedVariable', decl.span);
  else t = annotated === undefined ? checkExpr(ctx, f, decl.init) : checkExprAs(ctx, f, decl.init, annotated);
  const result = annotated ?? t;
  ctx.declTypes.set(decl, result);
  if (decl.binding.kind === 'Identifier') ctx.tables.bindings.set(decl.binding, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Member access

/** Checks `a.b`. `asCallee` allows methods (which are not values). */
export function checkMember(ctx: CheckContext, f: FnCtx, e: MemberExpr, asCallee: boolean): Type {
  const t = memberInner(ctx, f, e, asCallee);
  ctx.tables.types.set(e, t);
  return t;
}

function memberInner(ctx: CheckContext, f: FnCtx, e: MemberExpr, asCallee: boolean): Type {
  const prop = e.property.name;
  if (BANNED_MEMBERS.has(prop)) {
    if (e.object.kind !== 'ThisExpr') checkLoose(ctx, f, e.object);
    return ERROR; // reported by the rules pass
  }
  if (e.object.kind === 'ThisExpr') {
    ctx.tables.types.set(e.object, ERROR);
    const c = f.contract;
    if (c === undefined || f.kind === 'field-init') {
      report(ctx, c === undefined ? 'ThisOutsideContract' : 'ThisInFieldInitialiser', e.object.span);
      return ERROR;
    }
    const field = c.fields.get(prop);
    if (field !== undefined) {
      ctx.tables.members.set(e, { kind: 'state', field });
      return field.type;
    }
    const method = c.methods.get(prop);
    if (method !== undefined) {
      if (!asCallee) {
        report(ctx, 'MethodAsValue', e.property.span, [prop]);
        return ERROR;
      }
      ctx.tables.members.set(e, { kind: 'method', decl: method });
      return ERROR; // the call computes the type
    }
    report(ctx, 'UnknownMember', e.property.span, [prop, c.decl.name.name]);
    return ERROR;
  }
  // Enum members: `Status.Open`.
  if (e.object.kind === 'Name' && lookupLocal(f, e.object.name) === undefined) {
    const entry = f.scope.names.get(e.object.name);
    if (entry?.symbol.kind === 'enum') {
      const et = declaredType(ctx, entry.symbol, e.object);
      ctx.tables.names.set(e.object, { kind: 'enum', decl: entry.symbol.decl });
      ctx.tables.types.set(e.object, et);
      if (et.kind !== 'enum') return ERROR;
      if (!et.members.includes(prop)) {
        report(ctx, 'UnknownMember', e.property.span, [prop, et.name]);
        return ERROR;
      }
      ctx.tables.members.set(e, { kind: 'enumMember', enumName: et.name, member: prop });
      return et;
    }
  }
  // In a chain, the object's type is its value's when the chain goes on: an optional type here is
  // the object's own (`a?.b.c` with `b?: B` is reported), unless this link is the `?.`.
  let objType = checkLinkObject(ctx, f, e.object);
  if (objType.kind === 'optional') {
    if (!e.optional) {
      report(ctx, 'PossiblyUndefined', e.object.span, [typeToString(objType)]);
      return ERROR;
    }
    objType = objType.inner;
  }
  return memberOfType(ctx, f, e, objType, asCallee);
}

function memberOfType(ctx: CheckContext, f: FnCtx, e: MemberExpr, objType: Type, asCallee: boolean): Type {
  const prop = e.property.name;
  switch (objType.kind) {
    case 'error':
      return ERROR;
    case 'namespace': {
      const t = CTX_MEMBERS.get(prop);
      if (t === undefined) {
        report(ctx, 'UnknownMember', e.property.span, [prop, 'ctx']);
        return ERROR;
      }
      ctx.tables.members.set(e, { kind: 'builtinProperty', receiver: objType, name: prop });
      return t;
    }
    case 'record':
    case 'event': {
      const field = objType.fields.find((x) => x.name === prop);
      if (field === undefined) {
        report(ctx, 'UnknownMember', e.property.span, [prop, objType.name]);
        return ERROR;
      }
      if (asCallee) {
        report(ctx, 'NotCallable', e.span, [typeToString(field.type)]);
        return ERROR;
      }
      ctx.tables.members.set(e, { kind: 'field', name: prop });
      return field.type;
    }
    case 'failure':
      if (prop === 'code' || prop === 'message') {
        ctx.tables.members.set(e, { kind: 'builtinProperty', receiver: objType, name: prop });
        return STRING;
      }
      break;
    case 'array':
    case 'string':
    case 'strings':
    case 'map': {
      const receiver: Type = objType.kind === 'strings' ? STRING : objType;
      if ((prop === 'length' && receiver.kind !== 'map') || (prop === 'size' && receiver.kind === 'map')) {
        ctx.tables.members.set(e, { kind: 'builtinProperty', receiver, name: prop });
        return INT;
      }
      if (builtinMethodExists(receiver, prop)) {
        if (!asCallee) {
          report(ctx, 'MethodAsValue', e.property.span, [prop]);
          return ERROR;
        }
        ctx.tables.members.set(e, { kind: 'builtinMethod', receiver, name: prop });
        return ERROR;
      }
      break;
    }
    case 'contract': {
      const m = objType.methods.find((x) => x.name === prop);
      if (m === undefined) break;
      if (!asCallee) {
        report(ctx, 'MethodAsValue', e.property.span, [prop]);
        return ERROR;
      }
      ctx.tables.members.set(e, { kind: 'external', contract: objType.name, method: m });
      return ERROR;
    }
    case 'sealed':
      report(ctx, 'SealedValueOpaque', e.span, [typeToString(objType)]);
      return ERROR;
    default:
      break;
  }
  report(ctx, 'UnknownMember', e.property.span, [prop, typeToString(objType)]);
  return ERROR;
}

function checkIndex(ctx: CheckContext, f: FnCtx, e: IndexExpr): Type {
  if (e.index.kind === 'StringLit' && (BANNED_MEMBERS.has(e.index.value) || e.index.value.startsWith('__'))) {
    checkLoose(ctx, f, e.object);
    ctx.tables.types.set(e.index, STRING);
    return ERROR; // reported by the rules pass
  }
  let objType = checkLinkObject(ctx, f, e.object);
  if (objType.kind === 'optional') {
    if (!e.optional) {
      report(ctx, 'PossiblyUndefined', e.object.span, [typeToString(objType)]);
      checkExpr(ctx, f, e.index);
      return ERROR;
    }
    objType = objType.inner;
  }
  let t: Type;
  switch (objType.kind) {
    case 'error':
      checkExpr(ctx, f, e.index);
      return ERROR;
    case 'array':
      checkExprAs(ctx, f, e.index, INT);
      t = objType.element;
      break;
    case 'record':
    case 'event': {
      if (e.index.kind !== 'StringLit') {
        checkExpr(ctx, f, e.index);
        report(ctx, 'ComputedRecordAccess', e.index.span);
        return ERROR;
      }
      ctx.tables.types.set(e.index, { kind: 'strings', values: [e.index.value] });
      const name = e.index.value;
      const field = objType.fields.find((x) => x.name === name);
      if (field === undefined || BANNED_MEMBERS.has(name)) {
        report(ctx, 'UnknownMember', e.index.span, [name, objType.name]);
        return ERROR;
      }
      t = field.type;
      break;
    }
    case 'map':
      checkExpr(ctx, f, e.index);
      report(ctx, 'MapIndexing', e.span);
      return ERROR;
    default:
      checkExpr(ctx, f, e.index);
      report(ctx, 'NotIndexable', e.span, [typeToString(objType)]);
      return ERROR;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Calls

/** Checks arguments against parameter types; with `firstIsCondition` (`require`), the first one as a condition (E3014). */
function checkArgsAgainst(ctx: CheckContext, f: FnCtx, e: CallExpr | NewExpr, params: readonly Type[], name: string, firstIsCondition = false): void {
  const args = e.args;
  for (const a of args) {
    if (a.kind === 'SpreadElement') report(ctx, 'SpreadArgument', a.span);
  }
  if (args.length !== params.length) {
    // Trailing optional parameters may be omitted.
    const required = params.filter((p, i) => !(p.kind === 'optional' && params.slice(i).every((q) => q.kind === 'optional'))).length;
    if (args.length < required || args.length > params.length) {
      report(ctx, 'WrongArgumentCount', e.span, [name, required === params.length ? String(params.length) : `${required} to ${params.length}`, String(args.length)]);
    }
  }
  args.forEach((a, i) => {
    if (a.kind === 'SpreadElement') {
      checkExpr(ctx, f, a.argument);
      return;
    }
    const p = params[i];
    if (i === 0 && firstIsCondition) checkCondition(ctx, f, a);
    else if (p === undefined) checkExpr(ctx, f, a);
    else checkExprAs(ctx, f, a, p);
  });
}

/** Expressions only (spreads reported as errors). */
export function plainArgs(ctx: CheckContext, args: readonly (Expr | SpreadElement)[]): Expr[] {
  const out: Expr[] = [];
  for (const a of args) {
    if (a.kind === 'SpreadElement') report(ctx, 'SpreadArgument', a.span);
    else out.push(a);
  }
  return out;
}

function checkCall(ctx: CheckContext, f: FnCtx, e: CallExpr, expected: Type | undefined): Type {
  if (e.optional) {
    report(ctx, 'OptionalCall', e.span);
    return ERROR;
  }
  const callee = e.callee;
  if (callee.kind === 'Name') {
    ctx.tables.types.set(callee, ERROR);
    const local = lookupLocal(f, callee.name);
    if (local !== undefined) {
      ctx.tables.names.set(callee, { kind: 'local', binding: local.id });
      report(ctx, 'NotCallable', callee.span, [typeToString(local.type)]);
      return ERROR;
    }
    const entry = f.scope.names.get(callee.name);
    if (entry !== undefined) {
      if (entry.symbol.kind === 'unresolved') {
        for (const a of e.args) checkExpr(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
        return ERROR;
      }
      if (entry.symbol.kind !== 'function') {
        report(ctx, 'NotCallable', callee.span, [callee.name]);
        return ERROR;
      }
      const decl = entry.symbol.decl;
      ctx.tables.names.set(callee, { kind: 'function', decl, unit: entry.symbol.unit });
      if (e.typeArgs.length > 0) report(ctx, 'WrongTypeArgumentCount', e.span, [callee.name, '0', String(e.typeArgs.length)]);
      const sig = functionSignature(ctx, entry.symbol.unit, decl);
      checkArgsAgainst(ctx, f, e, sig.params, callee.name);
      ctx.tables.calls.set(e, { kind: 'function', decl });
      return sig.returns;
    }
    if (BANNED_GLOBALS.has(callee.name)) {
      for (const a of e.args) checkLoose(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
      return ERROR;
    }
    const builtin = preludeName(f.scope, callee.name);
    const fixed = FIXED_SIGNATURES.get(builtin);
    if (fixed !== undefined) {
      ctx.tables.names.set(callee, { kind: 'builtin', name: builtin });
      if (e.typeArgs.length > 0) report(ctx, 'WrongTypeArgumentCount', e.span, [callee.name, '0', String(e.typeArgs.length)]);
      checkArgsAgainst(ctx, f, e, fixed.params, callee.name, builtin === 'require');
      ctx.tables.calls.set(e, { kind: 'builtin', name: builtin, typeArgs: [] });
      checkLiteralArgument(ctx, builtin, e);
      return fixed.returns;
    }
    if (GENERIC_BUILTINS.has(builtin)) {
      ctx.tables.names.set(callee, { kind: 'builtin', name: builtin });
      return checkBuiltinCall(ctx, f, e, builtin, expected);
    }
    if (builtin === 'ctx') {
      report(ctx, 'NotCallable', callee.span, ['ctx']);
      return ERROR;
    }
    report(ctx, 'UnknownName', callee.span, [callee.name]);
    for (const a of e.args) checkLoose(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
    return ERROR;
  }
  if (callee.kind === 'MemberExpr') {
    checkMember(ctx, f, callee, true);
    const ref = ctx.tables.members.get(callee);
    if (ref === undefined) {
      for (const a of e.args) checkLoose(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
      return ERROR;
    }
    switch (ref.kind) {
      case 'method': return checkMethodCall(ctx, f, e, ref.decl);
      case 'builtinMethod': return checkBuiltinMethodCall(ctx, f, e, callee, ref.receiver, ref.name, expected);
      case 'external': {
        if (f.kind === 'function' || f.kind === 'const-init' || f.kind === 'field-init') report(ctx, 'ExternalCallInPureCode', e.span);
        else if (f.kind === 'view' && !ref.method.view) report(ctx, 'ViewCallsEntry', e.span, [ref.method.name]);
        if (!ref.method.view) noteEffect(f, `may change state (it calls "${ref.method.name}" of another contract)`);
        checkArgsAgainst(ctx, f, e, ref.method.params.map((p) => p.type), ref.method.name);
        ctx.tables.calls.set(e, { kind: 'external', contract: ref.contract, method: ref.method });
        return ref.method.returns;
      }
      default:
        report(ctx, 'NotCallable', callee.span, [typeToString(ctx.tables.types.get(callee) ?? ERROR)]);
        for (const a of e.args) checkExpr(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
        return ERROR;
    }
  }
  const t = checkExpr(ctx, f, callee);
  if (t.kind !== 'error') report(ctx, 'NotCallable', callee.span, [typeToString(t)]);
  for (const a of e.args) checkExpr(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
  return ERROR;
}

/** Validates literal arguments of `date`, `period`, `address` at compile time. */
function checkLiteralArgument(ctx: CheckContext, name: string, e: CallExpr): void {
  const a = e.args[0];
  if (a === undefined || a.kind !== 'StringLit') return;
  const v = a.value;
  if (name === 'date' && !isValidIsoDate(v)) report(ctx, 'InvalidDateLiteral', a.span, [v]);
  if (name === 'period' && !/^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(v)) report(ctx, 'InvalidPeriodLiteral', a.span, [v]);
  if (name === 'address' && !/^[0-9a-f]{40}$/.test(v)) report(ctx, 'InvalidAddressLiteral', a.span, [v]);
}

/** `YYYY-MM-DD`, a real calendar day (proleptic Gregorian), years 0001–9999. */
export function isValidIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m === null) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] as number;
  return d <= days;
}

function checkMethodCall(ctx: CheckContext, f: FnCtx, e: CallExpr, decl: import('../ast/nodes.ts').MethodDecl): Type {
  const c = f.contract;
  const role = methodRole(decl);
  if (role === 'entry') report(ctx, 'InternalCallToEntry', e.span, [decl.name.name]);
  else if (role === 'on' || role === 'every' || role === 'at') report(ctx, 'InternalCallToTrigger', e.span, [decl.name.name]);
  if (c !== undefined && f.method !== undefined) {
    const set = c.calls.get(f.method) ?? new Set();
    set.add(decl);
    c.calls.set(f.method, set);
  }
  const sig = methodSignature(ctx, f.scope, decl);
  checkArgsAgainst(ctx, f, e, sig.params.map((p) => p.type), decl.name.name);
  ctx.tables.calls.set(e, { kind: 'method', decl });
  return sig.returns;
}

/** Parameter and return types of a top-level function (cached). */
export function functionSignature(ctx: CheckContext, unit: import('../ast/nodes.ts').SourceUnit, decl: import('../ast/nodes.ts').FunctionDecl): { params: Type[]; returns: Type } {
  const key = decl.params;
  const cached = ctx.declTypes.get(key) as (Type & { kind: 'function' }) | undefined;
  if (cached !== undefined) return { params: [...cached.params], returns: cached.returns };
  const scope = ctx.scopes.get(unit);
  if (scope === undefined) return { params: [], returns: ERROR };
  const params = decl.params.map((p) => {
    if (p.type === undefined) {
      report(ctx, 'MissingParameterType', p.name.span, [p.name.name]);
      return ERROR;
    }
    const t = resolveType(ctx, scope, p.type);
    return p.optional ? optionalOf(t) : t;
  });
  let returns: Type = ERROR;
  if (decl.returnType === undefined) report(ctx, 'MissingReturnType', decl.name.span);
  else returns = resolveType(ctx, scope, decl.returnType);
  ctx.declTypes.set(key, { kind: 'function', params, returns });
  return { params, returns };
}

function checkNew(ctx: CheckContext, f: FnCtx, e: NewExpr, expected: Type | undefined): Type {
  if (e.callee.kind !== 'Name' || e.callee.name !== 'Map' || lookupLocal(f, 'Map') !== undefined) {
    const banned = e.callee.kind === 'Name' && BANNED_GLOBALS.has(e.callee.name);
    checkExpr(ctx, f, e.callee);
    for (const a of e.args) checkLoose(ctx, f, a.kind === 'SpreadElement' ? a.argument : a);
    if (!banned) report(ctx, 'UnsupportedNew', e.span);
    return ERROR;
  }
  ctx.tables.types.set(e.callee, ERROR);
  ctx.tables.names.set(e.callee, { kind: 'builtin', name: 'Map' });
  let mapType: Type | undefined;
  if (e.typeArgs.length === 2) {
    const key = resolveType(ctx, f.scope, e.typeArgs[0] as never);
    const value = resolveType(ctx, f.scope, e.typeArgs[1] as never);
    mapType = { kind: 'map', key, value };
  } else if (e.typeArgs.length !== 0) {
    report(ctx, 'WrongTypeArgumentCount', e.span, ['Map', '2', String(e.typeArgs.length)]);
    return ERROR;
  } else if (expected !== undefined && nonOptional(expected).kind === 'map') {
    mapType = nonOptional(expected);
  }
  if (mapType === undefined) {
    report(ctx, 'CannotInferType', e.span, ['new Map()']);
    return ERROR;
  }
  if (mapType.kind !== 'map') return ERROR;
  const args = plainArgs(ctx, e.args);
  if (args.length > 1) report(ctx, 'WrongArgumentCount', e.span, ['Map', '0 to 1', String(args.length)]);
  const init = args[0];
  if (init !== undefined) {
    if (init.kind !== 'ArrayLit') {
      checkExpr(ctx, f, init);
      report(ctx, 'MapInitialiser', init.span);
    } else {
      ctx.tables.types.set(init, arrayOf(ERROR));
      for (const pair of init.elements) {
        if (pair.kind !== 'ArrayLit' || pair.elements.length !== 2 || pair.elements.some((x) => x.kind === 'SpreadElement')) {
          report(ctx, 'MapInitialiser', pair.span);
          continue;
        }
        ctx.tables.types.set(pair, arrayOf(ERROR));
        checkExprAs(ctx, f, pair.elements[0] as Expr, mapType.key);
        checkExprAs(ctx, f, pair.elements[1] as Expr, mapType.value);
      }
    }
  }
  return mapType;
}

// ---------------------------------------------------------------------------------------------
// Literals

function checkArrayLit(ctx: CheckContext, f: FnCtx, e: ArrayLit, expected: Type | undefined): Type {
  const exp = expected === undefined ? undefined : nonOptional(expected);
  let element: Type | undefined = exp?.kind === 'array' ? exp.element : undefined;
  for (const el of e.elements) {
    if (el.kind === 'SpreadElement') {
      const t = checkExpr(ctx, f, el.argument, element === undefined ? undefined : arrayOf(element));
      if (t.kind !== 'array' && t.kind !== 'error') {
        report(ctx, 'TypeMismatch', el.argument.span, [typeToString(t), 'an array']);
        continue;
      }
      if (t.kind === 'array') {
        if (element === undefined) element = t.element;
        else expectAssignable(ctx, undefined, t, arrayOf(element), el.argument.span);
      }
      continue;
    }
    if (element === undefined) {
      const t = checkExpr(ctx, f, el);
      element = t.kind === 'strings' ? STRING : t;
    } else {
      checkExprAs(ctx, f, el, element);
    }
  }
  if (element === undefined) {
    report(ctx, 'CannotInferType', e.span, ['[]']);
    return ERROR;
  }
  return arrayOf(element);
}

function checkObjectLit(ctx: CheckContext, f: FnCtx, e: ObjectLit, expected: Type | undefined): Type {
  const exp = expected === undefined ? undefined : nonOptional(expected);
  if (exp === undefined || (exp.kind !== 'record' && exp.kind !== 'event')) {
    for (const p of e.properties) checkExpr(ctx, f, p.kind === 'SpreadElement' ? p.argument : p.value);
    if (exp === undefined || exp.kind !== 'error') report(ctx, 'CannotInferType', e.span, ['object literal']);
    return ERROR;
  }
  const given = new Set<string>();
  let spread = false;
  for (const p of e.properties) {
    if (p.kind === 'SpreadElement') {
      const t = checkExpr(ctx, f, p.argument, exp);
      if (t.kind !== 'error' && !sameType(t, exp)) report(ctx, 'TypeMismatch', p.argument.span, [typeToString(t), exp.name]);
      spread = true;
      continue;
    }
    const key = p.key.kind === 'Identifier' ? p.key.name : p.key.value;
    if (given.has(key)) report(ctx, 'DuplicateMember', p.key.span, [key]);
    given.add(key);
    const field = exp.fields.find((x) => x.name === key);
    if (field === undefined) {
      checkExpr(ctx, f, p.value);
      report(ctx, 'UnknownMember', p.key.span, [key, exp.name]);
      continue;
    }
    checkExprAs(ctx, f, p.value, field.type);
  }
  if (!spread) {
    const missing = exp.fields.filter((x) => !x.optional && !given.has(x.name)).map((x) => x.name);
    if (missing.length > 0) report(ctx, 'MissingFields', e.span, [exp.name, missing.join('", "')]);
  }
  return exp;
}

// ---------------------------------------------------------------------------------------------
// Operators

function checkUnary(ctx: CheckContext, f: FnCtx, e: UnaryExpr): Type {
  const t = checkExpr(ctx, f, e.operand);
  if (t.kind === 'error') return ERROR;
  switch (e.op) {
    case '!':
      if (t.kind !== 'bool') {
        report(ctx, 'ConditionNotBoolean', e.operand.span, [typeToString(t)]);
        return ERROR;
      }
      return BOOL;
    case '-':
      if (t.kind === 'int' || t.kind === 'decimal' || t.kind === 'money') return t;
      if (t.kind === 'sealed' && f.inProve) return t;
      report(ctx, 'InvalidOperand', e.span, ['-', typeToString(t)]);
      return ERROR;
    default:
      report(ctx, 'OperatorNotAllowed', e.span, [e.op]);
      return ERROR;
  }
}

function checkUpdate(ctx: CheckContext, f: FnCtx, e: UpdateExpr): Type {
  const t = checkAssignTarget(ctx, f, e.operand);
  if (t.kind !== 'error' && t.kind !== 'int') report(ctx, 'InvalidOperand', e.span, [e.op, typeToString(t)]);
  return t.kind === 'int' ? INT : ERROR;
}

const ARITHMETIC = new Set(['+', '-', '*', '%', '**']);
const RELATIONAL = new Set(['<', '<=', '>', '>=']);
const EQUALITY = new Set(['==', '!=', '===', '!==']);

/** Result type of arithmetic `op` on two operand types, or `undefined` if not allowed. Records coercions. */
export function arithmeticType(ctx: CheckContext, op: string, l: Type, r: Type, e: BinaryExpr | AssignExpr, left: Expr, right: Expr): Type | undefined {
  if (l.kind === 'error' || r.kind === 'error') return ERROR;
  const num = (t: Type): boolean => t.kind === 'int' || t.kind === 'decimal';
  if (op === '+' && (l.kind === 'string' || l.kind === 'strings') && (r.kind === 'string' || r.kind === 'strings')) return STRING;
  if (op === '%') return l.kind === 'int' && r.kind === 'int' ? INT : undefined;
  if (op === '**') {
    if (r.kind !== 'int' || !num(l)) return undefined;
    return l;
  }
  if (num(l) && num(r)) {
    if (l.kind === 'decimal' || r.kind === 'decimal') {
      if (l.kind === 'int') ctx.tables.coercions.set(left, 'int-to-decimal');
      if (r.kind === 'int') ctx.tables.coercions.set(right, 'int-to-decimal');
      return DECIMAL;
    }
    return INT;
  }
  if (l.kind === 'money' && r.kind === 'money' && (op === '+' || op === '-')) {
    if (l.currency !== undefined && r.currency !== undefined && l.currency !== r.currency) {
      report(ctx, 'CurrencyMismatch', e.span, [l.currency, r.currency]);
      return ERROR;
    }
    return { kind: 'money', currency: l.currency ?? r.currency };
  }
  if (op === '*' && l.kind === 'money' && r.kind === 'int') return l;
  if (op === '*' && l.kind === 'int' && r.kind === 'money') return r;
  if (op === '*' && ((l.kind === 'money' && r.kind === 'decimal') || (l.kind === 'decimal' && r.kind === 'money'))) {
    report(ctx, 'MoneyTimesDecimal', e.span);
    return ERROR;
  }
  if (l.kind === 'timestamp' && r.kind === 'int' && (op === '+' || op === '-')) return l;
  if (l.kind === 'timestamp' && r.kind === 'timestamp' && op === '-') return INT;
  return undefined;
}

/**
 * Checks an operand that must be a `boolean` (a condition, an operand of `&&`, `||`, `!`, the
 * first argument of `require`), reporting E3014 otherwise. Returns whether it is usable (`boolean`
 * or already an error).
 */
export function checkCondition(ctx: CheckContext, f: FnCtx, e: Expr): boolean {
  const t = checkExpr(ctx, f, e);
  if (t.kind === 'bool' || t.kind === 'error') return true;
  report(ctx, 'ConditionNotBoolean', e.span, [typeToString(t)]);
  return false;
}

function checkBinary(ctx: CheckContext, f: FnCtx, e: BinaryExpr, expected: Type | undefined): Type {
  const op = e.op;
  if (op === '&&' || op === '||') {
    const l = checkCondition(ctx, f, e.left);
    // `a !== undefined && a.x`: the right side sees `a` narrowed.
    const narrowed = op === '&&' ? narrowingsOf(ctx, f, e.left, true) : narrowingsOf(ctx, f, e.left, false);
    f.scopes.push(narrowed);
    const r = checkCondition(ctx, f, e.right);
    f.scopes.pop();
    // A wrong operand was reported where it is; the result is not also reported where it is used.
    return l && r ? BOOL : ERROR;
  }
  if (op === '??') {
    const l = checkExpr(ctx, f, e.left);
    const inner = nonOptional(l);
    const r = checkExpr(ctx, f, e.right, inner);
    if (l.kind !== 'optional' && l.kind !== 'error') report(ctx, 'NeedlessNullish', e.left.span, [typeToString(l)]);
    const u = unify(inner, r);
    if (u === undefined) {
      if (!reportCurrencyMismatch(ctx, r, inner, e.right.span)) report(ctx, 'TypeMismatch', e.right.span, [typeToString(r), typeToString(inner)]);
      return ERROR;
    }
    expectAssignable(ctx, e.left, inner, u, e.left.span);
    expectAssignable(ctx, e.right, r, u, e.right.span);
    return u;
  }
  if (op === '/') {
    const l = checkExpr(ctx, f, e.left);
    const r = checkExpr(ctx, f, e.right);
    if (f.inProve && (l.kind === 'sealed' || r.kind === 'sealed' || isNumericType(l))) return proveArith(l, r);
    if (l.kind !== 'error' && r.kind !== 'error') report(ctx, 'DivisionOperator', e.span, [divisionHint(l)]);
    return ERROR;
  }
  if (ARITHMETIC.has(op)) {
    const l = checkExpr(ctx, f, e.left, expected);
    const r = checkExpr(ctx, f, e.right, expected);
    if (f.inProve && (l.kind === 'sealed' || r.kind === 'sealed')) return proveArith(l, r);
    if (l.kind === 'sealed' || r.kind === 'sealed') {
      report(ctx, 'SealedValueOpaque', (l.kind === 'sealed' ? e.left : e.right).span, [typeToString(l.kind === 'sealed' ? l : r)]);
      return ERROR;
    }
    const t = arithmeticType(ctx, op, l, r, e, e.left, e.right);
    if (t === undefined) {
      report(ctx, 'InvalidOperands', e.span, [op, typeToString(l), typeToString(r)]);
      return ERROR;
    }
    return t;
  }
  if (RELATIONAL.has(op)) {
    const l = checkExpr(ctx, f, e.left);
    const r = checkExpr(ctx, f, e.right);
    if (l.kind === 'error' || r.kind === 'error') return BOOL;
    if (l.kind === 'sealed' || r.kind === 'sealed') {
      if (!f.inProve) report(ctx, 'SealedValueOpaque', (l.kind === 'sealed' ? e.left : e.right).span, [typeToString(l.kind === 'sealed' ? l : r)]);
      return BOOL;
    }
    if (!comparable(ctx, l, r, e.left, e.right)) {
      if (l.kind === 'money' && r.kind === 'money') report(ctx, 'CurrencyMismatch', e.span, [l.currency ?? '?', r.currency ?? '?']);
      else report(ctx, 'InvalidOperands', e.span, [op, typeToString(l), typeToString(r)]);
    }
    return BOOL;
  }
  if (EQUALITY.has(op)) {
    const l = checkExpr(ctx, f, e.left);
    const r = checkExpr(ctx, f, e.right, l.kind === 'optional' ? l.inner : l);
    if (l.kind === 'error' || r.kind === 'error') return BOOL;
    if (l.kind === 'sealed' || r.kind === 'sealed') {
      if (!f.inProve) report(ctx, 'SealedValueOpaque', (l.kind === 'sealed' ? e.left : e.right).span, [typeToString(l.kind === 'sealed' ? l : r)]);
      return BOOL;
    }
    if (!equatable(ctx, l, r, e.left, e.right)) {
      const structured = (t: Type): boolean => ['record', 'event', 'array', 'map'].includes(nonOptional(t).kind);
      if (structured(l) || structured(r)) report(ctx, 'StructuralEquality', e.span);
      else if (l.kind === 'money' && r.kind === 'money') report(ctx, 'CurrencyMismatch', e.span, [l.currency ?? '?', r.currency ?? '?']);
      else report(ctx, 'InvalidOperands', e.span, [op, typeToString(l), typeToString(r)]);
    }
    return BOOL;
  }
  checkExpr(ctx, f, e.left);
  checkExpr(ctx, f, e.right);
  report(ctx, 'OperatorNotAllowed', e.span, [op]);
  return ERROR;
}

function proveArith(l: Type, r: Type): Type {
  const base = (t: Type): Type => (t.kind === 'sealed' ? t.inner : t);
  return { kind: 'sealed', inner: base(l).kind === 'int' ? base(r) : base(l) };
}

function divisionHint(l: Type): string {
  switch (l.kind) {
    case 'int': return 'div(a, b, "half-even")';
    case 'decimal': return 'divide(a, b, scale, "half-even")';
    case 'money': return 'divMoney(amount, divisor, "half-even") or ratio(a, b, scale, "half-even")';
    default: return 'div(), divide(), divMoney() or ratio()';
  }
}

function comparable(ctx: CheckContext, l: Type, r: Type, le: Expr, re: Expr): boolean {
  const num = (t: Type): boolean => t.kind === 'int' || t.kind === 'decimal';
  if (num(l) && num(r)) {
    if (l.kind !== r.kind) ctx.tables.coercions.set(l.kind === 'int' ? le : re, 'int-to-decimal');
    return true;
  }
  if (l.kind === 'money' && r.kind === 'money') return l.currency === undefined || r.currency === undefined || l.currency === r.currency;
  const str = (t: Type): boolean => t.kind === 'string' || t.kind === 'strings';
  if (str(l) && str(r)) return true;
  return l.kind === r.kind && (l.kind === 'date' || l.kind === 'timestamp');
}

function equatable(ctx: CheckContext, l: Type, r: Type, le: Expr, re: Expr): boolean {
  if (l.kind === 'undefined' || r.kind === 'undefined') return l.kind === 'optional' || r.kind === 'optional' || (l.kind === 'undefined' && r.kind === 'undefined');
  const a = nonOptional(l);
  const b = nonOptional(r);
  if (comparable(ctx, a, b, le, re)) return true;
  if (a.kind === 'bool' && b.kind === 'bool') return true;
  if ((a.kind === 'address' || a.kind === 'contract') && (b.kind === 'address' || b.kind === 'contract')) return true;
  if (a.kind === 'enum' && b.kind === 'enum') return a.name === b.name;
  if (a.kind === 'period' && b.kind === 'period') return true;
  if (a.kind === 'commitment' && b.kind === 'commitment') return true;
  return false;
}

/**
 * Bindings narrowed by a condition when it is `whenTrue` (`x !== undefined` narrows `x` to its
 * inner type). Only immutable bindings (const locals, parameters) narrow: nothing can change them.
 */
export function narrowingsOf(ctx: CheckContext, f: FnCtx, cond: Expr, whenTrue: boolean): Map<string, LocalBinding> {
  const out = new Map<string, LocalBinding>();
  const visit = (c: Expr, positive: boolean): void => {
    if (c.kind === 'UnaryExpr' && c.op === '!') {
      visit(c.operand, !positive);
      return;
    }
    if (c.kind === 'BinaryExpr' && ((c.op === '&&' && positive) || (c.op === '||' && !positive))) {
      visit(c.left, positive);
      visit(c.right, positive);
      return;
    }
    if (c.kind !== 'BinaryExpr' || !EQUALITY.has(c.op)) return;
    const negated = c.op === '!=' || c.op === '!==';
    const name = c.left.kind === 'Name' && c.right.kind === 'UndefinedLit' ? c.left : c.right.kind === 'Name' && c.left.kind === 'UndefinedLit' ? c.right : undefined;
    if (name === undefined) return;
    // `x !== undefined` holds → x is present; `x === undefined` fails → x is present.
    if (negated !== positive) return;
    const b = lookupLocal(f, name.name);
    if (b === undefined || b.mutable || b.type.kind !== 'optional') return;
    out.set(name.name, { ...b, type: b.type.inner });
  };
  visit(cond, whenTrue);
  void ctx;
  return out;
}

function checkConditional(ctx: CheckContext, f: FnCtx, e: ConditionalExpr, expected: Type | undefined): Type {
  const c = checkExpr(ctx, f, e.test);
  if (c.kind !== 'bool' && c.kind !== 'error') report(ctx, 'ConditionNotBoolean', e.test.span, [typeToString(c)]);
  f.scopes.push(narrowingsOf(ctx, f, e.test, true));
  const a = checkExpr(ctx, f, e.consequent, expected);
  f.scopes.pop();
  f.scopes.push(narrowingsOf(ctx, f, e.test, false));
  const b = checkExpr(ctx, f, e.alternate, expected);
  f.scopes.pop();
  const u = expected !== undefined && assignability(a, expected) !== 'no' && assignability(b, expected) !== 'no' ? expected : unify(a, b);
  if (u === undefined) {
    if (!reportCurrencyMismatch(ctx, a, b, e.span)) report(ctx, 'BranchTypeMismatch', e.span, [typeToString(a), typeToString(b)]);
    return ERROR;
  }
  expectAssignable(ctx, e.consequent, a, u, e.consequent.span);
  expectAssignable(ctx, e.alternate, b, u, e.alternate.span);
  return u;
}

// ---------------------------------------------------------------------------------------------
// Assignment

/** Marks a state write by the current method (for the read-only rule of views). */
function noteStateWrite(ctx: CheckContext, f: FnCtx, span: Expr['span']): void {
  if (f.kind === 'view') report(ctx, 'ViewWritesState', span);
  noteEffect(f, 'changes state');
}

/** The root of an access path: `this.a.b[0].c` → `this`. */
export function pathRoot(e: Expr): Expr {
  let cur = e;
  for (;;) {
    if (cur.kind === 'MemberExpr' || cur.kind === 'IndexExpr') cur = cur.object;
    else if (cur.kind === 'NonNullExpr') cur = cur.expression;
    else return cur;
  }
}

/** Reports a state mutation if `target` is rooted at `this`. */
export function noteMutation(ctx: CheckContext, f: FnCtx, target: Expr): void {
  if (pathRoot(target).kind === 'ThisExpr') noteStateWrite(ctx, f, target.span);
}

/** Checks an assignment target and returns its type. */
export function checkAssignTarget(ctx: CheckContext, f: FnCtx, target: Expr): Type {
  switch (target.kind) {
    case 'Name': {
      const t = checkExpr(ctx, f, target);
      const local = lookupLocal(f, target.name);
      if (local === undefined) {
        if (t.kind !== 'error') report(ctx, 'AssignToConstant', target.span, [target.name]);
        return ERROR;
      }
      if (local.isParam) report(ctx, 'AssignToParameter', target.span, [target.name]);
      else if (!local.mutable) report(ctx, 'AssignToConstant', target.span, [target.name]);
      return local.type;
    }
    case 'MemberExpr': {
      if (inOptionalChain(target)) report(ctx, 'OptionalAssignment', target.span);
      const t = checkMember(ctx, f, target, false);
      const ref = ctx.tables.members.get(target);
      if (ref?.kind === 'state') {
        if (ref.field.readonly && f.kind !== 'ctor') report(ctx, 'AssignToReadonly', target.span, [ref.field.name]);
        if (ref.field.type.kind === 'map') report(ctx, 'AssignToStateMap', target.span, [ref.field.name]);
        if (f.kind === 'ctor') f.assignedFields.add(ref.field.name);
        noteMutation(ctx, f, target);
        return t;
      }
      if (ref?.kind === 'field') {
        const objType = nonOptional(ctx.tables.types.get(target.object) ?? ERROR);
        if ((objType.kind === 'record' || objType.kind === 'event') && objType.fields.find((x) => x.name === ref.name)?.readonly === true) {
          report(ctx, 'AssignToReadonly', target.span, [ref.name]);
        }
        noteMutation(ctx, f, target);
        return t;
      }
      if (t.kind !== 'error') report(ctx, 'NotAssignable', target.span);
      return ERROR;
    }
    case 'IndexExpr': {
      if (inOptionalChain(target)) report(ctx, 'OptionalAssignment', target.span);
      const t = checkLinkObject(ctx, f, target);
      noteMutation(ctx, f, target);
      return t;
    }
    case 'NonNullExpr':
      return checkAssignTarget(ctx, f, target.expression);
    default:
      checkExpr(ctx, f, target);
      report(ctx, 'NotAssignable', target.span);
      return ERROR;
  }
}

function checkAssign(ctx: CheckContext, f: FnCtx, e: AssignExpr): Type {
  const targetType = checkAssignTarget(ctx, f, e.target);
  if (e.op === '=') {
    checkExprAs(ctx, f, e.value, targetType);
    return targetType;
  }
  const op = e.op.slice(0, -1);
  if (op === '&&' || op === '||' || op === '??' || op === '/') {
    checkExpr(ctx, f, e.value);
    report(ctx, op === '/' ? 'DivisionOperator' : 'OperatorNotAllowed', e.span, [op === '/' ? divisionHint(targetType) : e.op]);
    return ERROR;
  }
  const v = checkExpr(ctx, f, e.value, targetType);
  const t = arithmeticType(ctx, op, targetType, v, e, e.target, e.value);
  if (t === undefined) {
    report(ctx, 'InvalidOperands', e.span, [op, typeToString(targetType), typeToString(v)]);
    return ERROR;
  }
  if (t.kind !== 'error') expectAssignable(ctx, undefined, t, targetType, e.span);
  return targetType;
}

// ---------------------------------------------------------------------------------------------
// Lambdas

/**
 * Checks a lambda passed to an array method, given its parameter types. Returns its result type;
 * `expectedReturn`, if given, is enforced.
 */
export function checkLambda(ctx: CheckContext, f: FnCtx, fn: ArrowFunction, params: readonly Type[], expectedReturn: Type | undefined): Type {
  if (fn.params.length > params.length) report(ctx, 'WrongArgumentCount', fn.span, ['lambda', `at most ${params.length}`, String(fn.params.length)]);
  const frame = new Map<string, LocalBinding>();
  fn.params.forEach((p, i) => {
    let t = params[i] ?? ERROR;
    if (p.type !== undefined) {
      const declared = resolveType(ctx, f.scope, p.type);
      expectAssignable(ctx, undefined, t, declared, p.span);
      t = declared;
    }
    ctx.tables.bindings.set(p.name, t);
    frame.set(p.name.name, { id: p.name, type: t, mutable: false, isParam: true });
  });
  const declaredReturn = fn.returnType === undefined ? undefined : resolveType(ctx, f.scope, fn.returnType);
  const ret = declaredReturn ?? expectedReturn;
  let result: Type;
  if (fn.body.kind === 'Block') {
    if (ret === undefined) {
      report(ctx, 'LambdaNeedsReturnType', fn.span);
      result = ERROR;
    } else {
      const inner: FnCtx = { ...f, returnType: ret, scopes: [...f.scopes, frame], loopDepth: 0, switchDepth: 0 };
      checkBlockInScope(ctx, inner, fn.body, ret);
      result = ret;
    }
  } else {
    f.scopes.push(frame);
    result = ret === undefined ? checkExpr(ctx, f, fn.body) : checkExprAs(ctx, f, fn.body, ret);
    f.scopes.pop();
    if (ret !== undefined) result = ret;
  }
  const t: Type = { kind: 'function', params: params.slice(0, fn.params.length), returns: result };
  ctx.tables.lambdas.set(fn, t);
  ctx.tables.types.set(fn, t);
  return result;
}

/** `Money` literal exactness: fraction digits of a literal amount vs the currency's exponent. */
export function checkMoneyLiteral(ctx: CheckContext, amount: Expr, currency: string): void {
  const exp = currencyExponent(currency);
  if (exp === undefined || amount.kind !== 'NumberLit' || amount.fracDigits === undefined) return;
  const digits = amount.fracDigits.replace(/0+$/, '').length;
  if (digits > exp) report(ctx, 'InexactMoneyLiteral', amount.span, [amount.raw, currency, String(exp)]);
}

export { VOID, FAILURE };
