/**
 * The public face of `node/store/`, the node's storage layer over LevelDB: the key layout, the
 * database handle, and the chain store (atomic block commits, reads, committed state view, state
 * root).
 *
 * It does NOT execute, order or validate transactions beyond what keeps the store consistent.
 * @module
 */
export * from './keys.ts';
export * from './db.ts';
export * from './chain-store.ts';
