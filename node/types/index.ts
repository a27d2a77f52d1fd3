/**
 * The public face of `node/types/`, the node's leaf package (CometBFT `types/`): keys and
 * addresses, transactions, receipts, blocks and the Merkle tree. Everything here is pure data and
 * pure functions; the rest of `node/` imports these types only through this file.
 *
 * It does NOT do I/O, hold state, or import anything from `node/` but `node/errors.ts`.
 * @module
 */
export * from './keys.ts';
export * from './tx.ts';
export * from './receipt.ts';
export * from './block.ts';
export * from './merkle.ts';
export * from './state-tree.ts';
