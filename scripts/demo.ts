/**
 * `npm run demo`: compiles the example contracts, prints what each exposes (entries, views,
 * triggers, events, sealed state, zero-knowledge relations), then plays a short reinsurance and
 * ABS scenario on the in-memory isolated-vm test host: premium ceded, a large claim recovered from
 * the quota-share panel, the excess-of-loss layer triggered by the quota share's event, and an ABS
 * payment date running the waterfall.
 *
 * Does NOT start a network: the node (deploy and call over WebSocket, blocks, consensus time,
 * automatic trigger scheduling) is the next piece of work; until then the script forwards events
 * to triggers itself, exactly as the node will.
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ContractArtifact, compile, formatDiagnostic } from '../compiler/index.ts';
import { type CallResult, TestChain, testAddress } from '../test/helpers/run-artifact.ts';

const ROOT = join(import.meta.dirname, '..');

function contractFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...contractFiles(`${dir}/${e.name}`));
    else if (e.name.endsWith('.contract.ts')) out.push(`${dir}/${e.name}`);
  }
  return out.sort();
}

// ---- 1. Compile ------------------------------------------------------------------------------

const files = contractFiles('contracts');
const result = compile({
  inputs: files.map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })),
  readFile: (p) => {
    try {
      return readFileSync(join(ROOT, p), 'utf8');
    } catch {
      return undefined;
    }
  },
});
if (result.diagnostics.length > 0) {
  for (const d of result.diagnostics) console.error(formatDiagnostic(d, (id) => result.files[id]));
  process.exit(1);
}
const lines = result.files.reduce((n, f) => n + f.lineStarts.length, 0);
console.log(`Compiled ${files.length} contract files (${lines} lines with their imports) into ${result.artifacts.length} artifacts.\n`);

interface TypeDesc { kind: string; name?: string; currency?: string; element?: TypeDesc; inner?: TypeDesc; key?: TypeDesc; value?: TypeDesc; values?: string[] }
const typeText = (t: TypeDesc): string => {
  switch (t.kind) {
    case 'money': return t.currency === undefined ? 'Money' : `Money<${t.currency}>`;
    case 'array': return `${typeText(t.element as TypeDesc)}[]`;
    case 'optional': return `${typeText(t.inner as TypeDesc)} | undefined`;
    case 'sealed': return `Sealed<${typeText(t.inner as TypeDesc)}>`;
    case 'map': return `Map<${typeText(t.key as TypeDesc)}, ${typeText(t.value as TypeDesc)}>`;
    case 'date': return 'LocalDate';
    case 'int': return 'Int';
    case 'decimal': return 'Decimal';
    case 'bool': return 'boolean';
    case 'address': return 'Address';
    case 'strings': return (t.values ?? []).map((v) => `'${v}'`).join(' | ');
    default: return t.name ?? t.kind;
  }
};
const byName = new Map<string, ContractArtifact>();
for (const a of result.artifacts) {
  byName.set(a.contract, a);
  const abi = a.abi as unknown as {
    constructor: { params: { name: string; type: TypeDesc }[] };
    entries: { name: string; kind: string; params: { name: string; type: TypeDesc }[]; returns: TypeDesc; trigger?: Record<string, string> }[];
    events: string[];
    state: { name: string; sealed: boolean }[];
    relations: { text: string }[];
  };
  console.log(`${a.contract}   code ${(a.code.length / 1024).toFixed(0)} KiB, code hash ${a.codeHash.slice(0, 12)}…`);
  console.log(`  deploy   (${abi.constructor.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ')})`);
  for (const e of abi.entries) {
    const sig = `${e.name}(${e.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ')}): ${typeText(e.returns)}`;
    const t = e.trigger;
    const when = t === undefined ? '' : t.kind === 'event' ? `   ← on ${t.event} from ${t.source}` : t.kind === 'every' ? `   ← every ${t.period}${t.anchor ? ` from ${t.anchor}` : ''}` : `   ← at ${t.date ?? t.field}`;
    console.log(`  ${e.kind.padEnd(8)} ${sig}${when}`);
  }
  if (abi.events.length > 0) console.log(`  emits    ${abi.events.join(', ')}`);
  const sealed = abi.state.filter((s) => s.sealed).map((s) => s.name);
  if (sealed.length > 0) console.log(`  sealed   ${sealed.join(', ')} (ciphertext to the contract and the node)`);
  for (const r of abi.relations) console.log(`  proves   ${r.text}   (zero-knowledge relation, verified on the host)`);
  console.log('');
}

// ---- 2. Settle -------------------------------------------------------------------------------

const artifact = (name: string): ContractArtifact => {
  const a = byName.get(name);
  if (a === undefined) throw new Error(`contract ${name} missing`);
  return a;
};
const usd = (amount: string) => ({ amount, currency: 'USD' });
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const money = (m: unknown): string => {
  const v = m as { amount: string; currency: string };
  const [int, frac] = v.amount.split('.');
  return `${v.currency} ${(int as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac === undefined ? '' : `.${frac}`}`;
};
const ok = (r: CallResult, what: string): CallResult => {
  if (r.error !== undefined) throw new Error(`${what} failed: ${r.error.code} ${r.error.message} ${r.location ?? ''}`);
  return r;
};
const events = (r: CallResult, name: string) => r.events.filter((e) => e.name === name).map((e) => e.data as Record<string, unknown>);

const CEDENT = testAddress(1);
const REINSURER_A = testAddress(2);
const REINSURER_B = testAddress(3);
const SERVICER = testAddress(4);
const EQUITY = testAddress(5);
const PARTY = new Map([[REINSURER_A, 'reinsurer A'], [REINSURER_B, 'reinsurer B']]);
const short = (a: string): string => PARTY.get(a) ?? `…${a.slice(-6)}`;

console.log('Scenario (in-memory isolated-vm test host; the node and automatic scheduling come next)\n');
const chain = new TestChain();
try {
  // Quota share: A writes 25 %, B 15 % (a 40 % cession), 30 % ceding commission.
  const qs = chain.deploy(artifact('QuotaShareTreaty'), [
    CEDENT, [{ reinsurer: REINSURER_A, line: '0.25' }, { reinsurer: REINSURER_B, line: '0.15' }], '0.3',
    usd('1000000.00'), usd('5000000.00'), usd('100000.00'), '2027-01-01', '2028-01-01',
  ], { caller: CEDENT });
  ok(qs.result, 'deploy quota share');
  ok(chain.call(qs.address, 'recordPolicy', ['P-1', { ct: 'sealed:insured-name' }, usd('2000000.00'), '2027-02-01', '2028-02-01'], { caller: CEDENT }), 'policy');
  const premium = ok(chain.call(qs.address, 'recordPremium', ['P-1', usd('100000.00')], { caller: CEDENT }), 'premium');
  for (const e of events(premium, 'PremiumCeded')) {
    console.log(`  premium  policy ${e.policyId}: gross ${money(e.grossPremium)} → ceded ${money(e.cededPremium)}, ceding commission ${money(e.commission)}`);
  }

  // Excess of loss on the cedent's retained losses, fed by the quota share's ClaimRecorded events.
  const xol = chain.deploy(artifact('ExcessOfLossLayer'), [
    CEDENT, REINSURER_A, qs.address, 'per-event', usd('500000.00'), usd('1000000.00'), usd('200000.00'), usd('3000000.00'),
    '1', '1', usd('100000.00'), '2027-01-01', '2028-01-01',
  ], { caller: CEDENT });
  ok(xol.result, 'deploy excess of loss');

  const claim = ok(chain.call(qs.address, 'recordClaim', ['C-1', 'P-1', 'HURRICANE-27', '2027-06-01', usd('1500000.00')], { caller: CEDENT }), 'claim');
  for (const e of events(claim, 'ClaimRecorded')) {
    console.log(`  claim    ${e.claimId} (${e.eventId}): gross ${money(e.grossLoss)} → recovered ${money(e.recovery)}, retained ${money(e.retained)}`);
  }
  for (const e of events(claim, 'RecoveryDue')) {
    console.log(`           recovery due from ${short(String(e.reinsurer))}: ${money(e.amount)}${e.cashCall === true ? ' (cash call: settled at once)' : ''}`);
  }
  // What the node does on commit: run the layer's @on('claimsLedger') trigger with the event.
  for (const e of claim.events.filter((x) => x.name === 'ClaimRecorded')) {
    const layer = ok(chain.trigger(xol.address, 'onQuotaShareClaim', [e.data], { caller: qs.address }), 'layer trigger');
    for (const r of events(layer, 'LayerRecovery')) console.log(`  XoL      ${r.lossKey}: loss to layer ${money(r.layerLoss)} → recovery ${money(r.recovery)} (after the annual aggregate deductible)`);
    for (const r of events(layer, 'ReinstatementPremiumDue')) console.log(`           reinstatement premium due ${money(r.premium)} for ${money(r.reinstatedLimit)} reinstated (pro rata as to amount)`);
  }

  // ABS: three classes, the servicer reports collections, the payment date runs the waterfall.
  const deal = chain.deploy(artifact('AbsWaterfall'), [
    SERVICER, EQUITY, [eur('80000000.00'), eur('10000000.00'), eur('5000000.00')], ['0.03', '0.05', '0.08'],
    eur('100000000.00'), eur('1000000.00'), '0.0005', '0.01', '1.05', '1.2', '2027-01-15', ['2027-04-15', '2027-07-15'],
  ]);
  ok(deal.result, 'deploy deal');
  ok(chain.call(deal.address, 'reportCollections', [eur('2000000.00'), eur('5000000.00'), eur('50000.00'), eur('200000.00')], { caller: SERVICER }), 'collections');
  const run = ok(chain.trigger(deal.address, 'distribute', ['2027-04-15']), 'distribute');
  for (const r of events(run, 'WaterfallRun')) {
    console.log(`  ABS      payment date 2027-04-15: cash in ${money(r.cashIn)}, senior fees ${money(r.seniorFees)}, reserve change ${money(r.reserveChange)}, residual ${money(r.residual)}`);
  }
  for (const c of events(run, 'ClassPayment')) {
    console.log(`           class ${String(c.classId)}: interest ${money(c.interest)}, principal ${money(c.principal)}`);
  }
  console.log('\nEvery amount above is exact (bigint minor units) and every run is metered and deterministic.');
} finally {
  chain.dispose();
}
