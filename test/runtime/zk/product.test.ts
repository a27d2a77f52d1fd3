/**
 * Product proofs (`z = x·y`): completeness, refusal of false statements (prover and a forged
 * proof made with the protocol's own formulas), re-targeting (swapped / other commitments, other
 * domain, context, relation — CRY-07), bit flips and truncation, and identity / non-canonical
 * points and `s + ℓ` scalars in every slot (CRY-08).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commit,
  createCommitment,
  createTranscript,
  encodePoint,
  encodeScalar,
  GENERATOR_SET_ID,
  GROUP_ORDER,
  modOrder,
  PEDERSEN_G,
  PEDERSEN_H,
  PRODUCT_PROOF_SIZE,
  PRODUCT_PROTOCOL,
  proveProduct,
  randomScalar,
  RistrettoPoint,
  verifyProduct,
  type Opening,
  type ProductCommitments,
  type ProofBinding,
  type VerifyResult,
} from '../../../runtime/zk/index.ts';
import { codeOf, le, ok, withBytes } from './helpers.ts';

const binding: ProofBinding = { domain: 'covenant:test:relation:v1', context: 'contract-1/price/tx-1', relation: 'total == price * quantity' };
const readLe = (b: Uint8Array): bigint => {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
};

const price = createCommitment(1_250n);
const quantity = createCommitment(8n);
const total = createCommitment(10_000n);
const commitments: ProductCommitments = { x: price.commitment, y: quantity.commitment, z: total.commitment };
const proof = proveProduct({ binding, commitments, openings: { x: price.opening, y: quantity.opening, z: total.opening } });
const verify = (p: Uint8Array, b: ProofBinding = binding, c: ProductCommitments = commitments): VerifyResult => verifyProduct({ binding: b, commitments: c, proof: p });

/**
 * A cheating prover: runs the protocol's own formulas on the given openings without checking
 * `z = x·y` (what a buggy or malicious prover would send).
 */
function cheat(c: ProductCommitments, o: { x: Opening; y: Opening; z: Opening }): Uint8Array {
  const cy = RistrettoPoint.fromBytes(c.y);
  const rPrime = modOrder(o.z.blinding - o.x.value * o.y.blinding);
  const [ax, bx, ay, by, bz] = [randomScalar(), randomScalar(), randomScalar(), randomScalar(), randomScalar()];
  const Ax = encodePoint(PEDERSEN_G.multiply(ax).add(PEDERSEN_H.multiply(bx)));
  const Ay = encodePoint(PEDERSEN_G.multiply(ay).add(PEDERSEN_H.multiply(by)));
  const Az = encodePoint(cy.multiply(ax).add(PEDERSEN_H.multiply(bz)));
  const t = createTranscript(PRODUCT_PROTOCOL)
    .append('domain', binding.domain)
    .append('context', binding.context)
    .append('generators', GENERATOR_SET_ID)
    .append('kind', 'product')
    .append('relation', binding.relation)
    .append('Cx', c.x).append('Cy', c.y).append('Cz', c.z)
    .append('Ax', Ax).append('Ay', Ay).append('Az', Az);
  const ch = t.challengeScalar('c');
  const parts = [Ax, Ay, Az, ...[ax + ch * o.x.value, bx + ch * o.x.blinding, ay + ch * o.y.value, by + ch * o.y.blinding, bz + ch * rPrime].map((s) => encodeScalar(modOrder(s)))];
  const out = new Uint8Array(PRODUCT_PROOF_SIZE);
  out[0] = 0x05;
  parts.forEach((p, i) => out.set(p, 1 + 32 * i));
  return out;
}

