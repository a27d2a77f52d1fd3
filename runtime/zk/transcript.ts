/**
 * Fiat–Shamir transcripts (CRY-07): a running SHA-512 over an unambiguous sequence of records,
 * from which challenges are drawn as scalars by wide reduction.
 *
 * Encoding. The hash starts with the protocol tag {@link TRANSCRIPT_PROTOCOL} and the caller's
 * domain (an `append` record labelled `"dom-sep"`). Every record is
 * `kind(1) ‖ len(label)(u32 LE) ‖ label ‖ len(data)(u32 LE) ‖ data` with kind 1 for appended
 * data and kind 2 for a challenge request, so no two different sequences of appends hash the
 * same (each field is length-prefixed; labels are UTF-8). A challenge is
 * `SHA-512(state so far) mod ℓ` (64 bytes reduced: bias below 2^-250); its 64-byte digest is then
 * absorbed (kind 3), so later challenges depend on earlier ones.
 *
 * The transcript binds whatever is appended: callers (see `sigma.ts`) must append the relation,
 * every commitment, every public input and the prover's first message before the challenge —
 * omitting any of them is the "Frozen Heart" bug class.
 *
 * Does NOT decide what a protocol appends, and is not a general-purpose hash or a PRNG.
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import { ZkError } from './errors.ts';
import { encodeScalar, scalarFromWide } from './commitment.ts';

/** The first bytes hashed by every transcript (version 1 of this encoding). */
export const TRANSCRIPT_PROTOCOL = 'covenant:transcript:v1';
/** Longest data one record may carry (1 MiB): larger inputs are a caller bug. */
export const MAX_RECORD_BYTES = 1 << 20;

const utf8 = new TextEncoder();
const RECORD_APPEND = 1;
const RECORD_CHALLENGE = 2;
const RECORD_RATCHET = 3;

function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

/**
 * A Fiat–Shamir transcript. Create one per proof with {@link createTranscript}; prover and
 * verifier must perform the same appends in the same order.
 */
export class Transcript {
  readonly #hash: Hash;

  /** Use {@link createTranscript}. */
  constructor(domain: string | Uint8Array) {
    this.#hash = createHash('sha512');
    this.#hash.update(utf8.encode(TRANSCRIPT_PROTOCOL));
    this.append('dom-sep', domain);
  }

  #record(kind: number, label: string, data: Uint8Array): void {
    if (typeof label !== 'string' || label.length === 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', '"label" expected a non-empty string');
    const l = utf8.encode(label);
    if (data.length > MAX_RECORD_BYTES) {
      throw new ZkError('ZK_ERR_INVALID_ENCODING', `"${label}" expected at most ${MAX_RECORD_BYTES} bytes, got ${data.length}`);
    }
    this.#hash.update(Uint8Array.of(kind));
    this.#hash.update(u32le(l.length));
    this.#hash.update(l);
    this.#hash.update(u32le(data.length));
    this.#hash.update(data);
  }

  /** Absorbs `data` (bytes, or a string as UTF-8) under `label`. */
  append(label: string, data: Uint8Array | string): this {
    if (typeof data === 'string') data = utf8.encode(data);
    else if (!(data instanceof Uint8Array)) throw new ZkError('ZK_ERR_INVALID_ENCODING', `"${label}" expected Uint8Array or string`);
    this.#record(RECORD_APPEND, label, data);
    return this;
  }

  /** Absorbs a scalar in [0, ℓ) as its canonical 32-byte encoding. */
  appendScalar(label: string, s: bigint): this {
    return this.append(label, encodeScalar(s, label));
  }

  /**
   * Absorbs a signed integer of any size: sign byte (0 for ≥ 0, 1 for < 0) then the magnitude,
   * little-endian, minimal length. Used for public coefficients and constants, which are bound
   * as integers, not residues, so `k` and `k + ℓ` are different statements.
   */
  appendInteger(label: string, n: bigint): this {
    if (typeof n !== 'bigint') throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${label}" expected bigint, got ${typeof n}`);
    let m = n < 0n ? -n : n;
    const bytes: number[] = [n < 0n ? 1 : 0];
    while (m > 0n) {
      bytes.push(Number(m & 0xffn));
      m >>= 8n;
    }
    return this.append(label, Uint8Array.from(bytes));
  }

  /** Absorbs a non-negative safe integer as 8 bytes little-endian (counts, lengths). */
  appendU64(label: string, n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new ZkError('ZK_ERR_INVALID_ARGUMENT', `"${label}" expected a non-negative safe integer`);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
    return this.append(label, b);
  }

  /** Draws a challenge scalar under `label` from everything absorbed so far, then absorbs it. */
  challengeScalar(label: string): bigint {
    this.#record(RECORD_CHALLENGE, label, new Uint8Array(0));
    const digest = new Uint8Array(this.#hash.copy().digest());
    this.#record(RECORD_RATCHET, label, digest);
    return scalarFromWide(digest);
  }
}

/**
 * Starts a transcript for `domain`: a string or bytes naming the protocol use and its context
 * (for example `covenant:zk:v1` plus chain id, contract and call). Different domains give
 * unrelated challenges.
 * @example
 * ```ts
 * const t = createTranscript('covenant:zk:v1');
 * t.append('relation', 'claim + deductible = limit').append('C0', commitmentBytes);
 * const c = t.challengeScalar('c');
 * ```
 */
export function createTranscript(domain: string | Uint8Array): Transcript {
  return new Transcript(domain);
}
