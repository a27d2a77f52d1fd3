/**
 * node/types/tx.ts: signing and verification, ids and their vectors, replay properties (CRY-02,
 * SC-10), malleability (CRY-01, CRY-08), ambiguous encodings (SC-11), gas limits (GAS-07), strict
 * decoding of hostile input (SC-12) and size caps.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../../compiler/artifact.ts';
import { NodeError } from '../../../node/errors.ts';
import {
  ED25519_L, MAX_ARGS, MAX_ARGS_BYTES, MAX_TX_BYTES, MAX_TX_GAS_LIMIT, type SignedTx, type Tx, checkTxSignature, checkTxValidity, decodeTx,
  deployAddress, encodePublicKey, encodeTx, signTx, txFromJson, txId, txSenderAddress, txSigningBytes, txToJson, verifyTxSignature, addressOf,
} from '../../../node/types/index.ts';
import { ALICE, BOB, CHAIN, CONTRACT, sampleCall, sampleDeploy } from './fixtures.ts';

function errorOf(f: () => unknown): NodeError | undefined {
  try {
    f();
  } catch (e) {
    if (!(e instanceof NodeError)) throw e;
    return e;
  }
  return undefined;
}

function signedCall(over: Parameters<typeof sampleCall>[0] = {}): SignedTx {
  return signTx(sampleCall(over), ALICE.secretKey);
}

/** The wire object of a signed call, with `patch` applied (a key set to undefined is deleted). */
function wire(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = { ...txToJson(signedCall()) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete o[k];
    else o[k] = v;
  }
  return o;
}

/** Replaces the S half of a signature by S + L (still below 2^256 for every valid S). */
function malleate(signatureHex: string): string {
  const sig = Buffer.from(signatureHex, 'hex');
  const s = BigInt(`0x${Buffer.from(sig.subarray(32)).reverse().toString('hex')}`) + ED25519_L;
  const sBytes = Buffer.from(s.toString(16).padStart(64, '0'), 'hex').reverse();
  return Buffer.concat([sig.subarray(0, 32), sBytes]).toString('hex');
}

describe('signTx() and verifyTxSignature()', () => {
  it('sign and verify call and deploy transactions', () => {
    const c = signedCall();
    const d = signTx(sampleDeploy(), ALICE.secretKey);
    expect(verifyTxSignature(c)).toBe(true);
    expect(verifyTxSignature(d)).toBe(true);
    expect(() => checkTxSignature(c)).not.toThrow();
    expect(c.signature).toMatch(/^[0-9a-f]{128}$/);
  });

  it('test vectors: ids, signing bytes and signature of fixed transactions', () => {
    const c = signedCall();
    expect(bytesToHex(txSigningBytes(c))).toBe(
      // lp(tag) lp(chainId) lp(kind) lp(sender) lp(nonce) lp(expiry) lp(gasLimit) lp(contract) lp(entry) lp(args) lp(no proofs)
      '0000000e636f76656e616e743a74783a76310000000f636f76656e616e742d6465766e65740000000463616c6c000000' +
        '208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c000000080000000000000000000000' +
        '0800000000000000640000000800000000000f42400000001400112233445566778899aabbccddeeff00112233000000' +
        '03616464000000055b2235225d00000000',
    );
    expect(txId(c)).toBe('f64ba91b2ed1ccbf40a91b350b8ec17e0fbd52bd27df1364b426aff2bc09254e');
    expect(c.signature).toBe('69ebb88b4fd1d6ad3983689a6bbfd362199e2de14837f8d814f3dde72726a5170e73cad379d50317e019d5484d5bdcf6cb32b891acd6a060ab7880084e79f60d');
    expect(txId(signTx(sampleDeploy(), ALICE.secretKey))).toBe('4af7df7bffc42e0b75ff699298ca28ec89121a19524f9c222ceef45ebc01a80a');
  });

  it('txId() is sha256 of the signing bytes and does not depend on the signature', () => {
    const c = signedCall();
    expect(txId(c)).toBe(bytesToHex(sha256(txSigningBytes(c))));
    expect(txId({ ...c, signature: '00'.repeat(64) })).toBe(txId(c));
  });

  it('refuse a signature by another key, and any changed field', () => {
    const c = signedCall();
    const byBob = signTx(sampleCall({ sender: encodePublicKey(BOB.publicKey) }), BOB.secretKey);
    expect(verifyTxSignature({ ...c, signature: byBob.signature })).toBe(false);
    expect(verifyTxSignature({ ...c, sender: byBob.sender })).toBe(false);
    const changes: Partial<Tx>[] = [{ nonce: 1n }, { expiry: 101n }, { gasLimit: 999_999n }, { args: ['6'] }, { entry: 'sub' } as Partial<Tx>,
      { contract: 'ff'.repeat(20) } as Partial<Tx>, { proofs: [{ p: '00' }] }];
    for (const ch of changes) expect(verifyTxSignature({ ...c, ...ch } as SignedTx)).toBe(false);
  });

  it('signTx() refuses a secret key that is not the sender\'s', () => {
    expect(errorOf(() => signTx(sampleCall(), BOB.secretKey))?.code).toBe('NODE_ERR_INVALID_KEY');
    expect(errorOf(() => signTx(sampleCall(), new Uint8Array(31)))?.code).toBe('NODE_ERR_INVALID_KEY');
  });

  it('verifyTxSignature() never throws on garbage', () => {
    const c = signedCall();
    for (const sig of ['', 'zz', c.signature.toUpperCase(), `${c.signature}00`]) expect(verifyTxSignature({ ...c, signature: sig })).toBe(false);
    for (const sender of ['', '00', c.sender.slice(2)]) expect(verifyTxSignature({ ...c, sender })).toBe(false);
    expect(verifyTxSignature(null as unknown as SignedTx)).toBe(false);
  });
});