describe('product proofs: completeness', () => {
  it('verifies and has the documented size', () => {
    expect(verify(proof)).toEqual({ ok: true });
    expect(proof.length).toBe(PRODUCT_PROOF_SIZE);
    expect(PRODUCT_PROOF_SIZE).toBe(257);
  });

  it('the cheating-prover helper matches the real protocol on a true statement', () => {
    expect(ok(verify(cheat(commitments, { x: price.opening, y: quantity.opening, z: total.opening })))).toBe(true);
  });

  it('property: random small values (zero, one, squares with C_x = C_y included) verify', () => {
    const small = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });
    fc.assert(
      fc.property(small, small, fc.boolean(), (x, y, square) => {
        const cx = createCommitment(x);
        const cy = square ? cx : createCommitment(y);
        const yv = square ? x : y;
        const cz = createCommitment(x * yv);
        const cs = { x: cx.commitment, y: cy.commitment, z: cz.commitment };
        const p = proveProduct({ binding, commitments: cs, openings: { x: cx.opening, y: cy.opening, z: cz.opening } });
        return ok(verifyProduct({ binding, commitments: cs, proof: p }));
      }),
      { numRuns: 12 },
    );
    for (const [x, y] of [[0n, 0n], [0n, 5n], [1n, 1n], [(1n << 32n) - 1n, (1n << 32n) + 1n]] as const) {
      const a = createCommitment(x), b = createCommitment(y), c = createCommitment(x * y);
      const cs = { x: a.commitment, y: b.commitment, z: c.commitment };
      expect(ok(verifyProduct({ binding, commitments: cs, proof: proveProduct({ binding, commitments: cs, openings: { x: a.opening, y: b.opening, z: c.opening } }) })), `${x}·${y}`).toBe(true);
    }
  });
});

describe('product proofs: false statements', () => {
  it('the prover refuses z ≠ x·y and mismatched openings', () => {
    const wrong = createCommitment(10_001n);
    expect(() => proveProduct({ binding, commitments: { ...commitments, z: wrong.commitment }, openings: { x: price.opening, y: quantity.opening, z: wrong.opening } })).toThrow(/statement is false/);
    expect(() => proveProduct({ binding, commitments, openings: { x: quantity.opening, y: quantity.opening, z: total.opening } })).toThrow(/does not match its opening/);
    expect(() => proveProduct({ binding: { ...binding, domain: '' }, commitments, openings: { x: price.opening, y: quantity.opening, z: total.opening } })).toThrow(/binding.domain/);
  });

  it('a proof made with the protocol formulas for z ≠ x·y is ZK_ERR_PROOF_REJECTED', () => {
    for (const delta of [1n, -1n, 10_000n]) {
      const z = createCommitment(10_000n + delta);
      const cs = { ...commitments, z: z.commitment };
      expect(codeOf(verify(cheat(cs, { x: price.opening, y: quantity.opening, z: z.opening }), binding, cs)), `delta ${delta}`).toBe('ZK_ERR_PROOF_REJECTED');
    }
    // Right value but a blinding that does not open C_z: r' is wrong, the third equation fails.
    const zr = { value: 10_000n, blinding: randomScalar() };
    const cs = { ...commitments, z: encodePoint(commit(zr.value, zr.blinding)) };
    expect(ok(verify(cheat(cs, { x: price.opening, y: quantity.opening, z: { value: 10_000n, blinding: modOrder(zr.blinding + 1n) } }), binding, cs))).toBe(false);
  });

  it('forged proofs (random bytes with the right tag, or valid points and random scalars) are rejected', () => {
    for (let i = 0; i < 5; i++) {
      const forged = new Uint8Array(PRODUCT_PROOF_SIZE);
      crypto.getRandomValues(forged);
      forged[0] = 0x05;
      expect(ok(verify(forged))).toBe(false);
    }
    let f: Uint8Array = proof.slice();
    for (let i = 0; i < 3; i++) f = withBytes(f, 1 + 32 * i, encodePoint(PEDERSEN_H.multiply(BigInt(1000 + i))));
    for (let i = 3; i < 8; i++) f = withBytes(f, 1 + 32 * i, le(BigInt(777 + i)));
    expect(codeOf(verify(f))).toBe('ZK_ERR_PROOF_REJECTED');
  });
});

