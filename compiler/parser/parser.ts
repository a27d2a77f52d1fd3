/**
 * The grammar of the Covenant language: a grammar-only Chevrotain `CstParser` (rules as class
 * properties, recovery on) for the TypeScript subset of docs/language.md, plus the forbidden
 * constructs the rules pass reports (regexes, `with`, labels, `async`, getters, ...). Operator
 * precedence is NOT encoded here: a binary expression is a flat operand/operator list that the
 * AST builder folds, which keeps the recursion per parenthesis level shallow. The few places
 * where TypeScript itself needs more than LL(k) (arrow functions, generic calls `f<T>(x)`,
 * automatic semicolons, modifiers that are also names) use gates over the annotated token vector.
 *
 * `parse()` reuses one parser instance per process, maps Chevrotain's recognition errors to
 * E1012/E1013 diagnostics, and bounds recursion (E1008) so hostile input cannot overflow the stack.
 * Does NOT build the AST (see `ast/build.ts`) and does NOT lex.
 * @module
 */
import {
  CstParser, EOF, getLookaheadPaths, LLkLookaheadStrategy, tokenMatcher,
  type CstNode, type IOrAlt, type IParserErrorMessageProvider, type IRecognitionException, type IToken,
  type LookaheadProductionType, type LookaheadSequence, type OptionalProductionType, type ParserMethod, type Rule,
  type TokenType,
} from 'chevrotain';
import { createDiagnostic, MAX_DIAGNOSTICS, type Diagnostic } from '../diagnostics.ts';
import type { DiagnosticName } from '../diagnostic-codes.ts';
import type { SourceFile } from '../source.ts';
import { MAX_NESTING, shorten, type LexedToken } from '../lexer/lexer.ts';
import {
  ALL_TOKENS, Abstract, Ampersand, Arrow, As, Assign, AssignmentOperator, Async, At, Await, BinaryOperator, Break,
  Case, Catch, Class, Colon, Comma, Const, Continue, Debugger, Declare, Default, Delete, Do, Dot, DotDotDot, Else,
  Enum, Export, Extends, False, Finally, For, From, FunctionKw, Greater, Identifier, IdentifierName, If, Implements,
  Import, In, Interface, LBrace, LBracket, Less, Let, LParen, Minus, MinusMinus, ModifierWord, New, Null,
  NumberLiteral, Of, Pipe, PlusPlus, Question, QuestionDot, RBrace, RBracket, Readonly, RegexLiteral, Return, RParen,
  Semicolon, Star, StringLiteral, Super, Switch, TemplateHead, TemplateMiddle, TemplateNoSub, TemplateTail, This,
  Throw, True, Try, Type, Typeof, UnaryOperator, Var, Void, While, With, Yield, Bang,
} from '../lexer/tokens.ts';

/** Thrown inside the parser when constructs nest deeper than {@link MAX_NESTING}; aborts the parse. */
class NestingLimitReached extends Error {
  readonly token: IToken;
  constructor(token: IToken) {
    super('nesting limit reached');
    this.name = 'NestingLimitReached';
    this.token = token;
  }
}

/** Thrown inside the parser once {@link MAX_PARSE_ERRORS} errors are recorded; aborts the parse. */
class TooManyErrors extends Error {
  constructor() {
    super('too many syntax errors');
    this.name = 'TooManyErrors';
  }
}

/** Syntax errors after which parsing stops (the diagnostic bag keeps no more than this). */
const MAX_PARSE_ERRORS = MAX_DIAGNOSTICS;

/** A recognition error's message is this JSON, so that `parse()` can build a catalogue diagnostic. */
interface EncodedMessage {
  readonly name: DiagnosticName;
  readonly args: readonly string[];
}

const TOKEN_DESCRIPTIONS = new Map<TokenType, string>([
  [Identifier, 'an identifier'], [IdentifierName, 'a name'], [StringLiteral, 'a string'],
  [NumberLiteral, 'a number'], [TemplateTail, 'the end of the template literal'], [EOF, 'end of file'],
  [BinaryOperator, 'an operator'], [AssignmentOperator, 'an assignment operator'],
]);

function describeExpected(type: TokenType): string {
  const known = TOKEN_DESCRIPTIONS.get(type);
  if (known !== undefined) return known;
  return typeof type.PATTERN === 'string' ? `"${type.PATTERN}"` : type.name;
}

function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  return `"${shorten(token.image)}"`;
}

/** What a rule that failed to choose an alternative was looking for. */
const RULE_DESCRIPTIONS: Record<string, string> = {
  sourceFile: 'a declaration', topLevelItem: 'a declaration', statement: 'a statement', block: '"{"',
  expression: 'an expression', assignment: 'an expression', unary: 'an expression', postfixOp: 'an expression',
  typeBody: '"{"', arraySuffix: '"]"', typeArgs: 'a type', params: 'a parameter', param: 'a parameter',
  binaryTail: 'an operator', binaryOperator: 'an operator', assignmentOperator: 'an assignment operator',
  arrowFunction: 'an arrow function', objectProperty: 'a property', type: 'a type', primaryType: 'a type',
  classMember: 'a class member', memberTail: '"(", ":", "=" or ";"', yieldExpression: 'an expression',
  interfaceMember: 'a property or method signature', binding: 'a variable name or pattern',
  importDecl: 'an import list', importClause: '"{"', forStmt: 'a loop header', forDeclHead: '"of", "in", "=" or ";"',
  switchCase: '"case" or "default"', newExpression: 'a constructor', newMemberSuffix: '"." or "["',
  template: 'a template literal', importExpression: '"(" or ".meta"', enumMember: 'an enum member',
  objectPatternProperty: 'a property name', varDeclList: '"const", "let" or "var"', forBareHead: '"of" or "in"',
  semi: '";"', typeMemberSeparator: '";" or ","', varStatement: 'a declaration',
};

function encode(name: DiagnosticName, args: readonly string[]): string {
  return JSON.stringify({ name, args } satisfies EncodedMessage);
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => (expected === EOF
    ? encode('UnexpectedToken', [describeFound(actual), 'a declaration'])
    : encode('ExpectedToken', [describeExpected(expected), describeFound(actual)])),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => encode('UnexpectedToken', [describeFound(firstRedundant), 'a declaration']),
  buildNoViableAltMessage: ({ actual, ruleName }) => noViable(actual[0], ruleName),
  buildEarlyExitMessage: ({ actual, ruleName }) => noViable(actual[0], ruleName),
};

function noViable(actual: IToken | undefined, ruleName: string): string {
  const found = actual === undefined ? 'end of file' : describeFound(actual);
  return encode('UnexpectedToken', [found, RULE_DESCRIPTIONS[ruleName] ?? 'something else']);
}

// ---------------------------------------------------------------------------------------------
// Look-ahead: Chevrotain's LL(k) paths, indexed by first token

interface PathEntry {
  readonly alt: number;
  readonly path: readonly TokenType[];
}

/**
 * Buckets the look-ahead paths of a production by the concrete token types their first element
 * matches, keeping alternative order (first matching alternative wins, as in Chevrotain).
 */
