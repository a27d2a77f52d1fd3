/**
 * Field-level sealed data: the one entry of `runtime/crypto/`. Sealing and opening one field
 * ({@link sealField}, {@link openField}), X25519 grants of a field's data key
 * ({@link wrapDataKey}, {@link unwrapDataKey}) and the revocation model ({@link rotate}). The model,
 * the byte layouts and the limits are in `docs/privacy-sealing.md`.
 *
 * Does NOT implement value commitments or relation proofs (`runtime/zk/`), record grants on chain,
 * or run during consensus execution: sealing and opening happen in clients, never in the node.
 * @module
 */
export * from './errors.ts';
export * from './envelope.ts';
export * from './grants.ts';
