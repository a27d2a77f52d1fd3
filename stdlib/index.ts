/**
 * The standard library's one public face: the ISO 4217 currency table, and the source text of the
 * standard modules written in the Covenant language (`@covenant/std/money`, `@covenant/std/dates`),
 * which the compiler parses and checks like any other imported file.
 *
 * Does NOT compile or run anything, and depends on nothing in the project (only `node:fs`, used
 * lazily the first time a module's text is asked for). The prelude (`require`, `money`, `ctx`, …)
 * is built into the compiler (`compiler/check/builtins.ts`); its editor declarations live in
 * `stdlib/covenant.d.ts`.
 * @module
 */
import { readFileSync } from 'node:fs';

/** The ISO 4217 minor-unit table and its lookup (see `currencies.ts`). */
export { CURRENCIES, currencyExponent } from './currencies.ts';

/** Module specifier of the prelude. Importing from it is allowed and has no effect. */
export const PRELUDE_SPECIFIER = '@covenant/std';

/** One standard module written in the Covenant language. */
export interface StdlibModule {
  /** Module specifier, e.g. `@covenant/std/money`. */
  readonly specifier: string;
  /**
   * Path used in diagnostics and source hashes: relative to the repository root, the same on
   * every machine, so that artifact hashes do not depend on where the project is checked out.
   */
  readonly path: string;
  /** Source text, read from disk on first access and cached. */
  readonly text: string;
}

function defineModule(specifier: string, fileName: string): StdlibModule {
  let cached: string | undefined;
  return Object.freeze({
    specifier,
    path: `stdlib/${fileName}`,
    get text(): string {
      if (cached === undefined) {
        // Line endings are normalised so that the text (and any hash over it) is identical on
        // every platform, whatever the checkout did to the file.
        cached = readFileSync(new URL(`./${fileName}`, import.meta.url), 'utf8').replace(/\r\n?/g, '\n');
      }
      return cached;
    },
  });
}

/**
 * Standard modules by specifier. Iteration order is alphabetical by specifier.
 *
 * @example
 * const money = STDLIB_MODULES.get('@covenant/std/money');
 * money?.text.includes('export function allocate'); // true
 */
export const STDLIB_MODULES: ReadonlyMap<string, StdlibModule> = new Map([
  ['@covenant/std/actus/ann', defineModule('@covenant/std/actus/ann', 'actus/ann.contract.ts')],
  ['@covenant/std/actus/common', defineModule('@covenant/std/actus/common', 'actus/common.contract.ts')],
  ['@covenant/std/actus/lam', defineModule('@covenant/std/actus/lam', 'actus/lam.contract.ts')],
  ['@covenant/std/actus/nam', defineModule('@covenant/std/actus/nam', 'actus/nam.contract.ts')],
  ['@covenant/std/actus/pam', defineModule('@covenant/std/actus/pam', 'actus/pam.contract.ts')],
  ['@covenant/std/dates', defineModule('@covenant/std/dates', 'dates.contract.ts')],
  ['@covenant/std/money', defineModule('@covenant/std/money', 'money.contract.ts')],
]);

/**
 * The module for an import specifier, or `undefined` if `specifier` is not a standard module
 * (the prelude specifier `@covenant/std` included: it has no source).
 *
 * @example
 * stdlibModuleSource('@covenant/std/money')?.path; // 'stdlib/money.contract.ts'
 * stdlibModuleSource('@covenant/std/nope');        // undefined
 */
export function stdlibModuleSource(specifier: string): StdlibModule | undefined {
  return STDLIB_MODULES.get(specifier);
}
