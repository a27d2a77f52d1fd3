/**
 * `covenant compile <files…> [--out DIR] [--json]`: compiles contract files, prints diagnostics
 * (human-readable by default, one JSON document with `--json`) and writes one artifact per
 * contract to `DIR/<Contract>.artifact.json`. Exit status: 0 on success, 1 on user errors,
 * 2 on usage errors.
 * Does NOT start nodes or deploy (other commands do).
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeArtifact } from './artifact.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { compile } from './pipeline.ts';
import { lineColumnOf } from './source.ts';

const USAGE = 'usage: covenant compile <files…> [--out DIR] [--json]';

/** Runs the command with `argv` (without the command name); returns the exit status. */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: 'string', short: 'o' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    err(`covenant compile: ${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help === true) {
    out(`${USAGE}\n`);
    return 0;
  }
  const paths = parsed.positionals;
  if (paths.length === 0) {
    err(`covenant compile: no input files\n${USAGE}\n`);
    return 2;
  }
  const cwd = process.cwd();
  // Paths relative to the working directory keep diagnostics short and artifacts machine-independent.
  const rel = (p: string): string => relative(cwd, resolve(cwd, p)).split('\\').join('/');
  const inputs: { path: string; text: string }[] = [];
  for (const p of paths) {
    try {
      inputs.push({ path: rel(p), text: readFileSync(p, 'utf8') });
    } catch (e) {
      err(`covenant compile: cannot read "${p}": ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
      return 2;
    }
  }
  const readFile = (p: string): string | undefined => {
    try {
      return readFileSync(resolve(cwd, p), 'utf8');
    } catch {
      return undefined;
    }
  };
  const result = compile({ inputs, readFile });
  const fileOf = (id: number) => result.files[id];
  const outDir = parsed.values.out ?? 'out';
  const written: string[] = [];
  if (result.artifacts.length > 0) {
    mkdirSync(outDir, { recursive: true });
    for (const a of result.artifacts) {
      const file = `${outDir}/${a.contract}.artifact.json`;
      writeFileSync(file, encodeArtifact(a));
      written.push(file);
    }
  }
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (parsed.values.json === true) {
    const diagnostics = result.diagnostics.map((d) => {
      const f = fileOf(d.span.file);
      const pos = f === undefined ? { line: 0, column: 0 } : lineColumnOf(f, d.span.start);
      return {
        code: d.code, severity: d.severity, message: d.message, file: f?.path, line: pos.line, column: pos.column,
        start: d.span.start, end: d.span.end,
        related: d.related.map((r) => {
          const rf = fileOf(r.span.file);
          const rp = rf === undefined ? { line: 0, column: 0 } : lineColumnOf(rf, r.span.start);
          return { message: r.message, file: rf?.path, line: rp.line, column: rp.column };
        }),
      };
    });
    out(`${JSON.stringify({ ok: errors === 0, diagnostics, artifacts: written })}\n`);
  } else {
    for (const d of result.diagnostics) err(`${formatDiagnostic(d, fileOf)}\n`);
    if (errors > 0) err(`Found ${errors} error${errors === 1 ? '' : 's'}.\n`);
    for (const w of written) out(`wrote ${w}\n`);
  }
  return errors > 0 ? 1 : 0;
}