describe('malleability (CRY-01, CRY-08)', () => {
  it('a signature with S + L is refused by verification and by the decoder, and cannot yield a second id', () => {
    const c = signedCall();
    const m = malleate(c.signature);
    expect(m).not.toBe(c.signature);
    expect(verifyTxSignature({ ...c, signature: m })).toBe(false);
    const e = errorOf(() => decodeTx(encodeTx({ ...c, signature: m })));
    expect(e?.code).toBe('NODE_ERR_BAD_SIGNATURE');
    expect(e?.field).toBe('signature');
    // The id covers the payload only, so whatever the signature bytes, one transaction has one id.
    expect(txId({ ...c, signature: m })).toBe(txId(c));
  });

  it('any accepted signature of a transaction is the deterministic one (fast-check over mutations of R and S)', () => {
    const c = signedCall();
    fc.assert(fc.property(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 255 }), (i, x) => {
      const sig = Buffer.from(c.signature, 'hex');
      sig[i] = (sig[i] as number) ^ x;
      expect(verifyTxSignature({ ...c, signature: sig.toString('hex') })).toBe(false);
    }), { numRuns: 200 });
  });

  it('a small-order sender key is refused even with a signature that verifies for every message under cofactorless verification', () => {
    // A = identity, R = identity, S = 0: [S]B = R + [k]A holds for every message.
    const identity = '01' + '00'.repeat(31);
    const forged = { ...signedCall(), sender: identity, signature: identity + '00'.repeat(32) };
    expect(verifyTxSignature(forged)).toBe(false);
    expect(errorOf(() => checkTxSignature(forged))?.code).toBe('NODE_ERR_BAD_SIGNATURE');
  });

  it('a non-canonical sender key (y >= p) is refused', () => {
    const forged = { ...signedCall(), sender: 'ee' + 'ff'.repeat(30) + '7f' };
    expect(verifyTxSignature(forged)).toBe(false);
  });
});

describe('replay protection (CRY-02, SC-10)', () => {
  it('the same payload on another chain id has another id, and the signature does not carry over', () => {
    const c = signedCall();
    const other = { ...c, chainId: 'covenant-testnet' };
    expect(txId(other)).not.toBe(txId(c));
    expect(verifyTxSignature(other)).toBe(false);
    expect(verifyTxSignature(signTx(sampleCall({ chainId: 'covenant-testnet' }), ALICE.secretKey))).toBe(true);
  });

  it('the same call to another contract has another id and the signature does not carry over', () => {
    const c = signedCall();
    const other = { ...c, contract: 'ab'.repeat(20) };
    expect(txId(other)).not.toBe(txId(c));
    expect(verifyTxSignature(other)).toBe(false);
  });

  it('checkTxValidity() refuses the wrong chain, an expired transaction, a used or future nonce, and gas above the block limit', () => {
    const c = signedCall();
    const ok = { chainId: CHAIN, height: 100n, expectedNonce: 0n };
    expect(() => checkTxValidity(c, ok)).not.toThrow();
    expect(errorOf(() => checkTxValidity(c, { ...ok, chainId: 'covenant-main' }))?.code).toBe('NODE_ERR_WRONG_CHAIN');
    expect(errorOf(() => checkTxValidity(c, { ...ok, height: 101n }))?.code).toBe('NODE_ERR_EXPIRED');
    expect(errorOf(() => checkTxValidity(c, { ...ok, expectedNonce: 1n }))?.shortMessage).toMatch(/already used/);
    expect(errorOf(() => checkTxValidity(c, { ...ok, expectedNonce: 1n }))?.code).toBe('NODE_ERR_NONCE');
    expect(errorOf(() => checkTxValidity(signedCall({ nonce: 5n }), ok))?.shortMessage).toMatch(/ahead/);
    expect(errorOf(() => checkTxValidity(c, { ...ok, maxGasLimit: 999_999n }))?.code).toBe('NODE_ERR_INVALID_TX');
    expect(() => checkTxValidity(c, { ...ok, maxGasLimit: 1_000_000n })).not.toThrow();
  });

  it('a replayed transaction (nonce already consumed) is refused: same id, nonce check', () => {
    const c = signedCall();
    const again = decodeTx(encodeTx(c));
    expect(txId(again)).toBe(txId(c));
    expect(errorOf(() => checkTxValidity(again, { chainId: CHAIN, height: 1n, expectedNonce: 1n }))?.code).toBe('NODE_ERR_NONCE');
  });
});

