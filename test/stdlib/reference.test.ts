/**
 * The language reference's promises, executed: small contracts written from the examples and
 * rules of docs/language.md are compiled and run in isolated-vm, so that a change in the compiler
 * or runtime that breaks a documented behaviour fails here. Covered: `revert` ending a path,
 * exact decimals, enums as names, record destructuring, block lambdas, switch fall-through,
 * atomic try/catch, state reference semantics, month-end clamping, triggers without an anchor
 * and on a literal date, `bigint`/`5n`, Timestamp arithmetic, and the run-time currency checks
 * behind `Money` ↔ `Money<'USD'>`.
 * Does NOT repeat the diagnostic cases of test/cases (the compiler's golden baselines).
 * @module
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileProbe } from './probe.ts';
import { type CallResult, TestChain } from '../helpers/run-artifact.ts';

const SPEC = `import { allocate } from '@covenant/std/money';
import { money } from '@covenant/std';

enum Status { Open, Closed }
interface Claim { id: string; amount: Money<'USD'>; note?: string }
interface Ping extends Event { n: Int }
const LIMITS: Int[] = [1, 2, 3];

function sign(x: Int): Int {
  if (x > 0) { return 1; }
  if (x < 0) { return -1; }
  revert('zero has no sign');
}

@contract
export class SpecProbe {
  count: bigint = 5n;
  status: Status = Status.Open;
  start: LocalDate = date('2027-01-31');
  rounding: 'half-up' | 'half-even' = 'half-even';
  claims: Map<string, Claim> = new Map();

  @view
  signOf(x: Int): Int { return sign(x); }

  @view
  decimalEq(): boolean { return 0.5 == 0.50 && 0.1 + 0.2 == 0.3; }

  @view
  enumText(): string { return str(this.status) + '/' + str(Status.Closed); }

  @view
  destructure(c: Claim): string {
    const { id, amount: gross } = c;
    return id + ' ' + str(gross) + ' ' + (c.note ?? '-');
  }

  @view
  blockLambda(xs: Int[]): Int[] {
    return xs.map((x): Int => { if (x > 1) { return x * 2; } return x; });
  }

  @view
  fallThrough(k: string): Int {
    let n: Int = 0;
    switch (k) {
      case 'a':
      case 'b':
        n = 1;
        break;
      default:
        n = 2;
    }
    return n;
  }

  @entry
  guarded(x: Int): string {
    try {
      require(x > 0, 'must be positive');
      return 'ok';
    } catch (e) {
      return e.code + ': ' + e.message;
    }
  }

  @entry
  mutateInPlace(id: string): boolean {
    this.claims.set(id, { id, amount: money(1, 'USD') });
    const c = this.claims.get(id)!;
    c.note = 'touched';
    return true;
  }

  @view
  noteOf(id: string): string {
    return this.claims.get(id)?.note ?? 'none';
  }

  @view
  monthEnd(): LocalDate { return addPeriod(this.start, period('P1M')); }

  @view
  sizes(): Int { return LIMITS.length + this.claims.size; }

  @view
  spareCent(): Money<'USD'>[] { return allocate(money(0.05, 'USD'), [1, 1]); }

  @every('P1M')
  monthly(d: LocalDate): void { emit<Ping>({ n: 1 }); }

  @at('2027-06-30')
  midYear(): void { emit<Ping>({ n: 2 }); }

  @view
  elapsed(a: Timestamp, b: Timestamp): Int { return b - a; }
}
`;

const CURRENCY = `import { allocate, sum } from '@covenant/std/money';
interface Paid extends Event { amount: Money<'USD'> }
@contract
export class CurrencyProbe {
  total: Money<'USD'> = money(0, 'USD');
  @entry
  store(m: Money): void { this.total = allocate(m, [1])[0]; }
  @entry
  emitIt(m: Money): void { emit<Paid>({ amount: allocate(m, [1])[0] }); }
  @view
  give(m: Money): Money<'USD'> { return allocate(m, [1])[0]; }
  @view
  add(m: Money): Money<'USD'> { return this.total + m; }
  @view
  local(m: Money): boolean { const x: Money<'USD'> = m; return x == x; }
  @view
  total2(ms: Money[]): Money<'USD'> { return sum(ms, 'USD'); }
}
`;

const chain = new TestChain();
afterAll(() => chain.dispose());

function deploy(path: string, text: string): string {
  const { address, result } = chain.deploy(compileProbe(path, text));
  expect(result.error).toBeUndefined();
  return address;
}

const value = (r: CallResult): unknown => {
  expect(r.error).toBeUndefined();
  return r.value;
};

describe('docs/language.md, executed', () => {
  const c = deploy('test/stdlib/spec.contract.ts', SPEC);

  it('revert ends a path: a function whose last statement reverts needs no return', () => {
    expect(value(chain.view(c, 'signOf', ['5']))).toBe('1');
    expect(value(chain.view(c, 'signOf', ['-3']))).toBe('-1');
    expect(chain.view(c, 'signOf', ['0']).error).toMatchObject({ code: 'RT_ERR_REVERT', message: 'zero has no sign' });
  });

  it('numbers are exact and Decimal equality is numeric; Timestamp − Timestamp is an Int', () => {
    expect(value(chain.view(c, 'decimalEq'))).toBe(true);
    expect(value(chain.view(c, 'elapsed', ['1000', '86401000']))).toBe('86400000');
  });

  it('enum members are their names; records destructure; block lambdas declare their return type', () => {
    expect(value(chain.view(c, 'enumText'))).toBe('Open/Closed');
    expect(value(chain.view(c, 'destructure', [{ id: 'c1', amount: { amount: '1.50', currency: 'USD' } }]))).toBe('c1 USD 1.50 -');
    expect(value(chain.view(c, 'blockLambda', [['1', '2', '3']]))).toEqual(['1', '4', '6']);
  });

  it('a switch case without break falls through, as in TypeScript', () => {
    expect(['a', 'b', 'z'].map((k) => value(chain.view(c, 'fallThrough', [k])))).toEqual(['1', '1', '2']);
  });

  it('catch receives a Failure with code and message', () => {
    expect(value(chain.call(c, 'guarded', ['1']))).toBe('ok');
    expect(value(chain.call(c, 'guarded', ['0']))).toBe('RT_ERR_REQUIRE_FAILED: must be positive');
  });

  it('a record read from state is a reference: changing it in place changes the state', () => {
    expect(value(chain.call(c, 'mutateInPlace', ['c1']))).toBe(true);
    expect(value(chain.view(c, 'noteOf', ['c1']))).toBe('touched');
  });

  it('addPeriod clamps to the month end; maps and arrays have Int sizes; allocate ties go to index 0', () => {
    expect(value(chain.view(c, 'monthEnd'))).toBe('2027-02-28');
    expect(value(chain.view(c, 'sizes'))).toBe('4');
    expect(value(chain.view(c, 'spareCent'))).toEqual([{ amount: '0.03', currency: 'USD' }, { amount: '0.02', currency: 'USD' }]);
  });

  it('@every without an anchor and @at on a literal date compile to runnable triggers', () => {
    expect(chain.trigger(c, 'monthly', ['2027-02-28']).events.map((e) => e.data)).toEqual([{ n: '1' }]);
    expect(chain.trigger(c, 'midYear', []).events.map((e) => e.data)).toEqual([{ n: '2' }]);
  });
});

describe('Money and Money<"USD"> meet at run-time checks', () => {
  const c = deploy('test/stdlib/currency.contract.ts', CURRENCY);
  const eur = { amount: '1.00', currency: 'EUR' };
  const usd = { amount: '1.00', currency: 'USD' };

  it('a euro amount in a dollar slot is stopped when stored, emitted, returned or combined', () => {
    expect(chain.call(c, 'store', [eur]).error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
    expect(chain.call(c, 'emitIt', [eur]).error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
    expect(chain.view(c, 'give', [eur]).error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
    expect(chain.view(c, 'add', [eur]).error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
    expect(chain.view(c, 'total2', [[eur]]).error?.code).toBe('RT_ERR_CURRENCY_MISMATCH');
  });

  it('the right currency flows through unchanged', () => {
    expect(chain.call(c, 'store', [usd]).error).toBeUndefined();
    expect(value(chain.view(c, 'give', [usd]))).toEqual(usd);
    expect(value(chain.view(c, 'total2', [[usd, usd]]))).toEqual({ amount: '2.00', currency: 'USD' });
  });
});
