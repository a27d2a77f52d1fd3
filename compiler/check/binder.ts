/**
 * The binder: builds each unit's top-level scope from its declarations and resolves its imports
 * to exported declarations of other units (E2xxx). Runs over units in dependency order.
 * Does NOT look inside function bodies or resolve types; that is the checker's job.
 * @module
 */
import type { SourceUnit } from '../ast/nodes.ts';
import { type CheckContext, type DeclSymbol, type ScopeEntry, type UnitScope, report } from './context.ts';
import { PRELUDE_TYPE_NAMES, PRELUDE_VALUE_NAMES } from './builtins.ts';

/** How an import specifier resolved: a unit, the prelude module, or nothing. */
export type ImportTarget = SourceUnit | 'prelude' | undefined;

/** Binds all units (which must be in dependency order) into `ctx.scopes`. */
export function bindUnits(ctx: CheckContext, units: readonly SourceUnit[], resolveImport: (unit: SourceUnit, specifier: string) => ImportTarget): void {
  for (const unit of units) {
    const scope: UnitScope = { unit, names: new Map(), exports: new Map(), preludeAliases: new Map() };
    ctx.scopes.set(unit, scope);
    declareOwn(ctx, scope);
  }
  for (const unit of units) bindImports(ctx, ctx.scopes.get(unit) as UnitScope, resolveImport);
}

function declareOwn(ctx: CheckContext, scope: UnitScope): void {
  const { unit } = scope;
  const add = (name: string, symbol: DeclSymbol, span: ScopeEntry['span'], exported: boolean): void => {
    const prev = scope.names.get(name);
    if (prev !== undefined) {
      report(ctx, 'DuplicateDeclaration', span, [name], [{ span: prev.span, message: `"${name}" is first declared here` }]);
      return;
    }
    const entry = { symbol, span };
    scope.names.set(name, entry);
    if (exported) scope.exports.set(name, entry);
  };
  for (const item of unit.items) {
    switch (item.kind) {
      case 'ClassDecl': add(item.name.name, { kind: 'contract', decl: item, unit }, item.name.span, item.exported); break;
      case 'InterfaceDecl': add(item.name.name, { kind: 'interface', decl: item, unit }, item.name.span, item.exported); break;
      case 'TypeAliasDecl': add(item.name.name, { kind: 'alias', decl: item, unit }, item.name.span, item.exported); break;
      case 'EnumDecl': add(item.name.name, { kind: 'enum', decl: item, unit }, item.name.span, item.exported); break;
      case 'FunctionDecl': add(item.name.name, { kind: 'function', decl: item, unit }, item.name.span, item.exported); break;
      case 'ConstDecl':
        for (const d of item.declaration.declarations) {
          if (d.binding.kind === 'Identifier') add(d.binding.name, { kind: 'const', decl: d, stmt: item, unit }, d.binding.span, item.exported);
          // A destructured constant is not supported (E3041, reported by the checker); its names
          // are declared anyway, unresolved, so that their uses do not cascade into E2001.
          else if (d.binding.kind === 'ObjectPattern') for (const p of d.binding.properties) add(p.local.name, { kind: 'unresolved', unit }, p.local.span, item.exported);
          else for (const x of d.binding.elements) add(x.name, { kind: 'unresolved', unit }, x.span, item.exported);
        }
        break;
      case 'ImportDecl':
      case 'BannedStmt':
        break;
    }
  }
}

function bindImports(ctx: CheckContext, scope: UnitScope, resolveImport: (unit: SourceUnit, specifier: string) => ImportTarget): void {
  for (const item of scope.unit.items) {
    if (item.kind !== 'ImportDecl') continue;
    if (item.unsupportedForm !== undefined) {
      report(ctx, 'UnsupportedImportForm', item.span, [item.unsupportedForm]);
      continue;
    }
    const target = resolveImport(scope.unit, item.module.value);
    if (target === undefined) {
      // The loader has already reported the missing module; its names must not cascade.
      for (const spec of item.specifiers) {
        if (!scope.names.has(spec.local.name)) scope.names.set(spec.local.name, { symbol: { kind: 'unresolved', unit: scope.unit }, span: spec.local.span });
      }
      continue;
    }
    for (const spec of item.specifiers) {
      const name = spec.imported.name;
      if (target === 'prelude') {
        if (!PRELUDE_VALUE_NAMES.has(name) && !PRELUDE_TYPE_NAMES.has(name)) report(ctx, 'NotExported', spec.imported.span, [name, item.module.value]);
        else if (spec.local.name !== name) scope.preludeAliases.set(spec.local.name, name);
        continue;
      }
      const exported = ctx.scopes.get(target)?.exports.get(name);
      if (exported === undefined) {
        const declared = ctx.scopes.get(target)?.names.get(name);
        report(ctx, 'NotExported', spec.imported.span, [name, item.module.value], declared === undefined ? [] : [{ span: declared.span, message: `"${name}" is declared here without "export"` }]);
        continue;
      }
      const local = spec.local.name;
      const prev = scope.names.get(local);
      if (prev !== undefined) {
        report(ctx, 'DuplicateDeclaration', spec.local.span, [local], [{ span: prev.span, message: `"${local}" is first declared here` }]);
        continue;
      }
      scope.names.set(local, { symbol: exported.symbol, span: spec.local.span });
    }
  }
}
