/**
 * tokenize(): keywords vs identifiers, numbers, strings, regex vs division, templates, comments,
 * identifier rules, limits, and the annotations the parser relies on (line breaks, bracket pairs).
 */
import { tokenMatcher } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, MAX_SOURCE_BYTES, tokenize, type LexedToken } from '../../compiler/lexer/lexer.ts';
import { Identifier, IdentifierName, Keyword, ModifierWord, RESERVED_WORDS } from '../../compiler/lexer/tokens.ts';
import { createSourceFile } from '../../compiler/source.ts';

function lex(text: string) {
  return tokenize(createSourceFile(0, 't.contract.ts', text));
}

function kinds(text: string): string[] {
  return lex(text).tokens.map((t) => t.tokenType.name);
}

function images(text: string): string[] {
  return lex(text).tokens.map((t) => t.image);
}

function codes(text: string): string[] {
  return lex(text).diagnostics.map((d) => d.code);
}

function messages(text: string): string[] {
  return lex(text).diagnostics.map((d) => d.message);
}

describe('tokenize() keywords and identifiers', () => {
  it('lexes "formal" as Identifier, not keyword "for" + "mal"', () => {
    expect(kinds('formal for form')).toEqual(['Identifier', 'For', 'Identifier']);
  });

  it('prefers the longest word: "interface", "instanceof", "in", "async", "as", "typeof", "type"', () => {
    expect(kinds('interface instanceof in async as typeof type')).toEqual([
      'Interface', 'Instanceof', 'In', 'Async', 'As', 'Typeof', 'Type',
    ]);
  });

  it('lexes every reserved word as its own keyword token, never as an identifier', () => {
    const words = [...RESERVED_WORDS];
    const toks = lex(words.join(' ')).tokens;
    expect(toks.map((t) => t.image)).toEqual(words);
    for (const t of toks) {
      expect(tokenMatcher(t, Keyword)).toBe(true);
      expect(tokenMatcher(t, Identifier)).toBe(false);
    }
    // …and a word that merely starts with one stays an identifier.
    expect(lex(words.map((w) => `${w}x`).join(' ')).tokens.every((t) => t.tokenType === Identifier)).toBe(true);
  });

  it('keeps keyword prefixes of identifiers whole: "constant", "newer", "thisOne", "ifx"', () => {
    expect(kinds('constant newer thisOne ifx')).toEqual(['Identifier', 'Identifier', 'Identifier', 'Identifier']);
  });

  it('makes contextual words identifiers by category and reserved words keywords', () => {
    const [of, from, get, static_, brk] = lex('of from get static break').tokens as LexedToken[];
    for (const t of [of, from, get, static_]) expect(tokenMatcher(t!, Identifier)).toBe(true);
    expect(tokenMatcher(get!, ModifierWord)).toBe(true);
    expect(tokenMatcher(brk!, Identifier)).toBe(false);
    expect(tokenMatcher(brk!, Keyword)).toBe(true);
    expect(tokenMatcher(brk!, IdentifierName)).toBe(true);
  });

  it('reports "$" and non-ASCII letters in identifiers and keeps them as identifiers', () => {
    const r = lex('$x café for$');
    expect(r.tokens.map((t) => [t.tokenType.name, t.image])).toEqual([['Identifier', '$x'], ['Identifier', 'café'], ['Identifier', 'for$']]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E1006', 'E1006', 'E1006']);
    expect(r.diagnostics[1]!.message).toBe('Identifier "café" contains "é"; an identifier uses only ASCII letters, digits and "_".');
  });

  it('reports identifiers longer than 128 characters once and keeps lexing', () => {
    const long = 'a'.repeat(256);
    const r = lex(`${long} b ${'c'.repeat(128)}`);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(['Identifier', 'Identifier', 'Identifier']);
    expect(r.diagnostics.map((d) => [d.code, d.span.start, d.span.end])).toEqual([['E1005', 0, 256]]);
    expect(r.diagnostics[0]!.message).toContain('is longer than 128 characters');
    expect(r.diagnostics[0]!.message).toBe(`Identifier "${"a".repeat(39)}…" is longer than 128 characters.`);
  });

  it('reports an unexpected character with its position and goes on', () => {
    const r = lex('a # b');
    expect(images('a # b')).toEqual(['a', 'b']);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span.start, d.span.end])).toEqual([['E1001', 'Unexpected character "#".', 2, 3]]);
  });

  it('names invisible characters by code point', () => {
    expect(messages('a \u0007 b')).toEqual(['Unexpected character "U+0007".']);
  });

  it('treats Unicode spaces as white space', () => {
    expect(lex('a\u00a0b\u2003c').diagnostics).toEqual([]);
  });
});

