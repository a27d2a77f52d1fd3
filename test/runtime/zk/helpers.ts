/** Small helpers of the zero-knowledge tests: verdicts, raw little-endian scalars, byte splicing. */
import type { VerifyResult } from '../../../runtime/zk/index.ts';

export const ok = (r: VerifyResult): boolean => r.ok;
export const codeOf = (r: { readonly ok: boolean; readonly code?: string }): string | undefined => (r.ok ? undefined : r.code);

/** 32 bytes little-endian, without the `< ℓ` check (to build non-canonical scalars). */
export const le = (n: bigint): Uint8Array => {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return b;
};

/** A copy of `proof` with `bytes` written at `at`. */
export const withBytes = (proof: Uint8Array, at: number, bytes: Uint8Array): Uint8Array => {
  const p = proof.slice();
  p.set(bytes, at);
  return p;
};
