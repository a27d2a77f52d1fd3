/**
 * node/mempool: admission rules (nonce runs, capacity), reaping by block limits without nonce gaps,
 * and eviction after commits (stale nonces, gaps, expiry), plus the signature verifiers agreeing
 * with verifyTxSignature on good, bad and malleated signatures (CRY-01).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Mempool, type MempoolEntry, createInlineVerifier, createWorkerVerifier } from '../../../node/mempool/index.ts';
import { type KeyPair, type SignedTx, ED25519_L, addressOf, encodePublicKey, signTx, txId } from '../../../node/types/index.ts';
import { ALICE, BOB, CHAIN, CONTRACT } from '../types/fixtures.ts';

function call(keys: KeyPair, nonce: bigint, over: Partial<{ gasLimit: bigint; expiry: bigint; args: string[] }> = {}): SignedTx {
  return signTx({ kind: 'call', chainId: CHAIN, sender: encodePublicKey(keys.publicKey), nonce, expiry: over.expiry ?? 1000n, gasLimit: over.gasLimit ?? 1000n, contract: CONTRACT, entry: 'add', args: over.args ?? ['1'] }, keys.secretKey);
}

function entry(tx: SignedTx, bytes = 100): MempoolEntry {
  return { id: txId(tx), tx, sender: addressOf(Buffer.from(tx.sender, 'hex')), bytes };
}

const ctx = (committedNonce = 0n, nextHeight = 1n) => ({ chainId: CHAIN, nextHeight, committedNonce, maxGasLimit: 1_000_000n });
const A = addressOf(ALICE.publicKey);
const B = addressOf(BOB.publicKey);

describe('Mempool admission', () => {
  it('accepts a contiguous nonce run per account and reports the next nonce', () => {
    const m = new Mempool();
    m.add(entry(call(ALICE, 3n)), ctx(3n));
    m.add(entry(call(ALICE, 4n)), ctx(3n));
    expect(m.nextNonce(A, 3n)).toBe(5n);
    expect(m.nextNonce(B, 0n)).toBe(0n);
    expect(m.size).toBe(2);
    expect(m.bytes).toBe(200);
  });

  it('refuses used, taken and ahead nonces, wrong chain, expired and over-limit gas', () => {
    const m = new Mempool();
    m.add(entry(call(ALICE, 0n)), ctx());
    expect(() => m.add(entry(call(ALICE, 0n, { args: ['2'] })), ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_NONCE', message: expect.stringContaining('already taken') }));
    expect(() => m.add(entry(call(ALICE, 5n)), ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_NONCE' }));
    expect(() => m.add(entry(call(BOB, 1n)), ctx(2n))).toThrow(expect.objectContaining({ code: 'NODE_ERR_NONCE', message: expect.stringContaining('already used') }));
    expect(() => m.add(entry(call(BOB, 0n, { expiry: 4n })), ctx(0n, 5n))).toThrow(expect.objectContaining({ code: 'NODE_ERR_EXPIRED' }));
    expect(() => m.add(entry(call(BOB, 0n, { gasLimit: 2_000_000n })), ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_INVALID_TX' }));
    const other = { ...entry(call(BOB, 0n)), tx: { ...call(BOB, 0n), chainId: 'elsewhere' } };
    expect(() => m.add(other, ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_WRONG_CHAIN' }));
    expect(m.size).toBe(1);
  });

  it('is bounded by count, bytes and per-account limits (NODE_ERR_MEMPOOL_FULL), never evicting', () => {
    const byCount = new Mempool({ maxTxs: 2 });
    byCount.add(entry(call(ALICE, 0n)), ctx());
    byCount.add(entry(call(BOB, 0n)), ctx());
    expect(() => byCount.add(entry(call(ALICE, 1n)), ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_MEMPOOL_FULL' }));
    const byBytes = new Mempool({ maxBytes: 150 });
    byBytes.add(entry(call(ALICE, 0n)), ctx());
    expect(() => byBytes.add(entry(call(BOB, 0n)), ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_MEMPOOL_FULL' }));
    const perAccount = new Mempool({ maxPerAccount: 1 });
    perAccount.add(entry(call(ALICE, 0n)), ctx());
    expect(() => perAccount.add(entry(call(ALICE, 1n)), ctx())).toThrow(expect.objectContaining({ code: 'NODE_ERR_MEMPOOL_FULL' }));
    perAccount.add(entry(call(BOB, 0n)), ctx());
    expect(byCount.size + byBytes.size + perAccount.size).toBe(2 + 1 + 2);
  });
});

describe('Mempool admission: size', () => {
  it('refuses a transaction no block of this node could take (NODE_ERR_TX_TOO_LARGE)', () => {
    const m = new Mempool();
    expect(() => m.add(entry(call(ALICE, 0n), 5000), { ...ctx(), maxTxBytes: 4096 })).toThrow(expect.objectContaining({ code: 'NODE_ERR_TX_TOO_LARGE' }));
    m.add(entry(call(ALICE, 0n), 4000), { ...ctx(), maxTxBytes: 4096 });
    expect(m.size).toBe(1);
  });
});

describe('Mempool reap', () => {
  it('takes in admission order within the count, gas and byte limits, with no nonce gap per sender', () => {
    const m = new Mempool();
    const a0 = entry(call(ALICE, 0n, { gasLimit: 600n }));
    const b0 = entry(call(BOB, 0n, { gasLimit: 300n }));
    const a1 = entry(call(ALICE, 1n, { gasLimit: 500n }));
    const b1 = entry(call(BOB, 1n, { gasLimit: 100n }));
    for (const e of [a0, b0, a1, b1]) m.add(e, ctx());
    expect(m.reap({ maxTxs: 10, maxGas: 10_000n, maxBytes: 1 << 20 }).map((e) => e.id)).toEqual([a0.id, b0.id, a1.id, b1.id]);
    expect(m.reap({ maxTxs: 2, maxGas: 10_000n, maxBytes: 1 << 20 }).map((e) => e.id)).toEqual([a0.id, b0.id]);
    // a1 does not fit: ALICE is blocked from then on, BOB's later transaction still fits.
    expect(m.reap({ maxTxs: 10, maxGas: 1000n, maxBytes: 1 << 20 }).map((e) => e.id)).toEqual([a0.id, b0.id, b1.id]);
    // 100 bytes each plus a separator.
    expect(m.reap({ maxTxs: 10, maxGas: 10_000n, maxBytes: 202 }).map((e) => e.id)).toEqual([a0.id, b0.id]);
    expect(m.reap({ maxTxs: 10, maxGas: 10_000n, maxBytes: 201 }).map((e) => e.id)).toEqual([a0.id]);
  });
});

describe('Mempool after a commit', () => {
  it('removes committed ids and keeps the rest pending', () => {
    const m = new Mempool();
    const a = [0n, 1n, 2n].map((n) => entry(call(ALICE, n)));
    for (const e of a) m.add(e, ctx());
    const dropped = m.removeCommitted([a[0]!.id, a[1]!.id], { nextHeight: 2n, committedNonce: () => 2n });
    expect(dropped).toEqual([]);
    expect(m.size).toBe(1);
    expect(m.nextNonce(A, 2n)).toBe(3n);
  });

  it('drops an entry whose nonce was used by another transaction, and its successors', () => {
    const m = new Mempool();
    const b = [0n, 1n, 2n].map((n) => entry(call(BOB, n)));
    for (const e of b) m.add(e, ctx());
    const other = entry(call(BOB, 9n));
    // Something else (say, from another node) consumed nonces 0 and 1 and committed b[0] only.
    const dropped = m.removeCommitted([b[0]!.id, other.id], { nextHeight: 2n, committedNonce: () => 2n });
    expect(dropped.map((d) => d.entry.id)).toEqual([b[1]!.id, b[2]!.id]);
    expect(dropped[0]!.reason).toMatch(/was used/);
    expect(m.size).toBe(0);
  });

  it('drop() removes a transaction and the sender\'s later ones only', () => {
    const m = new Mempool();
    const a = [0n, 1n, 2n].map((n) => entry(call(ALICE, n)));
    const b0 = entry(call(BOB, 0n));
    for (const e of [...a, b0]) m.add(e, ctx());
    const dropped = m.drop(a[1]!.id, 'runtime fault');
    expect(dropped.map((d) => d.entry.id)).toEqual([a[1]!.id, a[2]!.id]);
    expect(dropped[0]!.reason).toBe('runtime fault');
    expect(m.reap({ maxTxs: 10, maxGas: 1n << 40n, maxBytes: 1 << 20 }).map((e) => e.id)).toEqual([a[0]!.id, b0.id]);
    expect(m.nextNonce(A, 0n)).toBe(1n);
  });

  it('drops expired transactions with their successors', () => {
    const m = new Mempool();
    const a0 = entry(call(ALICE, 0n, { expiry: 3n }));
    const a1 = entry(call(ALICE, 1n, { expiry: 100n }));
    const b0 = entry(call(BOB, 0n, { expiry: 100n }));
    for (const e of [a0, a1, b0]) m.add(e, ctx());
    expect(m.dropExpired(3n)).toEqual([]);
    const dropped = m.dropExpired(4n);
    expect(dropped.map((d) => d.entry.id)).toEqual([a0.id, a1.id]);
    expect(dropped[0]!.reason).toMatch(/expired at height 3/);
    expect(m.size).toBe(1);
  });
});

describe('signature verifiers', () => {
  const workers = createWorkerVerifier(2);
  const inline = createInlineVerifier();
  afterAll(() => workers.close());

  it('agree with each other on valid, tampered and S+L-malleated signatures (CRY-01)', async () => {
    const good = Array.from({ length: 40 }, (_, i) => call(i % 2 === 0 ? ALICE : BOB, BigInt(i)));
    const tampered = good.slice(0, 10).map((tx) => ({ ...tx, args: ['999'] }) as SignedTx);
    const sig = good[0]!.signature;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(parseInt(sig.slice(2 * i, 2 * i + 2), 16));
    const sl = s + ED25519_L;
    let hex = '';
    for (let i = 0, v = sl; i < 32; i++, v >>= 8n) hex += Number(v & 0xffn).toString(16).padStart(2, '0');
    const malleated = { ...good[0]!, signature: sig.slice(0, 64) + hex } as SignedTx;
    const all = [...good, ...tampered, malleated];
    const viaWorkers = await Promise.all(all.map((tx) => workers.verify(tx)));
    const viaInline = await Promise.all(all.map((tx) => inline.verify(tx)));
    expect(viaWorkers).toEqual(viaInline);
    expect(viaWorkers).toEqual([...good.map(() => true), ...tampered.map(() => false), false]);
  });
});
