/**
 * Relation proofs from real ABI relation descriptions (compiled `prove(...)`): completeness over
 * random sealed Money/Decimal/Int values, rejection of wrong public values, swapped commitments,
 * another relation index / contract / transaction / domain, tampered proofs (CRY-07, CRY-08), and
 * the clear `ZK_ERR_UNSUPPORTED_RELATION` for shapes beyond one sealed division and two-factor products.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AbiRelation } from '../../../compiler/artifact.ts';
import { compile } from '../../../compiler/pipeline.ts';
import {
  commitmentHex,
  createCommitment,
  proveRelation,
  relationStatement,
  RelationError,
  RELATION_COMPARISON_PROOF_SIZE,
  RELATION_EQUALITY_PROOF_SIZE,
  verifyRelation,
  ZkError,
  type RelationBinding,
  type RelationVerifyResult,
  type SealedOperand,
} from '../../../runtime/zk/index.ts';

const SOURCE = `
@contract
export class Cover {
  limit: Money<'USD'> = money(100, 'USD');
  fee: Money<'USD'> = money(1, 'USD');
  rate: Decimal = 0.8;
  count: Int = 3;
  constructor() {}
  @entry sum(a: Sealed<Money<'USD'>>, b: Sealed<Money<'USD'>>, c: Sealed<Money<'USD'>>): void { prove(a + b == c); }
  @entry atLimit(x: Sealed<Money<'USD'>>): void { prove(x == this.limit); }
  @entry share(f: Sealed<Money<'USD'>>, i: Sealed<Money<'USD'>>): void { prove(f == i * 0.8 - this.fee); }
  @entry scaled(d: Sealed<Decimal>, e: Sealed<Decimal>): void { prove(d * this.rate + 1.25 == e - this.count); }
  @entry within(x: Sealed<Money<'USD'>>): void { prove(x <= this.limit); }
  @entry below(x: Sealed<Money<'USD'>>): void { prove(x < this.limit); }
  @entry above(x: Sealed<Money<'USD'>>): void { prove(x >= this.fee); }
  @entry halves(x: Sealed<Money<'USD'>>, y: Sealed<Money<'USD'>>): void { prove(x / 2 == y); }
  @entry product(x: Sealed<Int>, y: Sealed<Int>, z: Sealed<Int>): void { prove(x * y == z); }
  @entry sealedInt(n: Sealed<Int>): void { prove(n == this.count); }
  @entry claimable(claim: Sealed<Money<'USD'>>, deductible: Sealed<Money<'USD'>>): void { prove(claim - deductible <= this.limit * 0.8); }
  @entry exceeds(d: Sealed<Decimal>, e: Sealed<Decimal>): void { prove(d > e + this.rate); }
}
`;

const compiled = compile({ inputs: [{ path: 'cover.contract.ts', text: SOURCE }] });
const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
const relations = compiled.artifacts[0]?.abi.relations ?? [];
const rel = (text: string): AbiRelation => {
  const r = relations.find((x) => x.text === text);
  if (r === undefined) throw new Error(`no relation ${text}; have ${relations.map((x) => x.text).join(' | ')}`);
  return r;
};

const binding: RelationBinding = { domain: 'covenant:test', contract: 'cov1contractaddress', transaction: 'tx-0001' };
const usd = (minor: bigint): { amount: string; currency: string } => {
  const neg = minor < 0n;
  const m = neg ? -minor : minor;
  return { amount: `${neg ? '-' : ''}${m / 100n}.${(m % 100n).toString().padStart(2, '0')}`, currency: 'USD' };
};
const codeOf = (r: RelationVerifyResult): string | undefined => (r.ok ? undefined : r.code);
const inputsOf = (pub: readonly unknown[], sealed: readonly SealedOperand[]): string =>
  JSON.stringify({ public: pub, sealed: sealed.map((s) => commitmentHex(s.commitment as Uint8Array)) });
const sealedOf = (v: bigint): SealedOperand => createCommitment(v);
const minor = fc.bigInt({ min: 0n, max: (1n << 40n) - 1n });

describe('relations from compiled prove(...)', () => {
  it('compiles the test contract', () => {
    expect(errors).toEqual([]);
    expect(relations.map((r) => r.op)).toEqual(['==', '==', '==', '==', '<=', '<', '>=', '==', '==', '==', '<=', '>']);
  });

  it('maps a + b == c to [1, 1, -1], k = 0 (USD minor units, equation × 10^2)', () => {
    expect(relationStatement(rel('a + b == c'), [])).toEqual({
      terms: [{ sealed: 0, coefficient: 1n }, { sealed: 1, coefficient: 1n }, { sealed: 2, coefficient: -1n }], constant: 0n, scale: 2, exponent: 2,
    });
  });

  it('maps x == this.limit to [1], k = -minor units of the limit', () => {
    expect(relationStatement(rel('x == this.limit'), [usd(12345n)])).toEqual({ terms: [{ sealed: 0, coefficient: 1n }], constant: -12345n, scale: 2, exponent: 2 });
  });

  it('scales by the smallest power of ten: f == i * 0.8 - fee → 10f − 8i + 10·fee = 0', () => {
    expect(relationStatement(rel('f == i * 0.8 - this.fee'), [usd(150n)])).toEqual({
      terms: [{ sealed: 0, coefficient: 10n }, { sealed: 1, coefficient: -8n }], constant: 1500n, scale: 3, exponent: 2,
    });
  });

  it('commits sealed decimals at 10^6: d·0.8 + 1.25 == e − count', () => {
    const s = relationStatement(rel('d * this.rate + 1.25 == e - this.count'), ['0.8', '3']);
    // 0.8·d/10^6 − e/10^6 + 4.25 = 0, ×10^7: 8d − 10e + 42_500_000 = 0
    expect(s).toEqual({ terms: [{ sealed: 0, coefficient: 8n }, { sealed: 1, coefficient: -10n }], constant: 42_500_000n, scale: 7, exponent: 6 });
  });

  it('a + b == c: random values prove and verify; a wrong sum cannot be proven', () => {
    const r = rel('a + b == c');
    fc.assert(
      fc.property(minor, minor, fc.string(), (a, b, tx) => {
        const s = [sealedOf(a), sealedOf(b), sealedOf(a + b)];
        const bnd = { ...binding, transaction: tx };
        const proof = proveRelation(r, [], s, bnd);
        expect(verifyRelation(r, inputsOf([], s), proof, bnd)).toEqual({ ok: true });
        const bad = [s[0]!, s[1]!, sealedOf(a + b + 1n)];
        expect(() => proveRelation(r, [], bad, bnd)).toThrow(ZkError);
      }),
      { numRuns: 3 },
    );
  });

  it('x == this.limit and the 0.8 share: random values prove and verify', () => {
    const r = rel('x == this.limit');
    const sh = rel('f == i * 0.8 - this.fee');
    fc.assert(
      fc.property(minor, fc.bigInt({ min: 0n, max: 10_000n }), (v, fee) => {
        const x = [sealedOf(v)];
        expect(verifyRelation(r, inputsOf([usd(v)], x), proveRelation(r, [usd(v)], x, binding), binding)).toEqual({ ok: true });
        // f = 0.8·i − fee exactly in minor units: pick i a multiple of 5 and fee ≤ 0.8·i.
        const i = v * 5n + fee * 5n;
        const f = (i * 4n) / 5n - fee;
        const s = [sealedOf(f), sealedOf(i)];
        expect(verifyRelation(sh, inputsOf([usd(fee)], s), proveRelation(sh, [usd(fee)], s, binding), binding)).toEqual({ ok: true });
      }),
      { numRuns: 4 },
    );
  });

  it('sealed decimals and ints prove and verify', () => {
    const r = rel('d * this.rate + 1.25 == e - this.count');
    // d = 2.5 → 2_500_000; e = 0.8·2.5 + 1.25 + 3 = 6.25 → 6_250_000
    const s = [sealedOf(2_500_000n), sealedOf(6_250_000n)];
    expect(verifyRelation(r, inputsOf(['0.8', '3'], s), proveRelation(r, ['0.8', '3'], s, binding), binding)).toEqual({ ok: true });
    const n = rel('n == this.count');
    const c = [sealedOf(3n)];
    expect(verifyRelation(n, inputsOf(['3'], c), proveRelation(n, ['3'], c, binding), binding)).toEqual({ ok: true });
  });

  describe('rejection', () => {
    const r = rel('x == this.limit');
    const x = [sealedOf(10_000n)];
    const pub = [usd(10_000n)];
    const proof = proveRelation(r, pub, x, binding);
    const sum = rel('a + b == c');
    const s = [sealedOf(300n), sealedOf(500n), sealedOf(800n)];
    const sumProof = proveRelation(sum, [], s, binding);

    it('the honest proof verifies', () => {
      expect(verifyRelation(r, inputsOf(pub, x), proof, binding)).toEqual({ ok: true });
      expect(verifyRelation(sum, { public: [], sealed: s.map((o) => commitmentHex(o.commitment as Uint8Array)) }, sumProof, binding)).toEqual({ ok: true });
    });

    it('a wrong public value', () => {
      fc.assert(
        fc.property(minor.filter((v) => v !== 10_000n), (v) => {
          expect(codeOf(verifyRelation(r, inputsOf([usd(v)], x), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
        }),
        { numRuns: 10 },
      );
      expect(codeOf(verifyRelation(r, inputsOf([{ amount: '100.00', currency: 'EUR' }], x), proof, binding))).toBe('ZK_ERR_INVALID_ARGUMENT');
      expect(codeOf(verifyRelation(r, inputsOf([{ amount: '100.0', currency: 'USD' }], x), proof, binding))).toBe('ZK_ERR_INVALID_ARGUMENT');
    });

    it('swapped or substituted commitments', () => {
      expect(codeOf(verifyRelation(sum, inputsOf([], [s[1]!, s[0]!, s[2]!]), sumProof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(sum, inputsOf([], [s[0]!, s[2]!, s[1]!]), sumProof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(r, inputsOf(pub, [sealedOf(10_000n)]), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(sum, inputsOf([], s.slice(0, 2)), sumProof, binding))).toBe('ZK_ERR_INVALID_ARGUMENT');
      expect(codeOf(verifyRelation(r, JSON.stringify({ public: pub, sealed: ['00'.repeat(32)] }), proof, binding))).toBe('ZK_ERR_IDENTITY_POINT');
      expect(codeOf(verifyRelation(r, JSON.stringify({ public: pub, sealed: ['AB'.repeat(32)] }), proof, binding))).toBe('ZK_ERR_INVALID_ENCODING');
    });

    it('another relation index, relation text, contract, transaction or domain', () => {
      expect(codeOf(verifyRelation({ ...r, index: r.index + 1 }, inputsOf(pub, x), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation({ ...r, text: 'x == this.otherLimit' }, inputsOf(pub, x), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(r, inputsOf(pub, x), proof, { ...binding, contract: 'cov1other' }))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(r, inputsOf(pub, x), proof, { ...binding, transaction: 'tx-0002' }))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(r, inputsOf(pub, x), proof, { ...binding, domain: 'covenant:mainnet' }))).toBe('ZK_ERR_PROOF_REJECTED');
      // The same statement ([1], k) under the sealed-int relation n == this.count is another relation.
      const n = rel('n == this.count');
      expect(codeOf(verifyRelation(n, inputsOf(['10000'], x), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
    });

    it('tampered, truncated or re-tagged proofs', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: proof.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
          const p = proof.slice();
          p[at] = (p[at] as number) ^ (1 << bit);
          expect(verifyRelation(r, inputsOf(pub, x), p, binding).ok).toBe(false);
        }),
        { numRuns: 40 },
      );
      expect(codeOf(verifyRelation(r, inputsOf(pub, x), proof.subarray(0, proof.length - 1), binding))).toBe('ZK_ERR_INVALID_ENCODING');
      // v3: every equality without products or division is one 67-byte linear proof; another statement's is rejected.
      expect(sumProof.length).toBe(RELATION_EQUALITY_PROOF_SIZE);
      expect(codeOf(verifyRelation(r, inputsOf(pub, x), sumProof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      // Another equality proof of the same size, for another statement.
      const other = proveRelation(rel('n == this.count'), ['3'], [sealedOf(3n)], binding);
      expect(codeOf(verifyRelation(r, inputsOf(pub, x), other, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(r, 'not json', proof, binding))).toBe('ZK_ERR_INVALID_ENCODING');
    });
  });

  describe('comparisons (slack commitment + 64-bit range proof)', () => {
    const falseProof = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ZkError);
        return (e as ZkError).code;
      }
      return undefined;
    };

    it('computes the slack statement: x <= limit → limit − x ≥ 0, x < limit → limit − x − 1 ≥ 0, x >= fee → x − fee ≥ 0', () => {
      for (const [text, offset, coeff, k] of [['x <= this.limit', 0n, -1n, 10_000n], ['x < this.limit', 1n, -1n, 10_000n], ['x >= this.fee', 0n, 1n, -10_000n]] as const) {
        expect(relationStatement(rel(text), [usd(10_000n)])).toEqual({ terms: [{ sealed: 0, coefficient: coeff }], constant: k, scale: 2, exponent: 2, slack: { offset } });
      }
      // claim − deductible <= 0.8·limit (limit 100.00): 0.8·100.00 = 80.00, ×10^2: −claim + deductible + 8000 ≥ 0
      const cl = rel('claim - deductible <= this.limit * 0.8');
      expect(relationStatement(cl, [usd(10_000n)])).toEqual({
        terms: [{ sealed: 0, coefficient: -1n }, { sealed: 1, coefficient: 1n }], constant: 8000n, scale: 2, exponent: 2, slack: { offset: 0n },
      });
      // limit 100.01: 0.8·100.01 = 80.008 needs ×10^3: −10·claim + 10·deductible + 80008 ≥ 0
      expect(relationStatement(cl, [usd(10_001n)])).toEqual({
        terms: [{ sealed: 0, coefficient: -10n }, { sealed: 1, coefficient: 10n }], constant: 80_008n, scale: 3, exponent: 2, slack: { offset: 0n },
      });
    });

    it('boundaries: equal proves <= and >= but not <; one below proves <; one over proves nothing', () => {
      const limit = [usd(10_000n)];
      const at = [sealedOf(10_000n)];
      const under = [sealedOf(9_999n)];
      const over = [sealedOf(10_001n)];
      const le = rel('x <= this.limit');
      const lt = rel('x < this.limit');
      const ge = rel('x >= this.fee');
      const p = proveRelation(le, limit, at, binding);
      expect(p.length).toBe(RELATION_COMPARISON_PROOF_SIZE);
      // v3: the sealed operand is certified, not range-proven: only the slack t is (one 64-bit proof).
      expect(RELATION_COMPARISON_PROOF_SIZE).toBe(2 + 32 + 65 + 673);
      expect(RELATION_EQUALITY_PROOF_SIZE).toBe(2 + 65);
      expect(verifyRelation(le, inputsOf(limit, at), p, binding)).toEqual({ ok: true });
      expect(verifyRelation(lt, inputsOf(limit, under), proveRelation(lt, limit, under, binding), binding)).toEqual({ ok: true });
      expect(verifyRelation(ge, inputsOf(limit, at), proveRelation(ge, limit, at, binding), binding)).toEqual({ ok: true });
      expect(falseProof(() => proveRelation(lt, limit, at, binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
      expect(falseProof(() => proveRelation(le, limit, over, binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
      expect(falseProof(() => proveRelation(ge, limit, under, binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
      // The <= proof at the boundary does not verify as a < proof, nor for a value one over.
      expect(codeOf(verifyRelation(lt, inputsOf(limit, at), p, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      expect(codeOf(verifyRelation(le, inputsOf(limit, over), p, binding))).toBe('ZK_ERR_PROOF_REJECTED');
      // A wrong opening is refused before anything is proven.
      expect(falseProof(() => proveRelation(le, limit, [{ commitment: at[0]!.commitment, opening: under[0]!.opening }], binding))).toBe('ZK_ERR_INVALID_ARGUMENT');
    });

    it('strict > over sealed decimals: d > e + rate', () => {
      const r = rel('d > e + this.rate');
      // e = 1.2, rate 0.8: d must exceed 2.0 (committed at 10^6)
      const e = sealedOf(1_200_000n);
      const ok = [sealedOf(2_000_001n), e];
      expect(verifyRelation(r, inputsOf(['0.8'], ok), proveRelation(r, ['0.8'], ok, binding), binding)).toEqual({ ok: true });
      expect(falseProof(() => proveRelation(r, ['0.8'], [sealedOf(2_000_000n), e], binding))).toBe('ZK_ERR_VALUE_OUT_OF_RANGE');
    });

    describe('rejection: claim − deductible <= 0.8·limit', () => {
      const r = rel('claim - deductible <= this.limit * 0.8');
      const pub = [usd(10_000n)];
      // claim 90.00, deductible 15.00: 75.00 <= 80.00
      const s = [sealedOf(9_000n), sealedOf(1_500n)];
      const proof = proveRelation(r, pub, s, binding);
      const other = proveRelation(r, pub, s, binding);
      const ok = (p: Uint8Array, inputs = inputsOf(pub, s), b = binding): RelationVerifyResult => verifyRelation(r, inputs, p, b);

      it('the honest proofs verify (fresh slack blinding each time)', () => {
        expect(ok(proof)).toEqual({ ok: true });
        expect(ok(other)).toEqual({ ok: true });
        expect(Buffer.from(proof.subarray(2, 34)).equals(Buffer.from(other.subarray(2, 34)))).toBe(false);
      });

      it('another relation, contract, transaction, domain or public value', () => {
        expect(codeOf(verifyRelation({ ...r, index: r.index + 1 }, inputsOf(pub, s), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(verifyRelation({ ...r, op: '<' }, inputsOf(pub, s), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(verifyRelation({ ...r, text: 'claim - deductible <= this.cap * 0.8' }, inputsOf(pub, s), proof, binding))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf(pub, s), { ...binding, contract: 'cov1other' }))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf(pub, s), { ...binding, transaction: 'tx-0002' }))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf(pub, s), { ...binding, domain: 'covenant:mainnet' }))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf([usd(10_001n)], s)))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf([usd(9_375n)], s)))).toBe('ZK_ERR_PROOF_REJECTED');
      });

      it('swapped or substituted commitments', () => {
        expect(codeOf(ok(proof, inputsOf(pub, [s[1]!, s[0]!])))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf(pub, [sealedOf(9_000n), s[1]!])))).toBe('ZK_ERR_PROOF_REJECTED');
        expect(codeOf(ok(proof, inputsOf(pub, [s[0]!])))).toBe('ZK_ERR_INVALID_ARGUMENT');
      });

      it('tampering any section: version, kind, C_t, linear proof, range proof; splicing halves of two proofs', () => {
        const rangeStart = 2 + 32 + 65;
        // version, kind, C_t, linear tag/A/s, range tag, then A, S, T1, T2, τx, μ, t̂, L_0…R_6 and the last byte (b)
        const at = [0, 1, 2, 20, 33, 34, 40, 70, 98, rangeStart, ...Array.from({ length: 20 }, (_, i) => rangeStart + 1 + 32 * i + 7), proof.length - 1];
        for (const i of at) {
          const p = proof.slice();
          p[i] = (p[i] as number) ^ 0x04;
          expect(ok(p).ok, `byte ${i}`).toBe(false);
        }
        const splice = (from: number, to: number): Uint8Array => {
          const p = proof.slice();
          p.set(other.subarray(from, to), from);
          return p;
        };
        expect(codeOf(ok(splice(2, 34)))).toBe('ZK_ERR_PROOF_REJECTED'); // other C_t
        expect(codeOf(ok(splice(34, 99)))).toBe('ZK_ERR_PROOF_REJECTED'); // other linear proof
        expect(codeOf(ok(splice(99, proof.length)))).toBe('ZK_ERR_PROOF_REJECTED'); // other range proof
        expect(codeOf(ok(proof.subarray(0, proof.length - 1)))).toBe('ZK_ERR_INVALID_ENCODING');
        expect(codeOf(ok(new Uint8Array(RELATION_EQUALITY_PROOF_SIZE)))).toBe('ZK_ERR_INVALID_ENCODING');
        // A comparison proof is not an equality proof and vice versa.
        const eq = rel('x == this.limit');
        const x = [sealedOf(10_000n)];
        const eqProof = proveRelation(eq, [usd(10_000n)], x, binding);
        expect(codeOf(verifyRelation(eq, inputsOf([usd(10_000n)], x), proof, binding))).toBe('ZK_ERR_INVALID_ENCODING');
        const relabelled = eqProof.slice();
        relabelled[1] = 0x02;
        const reversioned = eqProof.slice();
        reversioned[0] = 0x02; // a version-2 header
        expect(codeOf(verifyRelation(eq, inputsOf([usd(10_000n)], x), reversioned, binding))).toBe('ZK_ERR_INVALID_ENCODING');
        expect(codeOf(verifyRelation(eq, inputsOf([usd(10_000n)], x), relabelled, binding))).toBe('ZK_ERR_INVALID_ENCODING');
      });
    });
  });

  describe('unsupported shapes', () => {
    it('two sealed divisions, three sealed factors: ZK_ERR_UNSUPPORTED_RELATION', () => {
      const r = { ...rel('x * y == z'), left: { kind: 'mul', left: { kind: 'mul', left: { kind: 'sealed', index: 0 }, right: { kind: 'sealed', index: 1 } }, right: { kind: 'sealed', index: 2 } } } as AbiRelation;
      expect(() => relationStatement(r, [])).toThrow(RelationError);
      const d = { ...rel('x * y == z'), left: { kind: 'add', left: { kind: 'div', left: { kind: 'sealed', index: 0 }, right: { kind: 'sealed', index: 1 } }, right: { kind: 'div', left: { kind: 'sealed', index: 1 }, right: { kind: 'sealed', index: 2 } } } } as AbiRelation;
      expect(() => relationStatement(d, [])).toThrow(RelationError);
      expect(codeOf(verifyRelation(d, inputsOf([], [sealedOf(1n), sealedOf(1n), sealedOf(1n)]), new Uint8Array(67), binding))).toBe('ZK_ERR_UNSUPPORTED_RELATION');
    });
  });
});
