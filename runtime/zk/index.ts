/**
 * Zero-knowledge relation checks over Pedersen commitments (issue 5): nothing-up-my-sleeve
 * generators, commitments with strict point and scalar decoding, Fiat–Shamir transcripts, sigma
 * proofs of opening, equality, linear relations and products, Bulletproofs range proofs (single,
 * aggregated, batch-verified), and ABI relations (`==` and comparisons over linear combinations,
 * sealed × sealed products and one division; single and batch verification) mapped onto them, and
 * the range certificates of sealed numbers (`sealed-range.ts`) that relation soundness rests on.
 * The one entry point of `runtime/zk`.
 *
 * Pure library: no I/O, no state beyond cached generator tables. Does NOT run worker threads
 * (the node's proof workers call {@link verifyRelationsBatch}).
 * @module
 */
export * from './errors.ts';
export * from './generators.ts';
export * from './commitment.ts';
export * from './transcript.ts';
export * from './sigma.ts';
export * from './relations.ts';
// Field helpers of inner-product.ts stay internal; only the argument itself is public.
export { innerProductVerificationScalars, proveInnerProduct, type InnerProductProof, type InnerProductScalars } from './inner-product.ts';
export * from './range-proof.ts';
export * from './product.ts';
export * from './sealed-range.ts';
