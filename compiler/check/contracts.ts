/**
 * Contract-level checking: the `@contract` class, its state layout, constructor, entry points,
 * views and triggers (decorators and their arguments), the read-only rule of views, and
 * initialisation of state fields. Produces the {@link ContractInfo} used by code generation.
 * Does NOT check expressions or statements itself.
 * @module
 */
import type { ClassDecl, Decorator, Expr, FieldDecl, MethodDecl, SourceUnit } from '../ast/nodes.ts';
import type { ContractInfo, EntryInfo, EntryKind, StateField, TriggerInfo } from './checked.ts';
import { DECORATORS } from './builtins.ts';
import { type BodyKind, type CheckContext, type ContractCtx, type FnCtx, type UnitScope, report } from './context.ts';
import { checkExprAs, isValidIsoDate } from './expressions.ts';
import { resolveType } from './resolve-types.ts';
import { checkBody, declareParams } from './statements.ts';
import { ERROR, type ParamType, type Type, VOID, isDataType, optionalOf, sameType, typeToString } from './types.ts';

const ROLE_DECORATORS = new Set(['entry', 'view', 'on', 'every', 'at']);

function newFn(scope: UnitScope, kind: BodyKind, contract: ContractCtx | undefined, method: MethodDecl | undefined, returnType: Type | undefined): FnCtx {
  return { scope, kind, contract, method, returnType, scopes: [new Map()], loopDepth: 0, switchDepth: 0, assignedFields: new Set(), inProve: false };
}

function stringArg(d: Decorator, i: number): string | undefined {
  const a = d.args?.[i];
  return a !== undefined && a.kind === 'StringLit' ? a.value : undefined;
}

