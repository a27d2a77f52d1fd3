/**
 * Source files and spans. Offsets are stored as half-open UTF-16 offsets `[start, end)` into the
 * normalised text; line and column are computed only when rendering (TypeScript's `pos/end`).
 * Does NOT read files from disk: callers pass text in.
 * @module
 */

/** One source file, its text normalised to `\n` line endings. */
export interface SourceFile {
  /** Stable index of this file within one compilation. */
  readonly id: number;
  /** Path as given by the user (or a virtual path like `@covenant/std/math`). */
  readonly path: string;
  readonly text: string;
  /** Offset of the first character of each line. */
  readonly lineStarts: readonly number[];
}

/** A half-open range `[start, end)` of offsets in one file. */
export interface Span {
  readonly file: number;
  readonly start: number;
  readonly end: number;
}

/** Normalises CRLF/CR to LF so spans, hashes and output do not depend on the author's OS. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Creates a source file with normalised line endings and a BOM removed.
 * @example createSourceFile(0, 'a.contract.ts', 'const x = 1;')
 */
export function createSourceFile(id: number, path: string, text: string): SourceFile {
  const normalised = normaliseNewlines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const lineStarts = [0];
  for (let i = 0; i < normalised.length; i++) {
    if (normalised.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return { id, path, text: normalised, lineStarts };
}

/** 1-based line and column of an offset (binary search over `lineStarts`). */
export function lineColumnOf(file: SourceFile, offset: number): { line: number; column: number } {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

/** Text of 1-based line `line` without its newline. */
export function lineText(file: SourceFile, line: number): string {
  const start = file.lineStarts[line - 1] ?? file.text.length;
  const next = file.lineStarts[line];
  const end = next === undefined ? file.text.length : next - 1;
  return file.text.slice(start, end);
}

/** Smallest span covering both. Both must be in the same file. */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
