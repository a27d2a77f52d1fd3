/**
 * The token table of the Covenant language (a TypeScript subset): one `createToken()` per token
 * type, in matching order, with keywords guarded by `longer_alt` (so `formal` is one identifier,
 * not `for` + `mal`) and token categories for operator classes, contextual keywords and property
 * names. Also the few context-sensitive matchers (regex vs division, template continuation after
 * `}`), which look only at the tokens already matched.
 *
 * Does NOT report errors, unescape strings or validate numbers: error-shaped tokens
 * (`UnterminatedString`, malformed numbers, `BadIdentifier`, ...) are matched here so that the
 * lexer never stalls, and `lexer.ts` turns them into diagnostics.
 * @module
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type IToken, type TokenType } from 'chevrotain';

// ---------------------------------------------------------------------------------------------
// Categories (pattern Lexer.NA: never matched themselves)

/** Any name usable after `.` or as a property/member name: identifiers and all keywords. */
export const IdentifierName = createToken({ name: 'IdentifierName', pattern: Lexer.NA });
/** Reserved words (never a variable name). */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA, categories: [IdentifierName] });
/** Binary operators whose precedence the AST builder resolves (`>>`, `>>>`, `>=` are built from `>`). */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
/** `=`, `+=`, ... (compound bitwise ones are parsed to be reported). */
export const AssignmentOperator = createToken({ name: 'AssignmentOperator', pattern: Lexer.NA });
/** Prefix `!`, `~`, `+`, `-`. */
export const UnaryOperator = createToken({ name: 'UnaryOperator', pattern: Lexer.NA });
/** Words that may be member or parameter modifiers (`static`, `get`, `readonly`, ...). */
export const ModifierWord = createToken({ name: 'ModifierWord', pattern: Lexer.NA });

// ---------------------------------------------------------------------------------------------
// Trivia

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\r\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/,
  group: Lexer.SKIPPED,
});
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//, group: Lexer.SKIPPED });
/** A `/*` without `*\/`: runs to the end of the file. */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'errors' });

// ---------------------------------------------------------------------------------------------
// Identifiers and keywords

const BAD_IDENTIFIER_RE = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
const ASCII_WORD_RE = /[A-Za-z0-9_]/;

/**
 * An identifier-like word with `$` or non-ASCII letters (`café`, `$x`). Matched only when that
 * is what makes it differ from an ASCII identifier, so plain words stay `Identifier`.
 */
function matchBadIdentifier(text: string, offset: number): CustomPatternMatcherReturn | null {
  const first = text.charCodeAt(offset);
  // Fast path: an ASCII word followed by a plain delimiter is an ordinary identifier.
  let i = offset;
  while (i < text.length && ASCII_WORD_RE.test(text[i] as string)) i++;
  const next = text.charCodeAt(i);
  if (i > offset && first < 0x80 && next !== 0x24 && !(next >= 0x80)) return null;
  BAD_IDENTIFIER_RE.lastIndex = offset;
  const m = BAD_IDENTIFIER_RE.exec(text);
  if (m === null) return null;
  const image = m[0];
  for (let k = 0; k < image.length; k++) {
    const c = image.charCodeAt(k);
    if (c === 0x24 || c >= 0x80) return [image];
  }
  return null;
}

function nonAsciiStartHints(): number[] {
  // Chevrotain buckets code points above 255, so listing each one is cheap at start-up and keeps
  // the lexer's first-character optimisation on.
  const hints: number[] = [0x24];
  for (let c = 0x80; c <= 0xffff; c++) hints.push(c);
  return hints;
}

export const BadIdentifier = createToken({
  name: 'BadIdentifier',
  pattern: { exec: matchBadIdentifier },
  start_chars_hint: nonAsciiStartHints(),
  line_breaks: false,
});

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [IdentifierName],
  longer_alt: BadIdentifier,
});

function keyword(word: string, extraCategories: TokenType[] = []): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: word,
    categories: [Keyword, ...extraCategories],
    longer_alt: [BadIdentifier, Identifier],
  });
}

/** A word that is an identifier everywhere except where the grammar asks for it by type. */
function contextual(word: string, extraCategories: TokenType[] = []): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: word,
    categories: [Identifier, ...extraCategories],
    longer_alt: [BadIdentifier, Identifier],
  });
}

