/**
 * The privacy commands against a devnet node, in process: keys with encryption keys, publish-key,
 * seal, call with --prove (the client-side prover from the CLI), grant, reveal, revoke, and the
 * refusals a user meets (no grant, a false relation, a contract's mayGrant).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../node/cli/main.ts';
import { type Devnet, startDevnet } from '../../../scripts/demo/network.ts';
import { capture } from './helpers.ts';


let net: Devnet;
let home: string;
const file = join(import.meta.dirname, 'fixtures', 'claims.contract.ts');
let contract: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture({ COVENANT_HOME: home, COVENANT_URL: net.url });
  const code = await main(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

beforeAll(async () => {
  net = await startDevnet();
  home = mkdtempSync(join(tmpdir(), 'covenant-cli-privacy-'));
  for (const name of ['insurer', 'reinsurer', 'other']) expect((await cli('keys', 'new', '--name', name)).code).toBe(0);
  const dep = await cli('deploy', file, '--key', 'insurer', '--args', JSON.stringify(['@insurer', { amount: '1000000.00', currency: 'USD' }]), '--json');
  expect(dep.code, dep.out + dep.err).toBe(0);
  contract = (JSON.parse(dep.out) as { address: string }).address;
}, 60_000);

afterAll(async () => {
  await net?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('covenant publish-key / seal / call --prove / grant / reveal / revoke', () => {
  it('keys carry an X25519 encryption key next to the signing key', async () => {
    const show = await cli('keys', 'show', 'insurer', '--json');
    expect(JSON.parse(show.out)).toMatchObject({ encryptionPublicKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const stored = JSON.parse(readFileSync(join(home, 'keys', 'insurer.json'), 'utf8')) as Record<string, string>;
    expect(stored['encryptionSecretKey']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('seals, files with a proof, grants, and the grantee reveals; others cannot', async () => {
    for (const k of ['insurer', 'reinsurer', 'other']) expect((await cli('publish-key', '--key', k)).code).toBe(0);
    const amount = await cli('seal', contract, 'claim/C-1', 'amount', 'money:USD', '250000.00', '--key', 'insurer', '--json');
    expect(amount.code, amount.err).toBe(0);
    const { sealed, commitment } = JSON.parse(amount.out) as { sealed: unknown; commitment: string };
    const name = await cli('seal', contract, 'claim/C-1', 'name', 'string', 'Jane Q. Insured', '--key', 'insurer', '--json');
    const sealedName = (JSON.parse(name.out) as { sealed: unknown }).sealed;

    // Without a proof the call fails on chain; with --prove it commits.
    const noProof = await cli('call', contract, 'file', 'C-1', JSON.stringify(sealedName), JSON.stringify(sealed), '--key', 'insurer');
    expect(noProof.code).toBe(1);
    expect(noProof.out).toContain('RT_ERR_PROOF_INVALID');
    const prove = JSON.stringify({ relation: 'amount <= this.limit', public: [{ amount: '1000000.00', currency: 'USD' }], sealed: [commitment] });
    const filed = await cli('call', contract, 'file', 'C-1', JSON.stringify(sealedName), JSON.stringify(sealed), '--key', 'insurer', '--prove', prove);
    expect(filed.code, filed.out + filed.err).toBe(0);

    expect((await cli('reveal', contract, 'claim/C-1', 'amount', '--view', 'claim', 'C-1', '--key', 'reinsurer')).err).toContain('SEAL_ERR_NOT_GRANTED');
    const grant = await cli('grant', contract, 'claim/C-1', 'amount', '@reinsurer', '--key', 'insurer');
    expect(grant.code, grant.err).toBe(0);
    const revealed = await cli('reveal', contract, 'claim/C-1', 'amount', '--view', 'claim', 'C-1', '--key', 'reinsurer');
    expect(revealed.code, revealed.err).toBe(0);
    expect(revealed.out).toContain('250000.00 USD');
    expect(revealed.out).toContain('checked against its commitment');
    // The owner reads its own name field; the contract refuses to let the name go to anyone.
    expect((await cli('reveal', contract, 'claim/C-1', 'name', '--view', 'nameOf', 'C-1', '--key', 'insurer')).out).toContain('Jane Q. Insured');
    const refused = await cli('grant', contract, 'claim/C-1', 'name', '@reinsurer', '--key', 'insurer');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('NODE_ERR_GRANT_REFUSED');
    // A non-owner cannot grant.
    expect((await cli('grant', contract, 'claim/C-1', 'amount', '@other', '--key', 'reinsurer')).err).toContain('NODE_ERR_GRANT_REFUSED');
  });

  it('a false relation cannot be proven from the CLI; revoke rotates and cuts the grantee off', async () => {
    const big = await cli('seal', contract, 'claim/C-2', 'amount', 'money:USD', '1000000.01', '--key', 'insurer', '--json');
    const { sealed, commitment } = JSON.parse(big.out) as { sealed: unknown; commitment: string };
    const name = JSON.parse((await cli('seal', contract, 'claim/C-2', 'name', 'string', 'X', '--key', 'insurer', '--json')).out) as { sealed: unknown };
    const prove = JSON.stringify({ relation: 'amount <= this.limit', public: [{ amount: '1000000.00', currency: 'USD' }], sealed: [commitment] });
    const r = await cli('call', contract, 'file', 'C-2', JSON.stringify(name.sealed), JSON.stringify(sealed), '--key', 'insurer', '--prove', prove);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('ZK_ERR_VALUE_OUT_OF_RANGE');

    const revoke = await cli('revoke', contract, 'claim/C-1', 'amount', '@reinsurer', '--key', 'insurer');
    expect(revoke.code, revoke.err).toBe(0);
    expect(revoke.out).toContain('key version 2');
    const after = await cli('reveal', contract, 'claim/C-1', 'amount', '--view', 'claim', 'C-1', '--key', 'reinsurer');
    expect(after.code).toBe(1);
    expect(after.err).toContain('SEAL_ERR_NOT_GRANTED');
  });
});
