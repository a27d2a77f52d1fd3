/**
 * The public face of `node/producer/`: the single-validator block producer with smart batching.
 *
 * It does NOT admit transactions or run consensus among validators.
 * @module
 */
export * from './block-producer.ts';
