/**
 * Code generation's public face: one `covenant-artifact/1` per contract of the root files, built
 * from a checked program — the self-contained script (prelude + currency table + generated code),
 * the ABI, and the span map — plus the size checks that keep every artifact valid.
 * Does NOT check programs (it runs only after the pipeline's last gate) or write files.
 * @module
 */
import { type ContractArtifact, MAX_CODE_BYTES, MAX_SITES, createArtifact, validateArtifact } from '../artifact.ts';
import type { Abi } from '../artifact.ts';
import type { SourceUnit } from '../ast/nodes.ts';
import type { CheckedProgram, ContractInfo } from '../check/checked.ts';
import type { DiagnosticBag } from '../diagnostics.ts';
import { CURRENCIES } from '../../stdlib/index.ts';
import { buildAbi } from './abi.ts';
import { emitJs } from './emit-js.ts';
import { PRELUDE, currencyTableScript } from './prelude.ts';
import { type SiteLocation, buildSpanMap } from './span-map.ts';

export interface GenerateOptions {
  readonly compilerVersion: string;
}

export interface GenerateResult {
  readonly code: string;
  readonly abi: Abi;
  readonly spans: readonly SiteLocation[];
}

/** Line that separates the prelude from the generated code (tests scan only what follows). */
export const GENERATED_CODE_MARKER = '// ==== generated code ====';
/** Line after the generated code, before the fixed entry point `__covenant_invoke`. */
export const GENERATED_CODE_END = '// ==== end of generated code ====';

/** Assembles the script: strict mode, one closure holding everything, one global entry point. */
export function assembleScript(contract: string, body: string): string {
  return [
    "'use strict';",
    `// Covenant contract ${contract}: generated code, hostApi 1, gas schedule 1.`,
    'const __covenant = (function () {',
    PRELUDE.trim(),
    currencyTableScript(CURRENCIES),
    GENERATED_CODE_MARKER,
    body,
    GENERATED_CODE_END,
    'return function (request) { return __run(request, $D); };',
    '})();',
    'function __covenant_invoke(request) { return __covenant(request); }',
    '',
  ].join('\n');
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * The units a contract's artifact is built from: its own file and everything it imports,
 * transitively, sorted by path. Only these reach the artifact (its `sources`, the numbering of
 * mangled names), so a contract compiles to the same bytes whatever other files are compiled with
 * it, and in whatever order.
 */
export function contractUnits(program: CheckedProgram, contract: ContractInfo): SourceUnit[] {
  const seen = new Set<SourceUnit>([contract.unit]);
  const todo = [contract.unit];
  for (let u = todo.pop(); u !== undefined; u = todo.pop()) {
    for (const d of program.imports.get(u) ?? []) {
      if (seen.has(d)) continue;
      seen.add(d);
      todo.push(d);
    }
  }
  return [...seen].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Generates the code, ABI and span map of one contract; `undefined` if a limit was reported.
 * @example const g = generate(program, program.contracts[0], bag);
 */
export function generate(program: CheckedProgram, contract: ContractInfo, bag: DiagnosticBag, units: readonly SourceUnit[] = contractUnits(program, contract)): GenerateResult | undefined {
  const emitted = emitJs(program, contract, bag, units);
  if (emitted === undefined) return undefined;
  const code = assembleScript(contract.name, emitted.body);
  const size = utf8Length(code);
  if (size > MAX_CODE_BYTES || emitted.sites.length > MAX_SITES) {
    bag.report('CodeTooLarge', contract.decl.name.span, [contract.name, String(size), String(MAX_CODE_BYTES)]);
    return undefined;
  }
  return { code, abi: buildAbi(program, contract), spans: buildSpanMap(emitted.sites, program.files) };
}

/**
 * One artifact per contract of the root files, in source order. Reports code-generation limits
 * (E5001, E5002) and artifacts the format cannot hold (E5003) to `bag`, and leaves those contracts out.
 * @example const artifacts = generateArtifacts(program, { compilerVersion: '0.1.0' }, bag);
 */
export function generateArtifacts(program: CheckedProgram, options: GenerateOptions, bag: DiagnosticBag): ContractArtifact[] {
  const out: ContractArtifact[] = [];
  for (const contract of program.contracts) {
    const units = contractUnits(program, contract);
    const sources = units.map((u) => program.files[u.file] as { path: string; text: string });
    const g = generate(program, contract, bag, units);
    if (g === undefined) continue;
    const artifact = createArtifact({
      compilerVersion: options.compilerVersion,
      contract: contract.name,
      code: g.code,
      abi: g.abi,
      sources,
      spans: g.spans,
    });
    // The node validates every artifact it receives; never emit one it would refuse (a name longer
    // than the ABI allows, types nested too deep, too many fields, ...).
    const checked = validateArtifact(artifact);
    if (!checked.ok) {
      bag.report('ArtifactLimit', contract.decl.name.span, [contract.name, checked.errors[0] ?? 'invalid artifact']);
      continue;
    }
    out.push(artifact);
  }
  return out;
}
