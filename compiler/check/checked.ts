/**
 * The checker's output: the (unchanged) AST plus side tables that give every expression its type
 * and every name, member access and call its meaning. Code generation consumes only this, so a
 * `CheckedProgram` exists only for programs without errors. The tables are keyed by AST node
 * identity (TypeScript's `NodeLinks` idea) so the AST itself stays immutable.
 * @module
 */
import type {
  ArrowFunction, CallExpr, ClassDecl, ConstructorDecl, EnumDecl, Expr, FieldDecl, FunctionDecl, Identifier,
  MemberExpr, MethodDecl, Name, SourceUnit, VarDeclarator,
} from '../ast/nodes.ts';
import type { SourceFile, Span } from '../source.ts';
import type { MethodType, ParamType, Type } from './types.ts';

/** What a `Name` expression refers to. */
export type NameRef =
  /** A local variable, parameter, catch or lambda parameter; `binding` is its declaring identifier. */
  | { readonly kind: 'local'; readonly binding: Identifier }
  | { readonly kind: 'function'; readonly decl: FunctionDecl; readonly unit: SourceUnit }
  | { readonly kind: 'const'; readonly decl: VarDeclarator; readonly unit: SourceUnit }
  /** The enum object itself (as in `Status.Open`). */
  | { readonly kind: 'enum'; readonly decl: EnumDecl }
  /** A prelude value: `ctx` or a built-in function name. */
  | { readonly kind: 'builtin'; readonly name: string };

/** What `object.property` means. */
export type MemberRef =
  /** `this.field`: contract state. */
  | { readonly kind: 'state'; readonly field: StateField }
  /** `this.method` (only as a callee). */
  | { readonly kind: 'method'; readonly decl: MethodDecl }
  /** A record or event field. */
  | { readonly kind: 'field'; readonly name: string }
  /** `Enum.Member`: the string value `member`. */
  | { readonly kind: 'enumMember'; readonly enumName: string; readonly member: string }
  /**
   * A built-in property: `ctx.caller|self|time|date|height`, `array.length`, `string.length`,
   * `map.size`, `failure.code|message`.
   */
  | { readonly kind: 'builtinProperty'; readonly receiver: Type; readonly name: string }
  /** A built-in method used as callee: `array.push`, `map.get`, `string.startsWith`, ... */
  | { readonly kind: 'builtinMethod'; readonly receiver: Type; readonly name: string }
  /** A method of another contract, through a contract-typed value. */
  | { readonly kind: 'external'; readonly contract: string; readonly method: MethodType };

/** What a call does. */
export type CallRef =
  | { readonly kind: 'function'; readonly decl: FunctionDecl }
  /** `this.helper(...)` within the same contract (internal call, no new frame in the runtime). */
  | { readonly kind: 'method'; readonly decl: MethodDecl }
  /**
   * A prelude function (`require`, `revert`, `emit`, `money`, `div`, ...); `typeArgs` are the
   * resolved explicit type arguments (`emit<ClaimPaid>(...)`, `contractAt<Ledger>(...)`).
   */
  | { readonly kind: 'builtin'; readonly name: string; readonly typeArgs: readonly Type[] }
  /** `receiver.name(...)` for a built-in receiver type. */
  | { readonly kind: 'builtinMethod'; readonly receiver: Type; readonly name: string }
  /** A cross-contract call through a contract-typed value. */
  | { readonly kind: 'external'; readonly contract: string; readonly method: MethodType }
  /** `prove(relation)`: `relation` indexes {@link ContractInfo.relations}. */
  | { readonly kind: 'prove'; readonly relation: number };

/** Implicit conversions the checker inserted; codegen must apply them. */
export type Coercion = 'int-to-decimal';

export interface StateField {
  readonly name: string;
  readonly type: Type;
  readonly decl: FieldDecl;
  /** Slot index in declaration order (stable layout). */
  readonly index: number;
  readonly readonly: boolean;
}

export type TriggerInfo =
  /** `@on("field")`: runs when the contract whose address is in state field `source` emits `event`. */
  | { readonly kind: 'event'; readonly source: string; readonly event: string }
  /** `@every("P1M")` or `@every("P1M", "startField")`. */
  | { readonly kind: 'every'; readonly period: string; readonly anchor: string | undefined }
  /** `@at("2027-01-15")` (a literal date) or `@at("paymentDates")` (a `LocalDate` or `LocalDate[]` field). */
  | { readonly kind: 'at'; readonly date: string | undefined; readonly field: string | undefined };

