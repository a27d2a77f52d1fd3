/**
 * Editor support: the TypeScript compiler, configured by `contracts/tsconfig.json` with the
 * prelude declarations of `stdlib/covenant.d.ts`, accepts every contract and standard module
 * without a diagnostic, and flags the mistakes an author should see underlined as they type.
 * This is what a TypeScript editor (VS Code, WebStorm, Neovim + tsserver) runs on the same files.
 * Does NOT run the Covenant compiler, whose stricter rules the editor cannot see.
 * @module
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const configPath = join(root, 'contracts', 'tsconfig.json');

function loadConfig(): ts.ParsedCommandLine {
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath), undefined, configPath);
}

/** Builds the contracts program, optionally with extra in-memory files (path → text). */
function createProgram(extra: ReadonlyMap<string, string> = new Map()): { program: ts.Program; config: ts.ParsedCommandLine } {
  const config = loadConfig();
  const host = ts.createCompilerHost(config.options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = extra.get(fileName);
    return text === undefined ? getSourceFile(fileName, languageVersion, onError, shouldCreate) : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => extra.has(fileName) || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [...config.fileNames, ...extra.keys()], options: config.options, host });
  return { program, config };
}

function render(d: ts.Diagnostic): string {
  const where = d.file === undefined || d.start === undefined
    ? ''
    : `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `;
  return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
}

describe('contracts/tsconfig.json', () => {
  it('type-checks every contract and standard module with zero diagnostics', () => {
    const { program, config } = createProgram();
    expect(config.errors.map(render)).toEqual([]);
    const names = config.fileNames.map((f) => f.slice(root.length + 1)).sort();
    // The project really contains the files it is meant to check (not an empty include).
    for (const f of [
      'stdlib/covenant.d.ts', 'stdlib/money.contract.ts', 'stdlib/dates.contract.ts',
      'contracts/reinsurance/quota-share.contract.ts', 'contracts/reinsurance/excess-of-loss.contract.ts',
      'contracts/abs/waterfall.contract.ts', 'contracts/settlement/accounts.contract.ts',
    ]) {
      expect(names).toContain(f);
    }
    expect(ts.getPreEmitDiagnostics(program).map(render)).toEqual([]);
  });

  it('resolves @covenant/std/* to the standard modules and @covenant/std to the prelude', () => {
    const probe = join(root, 'contracts', '__probe_imports__.contract.ts');
    const { program } = createProgram(new Map([[probe, [
      "import { allocate, sum } from '@covenant/std/money';",
      "import { accrue } from '@covenant/std/dates';",
      "import { money, require, type Money } from '@covenant/std';",
      "export function total(parts: Money<'USD'>[]): Money<'USD'> {",
      "  require(parts.length > 0, 'no parts');",
      "  return sum(allocate(money(10, 'USD'), [1, 2]), 'USD') + accrue(parts[0], 0.05, date('2027-01-01'), date('2027-02-01'), 'ACT/360', 'half-even');",
      '}',
    ].join('\n')]]));
    expect(ts.getPreEmitDiagnostics(program).map(render)).toEqual([]);
  });

  it('type-checks the complete contract examples of docs/language.md', () => {
    const doc = ts.sys.readFile(join(root, 'docs', 'language.md')) ?? '';
    const examples = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((m) => m[1] as string)
      .filter((code) => code.includes('@contract\nexport class') && !code.includes('…'));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const files = new Map(examples.map((code, i) => [join(root, 'contracts', `__doc_example_${i}__.contract.ts`), code]));
    const { program } = createProgram(files);
    expect(ts.getPreEmitDiagnostics(program).map(render)).toEqual([]);
  });

  /** Each snippet is one probe file; `code` is the TypeScript error the editor must show. */
  const mistakes: readonly { name: string; code: number; text: string }[] = [
    { name: 'money of another currency', code: 2322, text: "const a: Money<'USD'> = money(1, 'EUR');" },
    { name: 'static currencies mixed in min()', code: 2345, text: "const a = min(money(1, 'USD'), money(2, 'EUR'));" },
    { name: 'misspelled built-in', code: 2552, text: "const a = mulMony(money(1, 'USD'), 0.5, 'half-even');" },
    { name: 'unknown rounding mode', code: 2345, text: "const a = mulMoney(money(1, 'USD'), 0.5, 'sideways');" },
    { name: 'Decimal where an Int is needed', code: 2322, text: 'const d: Decimal = 0.5;\nconst i: Int = d;' },
    { name: 'money where a Decimal is needed', code: 2322, text: "const d: Decimal = money(1, 'USD');" },
    { name: 'string literal as an address', code: 2322, text: "const a: Address = 'cedent';" },
    { name: 'emitting a record that is not an event', code: 2344, text: "interface Note { text: string }\nfunction f(): void { emit<Note>({ text: 'x' }); }" },
    { name: 'unknown field in an event', code: 2353, text: "interface Paid extends Event { id: string }\nfunction f(): void { emit<Paid>({ id: 'x', amount: 1 }); }" },
    { name: 'printing a sealed value', code: 2345, text: 'function f(s: Sealed<Money<"USD">>): string { return str(s); }' },
    { name: 'reading a sealed value as money', code: 2322, text: 'function f(s: Sealed<Money<"USD">>): Money<"USD"> { return s; }' },
    { name: 'commitment of a sealed string', code: 2345, text: 'function f(s: Sealed<string>): Commitment { return commitmentOf(s); }' },
    { name: 'trigger on a state field that does not exist', code: 1241, text: '@contract\nclass C {\n  ledger: Address;\n  @on(\'ledgr\')\n  h(e: Event): void {}\n}' },
    { name: 'schedule that is not an ISO period', code: 2345, text: "@contract\nclass C {\n  start: LocalDate;\n  @every('quarterly', 'start')\n  h(d: LocalDate): void {}\n}" },
    { name: 'schedule anchored on a field that is not a date', code: 1241, text: "@contract\nclass C {\n  start: Int = 0;\n  @every('P1M', 'start')\n  h(d: LocalDate): void {}\n}" },
    { name: 'import of a name the standard module does not export', code: 2724, text: "import { allocat } from '@covenant/std/money';" },
    { name: 'parameter without a type (strict mode)', code: 7006, text: 'export function f(x) { return x; }' },
  ];

  it('flags each common mistake with the expected TypeScript error', () => {
    const files = new Map<string, string>();
    const byFile = new Map<string, (typeof mistakes)[number]>();
    mistakes.forEach((m, i) => {
      const path = join(root, 'contracts', `__probe_${i}__.contract.ts`);
      files.set(path, `${m.text}\nexport {};\n`);
      byFile.set(path, m);
    });
    const { program } = createProgram(files);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    // Nothing outside the probes is affected by them.
    expect(diagnostics.filter((d) => d.file === undefined || !byFile.has(d.file.fileName)).map(render)).toEqual([]);
    for (const [path, m] of byFile) {
      const codes = diagnostics.filter((d) => d.file?.fileName === path).map((d) => d.code);
      expect(codes, `${m.name}: ${m.text}`).toContain(m.code);
    }
  });
});
