/**
 * Checking rules of the generic built-in functions (`money`, `emit`, `contractAt`, `min`, ...)
 * and of the built-in methods of arrays, maps and strings. Each rule checks its arguments,
 * records the call's meaning and returns the result type.
 * Does NOT implement the built-ins (see `codegen/prelude.ts`).
 * @module
 */
import type { CallExpr, Expr, MemberExpr, TypeNode } from '../ast/nodes.ts';
import { currencyExponent } from '../../stdlib/index.ts';
import { assignability, expectAssignable, nonOptional, unify } from './assign.ts';
import { type CheckContext, type FnCtx, noteEffect, report } from './context.ts';
import { checkExpr, checkExprAs, checkLambda, checkLoose, checkMoneyLiteral, noteMutation, plainArgs } from './expressions.ts';
import { checkProve } from './relations.ts';
import { resolveType } from './resolve-types.ts';
import {
  ADDRESS, BOOL, COMMITMENT, DECIMAL, ERROR, INT, ROUNDING, STRING, VOID, type Type, arrayOf, isDataType, isNumericType, moneyOf,
  optionalOf, sameType, typeToString,
} from './types.ts';

function arity(ctx: CheckContext, f: FnCtx, e: CallExpr, name: string, args: readonly Expr[], min: number, max = min): boolean {
  if (args.length < min || args.length > max) {
    report(ctx, 'WrongArgumentCount', e.span, [name, min === max ? String(min) : `${min} to ${max}`, String(args.length)]);
    for (const a of args) checkLoose(ctx, f, a);
    return false;
  }
  return true;
}

/** Currency named by a string argument: the literal value, or `undefined` if only known at run time. */
function currencyArg(ctx: CheckContext, f: FnCtx, a: Expr): string | undefined {
  checkExprAs(ctx, f, a, STRING);
  if (a.kind !== 'StringLit') return undefined;
  if (currencyExponent(a.value) === undefined) {
    report(ctx, 'UnknownCurrency', a.span, [a.value]);
    return undefined;
  }
  return a.value;
}

function moneyArg(ctx: CheckContext, f: FnCtx, a: Expr, expected?: Type): Type {
  const t = checkExpr(ctx, f, a, expected);
  if (t.kind === 'money' || t.kind === 'error') {
    if (expected !== undefined && t.kind === 'money') expectAssignable(ctx, a, t, expected, a.span);
    return t;
  }
  report(ctx, 'TypeMismatch', a.span, [typeToString(t), 'Money']);
  return ERROR;
}

function typeArgs(ctx: CheckContext, f: FnCtx, nodes: readonly TypeNode[]): Type[] {
  return nodes.map((n) => resolveType(ctx, f.scope, n));
}

