/**
 * `Signer` and contract handles end to end over the real RPC server and a fake node that checks
 * signatures and nonces: deploys of the real example contracts, local nonce counting (one
 * `account_nonce` for many transactions, concurrent ones numbered without gaps), resync after
 * `NODE_ERR_NONCE`, default expiry, arguments refused before anything is signed, views and
 * events decoded by the ABI.
 */
import { describe, expect, it } from 'vitest';
import { NodeError } from '../../../node/errors.ts';
import { ContractError, createSigner, generateKeyPair, money } from '../../../node/client/index.ts';
import { artifacts, startNode } from './fixtures.ts';

const REINSURER = 'ab'.repeat(20);

async function rejection(p: Promise<unknown>): Promise<NodeError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(NodeError);
  return e as NodeError;
}

describe('Signer', () => {
  it('deploys a real artifact, encoding its constructor arguments, at the deploy address', async () => {
    const { client, node } = await startNode();
    node.autoCommit = true;
    const signer = createSigner(client, generateKeyPair());
    const { accounts } = artifacts();
    const result = await signer.deploy(accounts, ['c'.repeat(40), { address: 'd'.repeat(40) }], { wait: true });
    expect(result.status).toBe('committed');
    expect(result.committed?.receipt.status).toBe('ok');
    expect(result.tx).toMatchObject({ kind: 'deploy', nonce: 0n, expiry: 100n, gasLimit: 10_000_000n, args: ['c'.repeat(40), 'd'.repeat(40)], chainId: 'covenant-test' });
    expect((await client.getCode(result.address)).codeHash).toBe(accounts.codeHash);
    expect(result.contract.address).toBe(result.address);
  });

  it('fetches the nonce once and numbers 25 concurrent transactions 0..24 without gaps', async () => {
    const { client, node } = await startNode();
    const signer = createSigner(client, generateKeyPair(), { chainId: 'covenant-test' });
    const results = await Promise.all(Array.from({ length: 25 }, () => signer.deploy(artifacts().accounts, ['c'.repeat(40), 'd'.repeat(40)], { expiry: 10n })));
    expect(results.map((r) => r.tx.nonce).sort((a, b) => Number(a - b))).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i)));
    expect(node.calls.filter((c) => c === 'nextNonce')).toHaveLength(1);
    expect(node.calls.filter((c) => c === 'status')).toHaveLength(0);
    expect(new Set(results.map((r) => r.address)).size).toBe(25);
  });

  it('resyncs after NODE_ERR_NONCE (the key was used elsewhere) and retries with the node\'s nonce', async () => {
    const { client, node } = await startNode();
    const signer = createSigner(client, generateKeyPair());
    await signer.deploy(artifacts().accounts, ['c'.repeat(40), 'd'.repeat(40)]);
    node.commit();
    node.useNonces(signer.address, 3n);
    const second = await signer.deploy(artifacts().accounts, ['c'.repeat(40), 'd'.repeat(40)]);
    expect(second.tx.nonce).toBe(4n);
    expect(node.calls.filter((c) => c === 'nextNonce')).toHaveLength(2);
    expect(await signer.peekNonce()).toBe(5n);
  });

  it('gives up after `retries` and throws the node\'s NODE_ERR_NONCE', async () => {
    const { client, node } = await startNode();
    const signer = createSigner(client, generateKeyPair(), { retries: 0 });
    expect(await signer.peekNonce()).toBe(0n);
    node.useNonces(signer.address, 1n);
    const e = await rejection(signer.deploy(artifacts().accounts, ['c'.repeat(40), 'd'.repeat(40)]));
    expect([e.code, e.field]).toEqual(['NODE_ERR_NONCE', 'nonce']);
    expect(await signer.peekNonce()).toBe(1n);
  });

  it('sets expiry to the head height + expiryBlocks', async () => {
    const { client, node } = await startNode();
    node.commit();
    node.commit();
    const signer = createSigner(client, generateKeyPair(), { expiryBlocks: 7n, gasLimit: 123_456n });
    const r = await signer.deploy(artifacts().accounts, ['c'.repeat(40), 'd'.repeat(40)]);
    expect([r.tx.expiry, r.tx.gasLimit]).toEqual([9n, 123_456n]);
  });
});

