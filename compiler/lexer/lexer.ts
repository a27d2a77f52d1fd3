/**
 * Tokenisation: runs the Chevrotain lexer over one source file, then turns every lexical problem
 * into an E1xxx diagnostic (unexpected characters, unterminated strings/templates/regexes/comments,
 * malformed numbers, bad escapes, identifiers with `$` or non-ASCII letters, over-long
 * identifiers) and normalises the offending tokens so that parsing continues. It also annotates
 * each token with what the parser's look-ahead needs (index, preceding line break, matching
 * bracket) and enforces the size and bracket-nesting limits (threat catalogue CMP-02).
 *
 * Does NOT parse: it knows brackets only to pair them.
 * @module
 */
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import { createDiagnostic, type Diagnostic } from '../diagnostics.ts';
import type { SourceFile, Span } from '../source.ts';
import {
  ALL_TOKENS, BadIdentifier, Identifier, LBrace, LBracket, LParen, NumberLiteral, RBrace, RBracket, RegexLiteral,
  RParen, StringLiteral, TemplateHead, TemplateMiddle, TemplateNoSub, TemplateTail, UnterminatedString,
  type UnterminatedPayload,
} from './tokens.ts';

/** Largest accepted source file, in UTF-8 bytes. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** Deepest accepted nesting of brackets (and, in the parser, of nested constructs). */
export const MAX_NESTING = 200;
/** Longest accepted identifier, in characters: the artifact format's limit on names (`MAX_NAME_LENGTH`). */
export const MAX_IDENTIFIER_LENGTH = 128;

/** The parts of a decimal literal, without `_` separators. */
export interface NumberParts {
  readonly intDigits: string;
  readonly fracDigits: string | undefined;
  readonly bigint: boolean;
}

/**
 * A Chevrotain token with the annotations the parser's hand-written look-ahead uses.
 * `payload` holds the unescaped value of a string token and the {@link NumberParts} of a number.
 */
export interface LexedToken extends IToken {
  /** Position in the token vector. */
  index: number;
  /** A line break (possibly inside a comment) separates this token from the previous one. */
  newlineBefore: boolean;
  /** Index of the matching bracket token, or -1 (not a bracket, or unbalanced). */
  match: number;
}

/** The tokens of one file, its lexical diagnostics, and whether a limit stopped the front end. */
export interface TokenizeResult {
  readonly tokens: LexedToken[];
  readonly diagnostics: Diagnostic[];
  /** Brackets nest deeper than {@link MAX_NESTING}: the token stream must not be parsed. */
  readonly tooDeep: boolean;
  /** The source exceeds {@link MAX_SOURCE_BYTES}: no tokens were produced. */
  readonly tooLarge: boolean;
}

let lexerInstance: Lexer | undefined;

function getLexer(): Lexer {
  lexerInstance ??= new Lexer(ALL_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: false });
  return lexerInstance;
}