export const Break = keyword('break');
export const Case = keyword('case');
export const Catch = keyword('catch');
export const Class = keyword('class');
export const Const = keyword('const');
export const Continue = keyword('continue');
export const Debugger = keyword('debugger');
export const Default = keyword('default');
export const Delete = keyword('delete');
export const Do = keyword('do');
export const Else = keyword('else');
export const Enum = keyword('enum');
export const Export = keyword('export');
export const Extends = keyword('extends');
export const False = keyword('false');
export const Finally = keyword('finally');
export const For = keyword('for');
export const FunctionKw = keyword('function');
export const If = keyword('if');
export const Import = keyword('import');
export const In = keyword('in', [BinaryOperator]);
export const Instanceof = keyword('instanceof', [BinaryOperator]);
export const New = keyword('new');
export const Null = keyword('null');
export const Return = keyword('return');
export const Super = keyword('super');
export const Switch = keyword('switch');
export const This = keyword('this');
export const Throw = keyword('throw');
export const True = keyword('true');
export const Try = keyword('try');
export const Typeof = keyword('typeof');
export const Var = keyword('var');
export const Void = keyword('void');
export const While = keyword('while');
export const With = keyword('with');
// Reserved in strict-mode modules, which every contract file is.
export const Let = keyword('let');
export const Yield = keyword('yield');
export const Await = keyword('await');
export const Interface = keyword('interface');
export const Implements = keyword('implements');

export const Of = contextual('of');
export const From = contextual('from');
export const As = contextual('as');
export const Type = contextual('type');
export const Async = contextual('async', [ModifierWord]);
export const Get = contextual('get', [ModifierWord]);
export const SetKw = contextual('set', [ModifierWord]);
export const Static = contextual('static', [ModifierWord]);
export const Public = contextual('public', [ModifierWord]);
export const Private = contextual('private', [ModifierWord]);
export const Protected = contextual('protected', [ModifierWord]);
export const Readonly = contextual('readonly', [ModifierWord]);
export const Abstract = contextual('abstract', [ModifierWord]);
export const Override = contextual('override', [ModifierWord]);
export const Declare = contextual('declare', [ModifierWord]);

const KEYWORDS = [
  Break, Case, Catch, Class, Const, Continue, Debugger, Default, Delete, Do, Else, Enum, Export,
  Extends, False, Finally, For, FunctionKw, If, Import, Instanceof, In, New, Null, Return, Super,
  Switch, This, Throw, True, Try, Typeof, Var, Void, While, With, Let, Yield, Await, Interface,
  Implements,
];
const CONTEXTUAL = [
  Of, From, As, Type, Async, Get, SetKw, Static, Public, Private, Protected, Readonly, Abstract,
  Override, Declare,
];

// ---------------------------------------------------------------------------------------------
// Literals

/**
 * A maximal number-like run (`12`, `1_000.50`, `7n`, and the malformed `1e3`, `0x1F`, `.5`,
 * `10.`, `010`), validated later so that one bad literal gives one precise diagnostic.
 */
function matchNumber(text: string, offset: number): CustomPatternMatcherReturn | null {
  let i = offset;
  const first = text.charCodeAt(i);
  if (first === 0x2e) {
    // `.5`: only a number when a digit follows the dot (otherwise `.` or `...`).
    const d = text.charCodeAt(i + 1);
    if (!(d >= 0x30 && d <= 0x39)) return null;
  } else if (!(first >= 0x30 && first <= 0x39)) {
    return null;
  }
  let sawDot = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const isWord = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
    if (isWord) {
      // An exponent sign belongs to the literal: `1e-3` is one (rejected) token.
      if ((c === 0x65 || c === 0x45) && !isHexPrefixed(text, offset)) {
        const s = text.charCodeAt(i + 1);
        const d = text.charCodeAt(i + 2);
        if ((s === 0x2b || s === 0x2d) && d >= 0x30 && d <= 0x39) {
          i += 2;
          continue;
        }
      }
      i++;
    } else if (c === 0x2e && !sawDot) {
      // `1..toString()` and `a[0].b` are not numbers with a fraction: a dot that starts `..` or
      // follows `]` never reaches here; `1.x` stays one (bad) token like TypeScript reports it.
      if (text.charCodeAt(i + 1) === 0x2e) break;
      sawDot = true;
      i++;
    } else {
      break;
    }
  }
  return [text.slice(offset, i)];
}