/** Checks a call of a generic built-in function. */
export function checkBuiltinCall(ctx: CheckContext, f: FnCtx, e: CallExpr, name: string, expected: Type | undefined): Type {
  const args = plainArgs(ctx, e.args);
  const tArgs = typeArgs(ctx, f, e.typeArgs);
  ctx.tables.calls.set(e, { kind: 'builtin', name, typeArgs: tArgs });
  if (tArgs.length > 0 && name !== 'emit' && name !== 'contractAt') {
    report(ctx, 'WrongTypeArgumentCount', e.span, [name, '0', String(tArgs.length)]);
  }
  switch (name) {
    case 'money': {
      if (!arity(ctx, f, e, name, args, 2)) return ERROR;
      const amount = checkExpr(ctx, f, args[0] as Expr);
      if (amount.kind === 'int' || amount.kind === 'decimal') {
        if (amount.kind === 'int') ctx.tables.coercions.set(args[0] as Expr, 'int-to-decimal');
      } else if (amount.kind !== 'error') report(ctx, 'TypeMismatch', (args[0] as Expr).span, [typeToString(amount), 'Decimal']);
      const ccy = currencyArg(ctx, f, args[1] as Expr);
      if (ccy !== undefined) checkMoneyLiteral(ctx, args[0] as Expr, ccy);
      return moneyOf(ccy);
    }
    case 'moneyRound': {
      if (!arity(ctx, f, e, name, args, 3)) return ERROR;
      checkExprAs(ctx, f, args[0] as Expr, DECIMAL);
      const ccy = currencyArg(ctx, f, args[1] as Expr);
      checkExprAs(ctx, f, args[2] as Expr, ROUNDING);
      return moneyOf(ccy);
    }
    case 'fromMinor': {
      if (!arity(ctx, f, e, name, args, 2)) return ERROR;
      checkExprAs(ctx, f, args[0] as Expr, INT);
      return moneyOf(currencyArg(ctx, f, args[1] as Expr));
    }
    case 'zero': {
      if (!arity(ctx, f, e, name, args, 1)) return ERROR;
      return moneyOf(currencyArg(ctx, f, args[0] as Expr));
    }
    case 'mulMoney':
    case 'divMoney': {
      if (!arity(ctx, f, e, name, args, 3)) return ERROR;
      const m = moneyArg(ctx, f, args[0] as Expr);
      checkExprAs(ctx, f, args[1] as Expr, DECIMAL);
      checkExprAs(ctx, f, args[2] as Expr, ROUNDING);
      return m;
    }
    case 'ratio': {
      if (!arity(ctx, f, e, name, args, 4)) return ERROR;
      const a = moneyArg(ctx, f, args[0] as Expr);
      const b = moneyArg(ctx, f, args[1] as Expr);
      if (a.kind === 'money' && b.kind === 'money' && a.currency !== undefined && b.currency !== undefined && a.currency !== b.currency) {
        report(ctx, 'CurrencyMismatch', e.span, [a.currency, b.currency]);
      }
      checkExprAs(ctx, f, args[2] as Expr, INT);
      checkExprAs(ctx, f, args[3] as Expr, ROUNDING);
      return DECIMAL;
    }
    case 'min':
    case 'max': {
      if (!arity(ctx, f, e, name, args, 2)) return ERROR;
      const a = checkExpr(ctx, f, args[0] as Expr, expected);
      const b = checkExpr(ctx, f, args[1] as Expr, expected);
      if (a.kind === 'error' || b.kind === 'error') return ERROR;
      const u = unify(a, b);
      const ok = u !== undefined && (isNumericType(u) || u.kind === 'date' || u.kind === 'timestamp');
      if (!ok || (a.kind === 'money' && b.kind === 'money' && a.currency !== undefined && b.currency !== undefined && a.currency !== b.currency)) {
        report(ctx, 'InvalidOperands', e.span, [name, typeToString(a), typeToString(b)]);
        return ERROR;
      }
      expectAssignable(ctx, args[0], a, u, (args[0] as Expr).span);
      expectAssignable(ctx, args[1], b, u, (args[1] as Expr).span);
      return u;
    }
    case 'abs': {
      if (!arity(ctx, f, e, name, args, 1)) return ERROR;
      const a = checkExpr(ctx, f, args[0] as Expr);
      if (!isNumericType(a) && a.kind !== 'error') {
        report(ctx, 'InvalidOperand', e.span, ['abs', typeToString(a)]);
        return ERROR;
      }
      return a;
    }
    case 'str': {
      if (!arity(ctx, f, e, name, args, 1)) return ERROR;
      const a = nonOptional(checkExpr(ctx, f, args[0] as Expr));
      const ok = ['bool', 'string', 'strings', 'int', 'decimal', 'money', 'date', 'period', 'timestamp', 'address', 'enum', 'contract', 'error'].includes(a.kind);
      if (!ok) report(ctx, 'InvalidOperand', e.span, ['str', typeToString(a)]);
      return STRING;
    }
    case 'equals': {
      if (!arity(ctx, f, e, name, args, 2)) return BOOL;
      const a = checkExpr(ctx, f, args[0] as Expr);
      const b = checkExpr(ctx, f, args[1] as Expr, a);
      if (a.kind === 'sealed' || b.kind === 'sealed') report(ctx, 'SealedValueOpaque', e.span, [typeToString(a.kind === 'sealed' ? a : b)]);
      else if (a.kind !== 'error' && b.kind !== 'error' && unify(a, b) === undefined) report(ctx, 'InvalidOperands', e.span, ['equals', typeToString(a), typeToString(b)]);
      return BOOL;
    }
    case 'emit': {
      if (f.kind === 'view' || f.kind === 'function' || f.kind === 'const-init' || f.kind === 'field-init') {
        report(ctx, 'EmitNotAllowed', e.span, [f.kind === 'view' ? 'a view' : 'pure code']);
      }
      noteEffect(f, 'emits events');
      if (tArgs.length > 1) report(ctx, 'WrongTypeArgumentCount', e.span, ['emit', '0 to 1', String(tArgs.length)]);
      if (!arity(ctx, f, e, name, args, 1)) return VOID;
      const want = tArgs[0];
      if (want !== undefined && want.kind !== 'event' && want.kind !== 'error') {
        report(ctx, 'NotAnEvent', (e.typeArgs[0] as TypeNode).span, [typeToString(want)]);
        checkExpr(ctx, f, args[0] as Expr, want);
        return VOID;
      }
      const t = want === undefined ? checkExpr(ctx, f, args[0] as Expr) : checkExprAs(ctx, f, args[0] as Expr, want);
      const ev = want ?? t;
      if (ev.kind === 'event') f.contract?.events.set(ev.name, ev);
      else if (ev.kind !== 'error') report(ctx, 'NotAnEvent', (args[0] as Expr).span, [typeToString(ev)]);
      return VOID;
    }
    case 'contractAt': {
      if (tArgs.length !== 1) {
        report(ctx, 'WrongTypeArgumentCount', e.span, ['contractAt', '1', String(tArgs.length)]);
        for (const a of args) checkExpr(ctx, f, a);
        return ERROR;
      }
      const t = tArgs[0] as Type;
      if (!arity(ctx, f, e, name, args, 1)) return ERROR;
      checkExprAs(ctx, f, args[0] as Expr, ADDRESS);
      if (t.kind !== 'contract' && t.kind !== 'error') {
        report(ctx, 'NotAContractInterface', (e.typeArgs[0] as TypeNode).span, [typeToString(t)]);
        return ERROR;
      }
      return t;
    }
    case 'commitmentOf': {
      if (!arity(ctx, f, e, name, args, 1)) return COMMITMENT;
      const t = checkExpr(ctx, f, args[0] as Expr);
      if (t.kind !== 'error' && (t.kind !== 'sealed' || !isNumericType(t.inner))) report(ctx, 'CommitmentOfNonSealed', (args[0] as Expr).span, [typeToString(t)]);
      return COMMITMENT;
    }
    case 'prove': {
      if (!arity(ctx, f, e, name, args, 1)) return VOID;
      return checkProve(ctx, f, e, args[0] as Expr);
    }
    case 'sortBy': {
      if (!arity(ctx, f, e, name, args, 2)) return ERROR;
      const arr = checkExpr(ctx, f, args[0] as Expr);
      if (arr.kind !== 'array') {
        if (arr.kind !== 'error') report(ctx, 'TypeMismatch', (args[0] as Expr).span, [typeToString(arr), 'an array']);
        return ERROR;
      }
      const key = args[1] as Expr;
      if (key.kind !== 'ArrowFunction') {
        checkExpr(ctx, f, key);
        report(ctx, 'ExpectedLambda', key.span);
        return arr;
      }
      const k = checkLambda(ctx, f, key, [arr.element], undefined);
      if (!['int', 'decimal', 'string', 'strings', 'date', 'timestamp', 'error'].includes(k.kind)) report(ctx, 'InvalidSortKey', key.span, [typeToString(k)]);
      return arr;
    }
    default:
      return ERROR;
  }
}

