/**
 * The in-isolate run-time library ("prelude") that every compiled contract script embeds: exact
 * decimals and money, rounding, dates and periods, sorted maps, the canonical value codec, the gas
 * and call-depth meters, the buffered state cache with atomic `try`, events, cross-contract calls
 * and the `__run` request/response loop behind `__covenant_invoke` (see `docs/artifact.md`).
 *
 * The library is JavaScript text kept in a string constant (never `fn.toString()`, whose output
 * would depend on the TypeScript transpiler), so the same compiler version always emits the same
 * bytes. The text is the body of a function: code generation places it inside the script's one
 * closure, followed by the generated code, which uses the names listed in {@link PRELUDE_EXPORTS}.
 * It contains none of the identifiers banned from generated code (CMP-06).
 *
 * Does NOT generate code, validate artifacts, or talk to the host other than through the host API
 * functions `__host_load`, `__host_keys`, `__host_call`, `__host_rollback`, `__host_verify`.
 * @module
 */

/** Gas schedule version 1 (mirrored in `docs/artifact.md`; changing a number is a new version). */
export const GAS = {
  /** Per invocation, before anything runs. */
  INVOKE: 1000,
  /** Per UTF-16 code unit of the request text. */
  REQUEST_CHAR: 1,
  /** Per `__host_load`, plus per code unit of the loaded value. */
  LOAD: 200,
  LOAD_CHAR: 1,
  /** Per `__host_keys`, plus per key returned. */
  KEYS: 200,
  KEYS_ITEM: 20,
  /** Per written key, plus per code unit of the written value. */
  WRITE: 500,
  WRITE_CHAR: 5,
  /** Per code unit of any value encoded (return value, dirty check, snapshots). */
  ENCODE_CHAR: 1,
  /** Per event, plus per code unit of its data. */
  EVENT: 200,
  EVENT_CHAR: 2,
  /** Per cross-contract call, plus per code unit of the arguments; the callee's gas is added. */
  CALL: 2000,
  CALL_CHAR: 1,
  /** Per `prove(...)` (the host verifies a zero-knowledge proof). */
  VERIFY: 50000,
  /** Per Decimal or Money result (an object allocation). */
  NUMBER: 8,
  /** Per 16 hexadecimal digits (64 bits) of an Int, Decimal coefficient or Money amount of 2^64 or more (GAS-04). */
  WORD: 4,
  /** Per array a built-in creates (slice, concat, map, filter, sortBy, keys, values). */
  ARRAY: 8,
  /** Per array element allocated, copied or visited by a built-in. */
  ELEMENT: 2,
  /** Per UTF-16 code unit of a string produced by a built-in (`+`, `str`, `slice`). */
  CHAR: 1,
  /** Per map entry inserted. */
  MAP_ENTRY: 20,
  /** Per `try` entry, plus ENCODE_CHAR per code unit of the mutable state snapshot. */
  TRY: 20,
  /** Per cached state entry recorded by a `try` snapshot. */
  TRY_ENTRY: 8,
} as const;

/** Fixed limits inside the isolate. */
export const LIMITS = {
  /** Deepest call nesting (functions, methods); deeper calls fail with RT_ERR_CALL_DEPTH (DET-07). */
  MAX_CALL_DEPTH: 256,
  /** Int, Decimal coefficients and Money minor units are below 10^NUMBER_DIGITS in magnitude. */
  NUMBER_DIGITS: 256,
  /** Largest Decimal scale (fraction digits). */
  MAX_SCALE: 256,
  /** Longest string, array or map a contract can build (RT_ERR_LIMIT_EXCEEDED beyond). */
  MAX_LENGTH: 1 << 24,
  /**
   * Longest request text accepted by `__covenant_invoke`. Parsing happens before gas can be
   * charged, so this also bounds the memory of an unpaid parse (about 16 bytes per unit at worst).
   */
  MAX_REQUEST_CHARS: 1024 * 1024,
  /** Longest error message in a response (longer ones are cut). */
  MAX_MESSAGE_CHARS: 4096,
  /** Deepest nesting inside a sealed value's JSON. */
  MAX_SEALED_DEPTH: 8,
} as const;

/** Run-time error codes; `fatal` ones cannot be caught by `try`/`catch` in contract code. */
export const RUNTIME_ERRORS = {
  RT_ERR_REQUIRE_FAILED: { fatal: false, meaning: 'a require(condition, message) condition was false' },
  RT_ERR_REVERT: { fatal: false, meaning: 'revert(message) was called' },
  RT_ERR_DIVISION_BY_ZERO: { fatal: false, meaning: 'a division, remainder or ratio by zero' },
  RT_ERR_CURRENCY_MISMATCH: { fatal: false, meaning: 'money of two different currencies was combined or compared' },
  RT_ERR_INEXACT_MONEY: { fatal: false, meaning: 'money(amount, currency) got more fraction digits than the currency has' },
  RT_ERR_INDEX_OUT_OF_BOUNDS: { fatal: false, meaning: 'an array index outside [0, length)' },
  RT_ERR_MISSING_VALUE: { fatal: false, meaning: 'x! on an absent value' },
  RT_ERR_INVALID_ARGUMENT: { fatal: false, meaning: 'an argument failed validation (entry arguments, date(), period(), address(), currency codes, scales, negative exponents)' },
  RT_ERR_NUMBER_OUT_OF_RANGE: { fatal: false, meaning: 'a number reached 10^256 in magnitude or a Decimal scale exceeded 256' },
  RT_ERR_DATE_OUT_OF_RANGE: { fatal: false, meaning: 'a date outside 0001-01-01 .. 9999-12-31' },
  RT_ERR_CALL_FAILED: { fatal: false, meaning: 'a cross-contract call failed (message: callee code and message)' },
  RT_ERR_PROOF_INVALID: { fatal: false, meaning: 'the host rejected the zero-knowledge proof of a prove(...) relation' },
  RT_ERR_INVALID_KEY: { fatal: false, meaning: 'a state map key is longer than 256 characters or not well-formed Unicode (it has a lone surrogate), or (host) a state key written or asked for is not well-formed' },
  RT_ERR_OUT_OF_GAS: { fatal: true, meaning: 'the gas limit was reached' },
  RT_ERR_CALL_DEPTH: { fatal: true, meaning: 'calls nested deeper than 256' },
  RT_ERR_LIMIT_EXCEEDED: { fatal: true, meaning: 'a string, array or map grew beyond 2^24 elements' },
  RT_ERR_VIEW_WRITE: { fatal: true, meaning: 'a view changed state or emitted an event, or (host) a view called an entry' },
  RT_ERR_REENTRANCY: { fatal: true, meaning: '(host) a contract already on the call stack was called again (SC-01)' },
  RT_ERR_UNKNOWN_CONTRACT: { fatal: false, meaning: '(host) a cross-contract call named an address with no contract; reported inside RT_ERR_CALL_FAILED' },
  RT_ERR_SEALED_RANGE: { fatal: false, meaning: '(host) a sealed number entering a contract (arguments, a callee\'s return value) has no valid range certificate; from a callee, reported inside RT_ERR_CALL_FAILED' },
  RT_ERR_UNKNOWN_ENTRY: { fatal: true, meaning: 'the request names no entry of that kind' },
  RT_ERR_INVALID_REQUEST: { fatal: true, meaning: 'the request envelope is malformed' },
  RT_ERR_INTERNAL: { fatal: true, meaning: 'a broken invariant (corrupt state, host protocol violation, engine error)' },
} as const;

export type RuntimeErrorCode = keyof typeof RUNTIME_ERRORS;

/**
 * Names the prelude defines for generated code. Every one starts with `__` (user names cannot) so
 * generated names can never collide with them.
 */
export const PRELUDE_EXPORTS = [
  '__g', '__e', '__gchk', '__caught', '__rethrow', '__snap', '__req', '__rv', '__nn', '__run',
  '__ck', '__ineg', '__imod', '__ipow', '__idiv', '__iabs', '__i2d', '__i2do', '__D', '__dadd', '__dsub', '__dmul', '__dneg', '__dpow', '__dcmp',
  '__divide', '__round', '__toInt', '__dabs', '__min', '__max',
  '__money', '__moneyRound', '__fromMinor', '__zero', '__madd', '__msub', '__mneg', '__mmul', '__imulm', '__mcmp', '__meq', '__mulMoney',
  '__divMoney', '__ratio', '__toDec', '__mabs',
  '__date', '__period', '__addPeriod', '__addDays', '__daysBetween', '__yearOf', '__monthOf', '__dayOf', '__endOfMonth',
  '__dateOf', '__address', '__cx', '__ctxDate',
  '__cat', '__slen', '__sslice', '__sw', '__ew', '__sincl', '__str', '__eq',
  '__idx', '__seti', '__alen', '__push', '__incl', '__indexOf', '__aslice', '__concat', '__spread', '__lit', '__amap', '__afilter',
  '__asome', '__aevery', '__afind', '__afindIndex', '__areduce', '__sortBy', '__mapOf', '__CMap',
  '__sget', '__sset', '__smap', '__emit', '__xcall', '__prove', '__commit', '__UNSET',
  '__rec', '__enumT', '__strsT', '__optT', '__arrT', '__mapT', '__moneyT', '__sealT', '__T',
] as const;

