/**
 * The Covenant AST: a readonly, tagged union of plain objects with source spans. Built from the
 * CST by `ast/build.ts` (the only module that knows the CST's shape); later passes never see
 * Chevrotain types and never mutate these trees (they keep side tables instead).
 *
 * The parser accepts a superset of the language where that gives better diagnostics: constructs
 * the language forbids (regexes, `with`, labels, `async`, getters, ...) are kept as `Banned*`
 * nodes or modifiers so that the rules pass can report each with its own code, and compilation of
 * the rest of the file continues.
 * @module
 */
import type { Span } from '../source.ts';

interface NodeBase {
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Names

/** A name in a declaration position (or a property name). */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------
// Types written in source

export type KeywordTypeName =
  | 'boolean' | 'string' | 'bigint' | 'void' | 'undefined'
  // Forbidden, kept for a precise diagnostic:
  | 'number' | 'any' | 'unknown' | 'never' | 'object' | 'symbol' | 'null';

export interface KeywordType extends NodeBase {
  readonly kind: 'KeywordType';
  readonly name: KeywordTypeName;
}

/** `Name` or `Name<A, B>` (e.g. `Money<"USD">`, `Map<string, Claim>`, `Claim`). */
export interface TypeRef extends NodeBase {
  readonly kind: 'TypeRef';
  readonly name: Identifier;
  readonly typeArgs: readonly TypeNode[];
}

/** `T[]` */
export interface ArrayType extends NodeBase {
  readonly kind: 'ArrayType';
  readonly element: TypeNode;
}

/** `A | B | ...` (string-literal unions and `T | undefined`). */
export interface UnionType extends NodeBase {
  readonly kind: 'UnionType';
  readonly types: readonly TypeNode[];
}

/** A string literal type, `"wind"`. */
export interface LiteralType extends NodeBase {
  readonly kind: 'LiteralType';
  readonly value: string;
}

/** An inline record shape `{ a: Int; b?: string }`. */
export interface TypeLiteral extends NodeBase {
  readonly kind: 'TypeLiteral';
  readonly members: readonly PropertySignature[];
}

/** Type syntax the language does not support (tuples, function types, number literals, ...). */
export interface BannedType extends NodeBase {
  readonly kind: 'BannedType';
  /** Stable construct name, e.g. `tuple-type`, `function-type`, `numeric-literal-type`. */
  readonly construct: string;
}

export type TypeNode = KeywordType | TypeRef | ArrayType | UnionType | LiteralType | TypeLiteral | BannedType;

export interface PropertySignature extends NodeBase {
  readonly kind: 'PropertySignature';
  readonly name: Identifier;
  readonly optional: boolean;
  readonly readonly: boolean;
  readonly type: TypeNode;
}

export interface MethodSignature extends NodeBase {
  readonly kind: 'MethodSignature';
  readonly name: Identifier;
  readonly params: readonly Param[];
  readonly returnType: TypeNode | undefined;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export interface NumberLit extends NodeBase {
  readonly kind: 'NumberLit';
  /** Source text, e.g. `1_000.50` or `7n`. */
  readonly raw: string;
  /** Integer digits without separators, e.g. `1000`. */
  readonly intDigits: string;
  /** Fraction digits without separators (`"50"`), or `undefined` if there is no `.`. */
  readonly fracDigits: string | undefined;
  /** Written with the `n` suffix. */
  readonly bigint: boolean;
}

export interface StringLit extends NodeBase {
  readonly kind: 'StringLit';
  /** Unescaped value. */
  readonly value: string;
}

export interface BoolLit extends NodeBase {
  readonly kind: 'BoolLit';
  readonly value: boolean;
}

export interface UndefinedLit extends NodeBase {
  readonly kind: 'UndefinedLit';
}

/** A reference to a name in expression position. */
export interface Name extends NodeBase {
  readonly kind: 'Name';
  readonly name: string;
}

export interface ThisExpr extends NodeBase {
  readonly kind: 'ThisExpr';
}

/** `a.b` or `a?.b` */
export interface MemberExpr extends NodeBase {
  readonly kind: 'MemberExpr';
  readonly object: Expr;
  readonly property: Identifier;
  readonly optional: boolean;
}

/** `a[i]` or `a?.[i]` */
export interface IndexExpr extends NodeBase {
  readonly kind: 'IndexExpr';
  readonly object: Expr;
  readonly index: Expr;
  readonly optional: boolean;
}

/** `f(a)`, `f<T>(a)`, `o.m(a)`, `o?.m(a)` */
export interface CallExpr extends NodeBase {
  readonly kind: 'CallExpr';
  readonly callee: Expr;
  readonly typeArgs: readonly TypeNode[];
  readonly args: readonly (Expr | SpreadElement)[];
  readonly optional: boolean;
}

/** `new Map<K, V>()` */
export interface NewExpr extends NodeBase {
  readonly kind: 'NewExpr';
  readonly callee: Expr;
  readonly typeArgs: readonly TypeNode[];
  readonly args: readonly (Expr | SpreadElement)[];
}

export interface SpreadElement extends NodeBase {
  readonly kind: 'SpreadElement';
  readonly argument: Expr;
}

export interface ArrayLit extends NodeBase {
  readonly kind: 'ArrayLit';
  readonly elements: readonly (Expr | SpreadElement)[];
}

/** `key: value`; shorthand `{ a }` is built as `{ a: a }` with `shorthand: true`. */
export interface PropertyAssignment extends NodeBase {
  readonly kind: 'PropertyAssignment';
  /** Identifier key, or a string-literal key (`"x": 1`). */
  readonly key: Identifier | StringLit;
  readonly value: Expr;
  readonly shorthand: boolean;
}

export interface ObjectLit extends NodeBase {
  readonly kind: 'ObjectLit';
  readonly properties: readonly (PropertyAssignment | SpreadElement)[];
}

export type UnaryOp = '!' | '-' | '+' | '~';

export interface UnaryExpr extends NodeBase {
  readonly kind: 'UnaryExpr';
  readonly op: UnaryOp;
  readonly operand: Expr;
}

export interface UpdateExpr extends NodeBase {
  readonly kind: 'UpdateExpr';
  readonly op: '++' | '--';
  readonly prefix: boolean;
  readonly operand: Expr;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '**'
  | '==' | '!=' | '===' | '!==' | '<' | '<=' | '>' | '>='
  | '&&' | '||' | '??'
  // Parsed so they can be rejected with a clear diagnostic:
  | '&' | '|' | '^' | '<<' | '>>' | '>>>' | 'in' | 'instanceof';

export interface BinaryExpr extends NodeBase {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '**=' | '&&=' | '||=' | '??=';

export interface AssignExpr extends NodeBase {
  readonly kind: 'AssignExpr';
  readonly op: AssignOp;
  readonly target: Expr;
  readonly value: Expr;
}

export interface ConditionalExpr extends NodeBase {
  readonly kind: 'ConditionalExpr';
  readonly test: Expr;
  readonly consequent: Expr;
  readonly alternate: Expr;
}

/** `(a: T, b) => expr` or `(a) => { ... }`; allowed as arguments to array methods. */
export interface ArrowFunction extends NodeBase {
  readonly kind: 'ArrowFunction';
  readonly params: readonly Param[];
  readonly returnType: TypeNode | undefined;
  readonly body: Block | Expr;
  readonly async: boolean;
}

/** `x!` — asserts presence; checked at run time. */
export interface NonNullExpr extends NodeBase {
  readonly kind: 'NonNullExpr';
  readonly expression: Expr;
}

/** `x as T` — rejected by the checker (no unchecked casts). */
export interface AsExpr extends NodeBase {
  readonly kind: 'AsExpr';
  readonly expression: Expr;
  readonly type: TypeNode;
}

/**
 * An expression form the language forbids, kept so that the rules pass can report it.
 * `construct` is one of: `regex`, `template`, `typeof`, `delete`, `void`, `await`, `yield`,
 * `function-expression`, `class-expression`, `dynamic-import`, `null`, `super`, `import-meta`,
 * `new-target`, `tagged-template`, `comma`.
 */
export interface BannedExpr extends NodeBase {
  readonly kind: 'BannedExpr';
  readonly construct: string;
  /** Sub-expressions that were parsed (checked for further errors). */
  readonly operands: readonly Expr[];
}

export type Expr =
  | NumberLit | StringLit | BoolLit | UndefinedLit | Name | ThisExpr
  | MemberExpr | IndexExpr | CallExpr | NewExpr | ArrayLit | ObjectLit
  | UnaryExpr | UpdateExpr | BinaryExpr | AssignExpr | ConditionalExpr
  | ArrowFunction | NonNullExpr | AsExpr | BannedExpr;

// ---------------------------------------------------------------------------------------------
// Bindings

/** `[a, b]` in `for (const [k, v] of map)` and `const [a, b] = ...`. */
export interface ArrayPattern extends NodeBase {
  readonly kind: 'ArrayPattern';
  readonly elements: readonly Identifier[];
}

/** `{ a, b: c }` in `const { a, b: c } = record`. */
export interface ObjectPattern extends NodeBase {
  readonly kind: 'ObjectPattern';
  readonly properties: readonly { readonly key: Identifier; readonly local: Identifier }[];
}

export type Binding = Identifier | ArrayPattern | ObjectPattern;

export interface Param extends NodeBase {
  readonly kind: 'Param';
  readonly name: Identifier;
  readonly optional: boolean;
  readonly type: TypeNode | undefined;
  /** Default value (rejected by the checker for entry points). */
  readonly init: Expr | undefined;
  /** `public`/`private`/`readonly` parameter properties, `...rest`: rejected by the rules pass. */
  readonly modifiers: readonly Modifier[];
  readonly rest: boolean;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface VarDeclarator extends NodeBase {
  readonly kind: 'VarDeclarator';
  readonly binding: Binding;
  readonly type: TypeNode | undefined;
  readonly init: Expr | undefined;
}

export interface VarDecl extends NodeBase {
  readonly kind: 'VarDecl';
  /** `var` is parsed so that it can be rejected with a clear diagnostic. */
  readonly declKind: 'const' | 'let' | 'var';
  readonly declarations: readonly VarDeclarator[];
}

export interface ExprStmt extends NodeBase {
  readonly kind: 'ExprStmt';
  readonly expression: Expr;
}

export interface Block extends NodeBase {
  readonly kind: 'Block';
  readonly statements: readonly Stmt[];
}

export interface IfStmt extends NodeBase {
  readonly kind: 'IfStmt';
  readonly test: Expr;
  readonly consequent: Stmt;
  readonly alternate: Stmt | undefined;
}

/** `for (const x of xs)`, `for (const [k, v] of map)` */
export interface ForOfStmt extends NodeBase {
  readonly kind: 'ForOfStmt';
  readonly declKind: 'const' | 'let' | 'var';
  readonly binding: Binding;
  readonly iterable: Expr;
  readonly body: Stmt;
}

/** `for (init; test; update) body` */
export interface ForStmt extends NodeBase {
  readonly kind: 'ForStmt';
  readonly init: VarDecl | Expr | undefined;
  readonly test: Expr | undefined;
  readonly update: Expr | undefined;
  readonly body: Stmt;
}

export interface WhileStmt extends NodeBase {
  readonly kind: 'WhileStmt';
  readonly test: Expr;
  readonly body: Stmt;
}

export interface DoWhileStmt extends NodeBase {
  readonly kind: 'DoWhileStmt';
  readonly body: Stmt;
  readonly test: Expr;
}

export interface ReturnStmt extends NodeBase {
  readonly kind: 'ReturnStmt';
  readonly value: Expr | undefined;
}

export interface BreakStmt extends NodeBase {
  readonly kind: 'BreakStmt';
  /** Labels are forbidden; kept for the diagnostic. */
  readonly label: Identifier | undefined;
}

export interface ContinueStmt extends NodeBase {
  readonly kind: 'ContinueStmt';
  readonly label: Identifier | undefined;
}

export interface SwitchCase extends NodeBase {
  readonly kind: 'SwitchCase';
  /** `undefined` for `default:`. */
  readonly test: Expr | undefined;
  readonly body: readonly Stmt[];
}

export interface SwitchStmt extends NodeBase {
  readonly kind: 'SwitchStmt';
  readonly discriminant: Expr;
  readonly cases: readonly SwitchCase[];
}

export interface TryStmt extends NodeBase {
  readonly kind: 'TryStmt';
  readonly block: Block;
  /** `catch (e)` binding; `undefined` for `catch { }` or no catch clause. */
  readonly catchParam: Identifier | undefined;
  readonly catchBody: Block | undefined;
  readonly finallyBody: Block | undefined;
}

export interface EmptyStmt extends NodeBase {
  readonly kind: 'EmptyStmt';
}

/**
 * A statement form the language forbids. `construct` is one of: `with`, `label`, `debugger`,
 * `throw`, `for-in`, `function-in-block`, `class-in-block`, `import-in-block`.
 */
export interface BannedStmt extends NodeBase {
  readonly kind: 'BannedStmt';
  readonly construct: string;
  readonly expressions: readonly Expr[];
  readonly statements: readonly Stmt[];
}

export type Stmt =
  | VarDecl | ExprStmt | Block | IfStmt | ForOfStmt | ForStmt | WhileStmt | DoWhileStmt
  | ReturnStmt | BreakStmt | ContinueStmt | SwitchStmt | TryStmt | EmptyStmt | BannedStmt;

// ---------------------------------------------------------------------------------------------
// Declarations

/**
 * Modifiers as written. Only `readonly` (fields), `public`/`private` (no effect: all state is
 * public on a ledger) and `export` mean something; the rest exist to be rejected clearly.
 */
export type Modifier =
  | 'public' | 'private' | 'protected' | 'readonly' | 'static' | 'abstract' | 'override'
  | 'declare' | 'async' | 'get' | 'set' | 'generator';

/** `@name` or `@name(args)` */
export interface Decorator extends NodeBase {
  readonly kind: 'Decorator';
  readonly name: Identifier;
  /** `undefined` for `@name` without parentheses. */
  readonly args: readonly Expr[] | undefined;
}

export interface ImportSpecifier extends NodeBase {
  readonly kind: 'ImportSpecifier';
  readonly imported: Identifier;
  /** Same node as `imported` when there is no `as`. */
  readonly local: Identifier;
}

/** `import { a, b as c } from "module";` (`import type` is accepted and treated the same). */
export interface ImportDecl extends NodeBase {
  readonly kind: 'ImportDecl';
  readonly specifiers: readonly ImportSpecifier[];
  readonly module: StringLit;
  /**
   * Import forms the language does not support (`import x from`, `import * as`, side-effect
   * `import "m"`), kept for the diagnostic; `undefined` for the supported named form.
   */
  readonly unsupportedForm: 'default' | 'namespace' | 'side-effect' | undefined;
}

export interface FieldDecl extends NodeBase {
  readonly kind: 'FieldDecl';
  readonly name: Identifier;
  readonly modifiers: readonly Modifier[];
  readonly decorators: readonly Decorator[];
  readonly optional: boolean;
  readonly type: TypeNode | undefined;
  readonly init: Expr | undefined;
}

export interface MethodDecl extends NodeBase {
  readonly kind: 'MethodDecl';
  readonly name: Identifier;
  readonly modifiers: readonly Modifier[];
  readonly decorators: readonly Decorator[];
  readonly typeParams: readonly Identifier[];
  readonly params: readonly Param[];
  readonly returnType: TypeNode | undefined;
  readonly body: Block;
}

export interface ConstructorDecl extends NodeBase {
  readonly kind: 'ConstructorDecl';
  readonly modifiers: readonly Modifier[];
  readonly params: readonly Param[];
  readonly body: Block;
}

export type ClassMember = FieldDecl | MethodDecl | ConstructorDecl;

/** `@contract export class Name { ... }` (any class; the checker requires `@contract`). */
export interface ClassDecl extends NodeBase {
  readonly kind: 'ClassDecl';
  readonly name: Identifier;
  readonly exported: boolean;
  readonly decorators: readonly Decorator[];
  readonly modifiers: readonly Modifier[];
  readonly typeParams: readonly Identifier[];
  readonly extendsType: TypeRef | undefined;
  readonly implementsTypes: readonly TypeRef[];
  readonly members: readonly ClassMember[];
}

/** `interface Name extends A, B { ... }`: a record (properties), event (`extends Event`) or contract interface (methods). */
export interface InterfaceDecl extends NodeBase {
  readonly kind: 'InterfaceDecl';
  readonly name: Identifier;
  readonly exported: boolean;
  readonly typeParams: readonly Identifier[];
  readonly extendsTypes: readonly TypeRef[];
  readonly members: readonly (PropertySignature | MethodSignature)[];
}

/** `type Name = T;` */
export interface TypeAliasDecl extends NodeBase {
  readonly kind: 'TypeAliasDecl';
  readonly name: Identifier;
  readonly exported: boolean;
  readonly typeParams: readonly Identifier[];
  readonly type: TypeNode;
}

export interface EnumMember extends NodeBase {
  readonly kind: 'EnumMember';
  readonly name: Identifier;
  /** Initialisers are rejected: a member's value is its name. */
  readonly init: Expr | undefined;
}

export interface EnumDecl extends NodeBase {
  readonly kind: 'EnumDecl';
  readonly name: Identifier;
  readonly exported: boolean;
  readonly isConst: boolean;
  readonly members: readonly EnumMember[];
}

/** A top-level function: a pure helper (no state, no events, no calls to contracts). */
export interface FunctionDecl extends NodeBase {
  readonly kind: 'FunctionDecl';
  readonly name: Identifier;
  readonly exported: boolean;
  readonly modifiers: readonly Modifier[];
  readonly typeParams: readonly Identifier[];
  readonly params: readonly Param[];
  readonly returnType: TypeNode | undefined;
  readonly body: Block;
}

/** A top-level `const` (compile-time constant, pure initialiser). */
export interface ConstDecl extends NodeBase {
  readonly kind: 'ConstDecl';
  readonly exported: boolean;
  readonly declaration: VarDecl;
}

export type TopLevelDecl = ImportDecl | ClassDecl | InterfaceDecl | TypeAliasDecl | EnumDecl | FunctionDecl | ConstDecl | BannedStmt;

/** One parsed file. */
export interface SourceUnit extends NodeBase {
  readonly kind: 'SourceUnit';
  readonly file: number;
  readonly path: string;
  readonly items: readonly TopLevelDecl[];
}

export type Node =
  | SourceUnit | TopLevelDecl | ClassMember | Decorator | ImportSpecifier | EnumMember
  | PropertySignature | MethodSignature | Param | VarDeclarator | SwitchCase
  | Stmt | Expr | SpreadElement | PropertyAssignment | TypeNode | Identifier | ArrayPattern | ObjectPattern;