describe('ambiguous encodings (SC-11)', () => {
  it('moving bytes between adjacent fields changes the signing hash', () => {
    const pairs: [Tx, Tx][] = [
      [sampleCall({ entry: 'ab', args: ['c'] }), sampleCall({ entry: 'a', args: ['bc'] })],
      [sampleCall({ args: ['1', '2'] }), sampleCall({ args: ['1,2'] })],
      [sampleCall({ args: [['1'], '2'] }), sampleCall({ args: [['1', '2']] })],
      [sampleCall({ args: ['1'], proofs: ['2'] }), sampleCall({ args: ['1', '2'] })],
      [sampleCall({ chainId: 'covenant-devnet', entry: 'x' }), sampleCall({ chainId: 'covenant-devne', entry: 'tx' })],
      [sampleCall({ nonce: 1n, expiry: 2n }), sampleCall({ nonce: 2n, expiry: 1n })],
    ];
    for (const [a, b] of pairs) expect(txId(a)).not.toBe(txId(b));
  });

  it('distinct transactions never share a signing hash (fast-check)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
    const json = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 4 }), fc.boolean(), fc.constant(null), fc.integer({ min: -9, max: 9 }), fc.array(tie('v'), { maxLength: 3 })),
    })).v;
    const u64 = fc.bigInt({ min: 0n, max: 3n });
    const call = fc.record({
      kind: fc.constant('call' as const), chainId: fc.constantFrom('a', 'ab', 'b'), sender: fc.constantFrom(encodePublicKey(ALICE.publicKey), encodePublicKey(BOB.publicKey)),
      nonce: u64, expiry: u64, gasLimit: fc.bigInt({ min: 1n, max: 3n }), contract: fc.constantFrom(CONTRACT, 'ab'.repeat(20)), entry: name,
      args: fc.array(json, { maxLength: 3 }),
    }, { requiredKeys: ['kind', 'chainId', 'sender', 'nonce', 'expiry', 'gasLimit', 'contract', 'entry', 'args'] });
    const withProofs = fc.tuple(call, fc.option(fc.array(json, { minLength: 1, maxLength: 2 }), { nil: undefined }))
      .map(([c, p]): Tx => (p === undefined ? c : { ...c, proofs: p }) as Tx);
    const seen = new Map<string, string>();
    fc.assert(fc.property(withProofs, (tx) => {
      const body = canonicalJson(txToJson({ ...tx, signature: '' }));
      const id = txId(tx);
      const prev = seen.get(id);
      if (prev !== undefined) expect(prev).toBe(body);
      seen.set(id, body);
    }), { numRuns: 3000 });
    expect(seen.size).toBeGreaterThan(1000);
  });

  it('a deploy and a call never share a signing hash (kind is encoded)', () => {
    expect(txId(sampleDeploy())).not.toBe(txId(sampleCall()));
  });
});

