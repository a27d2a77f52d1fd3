/**
 * Resolves written types (`TypeNode`) and declared types (interfaces, aliases, enums, contracts)
 * to the type model, reporting unknown names (E2xxx) and unsupported type forms (E3xxx).
 * Results of declarations are cached in `ctx.declTypes`; recursive declarations are rejected.
 * Does NOT check expressions.
 * @module
 */
import type { ClassDecl, EnumDecl, InterfaceDecl, MethodDecl, Param, TypeAliasDecl, TypeNode, TypeRef } from '../ast/nodes.ts';
import { currencyExponent } from '../../stdlib/index.ts';
import { type CheckContext, type DeclSymbol, type UnitScope, preludeName, report } from './context.ts';
import {
  ADDRESS, BOOL, COMMITMENT, DATE, DECIMAL, ERROR, FAILURE, INT, PERIOD, ROUNDING, STRING, TIMESTAMP, UNDEFINED, VOID,
  type FieldType, type MethodType, type ParamType, type Type, arrayOf, isDataType, isMapKeyType, moneyOf, optionalOf, typeToString,
} from './types.ts';

/** Resolves a written type in the top-level scope of `scope`'s unit. */
export function resolveType(ctx: CheckContext, scope: UnitScope, node: TypeNode): Type {
  switch (node.kind) {
    case 'KeywordType':
      switch (node.name) {
        case 'boolean': return BOOL;
        case 'string': return STRING;
        case 'bigint': return INT;
        case 'void': return VOID;
        case 'undefined': return UNDEFINED;
        case 'number':
          report(ctx, 'NumberType', node.span);
          return ERROR;
        default:
          report(ctx, 'ForbiddenType', node.span, [node.name]);
          return ERROR;
      }
    case 'ArrayType':
      return arrayOf(resolveType(ctx, scope, node.element));
    case 'LiteralType':
      return { kind: 'strings', values: [node.value] };
    case 'UnionType':
      return resolveUnion(ctx, scope, node.types, node.span);
    case 'TypeLiteral':
      report(ctx, 'InlineRecordType', node.span);
      return ERROR;
    case 'BannedType':
      report(ctx, 'UnsupportedTypeSyntax', node.span, [node.construct]);
      return ERROR;
    case 'TypeRef':
      return resolveTypeRef(ctx, scope, node);
  }
}

function resolveUnion(ctx: CheckContext, scope: UnitScope, parts: readonly TypeNode[], span: TypeNode['span']): Type {
  let optional = false;
  const rest: TypeNode[] = [];
  for (const p of parts) {
    if ((p.kind === 'KeywordType' && p.name === 'undefined')) optional = true;
    else rest.push(p);
  }
  let inner: Type;
  if (rest.length === 0) return UNDEFINED;
  if (rest.length === 1) inner = resolveType(ctx, scope, rest[0] as TypeNode);
  else if (rest.every((p) => p.kind === 'LiteralType')) {
    const values = [...new Set(rest.map((p) => (p as { value: string }).value))];
    inner = { kind: 'strings', values };
  } else {
    const resolved = rest.map((p) => resolveType(ctx, scope, p));
    if (resolved.every((t) => t.kind === 'strings')) {
      inner = { kind: 'strings', values: [...new Set(resolved.flatMap((t) => (t as { values: readonly string[] }).values))] };
    } else {
      if (!resolved.some((t) => t.kind === 'error')) report(ctx, 'UnsupportedUnion', span);
      return ERROR;
    }
  }
  return optional ? optionalOf(inner) : inner;
}

function expectArgs(ctx: CheckContext, node: TypeRef, min: number, max: number): boolean {
  const n = node.typeArgs.length;
  if (n < min || n > max) {
    report(ctx, 'WrongTypeArgumentCount', node.span, [node.name.name, min === max ? String(min) : `${min} to ${max}`, String(n)]);
    return false;
  }
  return true;
}

