/**
 * The public face of `node/execution/`: applying a block's transactions to committed state
 * ({@link applyBlock}) and the node-level account nonces it keeps in state.
 *
 * It does NOT store, gossip or schedule blocks.
 * @module
 */
export * from './executor.ts';
export * from './cached-source.ts';
export * from './triggers.ts';
export * from './schedule.ts';
export * from './proofs.ts';
export * from './key-registry.ts';
