/**
 * Editor declarations of the Covenant prelude: the types, functions, `ctx` object and decorators
 * that every contract file sees without an import. With `contracts/tsconfig.json`, a TypeScript
 * editor type-checks `*.contract.ts` files as you type, offers completion and hover docs, and
 * underlines the mistakes TypeScript can see: mixing `Money<'USD'>` with `Money<'EUR'>`, passing a
 * `Decimal` where an `Int` is needed, a misspelled built-in or rounding mode, an event that does not
 * extend `Event`, a trigger naming a state field that does not exist.
 *
 * Does NOT define the language: the Covenant compiler is the authority and checks more (exact
 * money literals, no `number`, no `/`, determinism, gas, sealed-value opacity outside `prove`).
 * These declarations model Covenant's exact numbers as branded TypeScript `number`s, so the
 * editor cannot tell `Int` arithmetic from `Decimal` arithmetic, and the result of `a + b` is a
 * plain `number` that fits any numeric type. Nothing here exists at run time.
 * @module
 */

/** Brand keys that make the prelude's types distinct in the editor. Reserved: not for contracts. */
declare namespace __covenant {
  const kind: unique symbol;
  const currency: unique symbol;
  const sealed: unique symbol;
  const event: unique symbol;
  /** The opaque part of a sealed value. */
  interface SealedBox<T> {
    readonly [kind]: 'sealed';
    readonly [sealed]: T;
  }
  /** `Money<C>` for a literal currency, run-time `Money` for a `string`. */
  type MoneyIn<C extends string> = string extends C ? Money : Money<C>;
  /** A method decorator for methods of `This` taking `Args`. */
  type MethodDecorator<This, Args extends any[] = any[]> = <T extends This, R>(
    target: (this: T, ...args: Args) => R,
    context: ClassMethodDecoratorContext<T, (this: T, ...args: Args) => R>,
  ) => void;
  /** A method decorator for event handlers `(event: E) => void` of `This`. */
  type EventHandlerDecorator<This> = <T extends This, E extends Event, R>(
    target: (this: T, event: E) => R,
    context: ClassMethodDecoratorContext<T, (this: T, event: E) => R>,
  ) => void;
}

// ---------------------------------------------------------------------------------------------
// Types

/**
 * Arbitrary-precision integer (a bigint at run time: overflow is impossible). Literals without a
 * fraction (`42`, `1_000_000`) are `Int`. Widens to `Decimal` implicitly; `toInt` goes back.
 */
type Int = number & { readonly [__covenant.kind]?: 'int' };

/**
 * Exact decimal number (bigint coefficient and scale, never a binary float). Literals with a
 * fraction (`0.4`, `12.375`) are `Decimal`. `+ - *` are exact; division names its rounding:
 * `divide(a, b, scale, mode)`.
 */
type Decimal = number & { readonly [__covenant.kind]?: 'int' | 'decimal' };

/**
 * An exact amount of an ISO 4217 currency, held in minor units (`Money<'USD'>` counts cents).
 * Without a type argument, `Money` is money whose currency is known only at run time.
 * `+`, `-` and comparisons need one currency; `* Int` is exact; `mulMoney`/`divMoney` round.
 */
type Money<C extends string = any> = number & {
  readonly [__covenant.kind]?: 'money';
  readonly [__covenant.currency]?: C;
};

/** A calendar date without time zone, ISO 8601 `YYYY-MM-DD`. Made by `date('2027-01-15')`. */
type LocalDate = string & { readonly [__covenant.kind]: 'date' };

/** A calendar period, ISO 8601 `PnYnMnWnD` (e.g. `P3M`). Made by `period('P3M')`. */
type Period = { readonly [__covenant.kind]: 'period' };

/** Consensus time of a block: milliseconds since 1970-01-01T00:00Z. There is no wall clock. */
type Timestamp = number & { readonly [__covenant.kind]: 'timestamp' };

/** A party or a contract. Made by `address('…40 lower-case hex digits…')`, or read from `ctx`. */
type Address = string & { readonly [__covenant.kind]: 'address' };

/**
 * A private value, encrypted by its owner: the contract sees only ciphertext. It can be stored,
 * passed and emitted; it cannot be read, compared, printed or used in arithmetic, except inside
 * `prove(...)`. For numeric `T`, `commitmentOf` gives its Pedersen commitment.
 */
