/**
 * Checker behaviour on valid programs (the golden cases in test/cases cover the errors): types
 * of expressions, meanings of names and calls, coercions, narrowing, contract layout, triggers
 * and relations recorded for code generation.
 */
import { describe, expect, it } from 'vitest';
import type { CallExpr, Expr, Node } from '../../compiler/ast/nodes.ts';
import { typeToString } from '../../compiler/check/types.ts';
import { compile, formatDiagnostic } from '../../compiler/index.ts';

function check(text: string, extra: Record<string, string> = {}) {
  const result = compile({ inputs: [{ path: 'main.contract.ts', text }], readFile: (p) => extra[p], stopAfter: 'check' });
  const rendered = result.diagnostics.map((d) => formatDiagnostic(d, (id) => result.files[id])).join('\n');
  return { ...result, rendered };
}

function ok(text: string, extra: Record<string, string> = {}) {
  const r = check(text, extra);
  expect(r.rendered).toBe('');
  expect(r.program).toBeDefined();
  return r.program!;
}

function codes(text: string): string[] {
  return check(text).diagnostics.map((d) => d.code);
}

/** All expression nodes of a kind, in source order. */
function find<K extends Expr['kind']>(root: Node, kind: K): Extract<Expr, { kind: K }>[] {
  const out: Extract<Expr, { kind: K }>[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (typeof n !== 'object' || n === null) return;
    if ((n as Node).kind === kind) out.push(n as Extract<Expr, { kind: K }>);
    for (const [k, v] of Object.entries(n)) if (k !== 'span') visit(v);
  };
  visit(root);
  return out;
}

const wrap = (body: string, members = '') => `
@contract
export class T {
  ${members}
  @view
  run(a: Int, d: Decimal, m: Money<'USD'>, s: string): Int {
    ${body}
    return 0;
  }
}
`;

