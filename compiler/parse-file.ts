/**
 * The front end's one entry point: source file → AST. Runs the lexer, the parser (with recovery)
 * and the AST builder, reports every lexical and syntax problem into the caller's bag, and
 * enforces the front end's resource limits (size, nesting, syntax-tree depth; threat catalogue
 * CMP-01/CMP-02), so that every later pass can recurse over the tree safely.
 *
 * Does NOT resolve imports or check anything beyond syntax.
 * @module
 */
import { buildAst } from './ast/build.ts';
import type { SourceUnit } from './ast/nodes.ts';
import { findTooDeep } from './ast/walk.ts';
import { InternalCompilerError, type DiagnosticBag } from './diagnostics.ts';
import { MAX_NESTING, tokenize } from './lexer/lexer.ts';
import { parse } from './parser/parser.ts';
import type { SourceFile } from './source.ts';

/**
 * Deepest syntax tree handed to later passes. Nesting up to {@link MAX_NESTING} levels stays well
 * below it; only long operator, member or call chains (which the grammar reads as flat lists)
 * can reach it.
 */
export const MAX_AST_DEPTH = 1000;

/**
 * Parses one file. Always returns a `SourceUnit` — partial after syntax errors (recovery keeps
 * the declarations it could read), empty when a resource limit is hit — and reports every problem
 * into `bag`. Never throws for any input; only a compiler bug throws `InternalCompilerError`.
 * The Chevrotain lexer and parser are created once per process and reused.
 * @example
 * const bag = new DiagnosticBag();
 * const unit = parseFile(createSourceFile(0, 'a.contract.ts', 'export const x = 1;'), bag);
 */
export function parseFile(file: SourceFile, bag: DiagnosticBag): SourceUnit {
  const empty: SourceUnit = { kind: 'SourceUnit', file: file.id, path: file.path, items: [], span: { file: file.id, start: 0, end: file.text.length } };
  try {
    const lexed = tokenize(file);
    for (const d of lexed.diagnostics) bag.add(d);
    if (lexed.tooLarge || lexed.tooDeep) return empty;

    const parsed = parse(file, lexed.tokens);
    for (const d of parsed.diagnostics) bag.add(d);
    if (parsed.cst === undefined) return empty;

    const built = buildAst(file, parsed.cst);
    for (const d of built.diagnostics) bag.add(d);

    const deep = findTooDeep(built.unit, MAX_AST_DEPTH);
    if (deep !== undefined) {
      bag.report('ExpressionTooDeep', deep.outermost.span, [String(MAX_AST_DEPTH)]);
      return empty;
    }
    return built.unit;
  } catch (e) {
    if (e instanceof InternalCompilerError) throw e;
    // The limits above make this unreachable; it stays as a last line of defence so that a
    // hostile file yields a diagnostic, never a crash of the compiler.
    if (e instanceof RangeError) {
      bag.report('NestingTooDeep', { file: file.id, start: 0, end: 0 }, [String(MAX_NESTING)]);
      return empty;
    }
    throw new InternalCompilerError(`parsing ${file.path} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
