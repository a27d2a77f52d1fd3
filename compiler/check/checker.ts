/**
 * The checker's entry point: binds all units, resolves every declared type, checks top-level
 * constants and functions and every contract, and returns the {@link CheckedProgram}. Reports
 * names (E2xxx) and types (E3xxx) into the bag and keeps going after errors; the pipeline
 * decides whether code generation may run.
 * Does NOT enforce the determinism and safety rules over the syntax tree (see `rules.ts`).
 * @module
 */
import type { FunctionDecl, SourceUnit, VarDeclarator } from '../ast/nodes.ts';
import type { DiagnosticBag } from '../diagnostics.ts';
import type { SourceFile } from '../source.ts';
import { type ImportTarget, bindUnits } from './binder.ts';
import type { CheckedProgram, ContractInfo } from './checked.ts';
import { checkContract } from './contracts.ts';
import { type CheckContext, type FnCtx, type UnitScope, createTables, freezeTables, report } from './context.ts';
import { constType, functionSignature } from './expressions.ts';
import { declaredType } from './resolve-types.ts';
import { checkBody, declareParams } from './statements.ts';
import type { Type } from './types.ts';

export interface CheckProgramParameters {
  readonly files: readonly SourceFile[];
  /** Every unit, dependencies first. */
  readonly units: readonly SourceUnit[];
  /** Units whose contracts get artifacts. */
  readonly roots: readonly SourceUnit[];
  readonly resolveImport: (unit: SourceUnit, specifier: string) => ImportTarget;
}

/** Checks a whole program. The result is meaningful only if `bag` holds no errors afterwards. */
export function checkProgram(params: CheckProgramParameters, bag: DiagnosticBag): CheckedProgram {
  const ctx: CheckContext = {
    bag, files: params.files, scopes: new Map(), tables: createTables(), namedTypes: new Map(),
    namedTypeSpans: new Map(), declTypes: new Map(), resolving: new Set(),
  };
  bindUnits(ctx, params.units, params.resolveImport);
  const functions: { decl: FunctionDecl; unit: SourceUnit }[] = [];
  const constants: { decl: VarDeclarator; unit: SourceUnit; type: Type }[] = [];
  const contracts: ContractInfo[] = [];
  const roots = new Set(params.roots);
  for (const unit of params.units) {
    const scope = ctx.scopes.get(unit) as UnitScope;
    for (const item of unit.items) {
      switch (item.kind) {
        case 'InterfaceDecl':
          declaredType(ctx, { kind: 'interface', decl: item, unit }, item.name);
          break;
        case 'TypeAliasDecl':
          declaredType(ctx, { kind: 'alias', decl: item, unit }, item.name);
          break;
        case 'EnumDecl':
          declaredType(ctx, { kind: 'enum', decl: item, unit }, item.name);
          break;
        case 'ConstDecl':
          for (const d of item.declaration.declarations) {
            if (d.binding.kind !== 'Identifier') {
              report(ctx, 'UnsupportedDestructuring', d.binding.span);
              continue;
            }
            constants.push({ decl: d, unit, type: constType(ctx, d) });
          }
          break;
        case 'FunctionDecl': {
          functions.push({ decl: item, unit });
          if (item.typeParams[0] !== undefined) report(ctx, 'GenericDeclaration', item.typeParams[0].span);
          const sig = functionSignature(ctx, unit, item);
          const f: FnCtx = {
            scope, kind: 'function', contract: undefined, method: undefined, returnType: sig.returns,
            scopes: [new Map()], loopDepth: 0, switchDepth: 0, assignedFields: new Set(), inProve: false,
          };
          declareParams(ctx, f, item.params);
          checkBody(ctx, f, item.body, item.name.span);
          break;
        }
        case 'ClassDecl': {
          const info = checkContract(ctx, scope, item);
          if (roots.has(unit)) contracts.push(info);
          break;
        }
        case 'ImportDecl':
        case 'BannedStmt':
          break;
      }
    }
  }
  const imports = new Map<SourceUnit, SourceUnit[]>();
  for (const unit of params.units) {
    const targets: SourceUnit[] = [];
    for (const item of unit.items) {
      if (item.kind !== 'ImportDecl') continue;
      const t = params.resolveImport(unit, item.module.value);
      if (t !== undefined && t !== 'prelude' && !targets.includes(t)) targets.push(t);
    }
    imports.set(unit, targets);
  }
  return {
    files: params.files, units: params.units, roots: params.roots, imports, contracts, functions, constants,
    namedTypes: ctx.namedTypes, tables: freezeTables(ctx.tables),
  };
}
