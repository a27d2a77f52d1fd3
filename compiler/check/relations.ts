/**
 * `prove(relation)`: turns a comparison over sealed (committed) and public numbers into a relation
 * description for the ABI, e.g. `claim.amount <= this.limit` →
 * `{ op: '<=', left: sealed#0, right: public#0 }`. The transaction carries a zero-knowledge proof
 * of the relation; the runtime verifies it on the host against the commitments.
 * Does NOT verify anything (that is the runtime's job) and allows only `+ - * /` inside.
 * @module
 */
import type { CallExpr, Expr } from '../ast/nodes.ts';
import type { RelationInfo, RelationTerm } from './checked.ts';
import { type CheckContext, type FnCtx, noteEffect, report } from './context.ts';
import { checkExpr } from './expressions.ts';
import { BOOL, DECIMAL, ERROR, INT, type Type, VOID, isNumericType, typeToString } from './types.ts';

const OPS = new Map<string, RelationInfo['op']>([['<', '<'], ['<=', '<='], ['>', '>'], ['>=', '>='], ['==', '=='], ['===', '==']]);
const ARITH = new Map<string, 'add' | 'sub' | 'mul' | 'div'>([['+', 'add'], ['-', 'sub'], ['*', 'mul'], ['/', 'div']]);

/** Checks `prove(rel)` and records the relation on the current contract. */
export function checkProve(ctx: CheckContext, f: FnCtx, call: CallExpr, rel: Expr): Type {
  const c = f.contract;
  if (c === undefined || f.kind === 'view' || f.kind === 'field-init') {
    report(ctx, 'ProveNotAllowed', call.span, [f.kind === 'view' ? 'a view' : 'pure code']);
    f.inProve = true;
    checkExpr(ctx, f, rel);
    f.inProve = false;
    return VOID;
  }
  // A view cannot carry a proof, so it must not reach prove() through a helper either.
  noteEffect(f, 'uses prove()');
  const op = rel.kind === 'BinaryExpr' ? OPS.get(rel.op) : undefined;
  if (rel.kind !== 'BinaryExpr' || op === undefined) {
    checkExpr(ctx, f, rel);
    report(ctx, 'ProveNeedsComparison', rel.span);
    return VOID;
  }
  const sealed: Expr[] = [];
  const publics: Expr[] = [];
  const leafTypes: Type[] = [];
  let ok = true;
  const term = (e: Expr): RelationTerm => {
    if (e.kind === 'BinaryExpr' && ARITH.has(e.op)) {
      const left = term(e.left);
      const right = term(e.right);
      ctx.tables.types.set(e, DECIMAL);
      return { kind: ARITH.get(e.op) as 'add', left, right };
    }
    if (e.kind === 'UnaryExpr' && e.op === '-') {
      const inner = term(e.operand);
      ctx.tables.types.set(e, DECIMAL);
      return { kind: 'sub', left: { kind: 'const', value: '0' }, right: inner };
    }
    if (e.kind === 'NumberLit') {
      ctx.tables.types.set(e, e.fracDigits === undefined ? INT : DECIMAL);
      const frac = (e.fracDigits ?? '').replace(/0+$/, '');
      const int = e.intDigits.replace(/^0+(?=\d)/, '');
      return { kind: 'const', value: frac === '' ? int : `${int}.${frac}` };
    }
    const t = checkExpr(ctx, f, e);
    if (t.kind === 'sealed' && isNumericType(t.inner)) {
      leafTypes.push(t.inner);
      sealed.push(e);
      return { kind: 'sealed', index: sealed.length - 1 };
    }
    if (isNumericType(t)) {
      leafTypes.push(t);
      publics.push(e);
      return { kind: 'public', index: publics.length - 1 };
    }
    if (t.kind !== 'error') report(ctx, 'ProveOperandType', e.span, [typeToString(t)]);
    ok = false;
    return { kind: 'const', value: '0' };
  };
  const left = term(rel.left);
  const right = term(rel.right);
  ctx.tables.types.set(rel, BOOL);
  if (!ok) return VOID;
  if (sealed.length === 0) {
    report(ctx, 'ProveWithoutSealed', rel.span);
    return VOID;
  }
  const currencies = new Set(leafTypes.flatMap((t) => (t.kind === 'money' && t.currency !== undefined ? [t.currency] : [])));
  if (currencies.size > 1) {
    report(ctx, 'CurrencyMismatch', rel.span, [...currencies].sort() as [string, string]);
    return VOID;
  }
  const money = leafTypes.find((t) => t.kind === 'money');
  const valueType: Type = money !== undefined ? money : leafTypes.some((t) => t.kind === 'decimal') ? DECIMAL : leafTypes.length > 0 ? INT : ERROR;
  const file = ctx.files[rel.span.file];
  const info: RelationInfo = {
    index: c.relations.length,
    span: rel.span,
    text: file === undefined ? '' : file.text.slice(rel.span.start, rel.span.end),
    op, left, right, sealedOperands: sealed, publicOperands: publics, valueType,
  };
  c.relations.push(info);
  ctx.tables.calls.set(call, { kind: 'prove', relation: info.index });
  return VOID;
}
