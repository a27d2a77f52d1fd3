/**
 * Range certificates at the contract boundary (runtime/sealed-arguments.ts, executor): a sealed
 * number entering an `init`/`entry` execution or a cross-contract call (arguments and return
 * value) without a valid `"range"` certificate fails with RT_ERR_SEALED_RANGE naming the argument
 * path; `SEALED_RANGE_GAS` is charged per certificate whether or not the verdict cache answers; a
 * hand-written contract forging a sealed number cannot pass it to an honest one; views are not
 * checked at the top level.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AbiType } from '../../compiler/artifact.ts';
import { createRuntime } from '../../runtime/index.ts';
import { clearSealedRangeCache, findSealedNumbers, SEALED_RANGE_GAS } from '../../runtime/sealed-arguments.ts';
import { createCommitment, proveSealedRange } from '../../runtime/zk/index.ts';
import { MiniChain, addr, compileContracts, handWritten } from '../helpers/runtime-host.ts';

const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());

const C = compileContracts(`
export interface Claim { id: string; amount: Sealed<Money<'USD'>>; note?: Sealed<string>; }

export interface Keeper {
  put(id: string, amount: Sealed<Money<'USD'>>): Commitment;
}
export interface Source {
  get(): Sealed<Money<'USD'>>;
}

@contract
export class Vault {
  kept: Map<string, Sealed<Money<'USD'>>> = new Map();
  constructor() {}
  @entry put(id: string, amount: Sealed<Money<'USD'>>): Commitment { this.kept.set(id, amount); return commitmentOf(amount); }
  @entry file(c: Claim): string { this.kept.set(c.id, c.amount); return c.id; }
  @entry many(xs: Sealed<Int>[], label: Sealed<string>): Int { return xs.length; }
  @view peek(s: Sealed<Money<'USD'>>): Commitment { return commitmentOf(s); }
  @view get(): Sealed<Money<'USD'>> { return this.kept.get('a')!; }
}

@contract
export class Forwarder {
  constructor() {}
  @entry pass(keeper: Address, id: string, amount: Sealed<Money<'USD'>>): Commitment { return contractAt<Keeper>(keeper).put(id, amount); }
  @entry fetch(src: Address): Commitment { return commitmentOf(contractAt<Source>(src).get()); }
}

@contract
export class Forger {
  constructor() {}
  @entry go(target: Address): string { return ''; }
}
`);
const VAULT = C['Vault']!;
const FORWARDER = C['Forwarder']!;
const FORGER = C['Forger']!;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** A sealed number as the client sends it (envelope contents are not the runtime's business). */
function sealedNumber(value: bigint, withRange = true): Record<string, unknown> {
  const { commitment, opening } = createCommitment(value);
  const s: Record<string, unknown> = { commitment: hex(commitment), envelope: 'ab', field: 'amount', record: 'r', v: 1 };
  if (withRange) s['range'] = hex(proveSealedRange(commitment, opening));
  return s;
}
const good = sealedNumber(12_500n);
const other = sealedNumber(99n);
const sealedText = { envelope: 'cd', field: 'note', record: 'r', v: 1 };