function resolveTypeRef(ctx: CheckContext, scope: UnitScope, node: TypeRef): Type {
  const name = node.name.name;
  const entry = scope.names.get(name);
  if (entry !== undefined) {
    if (node.typeArgs.length > 0) report(ctx, 'WrongTypeArgumentCount', node.span, [name, '0', String(node.typeArgs.length)]);
    return declaredType(ctx, entry.symbol, node);
  }
  switch (preludeName(scope, name)) {
    case 'Int': return expectArgs(ctx, node, 0, 0) ? INT : ERROR;
    case 'Decimal': return expectArgs(ctx, node, 0, 0) ? DECIMAL : ERROR;
    case 'LocalDate': return expectArgs(ctx, node, 0, 0) ? DATE : ERROR;
    case 'Period': return expectArgs(ctx, node, 0, 0) ? PERIOD : ERROR;
    case 'Timestamp': return expectArgs(ctx, node, 0, 0) ? TIMESTAMP : ERROR;
    case 'Address': return expectArgs(ctx, node, 0, 0) ? ADDRESS : ERROR;
    case 'Commitment': return expectArgs(ctx, node, 0, 0) ? COMMITMENT : ERROR;
    case 'Rounding': return expectArgs(ctx, node, 0, 0) ? ROUNDING : ERROR;
    case 'Failure': return expectArgs(ctx, node, 0, 0) ? FAILURE : ERROR;
    case 'Money': {
      if (!expectArgs(ctx, node, 0, 1)) return ERROR;
      const arg = node.typeArgs[0];
      if (arg === undefined) return moneyOf(undefined);
      if (arg.kind !== 'LiteralType') {
        report(ctx, 'CurrencyTypeArgument', arg.span);
        return ERROR;
      }
      if (currencyExponent(arg.value) === undefined) {
        report(ctx, 'UnknownCurrency', arg.span, [arg.value]);
        return ERROR;
      }
      return moneyOf(arg.value);
    }
    case 'Array': {
      if (!expectArgs(ctx, node, 1, 1)) return ERROR;
      return arrayOf(resolveType(ctx, scope, node.typeArgs[0] as TypeNode));
    }
    case 'Sealed': {
      if (!expectArgs(ctx, node, 1, 1)) return ERROR;
      const inner = resolveType(ctx, scope, node.typeArgs[0] as TypeNode);
      if (inner.kind === 'sealed') {
        report(ctx, 'NestedSealed', node.span);
        return ERROR;
      }
      if (inner.kind !== 'error' && !isDataType(inner)) {
        report(ctx, 'NotDataType', node.span, [typeToString(inner)]);
        return ERROR;
      }
      return { kind: 'sealed', inner };
    }
    case 'Map': {
      if (!expectArgs(ctx, node, 2, 2)) return ERROR;
      const key = resolveType(ctx, scope, node.typeArgs[0] as TypeNode);
      const value = resolveType(ctx, scope, node.typeArgs[1] as TypeNode);
      if (!isMapKeyType(key)) {
        report(ctx, 'InvalidMapKey', (node.typeArgs[0] as TypeNode).span, [typeToString(key)]);
        return ERROR;
      }
      return { kind: 'map', key, value };
    }
    case 'Event':
      report(ctx, 'EventMarkerAsType', node.span);
      return ERROR;
    default:
      report(ctx, 'UnknownType', node.name.span, [name]);
      return ERROR;
  }
}

