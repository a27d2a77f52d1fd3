/**
 * The compilation pipeline: load and parse the root files and everything they import (other
 * contract files, standard-library modules), check names and types, apply the contract rules,
 * and generate one artifact per contract. Two gates, as in Move: code generation never runs
 * unless parsing succeeded and checking found no errors, so generated code only ever sees
 * well-typed programs. User errors are diagnostics; this function does not throw for any input.
 * Does NOT touch the file system itself: callers pass text and a `readFile` for imports.
 * @module
 */
import type { SourceUnit } from './ast/nodes.ts';
import type { ContractArtifact } from './artifact.ts';
import { type ImportTarget, checkProgram, checkRules, type CheckedProgram } from './check/index.ts';
import { generateArtifacts } from './codegen/index.ts';
import { type Diagnostic, DiagnosticBag, InternalCompilerError, createDiagnostic } from './diagnostics.ts';
import { parseFile } from './parse-file.ts';
import { type SourceFile, createSourceFile } from './source.ts';
import { COMPILER_VERSION } from './version.ts';
import { stdlibModuleSource } from '../stdlib/index.ts';

export interface CompileInput {
  /** Path as the user should see it in diagnostics (relative paths keep artifacts portable). */
  readonly path: string;
  readonly text: string;
}

export interface CompileParameters {
  readonly inputs: readonly CompileInput[];
  /** Reads an imported contract file by normalised path; `undefined` if it does not exist. */
  readonly readFile?: (path: string) => string | undefined;
  /** Stop after a stage (tests, editor tooling). */
  readonly stopAfter?: 'parse' | 'check';
}

export interface CompileResult {
  /** One artifact per contract declared in the input files (empty if there are errors). */
  readonly artifacts: readonly ContractArtifact[];
  /** Sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly SourceFile[];
  /** The checked program, when checking ran without errors. */
  readonly program: CheckedProgram | undefined;
  /** Parsed units (also on errors), for tools. */
  readonly units: readonly SourceUnit[];
}

const STD_PRELUDE = '@covenant/std';

/** Normalises a POSIX-style path: resolves `.` and `..`, collapses slashes. */
export function normalisePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && abs) continue;
    else out.push(part);
  }
  return (abs ? '/' : '') + out.join('/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Candidate file paths for a relative import specifier. */
function candidates(from: string, specifier: string): string[] {
  const base = normalisePath(dirname(from) === '' ? specifier : `${dirname(from)}/${specifier}`);
  if (base.endsWith('.contract.ts')) return [base];
  if (base.endsWith('.contract')) return [`${base}.ts`];
  return [`${base}.contract.ts`, `${base}.ts`];
}

/**
 * Compiles contract sources to artifacts.
 * @example
 * const { artifacts, diagnostics } = compile({ inputs: [{ path: 'a.contract.ts', text }] });
 */
export function compile(params: CompileParameters): CompileResult {
  const bag = new DiagnosticBag();
  const files: SourceFile[] = [];
  const units: SourceUnit[] = [];
  const unitByPath = new Map<string, SourceUnit>();
  const importTargets = new Map<string, ImportTarget>();
  const edges = new Map<SourceUnit, { unit: SourceUnit; span: SourceUnit['span'] }[]>();

  const addFile = (path: string, text: string): SourceUnit => {
    const file = createSourceFile(files.length, path, text);
    files.push(file);
    const unit = parseFile(file, bag);
    units.push(unit);
    unitByPath.set(path, unit);
    return unit;
  };

  const roots: SourceUnit[] = [];
  for (const input of params.inputs) {
    const path = normalisePath(input.path.replace(/\\/g, '/'));
    const existing = unitByPath.get(path);
    roots.push(existing ?? addFile(path, input.text));
  }

  // Load imports breadth-first; file ids follow discovery order, so output is deterministic.
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as SourceUnit;
    const out: { unit: SourceUnit; span: SourceUnit['span'] }[] = [];
    for (const item of unit.items) {
      if (item.kind !== 'ImportDecl') continue;
      const spec = item.module.value;
      const key = `${unit.file}\u0000${spec}`;
      let target: ImportTarget;
      if (spec === STD_PRELUDE) target = 'prelude';
      else if (spec.startsWith(`${STD_PRELUDE}/`)) {
        target = unitByPath.get(spec);
        if (target === undefined) {
          const src = stdlibModuleSource(spec);
          if (src !== undefined) {
            target = addFile(src.path, src.text);
            unitByPath.set(spec, target);
          }
        }
      } else if (spec.startsWith('./') || spec.startsWith('../')) {
        for (const c of candidates(unit.path, spec)) {
          target = unitByPath.get(c);
          if (target !== undefined) break;
          const text = params.readFile?.(c);
          if (text !== undefined) {
            target = addFile(c, text);
            break;
          }
        }
      }
      if (target === undefined) bag.report('ModuleNotFound', item.module.span, [spec]);
      else if (target !== 'prelude') out.push({ unit: target, span: item.module.span });
      importTargets.set(key, target);
    }
    edges.set(unit, out);
  }

  const ordered = dependencyOrder(units, edges, bag);
  const resolveImport = (unit: SourceUnit, spec: string): ImportTarget => importTargets.get(`${unit.file}\u0000${spec}`);
  const done = (program: CheckedProgram | undefined, artifacts: readonly ContractArtifact[] = []): CompileResult => ({
    artifacts, diagnostics: finalDiagnostics(bag), files, program, units,
  });

  // Gate 1: syntax. Missing modules and cycles are name errors: checking still runs and reports
  // what else is wrong, as long as every file parsed.
  if (bag.sorted().some((d) => d.code.startsWith('E1')) || params.stopAfter === 'parse') return done(undefined);
  checkRules(ordered, bag);
  const program = checkProgram({ files, units: ordered, roots, resolveImport }, bag);
  // Gate 2: names, types and rules.
  if (bag.hasErrors()) return done(undefined);
  if (params.stopAfter === 'check') return done(program);
  const artifacts = generateArtifacts(program, { compilerVersion: COMPILER_VERSION }, bag);
  if (bag.hasErrors()) return done(program);
  return done(program, artifacts);
}

/** Units with every dependency before its dependents; reports import cycles. */
function dependencyOrder(units: readonly SourceUnit[], edges: Map<SourceUnit, { unit: SourceUnit; span: SourceUnit['span'] }[]>, bag: DiagnosticBag): SourceUnit[] {
  const state = new Map<SourceUnit, 'visiting' | 'done'>();
  const out: SourceUnit[] = [];
  const stack: SourceUnit[] = [];
  const visit = (u: SourceUnit): void => {
    const s = state.get(u);
    if (s === 'done') return;
    if (s === 'visiting') return;
    state.set(u, 'visiting');
    stack.push(u);
    for (const e of edges.get(u) ?? []) {
      if (state.get(e.unit) === 'visiting') {
        const from = stack.indexOf(e.unit);
        const cycle = [...stack.slice(from), e.unit].map((x) => x.path).join(' -> ');
        bag.report('ImportCycle', e.span, [cycle]);
        continue;
      }
      visit(e.unit);
    }
    stack.pop();
    state.set(u, 'done');
    out.push(u);
  };
  for (const u of units) visit(u);
  return out;
}

function finalDiagnostics(bag: DiagnosticBag): Diagnostic[] {
  const list = bag.sorted();
  if (bag.droppedCount > 0 && list.length > 0) {
    const last = list[list.length - 1] as Diagnostic;
    list.push(createDiagnostic('TooManyDiagnostics', last.span, [String(bag.droppedCount)]));
  }
  return list;
}

export { InternalCompilerError };