type Sealed<T> = [T] extends [number] ? number & __covenant.SealedBox<T> : __covenant.SealedBox<T>;

/** A Pedersen commitment to a sealed number (opaque). */
type Commitment = { readonly [__covenant.kind]: 'commitment' };

/**
 * How a division or rescale rounds (the ICU / `java.math.RoundingMode` modes): `half-up`,
 * `half-even` (banker's), `half-down`, `floor` (toward −∞), `ceiling` (toward +∞), `down`
 * (toward zero), `up` (away from zero).
 */
type Rounding = 'half-up' | 'half-even' | 'half-down' | 'floor' | 'ceiling' | 'down' | 'up';

/**
 * Marker for event types: `interface ClaimSettled extends Event { … }` declares an event that
 * `emit<ClaimSettled>({ … })` emits and that `@on` triggers of other contracts can receive.
 */
interface Event {
  readonly [__covenant.event]: true;
}

/** What `catch (e)` receives when the `try` block reverts. */
interface Failure {
  /** Stable error code, e.g. `RT_ERR_REQUIRE_FAILED`. */
  readonly code: string;
  /** The `require`/`revert` message, or the runtime's description. */
  readonly message: string;
}

/** The execution context of the current call (`ctx`). */
interface CovenantContext {
  /** Who called: the signer of the transaction, or the calling contract. */
  readonly caller: Address;
  /** The signer of the transaction. */
  readonly origin: Address;
  /** This contract's address. */
  readonly self: Address;
  /** Consensus time of the block. */
  readonly time: Timestamp;
  /** `dateOf(ctx.time)`: the UTC calendar date of the block. */
  readonly date: LocalDate;
  /** Block height. */
  readonly height: Int;
}

// ---------------------------------------------------------------------------------------------
// Context and failing

/** The execution context: caller, origin, self, time, date, height. */
declare const ctx: CovenantContext;

/**
 * Reverts the call with `RT_ERR_REQUIRE_FAILED` and `message` when `condition` is false. After it,
 * `condition` is known to hold (e.g. `require(c !== undefined, …)` narrows `c`).
 */
declare function require(condition: boolean, message: string): asserts condition;

/** Reverts the call unconditionally with `RT_ERR_REVERT` and `message`. Never returns. */
declare function revert(message: string): never;

/** Emits an event (an interface that `extends Event`); events appear in the receipt in order. */
declare function emit<E extends Event>(event: Omit<E, typeof __covenant.event>): void;

// ---------------------------------------------------------------------------------------------
// Numbers

/** Integer division, rounded as `mode` says. Reverts with `RT_ERR_DIVISION_BY_ZERO` if `b` is 0. */
declare function div(a: Int, b: Int, mode: Rounding): Int;
/** Decimal division to `scale` fraction digits, rounded as `mode` says. */
declare function divide(a: Decimal, b: Decimal, scale: Int, mode: Rounding): Decimal;
/** Rounds `d` to `scale` fraction digits. */
declare function round(d: Decimal, scale: Int, mode: Rounding): Decimal;
/** Rounds `d` to an integer. */
declare function toInt(d: Decimal, mode: Rounding): Int;
/** The smaller of two numbers, two amounts of one currency, two dates or two timestamps. */
declare function min<T extends number | LocalDate>(a: T, b: T): T;
/** The larger of two numbers, two amounts of one currency, two dates or two timestamps. */
declare function max<T extends number | LocalDate>(a: T, b: T): T;
/** Absolute value of a number or an amount. */
declare function abs<T extends number>(a: T): T;

// ---------------------------------------------------------------------------------------------
// Money

/**
 * `amount` of `currency`. A literal with more fraction digits than the currency has is a compile
 * error; an inexact computed amount reverts (`RT_ERR_INEXACT_MONEY`): use `moneyRound` to round.
 */
