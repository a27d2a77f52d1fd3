/**
 * An {@link ExecutionSource} over the chain store that keeps decoded contract code in memory.
 * Deployed code never changes at an address, and decoding plus validating an artifact costs about
 * a millisecond, which a one-transaction block would otherwise pay on every call (and the
 * runtime's per-object validation cache only hits when the same object comes back).
 *
 * It does NOT cache state or anything that changes with blocks; absent code is not cached (it may
 * be deployed by the next block).
 * @module
 */
import type { ContractArtifact } from '../../compiler/artifact.ts';
import type { StateDiff } from '../../runtime/index.ts';
import type { ChainStore } from '../store/index.ts';
import type { ExecutionSource } from './executor.ts';

/** Most artifacts kept; the least recently used goes first. */
export const CODE_CACHE_SIZE = 1024;

/** `store` as an execution source with a code cache (see the module comment). */
export function cachedSource(store: ChainStore, size = CODE_CACHE_SIZE): ExecutionSource {
  const code = new Map<string, ContractArtifact>();
  return {
    get state() {
      return store.state;
    },
    get head() {
      return store.head;
    },
    stateRoot: (pending: StateDiff) => store.stateRoot(pending),
    loadCodeSync(address: string) {
      const hit = code.get(address);
      if (hit !== undefined) {
        // Map order is insertion order: re-inserting marks it most recently used.
        code.delete(address);
        code.set(address, hit);
        return hit;
      }
      const artifact = store.loadCodeSync(address);
      if (artifact !== undefined) {
        if (code.size >= size) code.delete(code.keys().next().value as string);
        code.set(address, artifact);
      }
      return artifact;
    },
  };
}