/** UTF-8 length of `text`, stopping early once it exceeds `limit`. */
function utf8LengthOver(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  if (text.length * 3 <= limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Tokenises `file`. Never throws for any input; problems become diagnostics and the returned
 * tokens are always parseable (error tokens are retyped to the nearest valid token).
 * @example tokenize(createSourceFile(0, 'a.contract.ts', 'const x = 1;')).tokens.map((t) => t.image)
 */
export function tokenize(file: SourceFile): TokenizeResult {
  const diagnostics: Diagnostic[] = [];
  const text = file.text;
  const size = utf8LengthOver(text, MAX_SOURCE_BYTES);
  if (size > MAX_SOURCE_BYTES) {
    diagnostics.push(createDiagnostic('SourceTooLarge', { file: file.id, start: 0, end: 0 }, [String(size), String(MAX_SOURCE_BYTES)]));
    return { tokens: [], diagnostics, tooDeep: false, tooLarge: true };
  }
  const result = getLexer().tokenize(text);
  const span = (start: number, end: number): Span => ({ file: file.id, start, end });

  for (const err of result.errors) {
    const cp = text.codePointAt(err.offset) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    diagnostics.push(createDiagnostic('UnexpectedCharacter', span(err.offset, err.offset + width), [displayChar(cp)]));
  }
  for (const t of result.groups['errors'] ?? []) {
    diagnostics.push(createDiagnostic('UnterminatedComment', span(t.startOffset, t.startOffset + 2)));
  }

  const tokens = result.tokens as LexedToken[];
  let nextNewline = text.indexOf('\n');
  let prevEnd = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as LexedToken;
    const start = tok.startOffset;
    const end = start + tok.image.length;
    // `nextNewline` is the first line break at or after `prevEnd`; refreshing it only when passed
    // keeps this linear even on one enormous line.
    if (nextNewline !== -1 && nextNewline < prevEnd) nextNewline = text.indexOf('\n', prevEnd);
    tok.index = i;
    // Chevrotain's CST locations read `endOffset` (inclusive), which offset-only tokens lack.
    tok.endOffset = end - 1;
    tok.newlineBefore = nextNewline !== -1 && nextNewline < start;
    tok.match = -1;
    prevEnd = end;
    const type = tok.tokenType;
    if (type === Identifier || type.CATEGORIES?.includes(Identifier) === true) {
      if (tok.image.length > MAX_IDENTIFIER_LENGTH) {
        diagnostics.push(createDiagnostic('IdentifierTooLong', span(start, end), [shorten(tok.image), String(MAX_IDENTIFIER_LENGTH)]));
      }
    } else if (type === BadIdentifier) {
      const bad = firstNonAsciiIdentifierChar(tok.image);
      diagnostics.push(createDiagnostic('NonAsciiIdentifier', span(start, end), [shorten(tok.image), bad]));
      if (tok.image.length > MAX_IDENTIFIER_LENGTH) {
        diagnostics.push(createDiagnostic('IdentifierTooLong', span(start, end), [shorten(tok.image), String(MAX_IDENTIFIER_LENGTH)]));
      }
      retype(tok, Identifier);
    } else if (type === StringLiteral || type === UnterminatedString) {
      if (type === UnterminatedString) {
        diagnostics.push(createDiagnostic('UnterminatedString', span(start, end)));
        retype(tok, StringLiteral);
      }
      tok.payload = cookString(tok.image, start, type === StringLiteral, file.id, diagnostics);
    } else if (type === NumberLiteral) {
      tok.payload = checkNumber(tok.image, span(start, end), diagnostics);
    } else if (type === TemplateNoSub || type === TemplateTail) {
      if ((tok.payload as UnterminatedPayload | undefined)?.unterminated === true) {
        diagnostics.push(createDiagnostic('UnterminatedTemplate', span(start, start + 1)));
      }
    } else if (type === RegexLiteral) {
      if ((tok.payload as UnterminatedPayload | undefined)?.unterminated === true) {
        diagnostics.push(createDiagnostic('UnterminatedRegex', span(start, end)));
      }
    }
  }

  const tooDeep = pairBrackets(tokens, file.id, diagnostics);
  return { tokens, diagnostics, tooDeep, tooLarge: false };
}

/** Longest source excerpt quoted in a message: a 10⁵-character token must not flood the output. */
const MAX_QUOTED = 40;

/** `text`, cut to {@link MAX_QUOTED} characters with an ellipsis. */
export function shorten(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED - 1)}…` : text;
}

function retype(tok: IToken, type: TokenType): void {
  tok.tokenType = type;
  tok.tokenTypeIdx = type.tokenTypeIdx as number;
}

/** `"é"` for printable characters, `"U+0007"` for controls and invisible ones. */
function displayChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /[\p{C}\p{Z}]/u.test(ch) ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : ch;
}

function firstNonAsciiIdentifierChar(image: string): string {
  for (const ch of image) {
    if (!/[A-Za-z0-9_]/.test(ch)) return ch;
  }
  return image;
}

// ---------------------------------------------------------------------------------------------
// Strings

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

/**
 * Unescapes a string token (`raw` includes the opening quote, and the closing one if
 * `terminated`), reporting escapes outside the language's set.
 */
function cookString(raw: string, offset: number, terminated: boolean, file: number, out: Diagnostic[]): string {
  const body = raw.slice(1, terminated ? -1 : undefined);
  if (!body.includes('\\')) return body;
  let value = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i] as string;
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = body[i + 1];
    const at = offset + 1 + i;
    if (next === undefined) {
      i++;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (next === '\n') {
      i += 2; // line continuation
    } else if (next === '0' && !/[0-9]/.test(body[i + 2] ?? '')) {
      value += '\0';
      i += 2;
    } else if (next === 'u') {
      const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(body.slice(i + 2, i + 11));
      const plain = /^[0-9A-Fa-f]{4}/.exec(body.slice(i + 2, i + 6));
      if (braced !== null && parseInt(braced[1] as string, 16) <= 0x10ffff) {
        value += String.fromCodePoint(parseInt(braced[1] as string, 16));
        i += 2 + braced[0].length;
      } else if (plain !== null) {
        value += String.fromCharCode(parseInt(plain[0], 16));
        i += 6;
      } else {
        out.push(createDiagnostic('InvalidEscape', { file, start: at, end: at + 2 }, ['\\u']));
        i += 2;
      }
    } else {
      const cp = body.codePointAt(i + 1) as number;
      const len = cp > 0xffff ? 2 : 1;
      out.push(createDiagnostic('InvalidEscape', { file, start: at, end: at + 1 + len }, [`\\${String.fromCodePoint(cp)}`]));
      value += String.fromCodePoint(cp);
      i += 1 + len;
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Numbers

const VALID_NUMBER = /^(0|[1-9](?:_?[0-9])*)(?:\.([0-9](?:_?[0-9])*))?(n?)$/;

/** Validates a number token; returns its parts (best effort for an invalid one, already reported). */
function checkNumber(image: string, at: Span, out: Diagnostic[]): NumberParts {
  const m = VALID_NUMBER.exec(image);
  if (m !== null && !(m[2] !== undefined && m[3] === 'n')) {
    return { intDigits: (m[1] as string).replace(/_/g, ''), fracDigits: m[2]?.replace(/_/g, ''), bigint: m[3] === 'n' };
  }
  out.push(createDiagnostic('InvalidNumber', at, [shorten(image), explainBadNumber(image)]));
  return { intDigits: '0', fracDigits: undefined, bigint: false };
}

/** Why `image` is rejected and, when there is one, the literal to write instead. */
function explainBadNumber(image: string): string {
  const plain = image.replace(/_/g, '');
  const radix = /^0([xXoObB])([0-9A-Za-z]+)(n?)$/.exec(plain);
  if (radix !== null) {
    const name = { x: 'hexadecimal', o: 'octal', b: 'binary' }[(radix[1] as string).toLowerCase() as 'x' | 'o' | 'b'];
    try {
      return `${name} literals are not supported; write "${BigInt(`0${radix[1]}${radix[2]}`).toString()}${radix[3]}"`;
    } catch {
      return `${name} literals are not supported; write the value in decimal`;
    }
  }
  const exp = /^([0-9]*)(?:\.([0-9]*))?[eE]([+-]?[0-9]+)$/.exec(plain);
  if (exp !== null) {
    const written = expandExponent(exp[1] as string, exp[2] ?? '', Number(exp[3]));
    return written === undefined ? 'exponents are not supported; write the digits out' : `exponents are not supported; write "${written}"`;
  }
  if (/^\.[0-9]+$/.test(plain)) return `a number cannot start with "."; write "0${plain}"`;
  if (/^[0-9]+\.$/.test(plain)) return `a number cannot end with "."; write "${stripZeros(plain.slice(0, -1))}" or "${stripZeros(plain.slice(0, -1))}.0"`;
  if (/^0[0-9]+(\.[0-9]+)?n?$/.test(plain)) return `leading zeros are not allowed; write "${stripZeros(plain)}"`;
  if (/^[0-9]+\.[0-9]+n$/.test(plain)) return 'a bigint literal ("n" suffix) has no fraction';
  if (/^[0-9]+(\.[0-9]+)?n?$/.test(plain)) return `"_" separates two digits only; write "${stripZeros(plain)}"`;
  return 'a number has only digits, "_" between digits, one "." and an optional "n"';
}

function stripZeros(digits: string): string {
  const s = digits.replace(/^0+(?=[0-9])/, '');
  return s === '' ? '0' : s;
}

/** `1.5e3` → `1500`; `undefined` when the result would be unreasonably long. */
function expandExponent(int: string, frac: string, exponent: number): string | undefined {
  if (!Number.isFinite(exponent) || Math.abs(exponent) > 40) return undefined;
  let digits = int + frac;
  let point = int.length + exponent;
  while (digits.length > 1 && digits[0] === '0') {
    digits = digits.slice(1);
    point--;
  }
  let result: string;
  if (point <= 0) result = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) result = digits + '0'.repeat(point - digits.length);
  else result = `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (result.includes('.')) result = result.replace(/0+$/, '').replace(/\.$/, '');
  return /^0*$/.test(result.replace('.', '')) ? '0' : result;
}

