/**
 * Assignability between types and the implicit conversions it allows (`Int` → `Decimal`), plus
 * helpers that report mismatches once. Money of two different static currencies is never
 * assignable, nor joined by `?:`/`??`; `Money<"USD">` and `Money` (currency known at run time)
 * flow into each other, checked at run time.
 * Does NOT infer types.
 * @module
 */
import type { Expr } from '../ast/nodes.ts';
import type { Span } from '../source.ts';
import { type CheckContext, report } from './context.ts';
import { ROUNDING_MODES, type Type, sameType, typeToString } from './types.ts';

export type Assignability = 'ok' | 'coerce' | 'no';

/** Can a value of type `src` be used where `dst` is expected? `coerce` = yes, after Int → Decimal. */
export function assignability(src: Type, dst: Type): Assignability {
  if (src.kind === 'error' || dst.kind === 'error') return 'ok';
  if (dst.kind === 'optional') {
    if (src.kind === 'undefined') return 'ok';
    if (src.kind === 'optional') return assignability(src.inner, dst.inner) === 'ok' ? 'ok' : 'no';
    return assignability(src, dst.inner);
  }
  if (sameType(src, dst) || compatible(src, dst)) return 'ok';
  switch (dst.kind) {
    case 'decimal': return src.kind === 'int' ? 'coerce' : 'no';
    case 'string': return src.kind === 'strings' ? 'ok' : 'no';
    case 'strings': return src.kind === 'strings' && src.values.every((v) => dst.values.includes(v)) ? 'ok' : 'no';
    case 'rounding': return src.kind === 'strings' && src.values.every((v) => (ROUNDING_MODES as readonly string[]).includes(v)) ? 'ok' : 'no';
    case 'address': return src.kind === 'contract' ? 'ok' : 'no';
    default: return 'no';
  }
}

/**
 * Structural identity where a run-time currency (`Money`) matches any static one. Standard-library
 * functions work on `Money` (there are no user generics), so their results flow back into
 * `Money<"USD">` slots; every money operation and the ABI encoder check currencies at run time.
 */
export function compatible(a: Type, b: Type): boolean {
  if (a.kind === 'money' && b.kind === 'money') return a.currency === undefined || b.currency === undefined || a.currency === b.currency;
  if (a.kind === 'array' && b.kind === 'array') return compatible(a.element, b.element);
  if (a.kind === 'optional' && b.kind === 'optional') return compatible(a.inner, b.inner);
  if (a.kind === 'sealed' && b.kind === 'sealed') return compatible(a.inner, b.inner);
  if (a.kind === 'map' && b.kind === 'map') return compatible(a.key, b.key) && compatible(a.value, b.value);
  return sameType(a, b);
}

/** Reports a mismatch at `span` unless `src` fits `dst`; records the coercion on `expr` when one applies. */
export function expectAssignable(ctx: CheckContext, expr: Expr | undefined, src: Type, dst: Type, span: Span): boolean {
  const a = assignability(src, dst);
  if (a === 'coerce' && expr !== undefined) ctx.tables.coercions.set(expr, 'int-to-decimal');
  if (a !== 'no') return true;
  if (src.kind === 'money' && dst.kind === 'money' && src.currency !== undefined && dst.currency !== undefined) {
    report(ctx, 'CurrencyMismatch', span, [src.currency, dst.currency]);
  } else if (dst.kind === 'rounding' && src.kind === 'strings') {
    report(ctx, 'UnknownRoundingMode', span, [src.values.join(' | '), ROUNDING_MODES.join('", "')]);
  } else {
    report(ctx, 'TypeMismatch', span, [typeToString(src), typeToString(dst)]);
  }
  return false;
}

/** Strips `| undefined`. */
export function nonOptional(t: Type): Type {
  return t.kind === 'optional' ? t.inner : t;
}

/** Literal string types widen to `string` for mutable bindings (as in TypeScript). */
export function widen(t: Type): Type {
  if (t.kind === 'strings') return { kind: 'string' };
  if (t.kind === 'optional' && t.inner.kind === 'strings') return { kind: 'optional', inner: { kind: 'string' } };
  return t;
}

/** The common type of two branch types (`a ? x : y`, `x ?? y`), or `undefined` if there is none. */
export function unify(a: Type, b: Type): Type | undefined {
  if (a.kind === 'error') return b;
  if (b.kind === 'error') return a;
  if (a.kind === 'undefined') return b.kind === 'undefined' ? a : { kind: 'optional', inner: b.kind === 'optional' ? b.inner : b };
  if (b.kind === 'undefined') return { kind: 'optional', inner: a.kind === 'optional' ? a.inner : a };
  if (a.kind === 'optional' || b.kind === 'optional') {
    const inner = unify(a.kind === 'optional' ? a.inner : a, b.kind === 'optional' ? b.inner : b);
    return inner === undefined ? undefined : { kind: 'optional', inner: inner.kind === 'optional' ? inner.inner : inner };
  }
  if (sameType(a, b)) return a;
  // Two different static currencies have no common type (E3004), however deep they are nested.
  if (compatible(a, b)) return generalise(a, b);
  if ((a.kind === 'int' && b.kind === 'decimal') || (a.kind === 'decimal' && b.kind === 'int')) return { kind: 'decimal' };
  if (a.kind === 'strings' && b.kind === 'strings') return { kind: 'strings', values: [...new Set([...a.values, ...b.values])] };
  if ((a.kind === 'strings' && b.kind === 'string') || (a.kind === 'string' && b.kind === 'strings')) return { kind: 'string' };
  return undefined;
}

/**
 * The common type of two {@link compatible} types: where one has a static currency and the other
 * a run-time one, the run-time one (`Money<"USD">[]` and `Money[]` give `Money[]`), checked again
 * when the value reaches a static slot.
 */
function generalise(a: Type, b: Type): Type {
  if (a.kind === 'money' && b.kind === 'money') return a.currency === b.currency ? a : { kind: 'money', currency: undefined };
  if (a.kind === 'array' && b.kind === 'array') return { kind: 'array', element: generalise(a.element, b.element) };
  if (a.kind === 'optional' && b.kind === 'optional') return { kind: 'optional', inner: generalise(a.inner, b.inner) };
  if (a.kind === 'sealed' && b.kind === 'sealed') return { kind: 'sealed', inner: generalise(a.inner, b.inner) };
  if (a.kind === 'map' && b.kind === 'map') return { kind: 'map', key: generalise(a.key, b.key), value: generalise(a.value, b.value) };
  return a;
}

/** Reports E3004 if `a` and `b` are amounts in two different static currencies. */
export function reportCurrencyMismatch(ctx: CheckContext, a: Type, b: Type, span: Span): boolean {
  if (a.kind !== 'money' || b.kind !== 'money' || a.currency === undefined || b.currency === undefined || a.currency === b.currency) return false;
  report(ctx, 'CurrencyMismatch', span, [a.currency, b.currency]);
  return true;
}