function indexPaths(alts: readonly LookaheadSequence[]): { byFirst: PathEntry[][]; fallback: PathEntry[] } {
  const entries: PathEntry[] = [];
  alts.forEach((paths, alt) => paths.forEach((path) => entries.push({ alt, path })));
  const keys = new Set<number>();
  for (const e of entries) {
    const first = e.path[0];
    if (first !== undefined) for (const k of concreteIndices(first)) keys.add(k);
  }
  const byFirst: PathEntry[][] = [];
  const fallback: PathEntry[] = [];
  for (const e of entries) {
    const first = e.path[0];
    // An empty path matches any input, so it belongs to every bucket (in order).
    const targets = first === undefined ? [...keys] : concreteIndices(first);
    for (const k of targets) (byFirst[k] ??= []).push(e);
    if (first === undefined) fallback.push(e);
  }
  return { byFirst, fallback };
}

function concreteIndices(type: TokenType): number[] {
  return [type.tokenTypeIdx as number, ...(type.categoryMatches ?? [])];
}

/**
 * Alternations whose last alternative is taken when no look-ahead path matches. Chevrotain
 * computes paths within a rule only, so an alternative that may end early (an expression
 * statement or a field ended by an automatic semicolon: `x` before `}` or a line break) loses the
 * paths that would select it whenever another alternative shares its prefix (`x:` starts a label).
 */
const DEFAULT_TO_LAST = new Set(['statement:0', 'memberTail:0', 'topLevelItem:0']);

interface LookaheadHost {
  LA(k: number): IToken;
}

/**
 * Chevrotain's LL(k) look-ahead with the same decisions, but each production's paths are indexed
 * by their first token. The stock strategy scans every path of every earlier alternative, which
 * for ambiguous alternatives resolved by order (expression statements, arrow functions) means
 * hundreds of path comparisons per token (measured: 5× slower parses).
 */
class IndexedLookaheadStrategy extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
    dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const paths = lookaheadPaths(options.prodOccurrence, options.rule, 'Alternation', options.maxLookahead);
    const { byFirst, fallback } = indexPaths(paths);
    const hasPredicates = options.hasPredicates;
    const last = paths.length - 1;
    const defaultToLast = DEFAULT_TO_LAST.has(`${options.rule.name}:${options.prodOccurrence}`);
    return function (this: LookaheadHost, orAlts?: IOrAlt<unknown>[]): number | undefined {
      const entries = byFirst[this.LA(1).tokenTypeIdx] ?? fallback;
      let lastAlt = -1;
      let gateOpen = true;
      for (const e of entries) {
        if (e.alt !== lastAlt) {
          lastAlt = e.alt;
          const gate = hasPredicates ? orAlts?.[e.alt]?.GATE : undefined;
          gateOpen = gate === undefined || gate.call(this) !== false;
        }
        if (gateOpen && restMatches(this, e.path)) return e.alt;
      }
      if (defaultToLast) {
        const gate = hasPredicates ? orAlts?.[last]?.GATE : undefined;
        if (gate === undefined || gate.call(this) !== false) return last;
      }
      return undefined;
    };
  }

  override buildLookaheadForOptional(options: {
    prodOccurrence: number;
    prodType: OptionalProductionType;
    rule: Rule;
    maxLookahead: number;
    dynamicTokensEnabled: boolean;
  }): () => boolean {
    const inside = lookaheadPaths(options.prodOccurrence, options.rule, options.prodType, options.maxLookahead)[0] ?? [];
    const { byFirst, fallback } = indexPaths([inside]);
    return function (this: LookaheadHost): boolean {
      const entries = byFirst[this.LA(1).tokenTypeIdx] ?? fallback;
      for (const e of entries) if (restMatches(this, e.path)) return true;
      return false;
    };
  }
}

function lookaheadPaths(occurrence: number, rule: Rule, prodType: LookaheadProductionType, maxLookahead: number): LookaheadSequence[] {
  return getLookaheadPaths({ occurrence, rule, prodType, maxLookahead });
}

function restMatches(host: LookaheadHost, path: readonly TokenType[]): boolean {
  for (let i = 1; i < path.length; i++) {
    if (!tokenMatcher(host.LA(i + 1), path[i] as TokenType)) return false;
  }
  return true;
}

/** Token types that may appear inside a type argument list or a return type (scanned by gates). */
const TYPE_TOKENS = new Set<TokenType>([
  Void, Null, This, Typeof, True, False, StringLiteral, NumberLiteral, TemplateNoSub, Dot, Comma, Pipe, Ampersand,
  Arrow, Minus, DotDotDot, Less, Greater, LParen, LBracket, LBrace,
]);

/** Deepest angle-bracket nesting a type argument scan accepts: keeps `a<b<c<…` scans short. */
const MAX_TYPE_ARG_SCAN_DEPTH = 32;

/** The Covenant grammar. One instance per process; see {@link parse}. */
export class CovenantParser extends CstParser {
  /** The annotated token vector of the current parse (for gates that look past LA(k)). */
  private tokens: LexedToken[] = [];
  private depth = 0;
  private readonly typeArgsMemo = new Map<number, boolean>();
  private readonly arrowMemo = new Map<number, boolean>();
  /** Missing `;` found in the current parse (reported without error recovery). */
  missingSeparators: (EncodedMessage & { readonly token: IToken })[] = [];

  constructor() {
    super(ALL_TOKENS, {
      recoveryEnabled: true,
      nodeLocationTracking: 'onlyOffset',
      maxLookahead: 3,
      errorMessageProvider: errorMessages,
      lookaheadStrategy: new IndexedLookaheadStrategy({ maxLookahead: 3 }),
    });
    this.performSelfAnalysis();
  }

  /** Sets the tokens of the next parse (resets all state, including the nesting counter). */
  setTokens(tokens: LexedToken[]): void {
    this.input = tokens;
    this.tokens = tokens;
  }

  /** The parser's own error list (installed by `reset`), so its length is cheap to read. */
  private errorLog: IRecognitionException[] = [];

  override reset(): void {
    super.reset();
    this.errorLog = [];
    this.errors = this.errorLog;
    this.depth = 0;
    this.typeArgsMemo?.clear();
    this.arrowMemo?.clear();
    this.missingSeparators = [];
  }

  // -------------------------------------------------------------------------------------------
  // Look-ahead helpers (used only inside GATEs, never during grammar recording)

  private la(k: number): LexedToken | undefined {
    const t = this.LA(k);
    return t.tokenType === EOF ? undefined : (t as LexedToken);
  }

