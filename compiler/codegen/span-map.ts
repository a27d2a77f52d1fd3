/**
 * The span map: for each failure site id the generated code passes to the prelude, where it is in
 * the source (path, half-open offsets, 1-based line and column), so a run-time failure can be
 * reported as `path:line:column` without V8 stack traces (which differ between engine versions).
 * Does NOT allocate site ids (the emitter does) or render messages.
 * @module
 */
import type { SourceFile, Span } from '../source.ts';
import { lineColumnOf } from '../source.ts';
import { InternalCompilerError } from '../diagnostics.ts';

/** One site's location, keyed by source path (`createArtifact` turns paths into indices). */
export interface SiteLocation {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/**
 * Resolves site spans against the program's files.
 * @example buildSpanMap(sites, program.files)[3] // { path: 'quota.contract.ts', start: 120, end: 160, line: 12, column: 5 }
 */
export function buildSpanMap(sites: readonly Span[], files: readonly SourceFile[]): SiteLocation[] {
  return sites.map((s, i) => {
    const file = files[s.file];
    if (file === undefined) throw new InternalCompilerError(`span map: site ${i} names unknown file ${s.file}`);
    const { line, column } = lineColumnOf(file, s.start);
    return { path: file.path, start: s.start, end: s.end, line, column };
  });
}
