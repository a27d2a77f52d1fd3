/**
 * The prelude as the checker sees it: names that are always in scope (types, functions, the `ctx`
 * object, decorators), the fixed signatures of simple built-in functions, and the globals that
 * are forbidden because they would make execution non-deterministic or escape the sandbox.
 * Generic built-ins (`money`, `emit`, `min`, ...) are checked by `builtin-calls.ts`.
 * Does NOT implement any built-in: the run-time library lives in `codegen/prelude.ts`.
 * @module
 */
import {
  ADDRESS, BOOL, DATE, DECIMAL, INT, PERIOD, ROUNDING, STRING, TIMESTAMP, VOID, moneyOf, type Type,
} from './types.ts';

/** Type names of the prelude. `bigint` is a keyword type and an alias of `Int`. */
export const PRELUDE_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Int', 'Decimal', 'Money', 'LocalDate', 'Period', 'Timestamp', 'Address', 'Sealed', 'Commitment',
  'Rounding', 'Failure', 'Event', 'Map', 'Array',
]);

export interface FixedSignature {
  readonly params: readonly Type[];
  readonly returns: Type;
}

const ANY_MONEY = moneyOf(undefined);

/** Built-in functions with one fixed signature. */
export const FIXED_SIGNATURES: ReadonlyMap<string, FixedSignature> = new Map<string, FixedSignature>([
  ['require', { params: [BOOL, STRING], returns: VOID }],
  ['revert', { params: [STRING], returns: VOID }],
  ['div', { params: [INT, INT, ROUNDING], returns: INT }],
  ['divide', { params: [DECIMAL, DECIMAL, INT, ROUNDING], returns: DECIMAL }],
  ['round', { params: [DECIMAL, INT, ROUNDING], returns: DECIMAL }],
  ['toInt', { params: [DECIMAL, ROUNDING], returns: INT }],
  ['date', { params: [STRING], returns: DATE }],
  ['period', { params: [STRING], returns: PERIOD }],
  ['address', { params: [STRING], returns: ADDRESS }],
  ['addPeriod', { params: [DATE, PERIOD], returns: DATE }],
  ['addDays', { params: [DATE, INT], returns: DATE }],
  ['daysBetween', { params: [DATE, DATE], returns: INT }],
  ['yearOf', { params: [DATE], returns: INT }],
  ['monthOf', { params: [DATE], returns: INT }],
  ['dayOf', { params: [DATE], returns: INT }],
  ['endOfMonth', { params: [DATE], returns: DATE }],
  ['dateOf', { params: [TIMESTAMP], returns: DATE }],
  ['minorUnits', { params: [ANY_MONEY], returns: INT }],
  ['currencyOf', { params: [ANY_MONEY], returns: STRING }],
  ['toDecimal', { params: [ANY_MONEY], returns: DECIMAL }],
]);

/** Built-in functions checked by custom rules (generic or overloaded). */
export const GENERIC_BUILTINS: ReadonlySet<string> = new Set([
  'money', 'moneyRound', 'fromMinor', 'zero', 'mulMoney', 'divMoney', 'ratio', 'min', 'max', 'abs',
  'str', 'equals', 'emit', 'contractAt', 'commitmentOf', 'prove', 'sortBy',
]);

/** Decorators the language knows. */
export const DECORATORS: ReadonlySet<string> = new Set(['contract', 'entry', 'view', 'on', 'every', 'at']);

/** Members of `ctx`, the execution context. */
export const CTX_MEMBERS: ReadonlyMap<string, Type> = new Map<string, Type>([
  ['caller', ADDRESS],
  ['origin', ADDRESS],
  ['self', ADDRESS],
  ['time', TIMESTAMP],
  ['date', DATE],
  ['height', INT],
]);

/** Every value name of the prelude. */
export const PRELUDE_VALUE_NAMES: ReadonlySet<string> = new Set([
  ...FIXED_SIGNATURES.keys(), ...GENERIC_BUILTINS, ...DECORATORS, 'ctx',
]);

/**
 * Global names that are forbidden, with the reason shown to the user. They are rejected wherever
 * they appear as a name, even if the program declares them, because a reader would be misled.
 */
export const BANNED_GLOBALS: ReadonlyMap<string, string> = new Map([
  ['Date', 'reads the wall clock; use ctx.time, ctx.date or LocalDate'],
  ['Math', 'uses binary floating point and randomness; use Int/Decimal built-ins (min, max, abs, round)'],
  ['eval', 'evaluates code at run time'],
  ['Function', 'evaluates code at run time'],
  ['globalThis', 'reaches the global object'],
  ['global', 'reaches the global object'],
  ['window', 'reaches the global object'],
  ['self', 'reaches the global object; use ctx.self'],
  ['Symbol', 'exposes symbols, which can reach engine internals'],
  ['Proxy', 'intercepts object operations'],
  ['Reflect', 'reaches object internals'],
  ['Intl', 'depends on the machine\'s locale data'],
  ['WeakRef', 'depends on garbage collection'],
  ['FinalizationRegistry', 'depends on garbage collection'],
  ['WeakMap', 'depends on object identity'],
  ['WeakSet', 'depends on object identity'],
  ['SharedArrayBuffer', 'shares memory between threads'],
  ['Atomics', 'shares memory between threads'],
  ['setTimeout', 'depends on timers'],
  ['setInterval', 'depends on timers'],
  ['setImmediate', 'depends on timers'],
  ['queueMicrotask', 'schedules work after the call returns'],
  ['Promise', 'schedules work after the call returns'],
  ['process', 'reaches the host process'],
  ['console', 'writes outside the ledger'],
  ['arguments', 'is an implicit, untyped object'],
  ['Object', 'reaches object internals'],
  ['JSON', 'parses untyped data; values cross the boundary through the ABI'],
  ['Number', 'is a binary floating-point type; use Int or Decimal'],
  ['parseFloat', 'produces binary floating point; use Decimal'],
  ['parseInt', 'produces binary floating point'],
  ['NaN', 'is a binary floating-point value'],
  ['Infinity', 'is a binary floating-point value'],
  ['isNaN', 'is a binary floating-point operation'],
  ['BigInt', 'is implicit; Int is arbitrary precision already'],
  ['String', 'is a wrapper object; use str()'],
  ['Boolean', 'is a wrapper object'],
  ['Error', 'exposes stack traces; use require or revert'],
  ['ArrayBuffer', 'allocates raw memory'],
  ['DataView', 'accesses raw memory'],
  ['Buffer', 'reaches the host'],
  ['fetch', 'reaches the network'],
  ['WebAssembly', 'runs unmetered code'],
  ['ivm', 'reaches the sandbox host'],
  ['undefined', 'cannot be redefined'],
]);

/** Member names that reach object internals and are forbidden everywhere (SBX-04, CMP-07). */
export const BANNED_MEMBERS: ReadonlySet<string> = new Set([
  '__proto__', 'prototype', 'constructor', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
  '__lookupSetter__', 'callee', 'arguments', 'prepareStackTrace', 'captureStackTrace', 'stackTraceLimit',
  'valueOf', 'toLocaleString', 'localeCompare', 'toLocaleDateString', 'toLocaleTimeString', 'then',
]);