declare function money<C extends string>(amount: Decimal, currency: C): __covenant.MoneyIn<C>;
/** `amount` rounded to the minor unit of `currency`. */
declare function moneyRound<C extends string>(amount: Decimal, currency: C, mode: Rounding): __covenant.MoneyIn<C>;
/** The amount that has `units` minor units of `currency` (`fromMinor(1050, 'USD')` is USD 10.50). */
declare function fromMinor<C extends string>(units: Int, currency: C): __covenant.MoneyIn<C>;
/** Zero of `currency`. */
declare function zero<C extends string>(currency: C): __covenant.MoneyIn<C>;
/** `amount × factor`, rounded to the currency's minor unit. */
declare function mulMoney<C extends string = never>(amount: Money<C>, factor: Decimal, mode: Rounding): Money<C>;
/** `amount ÷ divisor`, rounded to the currency's minor unit. */
declare function divMoney<C extends string = never>(amount: Money<C>, divisor: Decimal, mode: Rounding): Money<C>;
/** `a ÷ b` for two amounts of one currency, as a `Decimal` with `scale` fraction digits. */
declare function ratio<C extends string = never>(a: Money<C>, b: Money<C>, scale: Int, mode: Rounding): Decimal;
/** The amount in minor units (USD 10.50 → 1050). */
declare function minorUnits(amount: Money): Int;
/** The ISO 4217 code of the amount's currency. */
declare function currencyOf(amount: Money): string;
/** The amount as a decimal number of major units (USD 10.50 → 10.5). */
declare function toDecimal(amount: Money): Decimal;

// ---------------------------------------------------------------------------------------------
// Dates and time

/** A date from ISO 8601 `YYYY-MM-DD` (literals are checked at compile time). */
declare function date(iso: string): LocalDate;
/** A period from ISO 8601 `PnYnMnWnD`, e.g. `period('P3M')`. */
declare function period(iso: string): Period;
/** `d + p`; a day past the end of the month clamps to its last day (Jan 31 + P1M = Feb 28/29). */
declare function addPeriod(d: LocalDate, p: Period): LocalDate;
/** `d + n` days (`n` may be negative). */
declare function addDays(d: LocalDate, n: Int): LocalDate;
/** Days from `a` to `b` (negative if `b` is before `a`). */
declare function daysBetween(a: LocalDate, b: LocalDate): Int;
/** The year of a date. */
declare function yearOf(d: LocalDate): Int;
/** The month of a date, 1–12. */
declare function monthOf(d: LocalDate): Int;
/** The day of the month, 1–31. */
declare function dayOf(d: LocalDate): Int;
/** The last day of `d`'s month. */
declare function endOfMonth(d: LocalDate): LocalDate;
/** The UTC calendar date of a timestamp. */
declare function dateOf(t: Timestamp): LocalDate;

// ---------------------------------------------------------------------------------------------
// Strings, addresses, records, arrays

/** Renders a number, amount, date, period, timestamp, address, boolean or enum as text. */
declare function str(value: Int | Decimal | Money | LocalDate | Period | Timestamp | Address | boolean | string): string;
/** An address from its 40 lower-case hexadecimal digits, without `0x`. */
declare function address(hex: string): Address;
/** Structural equality of two values of one type (records, arrays, maps included). */
declare function equals<T>(a: T, b: T): boolean;
/**
 * A new array sorted ascending by `key` (an `Int`, `Decimal`, `string`, `LocalDate` or `Timestamp`);
 * stable: items with equal keys keep their order. The input array is not changed.
 */
declare function sortBy<T>(items: readonly T[], key: (item: T) => Int | Decimal | string | LocalDate | Timestamp): T[];

// ---------------------------------------------------------------------------------------------
// Contracts and privacy

/** A typed reference to the contract at `at`, through interface or contract class `T`. */
declare function contractAt<T>(at: Address): T;
/** The Pedersen commitment of a sealed number. */
declare function commitmentOf(value: number & { readonly [__covenant.kind]: 'sealed' }): Commitment;
/**
 * States a relation over sealed and public numbers (`prove(claim.amount <= this.limit)`). The
 * transaction carries a zero-knowledge proof; the runtime verifies it against the on-chain
 * commitments and reverts with `RT_ERR_PROOF_INVALID` if the relation does not hold.
 */
declare function prove(relation: boolean): void;

// ---------------------------------------------------------------------------------------------
// Decorators (TypeScript 5 standard decorators)

/** Marks a class as a contract: its fields are state, its constructor runs at deployment. */
declare function contract<C extends abstract new (...args: any) => any>(target: C, context: ClassDecoratorContext<C>): void;

/** A state-changing entry point, callable in a transaction. */
declare function entry<This, Args extends any[], R>(
  target: (this: This, ...args: Args) => R,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => R>,
): void;

