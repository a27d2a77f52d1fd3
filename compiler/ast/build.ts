/**
 * CST → AST: a Chevrotain CST visitor (validated against the grammar, so a grammar change breaks
 * here first) that builds the readonly nodes of `nodes.ts` with `[start, end)` spans. This is the
 * only module that knows the CST's shape. It desugars shorthand properties, drops parentheses,
 * folds flat binary chains by operator precedence (iteratively, so 10⁵-long chains are safe),
 * turns forbidden constructs into `Banned*` nodes for the rules pass, and reports the few syntax
 * errors the grammar cannot express (misplaced declarations, invalid assignment targets, ...).
 *
 * Does NOT check names, types or language rules, and never throws on a CST produced by error
 * recovery: missing pieces become placeholder nodes (the pipeline stops after parse errors).
 * @module
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './nodes.ts';
import { AS_PRECEDENCE, BINARY_PRECEDENCE } from './precedence.ts';
import { createDiagnostic, InternalCompilerError, type Diagnostic } from '../diagnostics.ts';
import type { DiagnosticName } from '../diagnostic-codes.ts';
import type { SourceFile, Span } from '../source.ts';
import type { NumberParts } from '../lexer/lexer.ts';
import { getParser } from '../parser/parser.ts';
import type * as C from '../parser/cst.generated.ts';

type Tokens = readonly IToken[] | undefined;

const ASSIGN_OPS = new Set<string>(['=', '+=', '-=', '*=', '/=', '%=', '**=', '&&=', '||=', '??=']);
const MODIFIERS = new Set<string>([
  'public', 'private', 'protected', 'readonly', 'static', 'abstract', 'override', 'declare', 'async', 'get', 'set',
]);
const KEYWORD_TYPES = new Set<string>([
  'boolean', 'string', 'bigint', 'void', 'undefined', 'number', 'any', 'unknown', 'never', 'object', 'symbol', 'null',
]);

/** An operand of a binary chain with the span it covers in the source (parentheses included). */
interface Operand {
  expr: A.Expr;
  outer: Span;
  /** The prefix operator if the operand is an unparenthesised prefix expression (for `**`). */
  prefix: string | undefined;
}

const BaseVisitor = getParser().getBaseCstVisitorConstructor<void, unknown>();

/**
 * Rules without a builder of their own, each with what reads its CST node instead. The visitor
 * still needs a method per rule (Chevrotain validates it); these all return `undefined`.
 */
const READ_ELSEWHERE = {
  importClause: 'importDecl', namespaceImport: 'importDecl (only its presence matters)',
  classExpression: "operand (BannedExpr('class-expression'))", memberTail: 'classMember',
  functionExpression: "operand (BannedExpr('function-expression'))", functionTail: 'functionDeclaration',
  varDeclList: 'varStatement', arrayPattern: 'binding', objectPattern: 'binding', objectPatternProperty: 'binding',
  forDeclRest: 'forDeclHead', forBareHead: 'forStmt', forClassicHead: 'forStmt',
  forTail: 'forParts', forTest: 'forParts', forUpdate: 'forParts', catchClause: 'tryStmt', finallyClause: 'tryStmt',
  throwStmt: 'statement', withStmt: 'statement', debuggerStmt: 'statement', labeledStmt: 'statement',
  assignmentOperator: 'assignment', binaryTail: 'binaryChain', binaryOperator: 'binaryOperatorOf',
  postfixOp: 'applyPostfix', newMemberSuffix: 'newExpression', arraySuffix: 'primaryType',
  semi: 'nothing (no AST)', typeMemberSeparator: 'nothing (no AST)',
} as const satisfies Partial<Record<keyof C.CovenantCstVisitor<void, unknown>, string>>;

type BuiltRules = Omit<C.CovenantCstVisitor<void, unknown>, keyof typeof READ_ELSEWHERE>;

/**
 * The CST visitor. One instance per process (Chevrotain validates it once); `build()` resets the
 * per-file state. Methods return AST nodes; callers use the typed helpers, not `visit()`.
 */
class AstBuilder extends BaseVisitor implements BuiltRules {
  private file = 0;
  private fileEnd = 0;
  /** Last valid offset seen, for placeholder spans of nodes lost to error recovery. */
  private lastOffset = 0;
  private diagnostics: Diagnostic[] = [];

  constructor() {
    super();
    for (const rule of Object.keys(READ_ELSEWHERE)) {
      if (rule in this) throw new InternalCompilerError(`CST rule ${rule} has a builder and is listed in READ_ELSEWHERE`);
      Object.defineProperty(this, rule, { value: () => undefined });
    }
    this.validateVisitor();
  }