function isHexPrefixed(text: string, offset: number): boolean {
  return text.charCodeAt(offset) === 0x30 && (text.charCodeAt(offset + 1) | 0x20) === 0x78;
}

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: { exec: matchNumber },
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.'],
  line_breaks: false,
});

// Unrolled loops (`[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*`) keep long strings linear in V8.
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"/,
  line_breaks: true,
});
/** A string cut by a line break or the end of the file. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*/,
  line_breaks: true,
});

/** Payload of template and regex tokens. */
export interface UnterminatedPayload {
  readonly unterminated: true;
}

type TemplateEnd = 'tail' | 'head' | 'unterminated';

/** Scans template characters from `start` (just after `` ` `` or `}`) to the closing `` ` `` or `${`. */
function scanTemplate(text: string, start: number): { end: number; kind: TemplateEnd } {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x60) return { end: i + 1, kind: 'tail' };
    if (c === 0x5c) {
      i += 2;
      continue;
    }
    if (c === 0x24 && text.charCodeAt(i + 1) === 0x7b) return { end: i + 2, kind: 'head' };
    i++;
  }
  return { end: text.length, kind: 'unterminated' };
}

function templateMatch(text: string, offset: number, end: { end: number; kind: TemplateEnd }): CustomPatternMatcherReturn {
  const m: CustomPatternMatcherReturn = [text.slice(offset, end.end)];
  if (end.kind === 'unterminated') m.payload = { unterminated: true } satisfies UnterminatedPayload;
  return m;
}

/** `` `…` `` (or an unterminated `` `… ``, flagged in the payload). */
export const TemplateNoSub = createToken({
  name: 'TemplateNoSub',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 0x60) return null;
      const end = scanTemplate(text, offset + 1);
      return end.kind === 'head' ? null : templateMatch(text, offset, end);
    },
  },
  start_chars_hint: ['`'],
  line_breaks: true,
});

/** `` `…${ `` */
export const TemplateHead = createToken({
  name: 'TemplateHead',
  pattern: {
    exec: (text: string, offset: number) => {
      if (text.charCodeAt(offset) !== 0x60) return null;
      const end = scanTemplate(text, offset + 1);
      return end.kind === 'head' ? templateMatch(text, offset, end) : null;
    },
  },
  start_chars_hint: ['`'],
  line_breaks: true,
});

/** Brace nesting seen so far in one tokenisation, to tell a template's `}` from a block's. */
interface BraceState {
  processed: number;
  /** `true` for a `${` substitution, `false` for a plain `{`. */
  readonly stack: boolean[];
}

const braceStates = new WeakMap<IToken[], BraceState>();

/** Whether the innermost open brace among `tokens` is a template substitution `${`. */
function inTemplateSubstitution(tokens: IToken[]): boolean {
  let state = braceStates.get(tokens);
  if (state === undefined) {
    state = { processed: 0, stack: [] };
    braceStates.set(tokens, state);
  }
  // Incremental: each token is looked at once per tokenisation, so this stays linear.
  for (; state.processed < tokens.length; state.processed++) {
    const t = (tokens[state.processed] as IToken).tokenType;
    if (t === LBrace) state.stack.push(false);
    else if (t === TemplateHead) state.stack.push(true);
    else if (t === RBrace || t === TemplateTail) state.stack.pop();
    // TemplateMiddle closes one substitution and opens the next: the stack is unchanged.
  }
  return state.stack.length > 0 && state.stack[state.stack.length - 1] === true;
}

