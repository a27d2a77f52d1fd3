/**
 * contracts/settlement/cash-accounts: property test with fast-check over random sequences of
 * deposits, withdrawals, transfers, mandate changes and agent payments in several currencies:
 * after every transaction each currency's balances sum to its total cash (deposits − withdrawals),
 * no balance is negative, a refused transaction changes nothing, and the contract agrees with a
 * plain model kept in this file. Plus the access rules (custodian only, mandates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContractArtifact, compile } from '../../compiler/index.ts';
import { createRuntime } from '../../runtime/index.ts';
import { MiniChain, addr } from '../helpers/runtime-host.ts';

const PATH = 'contracts/settlement/cash-accounts.contract.ts';
const CASH = compile({ inputs: [{ path: PATH, text: readFileSync(join(import.meta.dirname, '..', '..', PATH), 'utf8') }] }).artifacts[0] as ContractArtifact;
const runtime = createRuntime();
afterAll(() => runtime.dispose());

const BANK = addr(100);
const PARTIES = [addr(1), addr(2), addr(3)];
const AGENT = addr(7, 'c');
const EXPONENT: Record<string, number> = { USD: 2, EUR: 2, JPY: 0 };
const CCYS = Object.keys(EXPONENT);
const money = (minor: bigint, ccy: string) => {
  const e = EXPONENT[ccy] as number;
  const s = minor.toString().padStart(e + 1, '0');
  return { amount: e === 0 ? s : `${s.slice(0, -e)}.${s.slice(-e)}`, currency: ccy };
};

type Op =
  | { kind: 'deposit' | 'withdraw'; party: number; minor: bigint; ccy: string; caller: 'bank' | number }
  | { kind: 'transfer'; from: number; to: number; minor: bigint; ccy: string }
  | { kind: 'grant' | 'revoke'; party: number }
  | { kind: 'pay'; from: number; to: number; minor: bigint; ccy: string };

const party = fc.integer({ min: 0, max: PARTIES.length - 1 });
const minor = fc.bigInt({ min: 1n, max: 1_000_000n });
const ccy = fc.constantFrom(...CCYS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('deposit' as const, 'withdraw' as const), party, minor, ccy, caller: fc.oneof(fc.constant('bank' as const), party) }),
  fc.record({ kind: fc.constant('transfer' as const), from: party, to: party, minor, ccy }),
  fc.record({ kind: fc.constantFrom('grant' as const, 'revoke' as const), party }),
  fc.record({ kind: fc.constant('pay' as const), from: party, to: party, minor, ccy }),
);

describe('settlement cash accounts', () => {
  it('conserve cash: balances sum to deposits − withdrawals per currency after every transaction; refusals change nothing', () => {
    fc.assert(fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
      const chain = new MiniChain(runtime);
      const cash = addr(1, 'c');
      expect(chain.deploy(CASH, cash, [BANK], { caller: BANK }).status).toBe('ok');
      const bal = new Map<string, bigint>();
      const total = new Map<string, bigint>();
      const mandates = new Set<number>();
      const key = (p: number, c: string) => `${p}/${c}`;
      for (const o of ops) {
        let r;
        let ok: boolean;
        if (o.kind === 'deposit' || o.kind === 'withdraw') {
          r = chain.call(cash, o.kind, [PARTIES[o.party], money(o.minor, o.ccy), 'x'], { caller: o.caller === 'bank' ? BANK : PARTIES[o.caller] as string });
          const have = bal.get(key(o.party, o.ccy)) ?? 0n;
          ok = o.caller === 'bank' && (o.kind === 'deposit' || have >= o.minor);
          if (ok) {
            const d = o.kind === 'deposit' ? o.minor : -o.minor;
            bal.set(key(o.party, o.ccy), have + d);
            total.set(o.ccy, (total.get(o.ccy) ?? 0n) + d);
          }
        } else if (o.kind === 'grant' || o.kind === 'revoke') {
          r = chain.call(cash, o.kind === 'grant' ? 'grantMandate' : 'revokeMandate', [AGENT], { caller: PARTIES[o.party] as string });
          ok = true;
          if (o.kind === 'grant') mandates.add(o.party);
          else mandates.delete(o.party);
        } else {
          const { kind, from, to, minor: amount, ccy: c } = o as Extract<Op, { kind: 'transfer' | 'pay' }>;
          const have = bal.get(key(from, c)) ?? 0n;
          r = kind === 'transfer'
            ? chain.call(cash, 'transfer', [PARTIES[to], money(amount, c), 'x'], { caller: PARTIES[from] as string })
            : chain.call(cash, 'pay', [PARTIES[from], PARTIES[to], money(amount, c), 'x'], { caller: AGENT });
          ok = from !== to && have >= amount && (kind === 'transfer' || mandates.has(from));
          if (ok) {
            bal.set(key(from, c), have - amount);
            bal.set(key(to, c), (bal.get(key(to, c)) ?? 0n) + amount);
          }
        }
        expect(r.status === 'ok').toBe(ok);
        // The contract's views agree with the model, and each currency is conserved.
        for (const c of CCYS) {
          let sum = 0n;
          for (let p = 0; p < PARTIES.length; p++) {
            const v = chain.view(cash, 'balanceOf', [PARTIES[p], c]);
            const got = BigInt((v.value as { amount: string }).amount.replace('.', ''));
            expect(got).toBe(bal.get(key(p, c)) ?? 0n);
            expect(got >= 0n).toBe(true);
            sum += got;
          }
          const t = chain.view(cash, 'totalCash', [c]);
          expect(BigInt((t.value as { amount: string }).amount.replace('.', ''))).toBe(total.get(c) ?? 0n);
          expect(sum).toBe(total.get(c) ?? 0n);
        }
      }
    }), { numRuns: 25 });
  }, 120_000);

  it('only the custodian books cash; an agent needs the payer\'s mandate', () => {
    const chain = new MiniChain(runtime);
    const cash = addr(2, 'c');
    chain.deploy(CASH, cash, [BANK], { caller: BANK });
    expect(chain.call(cash, 'deposit', [PARTIES[0], money(100n, 'USD'), 'x'], { caller: PARTIES[0] as string }).error?.message).toBe('only the custodian books deposits');
    chain.call(cash, 'deposit', [PARTIES[0], money(100n, 'USD'), 'x'], { caller: BANK });
    expect(chain.call(cash, 'pay', [PARTIES[0], PARTIES[1], money(50n, 'USD'), 'x'], { caller: AGENT }).error?.message).toBe('no mandate from the payer for this agent');
    chain.call(cash, 'grantMandate', [AGENT], { caller: PARTIES[0] as string });
    expect(chain.call(cash, 'pay', [PARTIES[0], PARTIES[1], money(50n, 'USD'), 'x'], { caller: AGENT }).status).toBe('ok');
    chain.call(cash, 'revokeMandate', [AGENT], { caller: PARTIES[0] as string });
    expect(chain.call(cash, 'pay', [PARTIES[0], PARTIES[1], money(10n, 'USD'), 'x'], { caller: AGENT }).status).toBe('failed');
    expect(chain.call(cash, 'transfer', [PARTIES[1], money(0n, 'USD'), 'x'], { caller: PARTIES[0] as string }).error?.message).toBe('a payment must be positive');
  });
});