  private laIs(k: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(k), type);
  }

  private adjacent(k: number): boolean {
    const a = this.la(k);
    const b = this.la(k + 1);
    return a !== undefined && b !== undefined && a.startOffset + a.image.length === b.startOffset;
  }

  /** `>` `>` `=` or `>` `>` `>` `=` written without spaces: an (unsupported) shift assignment. */
  private shiftAssignAhead(greaters: 2 | 3): boolean {
    for (let k = 1; k <= greaters; k++) if (!this.laIs(k, Greater) || !this.adjacent(k)) return false;
    return this.laIs(greaters + 1, Assign);
  }

  private greatersAhead(count: 2 | 3): boolean {
    for (let k = 1; k <= count; k++) if (!this.laIs(k, Greater)) return false;
    for (let k = 1; k < count; k++) if (!this.adjacent(k)) return false;
    return !(this.laIs(count + 1, Greater) && this.adjacent(count));
  }

  /** Automatic semicolon insertion: allowed before `}`, at the end, or after a line break. */
  private asiAllowed(): boolean {
    const t = this.la(1);
    return t === undefined || t.tokenType === RBrace || t.newlineBefore;
  }

  private sameLine(k: number): boolean {
    const t = this.la(k);
    return t !== undefined && !t.newlineBefore;
  }

  /** Reports a missing separator unless automatic semicolon insertion applies at LA(1). */
  private requireAsi(expected: string): void {
    if (this.asiAllowed()) return;
    const found = this.LA(1);
    this.missingSeparators.push({ name: 'ExpectedToken', args: [expected, describeFound(found)], token: found });
  }

  /** `static x`, `readonly x`, `get x()`, `async m()`: the word is a modifier, not the member name. */
  private modifierAhead(): boolean {
    const t1 = this.la(1);
    const t2 = this.la(2);
    if (t1 === undefined || t2 === undefined || !tokenMatcher(t1, ModifierWord)) return false;
    if (t1.tokenType === Async && t2.newlineBefore) return false;
    return tokenMatcher(t2, IdentifierName) || t2.tokenType === StringLiteral || t2.tokenType === NumberLiteral ||
      t2.tokenType === LBracket || t2.tokenType === Star;
  }

  private paramModifierAhead(): boolean {
    const t2 = this.la(2);
    return this.laIs(1, ModifierWord) && t2 !== undefined && (tokenMatcher(t2, Identifier) || t2.tokenType === DotDotDot);
  }

  /**
   * Whether the `<` at LA(1) opens type arguments of a call: scans type-like tokens with balanced
   * brackets to the matching `>` and requires `(` after it (TypeScript's rule for `f<T>(x)`).
   */
  private typeArgsAhead(): boolean {
    const start = this.la(1);
    if (start === undefined || start.tokenType !== Less) return false;
    const memo = this.typeArgsMemo.get(start.index);
    if (memo !== undefined) return memo;
    const result = this.scanTypeArgs(start.index);
    this.typeArgsMemo.set(start.index, result);
    return result;
  }

  private scanTypeArgs(from: number): boolean {
    const tokens = this.tokens;
    let depth = 0;
    for (let i = from; i < tokens.length; i++) {
      const tok = tokens[i] as LexedToken;
      const type = tok.tokenType;
      if (type === Less) {
        if (++depth > MAX_TYPE_ARG_SCAN_DEPTH) return false;
      } else if (type === Greater) {
        if (--depth === 0) return tokens[i + 1]?.tokenType === LParen;
      } else if (type === LParen || type === LBracket || type === LBrace) {
        if (tok.match < 0) return false;
        i = tok.match;
      } else if (!TYPE_TOKENS.has(type) && !tokenMatcher(tok, Identifier)) {
        return false;
      }
    }
    return false;
  }

  /** Whether an arrow function starts at LA(1): `x =>`, `(…) =>`, `(…): T =>`, `async …`. */
  private arrowAhead(): boolean {
    const t1 = this.la(1);
    if (t1 === undefined) return false;
    if (tokenMatcher(t1, Identifier)) {
      if (this.laIs(2, Arrow)) return true;
      if (t1.tokenType === Async && this.sameLine(2)) {
        if (this.laIs(2, Identifier) && this.laIs(3, Arrow)) return true;
        const t2 = this.la(2);
        if (t2 !== undefined && t2.tokenType === LParen) return this.parenStartsArrow(t2);
      }
      return false;
    }
    return t1.tokenType === LParen && this.parenStartsArrow(t1);
  }

  private parenStartsArrow(open: LexedToken): boolean {
    const memo = this.arrowMemo.get(open.index);
    if (memo !== undefined) return memo;
    let result = false;
    if (open.match >= 0) {
      const after = this.tokens[open.match + 1];
      if (after !== undefined) {
        if (after.tokenType === Arrow) result = true;
        else if (after.tokenType === Colon) result = this.returnTypeThenArrow(open.match + 2);
      }
    }
    this.arrowMemo.set(open.index, result);
    return result;
  }

  /**
   * Scans a return type annotation from token `from`; true if `=>` follows it. At angle depth 0 a
   * `,` or `...` cannot be part of the type, and the annotation is taken to stay on its line: so
   * `c ? (a) : b, x => y` and `case (a):` followed by a statement are not read as arrows.
   */
  private returnTypeThenArrow(from: number): boolean {
    const tokens = this.tokens;
    let angle = 0;
    for (let i = from; i < tokens.length; i++) {
      const tok = tokens[i] as LexedToken;
      const type = tok.tokenType;
      if (type === Arrow && angle === 0) return true;
      if (angle === 0 && (type === Comma || type === DotDotDot || (tok.newlineBefore && i > from))) return false;
      if (type === Less) angle++;
      else if (type === Greater) angle--;
      else if (type === LParen || type === LBracket || type === LBrace) {
        if (tok.match < 0) return false;
        i = tok.match;
      } else if (!TYPE_TOKENS.has(type) && !tokenMatcher(tok, Identifier)) return false;
      if (angle < 0) return false;
    }
    return false;
  }

  /** `(…) =>` in type position: a function type rather than a parenthesised type. */
  private functionTypeAhead(): boolean {
    const t1 = this.la(1);
    if (t1 === undefined || t1.tokenType !== LParen || t1.match < 0) return false;
    return this.tokens[t1.match + 1]?.tokenType === Arrow;
  }

  /**
   * Enters one nesting level (paired with {@link leaveNesting} in a `finally`); aborts the parse
   * past {@link MAX_NESTING}. The recursive rules (`statement`, `assignment`, `type`) call it inline
   * rather than through a wrapping closure, to save stack frames on their recursion.
   */
  private enterNesting(): void {
    if (this.RECORDING_PHASE) return;
    if (++this.depth > MAX_NESTING) throw new NestingLimitReached(this.LA(1));
    // Past the diagnostics cap, more errors are only cost: token soup yields one per token.
    if (this.errorLog.length + this.missingSeparators.length >= MAX_PARSE_ERRORS) throw new TooManyErrors();
  }

  private leaveNesting(): void {
    if (!this.RECORDING_PHASE) this.depth--;
  }

  /** `SUBRULE<idx>(rule)` one nesting level deeper (for rules that recurse into themselves). */
  private nestedSubrule(idx: number, rule: ParserMethod<[], CstNode>): void {
    this.enterNesting();
    try {
      this.subrule(idx, rule);
    } finally {
      this.leaveNesting();
    }
  }

  private readonly alternatives = new Map<string, unknown>();

  /**
   * The alternatives of a hot `OR`, built once: re-creating a dozen closures per token was the
   * parser's main allocation cost (Chevrotain's own performance advice).
   */
  private cached<T>(key: string, build: () => T): T {
    let alts = this.alternatives.get(key) as T | undefined;
    if (alts === undefined) {
      alts = build();
      this.alternatives.set(key, alts);
    }
    return alts;
  }

  /** `item (, item)* ,?` — possibly empty; `item(n)` must use `n` as its DSL occurrence index. */
  private commaList(idx: number, item: (n: number) => void): void {
    this.option(idx, () => {
      item(idx);
      this.many(idx, () => {
        this.consume(idx, Comma);
        item(idx + 1);
      });
      this.option(idx + 1, () => this.consume(idx + 1, Comma));
    });
  }

  // Grammar fragments shared by several rules. Each records into the rule that calls it, with the
  // DSL occurrence indices written here (mostly the unnumbered ones), so a caller must not use the
  // same method and index for the same token or rule itself (Chevrotain rejects such a grammar).

  /** `assignment (, assignment)*`: a comma expression (an expression, a parenthesised one, an index). */
  private assignmentList(): void {
    this.SUBRULE(this.assignment);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.assignment);
    });
  }

  /** `( expression )` after `if`, `while`, `switch` and `with`. */
  private condition(): void {
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(RParen);
  }

  /** `const`, `let` or `var`. */
  private declKeyword(): void {
    this.OR([
      { ALT: () => this.CONSUME(Const) },
      { ALT: () => this.CONSUME(Let) },
      { ALT: () => this.CONSUME(Var) },
    ]);
  }

  /** The `of x` and `in x` alternatives of a `for` head. */
  private forIterationAlts(): IOrAlt<unknown>[] {
    return [
      {
        ALT: () => {
          this.CONSUME(Of);
          this.SUBRULE(this.assignment);
        },
      },
      {
        ALT: () => {
          this.CONSUME(In);
          this.SUBRULE(this.expression);
        },
      },
    ];
  }

  /** `a.b.c`: a name and its dotted members. */
  private dottedName(): void {
    this.CONSUME(Identifier);
    this.MANY(() => {
      this.CONSUME(Dot);
      this.CONSUME(IdentifierName);
    });
  }

  /** A named type: `Name`, `a.B`, `Name<Args>`. */
  private namedType(): void {
    this.dottedName();
    this.OPTION(() => this.SUBRULE(this.typeArgs));
  }

  // -------------------------------------------------------------------------------------------
  // Files and declarations

  sourceFile = this.RULE('sourceFile', () => {
    this.MANY(() => this.SUBRULE(this.topLevelItem));
  });

  topLevelItem = this.RULE('topLevelItem', () => {
    this.MANY(() => this.SUBRULE(this.decorator));
    const exported = this.OPTION(() => this.CONSUME(Export)) !== undefined;
    this.MANY2(() => this.SUBRULE2(this.decorator));
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.classDecl) },
        { ALT: () => this.SUBRULE(this.interfaceDecl) },
        { ALT: () => this.SUBRULE(this.typeAliasDecl) },
        { ALT: () => this.SUBRULE(this.enumDecl) },
        { ALT: () => this.SUBRULE(this.functionDecl) },
        { ALT: () => this.SUBRULE(this.varStatement) },
        // `export default …`, `export { … }`: no statement can be exported.
        { GATE: () => !exported, ALT: () => this.SUBRULE(this.statement) },
      ],
    });
  });

  decorator = this.RULE('decorator', () => {
    this.CONSUME(At);
    this.dottedName();
    this.OPTION(() => this.SUBRULE(this.arguments));
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(Import);
    this.OPTION({
      // `import type { a }` / `import type * as n` / `import type X from`, but not `import type from 'm'`.
      GATE: () => this.laIs(2, LBrace) || this.laIs(2, Star) || (this.laIs(2, Identifier) && this.laIs(3, From)),
      DEF: () => this.CONSUME(Type),
    });
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.importClause);
          this.CONSUME(From);
          this.CONSUME(StringLiteral);
        },
      },
      { ALT: () => this.CONSUME2(StringLiteral) },
    ]);
    this.SUBRULE(this.semi);
  });

  importClause = this.RULE('importClause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.namedImports) },
      { ALT: () => this.SUBRULE(this.namespaceImport) },
      {
        ALT: () => {
          this.CONSUME(Identifier);
          this.OPTION(() => {
            this.CONSUME(Comma);
            this.OR2([
              { ALT: () => this.SUBRULE2(this.namedImports) },
              { ALT: () => this.SUBRULE2(this.namespaceImport) },
            ]);
          });
        },
      },
    ]);
  });

  namespaceImport = this.RULE('namespaceImport', () => {
    this.CONSUME(Star);
    this.CONSUME(As);
    this.CONSUME(Identifier);
  });

  namedImports = this.RULE('namedImports', () => {
    this.CONSUME(LBrace);
    this.commaList(11, (n) => this.subrule(n, this.importSpecifier));
    this.CONSUME(RBrace);
  });

  importSpecifier = this.RULE('importSpecifier', () => {
    this.OPTION({
      GATE: () => this.laIs(2, IdentifierName) && !this.laIs(2, As),
      DEF: () => this.CONSUME(Type),
    });
    this.CONSUME(IdentifierName);
    this.OPTION2(() => {
      this.CONSUME(As);
      this.CONSUME(Identifier);
    });
  });

  classDecl = this.RULE('classDecl', () => {
    this.MANY({ GATE: () => this.laIs(1, Abstract) || this.laIs(1, Declare), DEF: () => this.CONSUME(ModifierWord) });
    this.CONSUME(Class);
    this.CONSUME(Identifier);
    this.SUBRULE(this.classTail);
  });

  classExpression = this.RULE('classExpression', () => {
    this.CONSUME(Class);
    this.OPTION(() => this.CONSUME(Identifier));
    this.SUBRULE(this.classTail);
  });

  classTail = this.RULE('classTail', () => {
    this.OPTION(() => this.SUBRULE(this.typeParams));
    this.OPTION2(() => {
      this.CONSUME(Extends);
      this.SUBRULE(this.typeReference);
    });
    this.OPTION3(() => {
      this.CONSUME(Implements);
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE2(this.typeReference) });
    });
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.classMember));
    this.CONSUME(RBrace);
  });

  classMember = this.RULE('classMember', () => {
    this.OR([
      { ALT: () => this.CONSUME(Semicolon) },
      {
        ALT: () => {
          this.MANY(() => this.SUBRULE(this.decorator));
          this.MANY2({ GATE: () => this.modifierAhead(), DEF: () => this.CONSUME(ModifierWord) });
          this.OPTION(() => this.CONSUME(Star));
          this.CONSUME(IdentifierName);
          this.SUBRULE(this.memberTail);
        },
      },
    ]);
  });

  memberTail = this.RULE('memberTail', () => {
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.SUBRULE(this.typeParams));
          this.SUBRULE(this.params);
          this.OPTION2(() => this.SUBRULE(this.typeAnnotation));
          this.SUBRULE(this.block);
        },
      },
      {
        ALT: () => {
          this.OPTION3(() => {
            this.OR2([{ ALT: () => this.CONSUME(Question) }, { ALT: () => this.CONSUME(Bang) }]);
          });
          this.OPTION4(() => this.SUBRULE2(this.typeAnnotation));
          this.OPTION5(() => {
            this.CONSUME(Assign);
            this.SUBRULE(this.assignment);
          });
          this.SUBRULE(this.semi);
        },
      },
    ]);
  });

  typeParams = this.RULE('typeParams', () => {
    this.CONSUME(Less);
    this.commaList(11, (n) => this.subrule(n, this.typeParam));
    this.CONSUME(Greater);
  });

  typeParam = this.RULE('typeParam', () => {
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(Extends);
      this.SUBRULE(this.type);
    });
    this.OPTION2(() => {
      this.CONSUME(Assign);
      this.SUBRULE2(this.type);
    });
  });

  params = this.RULE('params', () => {
    this.CONSUME(LParen);
    this.commaList(11, (n) => this.subrule(n, this.param));
    this.CONSUME(RParen);
  });

  param = this.RULE('param', () => {
    this.MANY({ GATE: () => this.paramModifierAhead(), DEF: () => this.CONSUME(ModifierWord) });
    this.OPTION(() => this.CONSUME(DotDotDot));
    this.CONSUME(Identifier);
    this.OPTION2(() => this.CONSUME(Question));
    this.OPTION3(() => {
      this.CONSUME(Colon);
      this.SUBRULE(this.type);
    });
    this.OPTION4(() => {
      this.CONSUME(Assign);
      this.SUBRULE(this.assignment);
    });
  });

  typeAnnotation = this.RULE('typeAnnotation', () => {
    this.CONSUME(Colon);
    this.SUBRULE(this.type);
  });

  interfaceDecl = this.RULE('interfaceDecl', () => {
    this.CONSUME(Interface);
    this.CONSUME(Identifier);
    this.OPTION(() => this.SUBRULE(this.typeParams));
    this.OPTION2(() => {
      this.CONSUME(Extends);
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.typeReference) });
    });
    this.SUBRULE(this.typeBody);
  });

  /** `{ members }` of an interface or an inline object type. */
  typeBody = this.RULE('typeBody', () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.interfaceMember));
    this.CONSUME(RBrace);
  });

  interfaceMember = this.RULE('interfaceMember', () => {
    this.OPTION({ GATE: () => this.laIs(1, Readonly) && this.laIs(2, IdentifierName), DEF: () => this.CONSUME(Readonly) });
    this.CONSUME(IdentifierName);
    // Signature tails are inline (not sub-rules) to keep nested object types shallow on the stack.
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.params);
          this.OPTION2(() => {
            this.CONSUME(Colon);
            this.SUBRULE(this.type);
          });
        },
      },
      {
        ALT: () => {
          this.OPTION3(() => this.CONSUME(Question));
          this.CONSUME2(Colon);
          this.SUBRULE2(this.type);
        },
      },
    ]);
    this.SUBRULE(this.typeMemberSeparator);
  });

  typeMemberSeparator = this.RULE('typeMemberSeparator', () => {
    const tok = this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(Semicolon) }, { ALT: () => this.CONSUME(Comma) }]));
    if (tok === undefined) this.ACTION(() => this.requireAsi('";" or ","'));
  });

  typeAliasDecl = this.RULE('typeAliasDecl', () => {
    this.CONSUME(Type);
    this.CONSUME(Identifier);
    this.OPTION(() => this.SUBRULE(this.typeParams));
    this.CONSUME(Assign);
    this.SUBRULE(this.type);
    this.SUBRULE(this.semi);
  });

  enumDecl = this.RULE('enumDecl', () => {
    this.OPTION(() => this.CONSUME(Const));
    this.CONSUME(Enum);
    this.CONSUME(Identifier);
    this.CONSUME(LBrace);
    this.commaList(11, (n) => this.subrule(n, this.enumMember));
    this.CONSUME(RBrace);
  });

  enumMember = this.RULE('enumMember', () => {
    this.CONSUME(IdentifierName);
    this.OPTION(() => {
      this.CONSUME(Assign);
      this.SUBRULE(this.assignment);
    });
  });

  functionDecl = this.RULE('functionDecl', () => {
    this.OPTION(() => this.CONSUME(Async));
    this.CONSUME(FunctionKw);
    this.OPTION2(() => this.CONSUME(Star));
    this.CONSUME(Identifier);
    this.SUBRULE(this.functionTail);
  });

  functionExpression = this.RULE('functionExpression', () => {
    this.OPTION(() => this.CONSUME(Async));
    this.CONSUME(FunctionKw);
    this.OPTION2(() => this.CONSUME(Star));
    this.OPTION3(() => this.CONSUME(Identifier));
    this.SUBRULE(this.functionTail);
  });

  functionTail = this.RULE('functionTail', () => {
    this.OPTION(() => this.SUBRULE(this.typeParams));
    this.SUBRULE(this.params);
    this.OPTION2(() => this.SUBRULE(this.typeAnnotation));
    this.SUBRULE(this.block);
  });

  // -------------------------------------------------------------------------------------------
  // Statements

  varStatement = this.RULE('varStatement', () => {
    this.SUBRULE(this.varDeclList);
    this.SUBRULE(this.semi);
  });

  varDeclList = this.RULE('varDeclList', () => {
    this.declKeyword();
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.varDeclarator) });
  });

  varDeclarator = this.RULE('varDeclarator', () => {
    this.SUBRULE(this.binding);
    this.OPTION(() => this.SUBRULE(this.typeAnnotation));
    this.OPTION2(() => {
      this.CONSUME(Assign);
      this.SUBRULE(this.assignment);
    });
  });

  binding = this.RULE('binding', () => {
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.SUBRULE(this.arrayPattern) },
      { ALT: () => this.SUBRULE(this.objectPattern) },
    ]);
  });

  arrayPattern = this.RULE('arrayPattern', () => {
    this.CONSUME(LBracket);
    this.commaList(11, (n) => this.consume(n + 10, Identifier));
    this.CONSUME(RBracket);
  });

  objectPattern = this.RULE('objectPattern', () => {
    this.CONSUME(LBrace);
    this.commaList(11, (n) => this.subrule(n, this.objectPatternProperty));
    this.CONSUME(RBrace);
  });

  objectPatternProperty = this.RULE('objectPatternProperty', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(IdentifierName);
          this.CONSUME(Colon);
          this.CONSUME(Identifier);
        },
      },
      { ALT: () => this.CONSUME2(Identifier) },
    ]);
  });

  statement = this.RULE('statement', () => {
    this.enterNesting();
    try {
      this.OR(this.cached('statement', () => ({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { ALT: () => this.SUBRULE(this.block) },
          { ALT: () => this.SUBRULE(this.enumDecl) },
          { ALT: () => this.SUBRULE(this.varStatement) },
          { ALT: () => this.SUBRULE(this.ifStmt) },
          { ALT: () => this.SUBRULE(this.forStmt) },
          { ALT: () => this.SUBRULE(this.whileStmt) },
          { ALT: () => this.SUBRULE(this.doWhileStmt) },
          { ALT: () => this.SUBRULE(this.returnStmt) },
          { ALT: () => this.SUBRULE(this.breakStmt) },
          { ALT: () => this.SUBRULE(this.continueStmt) },
          { ALT: () => this.SUBRULE(this.switchStmt) },
          { ALT: () => this.SUBRULE(this.tryStmt) },
          { ALT: () => this.SUBRULE(this.throwStmt) },
          { ALT: () => this.SUBRULE(this.withStmt) },
          { ALT: () => this.SUBRULE(this.debuggerStmt) },
          { ALT: () => this.CONSUME(Semicolon) },
          { ALT: () => this.SUBRULE(this.functionDecl) },
          { ALT: () => this.SUBRULE(this.classDecl) },
          { ALT: () => this.SUBRULE(this.interfaceDecl) },
          { GATE: () => this.laIs(2, Identifier), ALT: () => this.SUBRULE(this.typeAliasDecl) },
          { GATE: () => !this.laIs(2, LParen) && !this.laIs(2, Dot), ALT: () => this.SUBRULE(this.importDecl) },
          { ALT: () => this.SUBRULE(this.labeledStmt) },
          {
            // Expression statement, inline to keep statement nesting shallow on the stack.
            ALT: () => {
              this.SUBRULE(this.expression);
              this.SUBRULE(this.semi);
            },
          },
        ],
      })));
    } finally {
      this.leaveNesting();
    }
  });

  block = this.RULE('block', () => {
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(RBrace);
  });

  ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(If);
    this.condition();
    this.SUBRULE(this.statement);
    this.OPTION(() => {
      this.CONSUME(Else);
      this.SUBRULE2(this.statement);
    });
  });

  forStmt = this.RULE('forStmt', () => {
    this.CONSUME(For);
    this.CONSUME(LParen);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.forDeclHead) },
        {
          GATE: () => this.laIs(2, Of) || this.laIs(2, In),
          ALT: () => this.SUBRULE(this.forBareHead),
        },
        { ALT: () => this.SUBRULE(this.forClassicHead) },
      ],
    });
    this.CONSUME(RParen);
    this.SUBRULE(this.statement);
  });

  forDeclHead = this.RULE('forDeclHead', () => {
    this.declKeyword();
    this.SUBRULE(this.binding);
    this.OR2([...this.forIterationAlts(), { ALT: () => this.SUBRULE(this.forDeclRest) }]);
  });

  /** After `for (let i`: `: T = 0, j = 1; test; update`. */
  forDeclRest = this.RULE('forDeclRest', () => {
    this.OPTION(() => this.SUBRULE(this.typeAnnotation));
    this.OPTION2(() => {
      this.CONSUME(Assign);
      this.SUBRULE(this.assignment);
    });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE(this.varDeclarator);
    });
    this.CONSUME(Semicolon);
    this.SUBRULE(this.forTail);
  });

  forBareHead = this.RULE('forBareHead', () => {
    this.CONSUME(Identifier);
    this.OR(this.forIterationAlts());
  });

  forClassicHead = this.RULE('forClassicHead', () => {
    this.OPTION(() => this.SUBRULE(this.expression));
    this.CONSUME(Semicolon);
    this.SUBRULE(this.forTail);
  });

  /** `test? ; update?` */
  forTail = this.RULE('forTail', () => {
    this.OPTION(() => this.SUBRULE(this.forTest));
    this.CONSUME(Semicolon);
    this.OPTION2(() => this.SUBRULE(this.forUpdate));
  });

  forTest = this.RULE('forTest', () => {
    this.SUBRULE(this.expression);
  });

  forUpdate = this.RULE('forUpdate', () => {
    this.SUBRULE(this.expression);
  });

  whileStmt = this.RULE('whileStmt', () => {
    this.CONSUME(While);
    this.condition();
    this.SUBRULE(this.statement);
  });

  doWhileStmt = this.RULE('doWhileStmt', () => {
    this.CONSUME(Do);
    this.SUBRULE(this.statement);
    this.CONSUME(While);
    this.condition();
    this.OPTION(() => this.CONSUME(Semicolon));
  });

  returnStmt = this.RULE('returnStmt', () => {
    this.CONSUME(Return);
    this.OPTION({ GATE: () => !this.asiAllowed(), DEF: () => this.SUBRULE(this.expression) });
    this.SUBRULE(this.semi);
  });

  breakStmt = this.RULE('breakStmt', () => {
    this.CONSUME(Break);
    this.OPTION({ GATE: () => this.sameLine(1), DEF: () => this.CONSUME(Identifier) });
    this.SUBRULE(this.semi);
  });

  continueStmt = this.RULE('continueStmt', () => {
    this.CONSUME(Continue);
    this.OPTION({ GATE: () => this.sameLine(1), DEF: () => this.CONSUME(Identifier) });
    this.SUBRULE(this.semi);
  });

  switchStmt = this.RULE('switchStmt', () => {
    this.CONSUME(Switch);
    this.condition();
    this.CONSUME(LBrace);
    this.MANY(() => this.SUBRULE(this.switchCase));
    this.CONSUME(RBrace);
  });

  switchCase = this.RULE('switchCase', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Case);
          this.SUBRULE(this.expression);
        },
      },
      { ALT: () => this.CONSUME(Default) },
    ]);
    this.CONSUME(Colon);
    this.MANY(() => this.SUBRULE(this.statement));
  });

  tryStmt = this.RULE('tryStmt', () => {
    this.CONSUME(Try);
    this.SUBRULE(this.block);
    this.OPTION(() => this.SUBRULE(this.catchClause));
    this.OPTION2(() => this.SUBRULE(this.finallyClause));
  });

  catchClause = this.RULE('catchClause', () => {
    this.CONSUME(Catch);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.CONSUME(Identifier);
      this.OPTION2(() => this.SUBRULE(this.typeAnnotation));
      this.CONSUME(RParen);
    });
    this.SUBRULE(this.block);
  });

  finallyClause = this.RULE('finallyClause', () => {
    this.CONSUME(Finally);
    this.SUBRULE(this.block);
  });

  throwStmt = this.RULE('throwStmt', () => {
    this.CONSUME(Throw);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.semi);
  });

  withStmt = this.RULE('withStmt', () => {
    this.CONSUME(With);
    this.condition();
    this.SUBRULE(this.statement);
  });

  debuggerStmt = this.RULE('debuggerStmt', () => {
    this.CONSUME(Debugger);
    this.SUBRULE(this.semi);
  });

  labeledStmt = this.RULE('labeledStmt', () => {
    this.CONSUME(Identifier);
    this.CONSUME(Colon);
    this.SUBRULE(this.statement);
  });

  /**
   * `;`, or nothing where automatic semicolon insertion applies. A missing `;` is reported here
   * rather than raised as a recognition error, so parsing simply continues (as TypeScript does).
   */
  semi = this.RULE('semi', () => {
    const tok = this.OPTION(() => this.CONSUME(Semicolon));
    if (tok === undefined) this.ACTION(() => this.requireAsi('";"'));
  });

  // -------------------------------------------------------------------------------------------
  // Expressions
  //
  // Recursion per nesting level is kept to two or three rules (assignment → unary → assignment
  // for parentheses, calls, indexing and arrays) because every Chevrotain rule costs several
  // JavaScript stack frames and 200 levels must parse without exhausting the stack.

  expression = this.RULE('expression', () => {
    this.assignmentList();
  });

  /**
   * Arrow function, `yield`, or a flat binary chain `operand (op operand | as T)*` followed by an
   * optional `? a : b` or assignment tail. Precedence is applied by the AST builder.
   */
  assignment = this.RULE('assignment', () => {
    this.enterNesting();
    try {
      this.OR(this.cached('assignment', () => ({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.arrowAhead(), ALT: () => this.SUBRULE(this.arrowFunction) },
          { ALT: () => this.SUBRULE(this.yieldExpression) },
          {
            ALT: () => {
              this.SUBRULE(this.unary);
              // One token decides (the gate settles `>`): with longer look-ahead `a + ;` would end
              // the chain before `+` and the error would surface as a missing `;`.
              this.MANY({
                GATE: () => !this.shiftAssignAhead(2) && !this.shiftAssignAhead(3) && !(this.laIs(1, As) && !this.sameLine(1)),
                DEF: () => this.SUBRULE(this.binaryTail),
                MAX_LOOKAHEAD: 1,
              });
              this.OPTION(() => {
                this.OR2(this.cached('assignmentTail', () => [
                  {
                    ALT: () => {
                      this.CONSUME(Question);
                      this.SUBRULE(this.assignment);
                      this.CONSUME(Colon);
                      this.SUBRULE2(this.assignment);
                    },
                  },
                  {
                    ALT: () => {
                      this.SUBRULE(this.assignmentOperator);
                      this.SUBRULE3(this.assignment);
                    },
                  },
                ]));
              });
            },
          },
        ],
      })));
    } finally {
      this.leaveNesting();
    }
  });

  assignmentOperator = this.RULE('assignmentOperator', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.shiftAssignAhead(3),
          ALT: () => {
            this.CONSUME(Greater);
            this.CONSUME2(Greater);
            this.CONSUME3(Greater);
            this.CONSUME(Assign);
          },
        },
        {
          GATE: () => this.shiftAssignAhead(2),
          ALT: () => {
            this.CONSUME4(Greater);
            this.CONSUME5(Greater);
            this.CONSUME2(Assign);
          },
        },
        { ALT: () => this.CONSUME(AssignmentOperator) },
      ],
    });
  });

  /** One `op operand` or `as T` step of a binary chain. */
  binaryTail = this.RULE('binaryTail', () => {
    this.OR(this.cached('binaryTail', () => [
      {
        ALT: () => {
          this.CONSUME(As);
          this.OR2([{ ALT: () => this.CONSUME(Const) }, { ALT: () => this.SUBRULE(this.type) }]);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.binaryOperator);
          this.SUBRULE(this.unary);
        },
      },
    ]));
  });

  binaryOperator = this.RULE('binaryOperator', () => {
    this.OR(this.cached('binaryOperator', () => ({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.greatersAhead(3),
          ALT: () => {
            this.CONSUME(Greater);
            this.CONSUME2(Greater);
            this.CONSUME3(Greater);
          },
        },
        {
          GATE: () => this.greatersAhead(2),
          ALT: () => {
            this.CONSUME4(Greater);
            this.CONSUME5(Greater);
          },
        },
        {
          GATE: () => this.laIs(1, Greater) && this.laIs(2, Assign) && this.adjacent(1),
          ALT: () => {
            this.CONSUME6(Greater);
            this.CONSUME(Assign);
          },
        },
        { ALT: () => this.CONSUME(BinaryOperator) },
      ],
    })));
  });

  yieldExpression = this.RULE('yieldExpression', () => {
    this.CONSUME(Yield);
    this.OPTION(() => this.CONSUME(Star));
    this.OPTION2({
      GATE: () => !this.asiAllowed() && !this.laIs(1, RParen) && !this.laIs(1, RBracket) && !this.laIs(1, Colon) && !this.laIs(1, Comma),
      DEF: () => this.SUBRULE(this.assignment),
    });
  });

  arrowFunction = this.RULE('arrowFunction', () => {
    this.OPTION({ GATE: () => !this.laIs(2, Arrow), DEF: () => this.CONSUME(Async) });
    this.OR([
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.SUBRULE(this.params) },
    ]);
    this.OPTION2(() => this.SUBRULE(this.typeAnnotation));
    this.CONSUME(Arrow);
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.block) },
        { ALT: () => this.SUBRULE(this.assignment) },
      ],
    });
  });

  /**
   * A prefix-operator expression, or an operand with its postfix chain (`.x`, `[i]`, `(args)`,
   * `!`, tagged template) and optional postfix `++`/`--`. Parenthesised expressions are inline.
   */
  unary = this.RULE('unary', () => {
    this.OR(this.cached('unary', () => [
      {
        ALT: () => {
          this.CONSUME(UnaryOperator);
          this.nestedSubrule(0, this.unary);
        },
      },
      {
        ALT: () => {
          this.OR2(this.cached('unaryKeyword', () => [
            { ALT: () => this.CONSUME(PlusPlus) },
            { ALT: () => this.CONSUME(MinusMinus) },
            { ALT: () => this.CONSUME(Typeof) },
            { ALT: () => this.CONSUME(Delete) },
            { ALT: () => this.CONSUME(Void) },
            { ALT: () => this.CONSUME(Await) },
          ]));
          this.nestedSubrule(2, this.unary);
        },
      },
      {
        ALT: () => {
          this.OR3(this.cached('operand', () => [
            { ALT: () => this.CONSUME(This) },
            { ALT: () => this.CONSUME(Super) },
            { ALT: () => this.CONSUME(Null) },
            { ALT: () => this.CONSUME(True) },
            { ALT: () => this.CONSUME(False) },
            { ALT: () => this.CONSUME(NumberLiteral) },
            { ALT: () => this.CONSUME(StringLiteral) },
            { ALT: () => this.CONSUME(RegexLiteral) },
            { ALT: () => this.SUBRULE(this.template) },
            { ALT: () => this.SUBRULE(this.functionExpression) },
            { ALT: () => this.CONSUME(Identifier) },
            {
              ALT: () => {
                this.CONSUME(LParen);
                this.assignmentList();
                this.CONSUME(RParen);
              },
            },
            { ALT: () => this.SUBRULE(this.arrayLiteral) },
            { ALT: () => this.SUBRULE(this.objectLiteral) },
            { ALT: () => this.SUBRULE(this.classExpression) },
            { ALT: () => this.SUBRULE(this.importExpression) },
            { ALT: () => this.SUBRULE(this.newExpression) },
          ]));
          this.MANY2({ GATE: () => this.postfixContinues(), DEF: () => this.SUBRULE(this.postfixOp), MAX_LOOKAHEAD: 1 });
          this.OPTION({
            GATE: () => this.sameLine(1),
            DEF: () => {
              this.OR4([{ ALT: () => this.CONSUME2(PlusPlus) }, { ALT: () => this.CONSUME2(MinusMinus) }]);
            },
          });
        },
      },
    ]));
  });

  private postfixContinues(): boolean {
    const t = this.la(1);
    if (t === undefined) return false;
    const type = t.tokenType;
    if (type === Bang) return !t.newlineBefore;
    if (type === Less) return this.typeArgsAhead();
    return true;
  }

  /** `item` of an argument list or array literal: `...x` or `x` (spreads are paired by offset). */
  private spreadable(n: number): void {
    this.option(n + 20, () => this.consume(n + 20, DotDotDot));
    this.subrule(n + 20, this.assignment);
  }

  postfixOp = this.RULE('postfixOp', () => {
    this.OR(this.cached('postfixOp', () => [
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.CONSUME(IdentifierName);
        },
      },
      {
        ALT: () => {
          this.CONSUME(QuestionDot);
          this.OR2([
            { ALT: () => this.CONSUME2(IdentifierName) },
            {
              ALT: () => {
                this.CONSUME(LBracket);
                this.SUBRULE(this.expression);
                this.CONSUME(RBracket);
              },
            },
            {
              ALT: () => {
                this.OPTION(() => this.SUBRULE(this.typeArgs));
                this.CONSUME(LParen);
                this.commaList(11, (n) => this.spreadable(n));
                this.CONSUME(RParen);
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(LBracket);
          this.assignmentList();
          this.CONSUME2(RBracket);
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => this.SUBRULE2(this.typeArgs));
          this.CONSUME2(LParen);
          this.commaList(13, (n) => this.spreadable(n));
          this.CONSUME2(RParen);
        },
      },
      { ALT: () => this.CONSUME(Bang) },
      { ALT: () => this.SUBRULE(this.template) },
    ]));
  });

  typeArgs = this.RULE('typeArgs', () => {
    this.CONSUME(Less);
    this.commaList(11, (n) => this.subrule(n, this.type));
    this.CONSUME(Greater);
  });

  arguments = this.RULE('arguments', () => {
    this.CONSUME(LParen);
    this.commaList(11, (n) => this.spreadable(n));
    this.CONSUME(RParen);
  });

  newExpression = this.RULE('newExpression', () => {
    this.CONSUME(New);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.CONSUME(Identifier);
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.nestedSubrule(0, this.newExpression) },
            { ALT: () => this.CONSUME2(Identifier) },
            { ALT: () => this.CONSUME(This) },
            {
              ALT: () => {
                this.CONSUME(LParen);
                this.SUBRULE(this.expression);
                this.CONSUME(RParen);
              },
            },
          ]);
          this.MANY(() => this.SUBRULE(this.newMemberSuffix));
          this.OPTION({ GATE: () => this.typeArgsAhead(), DEF: () => this.SUBRULE(this.typeArgs) });
          this.OPTION2(() => this.SUBRULE(this.arguments));
        },
      },
    ]);
  });

  newMemberSuffix = this.RULE('newMemberSuffix', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.CONSUME(IdentifierName);
        },
      },
      {
        ALT: () => {
          this.CONSUME(LBracket);
          this.SUBRULE(this.expression);
          this.CONSUME(RBracket);
        },
      },
    ]);
  });

  template = this.RULE('template', () => {
    this.OR([
      { ALT: () => this.CONSUME(TemplateNoSub) },
      {
        ALT: () => {
          this.CONSUME(TemplateHead);
          this.SUBRULE(this.expression);
          this.MANY(() => {
            this.CONSUME(TemplateMiddle);
            this.SUBRULE2(this.expression);
          });
          this.CONSUME(TemplateTail);
        },
      },
    ]);
  });

  arrayLiteral = this.RULE('arrayLiteral', () => {
    this.CONSUME(LBracket);
    this.commaList(11, (n) => this.spreadable(n));
    this.CONSUME(RBracket);
  });

  objectLiteral = this.RULE('objectLiteral', () => {
    this.CONSUME(LBrace);
    this.commaList(11, (n) => this.subrule(n, this.objectProperty));
    this.CONSUME(RBrace);
  });

  objectProperty = this.RULE('objectProperty', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(DotDotDot);
          this.SUBRULE(this.assignment);
        },
      },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(IdentifierName) }, { ALT: () => this.CONSUME(StringLiteral) }]);
          this.CONSUME(Colon);
          this.SUBRULE2(this.assignment);
        },
      },
      { ALT: () => this.CONSUME(Identifier) },
    ]);
  });

  importExpression = this.RULE('importExpression', () => {
    this.CONSUME(Import);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.assignment);
          this.CONSUME(RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(Dot);
          this.CONSUME(Identifier);
        },
      },
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Types

  /** `A | B & C | …` as a flat list; the AST builder groups `&` (rejected) inside `|`. */
  type = this.RULE('type', () => {
    this.enterNesting();
    try {
      this.OPTION(() => {
        this.OR([{ ALT: () => this.CONSUME(Pipe) }, { ALT: () => this.CONSUME(Ampersand) }]);
      });
      this.SUBRULE(this.primaryType);
      this.MANY(() => {
        this.OR2([{ ALT: () => this.CONSUME2(Pipe) }, { ALT: () => this.CONSUME2(Ampersand) }]);
        this.SUBRULE2(this.primaryType);
      });
    } finally {
      this.leaveNesting();
    }
  });

  primaryType = this.RULE('primaryType', () => {
    this.OR(this.cached('primaryType', () => ({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.functionTypeAhead(),
          ALT: () => {
            this.SUBRULE(this.params);
            this.CONSUME(Arrow);
            this.SUBRULE(this.type);
          },
        },
        {
          ALT: () => {
            this.CONSUME(LParen);
            this.SUBRULE2(this.type);
            this.CONSUME(RParen);
          },
        },
        { ALT: () => this.namedType() },
        { ALT: () => this.CONSUME(Void) },
        { ALT: () => this.CONSUME(Null) },
        { ALT: () => this.CONSUME(This) },
        { ALT: () => this.CONSUME(StringLiteral) },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(Minus));
            this.CONSUME(NumberLiteral);
          },
        },
        { ALT: () => this.CONSUME(True) },
        { ALT: () => this.CONSUME(False) },
        {
          ALT: () => {
            this.CONSUME(LBrace);
            this.MANY2(() => this.SUBRULE(this.interfaceMember));
            this.CONSUME(RBrace);
          },
        },
        {
          ALT: () => {
            this.CONSUME(LBracket);
            this.commaList(11, (n) => this.subrule(n + 3, this.type));
            this.CONSUME(RBracket);
          },
        },
        {
          ALT: () => {
            this.CONSUME(Typeof);
            this.CONSUME2(Identifier);
            this.MANY3(() => {
              this.CONSUME2(Dot);
              this.CONSUME2(IdentifierName);
            });
          },
        },
        { ALT: () => this.SUBRULE(this.template) },
      ],
    })));
    this.MANY4({ GATE: () => this.sameLine(1), DEF: () => this.SUBRULE(this.arraySuffix) });
  });

  /** A named type in `extends`/`implements` clauses: `Name`, `a.B`, `Name<Args>`. */
  typeReference = this.RULE('typeReference', () => {
    this.namedType();
  });

  /** `[]` (array type) or `[K]` (indexed access, rejected). */
  arraySuffix = this.RULE('arraySuffix', () => {
    this.CONSUME(LBracket);
    this.OPTION(() => this.SUBRULE(this.type));
    this.CONSUME(RBracket);
  });
}

