/**
 * The EVM side of the peer comparison: bench/peer/*.sol compiled in-process by solc-js (the
 * WebAssembly build shipped in the `solc` npm package; nothing is downloaded), deployed and called
 * through @ethereumjs/vm with signed legacy (EIP-155) transactions, `runTx` per transaction with
 * state committed to the VM's default state manager (MerkleStateManager over an in-memory
 * Merkle-Patricia trie, no caches), Prague rules.
 *
 * `runTx` includes: sender recovery from the signature (secp256k1 ecrecover) unless the
 * transaction object already recovered it, nonce and balance checks, intrinsic gas, EVM execution,
 * gas refund and fee payment, and the commit of the state changes into the trie.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { type LegacyTx, createLegacyTx, createLegacyTxFromRLP } from '@ethereumjs/tx';
import { Account, type Address, createAddressFromPrivateKey, createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { type VM, createVM, runTx } from '@ethereumjs/vm';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  ABS_BALANCES, ABS_COUPONS_PPM, ABS_FEE_PPM, ABS_OC_TRIGGER, ABS_POOL, ABS_RESERVE_TARGET, type AbsInput, type AbsOutcome,
  CLAIM_LINES_BP, CLAIM_PER_RISK_LIMIT, CLAIM_REINSURER_FUNDS, type ClaimInput, type ClaimOutcome,
} from './workloads.ts';

interface Solc {
  version(): string;
  compile(input: string): string;
}
let solcModule: Solc | undefined;
/** solc-js, loaded on first use (loading the WebAssembly compiler takes a while: measured apart). */
export function loadSolc(): Solc {
  solcModule ??= createRequire(import.meta.url)('solc') as Solc;
  return solcModule;
}

export const SOLIDITY_SOURCES = { claim: 'bench/peer/ClaimSettlement.sol', abs: 'bench/peer/AbsDistribution.sol' } as const;
export const EVM_VERSION = 'prague';

export interface SolcOutput {
  readonly abi: unknown;
  readonly bytecode: string;
  readonly methods: Record<string, string>;
}

