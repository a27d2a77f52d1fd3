/**
 * State keys are well-formed Unicode, always. Nodes store keys as UTF-8, which turns every lone
 * surrogate into U+FFFD, so two keys that differ only there ('\uD800', '\uD801') would be one key
 * on disk: a block's state root could not be computed, and a restarted node would read other
 * values than the live one. The code refuses such a map key (RT_ERR_INVALID_KEY, see
 * test/semantic/unicode-keys.contract.ts); the host refuses any such key a hand-written contract
 * writes or asks for, with the same code. Values, events and results may carry lone surrogates:
 * they travel and are stored as JSON text, which escapes them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../compiler/artifact.ts';
import { createRuntime } from '../../runtime/index.ts';
import type { StateView } from '../../runtime/index.ts';
import { MiniChain, addr, compileContracts, handWritten } from '../helpers/runtime-host.ts';

const runtime = createRuntime({ maxGasLimit: 5_000_000 });
afterAll(() => runtime.dispose());

const { Keys, Poker } = compileContracts(`
export interface Noted extends Event { text: string; }
export interface Pokeable { poke(): Int; }

@contract
export class Keys {
  m: Map<string, Int> = new Map();
  note: string = '';

  @entry
  put(k: string, v: Int): Int { const had = this.m.has(k); this.m.set(k, v); return had ? 0 : 1; }

  @entry
  sliced(s: string): Int { this.m.set(s.slice(0, 1), 1); return this.m.size; }

  @entry
  literal(): Int { this.m.set('\\uD801', 1); return this.m.size; }

  @entry
  say(s: string): string { this.note = s; emit<Noted>({ text: s }); return s; }

  @entry
  poke(): Int { return 1; }
}

@contract
export class Poker {
  @entry
  go(target: Address): string {
    try { return str(contractAt<Pokeable>(target).poke()); } catch (e) { return e.code + ' ' + e.message; }
  }
}
`);
const KEYS = Keys!;
const POKER = Poker!;

/** A state view that records every key it is asked for (directly or through the prefetch). */
class Spy implements StateView {
  readonly asked: string[] = [];
  readonly #base: StateView;
  constructor(base: StateView) {
    this.#base = base;
  }
  get(address: string, key: string): string | undefined {
    this.asked.push(key);
    return this.#base.get(address, key);
  }
  keys(address: string, prefix: string): readonly string[] {
    this.asked.push(prefix);
    return this.#base.keys(address, prefix);
  }
}

describe('the code refuses a map key that is not well-formed Unicode', () => {
  const chain = new MiniChain(runtime);
  const K = addr(1, 'c');
  expect(chain.deploy(KEYS, K).status).toBe('ok');

  it('two lone surrogates are two failures, not one key; nothing is written and the state view is never asked', () => {
    const spy = new Spy(chain.state);
    // Warm the prefetch plan: it learns that `put` reads m/m/<argument 0>.
    for (let i = 0; i < 3; i++) expect(chain.call(K, 'put', [`k${i}`, '1'], { state: spy }).status).toBe('ok');
    const before = [...(chain.state.data.get(K) ?? new Map<string, string>())];
    const gas: number[] = [];
    for (const k of ['\uD800', '\uD801', 'a\uDC00']) {
      const r = chain.call(K, 'put', [k, '7'], { state: spy });
      expect(r.status).toBe('failed');
      expect(r.error).toMatchObject({ code: 'RT_ERR_INVALID_KEY', site: expect.any(Number), location: 'test.contract.ts:11:45' });
      expect(r.error?.message).toBe(`map key ${JSON.stringify(k)} is not well-formed Unicode (lone surrogate)`);
      expect(r.stateDiff).toEqual([]);
      expect(r.events).toEqual([]);
      gas.push(r.gasUsed);
    }
    // Deterministic gas: the same work for the same key length, well below the limit.
    expect(gas[0]).toBe(gas[1]);
    expect(gas[0]).toBeLessThan(5_000_000);
    expect([...(chain.state.data.get(K) ?? new Map<string, string>())]).toEqual(before);
    expect(spy.asked.filter((k) => !k.isWellFormed())).toEqual([]);
  });

  it('a literal and a slice that splits a surrogate pair fail the same way', () => {
    for (const [name, args, key] of [['literal', [], '\uD801'], ['sliced', ['\u{1F600}'], '\uD83D']] as const) {
      const r = chain.call(K, name, args);
      expect(r.error).toMatchObject({ code: 'RT_ERR_INVALID_KEY', message: `map key ${JSON.stringify(key)} is not well-formed Unicode (lone surrogate)` });
      expect(r.stateDiff).toEqual([]);
    }
  });

  it('well-formed keys outside the BMP work and round-trip', () => {
    const r = chain.call(K, 'put', ['\u{1F600}', '5']);
    expect(r.status).toBe('ok');
    expect(r.stateDiff).toEqual([{ address: K, key: 'm/m/\u{1F600}', value: '"5"' }]);
    expect(chain.state.get(K, 'm/m/\u{1F600}')).toBe('"5"');
    // UTF-8 of the key is lossless: decoding it gives the key back.
    expect(Buffer.from('m/m/\u{1F600}', 'utf8').toString('utf8')).toBe('m/m/\u{1F600}');
  });

  it('values, events and results with lone surrogates are JSON text, which escapes them', () => {
    const r = chain.call(K, 'say', ['\uD800']);
    expect(r.status).toBe('ok');
    expect(r.value).toBe('\uD800');
    expect(r.stateDiff).toEqual([{ address: K, key: 's/note', value: '"\\ud800"' }]);
    for (const e of r.stateDiff) expect(e.key.isWellFormed() && (e.value?.isWellFormed() ?? true)).toBe(true);
    // Event data is a parsed value; its canonical (receipt) text escapes the surrogate and parses back to it.
    expect(r.events).toEqual([{ contract: K, name: 'Noted', data: { text: '\uD800' } }]);
    const text = canonicalJson(r.events);
    expect(text.isWellFormed()).toBe(true);
    expect(text).toContain('"\\ud800"');
    expect(JSON.parse(text)).toEqual(r.events);
  });
});