/**
 * The prelude source: the body of the script's closure, up to the generated code. `__CCY` (the
 * currency table) is defined by code generation just before it.
 */
export const PRELUDE = String.raw`
// ==== intrinsics, captured before anything else runs =========================================
const __JSMap = Map, __JSSet = Set, __isArray = Array.isArray, __keys = Object.keys, __freeze = Object.freeze;
const __isFrozen = Object.isFrozen, __hasOwn = Object.hasOwn, __fromEntries = Object.fromEntries;
const __parse = JSON.parse, __stringify = JSON.stringify, __BigInt = BigInt, __String = String, __Number = Number;
const __isSafeInteger = Number.isSafeInteger, __Err = Error;

// ==== gas schedule v1 and limits (docs/artifact.md) ==========================================
const __G_INVOKE = ${GAS.INVOKE}, __G_REQUEST_CHAR = ${GAS.REQUEST_CHAR}, __G_LOAD = ${GAS.LOAD}, __G_LOAD_CHAR = ${GAS.LOAD_CHAR};
const __G_KEYS = ${GAS.KEYS}, __G_KEYS_ITEM = ${GAS.KEYS_ITEM}, __G_WRITE = ${GAS.WRITE}, __G_WRITE_CHAR = ${GAS.WRITE_CHAR};
const __G_ENCODE_CHAR = ${GAS.ENCODE_CHAR}, __G_EVENT = ${GAS.EVENT}, __G_EVENT_CHAR = ${GAS.EVENT_CHAR};
const __G_CALL = ${GAS.CALL}, __G_CALL_CHAR = ${GAS.CALL_CHAR}, __G_VERIFY = ${GAS.VERIFY}, __G_NUMBER = ${GAS.NUMBER};
const __G_WORD = ${GAS.WORD}, __G_ARRAY = ${GAS.ARRAY};
const __G_ELEMENT = ${GAS.ELEMENT}, __G_CHAR = ${GAS.CHAR}, __G_MAP_ENTRY = ${GAS.MAP_ENTRY}, __G_TRY = ${GAS.TRY}, __G_TRY_ENTRY = ${GAS.TRY_ENTRY};
const __MAX_DEPTH = ${LIMITS.MAX_CALL_DEPTH}, __MAX_SCALE = ${LIMITS.MAX_SCALE}, __MAX_LENGTH = ${LIMITS.MAX_LENGTH};
const __MAX_REQUEST = ${LIMITS.MAX_REQUEST_CHARS}, __MAX_MESSAGE = ${LIMITS.MAX_MESSAGE_CHARS}, __MAX_SEALED_DEPTH = ${LIMITS.MAX_SEALED_DEPTH};
const __NMAX = 10n ** ${LIMITS.NUMBER_DIGITS}n;

// ==== failures ===============================================================================
// A failure is a plain object tagged with __FAIL (no Error: no stack capture, nothing
// engine-specific). Fatal failures are sticky: once one exists, every catch/finally rethrows it.
const __FAIL = __freeze({});
let __fatal = undefined;
function __mkfail(code, message, site, fatal) {
  return { t: __FAIL, code, message, site, fatal, detail: undefined };
}
function __isFail(e) {
  return typeof e === 'object' && e !== null && e.t === __FAIL;
}
function __revert(code, message, site) {
  throw __mkfail(code, message, site, false);
}
function __die(code, message, site) {
  if (__fatal === undefined) __fatal = __mkfail(code, message, site, true);
  throw __fatal;
}
function __internal(message, detail) {
  if (__fatal === undefined) {
    __fatal = __mkfail('RT_ERR_INTERNAL', message, -1, true);
    __fatal.detail = detail;
  }
  throw __fatal;
}
function __errText(e) {
  return e instanceof __Err ? e.name + ': ' + e.message : typeof e;
}
function __quote(s) {
  return __stringify(typeof s === 'string' && s.length > 40 ? s.slice(0, 40) + '…' : s);
}
function __show(j) {
  if (j === null) return 'null';
  if (__isArray(j)) return 'an array';
  if (typeof j === 'object') return 'an object';
  if (typeof j === 'string') return 'string ' + __quote(j);
  return typeof j + ' ' + __String(j);
}
function __req(cond, message, site) {
  if (!cond) __revert('RT_ERR_REQUIRE_FAILED', message, site);
}
function __rv(message, site) {
  __revert('RT_ERR_REVERT', message, site);
}
function __nn(x, site) {
  if (x === undefined) __revert('RT_ERR_MISSING_VALUE', 'value is absent', site);
  return x;
}

// ==== gas and call depth =====================================================================
// Out of gas is sticky: __gas stays negative, so every later charge (even of 0) fails again.
let __gas = 0, __limit = 0;
function __oog() {
  __gas = -1;
  __die('RT_ERR_OUT_OF_GAS', 'out of gas', -1);
}
function __g(n) {
  if ((__gas -= n) < 0) __oog();
}
/** Function entry: the call-depth meter (DET-07) and the entry block's static cost. */
function __e(d, n) {
  if (d > __MAX_DEPTH) __die('RT_ERR_CALL_DEPTH', 'calls nested deeper than ' + __MAX_DEPTH, -1);
  if ((__gas -= n) < 0) __oog();
}
/** First statement of every finally block: a pending fatal failure cannot be swallowed (GAS-02). */
function __gchk() {
  if (__fatal !== undefined) throw __fatal;
}
/** First statement of every catch block: only reverts are caught; state is rolled back. */
function __caught(e, sn) {
  if (__fatal !== undefined) throw __fatal;
  if (!__isFail(e)) __internal('engine error', __errText(e));
  if (e.fatal) {
    __fatal = e;
    throw e;
  }
  __restore(sn);
  return __freeze({ code: e.code, message: e.message });
}
/** try/finally without catch: roll back the try block's effects, keep failing. */
function __rethrow(e, sn) {
  if (__fatal !== undefined) throw __fatal;
  if (!__isFail(e)) __internal('engine error', __errText(e));
  if (e.fatal) {
    __fatal = e;
    throw e;
  }
  __restore(sn);
  throw e;
}
function __sortCost(n) {
  let l = 0;
  while (l < 31 && (1 << l) < n) l++;
  return n * l;
}
function __cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function __limitExceeded(what) {
  __die('RT_ERR_LIMIT_EXCEEDED', what + ' longer than ' + __MAX_LENGTH, -1);
}

// ==== Int ====================================================================================
function __range(site) {
  __revert('RT_ERR_NUMBER_OUT_OF_RANGE', 'number out of range (magnitude 10^256 or scale 256)', site);
}
const __W64 = 1n << 64n;
/**
 * Size charge of a new bigint of 2^64 or more: WORD per 64 bits, so that memory held per unit of
 * gas stays bounded however large the numbers (GAS-04). Returns x.
 */
function __big(x) {
  if (x >= __W64 || x <= -__W64) __g((x.toString(16).length >> 4) * __G_WORD);
  return x;
}
function __ck(x, site) {
  if (x >= __NMAX || x <= -__NMAX) __range(site);
  return __big(x);
}
function __ineg(x) {
  return __big(-x);
}
function __iabs(x) {
  return x < 0n ? __big(-x) : x;
}
function __imod(a, b, site) {
  if (b === 0n) __revert('RT_ERR_DIVISION_BY_ZERO', 'remainder by zero', site);
  return __big(a % b);
}
/** Decimal digit count of |c| (c below 10^256, so at most 257 characters). */
function __digits(c) {
  return __String(c < 0n ? -c : c).length;
}
/** c ** n with a size check before computing, so 2 ** 10^9 fails fast instead of allocating. */
function __pow(c, n, site) {
  if (n < 0n) __revert('RT_ERR_INVALID_ARGUMENT', 'negative exponent', site);
  if (n === 0n) return 1n;
  if (c === 0n || c === 1n) return c;
  if (c === -1n) return n % 2n === 0n ? 1n : -1n;
  if (n > 1000n || (__digits(c) - 1) * __Number(n) >= 256) __range(site);
  __g(__Number(n));
  return __ck(c ** n, site);
}
function __ipow(a, n, site) {
  return __pow(a, n, site);
}
/**
 * n / d rounded by mode, exactly as java.math.RoundingMode: down = toward zero, up = away from
 * zero, floor/ceiling = toward -inf/+inf, half-* = nearest with ties up (away), down (toward
 * zero) or to the even neighbour.
 */
function __divr(n, d, mode, site) {
  if (d === 0n) __revert('RT_ERR_DIVISION_BY_ZERO', 'division by zero', site);
  const q = n / d, r = n % d;
  if (r === 0n) {
    if (!__MODES.has(mode)) __internal('unknown rounding mode');
    return q;
  }
  const pos = (n < 0n) === (d < 0n);
  const away = pos ? q + 1n : q - 1n;
  switch (mode) {
    case 'down': return q;
    case 'up': return away;
    case 'floor': return pos ? q : away;
    case 'ceiling': return pos ? away : q;
  }
  const r2 = (r < 0n ? -r : r) * 2n, ad = d < 0n ? -d : d;
  if (r2 !== ad) {
    if (!__MODES.has(mode)) __internal('unknown rounding mode');
    return r2 > ad ? away : q;
  }
  switch (mode) {
    case 'half-up': return away;
    case 'half-down': return q;
    case 'half-even': return q % 2n === 0n ? q : away;
  }
  return __internal('unknown rounding mode');
}
const __MODES = new __JSSet(['half-up', 'half-even', 'half-down', 'floor', 'ceiling', 'down', 'up']);
function __idiv(a, b, mode, site) {
  return __big(__divr(a, b, mode, site));
}

// ==== Decimal: frozen { c: bigint, s: scale }, normalised (s > 0 implies c % 10 != 0) =========
const __P10 = (() => {
  const a = [];
  let p = 1n;
  for (let i = 0; i <= 1100; i++) {
    a.push(p);
    p *= 10n;
  }
  return __freeze(a);
})();
const __DZERO = __freeze({ c: 0n, s: 0 });
function __D(c, s, site) {
  if (c === 0n) return __DZERO;
  while (s > 0 && c % 10n === 0n) {
    c /= 10n;
    s--;
  }
  if (c >= __NMAX || c <= -__NMAX || s > __MAX_SCALE) __range(site);
  return __freeze({ c, s });
}
/** A Decimal result of an operation: charged NUMBER plus the coefficient's size. */
function __DN(c, s, site) {
  __g(__G_NUMBER);
  return __D(__big(c), s, site);
}
function __i2d(x) {
  if (x === 0n) return __DZERO;
  __g(__G_NUMBER);
  return __freeze({ c: x, s: 0 });
}
function __i2do(x) {
  return x === undefined ? undefined : __i2d(x);
}
function __dadd(a, b, site) {
  if (a.s === b.s) return __DN(a.c + b.c, a.s, site);
  if (a.s > b.s) return __DN(a.c + b.c * __P10[a.s - b.s], a.s, site);
  return __DN(a.c * __P10[b.s - a.s] + b.c, b.s, site);
}
function __dsub(a, b, site) {
  if (a.s === b.s) return __DN(a.c - b.c, a.s, site);
  if (a.s > b.s) return __DN(a.c - b.c * __P10[a.s - b.s], a.s, site);
  return __DN(a.c * __P10[b.s - a.s] - b.c, b.s, site);
}
function __dmul(a, b, site) {
  return __DN(a.c * b.c, a.s + b.s, site);
}
function __dneg(a) {
  if (a.c === 0n) return a;
  __g(__G_NUMBER);
  return __freeze({ c: __big(-a.c), s: a.s });
}
function __dabs(a) {
  return a.c < 0n ? __dneg(a) : a;
}
function __dcmp(a, b) {
  let x = a.c, y = b.c;
  if (a.s > b.s) y *= __P10[a.s - b.s];
  else if (b.s > a.s) x *= __P10[b.s - a.s];
  return x < y ? -1 : x > y ? 1 : 0;
}
function __dpow(a, n, site) {
  if (n < 0n) __revert('RT_ERR_INVALID_ARGUMENT', 'negative exponent', site);
  if (a.s > 0 && n > 0n && (n > 256n || a.s * __Number(n) > __MAX_SCALE)) __range(site);
  return __DN(__pow(a.c, n, site), a.s * __Number(n), site);
}
function __scale(x, site) {
  if (x < 0n || x > __BigInt(__MAX_SCALE)) __revert('RT_ERR_INVALID_ARGUMENT', 'scale must be in [0, ' + __MAX_SCALE + ']', site);
  return __Number(x);
}
/** a / b rounded to sc fraction digits: round(a.c * 10^(b.s + sc - a.s) / b.c). */
function __divide(a, b, scale, mode, site) {
  const sc = __scale(scale, site);
  if (b.c === 0n) __revert('RT_ERR_DIVISION_BY_ZERO', 'division by zero', site);
  let n = a.c, d = b.c;
  const e = b.s + sc - a.s;
  if (e >= 0) n *= __P10[e];
  else d *= __P10[-e];
  return __DN(__divr(n, d, mode, site), sc, site);
}
function __round(d, scale, mode, site) {
  const sc = __scale(scale, site);
  if (d.s <= sc) {
    if (!__MODES.has(mode)) __internal('unknown rounding mode');
    return d;
  }
  return __DN(__divr(d.c, __P10[d.s - sc], mode, site), sc, site);
}
function __toInt(d, mode, site) {
  return __big(__divr(d.c, __P10[d.s], mode, site));
}
/** Fixed-point text of c / 10^e with exactly e fraction digits. */
function __fixed(c, e) {
  if (e === 0) return __String(c);
  const neg = c < 0n;
  let t = __String(neg ? -c : c);
  while (t.length <= e) t = '0' + t;
  return (neg ? '-' : '') + t.slice(0, t.length - e) + '.' + t.slice(t.length - e);
}
/** Canonical decimal text: no exponent, no '+', no trailing fraction zeros, '0' for zero. */
function __dstr(d) {
  return d.s === 0 ? __String(d.c) : __fixed(d.c, d.s);
}

// ==== Money: frozen { ccy: ISO 4217 code, m: bigint minor units } =============================
function __ccy(code, site) {
  const e = __CCY.get(code);
  if (e === undefined) __revert('RT_ERR_INVALID_ARGUMENT', 'unknown currency ' + __quote(code), site);
  return e;
}
/** A Money result: charged NUMBER plus the amount's size. */
function __M(ccy, m, site) {
  if (m >= __NMAX || m <= -__NMAX) __range(site);
  __g(__G_NUMBER);
  return __freeze({ ccy, m: __big(m) });
}
function __money(d, ccy, site) {
  const e = __ccy(ccy, site);
  if (d.s > e) __revert('RT_ERR_INEXACT_MONEY', __dstr(d) + ' has more than ' + e + ' fraction digits for ' + ccy, site);
  return __M(ccy, d.c * __P10[e - d.s], site);
}
function __moneyRound(d, ccy, mode, site) {
  const e = __ccy(ccy, site);
  if (d.s <= e) {
    if (!__MODES.has(mode)) __internal('unknown rounding mode');
    return __M(ccy, d.c * __P10[e - d.s], site);
  }
  return __M(ccy, __divr(d.c, __P10[d.s - e], mode, site), site);
}
function __fromMinor(n, ccy, site) {
  __ccy(ccy, site);
  return __M(ccy, n, site);
}
function __zero(ccy, site) {
  __ccy(ccy, site);
  return __M(ccy, 0n, site);
}
function __same(a, b, site) {
  if (a.ccy !== b.ccy) __revert('RT_ERR_CURRENCY_MISMATCH', 'currency mismatch: ' + a.ccy + ' and ' + b.ccy, site);
}
function __madd(a, b, site) {
  __same(a, b, site);
  return __M(a.ccy, a.m + b.m, site);
}
function __msub(a, b, site) {
  __same(a, b, site);
  return __M(a.ccy, a.m - b.m, site);
}
function __mneg(a) {
  __g(__G_NUMBER);
  return __freeze({ ccy: a.ccy, m: __big(-a.m) });
}
function __mabs(a) {
  return a.m < 0n ? __mneg(a) : a;
}
function __mmul(a, n, site) {
  return __M(a.ccy, a.m * n, site);
}
/** Int * Money, evaluated left to right like the source. */
function __imulm(n, a, site) {
  return __M(a.ccy, a.m * n, site);
}
/** == on optional Money: absent equals only absent; present amounts must share a currency. */
function __meq(a, b, site) {
  if (a === undefined || b === undefined) return a === b;
  return __mcmp(a, b, site) === 0;
}
function __mcmp(a, b, site) {
  __same(a, b, site);
  return a.m < b.m ? -1 : a.m > b.m ? 1 : 0;
}
function __mulMoney(a, d, mode, site) {
  return __M(a.ccy, __divr(a.m * d.c, __P10[d.s], mode, site), site);
}
function __divMoney(a, d, mode, site) {
  if (d.c === 0n) __revert('RT_ERR_DIVISION_BY_ZERO', 'division by zero', site);
  return __M(a.ccy, __divr(a.m * __P10[d.s], d.c, mode, site), site);
}
function __ratio(a, b, scale, mode, site) {
  __same(a, b, site);
  return __divide(__i2d(a.m), __i2d(b.m), scale, mode, site);
}
function __toDec(m) {
  return __DN(m.m, __CCY.get(m.ccy), -1);
}
/** min/max/compare by kind: 'd' Decimal, 'm' Money, otherwise bigint or string order. */
function __cmpk(k, a, b, site) {
  return k === 'd' ? __dcmp(a, b) : k === 'm' ? __mcmp(a, b, site) : a < b ? -1 : a > b ? 1 : 0;
}
function __min(k, a, b, site) {
  return __cmpk(k, a, b, site) <= 0 ? a : b;
}
function __max(k, a, b, site) {
  return __cmpk(k, a, b, site) >= 0 ? a : b;
}

// ==== dates (ISO 8601 'YYYY-MM-DD', proleptic Gregorian, 0001..9999) and periods =============
const __DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const __PERIOD_RE = /^P(?=[0-9])(?:([0-9]{1,9})Y)?(?:([0-9]{1,9})M)?(?:([0-9]{1,9})W)?(?:([0-9]{1,9})D)?$/;
const __ADDR_RE = /^[0-9a-f]{40}$/, __HEX_RE = /^(?:[0-9a-f]{2}){1,256}$/;
function __dim(y, m) {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
function __isDate(s) {
  const r = __DATE_RE.exec(s);
  if (r === null) return false;
  const y = +r[1], m = +r[2], d = +r[3];
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= __dim(y, m);
}
function __ymd(s) {
  return [+s.slice(0, 4), +s.slice(5, 7), +s.slice(8, 10)];
}
function __pad(n, w) {
  let s = __String(n);
  while (s.length < w) s = '0' + s;
  return s;
}
/** Days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms"); y >= 1. */
function __days(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}
function __civil(z) {
  z += 719468;
  const era = (z / 146097) | 0;
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}
const __MIN_DAY = __days(1, 1, 1), __MAX_DAY = __days(9999, 12, 31);
function __dateRange(site) {
  __revert('RT_ERR_DATE_OUT_OF_RANGE', 'date outside 0001-01-01..9999-12-31', site);
}
function __fromDays(z, site) {
  if (!(z >= __MIN_DAY && z <= __MAX_DAY)) __dateRange(site);
  const c = __civil(z);
  return __pad(c[0], 4) + '-' + __pad(c[1], 2) + '-' + __pad(c[2], 2);
}
function __date(s, site) {
  if (!__isDate(s)) __revert('RT_ERR_INVALID_ARGUMENT', 'invalid date ' + __quote(s), site);
  return s;
}
function __pparse(s) {
  const r = __PERIOD_RE.exec(s);
  if (r === null) return undefined;
  const p = [+(r[1] ?? 0), +(r[2] ?? 0), +(r[3] ?? 0) * 7 + +(r[4] ?? 0)];
  // Weeks fold into days; the canonical form must itself be a valid period (at most 9 digits).
  return p[2] > 999999999 ? undefined : p;
}
/** Canonical period text, as java.time.Period: weeks folded into days, zero parts omitted, P0D. */
function __pfmt(p) {
  if (p[0] === 0 && p[1] === 0 && p[2] === 0) return 'P0D';
  return 'P' + (p[0] ? p[0] + 'Y' : '') + (p[1] ? p[1] + 'M' : '') + (p[2] ? p[2] + 'D' : '');
}
function __period(s, site) {
  const p = __pparse(s);
  if (p === undefined) __revert('RT_ERR_INVALID_ARGUMENT', 'invalid period ' + __quote(s), site);
  return __pfmt(p);
}
/** java.time.LocalDate.plus(Period): months first (day clamped to the month's end), then days. */
function __addPeriod(s, per, site) {
  const p = __pparse(per), c = __ymd(s);
  const months = c[0] * 12 + (c[1] - 1) + p[0] * 12 + p[1];
  const y = (months - (months % 12)) / 12, m = (months % 12) + 1;
  if (y > 9999) __dateRange(site);
  const dim = __dim(y, m);
  return __fromDays(__days(y, m, c[2] > dim ? dim : c[2]) + p[2], site);
}
function __addDays(s, n, site) {
  if (n < -4000000n || n > 4000000n) __dateRange(site);
  const c = __ymd(s);
  return __fromDays(__days(c[0], c[1], c[2]) + __Number(n), site);
}
function __daysBetween(a, b) {
  const x = __ymd(a), y = __ymd(b);
  return __BigInt(__days(y[0], y[1], y[2]) - __days(x[0], x[1], x[2]));
}
function __yearOf(s) {
  return __BigInt(+s.slice(0, 4));
}
function __monthOf(s) {
  return __BigInt(+s.slice(5, 7));
}
function __dayOf(s) {
  return __BigInt(+s.slice(8, 10));
}
function __endOfMonth(s) {
  const c = __ymd(s);
  return s.slice(0, 8) + __pad(__dim(c[0], c[1]), 2);
}
/** UTC calendar date of a millisecond timestamp (floor division: negative times round down). */
function __dateOf(ts, site) {
  let q = ts / 86400000n;
  if (ts % 86400000n !== 0n && ts < 0n) q -= 1n;
  if (q < -800000n || q > 3000000n) __dateRange(site);
  return __fromDays(__Number(q), site);
}
function __address(s, site) {
  if (!__ADDR_RE.test(s)) __revert('RT_ERR_INVALID_ARGUMENT', 'invalid address ' + __quote(s) + ' (40 lowercase hex digits)', site);
  return s;
}
let __cx = undefined, __cxDate = undefined;
function __ctxDate() {
  if (__cxDate === undefined) __cxDate = __dateOf(__cx.time, -1);
  return __cxDate;
}

// ==== strings ================================================================================
function __charge(n) {
  if (n > __MAX_LENGTH) __limitExceeded('string');
  __g(1 + (n >> 1) * __G_CHAR);
}
function __cat(a, b) {
  __charge(a.length + b.length);
  return a + b;
}
function __slen(s) {
  return __BigInt(s.length);
}
/** Clamps a bigint index to [-n, n] as a number (JS slice semantics for negatives). */
function __clamp(x, n) {
  return x < -n ? -n : x > n ? n : __Number(x);
}
function __sslice(s, b, e) {
  const n = s.length;
  const r = s.slice(b === undefined ? 0 : __clamp(b, n), e === undefined ? n : __clamp(e, n));
  __charge(r.length);
  return r;
}
function __sw(s, x) {
  __charge(x.length);
  return s.startsWith(x);
}
function __ew(s, x) {
  __charge(x.length);
  return s.endsWith(x);
}
function __sincl(s, x) {
  __charge(s.length);
  return s.includes(x);
}
/** str(x) by kind: 'i' Int/Timestamp, 'd' Decimal, 'm' Money ("USD 12.30"), 'b' boolean, else text. */
function __str(k, x) {
  let r;
  if (x === undefined) r = 'undefined';
  else if (k === 'i') r = __String(x);
  else if (k === 'd') r = __dstr(x);
  else if (k === 'm') r = x.ccy + ' ' + __fixed(x.m, __CCY.get(x.ccy));
  else if (k === 'b') r = x ? 'true' : 'false';
  else r = x;
  __charge(r.length);
  return r;
}

// ==== arrays =================================================================================
function __oob(i, n, site) {
  __revert('RT_ERR_INDEX_OUT_OF_BOUNDS', 'index ' + __String(i) + ' outside [0, ' + n + ')', site);
}
function __idx(a, i, site) {
  if (!(i >= 0n && i < a.length)) __oob(i, a.length, site);
  return a[__Number(i)];
}
function __seti(a, i, v, site) {
  if (!(i >= 0n && i < a.length)) __oob(i, a.length, site);
  a[__Number(i)] = v;
  return v;
}
function __alen(a) {
  return __BigInt(a.length);
}
function __push(a, v) {
  if (a.length >= __MAX_LENGTH) __limitExceeded('array');
  __g(__G_ELEMENT);
  a.push(v);
}
/** includes/indexOf; k = 1 compares structurally (Decimal, Money elements). */
function __indexOf(a, x, k) {
  const n = a.length;
  __g(1 + n);
  if (k === 0) return __BigInt(a.indexOf(x));
  for (let i = 0; i < n; i++) if (__eq(a[i], x)) return __BigInt(i);
  return -1n;
}
function __incl(a, x, k) {
  return __indexOf(a, x, k) !== -1n;
}
function __aslice(a, b, e) {
  const n = a.length;
  const r = a.slice(b === undefined ? 0 : __clamp(b, n), e === undefined ? n : __clamp(e, n));
  __g(__G_ARRAY + r.length * __G_ELEMENT);
  return r;
}
function __concat(a, b) {
  if (a.length + b.length > __MAX_LENGTH) __limitExceeded('array');
  __g(__G_ARRAY + (a.length + b.length) * __G_ELEMENT);
  return a.concat(b);
}
function __spread(a) {
  __g(a.length * __G_ELEMENT);
  return a;
}
/** An array literal with spreads: at most 2^24 elements, like every array. */
function __lit(r) {
  if (r.length > __MAX_LENGTH) __limitExceeded('array');
  return r;
}
function __amap(a, f) {
  const n = a.length, r = [];
  __g(__G_ARRAY + n * __G_ELEMENT);
  for (let i = 0; i < n; i++) r.push(f(a[i], __BigInt(i)));
  return r;
}
function __afilter(a, f) {
  const n = a.length, r = [];
  __g(__G_ARRAY + n * __G_ELEMENT);
  for (let i = 0; i < n; i++) if (f(a[i], __BigInt(i))) r.push(a[i]);
  return r;
}
function __asome(a, f) {
  const n = a.length;
  for (let i = 0; i < n; i++) if (f(a[i], __BigInt(i))) return true;
  return false;
}
function __aevery(a, f) {
  const n = a.length;
  for (let i = 0; i < n; i++) if (!f(a[i], __BigInt(i))) return false;
  return true;
}
function __afind(a, f) {
  const n = a.length;
  for (let i = 0; i < n; i++) if (f(a[i], __BigInt(i))) return a[i];
  return undefined;
}
function __afindIndex(a, f) {
  const n = a.length;
  for (let i = 0; i < n; i++) if (f(a[i], __BigInt(i))) return __BigInt(i);
  return -1n;
}
function __areduce(a, f, acc) {
  const n = a.length;
  for (let i = 0; i < n; i++) acc = f(acc, a[i], __BigInt(i));
  return acc;
}
/**
 * sortBy(a, key): a new array ordered by key (k = 'd' for Decimal keys), ties in original order.
 * The index tie-break makes the result independent of the engine's sort algorithm.
 */
function __sortBy(a, f, k) {
  const n = a.length, ks = [];
  __g(__G_ARRAY + n * __G_ELEMENT + __sortCost(n));
  for (let i = 0; i < n; i++) ks.push([f(a[i], __BigInt(i)), i, a[i]]);
  ks.sort(k === 'd' ? (x, y) => __dcmp(x[0], y[0]) || x[1] - y[1] : (x, y) => __cmp(x[0], y[0]) || x[1] - y[1]);
  const r = [];
  for (const x of ks) r.push(x[2]);
  return r;
}

// ==== maps: iteration in ascending key order, never insertion order ===========================
class __CMap {
  m = new __JSMap();
  s = undefined;
  get(k) {
    return this.m.get(k);
  }
  has(k) {
    return this.m.has(k);
  }
  set(k, v) {
    if (!this.m.has(k)) {
      if (this.m.size >= __MAX_LENGTH) __limitExceeded('map');
      __g(__G_MAP_ENTRY);
      this.s = undefined;
    }
    this.m.set(k, v);
  }
  delete(k) {
    if (!this.m.delete(k)) return false;
    this.s = undefined;
    return true;
  }
  sz() {
    return __BigInt(this.m.size);
  }
  sk() {
    if (this.s === undefined) {
      const ks = [];
      for (const k of this.m.keys()) ks.push(k);
      __g(1 + __sortCost(ks.length));
      ks.sort(__cmp);
      this.s = ks;
    }
    return this.s;
  }
  keys() {
    const ks = this.sk();
    __g(__G_ARRAY + ks.length * __G_ELEMENT);
    return ks.slice();
  }
  values() {
    const ks = this.sk(), r = [];
    __g(__G_ARRAY + ks.length * __G_ELEMENT);
    for (const k of ks) r.push(this.m.get(k));
    return r;
  }
  ents() {
    const ks = this.sk(), r = [];
    __g(__G_ARRAY + ks.length * __G_ELEMENT);
    for (const k of ks) r.push([k, this.m.get(k)]);
    return r;
  }
}
function __mapOf(pairs) {
  const m = new __CMap();
  for (const p of pairs) m.set(p[0], p[1]);
  return m;
}

// ==== equality ===============================================================================
/** Structural equality of run-time values (records, arrays, maps, Decimal, Money, primitives). */
function __eq(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  __g(1);
  if (__isArray(a)) {
    if (!__isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!__eq(a[i], b[i])) return false;
    return true;
  }
  const am = a instanceof __CMap || a instanceof __SMap, bm = b instanceof __CMap || b instanceof __SMap;
  if (am || bm) {
    if (!am || !bm) return false;
    const x = a.ents(), y = b.ents();
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i][0] !== y[i][0] || !__eq(x[i][1], y[i][1])) return false;
    return true;
  }
  const ka = __keys(a);
  if (ka.length !== __keys(b).length) return false;
  for (const k of ka) if (!__hasOwn(b, k) || !__eq(a[k], b[k])) return false;
  return true;
}

// ==== type descriptors =======================================================================
const __T = __freeze({
  bool: __freeze({ k: 'bool' }), string: __freeze({ k: 'string' }), int: __freeze({ k: 'int' }),
  decimal: __freeze({ k: 'decimal' }), date: __freeze({ k: 'date' }), period: __freeze({ k: 'period' }),
  timestamp: __freeze({ k: 'timestamp' }), address: __freeze({ k: 'address' }), commitment: __freeze({ k: 'commitment' }),
  rounding: __freeze({ k: 'rounding' }),
  contract: __freeze({ k: 'contract' }), void: __freeze({ k: 'void' }), money: __freeze({ k: 'money', c: undefined }),
});
function __moneyT(c) {
  return __freeze({ k: 'money', c });
}
function __arrT(e) {
  return __freeze({ k: 'array', e });
}
function __mapT(kt, vt) {
  return __freeze({ k: 'map', kt, vt });
}
function __optT(i) {
  return __freeze({ k: 'opt', i });
}
function __sealT(i, num) {
  return __freeze({ k: 'sealed', i, num });
}
function __enumT(n, members) {
  return __freeze({ k: 'enum', n, m: new __JSSet(members) });
}
function __strsT(values) {
  return __freeze({ k: 'strings', v: new __JSSet(values) });
}
/** A record or event type; fields [name, type, optional], kept sorted by name for encoding. */
function __rec(n, fields, mk) {
  const f = fields.slice().sort((x, y) => __cmp(x[0], y[0]));
  const fi = new __JSMap();
  for (const x of f) fi.set(x[0], x);
  return __freeze({ k: 'record', n, f, fi, mk });
}

// ==== canonical value codec (docs/artifact.md, "Values") ======================================
const __INT_RE = /^-?(?:0|[1-9][0-9]*)$/;
const __DEC_RE = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]*[1-9]))?$/;
const __AMT_RE = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const __RESERVED = new __JSSet(['__proto__', 'constructor', 'prototype']);
let __where = 'request';
/**
 * True while a try snapshot is taken or restored: values are copied as they are, without the
 * static-currency check, which belongs to the boundary (arguments, results, events, stored state),
 * not to a copy of the call's own working state.
 */
let __lax = false;
/** True while entry arguments are decoded: a wrong static currency is then an invalid argument. */
let __inArgs = false;
/** Failure site of the encoding in progress (an emit or a call), -1 for results and state. */
let __encSite = -1;

/** Encodes a run-time value as a JSON value (amounts as strings, maps as sorted pairs). */
function __enc(t, v) {
  switch (t.k) {
    case 'int':
    case 'timestamp':
      return __String(v);
    case 'decimal':
      return __dstr(v);
    case 'money':
      if (t.c !== undefined && v.ccy !== t.c && !__lax) __revert('RT_ERR_CURRENCY_MISMATCH', 'a ' + v.ccy + ' amount where ' + t.c + ' is required', __encSite);
      return { amount: __fixed(v.m, __CCY.get(v.ccy)), currency: v.ccy };
    case 'opt':
      return v === undefined ? null : __enc(t.i, v);
    case 'array': {
      const r = [];
      for (let i = 0; i < v.length; i++) r.push(__enc(t.e, v[i]));
      return r;
    }
    case 'map': {
      const r = [];
      for (const p of v.ents()) r.push([__enc(t.kt, p[0]), __enc(t.vt, p[1])]);
      return r;
    }
    case 'record': {
      const o = {};
      for (const f of t.f) {
        const x = v[f[0]];
        if (x !== undefined) o[f[0]] = __enc(f[1], x);
        else if (!f[2]) __internal('field ' + f[0] + ' of ' + t.n + ' is missing');
      }
      return o;
    }
    case 'void':
      return null;
    default:
      return v;
  }
}
function __bad(what, j) {
  __revert('RT_ERR_INVALID_ARGUMENT', __where + ': expected ' + what + ', got ' + __show(j), -1);
}
function __decInt(j) {
  if (typeof j !== 'string' || j.length > 258 || !__INT_RE.test(j) || j === '-0') __bad('an integer string', j);
  const v = __BigInt(j);
  if (v >= __NMAX || v <= -__NMAX) __bad('an integer below 10^256 in magnitude', j);
  return v;
}
function __decDec(j) {
  const r = typeof j === 'string' && j.length <= 600 ? __DEC_RE.exec(j) : null;
  if (r === null || j === '-0') __bad('a canonical decimal string', j);
  const frac = r[3] ?? '';
  const c = __BigInt(r[1] + r[2] + frac);
  if (frac.length > __MAX_SCALE || c >= __NMAX || c <= -__NMAX) __bad('a decimal within range', j);
  return c === 0n ? __DZERO : __freeze({ c, s: frac.length });
}
function __decMoney(t, j) {
  if (typeof j !== 'object' || j === null || __isArray(j) || __keys(j).length !== 2 || !__hasOwn(j, 'amount') || !__hasOwn(j, 'currency')) {
    __bad('money {"amount","currency"}', j);
  }
  const ccy = j.currency, a = j.amount;
  const e = typeof ccy === 'string' ? __CCY.get(ccy) : undefined;
  if (e === undefined) __bad('an ISO 4217 currency code', ccy);
  if (t.c !== undefined && ccy !== t.c && !__lax) {
    __revert(__inArgs ? 'RT_ERR_INVALID_ARGUMENT' : 'RT_ERR_CURRENCY_MISMATCH', __where + ': expected currency ' + t.c + ', got ' + __quote(ccy), -1);
  }
  const r = typeof a === 'string' && a.length <= 300 ? __AMT_RE.exec(a) : null;
  if (r === null || (e === 0 ? r[3] !== undefined : r[3] === undefined || r[3].length !== e)) {
    __bad('an amount with exactly ' + e + ' fraction digits', a);
  }
  const m = __BigInt(r[1] + r[2] + (r[3] ?? ''));
  if ((m === 0n && r[1] === '-') || m >= __NMAX || m <= -__NMAX) __bad('an amount within range, not negative zero', a);
  return __freeze({ ccy, m });
}
/** Sealed values are opaque JSON objects: copied with sorted keys, deep-frozen, size-capped. */
function __canon(j, depth) {
  if (typeof j === 'string' || typeof j === 'boolean' || j === null) return j;
  if (typeof j === 'number') {
    if (!__isSafeInteger(j)) __bad('only safe integers in a sealed value', j);
    return j === 0 ? 0 : j;
  }
  if (depth >= __MAX_SEALED_DEPTH) __bad('a sealed value nested at most ' + __MAX_SEALED_DEPTH + ' deep', j);
  __g(1);
  if (__isArray(j)) {
    const r = [];
    for (const x of j) r.push(__canon(x, depth + 1));
    return __freeze(r);
  }
  const ks = __keys(j).sort(), es = [];
  for (const k of ks) {
    if (__RESERVED.has(k)) __bad('no reserved key in a sealed value', k);
    es.push([k, __canon(j[k], depth + 1)]);
  }
  return __freeze(__fromEntries(es));
}
/** Decodes and validates a JSON value against a type descriptor (strict canonical form). */
function __dec(t, j) {
  switch (t.k) {
    case 'bool':
      if (typeof j !== 'boolean') __bad('a boolean', j);
      return j;
    case 'string':
      if (typeof j !== 'string') __bad('a string', j);
      return j;
    case 'int':
    case 'timestamp':
      return __decInt(j);
    case 'decimal':
      return __decDec(j);
    case 'money':
      return __decMoney(t, j);
    case 'date':
      if (typeof j !== 'string' || !__isDate(j)) __bad('a date YYYY-MM-DD', j);
      return j;
    case 'period': {
      const p = typeof j === 'string' ? __pparse(j) : undefined;
      if (p === undefined || __pfmt(p) !== j) __bad('a canonical ISO 8601 period', j);
      return j;
    }
    case 'address':
    case 'contract':
      if (typeof j !== 'string' || !__ADDR_RE.test(j)) __bad('an address (40 lowercase hex digits)', j);
      return j;
    case 'commitment':
      if (typeof j !== 'string' || !__HEX_RE.test(j)) __bad('a commitment (lowercase hex)', j);
      return j;
    case 'rounding':
      if (typeof j !== 'string' || !__MODES.has(j)) __bad('a rounding mode', j);
      return j;
    case 'enum':
      if (typeof j !== 'string' || !t.m.has(j)) __bad('a member of ' + t.n, j);
      return j;
    case 'strings':
      if (typeof j !== 'string' || !t.v.has(j)) __bad('one of ' + __stringify([...t.v]), j);
      return j;
    case 'opt':
      return j === null ? undefined : __dec(t.i, j);
    case 'array': {
      if (!__isArray(j) || j.length > __MAX_LENGTH) __bad('an array', j);
      __g(__G_ARRAY + j.length * __G_ELEMENT);
      const r = [];
      for (const x of j) r.push(__dec(t.e, x));
      return r;
    }
    case 'map': {
      if (!__isArray(j) || j.length > __MAX_LENGTH) __bad('a map as [[key, value], ...]', j);
      __g(j.length * __G_MAP_ENTRY);
      const m = new __CMap(), ks = [];
      for (const p of j) {
        if (!__isArray(p) || p.length !== 2) __bad('a [key, value] pair', p);
        const k = __dec(t.kt, p[0]);
        if (ks.length > 0 && !(ks[ks.length - 1] < k)) __bad('map keys in strictly ascending order', p[0]);
        ks.push(k);
        m.m.set(k, __dec(t.vt, p[1]));
      }
      m.s = ks;
      return m;
    }
    case 'record': {
      if (typeof j !== 'object' || j === null || __isArray(j)) __bad('an object of type ' + t.n, j);
      // Every field is a slot, present or not: {} can build a wide record (GAS-04).
      __g(__G_ARRAY + t.f.length * __G_ELEMENT);
      for (const k of __keys(j)) if (!t.fi.has(k)) __bad('only fields of ' + t.n, 'field ' + k);
      const vs = [];
      for (const f of t.f) {
        if (__hasOwn(j, f[0])) {
          if (j[f[0]] === null) __bad('field ' + f[0] + ' present or omitted (never null)', null);
          vs.push(__dec(f[1], j[f[0]]));
        } else if (f[2]) vs.push(undefined);
        else __bad('field ' + f[0] + ' of ' + t.n, j);
      }
      // The generated factory builds the object from a literal: one shape, fast properties, however
      // many fields (adding them one by one can turn a wide record into a large dictionary object).
      if (t.mk !== undefined) return t.mk(vs);
      const o = {};
      for (let i = 0; i < t.f.length; i++) o[t.f[i][0]] = vs[i];
      return o;
    }
    case 'sealed': {
      if (typeof j !== 'object' || j === null || __isArray(j)) __bad('a sealed value (an object)', j);
      const v = __canon(j, 0);
      if (t.num && (typeof v.commitment !== 'string' || !__HEX_RE.test(v.commitment))) __bad('a sealed number with a "commitment"', j);
      return v;
    }
    case 'void':
      if (j !== null) __bad('null', j);
      return undefined;
  }
  return __internal('unknown type descriptor ' + t.k);
}
/** Decodes stored state text; the host stores only what this code wrote, so failure is corruption. */
function __decs(t, s) {
  const w = __where;
  __where = 'state';
  try {
    return __dec(t, __parse(s));
  } catch (e) {
    if (__isFail(e) && e.fatal) throw e;
    return __internal('corrupt state value', __isFail(e) ? e.message : __errText(e));
  } finally {
    __where = w;
  }
}

// ==== state: lazily loaded, buffered, written back only if changed ===========================
// Cache entries { v, e0, t }: v the current value (__ABSENT: no such key), e0 the text loaded from
// the host (null: absent there, __UNKNOWN: never loaded), t the value's type.
const __ABSENT = __freeze({}), __UNKNOWN = __freeze({});
let __cache = new __JSMap(), __hkeys = new __JSMap(), __smaps = new __JSMap();
let __events = [], __ncalls = 0, __view = false;
function __noWrite() {
  if (__view) __die('RT_ERR_VIEW_WRITE', 'a view cannot change state or emit events', -1);
}
function __load(key, t) {
  const s = __host_load(key);
  let e;
  if (s === undefined) {
    __g(__G_LOAD);
    e = { v: __ABSENT, e0: null, t };
  } else {
    if (typeof s !== 'string') __internal('__host_load returned a ' + typeof s);
    __g(__G_LOAD + s.length * __G_LOAD_CHAR);
    e = { v: __decs(t, s), e0: s, t };
  }
  __cache.set(key, e);
  return e;
}
function __sget(f) {
  const e = __cache.get(f.key) ?? __load(f.key, f.t);
  if (e.v !== __ABSENT) return e.v;
  if (f.t.k === 'opt') return undefined;
  return __internal('state field ' + f.name + ' is not initialised');
}
function __sset(f, v) {
  __noWrite();
  const x = v === undefined ? __ABSENT : v;
  const e = __cache.get(f.key);
  if (e === undefined) __cache.set(f.key, { v: x, e0: __UNKNOWN, t: f.t });
  else e.v = x;
  return v;
}
/** Order-preserving text of a map key: strings as they are; Ints as sign, length, digits. */
function __mkey(k) {
  if (typeof k !== 'bigint') return k;
  const neg = k < 0n, d = __String(neg ? -k : k);
  if (!neg) return 'p' + __pad(d.length, 3) + d;
  let c = '';
  for (let i = 0; i < d.length; i++) c += 57 - d.charCodeAt(i);
  return 'n' + __pad(999 - d.length, 3) + c;
}
/**
 * A state map key must be well-formed Unicode: nodes store keys as UTF-8, where every lone
 * surrogate becomes U+FFFD, so two such keys would be one key on disk. Checked when a key enters
 * the cache (first read or write in the invocation, before the host sees it): a key found in the
 * cache was checked on its way in. Not priced (docs/artifact.md, State keys).
 */
function __keyok(k, site) {
  if (typeof k === 'string' && !k.isWellFormed()) {
    __revert('RT_ERR_INVALID_KEY', 'map key ' + __quote(k) + ' is not well-formed Unicode (lone surrogate)', site === undefined ? -1 : site);
  }
}
/**
 * A string map key has at most __MAX_MAP_KEY UTF-16 units, checked in O(1) before the key is
 * concatenated, hashed or cached: every access to a key does work in proportion to its length that
 * gas does not price, so the length has to be bounded (and a refused key is never quoted whole).
 */
const __MAX_MAP_KEY = 256;
function __keylen(k, site) {
  if (typeof k === 'string' && k.length > __MAX_MAP_KEY) {
    __revert('RT_ERR_INVALID_KEY', 'map key of ' + k.length + ' characters is longer than ' + __MAX_MAP_KEY, site === undefined ? -1 : site);
  }
}
function __unmkey(kt, s) {
  if (kt.k !== 'int' && kt.k !== 'timestamp') return s;
  const d = s.slice(4);
  if (s[0] === 'p') return __BigInt(d);
  let c = '';
  for (let i = 0; i < d.length; i++) c += 57 - d.charCodeAt(i);
  return -__BigInt(c);
}
/** Keys present under a prefix: the host's keys merged with buffered changes, sorted. */
function __skeys(prefix) {
  let hk = __hkeys.get(prefix);
  if (hk === undefined) {
    const txt = __host_keys(prefix);
    let arr;
    try {
      arr = __parse(txt);
    } catch (e) {
      __internal('__host_keys returned invalid JSON');
    }
    if (!__isArray(arr)) __internal('__host_keys returned a non-array');
    __g(__G_KEYS + arr.length * __G_KEYS_ITEM);
    hk = new __JSSet();
    for (const k of arr) {
      if (typeof k !== 'string' || !k.startsWith(prefix)) __internal('__host_keys returned a key outside the prefix');
      if (!k.isWellFormed()) __internal('__host_keys returned a key that is not well-formed Unicode');
      hk.add(k);
    }
    __hkeys.set(prefix, hk);
  }
  const out = [];
  for (const k of hk) {
    const e = __cache.get(k);
    if (e === undefined || e.v !== __ABSENT) out.push(k);
  }
  __g(1 + __cache.size + __sortCost(out.length));
  for (const [k, e] of __cache) if (e.v !== __ABSENT && !hk.has(k) && k.startsWith(prefix)) out.push(k);
  out.sort();
  return out;
}
/** A Map state field: each entry is its own state key; same interface as __CMap. */
class __SMap {
  f = undefined;
  en(k, site) {
    __keylen(k, site);
    const s = this.f.key + __mkey(k), e = __cache.get(s);
    if (e !== undefined) return e;
    __keyok(k, site);
    return __load(s, this.f.t.vt);
  }
  get(k, site) {
    const e = this.en(k, site);
    return e.v === __ABSENT ? undefined : e.v;
  }
  has(k, site) {
    return this.en(k, site).v !== __ABSENT;
  }
  set(k, v, site) {
    __noWrite();
    __g(__G_MAP_ENTRY);
    __keylen(k, site);
    const s = this.f.key + __mkey(k), e = __cache.get(s);
    if (e === undefined) {
      __keyok(k, site);
      __cache.set(s, { v, e0: __UNKNOWN, t: this.f.t.vt });
    } else e.v = v;
  }
  delete(k, site) {
    __noWrite();
    const e = this.en(k, site), had = e.v !== __ABSENT;
    e.v = __ABSENT;
    return had;
  }
  sz() {
    return __BigInt(__skeys(this.f.key).length);
  }
  present(s) {
    const e = __cache.get(s) ?? __load(s, this.f.t.vt);
    if (e.v === __ABSENT) __internal('__host_keys listed a key that __host_load does not have');
    return e.v;
  }
  keys() {
    const ks = __skeys(this.f.key), p = this.f.key.length, r = [];
    __g(__G_ARRAY + ks.length * __G_ELEMENT);
    for (const s of ks) r.push(__unmkey(this.f.t.kt, s.slice(p)));
    return r;
  }
  values() {
    const ks = __skeys(this.f.key), r = [];
    __g(__G_ARRAY + ks.length * __G_ELEMENT);
    for (const s of ks) r.push(this.present(s));
    return r;
  }
  ents() {
    const ks = __skeys(this.f.key), p = this.f.key.length, r = [];
    __g(__G_ARRAY + ks.length * __G_ELEMENT);
    for (const s of ks) r.push([__unmkey(this.f.t.kt, s.slice(p)), this.present(s)]);
    return r;
  }
}
function __smap(f) {
  let p = __smaps.get(f.key);
  if (p === undefined) {
    p = new __SMap();
    p.f = f;
    __smaps.set(f.key, p);
  }
  return p;
}
function __isMut(v) {
  return typeof v === 'object' && v !== null && !__isFrozen(v) && !(v instanceof __SMap);
}
/** Snapshot at try entry: mutable cached values are encoded so in-place changes can be undone. */
function __snap() {
  __g(__G_TRY + __cache.size * __G_TRY_ENTRY);
  // Flat: key, entry, value, encoding (or undefined) per cached entry.
  const m = [];
  for (const [key, e] of __cache) {
    let enc;
    if (__isMut(e.v)) {
      __lax = true;
      enc = __stringify(__enc(e.t, e.v));
      __lax = false;
      __g(enc.length * __G_ENCODE_CHAR);
    }
    m.push(key, e, e.v, enc);
  }
  return [m, __events.length, __ncalls];
}
/** Restores a value in place where possible, so references held by locals stay attached. */
function __inplace(t, old, fresh) {
  if (!__isMut(old) || fresh === undefined) return fresh;
  switch (t.k) {
    case 'opt':
      return __inplace(t.i, old, fresh);
    case 'array':
      if (!__isArray(old)) return fresh;
      for (let i = 0; i < fresh.length; i++) old[i] = i < old.length ? __inplace(t.e, old[i], fresh[i]) : fresh[i];
      old.length = fresh.length;
      return old;
    case 'record':
      for (const f of t.f) old[f[0]] = __inplace(f[1], old[f[0]], fresh[f[0]]);
      return old;
    case 'map': {
      if (!(old instanceof __CMap)) return fresh;
      const m = new __JSMap();
      for (const [k, v] of fresh.m) m.set(k, old.m.has(k) ? __inplace(t.vt, old.m.get(k), v) : v);
      old.m = m;
      old.s = fresh.s;
      return old;
    }
  }
  return fresh;
}
function __restore(sn) {
  const c = new __JSMap(), m = sn[0];
  for (let i = 0; i < m.length; i += 4) {
    const key = m[i], e = m[i + 1], v = m[i + 2], enc = m[i + 3];
    if (enc === undefined) e.v = v;
    else {
      __g(enc.length * __G_ENCODE_CHAR);
      __lax = true;
      const fresh = __decs(e.t, enc);
      __lax = false;
      e.v = __inplace(e.t, v, fresh);
    }
    c.set(key, e);
  }
  __cache = c;
  __events.length = sn[1];
  if (__ncalls > sn[2]) {
    __host_rollback(sn[2]);
    __ncalls = sn[2];
  }
}
/** Changed entries as [key, text | null], sorted by key (UTF-16 code units). */
function __flush() {
  const ws = [];
  for (const [key, e] of __cache) {
    let s = null;
    if (e.v !== __ABSENT) {
      s = __stringify(__enc(e.t, e.v));
      __g(s.length * __G_ENCODE_CHAR);
    }
    if (s === e.e0) continue;
    __g(__G_WRITE + (s === null ? 0 : s.length * __G_WRITE_CHAR));
    ws.push([key, s]);
  }
  ws.sort((a, b) => __cmp(a[0], b[0]));
  return ws;
}

// ==== events, cross-contract calls, proofs ===================================================
function __emit(t, v, site) {
  __noWrite();
  __encSite = site;
  const data = __enc(t, v), n = __stringify(data).length;
  __encSite = -1;
  __g(__G_EVENT + n * __G_EVENT_CHAR);
  __events.push({ calls: __ncalls, data, name: t.n });
}
const __FATAL_CODES = new __JSSet(['RT_ERR_CALL_DEPTH', 'RT_ERR_INTERNAL', 'RT_ERR_LIMIT_EXCEEDED', 'RT_ERR_REENTRANCY', 'RT_ERR_VIEW_WRITE']);
function __xcall(site, addr, method, ptypes, args, rt) {
  const enc = [];
  __encSite = site;
  for (let i = 0; i < ptypes.length; i++) enc.push(__enc(ptypes[i], args[i]));
  __encSite = -1;
  const txt = __stringify(enc);
  __g(__G_CALL + txt.length * __G_CALL_CHAR);
  const limit = __gas;
  const out = __host_call(addr, method, txt, limit);
  let r;
  try {
    r = __parse(out);
  } catch (e) {
    __internal('__host_call returned invalid JSON');
  }
  if (typeof r !== 'object' || r === null || typeof r.ok !== 'boolean' || !__isSafeInteger(r.gasUsed) || r.gasUsed < 0 || r.gasUsed > limit) {
    __internal('__host_call returned a malformed result');
  }
  __g(r.gasUsed);
  if (!r.ok) {
    const er = typeof r.error === 'object' && r.error !== null ? r.error : {};
    const code = typeof er.code === 'string' ? er.code : 'RT_ERR_INTERNAL';
    const msg = typeof er.message === 'string' ? er.message : '';
    if (code === 'RT_ERR_OUT_OF_GAS') __oog();
    // A fatal failure of the callee (or a call the host refuses as fatal, such as re-entrancy)
    // is fatal here too: no try in any contract on the stack can swallow it (SC-01, GAS-02).
    if (__FATAL_CODES.has(code)) __die(code, msg, site);
    __revert('RT_ERR_CALL_FAILED', code + ': ' + msg, site);
  }
  __ncalls++;
  const w = __where;
  __where = 'return value of ' + method;
  try {
    return __dec(rt, r.value === undefined ? null : r.value);
  } catch (e) {
    if (__isFail(e) && !e.fatal) __revert('RT_ERR_CALL_FAILED', e.message, site);
    throw e;
  } finally {
    __where = w;
  }
}
function __commit(s) {
  return s.commitment;
}
function __prove(rel, sealed, pub, ptypes, site) {
  const cs = [], ps = [];
  for (const s of sealed) cs.push(__commit(s));
  for (let i = 0; i < pub.length; i++) ps.push(__enc(ptypes[i], pub[i]));
  __g(__G_VERIFY);
  const ok = __host_verify(rel, __stringify({ public: ps, sealed: cs }));
  if (ok === true) return;
  if (ok !== false) __internal('__host_verify returned a non-boolean');
  __revert('RT_ERR_PROOF_INVALID', 'proof of relation ' + rel + ' is invalid', site);
}

// ==== the request/response loop ==============================================================
const __UNSET = __freeze({});
const __CTX_KEYS = ['caller', 'origin', 'self', 'time', 'height'];
function __decCtx(c) {
  if (typeof c !== 'object' || c === null || __isArray(c) || __keys(c).length !== 5 || !__CTX_KEYS.every((k) => __hasOwn(c, k))) {
    __die('RT_ERR_INVALID_REQUEST', 'ctx must be {caller, origin, self, time, height}', -1);
  }
  __where = 'ctx';
  let r;
  try {
    r = __freeze({
      caller: __dec(__T.address, c.caller), origin: __dec(__T.address, c.origin), self: __dec(__T.address, c.self),
      time: __dec(__T.timestamp, c.time), height: __dec(__T.int, c.height),
    });
  } catch (e) {
    // The context comes from the host, not from the caller: a bad one is a malformed request.
    if (__isFail(e) && !e.fatal) __die('RT_ERR_INVALID_REQUEST', e.message, -1);
    throw e;
  }
  __where = 'request';
  return r;
}
function __errResponse(e) {
  let f = __fatal !== undefined ? __fatal : e;
  if (!__isFail(f)) {
    f = __mkfail('RT_ERR_INTERNAL', 'engine error', -1, true);
    f.detail = __errText(e);
  }
  const used = __gas < 0 ? __limit : __limit - __gas;
  let msg = typeof f.message === 'string' ? f.message : '';
  if (msg.length > __MAX_MESSAGE) msg = msg.slice(0, __MAX_MESSAGE);
  const error = { code: f.code, message: msg, site: f.site };
  return __stringify(f.detail !== undefined ? { detail: f.detail, error, gasUsed: used, ok: false } : { error, gasUsed: used, ok: false });
}
/** Runs one request (see docs/artifact.md, "Code ABI"); D is the generated dispatch table. */
function __run(text, D) {
  __gas = 0;
  __limit = 0;
  __fatal = undefined;
  __cache = new __JSMap();
  __hkeys = new __JSMap();
  __smaps = new __JSMap();
  __events = [];
  __ncalls = 0;
  __view = false;
  __lax = false;
  __inArgs = false;
  __encSite = -1;
  __cx = undefined;
  __cxDate = undefined;
  __where = 'request';
  try {
    D.reset();
    if (typeof text !== 'string' || text.length > __MAX_REQUEST) __die('RT_ERR_INVALID_REQUEST', 'request must be text of at most ' + __MAX_REQUEST + ' characters', -1);
    let q;
    try {
      q = __parse(text);
    } catch (e) {
      __die('RT_ERR_INVALID_REQUEST', 'request is not JSON', -1);
    }
    if (typeof q !== 'object' || q === null || __isArray(q) || __keys(q).length !== 5 || !__hasOwn(q, 'kind') || !__hasOwn(q, 'name') ||
      !__hasOwn(q, 'args') || !__hasOwn(q, 'ctx') || !__hasOwn(q, 'gasLimit')) {
      __die('RT_ERR_INVALID_REQUEST', 'request must be {kind, name, args, ctx, gasLimit}', -1);
    }
    if (!__isSafeInteger(q.gasLimit) || q.gasLimit < 0) __die('RT_ERR_INVALID_REQUEST', 'gasLimit must be a non-negative safe integer', -1);
    __gas = q.gasLimit;
    __limit = q.gasLimit;
    __g(__G_INVOKE + text.length * __G_REQUEST_CHAR);
    const kind = q.kind, name = q.name;
    let ent;
    if (kind === 'init') {
      if (name !== '') __die('RT_ERR_INVALID_REQUEST', 'an init request has name ""', -1);
      ent = D.init;
    } else if (kind === 'entry' || kind === 'view' || kind === 'trigger') {
      ent = typeof name === 'string' ? D.entries.get(name) : undefined;
      if (ent === undefined || ent[0] !== kind) __die('RT_ERR_UNKNOWN_ENTRY', 'no ' + kind + ' named ' + __quote(name), -1);
    } else {
      __die('RT_ERR_INVALID_REQUEST', 'unknown request kind ' + __quote(kind), -1);
    }
    __cx = __decCtx(q.ctx);
    const args = q.args, ps = ent[2];
    if (!__isArray(args)) __die('RT_ERR_INVALID_REQUEST', 'args must be an array', -1);
    if (args.length !== ps.length) __revert('RT_ERR_INVALID_ARGUMENT', 'expected ' + ps.length + ' arguments, got ' + args.length, -1);
    const vals = [];
    __inArgs = true;
    for (let i = 0; i < ps.length; i++) {
      __where = 'argument ' + ps[i][0];
      vals.push(__dec(ps[i][1], args[i]));
    }
    __inArgs = false;
    __where = 'request';
    __view = kind === 'view';
    const result = ent[1](1, ...vals);
    const vtxt = __stringify(__enc(ent[3], result));
    __g(vtxt.length * __G_ENCODE_CHAR);
    const ws = __flush();
    if (__view && ws.length > 0) __die('RT_ERR_VIEW_WRITE', 'a view cannot change state', -1);
    return '{"events":' + __stringify(__events) + ',"gasUsed":' + (__limit - __gas) + ',"ok":true,"value":' + vtxt + ',"writes":' + __stringify(ws) + '}';
  } catch (e) {
    return __errResponse(e);
  }
}
`;

/**
 * The currency table the prelude reads (`__CCY`: ISO 4217 code → minor-unit exponent), as script
 * text placed right after the prelude. Sorted by code, so the text does not depend on the order
 * of `table`.
 * @example currencyTableScript({ USD: 2, JPY: 0 }) // 'const __CCY = new __JSMap([["JPY",0],["USD",2]]);'
 */
export function currencyTableScript(table: Readonly<Record<string, number>>): string {
  const entries = Object.keys(table).sort().map((code) => {
    const exp = table[code];
    if (!/^[A-Z]{3}$/.test(code) || exp === undefined || !Number.isInteger(exp) || exp < 0 || exp > 4) {
      throw new RangeError(`invalid currency table entry ${JSON.stringify(code)}: ${String(exp)}`);
    }
    return `[${JSON.stringify(code)},${exp}]`;
  });
  return `const __CCY = new __JSMap([${entries.join(',')}]);`;
}
