/**
 * Start-up checks for the process that creates isolates (SBX-01, SBX-02): Node.js 24 or newer,
 * isolated-vm 7.0.1 or newer (GHSA-864f-rcv7-6rh4 is fixed there), and `--no-node-snapshot` in
 * `process.execArgv` or `NODE_OPTIONS` (without it isolated-vm crashes at random later, which is
 * much worse than refusing to start).
 *
 * The check is a pure function of {@link ProcessFacts} so tests can simulate old versions and a
 * missing flag; {@link currentProcessFacts} reads them from the running process.
 * Does NOT create isolates.
 * @module
 */
import { createRequire } from 'node:module';
import { RuntimeError } from './errors.ts';

/** Oldest supported Node.js major version. */
export const MIN_NODE_MAJOR = 24;
/** Oldest supported isolated-vm version. */
export const MIN_ISOLATED_VM: readonly [number, number, number] = [7, 0, 1];

/** What the check looks at. */
export interface ProcessFacts {
  /** `process.versions.node`, e.g. `"24.3.0"`. */
  readonly nodeVersion: string;
  /** isolated-vm's package version, or `undefined` if it cannot be found. */
  readonly isolatedVmVersion: string | undefined;
  readonly execArgv: readonly string[];
  /** `process.env.NODE_OPTIONS`. */
  readonly nodeOptions: string | undefined;
}

function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3])];
}

function atLeast(v: readonly [number, number, number], min: readonly [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    if ((v[i] as number) !== (min[i] as number)) return (v[i] as number) > (min[i] as number);
  }
  return true;
}

/** The facts of the running process. */
export function currentProcessFacts(): ProcessFacts {
  let isolatedVmVersion: string | undefined;
  try {
    const require = createRequire(import.meta.url);
    isolatedVmVersion = (require('isolated-vm/package.json') as { version?: unknown }).version as string | undefined;
  } catch {
    isolatedVmVersion = undefined;
  }
  return { nodeVersion: process.versions.node, isolatedVmVersion, execArgv: process.execArgv, nodeOptions: process.env['NODE_OPTIONS'] };
}

/**
 * Throws a {@link RuntimeError} naming the first unmet requirement (RT_ERR_NODE_VERSION,
 * RT_ERR_ISOLATED_VM_VERSION, RT_ERR_NO_SNAPSHOT_FLAG).
 * @example checkEnvironment(); // at start-up, before the first isolate
 */
export function checkEnvironment(facts: ProcessFacts = currentProcessFacts()): void {
  const node = parseVersion(facts.nodeVersion);
  if (node === undefined || node[0] < MIN_NODE_MAJOR) {
    throw new RuntimeError('RT_ERR_NODE_VERSION', `Node.js ${MIN_NODE_MAJOR} or newer is required, found ${JSON.stringify(facts.nodeVersion)}`, {
      metaMessages: ['Run the project through npm scripts or node_modules/.bin/node (the "node" dependency pins Node 24).'],
    });
  }
  const ivm = facts.isolatedVmVersion === undefined ? undefined : parseVersion(facts.isolatedVmVersion);
  if (ivm === undefined || !atLeast(ivm, MIN_ISOLATED_VM)) {
    throw new RuntimeError('RT_ERR_ISOLATED_VM_VERSION', `isolated-vm ${MIN_ISOLATED_VM.join('.')} or newer is required, found ${JSON.stringify(facts.isolatedVmVersion ?? 'none')}`, {
      metaMessages: ['Older versions are affected by GHSA-864f-rcv7-6rh4; run npm install.'],
    });
  }
  const options = (facts.nodeOptions ?? '').split(/\s+/);
  if (!facts.execArgv.includes('--no-node-snapshot') && !options.includes('--no-node-snapshot')) {
    throw new RuntimeError('RT_ERR_NO_SNAPSHOT_FLAG', 'the process must be started with --no-node-snapshot (isolated-vm requires it)', {
      metaMessages: ['Start node with --no-node-snapshot, or set NODE_OPTIONS=--no-node-snapshot.'],
    });
  }
}
