/** Fiat–Shamir transcripts (CRY-07): determinism, domain separation, unambiguous framing. */
import { describe, expect, it } from 'vitest';
import { createTranscript, GROUP_ORDER, ZkError } from '../../../runtime/zk/index.ts';

const challenge = (domain: string, ...appends: [string, string | Uint8Array][]): bigint => {
  const t = createTranscript(domain);
  for (const [l, d] of appends) t.append(l, d);
  return t.challengeScalar('c');
};

describe('transcript', () => {
  it('challengeScalar() is deterministic and below ℓ', () => {
    const a = challenge('d', ['x', 'hello']);
    expect(a).toBe(challenge('d', ['x', 'hello']));
    expect(a < GROUP_ORDER && a >= 0n).toBe(true);
  });

  it('the challenge depends on the domain, every label, every byte and the order of appends', () => {
    const base = challenge('d', ['x', 'ab'], ['y', 'c']);
    expect(challenge('e', ['x', 'ab'], ['y', 'c'])).not.toBe(base);
    expect(challenge('d', ['x', 'ab'], ['z', 'c'])).not.toBe(base);
    expect(challenge('d', ['x', 'ab'], ['y', 'd'])).not.toBe(base);
    expect(challenge('d', ['y', 'c'], ['x', 'ab'])).not.toBe(base);
    // Framing: moving a byte from one append to the next, or from label to data, changes it.
    expect(challenge('d', ['x', 'a'], ['y', 'bc'])).not.toBe(challenge('d', ['x', 'ab'], ['y', 'c']));
    expect(challenge('d', ['xa', 'b'])).not.toBe(challenge('d', ['x', 'ab']));
    expect(challenge('d', ['x', ''])).not.toBe(challenge('d'));
  });

  it('successive challenges differ and depend on earlier ones', () => {
    const t = createTranscript('d').append('x', 'a');
    const c1 = t.challengeScalar('c');
    const c2 = t.challengeScalar('c');
    expect(c1).not.toBe(c2);
    const u = createTranscript('d').append('x', 'a');
    expect(u.challengeScalar('c')).toBe(c1);
  });

  it('appendInteger() binds sign and magnitude, not residues', () => {
    const c = (n: bigint): bigint => createTranscript('d').appendInteger('k', n).challengeScalar('c');
    expect(c(5n)).not.toBe(c(-5n));
    expect(c(5n)).not.toBe(c(5n + GROUP_ORDER));
    expect(c(0n)).not.toBe(c(-0n - 1n));
  });

  it('refuses empty labels, non-bytes and oversized records', () => {
    expect(() => createTranscript('d').append('', 'x')).toThrow(ZkError);
    expect(() => createTranscript('d').append('x', 5 as unknown as Uint8Array)).toThrow(/"x" expected Uint8Array/);
    expect(() => createTranscript('d').append('x', new Uint8Array((1 << 20) + 1))).toThrow(/at most/);
    expect(() => createTranscript('d').appendScalar('s', GROUP_ORDER)).toThrow(ZkError);
  });
});