let parserInstance: CovenantParser | undefined;

/** The process-wide parser (grammar analysis runs once, on first use). */
export function getParser(): CovenantParser {
  parserInstance ??= new CovenantParser();
  return parserInstance;
}

/** The CST of one file and its syntax errors. */
export interface ParseResult {
  /** The CST of the file; `undefined` when the parse was aborted (nesting limit). */
  readonly cst: CstNode | undefined;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses `tokens` (from `tokenize(file)`) into a CST, with recovery. Every recognition error
 * becomes an E1012/E1013 diagnostic at its token; nesting deeper than {@link MAX_NESTING} aborts
 * with one E1008. Never throws for any token sequence.
 * @example parse(file, tokenize(file).tokens).cst
 */
export function parse(file: SourceFile, tokens: LexedToken[]): ParseResult {
  const parser = getParser();
  parser.setTokens(tokens);
  const diagnostics: Diagnostic[] = [];
  let cst: CstNode | undefined;
  // Recognition errors are exceptions; their stack traces are never read and cost more than the
  // parse itself on token soup (measured), so none are captured while parsing.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    cst = parser.sourceFile();
  } catch (e) {
    if (e instanceof NestingLimitReached) {
      diagnostics.push(createDiagnostic('NestingTooDeep', tokenSpan(file, tokens, e.token), [String(MAX_NESTING)]));
    } else if (!(e instanceof TooManyErrors)) {
      throw e;
    }
    cst = undefined;
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
  if (cst !== undefined || diagnostics.length === 0) {
    for (const err of parser.errors) diagnostics.push(toDiagnostic(file, tokens, err));
    for (const m of parser.missingSeparators) diagnostics.push(createDiagnostic(m.name, tokenSpan(file, tokens, m.token), m.args));
  }
  // Release the token vector: the parser outlives the parse.
  parser.setTokens([]);
  return { cst, diagnostics };
}

function toDiagnostic(file: SourceFile, tokens: LexedToken[], err: IRecognitionException): Diagnostic {
  let decoded: EncodedMessage;
  try {
    decoded = JSON.parse(err.message) as EncodedMessage;
  } catch {
    decoded = { name: 'UnexpectedToken', args: [describeFound(err.token), 'something else'] };
  }
  return createDiagnostic(decoded.name, tokenSpan(file, tokens, err.token), decoded.args);
}

/** Span of a token; EOF and tokens inserted by recovery point just after the last real token. */
function tokenSpan(file: SourceFile, tokens: LexedToken[], token: IToken): { file: number; start: number; end: number } {
  if (token.tokenType !== EOF && Number.isFinite(token.startOffset)) {
    return { file: file.id, start: token.startOffset, end: token.startOffset + token.image.length };
  }
  const last = tokens[tokens.length - 1];
  const at = last === undefined ? file.text.length : Math.min(file.text.length, last.startOffset + last.image.length);
  return { file: file.id, start: at, end: at };
}
