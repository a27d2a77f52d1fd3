/**
 * Range certificates of sealed numbers (runtime/zk/sealed-range.ts): completeness, binding to the
 * commitment and the certificate domain only (CRY-07), values ≥ 2^64 and negative values cannot be
 * certified, strict decoding of the commitment and of every point/scalar slot (CRY-08), forged,
 * absent, truncated and moved certificates, and batch verdicts.
 */
import { describe, expect, it } from 'vitest';
import {
  createCommitment,
  encodePoint,
  GROUP_ORDER,
  PEDERSEN_G,
  PEDERSEN_H,
  proveRange,
  proveSealedRange,
  SEALED_RANGE_CERTIFICATE_SIZE,
  SEALED_RANGE_CONTEXT,
  SEALED_RANGE_PROTOCOL,
  verifySealedRange,
  verifySealedRangeBatch,
  ZkError,
} from '../../../runtime/zk/index.ts';
import { codeOf, le, withBytes } from './helpers.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const thrown = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ZkError) return e.code;
    throw e;
  }
  return undefined;
};

describe('sealed-value range certificates', () => {
  const a = createCommitment(125_000_00n);
  const cert = proveSealedRange(a.commitment, a.opening);
  const b = createCommitment(7n);
  const certB = proveSealedRange(hex(b.commitment), b.opening);

  it('a certificate is one 64-bit range proof (673 bytes) and verifies as bytes or hex', () => {
    expect(SEALED_RANGE_CERTIFICATE_SIZE).toBe(673);
    expect(cert.length).toBe(673);
    expect(verifySealedRange(a.commitment, cert)).toEqual({ ok: true });
    expect(verifySealedRange(hex(a.commitment), hex(cert))).toEqual({ ok: true });
    expect(verifySealedRange(hex(b.commitment), certB)).toEqual({ ok: true });
    const edge = createCommitment((1n << 64n) - 1n);
    expect(verifySealedRange(edge.commitment, proveSealedRange(edge.commitment, edge.opening))).toEqual({ ok: true });
    const zero = createCommitment(0n);
    expect(verifySealedRange(zero.commitment, proveSealedRange(zero.commitment, zero.opening))).toEqual({ ok: true });
  });

  it('a certificate for another commitment (even one hiding the same value) is rejected', () => {
    expect(codeOf(verifySealedRange(b.commitment, cert))).toBe('ZK_ERR_PROOF_REJECTED');
    const same = createCommitment(125_000_00n);
    expect(codeOf(verifySealedRange(same.commitment, cert))).toBe('ZK_ERR_PROOF_REJECTED');
  });

  it('a range proof made under another domain or context is not a certificate (moved proof)', () => {
    const other = proveRange({ binding: { domain: 'covenant:relation:v1/covenant:zk:relation:v3', context: 'ctx', relation: 'x#range' }, bits: 64, commitments: [a.commitment], openings: [a.opening] });
    expect(other.length).toBe(673);
    expect(codeOf(verifySealedRange(a.commitment, other))).toBe('ZK_ERR_PROOF_REJECTED');
    const otherContext = proveRange({ binding: { domain: SEALED_RANGE_PROTOCOL, context: `${SEALED_RANGE_CONTEXT}/contract`, relation: 'sealed value in [0, 2^64)' }, bits: 64, commitments: [a.commitment], openings: [a.opening] });
    expect(codeOf(verifySealedRange(a.commitment, otherContext))).toBe('ZK_ERR_PROOF_REJECTED');
    // A 32-bit range proof (481 bytes) has the wrong length.
    const short = proveRange({ binding: { domain: SEALED_RANGE_PROTOCOL, context: SEALED_RANGE_CONTEXT }, bits: 32, commitments: [b.commitment], openings: [b.opening] });
    expect(codeOf(verifySealedRange(b.commitment, short))).toBe('ZK_ERR_INVALID_ENCODING');
  });

  it('values ≥ 2^64 and negative values cannot be certified; a wrong opening is refused', () => {
    const big = 1n << 64n;
    const r = 11n;
    const c = encodePoint(PEDERSEN_G.multiply(big).add(PEDERSEN_H.multiply(r)));
    expect(thrown(() => proveSealedRange(c, { value: big, blinding: r }))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    const neg = encodePoint(PEDERSEN_G.multiply(GROUP_ORDER - 1n).add(PEDERSEN_H.multiply(r)));
    expect(thrown(() => proveSealedRange(neg, { value: -1n, blinding: r }))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    // Claiming ℓ − 1 as a (huge) value of the same point is out of range too.
    expect(thrown(() => proveSealedRange(neg, { value: GROUP_ORDER - 1n, blinding: r }))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    expect(thrown(() => proveSealedRange(a.commitment, { value: 1n, blinding: a.opening.blinding }))).toBe('ZK_ERR_INVALID_ARGUMENT');
    // A certificate of a small value does not certify the commitment shifted by 2^64·G.
    const shifted = encodePoint(PEDERSEN_G.multiply(1n << 64n).add(PEDERSEN_G.multiply(7n)).add(PEDERSEN_H.multiply(b.opening.blinding)));
    expect(codeOf(verifySealedRange(shifted, certB))).toBe('ZK_ERR_PROOF_REJECTED');
  });

  it('forged, absent, truncated, extended or badly encoded certificates are rejected', () => {
    for (const at of [1, 40, 100, 140, 200, 300, 400, 500, 600, 672]) {
      const p = cert.slice();
      p[at] = (p[at] as number) ^ 1;
      expect(verifySealedRange(a.commitment, p).ok, `byte ${at}`).toBe(false);
    }
    expect(codeOf(verifySealedRange(a.commitment, ''))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment, new Uint8Array(0)))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment, cert.subarray(0, 672)))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment, new Uint8Array([...cert, 0])))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment, hex(cert).toUpperCase()))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment, withBytes(cert, 0, Uint8Array.of(0x05))))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment, null as never))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(hex(a.commitment).toUpperCase(), cert))).toBe('ZK_ERR_INVALID_ENCODING');
    expect(codeOf(verifySealedRange(a.commitment.subarray(0, 31), cert))).toBe('ZK_ERR_INVALID_ENCODING');
  });

  it('identity and non-canonical points, scalars ≥ ℓ (commitment and every kind of slot)', () => {
    expect(codeOf(verifySealedRange(new Uint8Array(32), cert))).toBe('ZK_ERR_IDENTITY_POINT');
    expect(codeOf(verifySealedRange(new Uint8Array(32).fill(0xff), cert))).toBe('ZK_ERR_INVALID_POINT');
    // Points A, S, T1, T2 at 1 + 32·i; L/R from 1 + 32·7.
    for (const at of [1, 33, 65, 97, 1 + 32 * 7, 1 + 32 * 8]) {
      expect(codeOf(verifySealedRange(a.commitment, withBytes(cert, at, new Uint8Array(32)))), `identity at ${at}`).toBe('ZK_ERR_IDENTITY_POINT');
      expect(codeOf(verifySealedRange(a.commitment, withBytes(cert, at, new Uint8Array(32).fill(0xff)))), `non-canonical at ${at}`).toBe('ZK_ERR_INVALID_POINT');
    }
    // Scalars τx, μ, t̂ at 1 + 32·4 … and a, b at the end.
    for (const at of [1 + 32 * 4, 1 + 32 * 5, 1 + 32 * 6, 673 - 64, 673 - 32]) {
      expect(codeOf(verifySealedRange(a.commitment, withBytes(cert, at, le(GROUP_ORDER)))), `ℓ at ${at}`).toBe('ZK_ERR_INVALID_SCALAR');
      const s = cert.subarray(at, at + 32);
      let v = 0n;
      for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(s[i] as number);
      if (v + GROUP_ORDER < 1n << 256n) expect(codeOf(verifySealedRange(a.commitment, withBytes(cert, at, le(v + GROUP_ORDER)))), `s + ℓ at ${at}`).toBe('ZK_ERR_INVALID_SCALAR');
    }
  });

  it('batch: one verdict per item, in order; a bad one fails alone', () => {
    expect(verifySealedRangeBatch([])).toEqual([]);
    expect(verifySealedRangeBatch([{ commitment: a.commitment, certificate: cert }, { commitment: hex(b.commitment), certificate: hex(certB) }])).toEqual([{ ok: true }, { ok: true }]);
    const bad = cert.slice();
    bad[672] = (bad[672] as number) ^ 1;
    const verdicts = verifySealedRangeBatch([
      { commitment: a.commitment, certificate: bad },
      { commitment: b.commitment, certificate: certB },
      { commitment: b.commitment, certificate: cert },
      { commitment: a.commitment, certificate: 'zz' },
      null as never,
    ]);
    expect(verdicts.map((v) => v.ok)).toEqual([false, true, false, false, false]);
    expect(verifySealedRangeBatch([{ commitment: a.commitment, certificate: cert }])).toEqual([{ ok: true }]);
  });
});
