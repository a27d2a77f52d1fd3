/**
 * Shared fixtures of the contract tests: compile an example contract from the repository, and
 * small helpers over `TestChain` results. Does NOT compute expected numbers (see reference.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ContractArtifact, compile } from '../../compiler/index.ts';
import type { CallResult } from '../helpers/run-artifact.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const cache = new Map<string, ContractArtifact>();

/** The artifact of contract `name` (default: the first) in `path` (relative to the repository root). */
export function artifactOf(path: string, name?: string): ContractArtifact {
  const key = `${path}#${name ?? ''}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const r = compile({
    inputs: [{ path, text: readFileSync(join(ROOT, path), 'utf8') }],
    readFile: (p) => {
      try {
        return readFileSync(join(ROOT, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  expect(r.diagnostics).toEqual([]);
  const a = (name === undefined ? r.artifacts[0] : r.artifacts.find((x) => x.contract === name)) as ContractArtifact;
  expect(a, `${path} defines no contract ${name ?? ''}`).toBeDefined();
  cache.set(key, a);
  return a;
}

export function must(r: CallResult, what: string): CallResult {
  expect(r.error, `${what}: ${JSON.stringify(r.error)} ${r.location ?? ''}`).toBeUndefined();
  return r;
}

export function eventsNamed(r: CallResult, name: string): Record<string, unknown>[] {
  return r.events.filter((e) => e.name === name).map((e) => e.data as Record<string, unknown>);
}
