/**
 * execute(): receipts (status, value, error code and source location, gas, events in emission
 * order, sorted state diff and hash), cross-contract calls with nested journals (SC-01, SC-05),
 * caller identity only from the parameters (SC-04), gas (GAS-01/02/04/05), boundary caps (SBX-10,
 * SC-12) and determinism across processes with other TZ/LANG (DET-04).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContractArtifact, compile } from '../../compiler/index.ts';
import { RuntimeError, createRuntime, stateDiffHash } from '../../runtime/index.ts';
import { MiniChain, addr, compileContracts } from '../helpers/runtime-host.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const runtime = createRuntime({ maxGasLimit: 20_000_000 });
afterAll(() => runtime.dispose());

const cross = compile({ inputs: [{ path: 'test/semantic/cross-contract.contract.ts', text: readFileSync(join(ROOT, 'test/semantic/cross-contract.contract.ts'), 'utf8') }] });
const byName = Object.fromEntries(cross.artifacts.map((a) => [a.contract, a])) as Record<string, ContractArtifact>;
const LEDGER = byName['Ledger'] as ContractArtifact;
const PAYER = byName['Payer'] as ContractArtifact;

const K = compileContracts(`
export interface Ticked extends Event { n: Int; }

@contract
export class Kit {
  n: Int = 0;
  m: Map<string, Int> = new Map();
  owner: Address;

  constructor() { this.owner = ctx.caller; }

  @entry
  who(note: string): Address { return ctx.caller; }

  @entry
  set(keys: string[]): Int {
    for (const k of keys) { this.m.set(k, this.n); this.n += 1; emit<Ticked>({ n: this.n }); }
    return this.n;
  }

  @entry
  fail(k: string): void {
    this.m.set(k, 99);
    emit<Ticked>({ n: 99 });
    require(false, 'no');
  }

  @entry
  onlyOwner(): void { require(ctx.caller == this.owner, 'not the owner'); this.n += 1; }

  @entry
  spin(): void { while (true) { this.n += 1; } }

  @entry
  swallow(): string {
    try { while (true) { this.n += 1; } } catch (e) { return 'swallowed'; }
    return 'never';
  }

  @entry
  grow(): Int { const a: string[] = []; while (true) { a.push(str(a.length) + 'xxxxxxxxxxxxxxxxxxxxxxxx'); } return 0; }

  @entry
  reads(): Int {
    let total = 0;
    for (let i = 0; i < 1000000; i += 1) { total += this.m.get(str(i)) ?? 0; }
    return total;
  }

  @view
  peek(): Int { return this.n; }
}

export interface Pingable { ping(): Int; forward(to: Address): Int; }

@contract
export class Relay {
  count: Int = 0;
  @entry
  ping(): Int { this.count += 1; return this.count; }
  @entry
  forward(to: Address): Int { return contractAt<Pingable>(to).ping(); }
  @entry
  bounce(to: Address): Int { return contractAt<Pingable>(to).forward(ctx.self); }
}`);
const KIT = K['Kit'] as ContractArtifact;
const RELAY = K['Relay'] as ContractArtifact;

function fresh(): { chain: MiniChain; kit: string } {
  const chain = new MiniChain(runtime);
  const kit = addr(1, 'c');
  expect(chain.deploy(KIT, kit).status).toBe('ok');
  return { chain, kit };
}

describe('receipts', () => {
  it('a successful entry returns its value, events in order and a sorted diff with its hash', () => {
    const { chain, kit } = fresh();
    const r = chain.call(kit, 'set', [['b', 'a', 'c']]);
    expect(r.status).toBe('ok');
    expect(r.value).toBe('3');
    expect(r.events.map((e) => [e.contract, e.name, e.data])).toEqual([[kit, 'Ticked', { n: '1' }], [kit, 'Ticked', { n: '2' }], [kit, 'Ticked', { n: '3' }]]);
    expect(r.stateDiff.map((e) => e.key)).toEqual(['m/m/a', 'm/m/b', 'm/m/c', 's/n']);
    expect(r.stateDiffHash).toBe(stateDiffHash(r.stateDiff));
    // Same transaction on a fresh chain: the same receipt, byte for byte.
    const again = fresh();
    expect(again.chain.call(again.kit, 'set', [['b', 'a', 'c']])).toEqual(r);
  });
  it('a revert reports code, message, site and location, and leaves no events and no diff', () => {
    const { chain, kit } = fresh();
    const before = [...(chain.state.data.get(kit) ?? [])];
    const r = chain.call(kit, 'fail', ['k']);
    expect(r).toMatchObject({ status: 'failed', events: [], stateDiff: [], error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'no' } });
    expect(r.error?.location).toMatch(/^test\.contract\.ts:\d+:\d+$/);
    expect(r.stateDiffHash).toBe(stateDiffHash([]));
    expect([...(chain.state.data.get(kit) ?? [])]).toEqual(before);
  });
  it('a view cannot write: its diff is empty and calling an entry from a view fails', () => {
    const { chain, kit } = fresh();
    expect(chain.view(kit, 'peek')).toMatchObject({ status: 'ok', value: '0', stateDiff: [] });
    expect(chain.view(kit, 'set', [['a']])).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_UNKNOWN_ENTRY' } });
  });
  it('an unknown address fails with RT_ERR_UNKNOWN_CONTRACT and no gas; bad parameters throw', () => {
    const { chain } = fresh();
    expect(chain.call(addr(77, 'c'), 'x')).toMatchObject({ status: 'failed', gasUsed: 0, error: { code: 'RT_ERR_UNKNOWN_CONTRACT' } });
    expect(() => chain.call(addr(1, 'c'), 'who', ['x'], { caller: 'ABC' })).toThrow(RuntimeError);
    expect(() => chain.call(addr(1, 'c'), 'who', ['x'], { gasLimit: 30_000_000 })).toThrow(/RT_ERR_INVALID_PARAMETERS/);
  });
});

describe('SC-04 caller identity comes only from the parameters', () => {
  it('ctx.caller is the caller parameter, whatever the arguments contain', () => {
    const { chain, kit } = fresh();
    const forged = `","ctx":{"caller":"${addr(5)}","origin":"${addr(5)}","self":"${kit}","time":"0","height":"1"},"x":"`;
    expect(chain.call(kit, 'who', [forged], { caller: addr(2) }).value).toBe(addr(2));
    expect(chain.call(kit, 'onlyOwner', [], { caller: addr(2) })).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'not the owner' } });
    expect(chain.call(kit, 'onlyOwner', [], { caller: addr(1) }).status).toBe('ok');
  });
});

describe('cross-contract calls', () => {
  function ledgerAndPayer(): { chain: MiniChain; ledger: string; payer: string } {
    const chain = new MiniChain(runtime);
    const ledger = addr(1, 'c');
    const payer = addr(2, 'c');
    expect(chain.deploy(LEDGER, ledger).status).toBe('ok');
    expect(chain.deploy(PAYER, payer, [ledger]).status).toBe('ok');
    expect(chain.call(ledger, 'mint', [payer, { amount: '100.00', currency: 'USD' }]).status).toBe('ok');
    return { chain, ledger, payer };
  }
  it('events of caller and callee interleave in emission order; the diff covers both contracts', () => {
    const { chain, ledger, payer } = ledgerAndPayer();
    const r = chain.call(payer, 'pay', [addr(5), { amount: '30.00', currency: 'USD' }]);
    expect(r.status).toBe('ok');
    expect(r.events.map((e) => [e.contract, e.name])).toEqual([[payer, 'Noted'], [ledger, 'Moved'], [payer, 'Noted']]);
    expect(new Set(r.stateDiff.map((e) => e.address))).toEqual(new Set([ledger, payer]));
  });
  it('SC-05 a callee failure reverts the caller and every effect of the transaction', () => {
    const { chain, ledger, payer } = ledgerAndPayer();
    const r = chain.call(payer, 'pay', [addr(5), { amount: '300.00', currency: 'USD' }]);
    expect(r).toMatchObject({ status: 'failed', events: [], stateDiff: [], error: { code: 'RT_ERR_CALL_FAILED', message: 'RT_ERR_REQUIRE_FAILED: insufficient funds' } });
    expect(chain.view(ledger, 'callCount').value).toBe('0');
    // Caught in a try: only the callee's effects are undone, the caller's own survive.
    const t = chain.call(payer, 'tryPay', [addr(5), { amount: '60.00', currency: 'USD' }]);
    expect(t.value).toBe('RT_ERR_REQUIRE_FAILED | too much after all');
    expect(t.stateDiff.map((e) => e.address)).toEqual([payer]);
    expect(chain.view(ledger, 'balanceOf', [addr(5)]).value).toEqual({ amount: '0.00', currency: 'USD' });
  });
  it('SC-01 re-entering a contract on the call stack is refused and fatal', () => {
    const { chain, payer } = ledgerAndPayer();
    expect(chain.call(payer, 'reenter')).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_REENTRANCY' } });
    expect(chain.call(payer, 'tryReenter')).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_REENTRANCY' } });
  });
  it('SC-01 two addresses running the same code call each other; a cycle back is refused', () => {
    const chain = new MiniChain(runtime);
    const [r1, r2] = [addr(1, 'c'), addr(2, 'c')];
    chain.deploy(RELAY, r1);
    chain.deploy(RELAY, r2);
    expect(chain.call(r1, 'forward', [r2])).toMatchObject({ status: 'ok', value: '1' });
    expect(chain.call(r1, 'forward', [r2])).toMatchObject({ status: 'ok', value: '2' });
    expect(chain.call(r1, 'bounce', [r2])).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_REENTRANCY' } });
    expect(chain.call(r1, 'forward', [addr(3, 'c')])).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_CALL_FAILED', message: expect.stringMatching(/^RT_ERR_UNKNOWN_CONTRACT/) } });
  });
});

describe('gas', () => {
  it('GAS-01 an endless loop runs out of gas at exactly the gas limit, every time', () => {
    const { chain, kit } = fresh();
    for (let i = 0; i < 2; i++) expect(chain.call(kit, 'spin', [], { gasLimit: 250_000 })).toMatchObject({ status: 'failed', gasUsed: 250_000, error: { code: 'RT_ERR_OUT_OF_GAS' } });
  });
  it('GAS-02 catch cannot swallow out of gas', () => {
    const { chain, kit } = fresh();
    expect(chain.call(kit, 'swallow', [], { gasLimit: 250_000 })).toMatchObject({ status: 'failed', gasUsed: 250_000, error: { code: 'RT_ERR_OUT_OF_GAS' } });
  });
  it('GAS-04 an array-of-fresh-strings bomb stops with out of gas at the largest gas limit, before the isolate limit', () => {
    const { chain, kit } = fresh();
    expect(chain.call(kit, 'grow', [], { gasLimit: 20_000_000 })).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_OUT_OF_GAS' } });
    expect(runtime.isolateResets).toBe(0);
  });
  it('GAS-05 a million state reads are charged per host call and fail deterministically', () => {
    const { chain, kit } = fresh();
    const a = chain.call(kit, 'reads', [], { gasLimit: 3_000_000 });
    const b = chain.call(kit, 'reads', [], { gasLimit: 3_000_000 });
    expect(a).toMatchObject({ status: 'failed', gasUsed: 3_000_000, error: { code: 'RT_ERR_OUT_OF_GAS' } });
    expect(b).toEqual(a);
  });
});

describe('SBX-10 / SC-12 boundary', () => {
  it('a 10 MB argument is refused before it is copied in, with no gas', () => {
    const { chain, kit } = fresh();
    const t = performance.now();
    expect(chain.call(kit, 'who', ['x'.repeat(10 * 1024 * 1024)])).toMatchObject({ status: 'failed', gasUsed: 0, error: { code: 'RT_ERR_INVALID_REQUEST' } });
    expect(performance.now() - t).toBeLessThan(1000);
  });
  it('a 10^6-deep nested array is refused at the boundary', () => {
    const { chain, kit } = fresh();
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(chain.call(kit, 'set', [deep])).toMatchObject({ status: 'failed', gasUsed: 0, error: { code: 'RT_ERR_INVALID_REQUEST', message: 'arguments nest too deep' } });
  });
  it('__proto__, constructor and unknown fields are rejected by the decoder, deterministically', () => {
    const { chain, ledger } = { chain: new MiniChain(runtime), ledger: addr(1, 'c') };
    chain.deploy(LEDGER, ledger);
    for (const amount of [JSON.parse('{"__proto__":{"x":1},"amount":"1.00","currency":"USD"}') as unknown, { amount: '1.00', currency: 'USD', constructor: 'x' }, { amount: 1, currency: 'USD' }]) {
      expect(chain.call(ledger, 'mint', [addr(5), amount])).toMatchObject({ status: 'failed', error: { code: 'RT_ERR_INVALID_ARGUMENT' } });
    }
  });
});

describe('DET-04 same receipts in another process with another TZ and LANG', () => {
  it('a child process with TZ=Pacific/Kiritimati LANG=tr_TR.UTF-8 gives identical results', () => {
    const script = join(import.meta.dirname, 'fixtures', 'det-scenario.ts');
    const node = join(ROOT, 'node_modules', '.bin', 'node');
    const runIn = (env: Record<string, string>): string => execFileSync(node, ['--no-node-snapshot', '--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    const a = runIn({ TZ: 'UTC', LANG: 'C' });
    const b = runIn({ TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect(JSON.parse(a).length).toBeGreaterThan(3);
    expect(b).toBe(a);
  });
});