describe('ContractHandle', () => {
  async function deployed() {
    const started = await startNode();
    started.node.autoCommit = true;
    const signer = createSigner(started.client, generateKeyPair());
    const { contract } = await signer.deploy(artifacts().accounts, ['c'.repeat(40), 'd'.repeat(40)], { wait: true });
    return { ...started, signer, contract };
  }

  it('refuses a number where Money is expected before signing or sending anything', async () => {
    const { contract, node } = await deployed();
    const before = node.submitted.length;
    const e = await rejection(contract.entries['recordPayment']?.(REINSURER, 250, 'wire') as Promise<unknown>);
    expect([e.code, e.field]).toEqual(['NODE_ERR_BAD_ARGUMENTS', 'amount']);
    expect(node.submitted.length).toBe(before);
    expect((await rejection(contract.call('balanceOf', [REINSURER]))).shortMessage).toBe('TreatyCurrentAccount has no entry "balanceOf" (it is a view)');
  });

  it('calls an entry with options as the extra last argument, and decodes its events', async () => {
    const { contract, node } = await deployed();
    const movement = { amount: { amount: '250.00', currency: 'USD' }, date: '2027-01-02', kind: 'payment', reference: 'wire' };
    node.eventsFor = (tx) => tx.kind === 'call'
      ? [{ contract: contract.address, name: 'BalanceChanged', data: { balance: { amount: '250.00', currency: 'USD' }, movement, reinsurer: REINSURER } }, { contract: 'e'.repeat(40), name: 'Other', data: { x: '1' } }]
      : [];
    const r = await contract.entries['recordPayment']?.(REINSURER, money('250', 'USD'), 'wire', { wait: true, gasLimit: 77_777n });
    expect(r?.tx).toMatchObject({ kind: 'call', entry: 'recordPayment', gasLimit: 77_777n, args: [REINSURER, { amount: '250.00', currency: 'USD' }, 'wire'] });
    expect(r?.events).toEqual([
      { contract: contract.address, name: 'BalanceChanged', data: { balance: { amount: '250.00', currency: 'USD' }, movement, reinsurer: REINSURER }, decoded: true },
      { contract: 'e'.repeat(40), name: 'Other', data: { x: '1' }, decoded: false },
    ]);
    expect((await contract.getEvents()).map((e) => e.name)).toEqual(['BalanceChanged']);
  });

  it('runs views with encoded arguments and decodes the result; a failing view throws ContractError', async () => {
    const { contract, node } = await deployed();
    node.viewFor = (call) => call.view === 'balanceOf'
      ? { status: 'ok', value: { amount: '12.50', currency: 'USD' }, gasUsed: 10n, height: 1n }
      : { status: 'failed', error: { code: 'RT_ERR_REQUIRE_FAILED', message: 'no treaty', location: { path: 'accounts.contract.ts', line: 3, column: 5 } }, gasUsed: 4n, height: 1n };
    expect(await contract.views['balanceOf']?.(REINSURER.toUpperCase())).toEqual({ amount: '12.50', currency: 'USD' });
    const e = await contract.views['treatyCapacity']?.().then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(ContractError);
    expect(e).toMatchObject({ code: 'RT_ERR_REQUIRE_FAILED', shortMessage: 'no treaty', gasUsed: 4n, message: 'RT_ERR_REQUIRE_FAILED: TreatyCurrentAccount.treatyCapacity failed: no treaty (accounts.contract.ts:3:5)' });
    expect((await rejection(contract.views['balanceOf']?.(42) as Promise<unknown>)).field).toBe('reinsurer');
  });

  it('contractAt() fetches the ABI from the node; without a signer entries refuse', async () => {
    const { client, contract } = await deployed();
    const fetched = await client.contractAt(contract.address);
    expect(fetched.signature('recordPayment')).toBe("recordPayment(reinsurer: Address, amount: Money<'USD'>, reference: string): void");
    const e = await rejection(fetched.entries['recordPayment']?.(REINSURER, money('1', 'USD'), 'r') as Promise<unknown>);
    expect([e.code, e.field]).toEqual(['NODE_ERR_BAD_ARGUMENTS', 'signer']);
  });
});