function matchTemplateContinuation(want: TemplateEnd) {
  return (text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null => {
    if (text.charCodeAt(offset) !== 0x7d || !inTemplateSubstitution(tokens)) return null;
    const end = scanTemplate(text, offset + 1);
    if (want === 'head') return end.kind === 'head' ? templateMatch(text, offset, end) : null;
    return end.kind === 'head' ? null : templateMatch(text, offset, end);
  };
}

/** `}…${` inside a template. */
export const TemplateMiddle = createToken({
  name: 'TemplateMiddle',
  pattern: { exec: matchTemplateContinuation('head') },
  start_chars_hint: ['}'],
  line_breaks: true,
});

/** `` }…` `` closing a template (or unterminated, flagged in the payload). */
export const TemplateTail = createToken({
  name: 'TemplateTail',
  pattern: { exec: matchTemplateContinuation('tail') },
  start_chars_hint: ['}'],
  line_breaks: true,
});

/**
 * Tokens after which `/` divides (an operand just ended); after anything else it starts a regex.
 * Decided from the previous token, as in most JavaScript tokenisers.
 */
function slashIsDivision(tokens: IToken[]): boolean {
  const prev = tokens[tokens.length - 1];
  if (prev === undefined) return false;
  divisionPredecessors ??= new Set<TokenType>([
    Identifier, ...CONTEXTUAL, BadIdentifier, NumberLiteral, StringLiteral, UnterminatedString, TemplateNoSub,
    TemplateTail, RegexLiteral, RParen, RBracket, RBrace, This, Super, True, False, Null, PlusPlus, MinusMinus,
  ]);
  if (divisionPredecessors.has(prev.tokenType)) return true;
  // A keyword used as a property name (`a.new / 2`) ends an operand too.
  const before = tokens[tokens.length - 2]?.tokenType;
  return (before === Dot || before === QuestionDot) && prev.tokenType.CATEGORIES?.includes(Keyword) === true;
}

let divisionPredecessors: Set<TokenType> | undefined;

/** `/body/flags`; an unterminated one runs to the end of the line (flagged in the payload). */
function matchRegex(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 0x2f) return null;
  const second = text.charCodeAt(offset + 1);
  if (second === 0x2f || second === 0x2a || slashIsDivision(tokens)) return null;
  let i = offset + 1;
  let inClass = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) break;
    if (c === 0x5c) {
      i += text.charCodeAt(i + 1) === 0x0a ? 1 : 2;
      continue;
    }
    if (c === 0x5b) inClass = true;
    else if (c === 0x5d) inClass = false;
    else if (c === 0x2f && !inClass) {
      i++;
      while (i < text.length && /[A-Za-z0-9_$]/.test(text[i] as string)) i++;
      return [text.slice(offset, i)];
    }
    i++;
  }
  // Consuming the rest of the line keeps lexing linear: `=/[` repeated must not rescan the line.
  const m: CustomPatternMatcherReturn = [text.slice(offset, Math.min(i, text.length))];
  m.payload = { unterminated: true } satisfies UnterminatedPayload;
  return m;
}

export const RegexLiteral = createToken({
  name: 'RegexLiteral',
  pattern: { exec: matchRegex },
  start_chars_hint: ['/'],
  line_breaks: false,
});

// ---------------------------------------------------------------------------------------------
// Punctuation and operators (longest first where prefixes overlap)

function punct(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, categories });
}

export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const DotDotDot = punct('DotDotDot', '...');
export const QuestionDot = punct('QuestionDot', '?.');
export const Dot = punct('Dot', '.');
export const Semicolon = punct('Semicolon', ';');
export const Comma = punct('Comma', ',');
export const At = punct('At', '@');
export const Arrow = punct('Arrow', '=>');