  build(cst: CstNode, file: number, fileEnd: number, path: string): { unit: A.SourceUnit; diagnostics: Diagnostic[] } {
    this.file = file;
    this.fileEnd = fileEnd;
    this.lastOffset = 0;
    this.diagnostics = [];
    const unit = this.sourceFile((cst as C.SourceFileCstNode).children, path);
    const diagnostics = this.diagnostics;
    this.diagnostics = [];
    return { unit, diagnostics };
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private report(name: DiagnosticName, span: Span, args: readonly string[] = []): void {
    this.diagnostics.push(createDiagnostic(name, span, args));
  }

  private at(start: number, end: number): Span {
    // Nodes that error recovery left empty have no (or negative) offsets.
    if (Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end >= start && end <= this.fileEnd) {
      this.lastOffset = start;
      return { file: this.file, start, end };
    }
    const pos = Math.min(this.lastOffset, this.fileEnd);
    return { file: this.file, start: pos, end: pos };
  }

  private tokSpan(tok: IToken | undefined): Span {
    if (tok === undefined || tok.isInsertedInRecovery === true) return this.at(NaN, NaN);
    return this.at(tok.startOffset, tok.startOffset + tok.image.length);
  }

  private nodeSpan(node: CstNode | undefined): Span {
    const loc = node?.location;
    if (loc === undefined || loc.endOffset === undefined) return this.at(NaN, NaN);
    return this.at(loc.startOffset, loc.endOffset + 1);
  }

  private join(a: Span, b: Span): Span {
    return { file: this.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
  }

  private ident(tok: IToken | undefined): A.Identifier {
    return { kind: 'Identifier', name: tok?.image ?? '', span: this.tokSpan(tok) };
  }

  /** `a.b.c` written as consecutive name tokens, as one identifier `a.b.c`. */
  private dottedIdent(first: IToken | undefined, rest: Tokens): A.Identifier {
    const head = this.ident(first);
    if (rest === undefined || rest.length === 0) return head;
    const last = this.tokSpan(rest[rest.length - 1]);
    return { kind: 'Identifier', name: [head.name, ...rest.map((t) => t.image)].join('.'), span: this.join(head.span, last) };
  }

  private placeholderExpr(span: Span): A.Name {
    return { kind: 'Name', name: '', span };
  }

  private placeholderType(span: Span): A.TypeRef {
    return { kind: 'TypeRef', name: { kind: 'Identifier', name: '', span }, typeArgs: [], span };
  }

  private emptyBlock(span: Span): A.Block {
    return { kind: 'Block', statements: [], span };
  }

  // -------------------------------------------------------------------------------------------
  // Files and declarations

  sourceFile(ctx: C.SourceFileCstChildren, path?: unknown): A.SourceUnit {
    const items: A.TopLevelDecl[] = [];
    for (const item of ctx.topLevelItem ?? []) {
      const built = this.topLevelItem(item.children, item);
      if (built !== undefined) items.push(built);
    }
    return { kind: 'SourceUnit', file: this.file, path: typeof path === 'string' ? path : '', items, span: { file: this.file, start: 0, end: this.fileEnd } };
  }

  topLevelItem(ctx: C.TopLevelItemCstChildren, node?: unknown): A.TopLevelDecl | undefined {
    const span = this.nodeSpan(node as CstNode);
    const decorators = (ctx.decorator ?? []).map((d) => this.decorator(d.children, d));
    const exported = ctx.Export !== undefined;
    const rejectDecorators = (what: string): void => {
      const first = decorators[0];
      if (first !== undefined) this.report('DecoratorNotAllowed', first.span, [what]);
    };
    if (ctx.classDecl !== undefined) {
      const c = ctx.classDecl[0] as C.ClassDeclCstNode;
      return this.classDeclaration(c.children, span, exported, decorators);
    }
    if (ctx.importDecl !== undefined) {
      rejectDecorators('an import');
      return this.importDecl((ctx.importDecl[0] as C.ImportDeclCstNode).children, span);
    }
    if (ctx.interfaceDecl !== undefined) {
      rejectDecorators('an interface');
      return this.interfaceDeclaration((ctx.interfaceDecl[0] as C.InterfaceDeclCstNode).children, span, exported);
    }
    if (ctx.typeAliasDecl !== undefined) {
      rejectDecorators('a type alias');
      return this.typeAliasDeclaration((ctx.typeAliasDecl[0] as C.TypeAliasDeclCstNode).children, span, exported);
    }
    if (ctx.enumDecl !== undefined) {
      rejectDecorators('an enum');
      return this.enumDeclaration((ctx.enumDecl[0] as C.EnumDeclCstNode).children, span, exported);
    }
    if (ctx.functionDecl !== undefined) {
      rejectDecorators('a function');
      return this.functionDeclaration((ctx.functionDecl[0] as C.FunctionDeclCstNode).children, span, exported);
    }
    if (ctx.varStatement !== undefined) {
      rejectDecorators('a variable');
      const v = ctx.varStatement[0] as C.VarStatementCstNode;
      const declaration = this.varStatement(v.children, v);
      if (declaration.declKind === 'let') this.report('TopLevelLet', this.tokSpan(v.children.varDeclList?.[0]?.children.Let?.[0]));
      return { kind: 'ConstDecl', exported, declaration, span };
    }
    const s = ctx.statement?.[0];
    if (s === undefined) return undefined;
    const stmt = this.statement(s.children, s);
    if (stmt.kind === 'BannedStmt') return stmt;
    // A stray `;` between declarations is harmless (TypeScript accepts it too), and a statement
    // that error recovery cut short was already reported by the parser.
    if (stmt.kind !== 'EmptyStmt' && s.recoveredNode !== true) {
      rejectDecorators('a statement');
      this.report('TopLevelStatement', stmt.span);
    }
    return undefined;
  }

  decorator(ctx: C.DecoratorCstChildren, node?: unknown): A.Decorator {
    const args = ctx.arguments === undefined ? undefined : this.argumentList(ctx.arguments[0]?.children).map((a) => (a.kind === 'SpreadElement' ? a.argument : a));
    return { kind: 'Decorator', name: this.dottedIdent(ctx.Identifier?.[0], ctx.IdentifierName), args, span: this.nodeSpan(node as CstNode) };
  }

  importDecl(ctx: C.ImportDeclCstChildren, span?: unknown): A.ImportDecl {
    const moduleTok = ctx.StringLiteral?.[0];
    const module: A.StringLit = { kind: 'StringLit', value: typeof moduleTok?.payload === 'string' ? moduleTok.payload : '', span: this.tokSpan(moduleTok) };
    let specifiers: A.ImportSpecifier[] = [];
    let unsupportedForm: A.ImportDecl['unsupportedForm'];
    const clause = ctx.importClause?.[0]?.children;
    if (clause === undefined) {
      unsupportedForm = 'side-effect';
    } else {
      const named = clause.namedImports?.[0];
      if (named !== undefined) specifiers = this.namedImports(named.children);
      if (clause.namespaceImport !== undefined) unsupportedForm = 'namespace';
      if (clause.Identifier !== undefined) unsupportedForm = 'default';
    }
    return { kind: 'ImportDecl', specifiers, module, unsupportedForm, span: span as Span };
  }

  namedImports(ctx: C.NamedImportsCstChildren): A.ImportSpecifier[] {
    return (ctx.importSpecifier ?? []).map((s) => this.importSpecifier(s.children, s));
  }

  importSpecifier(ctx: C.ImportSpecifierCstChildren, node?: unknown): A.ImportSpecifier {
    const imported = this.ident(ctx.IdentifierName?.[0]);
    const local = ctx.As !== undefined ? this.ident(ctx.Identifier?.[0]) : imported;
    return { kind: 'ImportSpecifier', imported, local, span: this.nodeSpan(node as CstNode) };
  }

  classDecl(ctx: C.ClassDeclCstChildren, node?: unknown): A.ClassDecl {
    return this.classDeclaration(ctx, this.nodeSpan(node as CstNode), false, []);
  }

  private classDeclaration(ctx: C.ClassDeclCstChildren, span: Span, exported: boolean, decorators: readonly A.Decorator[]): A.ClassDecl {
    const modifiers = this.modifiers(ctx.ModifierWord, undefined);
    const tail = this.classTail(ctx.classTail?.[0]?.children ?? ({} as C.ClassTailCstChildren));
    return { kind: 'ClassDecl', name: this.ident(ctx.Identifier?.[0]), exported, decorators, modifiers, ...tail, span };
  }

  classTail(ctx: C.ClassTailCstChildren): Pick<A.ClassDecl, 'typeParams' | 'extendsType' | 'implementsTypes' | 'members'> {
    const refs = (ctx.typeReference ?? []).map((r) => this.typeReference(r.children, r));
    // `extends` always precedes `implements`, and both clauses use the typeReference rule.
    const extendsType = ctx.Extends !== undefined ? refs[0] : undefined;
    const implementsTypes = ctx.Extends !== undefined ? refs.slice(1) : refs;
    const members: A.ClassMember[] = [];
    for (const m of ctx.classMember ?? []) {
      const built = this.classMember(m.children, m);
      if (built !== undefined) members.push(built);
    }
    return { typeParams: this.typeParamList(ctx.typeParams), extendsType, implementsTypes, members };
  }

  private modifiers(words: Tokens, star: Tokens): A.Modifier[] {
    const toks = [...(words ?? []), ...(star ?? [])].sort((a, b) => a.startOffset - b.startOffset);
    const out: A.Modifier[] = [];
    for (const t of toks) {
      if (t.image === '*') out.push('generator');
      else if (MODIFIERS.has(t.image)) out.push(t.image as A.Modifier);
    }
    return out;
  }

  classMember(ctx: C.ClassMemberCstChildren, node?: unknown): A.ClassMember | undefined {
    if (ctx.Semicolon !== undefined) return undefined;
    const span = this.nodeSpan(node as CstNode);
    const decorators = (ctx.decorator ?? []).map((d) => this.decorator(d.children, d));
    const modifiers = this.modifiers(ctx.ModifierWord, ctx.Star);
    const name = this.ident(ctx.IdentifierName?.[0]);
    const tail = ctx.memberTail?.[0]?.children ?? {};
    if (tail.params !== undefined) {
      const params = this.paramList(tail.params[0]?.children);
      const body = tail.block?.[0] ? this.block(tail.block[0].children, tail.block[0]) : this.emptyBlock(span);
      if (name.name === 'constructor' && !modifiers.includes('get') && !modifiers.includes('set') && !modifiers.includes('generator')) {
        const first = decorators[0];
        if (first !== undefined) this.report('DecoratorNotAllowed', first.span, ['a constructor']);
        return { kind: 'ConstructorDecl', modifiers, params, body, span };
      }
      return {
        kind: 'MethodDecl', name, modifiers, decorators, typeParams: this.typeParamList(tail.typeParams), params,
        returnType: this.optionalAnnotation(tail.typeAnnotation), body, span,
      };
    }
    const init = tail.assignment?.[0];
    return {
      kind: 'FieldDecl', name, modifiers, decorators, optional: tail.Question !== undefined,
      type: this.optionalAnnotation(tail.typeAnnotation), init: init === undefined ? undefined : this.assignment(init.children, init), span,
    };
  }

  private typeParamList(nodes: readonly C.TypeParamsCstNode[] | undefined): A.Identifier[] {
    return (nodes?.[0]?.children.typeParam ?? []).map((p) => this.typeParam(p.children));
  }

  typeParams(ctx: C.TypeParamsCstChildren): A.Identifier[] {
    return (ctx.typeParam ?? []).map((p) => this.typeParam(p.children));
  }

  /** Constraints and defaults are dropped: generic declarations are rejected by the checker. */
  typeParam(ctx: C.TypeParamCstChildren): A.Identifier {
    return this.ident(ctx.Identifier?.[0]);
  }

  private paramList(ctx: C.ParamsCstChildren | undefined): A.Param[] {
    return (ctx?.param ?? []).map((p) => this.param(p.children, p));
  }

  params(ctx: C.ParamsCstChildren): A.Param[] {
    return this.paramList(ctx);
  }

  param(ctx: C.ParamCstChildren, node?: unknown): A.Param {
    const init = ctx.assignment?.[0];
    const type = ctx.type?.[0];
    return {
      kind: 'Param', name: this.ident(ctx.Identifier?.[0]), optional: ctx.Question !== undefined,
      type: type === undefined ? undefined : this.type(type.children, type),
      init: init === undefined ? undefined : this.assignment(init.children, init),
      modifiers: this.modifiers(ctx.ModifierWord, undefined), rest: ctx.DotDotDot !== undefined,
      span: this.nodeSpan(node as CstNode),
    };
  }

  private optionalAnnotation(nodes: readonly C.TypeAnnotationCstNode[] | undefined): A.TypeNode | undefined {
    const n = nodes?.[0];
    return n === undefined ? undefined : this.typeAnnotation(n.children, n);
  }

  typeAnnotation(ctx: C.TypeAnnotationCstChildren, node?: unknown): A.TypeNode {
    const t = ctx.type?.[0];
    return t === undefined ? this.placeholderType(this.nodeSpan(node as CstNode)) : this.type(t.children, t);
  }

  interfaceDecl(ctx: C.InterfaceDeclCstChildren, node?: unknown): A.InterfaceDecl {
    return this.interfaceDeclaration(ctx, this.nodeSpan(node as CstNode), false);
  }

  private interfaceDeclaration(ctx: C.InterfaceDeclCstChildren, span: Span, exported: boolean): A.InterfaceDecl {
    return {
      kind: 'InterfaceDecl', name: this.ident(ctx.Identifier?.[0]), exported, typeParams: this.typeParamList(ctx.typeParams),
      extendsTypes: (ctx.typeReference ?? []).map((r) => this.typeReference(r.children, r)),
      members: this.typeBody(ctx.typeBody?.[0]?.children ?? ({} as C.TypeBodyCstChildren)), span,
    };
  }

  typeBody(ctx: C.TypeBodyCstChildren): (A.PropertySignature | A.MethodSignature)[] {
    return (ctx.interfaceMember ?? []).map((m) => this.interfaceMember(m.children, m));
  }

  interfaceMember(ctx: C.InterfaceMemberCstChildren, node?: unknown): A.PropertySignature | A.MethodSignature {
    const span = this.nodeSpan(node as CstNode);
    const name = this.ident(ctx.IdentifierName?.[0]);
    const t = ctx.type?.[0];
    const type = t === undefined ? undefined : this.type(t.children, t);
    if (ctx.params !== undefined) {
      return { kind: 'MethodSignature', name, params: this.paramList(ctx.params[0]?.children), returnType: type, span };
    }
    return {
      kind: 'PropertySignature', name, optional: ctx.Question !== undefined, readonly: ctx.Readonly !== undefined,
      type: type ?? this.placeholderType(span), span,
    };
  }

  typeAliasDecl(ctx: C.TypeAliasDeclCstChildren, node?: unknown): A.TypeAliasDecl {
    return this.typeAliasDeclaration(ctx, this.nodeSpan(node as CstNode), false);
  }

  private typeAliasDeclaration(ctx: C.TypeAliasDeclCstChildren, span: Span, exported: boolean): A.TypeAliasDecl {
    const t = ctx.type?.[0];
    return {
      kind: 'TypeAliasDecl', name: this.ident(ctx.Identifier?.[0]), exported, typeParams: this.typeParamList(ctx.typeParams),
      type: t === undefined ? this.placeholderType(span) : this.type(t.children, t), span,
    };
  }

  enumDecl(ctx: C.EnumDeclCstChildren, node?: unknown): A.EnumDecl {
    return this.enumDeclaration(ctx, this.nodeSpan(node as CstNode), false);
  }

  private enumDeclaration(ctx: C.EnumDeclCstChildren, span: Span, exported: boolean): A.EnumDecl {
    return {
      kind: 'EnumDecl', name: this.ident(ctx.Identifier?.[0]), exported, isConst: ctx.Const !== undefined,
      members: (ctx.enumMember ?? []).map((m) => this.enumMember(m.children, m)), span,
    };
  }

  enumMember(ctx: C.EnumMemberCstChildren, node?: unknown): A.EnumMember {
    const init = ctx.assignment?.[0];
    return {
      kind: 'EnumMember', name: this.ident(ctx.IdentifierName?.[0]),
      init: init === undefined ? undefined : this.assignment(init.children, init), span: this.nodeSpan(node as CstNode),
    };
  }

  functionDecl(ctx: C.FunctionDeclCstChildren, node?: unknown): A.FunctionDecl {
    return this.functionDeclaration(ctx, this.nodeSpan(node as CstNode), false);
  }

  private functionDeclaration(ctx: C.FunctionDeclCstChildren, span: Span, exported: boolean): A.FunctionDecl {
    const tail = ctx.functionTail?.[0]?.children;
    const modifiers: A.Modifier[] = [];
    if (ctx.Async !== undefined) modifiers.push('async');
    if (ctx.Star !== undefined) modifiers.push('generator');
    const body = tail?.block?.[0];
    return {
      kind: 'FunctionDecl', name: this.ident(ctx.Identifier?.[0]), exported, modifiers,
      typeParams: this.typeParamList(tail?.typeParams), params: this.paramList(tail?.params?.[0]?.children),
      returnType: this.optionalAnnotation(tail?.typeAnnotation),
      body: body === undefined ? this.emptyBlock(span) : this.block(body.children, body), span,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  varStatement(ctx: C.VarStatementCstChildren, node?: unknown): A.VarDecl {
    const list = ctx.varDeclList?.[0]?.children;
    return {
      kind: 'VarDecl', declKind: this.declKind(list), span: this.nodeSpan(node as CstNode),
      declarations: (list?.varDeclarator ?? []).map((d) => this.varDeclarator(d.children, d)),
    };
  }

  private declKind(ctx: { Let?: IToken[]; Var?: IToken[] } | undefined): A.VarDecl['declKind'] {
    if (ctx?.Let !== undefined) return 'let';
    if (ctx?.Var !== undefined) return 'var';
    return 'const';
  }

  varDeclarator(ctx: C.VarDeclaratorCstChildren, node?: unknown): A.VarDeclarator {
    const init = ctx.assignment?.[0];
    const span = this.nodeSpan(node as CstNode);
    return {
      kind: 'VarDeclarator', binding: this.bindingOf(ctx.binding?.[0], span), type: this.optionalAnnotation(ctx.typeAnnotation),
      init: init === undefined ? undefined : this.assignment(init.children, init), span,
    };
  }

  private bindingOf(node: C.BindingCstNode | undefined, fallback: Span): A.Binding {
    return node === undefined ? { kind: 'Identifier', name: '', span: fallback } : this.binding(node.children, node);
  }

  binding(ctx: C.BindingCstChildren, node?: unknown): A.Binding {
    const span = this.nodeSpan(node as CstNode);
    if (ctx.arrayPattern !== undefined) {
      const p = ctx.arrayPattern[0] as C.ArrayPatternCstNode;
      return { kind: 'ArrayPattern', elements: (p.children.Identifier ?? []).map((t) => this.ident(t)), span };
    }
    if (ctx.objectPattern !== undefined) {
      const p = ctx.objectPattern[0] as C.ObjectPatternCstNode;
      const properties = (p.children.objectPatternProperty ?? []).map((q) => {
        const c = q.children;
        if (c.Colon !== undefined) return { key: this.ident(c.IdentifierName?.[0]), local: this.ident(c.Identifier?.[0]) };
        const id = this.ident(c.Identifier?.[0]);
        return { key: id, local: id };
      });
      return { kind: 'ObjectPattern', properties, span };
    }
    return this.ident(ctx.Identifier?.[0]);
  }

  private stmtOf(node: C.StatementCstNode | undefined, fallback: Span): A.Stmt {
    return node === undefined ? { kind: 'EmptyStmt', span: fallback } : this.statement(node.children, node);
  }

  statement(ctx: C.StatementCstChildren, node?: unknown): A.Stmt {
    const span = this.nodeSpan(node as CstNode);
    const banned = (construct: string, expressions: A.Expr[] = [], statements: A.Stmt[] = []): A.BannedStmt =>
      ({ kind: 'BannedStmt', construct, expressions, statements, span });
    if (ctx.expression !== undefined) {
      const e = ctx.expression[0] as C.ExpressionCstNode;
      return { kind: 'ExprStmt', expression: this.expression(e.children, e), span };
    }
    if (ctx.block !== undefined) return this.block(ctx.block[0]!.children, ctx.block[0]);
    if (ctx.varStatement !== undefined) return this.varStatement(ctx.varStatement[0]!.children, ctx.varStatement[0]);
    if (ctx.ifStmt !== undefined) return this.ifStmt(ctx.ifStmt[0]!.children, span);
    if (ctx.forStmt !== undefined) return this.forStmt(ctx.forStmt[0]!.children, span);
    if (ctx.whileStmt !== undefined) return this.whileStmt(ctx.whileStmt[0]!.children, span);
    if (ctx.doWhileStmt !== undefined) return this.doWhileStmt(ctx.doWhileStmt[0]!.children, span);
    if (ctx.returnStmt !== undefined) return this.returnStmt(ctx.returnStmt[0]!.children, span);
    if (ctx.breakStmt !== undefined) return this.breakStmt(ctx.breakStmt[0]!.children, span);
    if (ctx.continueStmt !== undefined) return this.continueStmt(ctx.continueStmt[0]!.children, span);
    if (ctx.switchStmt !== undefined) return this.switchStmt(ctx.switchStmt[0]!.children, span);
    if (ctx.tryStmt !== undefined) return this.tryStmt(ctx.tryStmt[0]!.children, span);
    if (ctx.throwStmt !== undefined) return banned('throw', this.exprList(ctx.throwStmt[0]?.children.expression));
    if (ctx.withStmt !== undefined) {
      const w = ctx.withStmt[0]!.children;
      return banned('with', this.exprList(w.expression), [this.stmtOf(w.statement?.[0], span)]);
    }
    if (ctx.debuggerStmt !== undefined) return banned('debugger');
    if (ctx.labeledStmt !== undefined) return banned('label', [], [this.stmtOf(ctx.labeledStmt[0]?.children.statement?.[0], span)]);
    if (ctx.functionDecl !== undefined) {
      const body = ctx.functionDecl[0]?.children.functionTail?.[0]?.children.block?.[0];
      return banned('function-in-block', [], body === undefined ? [] : [this.block(body.children, body)]);
    }
    if (ctx.classDecl !== undefined) return banned('class-in-block');
    if (ctx.importDecl !== undefined) return banned('import-in-block');
    if (ctx.interfaceDecl !== undefined) return this.misplaced(ctx.interfaceDecl[0]?.children.Interface?.[0], span);
    if (ctx.typeAliasDecl !== undefined) return this.misplaced(ctx.typeAliasDecl[0]?.children.Type?.[0], span);
    if (ctx.enumDecl !== undefined) return this.misplaced(ctx.enumDecl[0]?.children.Enum?.[0], span);
    return { kind: 'EmptyStmt', span };
  }

  /** Reports a declaration inside a block at its keyword; the declaration itself is dropped. */
  private misplaced(keyword: IToken | undefined, span: Span): A.EmptyStmt {
    this.report('MisplacedDeclaration', keyword === undefined ? span : this.tokSpan(keyword), [keyword?.image ?? 'declaration']);
    return { kind: 'EmptyStmt', span };
  }

  private exprList(nodes: readonly C.ExpressionCstNode[] | undefined): A.Expr[] {
    return (nodes ?? []).map((e) => this.expression(e.children, e));
  }

  block(ctx: C.BlockCstChildren, node?: unknown): A.Block {
    const span = this.nodeSpan(node as CstNode);
    return { kind: 'Block', statements: (ctx.statement ?? []).map((s) => this.statement(s.children, s)), span };
  }

  ifStmt(ctx: C.IfStmtCstChildren, span?: unknown): A.IfStmt {
    const s = span as Span;
    const alt = ctx.Else !== undefined ? ctx.statement?.[1] : undefined;
    return {
      kind: 'IfStmt', test: this.exprOf(ctx.expression?.[0], s), consequent: this.stmtOf(ctx.statement?.[0], s),
      alternate: alt === undefined ? undefined : this.statement(alt.children, alt), span: s,
    };
  }

  private exprOf(node: C.ExpressionCstNode | undefined, fallback: Span): A.Expr {
    return node === undefined ? this.placeholderExpr(fallback) : this.expression(node.children, node);
  }

  private assignOf(node: C.AssignmentCstNode | undefined, fallback: Span): A.Expr {
    return node === undefined ? this.placeholderExpr(fallback) : this.assignment(node.children, node);
  }

  forStmt(ctx: C.ForStmtCstChildren, span?: unknown): A.Stmt {
    const s = span as Span;
    const body = this.stmtOf(ctx.statement?.[0], s);
    const decl = ctx.forDeclHead?.[0];
    if (decl !== undefined) return this.forDeclHead(decl.children, { span: s, body, node: decl });
    const bare = ctx.forBareHead?.[0];
    if (bare !== undefined) {
      const c = bare.children;
      const name = this.ident(c.Identifier?.[0]);
      if (c.In !== undefined) return { kind: 'BannedStmt', construct: 'for-in', expressions: this.exprList(c.expression), statements: [body], span: s };
      this.report('ForOfWithoutDeclaration', name.span, [name.name]);
      return { kind: 'ForOfStmt', declKind: 'const', binding: name, iterable: this.assignOf(c.assignment?.[0], s), body, span: s };
    }
    const classic = ctx.forClassicHead?.[0]?.children;
    const init = classic?.expression?.[0];
    const tail = this.forParts(classic?.forTail?.[0]?.children, s);
    return { kind: 'ForStmt', init: init === undefined ? undefined : this.expression(init.children, init), ...tail, body, span: s };
  }

  forDeclHead(ctx: C.ForDeclHeadCstChildren, param?: unknown): A.Stmt {
    const { span, body, node } = param as { span: Span; body: A.Stmt; node: CstNode };
    const declKind = this.declKind(ctx);
    const binding = this.bindingOf(ctx.binding?.[0], span);
    if (ctx.Of !== undefined) return { kind: 'ForOfStmt', declKind, binding, iterable: this.assignOf(ctx.assignment?.[0], span), body, span };
    if (ctx.In !== undefined) return { kind: 'BannedStmt', construct: 'for-in', expressions: this.exprList(ctx.expression), statements: [body], span };
    const rest = ctx.forDeclRest?.[0]?.children;
    const firstInit = rest?.assignment?.[0];
    const bindingNode = ctx.binding?.[0];
    const firstEnd = firstInit ?? rest?.typeAnnotation?.[0] ?? bindingNode;
    const first: A.VarDeclarator = {
      kind: 'VarDeclarator', binding, type: this.optionalAnnotation(rest?.typeAnnotation),
      init: firstInit === undefined ? undefined : this.assignment(firstInit.children, firstInit),
      span: this.join(this.nodeSpan(bindingNode), this.nodeSpan(firstEnd)),
    };
    const others = (rest?.varDeclarator ?? []).map((d) => this.varDeclarator(d.children, d));
    const last = others[others.length - 1]?.span ?? first.span;
    const headStart = this.nodeSpan(node);
    const init: A.VarDecl = { kind: 'VarDecl', declKind, declarations: [first, ...others], span: this.join({ ...headStart, end: headStart.start }, last) };
    return { kind: 'ForStmt', init, ...this.forParts(rest?.forTail?.[0]?.children, span), body, span };
  }

  private forParts(tail: C.ForTailCstChildren | undefined, span: Span): { test: A.Expr | undefined; update: A.Expr | undefined } {
    const test = tail?.forTest?.[0]?.children.expression?.[0];
    const update = tail?.forUpdate?.[0]?.children.expression?.[0];
    return {
      test: test === undefined ? undefined : this.exprOf(test, span),
      update: update === undefined ? undefined : this.exprOf(update, span),
    };
  }

  whileStmt(ctx: C.WhileStmtCstChildren, span?: unknown): A.WhileStmt {
    const s = span as Span;
    return { kind: 'WhileStmt', test: this.exprOf(ctx.expression?.[0], s), body: this.stmtOf(ctx.statement?.[0], s), span: s };
  }

  doWhileStmt(ctx: C.DoWhileStmtCstChildren, span?: unknown): A.DoWhileStmt {
    const s = span as Span;
    return { kind: 'DoWhileStmt', body: this.stmtOf(ctx.statement?.[0], s), test: this.exprOf(ctx.expression?.[0], s), span: s };
  }

  returnStmt(ctx: C.ReturnStmtCstChildren, span?: unknown): A.ReturnStmt {
    const e = ctx.expression?.[0];
    return { kind: 'ReturnStmt', value: e === undefined ? undefined : this.expression(e.children, e), span: span as Span };
  }

  breakStmt(ctx: C.BreakStmtCstChildren, span?: unknown): A.BreakStmt {
    const label = ctx.Identifier?.[0];
    return { kind: 'BreakStmt', label: label === undefined ? undefined : this.ident(label), span: span as Span };
  }

  continueStmt(ctx: C.ContinueStmtCstChildren, span?: unknown): A.ContinueStmt {
    const label = ctx.Identifier?.[0];
    return { kind: 'ContinueStmt', label: label === undefined ? undefined : this.ident(label), span: span as Span };
  }

  switchStmt(ctx: C.SwitchStmtCstChildren, span?: unknown): A.SwitchStmt {
    const s = span as Span;
    return {
      kind: 'SwitchStmt', discriminant: this.exprOf(ctx.expression?.[0], s),
      cases: (ctx.switchCase ?? []).map((c) => this.switchCase(c.children, c)), span: s,
    };
  }

  switchCase(ctx: C.SwitchCaseCstChildren, node?: unknown): A.SwitchCase {
    const span = this.nodeSpan(node as CstNode);
    const test = ctx.Case !== undefined ? this.exprOf(ctx.expression?.[0], span) : undefined;
    return { kind: 'SwitchCase', test, body: (ctx.statement ?? []).map((st) => this.statement(st.children, st)), span };
  }

  tryStmt(ctx: C.TryStmtCstChildren, span?: unknown): A.TryStmt {
    const s = span as Span;
    const blockOf = (b: C.BlockCstNode | undefined): A.Block => (b === undefined ? this.emptyBlock(s) : this.block(b.children, b));
    const c = ctx.catchClause?.[0]?.children;
    const f = ctx.finallyClause?.[0]?.children;
    const param = c?.Identifier?.[0];
    return {
      kind: 'TryStmt', block: blockOf(ctx.block?.[0]),
      catchParam: param === undefined ? undefined : this.ident(param),
      catchBody: c === undefined ? undefined : blockOf(c.block?.[0]),
      finallyBody: f === undefined ? undefined : blockOf(f.block?.[0]), span: s,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  expression(ctx: C.ExpressionCstChildren, node?: unknown): A.Expr {
    return this.sequence(ctx.assignment, this.nodeSpan(node as CstNode));
  }

  /** One expression, or a comma expression (`BannedExpr('comma')`) for several. */
  private sequence(nodes: readonly C.AssignmentCstNode[] | undefined, span: Span): A.Expr {
    const parts = (nodes ?? []).map((a) => this.assignment(a.children, a));
    if (parts.length === 1) return parts[0] as A.Expr;
    if (parts.length === 0) return this.placeholderExpr(span);
    return { kind: 'BannedExpr', construct: 'comma', operands: parts, span };
  }

  assignment(ctx: C.AssignmentCstChildren, node?: unknown): A.Expr {
    const span = this.nodeSpan(node as CstNode);
    const arrow = ctx.arrowFunction?.[0];
    if (arrow !== undefined) return this.arrowFunction(arrow.children, arrow);
    const y = ctx.yieldExpression?.[0];
    if (y !== undefined) return this.yieldExpression(y.children, y);
    const left = this.binaryChain(ctx.unary?.[0], ctx.binaryTail ?? [], span);
    if (ctx.Question !== undefined) {
      return {
        kind: 'ConditionalExpr', test: left, consequent: this.assignOf(ctx.assignment?.[0], span),
        alternate: this.assignOf(ctx.assignment?.[1], span), span,
      };
    }
    const opNode = ctx.assignmentOperator?.[0];
    if (opNode !== undefined) {
      const o = opNode.children;
      let op = o.AssignmentOperator?.[0]?.image ?? `${'>'.repeat(o.Greater?.length ?? 0)}=`;
      if (!ASSIGN_OPS.has(op)) {
        this.report('UnsupportedOperator', this.nodeSpan(opNode), [op]);
        op = '=';
      }
      this.checkTarget(left, 'assignment');
      return { kind: 'AssignExpr', op: op as A.AssignOp, target: left, value: this.assignOf(ctx.assignment?.[0], span), span };
    }
    return left;
  }

  private checkTarget(target: A.Expr, what: string): void {
    let t = target;
    while (t.kind === 'NonNullExpr') t = t.expression;
    if (t.kind !== 'Name' && t.kind !== 'MemberExpr' && t.kind !== 'IndexExpr') this.report('InvalidAssignmentTarget', target.span, [what]);
  }

  /**
   * Folds `operand (op operand)*` by precedence with explicit stacks (no recursion), so chains of
   * any length build without growing the call stack; `**` is right-associative.
   */
  private binaryChain(firstNode: C.UnaryCstNode | undefined, tails: readonly C.BinaryTailCstNode[], span: Span): A.Expr {
    const operands: Operand[] = [this.operandOf(firstNode, span)];
    const ops: { op: A.BinaryOp; prec: number }[] = [];
    const reduce = (): void => {
      const { op } = ops.pop() as { op: A.BinaryOp };
      const right = operands.pop() as Operand;
      const left = operands.pop() as Operand;
      const outer = this.join(left.outer, right.outer);
      operands.push({ expr: { kind: 'BinaryExpr', op, left: left.expr, right: right.expr, span: outer }, outer, prefix: undefined });
    };
    let sawCoalesce = false;
    let sawLogical: string | undefined;
    for (const tailNode of tails) {
      const tail = tailNode.children;
      if (tail.As !== undefined) {
        while (ops.length > 0 && (ops[ops.length - 1] as { prec: number }).prec >= AS_PRECEDENCE) reduce();
        const target = operands.pop() as Operand;
        const typeNode = tail.type?.[0];
        const type: A.TypeNode = typeNode !== undefined
          ? this.type(typeNode.children, typeNode)
          : { kind: 'BannedType', construct: 'const-assertion', span: this.tokSpan(tail.Const?.[0]) };
        const outer = this.join(target.outer, this.nodeSpan(tailNode));
        operands.push({ expr: { kind: 'AsExpr', expression: target.expr, type, span: outer }, outer, prefix: undefined });
        continue;
      }
      const op = this.binaryOperatorOf(tail.binaryOperator?.[0]);
      const prec = BINARY_PRECEDENCE[op];
      if (op === '**') {
        const base = operands[operands.length - 1] as Operand;
        if (base.prefix !== undefined) this.report('UnparenthesizedExponentBase', base.outer, [base.prefix]);
      }
      if (op === '??') sawCoalesce = true;
      if (op === '||' || op === '&&') sawLogical ??= op;
      if (sawCoalesce && sawLogical !== undefined) {
        this.report('MixedCoalesce', this.nodeSpan(tail.binaryOperator?.[0]), [sawLogical]);
        sawLogical = '';
      }
      while (ops.length > 0) {
        const top = ops[ops.length - 1] as { prec: number };
        if (top.prec > prec || (top.prec === prec && op !== '**')) reduce();
        else break;
      }
      ops.push({ op, prec });
      operands.push(this.operandOf(tail.unary?.[0], this.nodeSpan(tailNode)));
    }
    while (ops.length > 0) reduce();
    return (operands[0] as Operand).expr;
  }

  private binaryOperatorOf(node: C.BinaryOperatorCstNode | undefined): A.BinaryOp {
    const c = node?.children;
    const greaters = c?.Greater?.length ?? 0;
    if (greaters === 3) return '>>>';
    if (greaters === 2) return '>>';
    if (greaters === 1) return c?.Assign !== undefined ? '>=' : '>';
    const image = c?.BinaryOperator?.[0]?.image;
    return image !== undefined && image in BINARY_PRECEDENCE ? (image as A.BinaryOp) : '+';
  }

  private operandOf(node: C.UnaryCstNode | undefined, fallback: Span): Operand {
    if (node === undefined) return { expr: this.placeholderExpr(fallback), outer: fallback, prefix: undefined };
    const c = node.children;
    const prefix = c.unary !== undefined
      ? (c.UnaryOperator ?? c.PlusPlus ?? c.MinusMinus ?? c.Typeof ?? c.Delete ?? c.Void ?? c.Await)?.[0]?.image
      : undefined;
    return { expr: this.unary(c, node), outer: this.nodeSpan(node), prefix };
  }

  yieldExpression(ctx: C.YieldExpressionCstChildren, node?: unknown): A.BannedExpr {
    const a = ctx.assignment?.[0];
    return { kind: 'BannedExpr', construct: 'yield', operands: a === undefined ? [] : [this.assignment(a.children, a)], span: this.nodeSpan(node as CstNode) };
  }

  arrowFunction(ctx: C.ArrowFunctionCstChildren, node?: unknown): A.ArrowFunction {
    const span = this.nodeSpan(node as CstNode);
    const single = ctx.Identifier?.[0];
    const params: A.Param[] = single !== undefined
      ? [{ kind: 'Param', name: this.ident(single), optional: false, type: undefined, init: undefined, modifiers: [], rest: false, span: this.tokSpan(single) }]
      : this.paramList(ctx.params?.[0]?.children);
    const blockNode = ctx.block?.[0];
    const body: A.Block | A.Expr = blockNode !== undefined ? this.block(blockNode.children, blockNode) : this.assignOf(ctx.assignment?.[0], span);
    return { kind: 'ArrowFunction', params, returnType: this.optionalAnnotation(ctx.typeAnnotation), body, async: ctx.Async !== undefined, span };
  }

  unary(ctx: C.UnaryCstChildren, node?: unknown): A.Expr {
    const span = this.nodeSpan(node as CstNode);
    const inner = ctx.unary?.[0];
    if (inner !== undefined) {
      const operand = this.unary(inner.children, inner);
      const op = ctx.UnaryOperator?.[0]?.image;
      if (op !== undefined) return { kind: 'UnaryExpr', op: op as A.UnaryOp, operand, span };
      if (ctx.PlusPlus !== undefined || ctx.MinusMinus !== undefined) {
        this.checkTarget(operand, ctx.PlusPlus !== undefined ? 'increment' : 'decrement');
        return { kind: 'UpdateExpr', op: ctx.PlusPlus !== undefined ? '++' : '--', prefix: true, operand, span };
      }
      const construct = ctx.Typeof !== undefined ? 'typeof' : ctx.Delete !== undefined ? 'delete' : ctx.Void !== undefined ? 'void' : 'await';
      return { kind: 'BannedExpr', construct, operands: [operand], span };
    }
    let expr = this.operand(ctx, span);
    const start = span.start;
    for (const opNode of ctx.postfixOp ?? []) {
      const opSpan = this.nodeSpan(opNode);
      const whole: Span = { file: this.file, start, end: Math.max(opSpan.end, start) };
      expr = this.applyPostfix(expr, opNode.children, whole);
    }
    if (ctx.PlusPlus !== undefined || ctx.MinusMinus !== undefined) {
      this.checkTarget(expr, ctx.PlusPlus !== undefined ? 'increment' : 'decrement');
      return { kind: 'UpdateExpr', op: ctx.PlusPlus !== undefined ? '++' : '--', prefix: false, operand: expr, span };
    }
    return expr;
  }

  /** The operand of a `unary` node (before postfix operators). */
  private operand(ctx: C.UnaryCstChildren, span: Span): A.Expr {
    const tok = (ts: Tokens): Span => this.tokSpan(ts?.[0]);
    const banned = (construct: string, s: Span, operands: A.Expr[] = []): A.BannedExpr => ({ kind: 'BannedExpr', construct, operands, span: s });
    if (ctx.Identifier !== undefined) {
      const t = ctx.Identifier[0] as IToken;
      if (t.image === 'undefined') return { kind: 'UndefinedLit', span: tok(ctx.Identifier) };
      return { kind: 'Name', name: t.image, span: tok(ctx.Identifier) };
    }
    if (ctx.NumberLiteral !== undefined) return this.numberLit(ctx.NumberLiteral[0]);
    if (ctx.StringLiteral !== undefined) return this.stringLit(ctx.StringLiteral[0]);
    if (ctx.This !== undefined) return { kind: 'ThisExpr', span: tok(ctx.This) };
    if (ctx.True !== undefined) return { kind: 'BoolLit', value: true, span: tok(ctx.True) };
    if (ctx.False !== undefined) return { kind: 'BoolLit', value: false, span: tok(ctx.False) };
    if (ctx.LParen !== undefined) {
      const inner = { ...span, start: this.tokSpan(ctx.LParen[0]).end, end: this.tokSpan(ctx.RParen?.[0]).start };
      return this.sequence(ctx.assignment, inner.end >= inner.start ? inner : span);
    }
    if (ctx.arrayLiteral !== undefined) return this.arrayLiteral(ctx.arrayLiteral[0]!.children, ctx.arrayLiteral[0]);
    if (ctx.objectLiteral !== undefined) return this.objectLiteral(ctx.objectLiteral[0]!.children, ctx.objectLiteral[0]);
    if (ctx.newExpression !== undefined) return this.newExpression(ctx.newExpression[0]!.children, ctx.newExpression[0]);
    if (ctx.template !== undefined) return this.template(ctx.template[0]!.children, ctx.template[0]);
    if (ctx.Null !== undefined) return banned('null', tok(ctx.Null));
    if (ctx.Super !== undefined) return banned('super', tok(ctx.Super));
    if (ctx.RegexLiteral !== undefined) return banned('regex', tok(ctx.RegexLiteral));
    if (ctx.functionExpression !== undefined) return banned('function-expression', this.nodeSpan(ctx.functionExpression[0]));
    if (ctx.classExpression !== undefined) return banned('class-expression', this.nodeSpan(ctx.classExpression[0]));
    if (ctx.importExpression !== undefined) return this.importExpression(ctx.importExpression[0]!.children, ctx.importExpression[0]);
    return this.placeholderExpr(span);
  }

  private numberLit(tok: IToken | undefined): A.NumberLit {
    const parts = (tok?.payload as NumberParts | undefined) ?? { intDigits: '0', fracDigits: undefined, bigint: false };
    return { kind: 'NumberLit', raw: tok?.image ?? '0', intDigits: parts.intDigits, fracDigits: parts.fracDigits, bigint: parts.bigint, span: this.tokSpan(tok) };
  }

  private stringLit(tok: IToken | undefined): A.StringLit {
    return { kind: 'StringLit', value: typeof tok?.payload === 'string' ? tok.payload : '', span: this.tokSpan(tok) };
  }

  private applyPostfix(object: A.Expr, op: C.PostfixOpCstChildren, span: Span): A.Expr {
    const optional = op.QuestionDot !== undefined;
    if (op.IdentifierName !== undefined) {
      return { kind: 'MemberExpr', object, property: this.ident(op.IdentifierName[0]), optional, span };
    }
    if (op.LBracket !== undefined) {
      const index = optional ? this.exprOf(op.expression?.[0], span) : this.sequence(op.assignment, span);
      return { kind: 'IndexExpr', object, index, optional, span };
    }
    if (op.LParen !== undefined) {
      return {
        kind: 'CallExpr', callee: object, typeArgs: this.typeArgList(op.typeArgs?.[0]),
        args: this.spreadList(op.assignment, op.DotDotDot), optional, span,
      };
    }
    if (op.Bang !== undefined) return { kind: 'NonNullExpr', expression: object, span };
    const t = op.template?.[0];
    const parts = t === undefined ? [] : this.exprList(t.children.expression);
    return { kind: 'BannedExpr', construct: 'tagged-template', operands: [object, ...parts], span };
  }

  /** Pairs each `...` token with the element that follows it (both lists are in source order). */
  private spreadList(nodes: readonly C.AssignmentCstNode[] | undefined, dots: Tokens): (A.Expr | A.SpreadElement)[] {
    const out: (A.Expr | A.SpreadElement)[] = [];
    let d = 0;
    for (const n of nodes ?? []) {
      const expr = this.assignment(n.children, n);
      const dot = dots?.[d];
      if (dot !== undefined && dot.startOffset < (n.location?.startOffset ?? NaN)) {
        d++;
        out.push({ kind: 'SpreadElement', argument: expr, span: this.join(this.tokSpan(dot), expr.span) });
      } else {
        out.push(expr);
      }
    }
    return out;
  }

  private argumentList(ctx: C.ArgumentsCstChildren | undefined): (A.Expr | A.SpreadElement)[] {
    return this.spreadList(ctx?.assignment, ctx?.DotDotDot);
  }

  arguments(ctx: C.ArgumentsCstChildren): (A.Expr | A.SpreadElement)[] {
    return this.argumentList(ctx);
  }

  private typeArgList(node: C.TypeArgsCstNode | undefined): A.TypeNode[] {
    return (node?.children.type ?? []).map((t) => this.type(t.children, t));
  }

  typeArgs(ctx: C.TypeArgsCstChildren): A.TypeNode[] {
    return (ctx.type ?? []).map((t) => this.type(t.children, t));
  }

  newExpression(ctx: C.NewExpressionCstChildren, node?: unknown): A.Expr {
    const span = this.nodeSpan(node as CstNode);
    if (ctx.Dot !== undefined) return { kind: 'BannedExpr', construct: 'new-target', operands: [], span };
    let callee: A.Expr;
    const nested = ctx.newExpression?.[0];
    if (nested !== undefined) callee = this.newExpression(nested.children, nested);
    else if (ctx.Identifier !== undefined) callee = { kind: 'Name', name: (ctx.Identifier[0] as IToken).image, span: this.tokSpan(ctx.Identifier[0]) };
    else if (ctx.This !== undefined) callee = { kind: 'ThisExpr', span: this.tokSpan(ctx.This[0]) };
    else callee = this.exprOf(ctx.expression?.[0], span);
    const start = this.tokSpan(ctx.New?.[0]).end;
    for (const suffix of ctx.newMemberSuffix ?? []) {
      const s = suffix.children;
      const end = this.nodeSpan(suffix).end;
      const whole: Span = { file: this.file, start: callee.span.start, end: Math.max(end, start) };
      callee = s.IdentifierName !== undefined
        ? { kind: 'MemberExpr', object: callee, property: this.ident(s.IdentifierName[0]), optional: false, span: whole }
        : { kind: 'IndexExpr', object: callee, index: this.exprOf(s.expression?.[0], whole), optional: false, span: whole };
    }
    return { kind: 'NewExpr', callee, typeArgs: this.typeArgList(ctx.typeArgs?.[0]), args: this.argumentList(ctx.arguments?.[0]?.children), span };
  }

  template(ctx: C.TemplateCstChildren, node?: unknown): A.BannedExpr {
    return { kind: 'BannedExpr', construct: 'template', operands: this.exprList(ctx.expression), span: this.nodeSpan(node as CstNode) };
  }

  arrayLiteral(ctx: C.ArrayLiteralCstChildren, node?: unknown): A.ArrayLit {
    return { kind: 'ArrayLit', elements: this.spreadList(ctx.assignment, ctx.DotDotDot), span: this.nodeSpan(node as CstNode) };
  }

  objectLiteral(ctx: C.ObjectLiteralCstChildren, node?: unknown): A.ObjectLit {
    return {
      kind: 'ObjectLit', properties: (ctx.objectProperty ?? []).map((p) => this.objectProperty(p.children, p)),
      span: this.nodeSpan(node as CstNode),
    };
  }

  objectProperty(ctx: C.ObjectPropertyCstChildren, node?: unknown): A.PropertyAssignment | A.SpreadElement {
    const span = this.nodeSpan(node as CstNode);
    if (ctx.DotDotDot !== undefined) return { kind: 'SpreadElement', argument: this.assignOf(ctx.assignment?.[0], span), span };
    if (ctx.Colon !== undefined) {
      const key: A.Identifier | A.StringLit = ctx.StringLiteral !== undefined ? this.stringLit(ctx.StringLiteral[0]) : this.ident(ctx.IdentifierName?.[0]);
      return { kind: 'PropertyAssignment', key, value: this.assignOf(ctx.assignment?.[0], span), shorthand: false, span };
    }
    // `{ a }` is `{ a: a }`: the key and the value reference share the name's span.
    const key = this.ident(ctx.Identifier?.[0]);
    return { kind: 'PropertyAssignment', key, value: { kind: 'Name', name: key.name, span: key.span }, shorthand: true, span };
  }

  importExpression(ctx: C.ImportExpressionCstChildren, node?: unknown): A.BannedExpr {
    const span = this.nodeSpan(node as CstNode);
    if (ctx.Dot !== undefined) return { kind: 'BannedExpr', construct: 'import-meta', operands: [], span };
    return { kind: 'BannedExpr', construct: 'dynamic-import', operands: [this.assignOf(ctx.assignment?.[0], span)], span };
  }

  // -------------------------------------------------------------------------------------------
  // Types

  /** `A | B & C`: `&` binds tighter than `|`; intersections are rejected (BannedType). */
  type(ctx: C.TypeCstChildren, node?: unknown): A.TypeNode {
    const span = this.nodeSpan(node as CstNode);
    const members = (ctx.primaryType ?? []).map((p) => this.primaryType(p.children, p));
    if (members.length === 0) return this.placeholderType(span);
    const firstStart = members[0]?.span.start ?? span.start;
    // Operators in source order, without a leading `|`/`&` (allowed before the first member).
    const operators = [...(ctx.Pipe ?? []), ...(ctx.Ampersand ?? [])]
      .filter((t) => !(t.startOffset < firstStart))
      .sort((a, b) => a.startOffset - b.startOffset);
    const groups: A.TypeNode[][] = [[members[0] as A.TypeNode]];
    members.slice(1).forEach((m, i) => {
      if (operators[i]?.image === '&') (groups[groups.length - 1] as A.TypeNode[]).push(m);
      else groups.push([m]);
    });
    const union = groups.map((g): A.TypeNode => {
      if (g.length === 1) return g[0] as A.TypeNode;
      return { kind: 'BannedType', construct: 'intersection-type', span: this.join((g[0] as A.TypeNode).span, (g[g.length - 1] as A.TypeNode).span) };
    });
    if (union.length === 1) return union[0] as A.TypeNode;
    return { kind: 'UnionType', types: union, span };
  }

  primaryType(ctx: C.PrimaryTypeCstChildren, node?: unknown): A.TypeNode {
    const span = this.nodeSpan(node as CstNode);
    let t = this.primaryTypeBase(ctx, span);
    for (const suffix of ctx.arraySuffix ?? []) {
      const whole = this.join(t.span, this.nodeSpan(suffix));
      t = suffix.children.type !== undefined
        ? { kind: 'BannedType', construct: 'indexed-access-type', span: whole }
        : { kind: 'ArrayType', element: t, span: whole };
    }
    return t;
  }

  private primaryTypeBase(ctx: C.PrimaryTypeCstChildren, span: Span): A.TypeNode {
    const banned = (construct: string, s: Span = span): A.BannedType => ({ kind: 'BannedType', construct, span: s });
    const tok = (ts: Tokens): Span => this.tokSpan(ts?.[0]);
    if (ctx.Arrow !== undefined) return banned('function-type', this.join(this.nodeSpan(ctx.params?.[0]), this.nodeSpan(ctx.type?.[0])));
    if (ctx.Typeof !== undefined) return banned('typeof-type', this.join(tok(ctx.Typeof), tok(ctx.IdentifierName?.slice(-1) ?? ctx.Identifier)));
    if (ctx.Identifier !== undefined) {
      const name = this.dottedIdent(ctx.Identifier[0], ctx.IdentifierName);
      const args = ctx.typeArgs?.[0];
      const end = args !== undefined ? this.nodeSpan(args) : name.span;
      if (args === undefined && KEYWORD_TYPES.has(name.name)) return { kind: 'KeywordType', name: name.name as A.KeywordTypeName, span: name.span };
      return { kind: 'TypeRef', name, typeArgs: this.typeArgList(args), span: this.join(name.span, end) };
    }
    if (ctx.LParen !== undefined) {
      const inner = ctx.type?.[0];
      return inner === undefined ? this.placeholderType(span) : this.type(inner.children, inner);
    }
    if (ctx.StringLiteral !== undefined) {
      const s = this.stringLit(ctx.StringLiteral[0]);
      return { kind: 'LiteralType', value: s.value, span: s.span };
    }
    if (ctx.Void !== undefined) return { kind: 'KeywordType', name: 'void', span: tok(ctx.Void) };
    if (ctx.Null !== undefined) return { kind: 'KeywordType', name: 'null', span: tok(ctx.Null) };
    if (ctx.This !== undefined) return banned('this-type', tok(ctx.This));
    if (ctx.NumberLiteral !== undefined) return banned('numeric-literal-type', this.join(tok(ctx.Minus ?? ctx.NumberLiteral), tok(ctx.NumberLiteral)));
    if (ctx.True !== undefined || ctx.False !== undefined) return banned('boolean-literal-type', tok(ctx.True ?? ctx.False));
    if (ctx.LBrace !== undefined) {
      const whole = this.join(tok(ctx.LBrace), tok(ctx.RBrace));
      const members = (ctx.interfaceMember ?? []).map((m) => this.interfaceMember(m.children, m));
      const props = members.filter((m): m is A.PropertySignature => m.kind === 'PropertySignature');
      if (props.length !== members.length) return banned('method-signature-in-type-literal', whole);
      return { kind: 'TypeLiteral', members: props, span: whole };
    }
    if (ctx.LBracket !== undefined) return banned('tuple-type', this.join(tok(ctx.LBracket), tok(ctx.RBracket)));
    if (ctx.template !== undefined) return banned('template-literal-type', this.nodeSpan(ctx.template[0]));
    return this.placeholderType(span);
  }

  typeReference(ctx: C.TypeReferenceCstChildren, node?: unknown): A.TypeRef {
    const name = this.dottedIdent(ctx.Identifier?.[0], ctx.IdentifierName);
    return { kind: 'TypeRef', name, typeArgs: this.typeArgList(ctx.typeArgs?.[0]), span: this.nodeSpan(node as CstNode) };
  }
}

let builder: AstBuilder | undefined;

/** The AST of one file and the syntax errors found while building it. */
export interface BuildAstResult {
  readonly unit: A.SourceUnit;
  readonly diagnostics: Diagnostic[];
}

/**
 * Builds the AST of `file` from its CST (`parse(file, tokens).cst`). Syntax errors that only the
 * AST level can see are returned as diagnostics. Never throws on a CST from error recovery.
 * @example buildAst(file, parse(file, tokenize(file).tokens).cst!).unit.items
 */
export function buildAst(file: SourceFile, cst: CstNode): BuildAstResult {
  builder ??= new AstBuilder();
  return builder.build(cst, file.id, file.text.length, file.path);
}