/** Compiles one Solidity file to ABI and bytecode (what a deployment needs), optimizer on or off. */
export function compileSolidity(root: string, path: string, optimize: boolean): SolcOutput {
  const input = {
    language: 'Solidity',
    sources: { [path]: { content: readFileSync(join(root, path), 'utf8') } },
    settings: {
      optimizer: { enabled: optimize, runs: 200 },
      evmVersion: EVM_VERSION,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  };
  const out = JSON.parse(loadSolc().compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown; evm: { bytecode: { object: string }; methodIdentifiers: Record<string, string> } }>>;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const c = Object.values(out.contracts[path] ?? {})[0];
  if (c === undefined) throw new Error(`solc: no contract in ${path}`);
  return { abi: c.abi, bytecode: c.evm.bytecode.object, methods: c.evm.methodIdentifiers };
}

// ---------- a minimal ABI encoder (uint256, address, string, uint256[]) ----------

type AbiValue = { t: 'uint'; v: bigint } | { t: 'address'; v: Address } | { t: 'string'; v: string } | { t: 'uint[]'; v: readonly bigint[] } | { t: 'address[]'; v: readonly Address[] };

const word = (n: bigint): string => n.toString(16).padStart(64, '0');
const addrWord = (a: Address): string => a.toString().slice(2).padStart(64, '0');

function encodeArgs(args: readonly AbiValue[]): string {
  let head = '';
  let tail = '';
  const headSize = args.length * 32;
  for (const a of args) {
    if (a.t === 'uint') head += word(a.v);
    else if (a.t === 'address') head += addrWord(a.v);
    else {
      head += word(BigInt(headSize + tail.length / 2));
      if (a.t === 'string') {
        const bytes = Buffer.from(a.v, 'utf8');
        tail += word(BigInt(bytes.length)) + bytes.toString('hex').padEnd(Math.ceil(bytes.length / 32) * 64, '0');
      } else if (a.t === 'uint[]') tail += word(BigInt(a.v.length)) + a.v.map(word).join('');
      else tail += word(BigInt(a.v.length)) + a.v.map(addrWord).join('');
    }
  }
  return head + tail;
}

function topic(signature: string): string {
  return Buffer.from(keccak_256(new TextEncoder().encode(signature))).toString('hex');
}

/** The data words of a log, as bigints. */
function words(data: Uint8Array): bigint[] {
  const hex = Buffer.from(data).toString('hex');
  const out: bigint[] = [];
  for (let i = 0; i < hex.length; i += 64) out.push(BigInt(`0x${hex.slice(i, i + 64)}`));
  return out;
}

// ---------- the chain ----------

const CEDENT_KEY = hexToBytes(`0x${'11'.repeat(32)}`);
const SERVICER_KEY = hexToBytes(`0x${'22'.repeat(32)}`);
const GAS_LIMIT = 1_000_000n;
const DEPLOY_GAS_LIMIT = 10_000_000n;
const GAS_PRICE = 1_000_000_000n;

/** A VM with the signers funded, and nonces tracked per signer. */
class EvmChain {
  readonly vm: VM;
  readonly common: Common;
  readonly nonces = new Map<string, bigint>();
  readonly #addresses = new Map<Uint8Array, Address>();
  private constructor(vm: VM, common: Common) {
    this.vm = vm;
    this.common = common;
  }

  static async create(): Promise<EvmChain> {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const vm = await createVM({ common });
    for (const key of [CEDENT_KEY, SERVICER_KEY]) {
      await vm.stateManager.putAccount(createAddressFromPrivateKey(key), new Account(0n, 10n ** 30n));
    }
    return new EvmChain(vm, common);
  }

  /** The address of a signer's key (derived once: deriving it is an elliptic-curve multiplication). */
  addressOf(key: Uint8Array): Address {
    let a = this.#addresses.get(key);
    if (a === undefined) this.#addresses.set(key, (a = createAddressFromPrivateKey(key)));
    return a;
  }

  /** Signs a transaction from `key` (next nonce); `to` undefined deploys. */
  sign(key: Uint8Array, to: Address | undefined, data: string): LegacyTx {
    const from = this.addressOf(key).toString();
    const nonce = this.nonces.get(from) ?? 0n;
    this.nonces.set(from, nonce + 1n);
    return createLegacyTx({ nonce, gasPrice: GAS_PRICE, gasLimit: to === undefined ? DEPLOY_GAS_LIMIT : GAS_LIMIT, ...(to === undefined ? {} : { to }), data: hexToBytes(`0x${data}`) }, { common: this.common }).sign(key);
  }

  async run(tx: LegacyTx): Promise<Awaited<ReturnType<typeof runTx>>> {
    const r = await runTx(this.vm, { tx });
    if (r.execResult.exceptionError !== undefined) throw new Error(`evm: transaction failed: ${r.execResult.exceptionError.error}`);
    return r;
  }

  /** Runs `data` as a plain message call from the signer of `key` (no transaction: no signature, nonce or fee); state committed. */
  async call(key: Uint8Array, to: Address, data: Uint8Array): Promise<void> {
    const r = await this.vm.evm.runCall({ caller: this.addressOf(key), to, data, gasLimit: GAS_LIMIT });
    if (r.execResult.exceptionError !== undefined) throw new Error(`evm: call failed: ${r.execResult.exceptionError.error}`);
  }

  /** Re-reads the signer's nonce from state (`evm.runCall` increments it too). */
  async syncNonce(key: Uint8Array): Promise<void> {
    const a = this.addressOf(key);
    this.nonces.set(a.toString(), (await this.vm.stateManager.getAccount(a))?.nonce ?? 0n);
  }

  async deploy(key: Uint8Array, bytecode: string, args: readonly AbiValue[]): Promise<Address> {
    const r = await this.run(this.sign(key, undefined, bytecode + encodeArgs(args)));
    if (r.createdAddress === undefined) throw new Error('evm: no contract created');
    return r.createdAddress;
  }
}

/** A deployed EVM workload: sign inputs into transactions (before the clock), run them. */
export interface EvmWorkload<I, O> {
  /** Signs the transactions for `inputs`; `recovered` recovers each sender now (as a transaction pool does on admission). */
  readonly sign: (inputs: readonly I[], recovered: boolean) => LegacyTx[];
  /** Runs one signed transaction (the timed form). */
  readonly exec: (tx: LegacyTx) => Promise<void>;
  /** The call data of `input`, for `call`. */
  readonly encode: (input: I) => Uint8Array;
  /** Runs call data as a message call without a transaction (`evm.runCall`), state committed. */
  readonly call: (data: Uint8Array) => Promise<void>;
  /** After `call`s, before signing again: re-reads the signer's nonce. */
  readonly syncNonce: () => Promise<void>;
  /** Signs and runs one call, returning its outcome read from the logs. */
  readonly run: (input: I) => Promise<O>;
  readonly gasUsed: () => bigint;
}

/**
 * The workload handle over a deployed contract: `data(input)` is the call data, `outcome` reads the
 * outcome from a run's logs (topic hex, decoded words), in emission order.
 */
function workload<I, O>(chain: EvmChain, key: Uint8Array, to: Address, data: (input: I) => string, outcome: (logs: readonly (readonly [string, bigint[]])[]) => O): EvmWorkload<I, O> {
  const sign = (inputs: readonly I[], recovered: boolean): LegacyTx[] => received(inputs.map((i) => chain.sign(key, to, data(i))), chain.common, recovered);
  let gas = 0n;
  return {
    sign,
    encode: (i) => hexToBytes(`0x${data(i)}`),
    call: (d) => chain.call(key, to, d),
    syncNonce: () => chain.syncNonce(key),
    gasUsed: () => gas,
    exec: async (tx) => {
      await chain.run(tx);
    },
    run: async (input) => {
      const r = await chain.run(sign([input], false)[0] as LegacyTx);
      gas = r.totalGasSpent;
      return outcome((r.execResult.logs ?? []).map(([, topics, d]) => [Buffer.from(topics[0] as Uint8Array).toString('hex'), words(d)] as const));
    },
  };
}

/** Re-creates signed transactions from their RLP bytes, as a node receives them (no cached sender). */
function received(txs: readonly LegacyTx[], common: Common, recovered: boolean): LegacyTx[] {
  return txs.map((t) => {
    const tx = createLegacyTxFromRLP(t.serialize(), { common });
    if (recovered) tx.getSenderAddress();
    return tx;
  });
}

const REINSURERS = CLAIM_LINES_BP.map((_, i) => createAddressFromString(`0x${(i + 2).toString(16).padStart(40, 'a')}`));

/** Deploys ClaimSettlement (optimized bytecode) with the panel funded. */
export async function evmClaims(compiled: SolcOutput): Promise<EvmWorkload<ClaimInput, ClaimOutcome>> {
  const chain = await EvmChain.create();
  const C = await chain.deploy(CEDENT_KEY, compiled.bytecode, [
    { t: 'address', v: createAddressFromPrivateKey(CEDENT_KEY) }, { t: 'address[]', v: REINSURERS }, { t: 'uint[]', v: [...CLAIM_LINES_BP] }, { t: 'uint', v: CLAIM_PER_RISK_LIMIT },
  ]);
  const deposit = compiled.methods['deposit(address,uint256)'] as string;
  const settle = compiled.methods['settleClaim(string,uint256)'] as string;
  for (const r of REINSURERS) await chain.run(chain.sign(CEDENT_KEY, C, deposit + encodeArgs([{ t: 'address', v: r }, { t: 'uint', v: CLAIM_REINSURER_FUNDS }])));
  const recoveryPaid = topic('RecoveryPaid(string,address,uint256)');
  const claimSettled = topic('ClaimSettled(string,uint256,uint256,uint256)');
  const data = (i: ClaimInput): string => settle + encodeArgs([{ t: 'string', v: i.claimId }, { t: 'uint', v: i.grossLoss }]);
  return workload<ClaimInput, bigint[]>(chain, CEDENT_KEY, C, data, (logs) => {
    const out: bigint[] = [];
    let settled: bigint[] = [];
    for (const [t, w] of logs) {
      if (t === recoveryPaid) out.push(w[2] as bigint);
      else if (t === claimSettled) settled = w;
    }
    return [...out, settled[2] as bigint, settled[3] as bigint];
  });
}

/** Deploys AbsDistribution (optimized bytecode). */
export async function evmAbs(compiled: SolcOutput): Promise<EvmWorkload<AbsInput, AbsOutcome>> {
  const chain = await EvmChain.create();
  const W = await chain.deploy(SERVICER_KEY, compiled.bytecode, [
    { t: 'address', v: createAddressFromPrivateKey(SERVICER_KEY) },
    ...ABS_BALANCES.map((v) => ({ t: 'uint' as const, v })), ...ABS_COUPONS_PPM.map((v) => ({ t: 'uint' as const, v })),
    { t: 'uint', v: ABS_POOL }, { t: 'uint', v: ABS_FEE_PPM }, { t: 'uint', v: ABS_RESERVE_TARGET }, { t: 'uint', v: ABS_OC_TRIGGER },
  ]);
  const distribute = compiled.methods['distribute(uint256,uint256,uint256)'] as string;
  const classPaid = topic('ClassPaid(uint256,uint256,uint256,uint256,uint256)');
  const distributed = topic('Distributed(uint256,uint256,uint256,uint256,bool)');
  const data = (i: AbsInput): string => distribute + encodeArgs([{ t: 'uint', v: i.interest }, { t: 'uint', v: i.principal }, { t: 'uint', v: i.defaults }]);
  return workload<AbsInput, AbsOutcome>(chain, SERVICER_KEY, W, data, (logs) => {
    const out: bigint[] = [];
    let summary: bigint[] = [];
    for (const [t, w] of logs) {
      if (t === classPaid) out.push(w[2] as bigint, w[3] as bigint, w[4] as bigint);
      else if (t === distributed) summary = w;
    }
    return [...out, summary[1] as bigint, summary[2] as bigint, summary[3] as bigint, summary[4] as bigint];
  });
}
