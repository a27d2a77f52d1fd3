/**
 * Diagnostics: the only way a compiler pass reports a user error. Passes never throw for user
 * errors; they `report()` into a {@link DiagnosticBag} and keep going. Rendering to text
 * (`path:line:col`, source line, caret) happens here. Internal invariant violations throw
 * {@link InternalCompilerError} instead.
 * @module
 */
import { DIAGNOSTIC_CODES, type DiagnosticName } from './diagnostic-codes.ts';
import { lineColumnOf, lineText, type SourceFile, type Span } from './source.ts';

export type Severity = 'error' | 'warning';

export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  /** Stable code from the catalogue, e.g. `E3012`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedSpan[];
}

/** Longest argument text put into a message; a 10⁵-character identifier must not flood output. */
const MAX_ARG_LENGTH = 200;

function clip(arg: string): string {
  return arg.length > MAX_ARG_LENGTH ? `${arg.slice(0, MAX_ARG_LENGTH - 1)}…` : arg;
}

/** Fills `{0}`, `{1}`, … in a catalogue template. */
export function formatTemplate(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (_, i: string) => clip(args[Number(i)] ?? ''));
}

/** Creates a diagnostic from the catalogue entry `name`. */
export function createDiagnostic(
  name: DiagnosticName,
  span: Span,
  args: readonly string[] = [],
  related: readonly RelatedSpan[] = [],
): Diagnostic {
  const entry = DIAGNOSTIC_CODES[name];
  return { code: entry.code, severity: entry.severity, message: formatTemplate(entry.template, args), span, related };
}

/** Most diagnostics one compilation keeps; past this a final "too many errors" stops the flood. */
export const MAX_DIAGNOSTICS = 200;

/**
 * Collects diagnostics of one compilation.
 * Mutable by design: it is the reporting channel passed to every pure pass.
 */
export class DiagnosticBag {
  readonly #items: Diagnostic[] = [];
  #errors = 0;
  #dropped = 0;

  report(name: DiagnosticName, span: Span, args: readonly string[] = [], related: readonly RelatedSpan[] = []): void {
    this.add(createDiagnostic(name, span, args, related));
  }

  add(diagnostic: Diagnostic): void {
    if (diagnostic.severity === 'error') this.#errors++;
    if (this.#items.length >= MAX_DIAGNOSTICS) {
      this.#dropped++;
      return;
    }
    // The same code at the same span twice (e.g. from recovery) is noise.
    if (this.#items.some((d) => d.code === diagnostic.code && d.span.file === diagnostic.span.file && d.span.start === diagnostic.span.start && d.span.end === diagnostic.span.end)) return;
    this.#items.push(diagnostic);
  }

  hasErrors(): boolean {
    return this.#errors > 0;
  }

  get errorCount(): number {
    return this.#errors;
  }

  get droppedCount(): number {
    return this.#dropped;
  }

  /** Diagnostics sorted by file, offset, code: output order never depends on pass order. */
  sorted(): Diagnostic[] {
    return [...this.#items].sort(compareDiagnostics);
  }
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.file - b.span.file || a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Thrown only for compiler bugs (broken invariants), never for user errors. */
export class InternalCompilerError extends Error {
  readonly code = 'INTERNAL_COMPILER_ERROR';
  constructor(message: string) {
    super(`internal compiler error: ${message}`);
    this.name = 'InternalCompilerError';
  }
}

/** Exhaustiveness check for `switch` over a `kind` discriminant. */
export function assertNever(x: never): never {
  throw new InternalCompilerError(`unexpected value ${JSON.stringify((x as { kind?: unknown })?.kind ?? x)}`);
}

/** Longest source line shown under a diagnostic; longer lines are cut around the span. */
const MAX_SHOWN_LINE = 160;

/**
 * Renders a diagnostic like TypeScript baselines / codespan:
 *
 * ```
 * quota.contract.ts:12:5 - error E3012: Type "Money<USD>" is not assignable to "Money<EUR>".
 *
 *   12 |     this.total = amount;
 *      |     ^^^^^^^^^^
 *   quota.contract.ts:4:3 - note: declared here
 * ```
 * @example formatDiagnostic(d, (id) => files[id])
 */
export function formatDiagnostic(d: Diagnostic, fileOf: (id: number) => SourceFile | undefined): string {
  const file = fileOf(d.span.file);
  if (file === undefined) return `<unknown>: ${d.severity} ${d.code}: ${d.message}`;
  const { line, column } = lineColumnOf(file, d.span.start);
  const out = [`${file.path}:${line}:${column} - ${d.severity} ${d.code}: ${d.message}`, ''];
  out.push(...renderExcerpt(file, d.span));
  for (const r of d.related) {
    const rf = fileOf(r.span.file);
    if (rf === undefined) continue;
    const pos = lineColumnOf(rf, r.span.start);
    out.push(`  ${rf.path}:${pos.line}:${pos.column} - note: ${r.message}`);
  }
  return out.join('\n');
}

function renderExcerpt(file: SourceFile, span: Span): string[] {
  const { line, column } = lineColumnOf(file, span.start);
  let text = lineText(file, line).replace(/\t/g, ' ');
  const lineEnd = column - 1 + text.length;
  // The caret covers the span on its first line (at least one character).
  let caretStart = column - 1;
  let caretLen = Math.max(1, Math.min(span.end - span.start, lineEnd - caretStart));
  if (text.length > MAX_SHOWN_LINE) {
    const from = Math.max(0, caretStart - 40);
    text = (from > 0 ? '…' : '') + text.slice(from, from + MAX_SHOWN_LINE) + '…';
    caretStart = caretStart - from + (from > 0 ? 1 : 0);
    caretLen = Math.min(caretLen, MAX_SHOWN_LINE - (caretStart - 1));
  }
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  return [`  ${gutter} | ${text}`, `  ${pad} | ${' '.repeat(caretStart)}${'^'.repeat(Math.max(1, caretLen))}`, ''];
}