/** A read-only entry point: it cannot write state, emit, or call entries. */
declare function view<This, Args extends any[], R>(
  target: (this: This, ...args: Args) => R,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => R>,
): void;

/**
 * Trigger: runs when the contract in state field `source` (an `Address`, or a field typed with a
 * contract interface or class) emits the event type of the handler's parameter, e.g.
 * `@on('policyLedger') onClaim(e: ClaimRecorded): void`.
 */
declare function on<K extends string>(source: K): __covenant.EventHandlerDecorator<{ readonly [P in K]: Address | object }>;

/**
 * Trigger: runs on `anchor + k × period` for k = 0, 1, 2, … (the anchor is a `LocalDate` state
 * field; without it, the deployment date). The handler receives the scheduled date.
 */
declare function every<K extends string = never>(
  period: `P${string}`,
  anchor?: K,
): __covenant.MethodDecorator<{ readonly [P in K]: LocalDate }, [date: LocalDate]>;

/**
 * Trigger: runs on a literal date (`@at('2027-06-30')`) or on each date of a `LocalDate` or
 * `LocalDate[]` state field (`@at('paymentDates')`). The handler receives the scheduled date.
 */
declare function at<K extends string>(
  when: K,
): __covenant.MethodDecorator<
  K extends `${number}-${number}-${number}` ? unknown : { readonly [P in K]: LocalDate | readonly LocalDate[] },
  [date: LocalDate]
>;

// ---------------------------------------------------------------------------------------------
// The prelude as a module: `import { money } from '@covenant/std'` is allowed and has no effect.

declare module '@covenant/std' {
  export type Int = globalThis.Int;
  export type Decimal = globalThis.Decimal;
  export type Money<C extends string = any> = globalThis.Money<C>;
  export type LocalDate = globalThis.LocalDate;
  export type Period = globalThis.Period;
  export type Timestamp = globalThis.Timestamp;
  export type Address = globalThis.Address;
  export type Sealed<T> = globalThis.Sealed<T>;
  export type Commitment = globalThis.Commitment;
  export type Rounding = globalThis.Rounding;
  export type Event = globalThis.Event;
  export type Failure = globalThis.Failure;
  export const ctx: CovenantContext;
  export const require: typeof globalThis.require;
  export const revert: typeof globalThis.revert;
  export const emit: typeof globalThis.emit;
  export const div: typeof globalThis.div;
  export const divide: typeof globalThis.divide;
  export const round: typeof globalThis.round;
  export const toInt: typeof globalThis.toInt;
  export const min: typeof globalThis.min;
  export const max: typeof globalThis.max;
  export const abs: typeof globalThis.abs;
  export const money: typeof globalThis.money;
  export const moneyRound: typeof globalThis.moneyRound;
  export const fromMinor: typeof globalThis.fromMinor;
  export const zero: typeof globalThis.zero;
  export const mulMoney: typeof globalThis.mulMoney;
  export const divMoney: typeof globalThis.divMoney;
  export const ratio: typeof globalThis.ratio;
  export const minorUnits: typeof globalThis.minorUnits;
  export const currencyOf: typeof globalThis.currencyOf;
  export const toDecimal: typeof globalThis.toDecimal;
  export const date: typeof globalThis.date;
  export const period: typeof globalThis.period;
  export const addPeriod: typeof globalThis.addPeriod;
  export const addDays: typeof globalThis.addDays;
  export const daysBetween: typeof globalThis.daysBetween;
  export const yearOf: typeof globalThis.yearOf;
  export const monthOf: typeof globalThis.monthOf;
  export const dayOf: typeof globalThis.dayOf;
  export const endOfMonth: typeof globalThis.endOfMonth;
  export const dateOf: typeof globalThis.dateOf;
  export const str: typeof globalThis.str;
  export const address: typeof globalThis.address;
  export const equals: typeof globalThis.equals;
  export const sortBy: typeof globalThis.sortBy;
  export const contractAt: typeof globalThis.contractAt;
  export const commitmentOf: typeof globalThis.commitmentOf;
  export const prove: typeof globalThis.prove;
  export const contract: typeof globalThis.contract;
  export const entry: typeof globalThis.entry;
  export const view: typeof globalThis.view;
  export const on: typeof globalThis.on;
  export const every: typeof globalThis.every;
  export const at: typeof globalThis.at;
}
