/**
 * Deploys a probe contract for a standard-library test: compiles `text` (which imports
 * `@covenant/std/…` modules from the repository) with no diagnostics allowed, and deploys it on a
 * fresh TestChain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ContractArtifact, compile, formatDiagnostic } from '../../compiler/index.ts';
import { TestChain } from '../helpers/run-artifact.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Compiles a probe contract (no diagnostics allowed) and returns its first artifact. */
export function compileProbe(path: string, text: string): ContractArtifact {
  const r = compile({
    inputs: [{ path, text }],
    readFile: (p) => {
      try {
        return readFileSync(join(ROOT, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const byId = new Map(r.files.map((f) => [f.id, f]));
  expect(r.diagnostics.map((d) => formatDiagnostic(d, (id) => byId.get(id)))).toEqual([]);
  return r.artifacts[0] as ContractArtifact;
}

export function deployProbe(path: string, text: string): { readonly chain: TestChain; readonly address: string } {
  const chain = new TestChain();
  const deployed = chain.deploy(compileProbe(path, text));
  expect(deployed.result.ok).toBe(true);
  return { chain, address: deployed.address };
}
