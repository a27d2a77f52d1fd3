/**
 * CMP-09: model-based test of a compiled contract. fast-check generates random command sequences
 * (deposits, transfers, withdrawals, including invalid ones) and runs each against the contract in
 * isolated-vm and against a plain TypeScript model; after every command the balances, the holder
 * list (always in ascending address order), the conserved total and the success or failure of
 * the command must agree. Failures shrink to a minimal counterexample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContractArtifact, compile } from '../../compiler/index.ts';
import { TestChain, testAddress } from '../helpers/run-artifact.ts';

const source = readFileSync(join(import.meta.dirname, 'model', 'ledger.contract.ts'), 'utf8');
const compiled = compile({ inputs: [{ path: 'test/compiler/model/ledger.contract.ts', text: source }] });
const LEDGER = compiled.artifacts[0] as ContractArtifact;

const OPERATOR = testAddress(9);
const PARTIES = [testAddress(1), testAddress(2), testAddress(3), testAddress(4)];

interface Model {
  balances: Map<string, bigint>;
  total: bigint;
}

/** Cents → canonical amount text ("1234" → "12.34"). */
const usd = (cents: bigint) => ({ amount: `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents) / 100n}.${String((cents < 0n ? -cents : cents) % 100n).padStart(2, '0')}`, currency: 'USD' });
const cents = (m: unknown): bigint => BigInt((m as { amount: string }).amount.replace('.', ''));

let chain: TestChain | undefined;
afterEach(() => {
  chain?.dispose();
  chain = undefined;
});

type Command =
  | { kind: 'deposit'; by: number; to: number; amount: bigint }
  | { kind: 'transfer'; from: number; to: number; amount: bigint }
  | { kind: 'withdraw'; who: number; amount: bigint };

const party = fc.nat(PARTIES.length - 1);
const amount = fc.oneof(fc.bigInt(-100n, 100_000n), fc.constantFrom(0n, 1n, 99n, 100n));
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), by: fc.nat(PARTIES.length), to: party, amount }),
  fc.record({ kind: fc.constant('transfer' as const), from: party, to: party, amount }),
  fc.record({ kind: fc.constant('withdraw' as const), who: party, amount }),
);
const who = (i: number): string => (i === PARTIES.length ? OPERATOR : (PARTIES[i] as string));

/** Applies a command to the model; returns whether the contract must accept it. */
function applyModel(m: Model, c: Command): boolean {
  const bal = (a: string): bigint => m.balances.get(a) ?? 0n;
  switch (c.kind) {
    case 'deposit':
      if (who(c.by) !== OPERATOR || c.amount <= 0n) return false;
      m.balances.set(who(c.to), bal(who(c.to)) + c.amount);
      m.total += c.amount;
      return true;
    case 'transfer': {
      const from = who(c.from);
      if (c.amount <= 0n || bal(from) < c.amount) return false;
      if (bal(from) === c.amount) m.balances.delete(from);
      else m.balances.set(from, bal(from) - c.amount);
      m.balances.set(who(c.to), bal(who(c.to)) + c.amount);
      return true;
    }
    case 'withdraw': {
      const a = who(c.who);
      if (c.amount <= 0n || bal(a) < c.amount) return false;
      if (bal(a) === c.amount) m.balances.delete(a);
      else m.balances.set(a, bal(a) - c.amount);
      m.total -= c.amount;
      return true;
    }
  }
}

function runContract(ch: TestChain, ledger: string, c: Command): boolean {
  switch (c.kind) {
    case 'deposit': return ch.call(ledger, 'deposit', [who(c.to), usd(c.amount)], { caller: who(c.by) }).ok;
    case 'transfer': return ch.call(ledger, 'transfer', [who(c.to), usd(c.amount)], { caller: who(c.from) }).ok;
    case 'withdraw': return ch.call(ledger, 'withdraw', [usd(c.amount)], { caller: who(c.who) }).ok;
  }
}

describe('CMP-09 model-based test of a compiled ledger', () => {
  it('compiles', () => {
    expect(compiled.diagnostics).toEqual([]);
  });

  it('agrees with the TypeScript model after every command', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        chain?.dispose();
        chain = new TestChain();
        const { address, result } = chain.deploy(LEDGER, [OPERATOR], { caller: OPERATOR });
        expect(result.ok).toBe(true);
        const model: Model = { balances: new Map(), total: 0n };
        for (const c of commands) {
          const accepted = applyModel(model, c);
          expect(runContract(chain, address, c), JSON.stringify(c, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(accepted);
          const view = (name: string, args: unknown[] = []): unknown => {
            const r = (chain as TestChain).view(address, name, args);
            expect(r.error, `${name}: ${JSON.stringify(r.error)}`).toBeUndefined();
            return r.value;
          };
          for (const p of PARTIES) expect(cents(view('balanceOf', [p]))).toBe(model.balances.get(p) ?? 0n);
          // Map iteration is in ascending key order, whatever the insertion order.
          expect(view('holders')).toEqual([...model.balances.keys()].sort());
          const total = cents(view('sumOfBalances'));
          expect(total).toBe(model.total);
          expect(cents(view('totalHeld'))).toBe(total);
        }
      }),
      { numRuns: 40 },
    );
  });
});