describe('sealed numbers entering a contract carry a valid range certificate', () => {
  const chain = new MiniChain(runtime);
  const V = addr(1, 'c');
  const F = addr(2, 'c');
  expect(chain.deploy(VAULT, V).status).toBe('ok');
  expect(chain.deploy(FORWARDER, F).status).toBe('ok');

  it('a certified sealed number is accepted; the certificate gas is charged, cached or not', () => {
    clearSealedRangeCache();
    const first = chain.call(V, 'put', ['a', good]);
    expect(first.status).toBe('ok');
    expect(first.value).toBe(good['commitment']);
    expect(first.gasUsed).toBeGreaterThan(SEALED_RANGE_GAS);
    const cached = chain.call(V, 'put', ['a', good]);
    expect(cached.gasUsed).toBe(first.gasUsed);
    clearSealedRangeCache();
    expect(chain.call(V, 'put', ['a', good]).gasUsed).toBe(first.gasUsed);
  });

  it('no certificate, a forged one, or one for another commitment: RT_ERR_SEALED_RANGE with the path, gas charged', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...good, range: undefined }, /no range certificate/],
      [Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'range')), /no range certificate/],
      [{ ...good, range: other['range'] }, /does not verify \(ZK_ERR_PROOF_REJECTED/],
      // The last byte flipped (not set: it may already have that value, 1 time in 256).
      [{ ...good, range: (good['range'] as string).slice(0, -2) + ((parseInt((good['range'] as string).slice(-2), 16) ^ 0xff).toString(16).padStart(2, '0')) }, /does not verify/],
      [{ ...good, range: 'abcd' }, /does not verify \(ZK_ERR_INVALID_ENCODING/],
      [{ ...good, range: 7 }, /must be hex text/],
      [{ ...good, commitment: '00'.repeat(32) }, /does not verify \(ZK_ERR_IDENTITY_POINT/],
      [{ ...good, commitment: 'ab' }, /32-byte "commitment"/],
    ];
    for (const [s, why] of bad) {
      const clean = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
      for (const attempt of [0, 1]) {
        const r = chain.call(V, 'put', ['b', clean], { gasLimit: 1_000_000 });
        expect(r, `${String(why)} #${attempt}`).toMatchObject({ status: 'failed', gasUsed: SEALED_RANGE_GAS, stateDiff: [], events: [] });
        expect(r.error?.code).toBe('RT_ERR_SEALED_RANGE');
        expect(r.error?.site).toBe(-1);
        expect(r.error?.message).toMatch(/^args\[1\]: /);
        expect(r.error?.message).toMatch(why);
      }
    }
  });

  it('finds sealed numbers inside records and arrays (not sealed non-numbers); deploy arguments too', () => {
    const ok = chain.call(V, 'file', [{ id: 'c', amount: good, note: sealedText }]);
    expect(ok.status).toBe('ok');
    const noted = chain.call(V, 'file', [{ id: 'c', amount: { ...good, range: undefined } }].map((x) => JSON.parse(JSON.stringify(x)) as unknown));
    expect(noted.error).toMatchObject({ code: 'RT_ERR_SEALED_RANGE', message: expect.stringMatching(/^args\[0\]\.amount: /) });
    const many = chain.call(V, 'many', [[good, other, sealedNumber(5n, false)], sealedText]);
    expect(many).toMatchObject({ status: 'failed', gasUsed: 3 * SEALED_RANGE_GAS });
    expect(many.error?.message).toMatch(/^args\[0\]\[2\]: /);
    expect(chain.call(V, 'many', [[good, other], sealedText])).toMatchObject({ status: 'ok', value: '2' });
  });

  it('too little gas for the certificates: RT_ERR_OUT_OF_GAS, the whole limit, nothing checked', () => {
    const r = chain.call(V, 'put', ['a', good], { gasLimit: SEALED_RANGE_GAS - 1 });
    expect(r).toMatchObject({ status: 'failed', gasUsed: SEALED_RANGE_GAS - 1 });
    expect(r.error?.code).toBe('RT_ERR_OUT_OF_GAS');
  });

  it('a top-level view is not checked (it writes nothing)', () => {
    const r = runtime.execute(chain.params(V, 'view', 'peek', [{ ...sealedText, commitment: good['commitment'] }]));
    expect(r).toMatchObject({ status: 'ok', value: good['commitment'] });
  });

  it('an honest contract passing on a certified sealed number: the certificate is checked again at the callee and stays valid', () => {
    const r = chain.call(F, 'pass', [V, 'd', good]);
    expect(r).toMatchObject({ status: 'ok', value: good['commitment'] });
    expect(r.gasUsed).toBeGreaterThan(2 * SEALED_RANGE_GAS);
  });

  it('a hand-written contract forging a sealed number cannot pass it to an honest one', () => {
    const G = addr(3, 'c');
    const forged = { ...sealedText, commitment: good['commitment'] };
    const code = `'use strict';
function __covenant_invoke(request) {
  const req = JSON.parse(request);
  const out = __host_call(${JSON.stringify(V)}, 'put', ${JSON.stringify(JSON.stringify(['x', forged]))}, req.gasLimit - 1000);
  const r = JSON.parse(out);
  if (!r.ok) return JSON.stringify({ ok: false, error: { code: 'RT_ERR_CALL_FAILED', message: r.error.code + ': ' + r.error.message, site: -1 }, gasUsed: 1000 + r.gasUsed });
  return JSON.stringify({ events: [], gasUsed: 1000 + r.gasUsed, ok: true, value: 'stored', writes: [] });
}`;
    expect(chain.deploy(handWritten(FORGER, `'use strict';
function __covenant_invoke(request) { return JSON.stringify({ events: [], gasUsed: 10, ok: true, value: null, writes: [] }); }`), G).status).toBe('ok');
    chain.artifacts.set(G, handWritten(FORGER, code));
    const r = chain.call(G, 'go', [V]);
    expect(r).toMatchObject({ status: 'failed', gasUsed: 1000 + SEALED_RANGE_GAS, stateDiff: [] });
    expect(r.error?.message).toBe('RT_ERR_SEALED_RANGE: args[1]: the sealed number has no range certificate ("range")');
    expect(chain.state.get(V, 'm/kept/x')).toBeUndefined();
  });

  it('a sealed number returned by a callee is checked too: a forged one fails the call, its writes are undone', () => {
    const S = addr(4, 'c');
    const forged = JSON.stringify({ ...sealedText, commitment: good['commitment'] });
    const source = (value: string): string => `'use strict';
function __covenant_invoke(request) { return JSON.stringify({ events: [], gasUsed: 500, ok: true, value: ${value}, writes: [['s/touched', '"1"']] }); }`;
    chain.artifacts.set(S, handWritten(VAULT, source(forged)));
    const r = chain.call(F, 'fetch', [S]);
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('RT_ERR_CALL_FAILED');
    expect(r.error?.message).toMatch(/^RT_ERR_SEALED_RANGE: return: the sealed number has no range certificate/);
    expect(r.stateDiff).toEqual([]);
    chain.artifacts.set(S, handWritten(VAULT, source(JSON.stringify(good))));
    expect(chain.call(F, 'fetch', [S])).toMatchObject({ status: 'ok', value: good['commitment'] });
  });
});