/** The type a declaration denotes when used as a type (records, events, enums, interfaces, contracts). */
export function declaredType(ctx: CheckContext, symbol: DeclSymbol, use: { span: TypeRef['span'] }): Type {
  switch (symbol.kind) {
    case 'unresolved':
      return ERROR;
    case 'function':
    case 'const':
      report(ctx, 'NotAType', use.span, [symbol.kind === 'function' ? symbol.decl.name.name : nameOfBinding(symbol.decl.binding)]);
      return ERROR;
    default:
      break;
  }
  const decl = symbol.decl;
  const cached = ctx.declTypes.get(decl);
  if (cached !== undefined) return cached;
  if (ctx.resolving.has(decl)) {
    report(ctx, 'RecursiveType', use.span, [symbol.decl.name.name]);
    return ERROR;
  }
  ctx.resolving.add(decl);
  const scope = ctx.scopes.get(symbol.unit) as UnitScope;
  let t: Type;
  switch (symbol.kind) {
    case 'interface': t = interfaceType(ctx, scope, symbol.decl); break;
    case 'alias': t = aliasType(ctx, scope, symbol.decl); break;
    case 'enum': t = enumType(ctx, symbol.decl); break;
    case 'contract': t = contractType(ctx, scope, symbol.decl); break;
  }
  ctx.resolving.delete(decl);
  ctx.declTypes.set(decl, t);
  if (t.kind === 'record' || t.kind === 'event' || t.kind === 'enum') registerNamed(ctx, t, symbol.decl.name.span);
  return t;
}

function nameOfBinding(b: { kind: string; name?: string }): string {
  return b.name ?? '<pattern>';
}

function registerNamed(ctx: CheckContext, t: Type & { name: string }, span: TypeRef['span']): void {
  const prev = ctx.namedTypeSpans.get(t.name);
  if (prev !== undefined && (prev.file !== span.file || prev.start !== span.start)) {
    report(ctx, 'DuplicateTypeName', span, [t.name], [{ span: prev, message: `"${t.name}" is also declared here` }]);
    return;
  }
  ctx.namedTypeSpans.set(t.name, span);
  ctx.namedTypes.set(t.name, t);
}

function reportTypeParams(ctx: CheckContext, params: readonly { span: TypeRef['span'] }[]): void {
  const first = params[0];
  if (first !== undefined) report(ctx, 'GenericDeclaration', first.span);
}

function fieldsOf(ctx: CheckContext, scope: UnitScope, members: InterfaceDecl['members'], out: FieldType[]): void {
  for (const m of members) {
    if (m.kind !== 'PropertySignature') continue;
    if (out.some((f) => f.name === m.name.name)) {
      report(ctx, 'DuplicateMember', m.name.span, [m.name.name]);
      continue;
    }
    let type = resolveType(ctx, scope, m.type);
    if (type.kind !== 'error' && !isDataType(type)) {
      report(ctx, 'NotDataType', m.type.span, [typeToString(type)]);
      type = ERROR;
    }
    out.push({ name: m.name.name, type: m.optional ? optionalOf(type) : type, optional: m.optional || type.kind === 'optional', readonly: m.readonly });
  }
}

function interfaceType(ctx: CheckContext, scope: UnitScope, decl: InterfaceDecl): Type {
  reportTypeParams(ctx, decl.typeParams);
  const props = decl.members.filter((m) => m.kind === 'PropertySignature');
  const methods = decl.members.filter((m) => m.kind === 'MethodSignature');
  let isEvent = false;
  const fields: FieldType[] = [];
  const methodTypes: MethodType[] = [];
  for (const ext of decl.extendsTypes) {
    if (ext.name.name === 'Event' && !scope.names.has('Event')) {
      isEvent = true;
      continue;
    }
    const base = resolveType(ctx, scope, ext);
    if (base.kind === 'record' || base.kind === 'event') fields.push(...base.fields);
    else if (base.kind === 'contract') methodTypes.push(...base.methods);
    else if (base.kind !== 'error') report(ctx, 'InvalidExtends', ext.span, [typeToString(base)]);
  }
  if (props.length > 0 && (methods.length > 0 || methodTypes.length > 0)) {
    report(ctx, 'MixedInterface', decl.name.span, [decl.name.name]);
    return ERROR;
  }
  if (methods.length > 0 || methodTypes.length > 0) {
    if (isEvent) report(ctx, 'MixedInterface', decl.name.span, [decl.name.name]);
    for (const m of methods) {
      if (methodTypes.some((x) => x.name === m.name.name)) {
        report(ctx, 'DuplicateMember', m.name.span, [m.name.name]);
        continue;
      }
      methodTypes.push({ name: m.name.name, params: paramTypes(ctx, scope, m.params, true), returns: returnTypeOf(ctx, scope, m.returnType, m.name.span), view: false });
    }
    return { kind: 'contract', name: decl.name.name, methods: methodTypes };
  }
  fieldsOf(ctx, scope, decl.members, fields);
  return isEvent ? { kind: 'event', name: decl.name.name, fields } : { kind: 'record', name: decl.name.name, fields };
}