describe('product proofs: re-targeting (CRY-07)', () => {
  it('swapped C_x / C_y (x ≠ y) is rejected', () => {
    expect(ok(verify(proof, binding, { x: quantity.commitment, y: price.commitment, z: total.commitment }))).toBe(false);
  });

  it('another C_z (even one hiding the same product), another C_x or C_y is rejected', () => {
    const sameProduct = createCommitment(10_000n);
    expect(ok(verify(proof, binding, { ...commitments, z: sameProduct.commitment }))).toBe(false);
    expect(ok(verify(proof, binding, { ...commitments, x: createCommitment(1_250n).commitment }))).toBe(false);
    expect(ok(verify(proof, binding, { ...commitments, y: createCommitment(8n).commitment }))).toBe(false);
    expect(ok(verify(proof, binding, { ...commitments, z: commitments.x }))).toBe(false);
  });

  it('another domain, context (replay) or relation text is rejected; the same context as bytes is accepted', () => {
    expect(ok(verify(proof, { ...binding, domain: 'covenant:other-chain:relation:v1' }))).toBe(false);
    expect(ok(verify(proof, { ...binding, context: 'contract-1/price/tx-2' }))).toBe(false);
    expect(ok(verify(proof, { ...binding, relation: 'total == price + quantity' }))).toBe(false);
    expect(ok(verify(proof, { ...binding, context: new TextEncoder().encode('contract-1/price/tx-1') }))).toBe(true);
  });
});

describe('product proofs: encoding (CRY-08)', () => {
  it('every third single-bit flip is rejected', () => {
    for (let bit = 0; bit < proof.length * 8; bit += 3) {
      const p = proof.slice();
      p[bit >> 3]! ^= 1 << (bit & 7);
      expect(ok(verify(p)), `bit ${bit}`).toBe(false);
    }
  });

  it('truncated, extended, empty, wrong-tag and non-bytes proofs are ZK_ERR_INVALID_ENCODING', () => {
    expect(codeOf(verify(proof.subarray(0, proof.length - 1)))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify(proof.subarray(0, 97)))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify(new Uint8Array([...proof, 0])))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify(new Uint8Array(0)))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify(withBytes(proof, 0, Uint8Array.of(0x01))))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verify('proof' as unknown as Uint8Array))).toBe('ZK_ERR_INVALID_ENCODING');
  });

  it('identity and non-canonical nonce points in every slot are refused', () => {
    const nonCanonical = new Uint8Array(Buffer.from('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'hex'));
    for (let i = 0; i < 3; i++) {
      expect(codeOf(verify(withBytes(proof, 1 + 32 * i, new Uint8Array(32)))), `A${i}`).toBe('ZK_ERR_IDENTITY_POINT');
      expect(codeOf(verify(withBytes(proof, 1 + 32 * i, nonCanonical))), `A${i}`).toBe('ZK_ERR_INVALID_POINT');
    }
  });

  it('s + ℓ, ℓ and 2^256 − 1 in every scalar slot are ZK_ERR_INVALID_SCALAR', () => {
    for (let i = 3; i < 8; i++) {
      const at = 1 + 32 * i;
      const s = readLe(proof.subarray(at, at + 32));
      if (s + GROUP_ORDER < 1n << 256n) expect(codeOf(verify(withBytes(proof, at, le(s + GROUP_ORDER)))), `slot ${i}`).toBe('ZK_ERR_INVALID_SCALAR');
      expect(codeOf(verify(withBytes(proof, at, le(GROUP_ORDER)))), `slot ${i}`).toBe('ZK_ERR_INVALID_SCALAR');
      expect(codeOf(verify(withBytes(proof, at, new Uint8Array(32).fill(0xff)))), `slot ${i}`).toBe('ZK_ERR_INVALID_SCALAR');
    }
  });

  it('identity and non-canonical commitments in the statement are refused without throwing', () => {
    const zero = new Uint8Array(32);
    expect(codeOf(verify(proof, binding, { ...commitments, x: zero }))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(codeOf(verify(proof, binding, { ...commitments, z: zero }))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(codeOf(verify(proof, binding, { ...commitments, y: new Uint8Array(32).fill(0xff) }))).toBe('ZK_ERR_INVALID_POINT');
    expect(codeOf(verify(proof, binding, null as unknown as ProductCommitments))).toBe('ZK_ERR_INVALID_ARGUMENT');
    expect(codeOf(verify(proof, { ...binding, domain: '' }))).toBe('ZK_ERR_INVALID_ARGUMENT');
  });
});