// ---------------------------------------------------------------------------------------------
// Brackets

function opens(type: TokenType): boolean {
  return type === LParen || type === LBracket || type === LBrace || type === TemplateHead || type === TemplateMiddle;
}

function closes(type: TokenType): boolean {
  return type === RParen || type === RBracket || type === RBrace || type === TemplateTail || type === TemplateMiddle;
}

function pairs(open: TokenType, close: TokenType): boolean {
  if (close === RParen) return open === LParen;
  if (close === RBracket) return open === LBracket;
  if (close === RBrace) return open === LBrace;
  return open === TemplateHead || open === TemplateMiddle;
}

/**
 * Pairs brackets (setting `match`) and checks the nesting limit before any recursive descent
 * starts, so `((((…` 10⁵ deep costs one linear pass and one diagnostic. Returns `true` when the
 * limit is exceeded.
 */
function pairBrackets(tokens: LexedToken[], file: number, out: Diagnostic[]): boolean {
  const stack: LexedToken[] = [];
  for (const tok of tokens) {
    const type = tok.tokenType;
    if (closes(type)) {
      // Tolerate stray or crossed closers: pop to the nearest opener of the right kind, if any.
      let k = stack.length - 1;
      while (k >= 0 && !pairs((stack[k] as LexedToken).tokenType, type)) k--;
      if (k >= 0) {
        const open = stack[k] as LexedToken;
        open.match = tok.index;
        tok.match = open.index;
        stack.length = k;
      }
    }
    if (opens(type)) {
      stack.push(tok);
      if (stack.length > MAX_NESTING) {
        out.push(createDiagnostic('NestingTooDeep', { file, start: tok.startOffset, end: tok.startOffset + tok.image.length }, [String(MAX_NESTING)]));
        return true;
      }
    }
  }
  return false;
}