describe('gas limit (GAS-07)', () => {
  it.each([
    ['zero', '0'], ['negative', '-1'], ['over the maximum', (MAX_TX_GAS_LIMIT + 1n).toString()], ['a JSON number', 1000], ['leading zeros', '01000'],
    ['exponent', '1e6'], ['empty', ''], ['null', null],
  ])('refuses %s', (_n, v) => {
    const e = errorOf(() => txFromJson(wire({ gasLimit: v })));
    expect(e?.code).toBe('NODE_ERR_INVALID_TX');
    expect(e?.field).toBe('gasLimit');
  });

  it('refuses a missing gasLimit', () => {
    expect(errorOf(() => txFromJson(wire({ gasLimit: undefined })))?.field).toBe('gasLimit');
  });

  it('accepts 1 and the maximum, and signTx() applies the same rule', () => {
    expect(txFromJson(wire({ gasLimit: '1' })).gasLimit).toBe(1n);
    expect(txFromJson(wire({ gasLimit: MAX_TX_GAS_LIMIT.toString() })).gasLimit).toBe(MAX_TX_GAS_LIMIT);
    expect(errorOf(() => signTx(sampleCall({ gasLimit: 0n }), ALICE.secretKey))?.field).toBe('gasLimit');
    expect(errorOf(() => signTx(sampleCall({ gasLimit: MAX_TX_GAS_LIMIT + 1n }), ALICE.secretKey))?.field).toBe('gasLimit');
    expect(errorOf(() => signTx(sampleCall({ gasLimit: 5 as unknown as bigint }), ALICE.secretKey))?.field).toBe('gasLimit');
  });
});

describe('encodeTx() and decodeTx()', () => {
  it('round-trip call and deploy transactions, canonical and stable', () => {
    for (const t of [signedCall(), signedCall({ proofs: [{ b: '1', a: [1, 2] }] }), signTx(sampleDeploy(), ALICE.secretKey)]) {
      const text = encodeTx(t);
      const back = decodeTx(text);
      expect(back).toEqual(t);
      expect(encodeTx(back)).toBe(text);
      expect(txId(back)).toBe(txId(t));
      expect(verifyTxSignature(back)).toBe(true);
    }
  });

  it('accept non-canonical wire text (whitespace, key order) with the same id', () => {
    const c = signedCall();
    const text = JSON.stringify(Object.fromEntries(Object.entries(txToJson(c)).reverse()), null, 2);
    expect(txId(decodeTx(text))).toBe(txId(c));
  });

  it('refuse unknown fields, fields of the other kind, and prototype keys (SC-12)', () => {
    expect(errorOf(() => txFromJson(wire({ extra: 1 })))?.code).toBe('NODE_ERR_INVALID_TX');
    expect(errorOf(() => txFromJson(wire({ artifact: {} })))?.code).toBe('NODE_ERR_INVALID_TX');
    const text = encodeTx(signedCall());
    expect(errorOf(() => decodeTx(`{"__proto__":{"x":1},${text.slice(1)}`))?.code).toBe('NODE_ERR_INVALID_TX');
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      const e = errorOf(() => decodeTx(text.replace('"args":["5"]', `"args":[{"${k}":"1"}]`)));
      expect(e?.code).toBe('NODE_ERR_INVALID_TX');
      expect(e?.field).toBe(`args[0].${k}`);
    }
  });

  it('refuse lone surrogates in argument strings and keys; well-formed astral characters pass', () => {
    const text = encodeTx(signedCall());
    for (const arg of ['"\\ud800"', '"a\\udfffb"', '{"\\ud801":"1"}', '["x",["\\udbff"]]']) {
      const e = errorOf(() => decodeTx(text.replace('"args":["5"]', `"args":[${arg}]`)));
      expect(e?.code).toBe('NODE_ERR_INVALID_TX');
      expect(e?.message).toMatch(/lone surrogate/);
    }
    const ok = decodeTx(text.replace('"args":["5"]', '"args":["\\ud83d\\ude00 caf\\u00e9"]'));
    expect(ok.args).toEqual(['\u{1F600} caf\u00e9']);
  });

  it.each([
    ['kind', 'transfer'], ['chainId', 'Covenant'], ['chainId', ''], ['chainId', 'x'.repeat(65)], ['sender', '00'], ['nonce', '-1'],
    ['nonce', (1n << 64n).toString()], ['expiry', 5], ['contract', '0x' + CONTRACT], ['entry', '1abc'], ['entry', 'a'.repeat(129)],
    ['args', {}], ['args', [1.5]], ['args', [-0]], ['args', [2 ** 53]], ['proofs', []], ['proofs', 'x'], ['signature', 'ab'],
  ])('refuse %s = %j', (field, value) => {
    const e = errorOf(() => txFromJson(wire({ [field]: value })));
    expect(e?.code).toBe('NODE_ERR_INVALID_TX');
    expect(e?.field?.startsWith(field)).toBe(true);
  });

  it('refuse a deploy with an invalid artifact, listing why', () => {
    const d = txToJson(signTx(sampleDeploy(), ALICE.secretKey));
    const bad = { ...d, artifact: { ...(d['artifact'] as object), codeHash: '00'.repeat(32) } };
    const e = errorOf(() => txFromJson(bad));
    expect(e?.code).toBe('NODE_ERR_INVALID_TX');
    expect(e?.field).toBe('artifact');
    expect(e?.metaMessages.join('\n')).toMatch(/codeHash/);
  });

  it('refuse non-JSON and non-text with NODE_ERR_MALFORMED', () => {
    for (const t of ['', '{', 'nul', '{"a":1}}']) expect(errorOf(() => decodeTx(t))?.code).toBe('NODE_ERR_MALFORMED');
    expect(errorOf(() => decodeTx(42 as unknown as string))?.code).toBe('NODE_ERR_MALFORMED');
    for (const t of ['null', '[]', '"tx"', '1']) expect(errorOf(() => decodeTx(t))?.code).toBe('NODE_ERR_INVALID_TX');
  });

  it('refuse deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const e = errorOf(() => decodeTx(encodeTx(signedCall()).replace('"args":["5"]', `"args":${deep}`)));
    expect(e).toBeInstanceOf(NodeError);
    const e2 = errorOf(() => txFromJson(wire({ args: [JSON.parse('['.repeat(65) + ']'.repeat(65))] })));
    expect(e2?.code).toBe('NODE_ERR_INVALID_TX');
  });
});