export const StrictEquals = punct('StrictEquals', '===', [BinaryOperator]);
export const StrictNotEquals = punct('StrictNotEquals', '!==', [BinaryOperator]);
export const Equals = punct('Equals', '==', [BinaryOperator]);
export const NotEquals = punct('NotEquals', '!=', [BinaryOperator]);
export const StarStarAssign = punct('StarStarAssign', '**=', [AssignmentOperator]);
export const AndAndAssign = punct('AndAndAssign', '&&=', [AssignmentOperator]);
export const OrOrAssign = punct('OrOrAssign', '||=', [AssignmentOperator]);
export const QuestionQuestionAssign = punct('QuestionQuestionAssign', '??=', [AssignmentOperator]);
export const ShiftLeftAssign = punct('ShiftLeftAssign', '<<=', [AssignmentOperator]);
export const PlusAssign = punct('PlusAssign', '+=', [AssignmentOperator]);
export const MinusAssign = punct('MinusAssign', '-=', [AssignmentOperator]);
export const StarAssign = punct('StarAssign', '*=', [AssignmentOperator]);
// `/` and `/=` use matcher functions only because Chevrotain's definition check would otherwise
// call the (context-dependent) regex matcher without context and declare them unreachable.
export const SlashAssign = createToken({
  name: 'SlashAssign',
  pattern: { exec: (text: string, offset: number) => (text.startsWith('/=', offset) ? ['/='] : null) },
  start_chars_hint: ['/'],
  line_breaks: false,
  categories: [AssignmentOperator],
});
export const PercentAssign = punct('PercentAssign', '%=', [AssignmentOperator]);
export const AmpersandAssign = punct('AmpersandAssign', '&=', [AssignmentOperator]);
export const PipeAssign = punct('PipeAssign', '|=', [AssignmentOperator]);
export const CaretAssign = punct('CaretAssign', '^=', [AssignmentOperator]);
export const AndAnd = punct('AndAnd', '&&', [BinaryOperator]);
export const OrOr = punct('OrOr', '||', [BinaryOperator]);
export const QuestionQuestion = punct('QuestionQuestion', '??', [BinaryOperator]);
export const PlusPlus = punct('PlusPlus', '++');
export const MinusMinus = punct('MinusMinus', '--');
export const StarStar = punct('StarStar', '**', [BinaryOperator]);
export const ShiftLeft = punct('ShiftLeft', '<<', [BinaryOperator]);
export const LessEquals = punct('LessEquals', '<=', [BinaryOperator]);
export const Less = punct('Less', '<', [BinaryOperator]);
// `>` is always a single token: `>>`, `>>>` and `>=` are recognised by the parser from adjacent
// `>` tokens, so that `Map<K, Map<K, V>>` closes two type-argument lists (TypeScript rescans alike).
export const Greater = punct('Greater', '>', [BinaryOperator]);
export const Assign = punct('Assign', '=', [AssignmentOperator]);
export const Plus = punct('Plus', '+', [BinaryOperator, UnaryOperator]);
export const Minus = punct('Minus', '-', [BinaryOperator, UnaryOperator]);
export const Star = punct('Star', '*', [BinaryOperator]);
export const Slash = createToken({
  name: 'Slash',
  pattern: { exec: (text: string, offset: number) => (text.charCodeAt(offset) === 0x2f ? ['/'] : null) },
  start_chars_hint: ['/'],
  line_breaks: false,
  categories: [BinaryOperator],
});
export const Percent = punct('Percent', '%', [BinaryOperator]);
export const Ampersand = punct('Ampersand', '&', [BinaryOperator]);
export const Pipe = punct('Pipe', '|', [BinaryOperator]);
export const Caret = punct('Caret', '^', [BinaryOperator]);
export const Bang = punct('Bang', '!', [UnaryOperator]);
export const Tilde = punct('Tilde', '~', [UnaryOperator]);
export const Question = punct('Question', '?');
export const Colon = punct('Colon', ':');

/** Every token type in matching order (categories last; they never match text). */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, BlockComment, UnterminatedComment,
  RegexLiteral,
  TemplateNoSub, TemplateHead, TemplateMiddle, TemplateTail,
  StringLiteral, UnterminatedString,
  NumberLiteral,
  // Longest words first: a pattern that is a prefix of another (`as`/`async`, `in`/`interface`)
  // would otherwise win and hand the rest to `longer_alt: Identifier`.
  ...[...KEYWORDS, ...CONTEXTUAL].sort((a, b) => (b.PATTERN as string).length - (a.PATTERN as string).length),
  Identifier, BadIdentifier,
  LBrace, RBrace, LParen, RParen, LBracket, RBracket, DotDotDot, QuestionDot, Dot, Semicolon, Comma, At,
  Arrow, StrictEquals, StrictNotEquals, Equals, NotEquals, StarStarAssign, AndAndAssign, OrOrAssign,
  QuestionQuestionAssign, ShiftLeftAssign, PlusAssign, MinusAssign, StarAssign, SlashAssign, PercentAssign,
  AmpersandAssign, PipeAssign, CaretAssign, AndAnd, OrOr, QuestionQuestion, PlusPlus, MinusMinus,
  StarStar, ShiftLeft, LessEquals, Less, Greater, Assign, Plus, Minus, Star, Slash, Percent, Ampersand,
  Pipe, Caret, Bang, Tilde, Question, Colon,
  IdentifierName, Keyword, BinaryOperator, AssignmentOperator, UnaryOperator, ModifierWord,
];

/** Words that are reserved (they never name a variable), as written in source. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(KEYWORDS.map((t) => t.PATTERN as string));
