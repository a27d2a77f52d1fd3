/**
 * Generators (CRY-06): re-derived independently from the public seed (our own RFC 9380 §5.3.1
 * expand_message_xmd over node:crypto SHA-512, then the RFC 9496 §4.3.4 element derivation),
 * pinned as vectors, pairwise distinct and never the identity.
 */
import { createHash } from 'node:crypto';
import { ristretto255_hasher } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import {
  deriveGenerator,
  GENERATOR_DST,
  GENERATOR_SET_ID,
  PEDERSEN_G,
  PEDERSEN_H,
  PEDERSEN_SEED,
  RistrettoPoint,
  vectorGenerators,
  ZkError,
} from '../../../runtime/zk/index.ts';

const sha512 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-512 and len_in_bytes = 64 (ell = 1). */
function expandXmd64(msg: Uint8Array, dst: string): Uint8Array {
  const d = new TextEncoder().encode(dst);
  const dstPrime = new Uint8Array([...d, d.length]);
  const b0 = sha512(new Uint8Array(128), msg, Uint8Array.of(0, 64), Uint8Array.of(0), dstPrime);
  return sha512(b0, Uint8Array.of(1), dstPrime);
}

function independent(label: string): string {
  const uniform = expandXmd64(new TextEncoder().encode(`covenant:pedersen:v1:${label}`), 'covenant:pedersen:v1:ristretto255_XMD:SHA-512_R255MAP_RO_');
  return ristretto255_hasher.deriveToCurve!(uniform).toHex();
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('generators', () => {
  it('deriveGenerator() matches an independent RFC 9380 / RFC 9496 re-derivation from the public seed', () => {
    expect(PEDERSEN_SEED).toBe('covenant:pedersen:v1');
    expect(GENERATOR_DST).toBe('covenant:pedersen:v1:ristretto255_XMD:SHA-512_R255MAP_RO_');
    expect(PEDERSEN_G.toHex()).toBe(independent('G'));
    expect(PEDERSEN_H.toHex()).toBe(independent('H'));
    const gs = vectorGenerators('G', 4);
    const hs = vectorGenerators('H', 4);
    for (let i = 0; i < 4; i++) {
      expect(gs[i]!.toHex()).toBe(independent(`G/${i}`));
      expect(hs[i]!.toHex()).toBe(independent(`H/${i}`));
    }
  });

  it('G and H are pinned vectors (a change is a consensus change)', () => {
    expect(PEDERSEN_G.toHex()).toBe('a4146779c912d65ba97f5dedb2165792bf3279f9b9b72a5792f97220334e8829');
    expect(PEDERSEN_H.toHex()).toBe('4451d6727ae32fe6e24f1b79461994ea4b533cd8e1610baafd6a96ca3d4e1226');
    const id = createHash('sha512-256').update('covenant:generators:v1').update(PEDERSEN_G.toBytes()).update(PEDERSEN_H.toBytes()).digest();
    expect(hex(GENERATOR_SET_ID)).toBe(id.toString('hex'));
  });

  it('the element derivation agrees with an RFC 9496 Appendix A.3 vector', () => {
    // RFC 9496 A.3: SHA-512("Ristretto is traditionally a short shot of espresso coffee") → element.
    const input = sha512(new TextEncoder().encode('Ristretto is traditionally a short shot of espresso coffee'));
    expect(ristretto255_hasher.deriveToCurve!(input).toHex()).toBe('3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46');
  });

  it('H ≠ G, neither is the identity or the standard base point, and vector generators are distinct', () => {
    expect(PEDERSEN_G.equals(PEDERSEN_H)).toBe(false);
    for (const p of [PEDERSEN_G, PEDERSEN_H]) {
      expect(p.is0()).toBe(false);
      expect(p.equals(RistrettoPoint.BASE)).toBe(false);
    }
    const all = [PEDERSEN_G, PEDERSEN_H, ...vectorGenerators('G', 32), ...vectorGenerators('H', 32)].map((p) => p.toHex());
    expect(new Set(all).size).toBe(all.length);
  });

  it('vectorGenerators() is a stable prefix and refuses bad arguments', () => {
    expect(vectorGenerators('G', 2).map((p) => p.toHex())).toEqual(vectorGenerators('G', 5).slice(0, 2).map((p) => p.toHex()));
    expect(() => vectorGenerators('G', -1)).toThrow(ZkError);
    expect(() => vectorGenerators('G', 5000)).toThrow(/count/);
    expect(() => vectorGenerators('X' as 'G', 1)).toThrow(/family/);
    expect(() => deriveGenerator('')).toThrow(/label/);
  });
});