function aliasType(ctx: CheckContext, scope: UnitScope, decl: TypeAliasDecl): Type {
  reportTypeParams(ctx, decl.typeParams);
  if (decl.type.kind === 'TypeLiteral') {
    const fields: FieldType[] = [];
    fieldsOf(ctx, scope, decl.type.members, fields);
    return { kind: 'record', name: decl.name.name, fields };
  }
  return resolveType(ctx, scope, decl.type);
}

function enumType(ctx: CheckContext, decl: EnumDecl): Type {
  const members: string[] = [];
  for (const m of decl.members) {
    if (m.init !== undefined) report(ctx, 'EnumInitializer', m.init.span, [m.name.name]);
    if (members.includes(m.name.name)) report(ctx, 'DuplicateMember', m.name.span, [m.name.name]);
    else members.push(m.name.name);
  }
  return { kind: 'enum', name: decl.name.name, members };
}

function contractType(ctx: CheckContext, scope: UnitScope, decl: ClassDecl): Type {
  const methods: MethodType[] = [];
  for (const m of decl.members) {
    if (m.kind !== 'MethodDecl') continue;
    const role = methodRole(m);
    if (role !== 'entry' && role !== 'view') continue;
    methods.push({ name: m.name.name, params: paramTypes(ctx, scope, m.params, false), returns: returnTypeOf(ctx, scope, m.returnType, m.name.span, false), view: role === 'view' });
  }
  return { kind: 'contract', name: decl.name.name, methods };
}

/** The role decorator of a method (`entry`, `view`, `on`, `every`, `at`), if any. */
export function methodRole(m: MethodDecl): string | undefined {
  for (const d of m.decorators) {
    if (['entry', 'view', 'on', 'every', 'at'].includes(d.name.name)) return d.name.name;
  }
  return undefined;
}

/**
 * Parameter types of a signature. Resolving the same nodes twice is harmless: the diagnostic bag
 * drops a repeated code at the same span.
 */
export function paramTypes(ctx: CheckContext, scope: UnitScope, params: readonly Param[], reportMissing: boolean): ParamType[] {
  return params.map((p) => {
    if (p.type === undefined) {
      if (reportMissing) report(ctx, 'MissingParameterType', p.name.span, [p.name.name]);
      return { name: p.name.name, type: ERROR };
    }
    const t = resolveType(ctx, scope, p.type);
    return { name: p.name.name, type: p.optional ? optionalOf(t) : t };
  });
}

/** Return type of a signature; a missing annotation is reported (when asked) and yields `error`. */
export function returnTypeOf(ctx: CheckContext, scope: UnitScope, node: TypeNode | undefined, nameSpan: TypeRef['span'], reportProblems = true): Type {
  if (node === undefined) {
    if (reportProblems) report(ctx, 'MissingReturnType', nameSpan);
    return ERROR;
  }
  return resolveType(ctx, scope, node);
}

/** Signature of a method as declared (used for internal calls). */
export function methodSignature(ctx: CheckContext, scope: UnitScope, m: MethodDecl): { params: ParamType[]; returns: Type } {
  return { params: paramTypes(ctx, scope, m.params, false), returns: returnTypeOf(ctx, scope, m.returnType, m.name.span, false) };
}
