/** node/types/receipt.ts and block.ts: canonical encodings, invariants, hashes, strict decoding. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NodeError } from '../../../node/errors.ts';
import {
  type Block, GENESIS_PREV_HASH, type Header, type Receipt, blockHash, decodeBlock, decodeReceipt, encodeBlock, encodeReceipt, receiptFromJson,
  receiptRoot, signTx, txRoot, EMPTY_MERKLE_ROOT, encodePublicKey,
} from '../../../node/types/index.ts';
import { ALICE, BOB, CHAIN, CONTRACT, sampleCall, sampleDeploy } from './fixtures.ts';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(NodeError);
    return (e as NodeError).code;
  }
  return undefined;
}

const H = (c: string): string => c.repeat(64);
const OK: Receipt = { txId: H('a'), status: 'ok', gasUsed: 5120n, events: [{ contract: CONTRACT, name: 'ClaimSettled', data: { claimId: 'c1' } }], stateDiffHash: H('b') };
const FAILED: Receipt = {
  txId: H('c'), status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'limit exceeded', location: { path: 'q.contract.ts', line: 12, column: 5 } },
  gasUsed: 900n, events: [], stateDiffHash: H('d'),
};

describe('receipts', () => {
  it('encode canonically and round-trip', () => {
    expect(encodeReceipt(OK)).toBe(
      `{"events":[{"contract":"${CONTRACT}","data":{"claimId":"c1"},"name":"ClaimSettled"}],"gasUsed":"5120","stateDiffHash":"${H('b')}","status":"ok","txId":"${H('a')}"}`,
    );
    for (const r of [OK, FAILED]) expect(decodeReceipt(encodeReceipt(r))).toEqual(r);
  });

  it('enforce the status invariant: failed ⇔ error, failed ⇒ no events', () => {
    expect(codeOf(() => encodeReceipt({ ...OK, status: 'failed' }))).toBe('NODE_ERR_INVALID_RECEIPT');
    expect(codeOf(() => encodeReceipt({ ...FAILED, status: 'ok', events: [] }))).toBe('NODE_ERR_INVALID_RECEIPT');
    expect(codeOf(() => encodeReceipt({ ...FAILED, events: OK.events }))).toBe('NODE_ERR_INVALID_RECEIPT');
  });

  it('refuse bad fields and hostile input with NodeError only', () => {
    const j = JSON.parse(encodeReceipt(OK)) as Record<string, unknown>;
    for (const [k, v] of [['txId', 'x'], ['gasUsed', 5], ['gasUsed', '-1'], ['status', 'done'], ['extra', 1], ['events', [{ contract: CONTRACT, name: 'E', data: JSON.parse('{"__proto__":1}') as unknown }]]] as const) {
      expect(codeOf(() => receiptFromJson({ ...j, [k]: v }))).toBe('NODE_ERR_INVALID_RECEIPT');
    }
    expect(codeOf(() => decodeReceipt('{"__proto__":{}}'))).toBe('NODE_ERR_INVALID_RECEIPT');
    expect(codeOf(() => decodeReceipt('nope'))).toBe('NODE_ERR_MALFORMED');
    fc.assert(fc.property(fc.json(), (t) => { codeOf(() => decodeReceipt(t)); }), { numRuns: 500 });
  });

  it('receiptRoot() commits to order and content', () => {
    expect(receiptRoot([])).toBe(EMPTY_MERKLE_ROOT);
    expect(receiptRoot([OK, FAILED])).not.toBe(receiptRoot([FAILED, OK]));
    expect(receiptRoot([OK])).not.toBe(receiptRoot([{ ...OK, gasUsed: 5121n }]));
  });
});

function sampleBlock(): Block {
  const txs = [signTx(sampleDeploy(), ALICE.secretKey), signTx(sampleCall({ nonce: 1n }), ALICE.secretKey)];
  const header: Header = {
    chainId: CHAIN, height: 1n, time: 1798761600000n, prevHash: H('1'), txRoot: txRoot(txs), receiptRoot: receiptRoot([OK, FAILED]),
    stateRoot: H('2'), proposer: CONTRACT,
  };
  return { header, txs };
}

describe('blocks', () => {
  it('encode canonically, round-trip, and hash stably (test vector)', () => {
    const b = sampleBlock();
    const text = encodeBlock(b);
    expect(decodeBlock(text)).toEqual(b);
    expect(encodeBlock(decodeBlock(text))).toBe(text);
    expect(blockHash(b.header)).toBe(BLOCK_HASH);
  });

  it('blockHash() changes with every header field, including the absence of the proposer', () => {
    const h = sampleBlock().header;
    const variants: Header[] = [
      { ...h, chainId: 'covenant-main' }, { ...h, height: 2n }, { ...h, time: h.time + 1n }, { ...h, prevHash: H('3') }, { ...h, txRoot: H('3') },
      { ...h, receiptRoot: H('3') }, { ...h, stateRoot: H('3') }, { ...h, proposer: 'ff'.repeat(20) },
    ];
    const { proposer: _p, ...noProposer } = h;
    variants.push(noProposer);
    const hashes = new Set([blockHash(h), ...variants.map((v) => blockHash(v))]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('decodeBlock() refuses a txRoot that does not match, a transaction of another chain, a repeated transaction', () => {
    const b = sampleBlock();
    expect(codeOf(() => decodeBlock(encodeBlock({ ...b, header: { ...b.header, txRoot: H('0') } })))).toBe('NODE_ERR_INVALID_BLOCK');
    const foreign = signTx(sampleCall({ chainId: 'other', sender: encodePublicKey(BOB.publicKey) }), BOB.secretKey);
    const withForeign = [...b.txs, foreign];
    expect(codeOf(() => decodeBlock(encodeBlock({ header: { ...b.header, txRoot: txRoot(withForeign) }, txs: withForeign })))).toBe('NODE_ERR_WRONG_CHAIN');
    const repeated = [...b.txs, b.txs[1] as Block['txs'][number]];
    expect(codeOf(() => decodeBlock(encodeBlock({ header: { ...b.header, txRoot: txRoot(repeated) }, txs: repeated })))).toBe('NODE_ERR_INVALID_BLOCK');
  });

  it('genesis must have the all-zero prevHash', () => {
    const g: Block = { header: { ...sampleBlock().header, height: 0n, prevHash: GENESIS_PREV_HASH, txRoot: txRoot([]) }, txs: [] };
    expect(decodeBlock(encodeBlock(g))).toEqual(g);
    expect(codeOf(() => decodeBlock(encodeBlock({ ...g, header: { ...g.header, prevHash: H('1') } })))).toBe('NODE_ERR_INVALID_BLOCK');
  });

  it('refuses hostile input with NodeError only', () => {
    const text = encodeBlock(sampleBlock());
    expect(codeOf(() => decodeBlock(text.replace('"header":{', '"header":{"__proto__":{},')))).toBe('NODE_ERR_INVALID_BLOCK');
    expect(codeOf(() => decodeBlock(text.replace('"height":"1"', '"height":1')))).toBe('NODE_ERR_INVALID_BLOCK');
    expect(codeOf(() => blockHash({ ...sampleBlock().header, height: -1n }))).toBe('NODE_ERR_INVALID_BLOCK');
    fc.assert(fc.property(fc.json(), (t) => { codeOf(() => decodeBlock(t)); }), { numRuns: 500 });
    fc.assert(fc.property(fc.constantFrom('chainId', 'height', 'time', 'prevHash', 'txRoot', 'proposer', 'x'), fc.jsonValue(), (k, v) => {
      const j = JSON.parse(text) as { header: Record<string, unknown> };
      j.header[k] = v;
      codeOf(() => decodeBlock(JSON.stringify(j)));
    }), { numRuns: 500 });
  });
});

const BLOCK_HASH = 'c9c60a3133610cefae0170c6c747769c5149a657776d9ccb7230fa978bc3d36a';