describe('tokenize() numbers', () => {
  it('splits decimal literals into digits without separators', () => {
    const payloads = lex('0 42 1_000.50 7n 0.4 12.375').tokens.map((t) => t.payload);
    expect(payloads).toEqual([
      { intDigits: '0', fracDigits: undefined, bigint: false },
      { intDigits: '42', fracDigits: undefined, bigint: false },
      { intDigits: '1000', fracDigits: '50', bigint: false },
      { intDigits: '7', fracDigits: undefined, bigint: true },
      { intDigits: '0', fracDigits: '4', bigint: false },
      { intDigits: '12', fracDigits: '375', bigint: false },
    ]);
  });

  it.each([
    ['1e3', 'exponents are not supported; write "1000"'],
    ['1.5e-2', 'exponents are not supported; write "0.015"'],
    ['0x10', 'hexadecimal literals are not supported; write "16"'],
    ['0o17', 'octal literals are not supported; write "15"'],
    ['0b101', 'binary literals are not supported; write "5"'],
    ['.5', 'a number cannot start with "."; write "0.5"'],
    ['10.', 'a number cannot end with "."; write "10" or "10.0"'],
    ['010', 'leading zeros are not allowed; write "10"'],
    ['1__0', '"_" separates two digits only; write "10"'],
    ['1.5n', 'a bigint literal ("n" suffix) has no fraction'],
    ['12abc', 'a number has only digits, "_" between digits, one "." and an optional "n"'],
  ])('rejects %s with a suggestion', (text, why) => {
    const r = lex(`x = ${text};`);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['E1004', `Invalid number literal "${text}": ${why}.`]]);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(['Identifier', 'Assign', 'NumberLiteral', 'Semicolon']);
    expect(r.diagnostics[0]!.span).toEqual({ file: 0, start: 4, end: 4 + text.length });
  });

  it('keeps member access on indexes and spreads apart from numbers', () => {
    expect(images('a[0].b ...c 1.5.x')).toEqual(['a', '[', '0', ']', '.', 'b', '...', 'c', '1.5', '.', 'x']);
  });
});

describe('tokenize() strings', () => {
  it('unescapes the supported escapes', () => {
    const [t] = lex(String.raw`'a\nb\tc\rd\\e\'f\"g\0h\u0041\u{1F600}'`).tokens;
    expect(t!.payload).toBe('a\nb\tc\rd\\e\'f"g\0hA\u{1F600}');
  });

  it('joins line continuations and accepts both quote styles', () => {
    expect(lex("'ab\\\ncd' \"x'y\"").tokens.map((t) => t.payload)).toEqual(['abcd', "x'y"]);
  });

  it('reports unsupported escapes', () => {
    const r = lex(String.raw`'\x41 \q \u12'`);
    expect(r.diagnostics.map((d) => [d.code, d.span.start, d.span.end])).toEqual([['E1011', 1, 3], ['E1011', 6, 8], ['E1011', 9, 11]]);
    expect(r.diagnostics[0]!.message).toContain('Invalid escape sequence "\\x"');
  });

  it('reports an unterminated string at the end of its line and continues on the next', () => {
    const r = lex("x = 'abc\ny = 1;");
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span.start, d.span.end])).toEqual([['E1002', 'Unterminated string literal.', 4, 8]]);
    expect(r.tokens.map((t) => t.image)).toEqual(['x', '=', "'abc", 'y', '=', '1', ';']);
    expect(r.tokens[2]!.tokenType.name).toBe('StringLiteral');
    expect(r.tokens[2]!.payload).toBe('abc');
  });
});