describe('findSealedNumbers follows the ABI type tree', () => {
  it('arrays, maps, optionals, records; skips sealed non-numbers and values of the wrong shape', () => {
    const types = { R: { kind: 'record' as const, fields: [{ name: 'x', type: { kind: 'sealed', inner: { kind: 'decimal' } } as AbiType, optional: true }, { name: 's', type: { kind: 'sealed', inner: { kind: 'string' } } as AbiType, optional: false }] } };
    const n = { commitment: 'c' };
    const map: AbiType = { kind: 'map', key: { kind: 'string' }, value: { kind: 'optional', inner: { kind: 'record', name: 'R' } } };
    const f = findSealedNumbers(types, [
      { type: map, value: [['a', { x: n, s: n }], ['b', null], ['c', { s: n }], 'junk'], path: 'args[0]' },
      { type: { kind: 'array', element: { kind: 'sealed', inner: { kind: 'int' } } }, value: [n, 'not an object', [n]], path: 'args[1]' },
      { type: { kind: 'sealed', inner: { kind: 'money', currency: 'USD' } }, value: n, path: 'return' },
    ]);
    expect('found' in f && f.found.map((x) => x.path)).toEqual(['args[0][0][1].x', 'args[1][0]', 'return']);
    let deep: unknown = n;
    let t: AbiType = { kind: 'sealed', inner: { kind: 'int' } };
    for (let i = 0; i < 70; i++) {
      deep = [deep];
      t = { kind: 'array', element: t };
    }
    expect(findSealedNumbers({}, [{ type: t, value: deep, path: 'args[0]' }])).toMatchObject({ tooDeep: expect.stringMatching(/^args\[0\]/) });
  });
});