export type EntryKind = 'entry' | 'view' | 'trigger' | 'internal';

export interface EntryInfo {
  readonly name: string;
  readonly kind: EntryKind;
  readonly decl: MethodDecl;
  readonly params: readonly ParamType[];
  readonly returns: Type;
  readonly trigger: TriggerInfo | undefined;
}

/** A term of a relation over committed values (recorded in the ABI). */
export type RelationTerm =
  /** The commitment of the `index`-th sealed operand. */
  | { readonly kind: 'sealed'; readonly index: number }
  /** The `index`-th public operand, evaluated at run time. */
  | { readonly kind: 'public'; readonly index: number }
  /** A constant, as a canonical decimal string (scaled to integer units by the verifier). */
  | { readonly kind: 'const'; readonly value: string }
  | { readonly kind: 'add' | 'sub' | 'mul' | 'div'; readonly left: RelationTerm; readonly right: RelationTerm };

export interface RelationInfo {
  readonly index: number;
  readonly span: Span;
  /** Source text of the relation, for humans (`claim.amount <= this.limit`). */
  readonly text: string;
  readonly op: '<' | '<=' | '>' | '>=' | '==';
  readonly left: RelationTerm;
  readonly right: RelationTerm;
  /** Expressions of type `Sealed<T>` whose commitments feed the relation, in index order. */
  readonly sealedOperands: readonly Expr[];
  /** Public numeric expressions, in index order. */
  readonly publicOperands: readonly Expr[];
  /** The numeric type the relation ranges over (`Money<"USD">`, `Int`, `Decimal`). */
  readonly valueType: Type;
}

export interface ContractInfo {
  readonly name: string;
  readonly decl: ClassDecl;
  readonly unit: SourceUnit;
  /** State layout in declaration order. */
  readonly fields: readonly StateField[];
  readonly ctor: ConstructorDecl | undefined;
  readonly ctorParams: readonly ParamType[];
  /** Every method, in declaration order, with its role. */
  readonly entries: readonly EntryInfo[];
  /** Event types this contract can emit (sorted by name). */
  readonly events: readonly Type[];
  readonly relations: readonly RelationInfo[];
}

/** Side tables filled by the checker. Every lookup of a checked node succeeds. */
export interface CheckTables {
  typeOf(expr: Expr): Type;
  nameRef(name: Name): NameRef;
  memberRef(member: MemberExpr): MemberRef;
  callRef(call: CallExpr): CallRef;
  /** The implicit conversion applied to `expr`'s value, if any. */
  coercion(expr: Expr): Coercion | undefined;
  /** Type of a declared binding (local, parameter, lambda parameter, destructured name). */
  bindingType(binding: Identifier): Type;
  /** Type of a lambda as checked in its context. */
  lambdaType(fn: ArrowFunction): Type;
  /**
   * Whether `expr` is the outermost link of an optional chain (`a?.b.c[i].m(x)`, `a?.b!`): a
   * member access, index, call or `!` whose chain of objects has a `?.` link. The chain evaluates
   * to `undefined`, without evaluating the links (and arguments) after it, as soon as the object
   * of a `?.` link is `undefined`. Only the outermost link has the chain's optional type; the
   * inner links (objects of the next link) have the type of their value when the chain goes on,
   * and a `?.` link's object has its own (possibly optional) type.
   */
  isChainEnd(expr: Expr): boolean;
}

export interface CheckedProgram {
  readonly files: readonly SourceFile[];
  /** Every unit of the program (stdlib modules, imported files, root files), dependencies first. */
  readonly units: readonly SourceUnit[];
  /** Units named on the command line (their contracts get artifacts). */
  readonly roots: readonly SourceUnit[];
  /** The units each unit imports directly (prelude imports excluded). */
  readonly imports: ReadonlyMap<SourceUnit, readonly SourceUnit[]>;
  /** Contracts declared in root units, in source order. */
  readonly contracts: readonly ContractInfo[];
  /** Every top-level function of every unit (codegen emits the reachable ones). */
  readonly functions: readonly { readonly decl: FunctionDecl; readonly unit: SourceUnit }[];
  /** Every top-level constant of every unit. */
  readonly constants: readonly { readonly decl: VarDeclarator; readonly unit: SourceUnit; readonly type: Type }[];
  /** Record, event and enum types by name (for the ABI type table). */
  readonly namedTypes: ReadonlyMap<string, Type>;
  readonly tables: CheckTables;
}
