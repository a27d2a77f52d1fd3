/**
 * The public face of `node/mempool/`: pending transactions ({@link Mempool}), and signature and
 * relation-proof verification for admission, inline or on worker threads.
 *
 * It does NOT execute transactions or produce blocks.
 * @module
 */
export * from './mempool.ts';
export * from './signature-verifier.ts';
export * from './proof-verifier.ts';