/** Checks one `@contract` class (or reports why a class is not a contract). */
export function checkContract(ctx: CheckContext, scope: UnitScope, decl: ClassDecl): ContractInfo {
  const unit: SourceUnit = scope.unit;
  let isContract = false;
  for (const d of decl.decorators) {
    if (d.name.name === 'contract') {
      isContract = true;
      if (d.args !== undefined && d.args.length > 0) report(ctx, 'DecoratorArguments', d.span, ['contract', 'no arguments']);
    } else if (DECORATORS.has(d.name.name)) report(ctx, 'MisplacedDecorator', d.span, [d.name.name, 'a method']);
    else report(ctx, 'UnknownDecorator', d.name.span, [d.name.name]);
  }
  if (!isContract) report(ctx, 'ClassWithoutContract', decl.name.span, [decl.name.name]);
  if (decl.extendsType !== undefined) report(ctx, 'ContractInheritance', decl.extendsType.span);
  if (decl.typeParams[0] !== undefined) report(ctx, 'GenericDeclaration', decl.typeParams[0].span);

  const c: ContractCtx = {
    decl, unit, fields: new Map(), methods: new Map(), methodKinds: new Map(), events: new Map(), relations: [],
    effects: new Map(), calls: new Map(),
  };
  const memberSpans = new Map<string, Expr['span']>();
  const dup = (name: string, span: Expr['span']): boolean => {
    const prev = memberSpans.get(name);
    if (prev !== undefined) {
      report(ctx, 'DuplicateMember', span, [name], [{ span: prev, message: `"${name}" is first declared here` }]);
      return true;
    }
    memberSpans.set(name, span);
    return false;
  };

  // State layout, in declaration order.
  const fieldDecls: FieldDecl[] = [];
  for (const m of decl.members) {
    if (m.kind !== 'FieldDecl' || dup(m.name.name, m.name.span)) continue;
    for (const d of m.decorators) report(ctx, 'MisplacedDecorator', d.span, [d.name.name, 'a method']);
    let t: Type = ERROR;
    if (m.type === undefined) report(ctx, 'MissingFieldType', m.name.span, [m.name.name]);
    else t = resolveType(ctx, scope, m.type);
    if (t.kind !== 'error' && !isDataType(t)) {
      report(ctx, 'NotDataType', m.type?.span ?? m.name.span, [typeToString(t)]);
      t = ERROR;
    }
    if (m.optional) t = optionalOf(t);
    const field: StateField = { name: m.name.name, type: t, decl: m, index: c.fields.size, readonly: m.modifiers.includes('readonly') };
    c.fields.set(field.name, field);
    fieldDecls.push(m);
  }
  for (const m of decl.members) {
    if (m.kind !== 'MethodDecl' || dup(m.name.name, m.name.span)) continue;
    c.methods.set(m.name.name, m);
  }
  const ctors = decl.members.filter((m) => m.kind === 'ConstructorDecl');
  for (const extra of ctors.slice(1)) report(ctx, 'DuplicateConstructor', extra.span);

  // Field initialisers run before the constructor, without `this`.
  for (const m of fieldDecls) {
    const field = c.fields.get(m.name.name) as StateField;
    if (m.init === undefined) continue;
    if (field.type.kind === 'map') {
      const ok = m.init.kind === 'NewExpr' && m.init.args.length === 0;
      if (!ok) report(ctx, 'StateMapInitialiser', m.init.span, [field.name]);
    }
    checkExprAs(ctx, newFn(scope, 'field-init', c, undefined, undefined), m.init, field.type);
  }

  // Constructor.
  const ctor = ctors[0];
  let ctorParams: ParamType[] = [];
  if (ctor !== undefined) {
    const f = newFn(scope, 'ctor', c, undefined, VOID);
    const types = declareParams(ctx, f, ctor.params);
    ctorParams = ctor.params.map((p, i) => ({ name: p.name.name, type: types[i] as Type }));
    checkParamData(ctx, ctor.params, types);
    checkBody(ctx, f, ctor.body, ctor.span);
    for (const [name, field] of c.fields) {
      const m = field.decl;
      const needs = m.init === undefined && field.type.kind !== 'optional' && field.type.kind !== 'map' && field.type.kind !== 'error';
      if (needs && !f.assignedFields.has(name)) report(ctx, 'FieldNeverInitialised', m.name.span, [name]);
    }
  } else {
    for (const [name, field] of c.fields) {
      const m = field.decl;
      if (m.init === undefined && field.type.kind !== 'optional' && field.type.kind !== 'map' && field.type.kind !== 'error') report(ctx, 'FieldNeverInitialised', m.name.span, [name]);
    }
  }

  // Methods.
  const entries: EntryInfo[] = [];
  for (const m of c.methods.values()) entries.push(checkMethod(ctx, scope, c, m));

  // Views are read-only through helper calls too (fixpoint over the internal call graph): no
  // state write, event, entry call of another contract or prove() however deep the helper chain.
  const reachedEffect = (m: MethodDecl, seen: Set<MethodDecl>): string | undefined => {
    const own = c.effects.get(m);
    if (own !== undefined) return own;
    if (seen.has(m)) return undefined;
    seen.add(m);
    for (const callee of c.calls.get(m) ?? []) {
      const found = reachedEffect(callee, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  for (const e of entries) {
    if (e.kind !== 'view') continue;
    for (const callee of c.calls.get(e.decl) ?? []) {
      const effect = reachedEffect(callee, new Set());
      if (effect !== undefined) report(ctx, 'ViewCallsWriter', e.decl.name.span, [e.name, callee.name.name, effect]);
    }
  }

  // `implements`: every interface method exists with the same signature.
  for (const impl of decl.implementsTypes) {
    const it = resolveType(ctx, scope, impl);
    if (it.kind === 'error') continue;
    if (it.kind !== 'contract') {
      report(ctx, 'NotAContractInterface', impl.span, [typeToString(it)]);
      continue;
    }
    for (const im of it.methods) {
      const e = entries.find((x) => x.name === im.name && (x.kind === 'entry' || x.kind === 'view'));
      const same = e !== undefined && sameType(e.returns, im.returns) && e.params.length === im.params.length && e.params.every((p, i) => sameType(p.type, (im.params[i] as ParamType).type));
      if (!same) report(ctx, 'MissingInterfaceMethod', impl.span, [decl.name.name, im.name, it.name]);
    }
  }

  return {
    name: decl.name.name, decl, unit, fields: [...c.fields.values()], ctor, ctorParams, entries,
    events: [...c.events.values()].sort((a, b) => ((a as { name: string }).name < (b as { name: string }).name ? -1 : 1)),
    relations: c.relations,
  };
}

function checkParamData(ctx: CheckContext, params: MethodDecl['params'], types: readonly Type[]): void {
  params.forEach((p, i) => {
    const t = types[i] as Type;
    if (t.kind !== 'error' && !isDataType(t)) report(ctx, 'NotDataType', p.type?.span ?? p.name.span, [typeToString(t)]);
  });
}

function checkMethod(ctx: CheckContext, scope: UnitScope, c: ContractCtx, m: MethodDecl): EntryInfo {
  let role: string | undefined;
  let roleDecorator: Decorator | undefined;
  for (const d of m.decorators) {
    const n = d.name.name;
    if (!DECORATORS.has(n)) {
      report(ctx, 'UnknownDecorator', d.name.span, [n]);
      continue;
    }
    if (n === 'contract') {
      report(ctx, 'MisplacedDecorator', d.span, ['contract', 'a class']);
      continue;
    }
    if (ROLE_DECORATORS.has(n)) {
      if (role !== undefined) {
        report(ctx, 'ConflictingDecorators', d.span, [role, n]);
        continue;
      }
      role = n;
      roleDecorator = d;
    }
  }
  if (m.typeParams[0] !== undefined) report(ctx, 'GenericDeclaration', m.typeParams[0].span);
  const kind: EntryKind = role === 'entry' ? 'entry' : role === 'view' ? 'view' : role === undefined ? 'internal' : 'trigger';
  const bodyKind: BodyKind = kind;
  let returns: Type = ERROR;
  if (m.returnType === undefined) report(ctx, 'MissingReturnType', m.name.span);
  else returns = resolveType(ctx, scope, m.returnType);
  // async/generator methods are rejected by the rules pass; their bodies need no return check.
  if (m.modifiers.includes('async') || m.modifiers.includes('generator')) returns = ERROR;
  const f = newFn(scope, bodyKind, c, m, returns);
  const types = declareParams(ctx, f, m.params);
  const params = m.params.map((p, i) => ({ name: p.name.name, type: types[i] as Type }));
  if (kind !== 'internal') {
    checkParamData(ctx, m.params, types);
    if (returns.kind !== 'error' && returns.kind !== 'void' && !isDataType(returns)) report(ctx, 'NotDataType', m.returnType?.span ?? m.name.span, [typeToString(returns)]);
  }
  let trigger: TriggerInfo | undefined;
  if (roleDecorator !== undefined) trigger = checkDecoratorArgs(ctx, c, m, roleDecorator, types, returns);
  c.methodKinds.set(m, bodyKind);
  checkBody(ctx, f, m.body, m.name.span);
  return { name: m.name.name, kind, decl: m, params, returns, trigger };
}

function checkDecoratorArgs(ctx: CheckContext, c: ContractCtx, m: MethodDecl, d: Decorator, params: readonly Type[], returns: Type): TriggerInfo | undefined {
  const n = d.name.name;
  const args = d.args ?? [];
  if (n === 'entry' || n === 'view') {
    if (args.length > 0) report(ctx, 'DecoratorArguments', d.span, [n, 'no arguments']);
    return undefined;
  }
  if (returns.kind !== 'void' && returns.kind !== 'error') report(ctx, 'InvalidTriggerHandler', m.name.span, [m.name.name, 'must return void']);
  const dateParamOk = (): boolean => params.length === 0 || (params.length === 1 && (params[0] as Type).kind === 'date');
  if (n === 'on') {
    const source = stringArg(d, 0);
    if (args.length !== 1 || source === undefined) {
      report(ctx, 'DecoratorArguments', d.span, ['on', 'one string: the state field holding the source contract']);
      return undefined;
    }
    const field = c.fields.get(source);
    if (field === undefined || (field.type.kind !== 'address' && field.type.kind !== 'contract')) {
      report(ctx, 'InvalidTriggerSource', (args[0] as Expr).span, [source]);
    }
    const p = params[0];
    if (params.length !== 1 || p === undefined || (p.kind !== 'event' && p.kind !== 'error')) {
      report(ctx, 'InvalidTriggerHandler', m.name.span, [m.name.name, 'takes exactly one parameter of an event type']);
      return undefined;
    }
    return { kind: 'event', source, event: p.kind === 'event' ? p.name : '' };
  }
  if (!dateParamOk()) report(ctx, 'InvalidTriggerHandler', m.name.span, [m.name.name, 'takes no parameter or one LocalDate']);
  if (n === 'every') {
    const period = stringArg(d, 0);
    const anchor = stringArg(d, 1);
    if (args.length < 1 || args.length > 2 || period === undefined || (args.length === 2 && anchor === undefined)) {
      report(ctx, 'DecoratorArguments', d.span, ['every', 'a period literal and optionally the name of a LocalDate state field']);
      return undefined;
    }
    if (!/^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/.test(period) || /^P(0+[YMWD])+$/.test(period)) report(ctx, 'InvalidPeriodLiteral', (args[0] as Expr).span, [period]);
    if (anchor !== undefined) {
      const field = c.fields.get(anchor);
      if (field === undefined || (field.type.kind !== 'date' && !(field.type.kind === 'optional' && field.type.inner.kind === 'date'))) {
        report(ctx, 'InvalidTriggerSource', (args[1] as Expr).span, [anchor]);
      }
    }
    return { kind: 'every', period, anchor };
  }
  // @at
  const v = stringArg(d, 0);
  if (args.length !== 1 || v === undefined) {
    report(ctx, 'DecoratorArguments', d.span, ['at', 'a date literal or the name of a LocalDate or LocalDate[] state field']);
    return undefined;
  }
  if (/^\d{4}-/.test(v)) {
    if (!isValidIsoDate(v)) report(ctx, 'InvalidDateLiteral', (args[0] as Expr).span, [v]);
    return { kind: 'at', date: v, field: undefined };
  }
  const field = c.fields.get(v);
  const t = field?.type;
  const ok = t !== undefined && (t.kind === 'date' || (t.kind === 'array' && t.element.kind === 'date') || (t.kind === 'optional' && t.inner.kind === 'date'));
  if (!ok) report(ctx, 'InvalidTriggerSource', (args[0] as Expr).span, [v]);
  return { kind: 'at', date: undefined, field: v };
}
