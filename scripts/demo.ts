/**
 * `npm run demo` (for now): compiles the example contracts and prints, per contract, its entry
 * points, views, triggers, events, sealed state and relations from the ABI — what a deployer sees.
 * The network demo (deploy, settle, print results) arrives with the runtime and node.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compile, formatDiagnostic } from '../compiler/index.ts';

const ROOT = join(import.meta.dirname, '..');

function contractFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...contractFiles(`${dir}/${e.name}`));
    else if (e.name.endsWith('.contract.ts')) out.push(`${dir}/${e.name}`);
  }
  return out.sort();
}

const files = contractFiles('contracts');
const result = compile({
  inputs: files.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })),
  readFile: (p) => {
    try {
      return readFileSync(join(ROOT, p), 'utf8');
    } catch {
      return undefined;
    }
  },
});
if (result.diagnostics.length > 0) {
  for (const d of result.diagnostics) console.error(formatDiagnostic(d, (id) => result.files[id]));
  process.exit(1);
}
const lines = result.files.reduce((n, f) => n + f.lineStarts.length, 0);
console.log(`Compiled ${files.length} files (${lines} lines with imports) into ${result.artifacts.length} artifacts.\n`);
const typeText = (t: unknown): string => {
  const x = t as { kind: string; name?: string; currency?: string; element?: unknown; inner?: unknown; key?: unknown; value?: unknown };
  switch (x.kind) {
    case 'money': return x.currency === undefined ? 'Money' : `Money<${x.currency}>`;
    case 'array': return `${typeText(x.element)}[]`;
    case 'optional': return `${typeText(x.inner)}?`;
    case 'sealed': return `Sealed<${typeText(x.inner)}>`;
    case 'map': return `Map<${typeText(x.key)}, ${typeText(x.value)}>`;
    default: return x.name ?? x.kind;
  }
};
for (const a of result.artifacts) {
  const abi = a.abi as unknown as {
    entries: { name: string; kind: string; params: { name: string; type: unknown }[]; returns: unknown; trigger?: Record<string, unknown> }[];
    events: { name: string }[];
    state: { name: string; type: unknown; sealed: boolean }[];
    relations: { text: string }[];
  };
  console.log(`${a.contract}  (code ${a.code.length} bytes, code hash ${a.codeHash.slice(0, 16)}…)`);
  for (const e of abi.entries) {
    const sig = `${e.name}(${e.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ')}): ${typeText(e.returns)}`;
    const trig = e.trigger === undefined ? '' : `  ← ${JSON.stringify(e.trigger)}`;
    console.log(`  ${e.kind.padEnd(8)} ${sig}${trig}`);
  }
  if (abi.events.length > 0) console.log(`  events   ${abi.events.map((e) => e.name).join(', ')}`);
  const sealed = abi.state.filter((s) => s.sealed).map((s) => s.name);
  if (sealed.length > 0) console.log(`  sealed   ${sealed.join(', ')}`);
  for (const r of abi.relations) console.log(`  proves   ${r.text}`);
  console.log('');
}
