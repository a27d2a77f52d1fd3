/**
 * `generateBindings()` for the real QuotaShareTreaty and TreatyCurrentAccount: the generated
 * modules and a file that uses them type-check with the TypeScript compiler API (strict,
 * exactOptionalPropertyTypes), and a wrong argument type is a compile error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { generateBindings, tsType } from '../../../node/client/index.ts';
import { artifacts } from './fixtures.ts';

const CLIENT = join(import.meta.dirname, '..', '..', '..', 'node', 'client', 'index.ts');

const USAGE = `
import { connect, createSigner, generateKeyPair, money } from ${JSON.stringify(CLIENT)};
import { attachQuotaShareTreaty, deployQuotaShareTreaty, type Statement } from './quota-share.generated.ts';
import { attachTreatyCurrentAccount } from './accounts.generated.ts';

export async function use(): Promise<void> {
  const client = await connect('ws://127.0.0.1:1');
  const signer = createSigner(client, generateKeyPair());
  const { artifact } = { artifact: undefined as never };
  const deployed = await deployQuotaShareTreaty(signer, artifact, ['ab'.repeat(20), [{ reinsurer: 'cd'.repeat(20), line: '0.4' }], '0.25',
    money('1000000.00', 'USD'), money('5000000.00', 'USD'), money('250000.00', 'USD'), '2027-01-01', '2027-12-31']);
  const treaty = attachQuotaShareTreaty(client, deployed.address, signer);
  const recovery = await treaty.entries.recordClaim('c1', 'p1', 'e1', '2027-03-01', money('10.00', 'USD'), { wait: true });
  for (const e of recovery.events ?? []) if (e.decoded && e.name === 'ClaimRecorded') { const r: string = e.data.recovery.amount; void r; }
  const s: Statement | undefined = await treaty.views.statementOf('ab'.repeat(20), '2027-01-01');
  const remaining: { readonly amount: string; readonly currency: 'USD' } = await treaty.views.remainingAggregate();
  const account = attachTreatyCurrentAccount(client, 'ef'.repeat(20));
  const moves = await account.views.movementsOf('ab'.repeat(20));
  const kind: 'cash-call' | 'payment' | 'statement' | undefined = moves[0]?.kind;
  const events = await treaty.getEvents({ fromHeight: 1n });
  for (const e of events) if (e.name === 'PremiumCeded') { const c: string = e.data.commission.currency; void c; }
  // @ts-expect-error a number where Money<'USD'> is expected
  await account.entries.recordPayment('ab'.repeat(20), 250, 'wire');
  // @ts-expect-error an unknown view
  await account.views.nope();
  void s; void remaining; void kind;
}
`;

describe('generateBindings()', () => {
  it('produces modules that type-check against the client, catching wrong argument types at compile time', () => {
    const { quotaShare, accounts } = artifacts();
    const dir = mkdtempSync(join(tmpdir(), 'covenant-bindings-'));
    try {
      writeFileSync(join(dir, 'quota-share.generated.ts'), generateBindings(quotaShare, { importFrom: CLIENT }));
      writeFileSync(join(dir, 'accounts.generated.ts'), generateBindings(accounts, { importFrom: CLIENT }));
      writeFileSync(join(dir, 'use.ts'), USAGE);
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const program = ts.createProgram([join(dir, 'use.ts')], {
        target: ts.ScriptTarget.ES2024, lib: ['lib.es2024.d.ts'], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'], typeRoots: [join(CLIENT, '..', '..', '..', 'node_modules', '@types')],
        strict: true, exactOptionalPropertyTypes: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, verbatimModuleSyntax: true,
        noUnusedLocals: true,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file === undefined ? '' : `${d.file.fileName.replace(dir, '.')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
        return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
      });
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps descriptors to argument and result types', () => {
    expect(tsType({ kind: 'map', key: { kind: 'int' }, value: { kind: 'money', currency: 'EUR' } }, 'out')).toBe("ReadonlyMap<bigint, Money<'EUR'>>");
    expect(tsType({ kind: 'optional', inner: { kind: 'decimal' } }, 'in')).toBe('string | bigint | undefined | null');
    expect(tsType({ kind: 'record', name: 'Leg' }, 'in')).toBe('LegInput');
  });
});
