/**
 * The demo's privacy section, after the year has run: what a reinsurer can and cannot read of the
 * cedent's sealed policy data, a grant the treaty refuses, the insured's identity granted to the
 * claims team of a reinsurer once a claim is booked, a claim above the sealed sum insured that
 * cannot be proven, a proof replayed for another amount that the chain rejects, and a scan showing
 * that no plaintext of a sealed field is in the node's state. Problems go to `ctx.failures`.
 *
 * Runs after the feed has stopped: the failed transactions it sends on purpose are not rendered.
 * @module
 */
import type { ContractArtifact } from '../../compiler/index.ts';
import {
  type ContractHandle, type SealedResult, Sealer, createSigner, generateEncryptionKeyPair, generateKeyPair, relationProofs,
} from '../../node/client/index.ts';
import { KEY_REGISTRY_ADDRESS } from '../../node/execution/key-registry.ts';
import type { DemoContext } from './context.ts';
import { fmt, type MoneyValue } from './format.ts';

export interface PrivacyParameters {
  readonly ctx: DemoContext;
  readonly qs: ContractHandle;
  readonly qsArtifact: ContractArtifact;
  readonly cedent: Sealer;
  readonly reinsurer: Sealer;
  readonly sumInsuredOf: ReadonlyMap<string, SealedResult>;
  readonly insured: Readonly<Record<string, readonly [string, string]>>;
}

const STRING = { kind: 'string' } as const;
const USD = { kind: 'money', currency: 'USD' } as const;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

/** Prints the privacy section and records unexpected outcomes as failures. */
export async function showPrivacy(p: PrivacyParameters): Promise<void> {
  const { ctx, qs, cedent, reinsurer } = p;
  const { log } = ctx;
  const expect = (ok: boolean, what: string): void => {
    if (!ok) ctx.failures.push(`privacy: ${what}`);
  };
  const name = (a: string): string => ctx.names.get(a) ?? a.slice(0, 8);
  log('');
  log('Sealed policy data (field-level encryption, grants in the key registry, zero-knowledge claim checks):');
  const id = 'P-106';
  const rec = { contract: qs.address, record: `policy/${id}` };
  const policy = (await qs.views.policyOf(id)) as Record<string, unknown>;
  const sum = await reinsurer.reveal({ ...rec, field: 'sumInsured' }, policy['sumInsured'], USD);
  const peril = await reinsurer.reveal({ ...rec, field: 'peril' }, policy['peril'], STRING);
  log(`  ${name(reinsurer.address)} opens the risk fields of ${id} it was granted: sum insured ${fmt(sum.value as MoneyValue)} (checked against its commitment), peril "${String(peril.value)}"`);
  expect(sum.opening?.value === p.sumInsuredOf.get(id)?.opening?.value, 'the revealed sum insured is the sealed one');
  const denied = await codeOf(reinsurer.reveal({ ...rec, field: 'insuredName' }, policy['insuredName'], STRING));
  log(`  ${name(reinsurer.address)} asks for the insured's name of ${id}: ${denied} (no grant; the chain holds ciphertext only)`);
  expect(denied === 'SEAL_ERR_NOT_GRANTED', `the name without a grant gave ${denied}`);

  const outsider = new Sealer(createSigner(ctx.client, generateKeyPair()), generateEncryptionKeyPair());
  await outsider.publishKey({ wait: true });
  const refused = await codeOf(cedent.grant({ ...rec, field: 'sumInsured' }, outsider.address));
  log(`  ${name(cedent.address)} tries to grant ${id}'s sum insured to an account outside the panel: ${refused} (the treaty's mayGrant view)`);
  expect(refused === 'NODE_ERR_GRANT_REFUSED', `a grant outside the panel gave ${refused}`);

  await cedent.grant({ ...rec, field: 'insuredName' }, reinsurer.address);
  const named = await reinsurer.reveal({ ...rec, field: 'insuredName' }, policy['insuredName'], STRING);
  log(`  claim C-003 is booked on ${id}, so the treaty lets ${name(cedent.address)} grant the insured's name to ${name(reinsurer.address)}'s claims team: "${String(named.value)}"`);
  expect(named.value === p.insured[id]?.[0], 'the granted name');

  // A claim above the sealed sum insured cannot be proven: the honest prover refuses.
  const si = p.sumInsuredOf.get(id) as SealedResult;
  const over = { amount: '5000000.01', currency: 'USD' };
  const claimRelation = 'grossLoss <= policy.sumInsured';
  const opening = { commitment: si.commitment as string, opening: si.opening as NonNullable<SealedResult['opening']> };
  const proverCode = await codeOf(Promise.resolve().then(() => relationProofs(p.qsArtifact, qs.address, [{ relation: claimRelation, public: [over], sealed: [opening] }])({ chainId: 'any', sender: cedent.signer.publicKey, nonce: 0n })));
  log(`  a claim of ${fmt(over)} on ${id} (above its sealed sum insured): the cedent's prover refuses (${proverCode})`);
  expect(proverCode === 'ZK_ERR_VALUE_OUT_OF_RANGE', `over-limit prover gave ${proverCode}`);
  // A valid proof for USD 1.00, sent with a claim of USD 4,000,000.00: the node rejects it.
  const small = relationProofs(p.qsArtifact, qs.address, [{ relation: claimRelation, public: [{ amount: '1.00', currency: 'USD' }], sealed: [opening] }]);
  const forged = await qs.withSigner(cedent.signer).call('recordClaim', ['C-099', id, 'C-099', (policy['inception'] as string), { amount: '4000000.00', currency: 'USD' }], { wait: true, proofs: small });
  const forgedCode = forged.committed?.receipt.error?.code ?? forged.committed?.receipt.status ?? '?';
  log(`  a claim of USD 4,000,000.00 on ${id} sent with a proof made for USD 1.00: the chain rejects it (${forgedCode}); nothing is booked`);
  expect(forgedCode === 'RT_ERR_PROOF_INVALID', `a mismatched proof gave ${forgedCode}`);

  // The node never sees plaintext: no insured name or peril appears anywhere in its state.
  const secrets = Object.values(p.insured).flat();
  let keys = 0;
  let leaks = 0;
  for (const address of [qs.address, KEY_REGISTRY_ADDRESS]) {
    for (let after: string | undefined, page: readonly string[] = []; after === undefined || page.length === 1000; after = page.at(-1)) {
      page = (await ctx.client.listState(address, { limit: 1000, ...(after === undefined ? {} : { after }) })).keys;
      for (const k of page) {
        keys++;
        const v = (await ctx.client.getState(address, k)).value ?? '';
        if (secrets.some((x) => v.includes(x))) leaks++;
      }
      if (page.length === 0) break;
    }
  }
  log(`  scanned ${keys} state entries of the treaty and the key registry: ${leaks} contain a sealed field's plaintext`);
  expect(leaks === 0, `${leaks} state entries contain plaintext`);
}
