/**
 * Shared state of one checking run: the per-unit module scopes built by the binder, the side
 * tables the checker fills (types, name/member/call meanings, coercions), and the per-function
 * context with its lexical scopes. Passes stay functions; this is the data they share.
 * Does NOT contain checking logic.
 * @module
 */
import type {
  ArrowFunction, CallExpr, ClassDecl, EnumDecl, Expr, FunctionDecl, Identifier, InterfaceDecl, MemberExpr,
  MethodDecl, Name, SourceUnit, TypeAliasDecl, VarDeclarator, ConstDecl,
} from '../ast/nodes.ts';
import type { DiagnosticBag } from '../diagnostics.ts';
import type { DiagnosticName } from '../diagnostic-codes.ts';
import type { SourceFile, Span } from '../source.ts';
import type { CallRef, CheckTables, Coercion, MemberRef, NameRef, RelationInfo, StateField } from './checked.ts';
import type { Type } from './types.ts';

/** A top-level declaration, as seen from any unit that can name it. */
export type DeclSymbol =
  | { readonly kind: 'contract'; readonly decl: ClassDecl; readonly unit: SourceUnit }
  | { readonly kind: 'interface'; readonly decl: InterfaceDecl; readonly unit: SourceUnit }
  | { readonly kind: 'alias'; readonly decl: TypeAliasDecl; readonly unit: SourceUnit }
  | { readonly kind: 'enum'; readonly decl: EnumDecl; readonly unit: SourceUnit }
  | { readonly kind: 'function'; readonly decl: FunctionDecl; readonly unit: SourceUnit }
  | { readonly kind: 'const'; readonly decl: VarDeclarator; readonly stmt: ConstDecl; readonly unit: SourceUnit }
  /** Imported from a module that could not be loaded (already reported): silences its uses. */
  | { readonly kind: 'unresolved'; readonly unit: SourceUnit };

export interface ScopeEntry {
  readonly symbol: DeclSymbol;
  /** Where the name was introduced in this unit (the declaration or the import specifier). */
  readonly span: Span;
}

/** The names visible at the top level of one unit: its declarations and its imports. */
export interface UnitScope {
  readonly unit: SourceUnit;
  readonly names: Map<string, ScopeEntry>;
  /** Names this unit exports, to units that import it. */
  readonly exports: Map<string, ScopeEntry>;
  /** `import { money as m } from '@covenant/std'`: local alias → prelude name. */
  readonly preludeAliases: Map<string, string>;
}

/** The prelude name a name refers to in `scope` (itself unless it is an import alias). */
export function preludeName(scope: UnitScope, name: string): string {
  return scope.preludeAliases.get(name) ?? name;
}

export interface LocalBinding {
  readonly id: Identifier;
  readonly type: Type;
  readonly mutable: boolean;
  readonly isParam: boolean;
}

/** What kind of code a function body is: decides which primitives it may use. */
export type BodyKind = 'ctor' | 'entry' | 'view' | 'trigger' | 'internal' | 'function' | 'field-init' | 'const-init';

export interface ContractCtx {
  readonly decl: ClassDecl;
  readonly unit: SourceUnit;
  readonly fields: Map<string, StateField>;
  readonly methods: Map<string, MethodDecl>;
  readonly methodKinds: Map<MethodDecl, BodyKind>;
  readonly events: Map<string, Type>;
  readonly relations: RelationInfo[];
  /**
   * Methods with a direct effect a view must not have, each with what it does ("changes state",
   * "emits events", ...), for the view rule's fixpoint over the internal call graph.
   */
  readonly effects: Map<MethodDecl, string>;
  /** Internal calls: caller → callees. */
  readonly calls: Map<MethodDecl, Set<MethodDecl>>;
}

export interface FnCtx {
  readonly scope: UnitScope;
  readonly kind: BodyKind;
  readonly contract: ContractCtx | undefined;
  readonly method: MethodDecl | undefined;
  /** Declared return type; `undefined` inside field/const initialisers. */
  readonly returnType: Type | undefined;
  readonly scopes: Map<string, LocalBinding>[];
  loopDepth: number;
  switchDepth: number;
  /** Fields assigned by `this.f = …` (constructor initialisation check). */
  readonly assignedFields: Set<string>;
  /** Inside `prove(...)`: sealed values may appear in arithmetic. */
  inProve: boolean;
}

/** Mutable tables the checker fills; frozen behind {@link CheckTables} for codegen. */
export interface Tables {
  readonly types: WeakMap<Expr, Type>;
  readonly names: WeakMap<Name, NameRef>;
  readonly members: WeakMap<MemberExpr, MemberRef>;
  readonly calls: WeakMap<CallExpr, CallRef>;
  readonly coercions: WeakMap<Expr, Coercion>;
  readonly bindings: WeakMap<Identifier, Type>;
  readonly lambdas: WeakMap<ArrowFunction, Type>;
  /** Outermost links of optional chains. */
  readonly chainEnds: WeakSet<Expr>;
}

export interface CheckContext {
  readonly bag: DiagnosticBag;
  readonly files: readonly SourceFile[];
  readonly scopes: Map<SourceUnit, UnitScope>;
  readonly tables: Tables;
  /** Named record/event/enum types by name. */
  readonly namedTypes: Map<string, Type>;
  /** Where each named type was declared (duplicate detection across files). */
  readonly namedTypeSpans: Map<string, Span>;
  /** Resolved types of declarations (records, aliases, enums, contracts, functions). */
  readonly declTypes: Map<object, Type>;
  /** Declarations being resolved (cycle detection). */
  readonly resolving: Set<object>;
}

export function createTables(): Tables {
  return {
    types: new WeakMap(), names: new WeakMap(), members: new WeakMap(), calls: new WeakMap(),
    coercions: new WeakMap(), bindings: new WeakMap(), lambdas: new WeakMap(), chainEnds: new WeakSet(),
  };
}

export function report(ctx: CheckContext, name: DiagnosticName, span: Span, args: readonly string[] = [], related: readonly { span: Span; message: string }[] = []): void {
  ctx.bag.report(name, span, args, related);
}

/** Read-only view of the tables for code generation; a missing entry is a compiler bug. */
export function freezeTables(t: Tables): CheckTables {
  const must = <K extends object, V>(map: WeakMap<K, V>, key: K, what: string): V => {
    const v = map.get(key);
    if (v === undefined) throw new Error(`internal compiler error: no ${what} recorded`);
    return v;
  };
  return {
    typeOf: (e) => must(t.types, e, `type for ${e.kind}`),
    nameRef: (n) => must(t.names, n, `meaning for name "${n.name}"`),
    memberRef: (m) => must(t.members, m, `meaning for member "${m.property.name}"`),
    callRef: (c) => must(t.calls, c, 'call target'),
    coercion: (e) => t.coercions.get(e),
    bindingType: (b) => must(t.bindings, b, `type for binding "${b.name}"`),
    lambdaType: (f) => must(t.lambdas, f, 'lambda type'),
    isChainEnd: (e) => t.chainEnds.has(e),
  };
}

/** Records that the current method has an effect a view must not reach through a helper call. */
export function noteEffect(f: FnCtx, what: string): void {
  if (f.contract !== undefined && f.method !== undefined && !f.contract.effects.has(f.method)) f.contract.effects.set(f.method, what);
}