describe('tokenize() regex versus division', () => {
  it('reads "/" after an operand as division', () => {
    expect(kinds('a / b / c')).toEqual(['Identifier', 'Slash', 'Identifier', 'Slash', 'Identifier']);
    expect(kinds('f(x) / 2')).toContain('Slash');
    expect(kinds('a[1] /= 2')).toContain('SlashAssign');
    expect(kinds('this / 2')).toContain('Slash');
  });

  it('reads "/" where an operand starts as a regex', () => {
    expect(images('x = /re+/g;')).toEqual(['x', '=', '/re+/g', ';']);
    expect(kinds('return /a[/]b/.test(s)')).toEqual(['Return', 'RegexLiteral', 'Dot', 'Identifier', 'LParen', 'Identifier', 'RParen']);
    expect(kinds('f(/a/, /b/)')).toEqual(['Identifier', 'LParen', 'RegexLiteral', 'Comma', 'RegexLiteral', 'RParen']);
  });

  it('reports an unterminated regex and resumes on the next line', () => {
    const r = lex('x = /abc\ny');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E1010']);
    expect(images('x = /abc\ny')).toEqual(['x', '=', '/abc', 'y']);
  });
});

describe('tokenize() templates and comments', () => {
  it('splits a template at its substitutions, nested braces and templates included', () => {
    expect(images('`a${ {b: 1}.b }c${`x${y}`}d`')).toEqual([
      '`a${', '{', 'b', ':', '1', '}', '.', 'b', '}c${', '`x${', 'y', '}`', '}d`',
    ]);
    expect(kinds('`plain`')).toEqual(['TemplateNoSub']);
  });

  it('reports an unterminated template', () => {
    expect(codes('x = `abc')).toEqual(['E1009']);
  });

  it('skips comments, and counts a line break inside one as a line break', () => {
    const r = lex('a // one\nb /* two\n */ c /* three */ d');
    expect(r.tokens.map((t) => [t.image, t.newlineBefore])).toEqual([['a', false], ['b', true], ['c', true], ['d', false]]);
  });

  it('reports an unterminated block comment', () => {
    const r = lex('a /* never closed');
    expect(r.diagnostics.map((d) => [d.code, d.span.start, d.span.end])).toEqual([['E1003', 2, 4]]);
    expect(images('a /* never closed')).toEqual(['a']);
  });
});

describe('tokenize() limits and annotations', () => {
  it('pairs brackets and records each token index', () => {
    const r = lex('f(a[1], { b })');
    const byImage = (img: string) => r.tokens.find((t) => t.image === img)!;
    expect(r.tokens.map((t) => t.index)).toEqual(r.tokens.map((_, i) => i));
    expect(r.tokens[byImage('(').match]!.image).toBe(')');
    expect(r.tokens[byImage('[').match]!.image).toBe(']');
    expect(r.tokens[byImage('{').match]!.image).toBe('}');
    expect(byImage('a').match).toBe(-1);
  });

  it('tolerates unbalanced brackets', () => {
    const r = lex('( ] ) }');
    expect(r.tokens[0]!.match).toBe(2);
    expect(r.tokens[3]!.match).toBe(-1);
  });

  it(`stops at brackets nested deeper than ${MAX_NESTING} with one diagnostic`, () => {
    const ok = lex('('.repeat(MAX_NESTING) + ')'.repeat(MAX_NESTING));
    expect(ok.tooDeep).toBe(false);
    const deep = lex('['.repeat(MAX_NESTING + 1));
    expect(deep.tooDeep).toBe(true);
    expect(deep.diagnostics.map((d) => [d.code, d.message, d.span.start])).toEqual([['E1008', 'Nesting exceeds 200 levels.', MAX_NESTING]]);
  });

  it('refuses sources over 1 MiB before lexing', () => {
    const r = lex(`const s = '${'x'.repeat(MAX_SOURCE_BYTES)}';`);
    expect(r.tooLarge).toBe(true);
    expect(r.tokens).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E1007']);
    // Counted in UTF-8 bytes: 400 000 three-byte characters exceed the limit.
    expect(lex('€'.repeat(400_000)).tooLarge).toBe(true);
    expect(lex('x'.repeat(1000)).tooLarge).toBe(false);
  });

  it('gives half-open UTF-16 spans', () => {
    const r = lex("é = 'ü';");
    expect(r.tokens.map((t) => [t.startOffset, t.startOffset + t.image.length])).toEqual([[0, 1], [2, 3], [4, 7], [7, 8]]);
  });
});