describe('size caps', () => {
  it('refuse wire text above MAX_TX_BYTES before parsing', () => {
    const text = encodeTx(signedCall()).replace('"args":["5"]', `"args":["${'a'.repeat(MAX_TX_BYTES)}"]`);
    expect(errorOf(() => decodeTx(text))?.code).toBe('NODE_ERR_TX_TOO_LARGE');
  });

  it('refuse a 10 MB string argument (SC-12)', () => {
    expect(errorOf(() => txFromJson(wire({ args: ['x'.repeat(10_000_000)] })))?.code).toBe('NODE_ERR_TX_TOO_LARGE');
  });

  it('refuse args above MAX_ARGS_BYTES and more than MAX_ARGS arguments; accept the limits', () => {
    expect(errorOf(() => txFromJson(wire({ args: ['x'.repeat(MAX_ARGS_BYTES)] })))?.code).toBe('NODE_ERR_TX_TOO_LARGE');
    expect(txFromJson(wire({ args: ['x'.repeat(MAX_ARGS_BYTES - 4)] })).args).toHaveLength(1);
    expect(errorOf(() => txFromJson(wire({ args: new Array(MAX_ARGS + 1).fill('1') })))?.code).toBe('NODE_ERR_INVALID_TX');
    expect(txFromJson(wire({ args: new Array(MAX_ARGS).fill('1') })).args).toHaveLength(MAX_ARGS);
  });

  it('multi-byte UTF-8 counts in bytes', () => {
    // 'é' is 2 UTF-8 bytes: half the limit in characters is the whole limit in bytes.
    expect(errorOf(() => txFromJson(wire({ args: ['é'.repeat(MAX_ARGS_BYTES / 2)] })))?.code).toBe('NODE_ERR_TX_TOO_LARGE');
  });
});

describe('decode hostility (fast-check)', () => {
  const onlyNodeErrors = (f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(NodeError);
    }
  };

  it('random JSON text never throws anything but NodeError', () => {
    fc.assert(fc.property(fc.json(), (text) => onlyNodeErrors(() => decodeTx(text))), { numRuns: 2000 });
  });

  it('random values in place of any field never throw anything but NodeError', () => {
    const keys = Object.keys(wire());
    fc.assert(fc.property(fc.constantFrom(...keys, 'artifact', 'proofs', '__proto__'), fc.jsonValue(), (k, v) => {
      onlyNodeErrors(() => decodeTx(JSON.stringify(wire({ [k]: v }))));
    }), { numRuns: 2000 });
  });

  it('arbitrary JS values never throw anything but NodeError from txFromJson()', () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true, withNullPrototype: true }), (v) => {
      onlyNodeErrors(() => txFromJson(v));
      onlyNodeErrors(() => txFromJson(wire({ args: [v] })));
    }), { numRuns: 1000 });
  });
});

describe('addresses', () => {
  it('txSenderAddress() is addressOf(sender); deployAddress() differs per nonce and per sender', () => {
    const d = sampleDeploy();
    expect(txSenderAddress(d)).toBe(addressOf(ALICE.publicKey));
    const a0 = deployAddress(d);
    expect(a0).toMatch(/^[0-9a-f]{40}$/);
    expect(deployAddress({ ...d, nonce: 1n })).not.toBe(a0);
    expect(deployAddress({ ...d, sender: encodePublicKey(BOB.publicKey) })).not.toBe(a0);
    expect(deployAddress({ ...d, args: ['7'] })).toBe(a0);
  });
});