describe('checker', () => {
  it('accepts a realistic contract without diagnostics', () => {
    const p = ok(`
      import { allocate } from '@covenant/std/money';
      export interface Claim { id: string; amount: Money<'USD'>; paid: boolean; note?: string }
      export interface ClaimSettled extends Event { claimId: string; recovery: Money<'USD'> }
      export enum Status { Open, Closed }
      const SHARE_CAP: Decimal = 1;
      function cap(x: Money<'USD'>, limit: Money<'USD'>): Money<'USD'> { return min(x, limit); }
      @contract
      export class QuotaShare {
        readonly cedent: Address;
        readonly share: Decimal;
        readonly limit: Money<'USD'>;
        status: Status = Status.Open;
        claims: Map<string, Claim> = new Map();
        recovered: Money<'USD'> = money(0, 'USD');
        history: Claim[] = [];
        constructor(cedent: Address, share: Decimal, limit: Money<'USD'>) {
          require(share > 0 && share <= SHARE_CAP, 'share must be in (0, 1]');
          this.cedent = cedent;
          this.share = share;
          this.limit = limit;
        }
        @entry
        recordClaim(id: string, amount: Money<'USD'>): Money<'USD'> {
          require(ctx.caller == this.cedent, 'only the cedent records claims');
          require(!this.claims.has(id), 'duplicate claim');
          require(this.status === Status.Open, 'closed');
          const recovery = cap(mulMoney(amount, this.share, 'half-even'), this.limit - this.recovered);
          const claim: Claim = { id, amount, paid: true };
          this.claims.set(id, claim);
          this.history.push(claim);
          this.recovered += recovery;
          emit<ClaimSettled>({ claimId: id, recovery });
          return recovery;
        }
        @view
        outstanding(): Money<'USD'> { return this.limit - this.recovered; }
        @view
        paidIds(): string[] {
          const out: string[] = [];
          for (const [id, c] of this.claims) {
            if (c.paid) out.push(id);
          }
          return out.filter((x) => x.length > 0);
        }
        @view
        split(total: Money<'USD'>): Money<'USD'>[] { return allocate(total, [0.4, 0.6]); }
      }
    `);
    const c = p.contracts[0]!;
    expect(c.name).toBe('QuotaShare');
    expect(c.fields.map((f) => `${f.index}:${f.name}:${typeToString(f.type)}`)).toEqual([
      '0:cedent:Address', '1:share:Decimal', '2:limit:Money<"USD">', '3:status:Status',
      '4:claims:Map<string, Claim>', '5:recovered:Money<"USD">', '6:history:Claim[]',
    ]);
    expect(c.entries.map((e) => `${e.name}:${e.kind}`)).toEqual(['recordClaim:entry', 'outstanding:view', 'paidIds:view', 'split:view']);
    expect(c.events.map((e) => typeToString(e))).toEqual(['ClaimSettled']);
    expect(p.units.map((u) => u.path)).toEqual(['stdlib/money.contract.ts', 'main.contract.ts']);
  });

  it('types literals exactly: 0.4 is a Decimal, 4 is an Int widened where a Decimal is expected', () => {
    const p = ok(wrap('const x = 0.4; const y = 4; const z = d + 1; const w: Decimal = 2;'));
    const unit = p.roots[0]!;
    const lits = find(unit, 'NumberLit');
    const t = (e: Expr) => typeToString(p.tables.typeOf(e));
    expect(lits.map((l) => `${l.raw}:${t(l)}:${p.tables.coercion(l) ?? '-'}`)).toEqual([
      '0.4:Decimal:-', '4:Int:-', '1:Int:int-to-decimal', '2:Int:int-to-decimal', '0:Int:-',
    ]);
  });

  it('records what each call means', () => {
    const p = ok(wrap("const r = div(a, 2, 'floor'); const q = mulMoney(m, 0.5, 'down'); const n = s.startsWith('x');"));
    const calls = find(p.roots[0]!, 'CallExpr') as CallExpr[];
    expect(calls.map((c) => { const r = p.tables.callRef(c); return r.kind === 'builtin' || r.kind === 'builtinMethod' ? `${r.kind}:${r.name}` : r.kind; }))
      .toEqual(['builtin:div', 'builtin:mulMoney', 'builtinMethod:startsWith']);
  });

  it('narrows optionals after require(x !== undefined), early exits and in branches', () => {
    ok(`
      interface C { n: Int }
      @contract
      export class N {
        m: Map<string, C> = new Map();
        @view
        a(k: string): Int { const c = this.m.get(k); require(c !== undefined, 'missing'); return c.n; }
        @view
        b(k: string): Int { const c = this.m.get(k); if (c === undefined) { return 0; } return c.n; }
        @view
        c(k: string): Int { const c = this.m.get(k); return c !== undefined && c.n > 0 ? c.n : 0; }
        @view
        d(k: string): Int { return this.m.get(k)?.n ?? 0; }
      }
    `);
    // A mutable binding does not narrow: it could change between check and use.
    expect(codes(`
      interface C { n: Int }
      @contract
      export class N {
        m: Map<string, C> = new Map();
        @view
        a(k: string): Int { let c = this.m.get(k); require(c !== undefined, 'missing'); return c.n; }
      }
    `)).toEqual(['E3016']);
  });

  it('rejects mixing currencies statically but allows a run-time currency', () => {
    expect(codes(wrap("const x = m + money(1, 'EUR');"))).toEqual(['E3004']);
    ok(wrap("const any: Money = fromMinor(5, s); const y = m + any;"));
  });

  it('records triggers and relations', () => {
    const p = ok(`
      interface Loss extends Event { amount: Money<'USD'> }
      @contract
      export class Tr {
        source: Address;
        start: LocalDate = date('2027-01-01');
        dates: LocalDate[] = [];
        limit: Money<'USD'> = money(100, 'USD');
        constructor(source: Address) { this.source = source; }
        @on('source') onLoss(l: Loss): void {}
        @every('P3M', 'start') quarterly(d: LocalDate): void {}
        @at('dates') pay(d: LocalDate): void {}
        @entry claim(amount: Sealed<Money<'USD'>>): void { prove(amount <= this.limit); }
      }
    `);
    const c = p.contracts[0]!;
    expect(c.entries.filter((e) => e.trigger).map((e) => e.trigger)).toEqual([
      { kind: 'event', source: 'source', event: 'Loss' },
      { kind: 'every', period: 'P3M', anchor: 'start' },
      { kind: 'at', date: undefined, field: 'dates' },
    ]);
    const r = c.relations[0]!;
    expect({ op: r.op, left: r.left, right: r.right, text: r.text, type: typeToString(r.valueType) }).toEqual({
      op: '<=', left: { kind: 'sealed', index: 0 }, right: { kind: 'public', index: 0 }, text: 'amount <= this.limit', type: 'Money<"USD">',
    });
  });

  it('resolves imports of other contract files and uses an imported contract as an interface', () => {
    ok(`
      import { Ledger, Moved } from './ledger.contract';
      @contract
      export class User {
        ledger: Address;
        constructor(l: Address) { this.ledger = l; }
        @entry pay(to: Address): void { contractAt<Ledger>(this.ledger).transfer(to, money(1, 'USD')); }
        @view bal(): Money<'USD'> { return contractAt<Ledger>(this.ledger).balanceOf(ctx.self); }
        @on('ledger') moved(e: Moved): void {}
      }
    `, {
      'ledger.contract.ts': `
        export interface Moved extends Event { to: Address; amount: Money<'USD'> }
        @contract
        export class Ledger {
          balances: Map<Address, Money<'USD'>> = new Map();
          @entry transfer(to: Address, amount: Money<'USD'>): void { emit<Moved>({ to, amount }); }
          @view balanceOf(who: Address): Money<'USD'> { return this.balances.get(who) ?? money(0, 'USD'); }
        }
      `,
    });
  });

  it('binds prelude import aliases and accepts Rounding as a data type', () => {
    const p = ok(`
      import { money as m, Money as Cash } from '@covenant/std';
      @contract
      export class A {
        mode: Rounding = 'half-even';
        @entry
        pay(r: Rounding): Cash<'USD'> { this.mode = r; return m(1, 'USD'); }
      }
    `);
    const call = find(p.roots[0]!, 'CallExpr')[0]!;
    expect(p.tables.callRef(call)).toEqual({ kind: 'builtin', name: 'money', typeArgs: [] });
  });

  it('widens an Int start value of reduce to the expected Decimal, and knows that while (true) never completes', () => {
    ok(wrap('const ds: Decimal[] = [d, 1.5]; const total: Decimal = ds.reduce((acc, x) => acc + x, 0);', `
      spin(): Int { while (true) { require(true, 'x'); } }
      loop(): Int { for (;;) { if (ctx.height > 0) { return 1; } } }
    `));
    expect(codes(wrap('', 'brk(): Int { while (true) { break; } }'))).toEqual(['E3027']);
  });

  it('types an optional chain: inner links see the present value, only the outermost link is optional', () => {
    const p = ok(`
      interface Inner { ds: Int[]; name: string; leaf?: Inner2 }
      interface Inner2 { n: Int }
      interface Item { tags: string[]; inner: Inner }
      @contract
      export class N {
        m: Map<string, Item> = new Map();
        @view
        a(k: string, it: Item | undefined): boolean {
          const len = it?.tags.length;
          const first = this.m.get(k)?.inner.ds[0];
          const has = this.m.get(k)?.inner.ds.includes(3);
          const deep = it?.inner.leaf?.n;
          const forced = it?.inner.leaf!.n;
          const either = it?.inner.name ?? 'none';
          return has ?? false;
        }
      }
    `);
    const unit = p.roots[0]!;
    const t = (e: Expr) => typeToString(p.tables.typeOf(e));
    // Chain ends among member accesses (an index and a call end the other two chains).
    const ends = find(unit, 'MemberExpr').filter((m) => p.tables.isChainEnd(m));
    expect(ends.map((m) => `${m.property.name}:${t(m)}`)).toEqual(['length:Int | undefined', 'n:Int | undefined', 'n:Int | undefined', 'name:string | undefined']);
    const idx = find(unit, 'IndexExpr')[0]!;
    expect([t(idx), p.tables.isChainEnd(idx), t(idx.object), p.tables.isChainEnd(idx.object)]).toEqual(['Int | undefined', true, 'Int[]', false]);
    const includes = find(unit, 'CallExpr').find((c) => c.callee.kind === 'MemberExpr' && c.callee.property.name === 'includes')!;
    expect([t(includes), p.tables.isChainEnd(includes)]).toEqual(['boolean | undefined', true]);
    // `x?.inner`: the object of the ?. link keeps its own optional type; the link itself does not.
    const inner = find(unit, 'MemberExpr').filter((m) => m.property.name === 'inner');
    expect(inner.map((m) => `${t(m.object)} -> ${t(m)}`)).toEqual(Array(5).fill('Item | undefined -> Inner'));
    // `it?.inner.leaf?.n`: the second ?. link's object is optional by its own declaration.
    const leaf = find(unit, 'MemberExpr').filter((m) => m.property.name === 'leaf');
    expect(leaf.map((m) => t(m))).toEqual(['Inner2 | undefined', 'Inner2 | undefined']);
    const nn = find(unit, 'NonNullExpr')[0]!;
    expect([t(nn), p.tables.isChainEnd(nn)]).toEqual(['Inner2', false]);
    // The non-chain access of an optional value is still rejected.
    expect(codes(wrap('', 'x(o: Int[] | undefined): Int { return o.length; }'))).toEqual(['E3016']);
    expect(codes(wrap('', 'x(o: Int[] | undefined): Int { return o?.length; }'))).toEqual(['E3001']);
  });

  it('reports many errors in one run without cascades', () => {
    expect(codes(wrap('const x = nope1 + 1; const y = nope2.z; const w = x * y; return nope3;'))).toEqual(['E2001', 'E2001', 'E2001']);
  });
});