const ARRAY_METHODS = new Set(['push', 'pop', 'includes', 'indexOf', 'slice', 'concat', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'reduce']);
const MAP_METHODS = new Set(['get', 'has', 'set', 'delete', 'keys', 'values']);
const STRING_METHODS = new Set(['startsWith', 'endsWith', 'includes', 'slice']);
const MUTATING = new Set(['push', 'pop', 'set', 'delete']);

/** Does the receiver type have a built-in method `name`? */
export function builtinMethodExists(receiver: Type, name: string): boolean {
  switch (receiver.kind) {
    case 'array': return ARRAY_METHODS.has(name);
    case 'map': return MAP_METHODS.has(name);
    case 'string': return STRING_METHODS.has(name);
    default: return false;
  }
}

function isScalar(t: Type): boolean {
  return ['bool', 'string', 'strings', 'int', 'decimal', 'money', 'date', 'period', 'timestamp', 'address', 'enum', 'contract', 'error'].includes(t.kind);
}

/** Checks `receiver.name(args)` for built-in receivers. */
export function checkBuiltinMethodCall(ctx: CheckContext, f: FnCtx, e: CallExpr, callee: MemberExpr, receiver: Type, name: string, expected: Type | undefined): Type {
  const args = plainArgs(ctx, e.args);
  ctx.tables.calls.set(e, { kind: 'builtinMethod', receiver, name });
  if (e.typeArgs.length > 0) report(ctx, 'WrongTypeArgumentCount', e.span, [name, '0', String(e.typeArgs.length)]);
  if (MUTATING.has(name)) noteMutation(ctx, f, callee.object);
  if (receiver.kind === 'string') {
    if (name === 'slice') {
      if (!arity(ctx, f, e, name, args, 1, 2)) return STRING;
      for (const a of args) checkExprAs(ctx, f, a, INT);
      return STRING;
    }
    if (!arity(ctx, f, e, name, args, 1)) return BOOL;
    checkExprAs(ctx, f, args[0] as Expr, STRING);
    return BOOL;
  }
  if (receiver.kind === 'map') {
    const { key, value } = receiver;
    switch (name) {
      case 'get':
        if (!arity(ctx, f, e, name, args, 1)) return ERROR;
        checkExprAs(ctx, f, args[0] as Expr, key);
        return optionalOf(value);
      case 'has':
      case 'delete':
        if (!arity(ctx, f, e, name, args, 1)) return BOOL;
        checkExprAs(ctx, f, args[0] as Expr, key);
        return BOOL;
      case 'set':
        if (!arity(ctx, f, e, name, args, 2)) return VOID;
        checkExprAs(ctx, f, args[0] as Expr, key);
        checkExprAs(ctx, f, args[1] as Expr, value);
        return VOID;
      case 'keys':
        arity(ctx, f, e, name, args, 0);
        return arrayOf(key);
      case 'values':
        arity(ctx, f, e, name, args, 0);
        return arrayOf(value);
      default:
        return ERROR;
    }
  }
  if (receiver.kind !== 'array') return ERROR;
  const el = receiver.element;
  const lambdaArg = (a: Expr, params: Type[], ret: Type | undefined): Type => {
    if (a.kind !== 'ArrowFunction') {
      checkExpr(ctx, f, a);
      report(ctx, 'ExpectedLambda', a.span);
      return ERROR;
    }
    return checkLambda(ctx, f, a, params, ret);
  };
  switch (name) {
    case 'push':
      if (!arity(ctx, f, e, name, args, 1)) return VOID;
      checkExprAs(ctx, f, args[0] as Expr, el);
      return VOID;
    case 'pop':
      arity(ctx, f, e, name, args, 0);
      return optionalOf(el);
    case 'includes':
    case 'indexOf':
      if (!arity(ctx, f, e, name, args, 1)) return name === 'includes' ? BOOL : INT;
      if (!isScalar(el)) report(ctx, 'StructuralEquality', e.span);
      checkExprAs(ctx, f, args[0] as Expr, el);
      return name === 'includes' ? BOOL : INT;
    case 'slice':
      if (!arity(ctx, f, e, name, args, 0, 2)) return receiver;
      for (const a of args) checkExprAs(ctx, f, a, INT);
      return receiver;
    case 'concat':
      if (!arity(ctx, f, e, name, args, 1)) return receiver;
      checkExprAs(ctx, f, args[0] as Expr, receiver);
      return receiver;
    case 'map': {
      if (!arity(ctx, f, e, name, args, 1)) return ERROR;
      const want = expected !== undefined && nonOptional(expected).kind === 'array' ? (nonOptional(expected) as { element: Type }).element : undefined;
      const r = lambdaArg(args[0] as Expr, [el, INT], want);
      if (r.kind !== 'error' && !isDataType(r)) report(ctx, 'NotDataType', (args[0] as Expr).span, [typeToString(r)]);
      return r.kind === 'error' ? ERROR : arrayOf(r.kind === 'strings' ? STRING : r);
    }
    case 'filter':
    case 'some':
    case 'every':
    case 'find':
    case 'findIndex': {
      if (!arity(ctx, f, e, name, args, 1)) return ERROR;
      lambdaArg(args[0] as Expr, [el, INT], BOOL);
      return name === 'filter' ? receiver : name === 'find' ? optionalOf(el) : name === 'findIndex' ? INT : BOOL;
    }
    case 'reduce': {
      if (!arity(ctx, f, e, name, args, 2)) return ERROR;
      const init = checkExpr(ctx, f, args[1] as Expr, expected);
      let acc = init.kind === 'strings' ? STRING : init;
      // `xs.reduce((a, x) => a + x, 0)` where a Decimal is expected: the Int start value widens.
      if (expected !== undefined && assignability(init, expected) === 'coerce') {
        ctx.tables.coercions.set(args[1] as Expr, 'int-to-decimal');
        acc = expected;
      }
      lambdaArg(args[0] as Expr, [acc, el, INT], acc);
      return acc;
    }
    default:
      return ERROR;
  }
}

export { sameType };
