/** Shared builders for the node/types tests: fixed keys, a small valid artifact, sample transactions. */
import { createArtifact, type Abi, type ContractArtifact } from '../../../compiler/artifact.ts';
import { type CallTx, type DeployTx, type KeyPair, encodePublicKey, keyPairFromSecretKey } from '../../../node/types/index.ts';

export const CHAIN = 'covenant-devnet';

/** A key pair from a fixed seed byte, so ids and signatures are reproducible. */
export function fixedKeys(seed: number): KeyPair {
  return keyPairFromSecretKey(new Uint8Array(32).fill(seed));
}

export const ALICE = fixedKeys(1);
export const BOB = fixedKeys(2);

const ABI: Abi = {
  contract: 'Counter',
  constructor: { params: [{ name: 'start', type: { kind: 'int' } }] },
  entries: [{ name: 'add', kind: 'entry', params: [{ name: 'n', type: { kind: 'int' } }], returns: { kind: 'void' } }],
  events: [],
  state: [{ name: 'count', index: 0, type: { kind: 'int' }, key: 's/count', sealed: false, readonly: false }],
  types: {},
  relations: [],
};

export function sampleArtifact(): ContractArtifact {
  return createArtifact({
    compilerVersion: '0.1.0',
    contract: 'Counter',
    code: "'use strict';\nfunction __covenant_invoke(r) { return r; }\n",
    abi: ABI,
    sources: [{ path: 'counter.contract.ts', text: 'contract Counter {}\n' }],
    spans: [],
  });
}

export const CONTRACT = '00112233445566778899aabbccddeeff00112233';

export function sampleCall(over: Partial<CallTx> = {}): CallTx {
  return {
    kind: 'call', chainId: CHAIN, sender: encodePublicKey(ALICE.publicKey), nonce: 0n, expiry: 100n, gasLimit: 1_000_000n,
    contract: CONTRACT, entry: 'add', args: ['5'], ...over,
  };
}

export function sampleDeploy(over: Partial<DeployTx> = {}): DeployTx {
  return {
    kind: 'deploy', chainId: CHAIN, sender: encodePublicKey(ALICE.publicKey), nonce: 0n, expiry: 100n, gasLimit: 1_000_000n,
    artifact: sampleArtifact(), args: ['0'], ...over,
  };
}
