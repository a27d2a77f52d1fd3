/**
 * State prefetch is a pure optimisation: a runtime that sends expected state reads ahead gives
 * exactly the results (values, gas, events, diffs and hashes, failure codes and sites) of one that
 * answers every read by a host round trip, whatever it has learned, including reads of keys that
 * earlier executions or earlier invocations in the same transaction changed. The host-owned driver
 * behind it is unreachable from contract code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContractArtifact, compile } from '../../compiler/index.ts';
import { execute } from '../../runtime/executor.ts';
import { type ExecuteParameters, type ExecuteResult, type Runtime, type StateView, createRuntime } from '../../runtime/index.ts';
import { type HostFunctions, Sandbox } from '../../runtime/sandbox.ts';
import { MiniChain, addr, compileContracts, handWritten } from '../helpers/runtime-host.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const cross = compile({ inputs: [{ path: 'test/semantic/cross-contract.contract.ts', text: readFileSync(join(ROOT, 'test/semantic/cross-contract.contract.ts'), 'utf8') }] });
const byName = Object.fromEntries(cross.artifacts.map((a) => [a.contract, a])) as Record<string, ContractArtifact>;
const LEDGER = byName['Ledger'] as ContractArtifact;
const PAYER = byName['Payer'] as ContractArtifact;

const K = compileContracts(`
export interface Bank {
  move(from: Address, to: Address, n: Int): Int;
  deposit(to: Address, n: Int): Int;
}

@contract
export class Vault {
  balances: Map<Address, Int> = new Map();
  names: Map<string, Int> = new Map();
  total: Int = 0;
  note: string | undefined;

  @entry
  deposit(to: Address, n: Int): Int {
    this.balances.set(to, (this.balances.get(to) ?? 0) + n);
    this.total += n;
    return this.total;
  }

  @entry
  move(from: Address, to: Address, n: Int): Int {
    const have = this.balances.get(from) ?? 0;
    require(have >= n, 'insufficient');
    if (have == n) {
      this.balances.delete(from);
    } else {
      this.balances.set(from, have - n);
    }
    this.balances.set(to, (this.balances.get(to) ?? 0) + n);
    return have - n;
  }

  @entry
  name(k: string, n: Int): Int {
    if (n == 0) {
      this.names.delete(k);
      this.note = undefined;
    } else {
      this.names.set(k, n);
      this.note = k;
    }
    return this.names.size;
  }

  @view
  sum(): Int {
    let s = 0;
    for (const [k, v] of this.balances) {
      s += v;
    }
    return s + this.total;
  }

  @view
  get(k: string): string {
    return str(this.names.get(k) ?? -1) + '/' + (this.note ?? '-');
  }
}

@contract
export class Relay {
  bank: Bank;
  hops: Int = 0;

  constructor(bank: Address) {
    this.bank = contractAt<Bank>(bank);
  }

  /** Two invocations of the bank in one transaction: the second reads the first one's writes. */
  @entry
  twice(a: Address, b: Address, n: Int): Int {
    this.hops += 1;
    this.bank.move(a, b, n);
    return this.bank.move(b, a, n + 1);
  }

  @entry
  tryTwice(a: Address, b: Address, n: Int): string {
    this.hops += 1;
    try {
      this.bank.deposit(a, n);
      this.bank.move(a, b, n * 3);
      return 'both';
    } catch (e) {
      return e.code;
    }
  }
}
`);
const VAULT = K['Vault'] as ContractArtifact;
const RELAY = K['Relay'] as ContractArtifact;

const runtimes: Runtime[] = [];
afterAll(() => {
  for (const r of runtimes) r.dispose();
});

const L = addr(1, 'c');
const P = addr(2, 'c');
const V = addr(3, 'c');
const R = addr(4, 'c');
/** The Relay is the Vault's caller in nested calls: it acts as a party too. */
const party = (i: number): string => (i === 0 ? R : addr(i));
const usd = (cents: number): { amount: string; currency: string } => ({ amount: (cents / 100).toFixed(2), currency: 'USD' });

interface Op {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
  readonly n: number;
  readonly lowGas: boolean;
}

function chainWith(prefetch: boolean): MiniChain {
  const runtime = createRuntime({ prefetch });
  runtimes.push(runtime);
  const chain = new MiniChain(runtime);
  expect(chain.deploy(LEDGER, L).status).toBe('ok');
  expect(chain.deploy(PAYER, P, [L]).status).toBe('ok');
  expect(chain.deploy(VAULT, V).status).toBe('ok');
  expect(chain.deploy(RELAY, R, [V]).status).toBe('ok');
  for (let i = 1; i <= 4; i++) expect(chain.call(L, 'mint', [addr(i), usd(5_000)]).status).toBe('ok');
  expect(chain.call(L, 'mint', [P, usd(5_000)]).status).toBe('ok');
  return chain;
}

function apply(chain: MiniChain, op: Op): ExecuteResult {
  const a = party(op.a);
  const b = party(op.b);
  const extra = { gasLimit: op.lowGas ? 1_500 + op.n * 97 : 2_000_000 };
  switch (op.kind) {
    case 0: return chain.call(L, 'transfer', [a, b, usd(op.n * 37)], { ...extra, caller: a });
    case 1: return chain.call(L, 'transfer', [a, b, usd(op.n)], { ...extra, caller: b }); // someone else's funds
    case 2: return chain.call(P, 'pay', [b, usd(op.n * 11)], extra);
    case 3: return chain.call(P, 'tryPay', [b, usd(op.n * 3)], extra);
    case 4: return chain.call(P, 'steal', [a, usd(op.n)], extra);
    case 5: return chain.call(V, 'deposit', [a, String(op.n)], extra);
    case 6: return chain.call(V, 'move', [a, b, String(op.n)], extra);
    case 7: return chain.call(R, 'twice', [a, b, String(op.n)], extra);
    case 8: return chain.call(R, 'tryTwice', [a, b, String(op.n)], extra);
    case 9: return chain.call(V, 'name', [`k${op.a}`, String(op.n % 3)], extra);
    case 10: return chain.view(V, 'sum', [], extra);
    case 11: return chain.view(V, 'get', [`k${op.b}`], extra);
    case 12: return chain.view(L, 'balanceOf', [a], extra);
    default: return chain.call(L, 'transfer', [a, b, { amount: '1.5', currency: 'USD' }], { ...extra, caller: a });
  }
}

const op = fc.record({ kind: fc.integer({ min: 0, max: 13 }), a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }), n: fc.integer({ min: 0, max: 60 }), lowGas: fc.boolean() });

describe('prefetch', () => {
  it('random sequences give byte-identical results and state with and without prefetch (fast-check)', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
      const on = chainWith(true);
      const off = chainWith(false);
      for (const o of ops) expect(JSON.stringify(apply(on, o))).toBe(JSON.stringify(apply(off, o)));
      expect([...on.state.data].map(([a, m]) => [a, [...m].sort()])).toEqual([...off.state.data].map(([a, m]) => [a, [...m].sort()]));
      on.runtime.dispose();
      off.runtime.dispose();
    }), { numRuns: 25 });
  });

  it('sends learned keys ahead: from the second call of an entry on, its reads need no round trip', () => {
    const chain = chainWith(true);
    const sent: [string, number][] = [];
    class Recording extends Sandbox {
      override invoke(codeHash: string, code: string, request: string, host: HostFunctions, prefetch = ''): string {
        const out = super.invoke(codeHash, code, request, host, prefetch);
        sent.push([prefetch, this.prefetchHits]);
        return out;
      }
    }
    const sandbox = new Recording();
    let reads = 0;
    // The overlay asks the base once per key; count what reaches the committed state.
    const counting: StateView = { get: (a, k) => (reads++, chain.state.get(a, k)), keys: (a, p) => chain.state.keys(a, p) };
    const p = (from: number, to: number): ExecuteParameters => chain.params(L, 'entry', 'transfer', [addr(from), addr(to), usd(5)], { caller: addr(from), state: counting });
    try {
      const results = [execute(sandbox, p(1, 2)), execute(sandbox, p(3, 4)), execute(sandbox, p(4, 3))];
      const plain = chainWith(false);
      const want = [p(1, 2), p(3, 4), p(4, 3)].map((q) => plain.runtime.execute({ ...q, state: plain.state }));
      expect(JSON.stringify(results)).toBe(JSON.stringify(want));
      // s/calls and both balances, once per call, prefetched or not.
      expect(reads).toBe(9);
      // The plan was learned by the first run of this code and entry in this process (here or in an
      // earlier test, so in whatever order): the last call got all three keys ahead and read them.
      const last = sent[sent.length - 1] as [string, number];
      const pairs = JSON.parse(last[0]) as (string | null)[];
      const got = new Map<string, string | null>();
      for (let i = 0; i < pairs.length; i += 2) got.set(pairs[i] as string, pairs[i + 1] as string | null);
      const key = (n: number): string => `m/balances/${addr(n)}`;
      expect(got).toEqual(new Map([['s/calls', chain.state.get(L, 's/calls')], [key(4), chain.state.get(L, key(4))], [key(3), chain.state.get(L, key(3))]]));
      expect(last[1]).toBe(0b111);
    } finally {
      sandbox.dispose();
    }
  });

  it('a wrong guess costs nothing but a read: an entry that reads other keys on another branch', () => {
    const on = chainWith(true);
    const off = chainWith(false);
    // move() reads balances[from] and, only if funds suffice, balances[to].
    for (const [a, b, n] of [[1, 2, 1], [1, 2, 10_000], [2, 1, 1], [0, 3, 5], [3, 0, 0], [3, 0, 1]] as const) {
      for (const c of [on, off]) c.call(V, 'deposit', [addr(a === 0 ? 9 : a), '3']);
      expect(JSON.stringify(on.call(V, 'move', [party(a), party(b), String(n)]))).toBe(JSON.stringify(off.call(V, 'move', [party(a), party(b), String(n)])));
    }
  });

  it('texts too long to send ahead are read through the callback, with the same results', () => {
    const on = chainWith(true);
    const off = chainWith(false);
    const long = 'k'.repeat(70_000);
    for (const [k, n] of [['a', 1], [long, 2], ['a', 3], [long, 4], [long, 0], ['b', 5], [long, 6]] as const) {
      for (const q of [[k, String(n)], [long.slice(0, 20_000) + k, String(n + 1)]]) {
        expect(JSON.stringify(on.call(V, 'name', q))).toBe(JSON.stringify(off.call(V, 'name', q)));
        expect(JSON.stringify(on.view(V, 'get', [q[0]]))).toBe(JSON.stringify(off.view(V, 'get', [q[0]])));
      }
    }
  });

  it('the driver is out of reach of contract code, even at evaluation time', () => {
    const runtime = createRuntime();
    runtimes.push(runtime);
    const chain = new MiniChain(runtime);
    const code = `'use strict';
const seen = [typeof __covenant_driver, typeof __covenant_bind, typeof globalThis.__covenant_driver].join();
JSON.parse = function () { throw new Error('tampered'); };
function __covenant_invoke(request) {
  const v = __host_load('s/n');
  return JSON.stringify({ events: [], gasUsed: 0, ok: true, value: seen + ' ' + v + ' ' + Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith('__')).sort().join(), writes: [] });
}`;
    const artifact = handWritten(VAULT, code);
    chain.state.apply([{ address: V, key: 's/n', value: '"7"' }]);
    const params = chain.params(V, 'entry', 'x', [], { artifact });
    const names = '__covenant_invoke,__host_call,__host_keys,__host_load,__host_rollback,__host_verify';
    // First call learns s/n; the second gets it prefetched, through the driver's own JSON.parse.
    expect(runtime.execute(params).value).toBe(`undefined,undefined,undefined "7" ${names}`);
    expect(runtime.execute(params).value).toBe(`undefined,undefined,undefined "7" ${names}`);
  });
});