describe('the host refuses a state key that is not well-formed Unicode (hand-written code)', () => {
  const chain = new MiniChain(runtime);
  const K = addr(2, 'c');
  const P = addr(3, 'c');
  expect(chain.deploy(KEYS, K).status).toBe('ok');
  expect(chain.deploy(POKER, P).status).toBe('ok');

  const respond = (body: string): string => `'use strict';
function __covenant_invoke(request) {
  ${body}
}`;
  const ok = (writes: string, value = 'null'): string => respond(`return JSON.stringify({ events: [], gasUsed: 10, ok: true, value: ${value}, writes: ${writes} });`);

  function run(code: string) {
    return runtime.execute(chain.params(K, 'entry', 'put', [], { artifact: handWritten(KEYS, code), gasLimit: 100_000 }));
  }

  it('a write under a lone-surrogate key fails with RT_ERR_INVALID_KEY and the whole gas limit', () => {
    for (const key of ['m/m/\uD800', 'm/m/\uD801', '\uDFFF']) {
      const r = run(ok(`[['m/m/a', '"1"'], [${JSON.stringify(key)}, '"2"']]`));
      expect(r).toMatchObject({ status: 'failed', gasUsed: 100_000, stateDiff: [], events: [] });
      expect(r.error).toEqual({ code: 'RT_ERR_INVALID_KEY', message: `state key ${JSON.stringify(key)} is not well-formed Unicode`, site: -1 });
    }
    // The same response with well-formed keys is accepted.
    const good = run(ok(`[['m/m/a', '"1"'], ['m/m/\\u{1F600}', '"2"']]`));
    expect(good.status).toBe('ok');
    expect(good.stateDiff.map((e) => e.key)).toEqual(['m/m/a', 'm/m/\u{1F600}']);
  });

  it('asking __host_load or __host_keys for such a key fails the invocation even if the code catches the error', () => {
    for (const call of [`__host_load('m/m/\\uD800')`, `__host_keys('m/\\uDC00/')`]) {
      const spy = new Spy(chain.state);
      const code = respond(`try { ${call}; } catch (e) {}
  return JSON.stringify({ events: [], gasUsed: 10, ok: true, value: null, writes: [] });`);
      const r = runtime.execute(chain.params(K, 'entry', 'put', [], { artifact: handWritten(KEYS, code), gasLimit: 100_000, state: spy }));
      expect(r).toMatchObject({ status: 'failed', gasUsed: 100_000, stateDiff: [] });
      expect(r.error?.code).toBe('RT_ERR_INVALID_KEY');
      expect(spy.asked).toEqual([]);
    }
  });

  it('a value text that is not well-formed is a malformed response', () => {
    const r = run(ok(`[['s/note', '"\\uD800"']]`));
    expect(r).toMatchObject({ status: 'failed', gasUsed: 100_000, stateDiff: [] });
    expect(r.error).toMatchObject({ code: 'RT_ERR_INTERNAL', detail: 'response writes malformed' });
  });

  it('a callee refused this way uses all the gas it was given, so its caller runs out of gas; nothing is written', () => {
    chain.artifacts.set(K, handWritten(KEYS, ok(`[['m/m/\\uD800', '"1"']]`, '"1"')));
    try {
      const r = chain.call(P, 'go', [K], { gasLimit: 200_000 });
      expect(r).toMatchObject({ status: 'failed', gasUsed: 200_000, stateDiff: [], events: [] });
      expect(r.error?.code).toBe('RT_ERR_OUT_OF_GAS');
    } finally {
      chain.artifacts.set(K, KEYS);
    }
  });
});
