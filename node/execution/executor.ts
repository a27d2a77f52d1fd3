/**
 * The node's single doorway for state transition (CometBFT's `ApplyBlock`): {@link applyBlock}
 * runs a block's transactions in order against committed state and returns the header (with
 * `txRoot`, `receiptRoot` and the `stateRoot` after the block), one receipt per transaction and the
 * block's net state diff, ready for `ChainStore.saveBlock`.
 *
 * Per transaction: signature (CRY-01/08), chain id (CRY-02), expiry, nonce (SC-10) and gas limit
 * against the block; then a deploy (artifact re-validated through `decodeArtifact`, address from
 * `deployAddress`, `init` run, code kept on success) or a call (code resolved by address, `caller`
 * and `origin` the verified signer: SC-04). A block-level overlay lets later transactions see
 * earlier ones' writes and code. Account nonces are node state: see {@link NONCE_ADDRESS}.
 *
 * It does NOT write anything (the caller commits with `saveBlock`), pick or drop transactions (a
 * block with an inadmissible transaction is refused whole: the proposer filters), verify a block
 * proposed by someone else against its header, or turn a thrown `RuntimeError` into a receipt: a
 * node-local fault aborts the whole application (GAS-06) with an {@link ExecutionFault}.
 * @module
 */
import { type ContractArtifact, decodeArtifact, encodeArtifact } from '../../compiler/artifact.ts';
import { type ExecuteParameters, type ExecuteResult, type Runtime, RuntimeError, type StateDiff, type StateView, createStateOverlay, stateDiffHash } from '../../runtime/index.ts';
import { NodeError, isNodeError } from '../errors.ts';
import type { Head } from '../store/index.ts';
import {
  type Header, type Receipt, type ReceiptError, type SignedTx, GENESIS_PREV_HASH, checkTxSignature, checkTxValidity, deployAddress, receiptRoot, txId, txRoot,
  txSenderAddress,
} from '../types/index.ts';
import { EMPTY_DIFF_HASH, failedReceiptOf, resultReceipt, truncate } from './receipts.ts';
import { dateOfTime } from './schedule.ts';
import { txProofVerifier } from './proofs.ts';
import { KEY_REGISTRY_ADDRESS, executeRegistryCall } from './key-registry.ts';
import { DEFAULT_TRIGGER_GAS, type FiredEvent, hasTriggers, registerTriggers, runTriggers } from './triggers.ts';

/**
 * The reserved address under which the node keeps account nonces in contract state: key
 * `n/<account address>`, value the account's next nonce as a JSON decimal string (`"3"`); absent
 * means 0. Keeping nonces in state puts them under `stateRoot` and inside the block's one atomic
 * commit, so a crash can never separate a nonce from the effects it guards. No contract can live
 * here: contract addresses are truncated sha256 outputs (`deployAddress`), and the runtime lets a
 * contract write only its own address.
 */
export const NONCE_ADDRESS = '0'.repeat(40);
/** Prefix of nonce keys under {@link NONCE_ADDRESS}. */
export const NONCE_KEY_PREFIX = 'n/';
/** Receipt code of a deploy whose artifact fails `decodeArtifact` (the decoders normally refuse it earlier). */
export const INVALID_ARTIFACT_CODE = 'NODE_ERR_INVALID_TX';

const NONCE_VALUE = /^"(0|[1-9][0-9]{0,19})"$/;

/** Committed state that a block is applied on. `ChainStore` is one. */
export interface ExecutionSource {
  /** Committed contract state (and nonces) before the block. */
  readonly state: StateView;
  /** The artifact deployed at an address before the block; synchronous, as the runtime resolves calls. */
  loadCodeSync(address: string): ContractArtifact | undefined;
  /** Root of committed state with `pending` (sorted, one entry per key) applied on top. */
  stateRoot(pending: StateDiff): Promise<string>;
  /** The last committed block; when present, `height` and `prevHash` must follow it. */
  readonly head?: Head | undefined;
}

/** Parameters of {@link applyBlock}. */
export interface ApplyBlockParameters {
  /** Created with a `maxGasLimit` of at least every admitted `gasLimit` (else it throws RT_ERR_INVALID_PARAMETERS). */
  readonly runtime: Runtime;
  readonly source: ExecutionSource;
  readonly chainId: string;
  readonly height: bigint;
  /** Block time, ms since the Unix epoch (the contracts' `ctx.time`). */
  readonly time: bigint;
  /** Hash of the previous header; {@link GENESIS_PREV_HASH} at height 0. */
  readonly prevHash: string;
  /** Signed transactions in execution order. */
  readonly txs: readonly SignedTx[];
  /**
   * Block gas limit (Ethereum's rule): each transaction's `gasLimit` must fit in what the block has
   * left, the limit minus the gas used by earlier transactions, so the block's gas stays within it.
   */
  readonly maxBlockGas?: bigint;
  /** Proposer address for the header. */
  readonly proposer?: string;
  /** Gas limit of each trigger run (a network setting; default {@link DEFAULT_TRIGGER_GAS}). */
  readonly triggerGasLimit?: bigint;
  /**
   * Proposer mode: a transaction whose execution hits a node-local fault is left out of the block
   * (with its sender's later ones) and listed in `skipped`, instead of aborting the block with an
   * {@link ExecutionFault}. Never set when applying a block someone else proposed.
   */
  readonly skipFaults?: boolean;
  /**
   * Transactions whose signatures this node already verified (its mempool did, at admission); they
   * are not checked again. Only objects the node verified itself belong here: a block proposed by
   * another node is checked in full.
   */
  readonly preverified?: { has(tx: SignedTx): boolean };
}

/**
 * A node-local fault (a `RuntimeError`: backstop timeout, isolate memory) while executing
 * transaction `txIndex`. No receipt exists for it and nothing of the block may be committed
 * (GAS-06); a proposer drops the transaction and builds the block without it.
 */
export class ExecutionFault extends Error {
  override readonly name = 'ExecutionFault';
  /** The runtime's fault code (`RT_ERR_…`). */
  readonly code: string;
  readonly txIndex: number;
  readonly txId: string;

  constructor(cause: RuntimeError, txIndex: number, txId: string) {
    super(`transaction ${txIndex} (${txId}): ${cause.message}`, { cause });
    this.code = cause.code;
    this.txIndex = txIndex;
    this.txId = txId;
  }
}

/** What {@link applyBlock} returns: everything `saveBlock` needs, nothing written yet. */
export interface ApplyBlockResult {
  readonly block: { readonly header: Header; readonly txs: readonly SignedTx[] };
  /** One per transaction, in order, then one per trigger run in run order (each with `trigger`). */
  readonly receipts: readonly Receipt[];
  /** The block's net state changes (contracts and nonces), sorted, one entry per key. */
  readonly stateDiff: StateDiff;
  /** With `skipFaults`: the transactions left out, in order, and why. */
  readonly skipped: readonly SkippedTx[];
}

/** A transaction a proposer left out of its block (see `skipFaults`). */
export interface SkippedTx {
  readonly tx: SignedTx;
  readonly txId: string;
  readonly reason: string;
  /** The runtime fault code, when it was the transaction's own fault. */
  readonly code?: string;
}

/**
 * Applies `txs` on `source` and returns the block, its receipts and state diff without writing.
 *
 * Throws `NodeError` when the block cannot be made: height or `prevHash` not following
 * `source.head` (`NODE_ERR_INVALID_BLOCK`), or a transaction that is not admissible at its position
 * (`NODE_ERR_BAD_SIGNATURE`, `NODE_ERR_WRONG_CHAIN`, `NODE_ERR_EXPIRED`, `NODE_ERR_NONCE`,
 * `NODE_ERR_INVALID_TX` for a gas limit above what the block has left), with `field`
 * `txs[i]…`. Signatures are verified here, whatever the mempool did: this is the one doorway.
 * A node-local `RuntimeError` from the runtime becomes an {@link ExecutionFault} naming the
 * transaction (no partial block exists), or with `skipFaults` leaves the transaction out; a
 * deterministic refusal (`RT_ERR_INVALID_ARTIFACT`, `RT_ERR_INVALID_PARAMETERS`) is a failed receipt.
 * A contract failure is not an error: it yields a failed receipt that charges gas and consumes
 * the nonce while its writes are dropped.
 * @example
 * const r = await applyBlock({ runtime, source: store, chainId, height, time, prevHash: store.head.hash, txs });
 * await store.saveBlock(height, r.block, r.receipts, r.stateDiff, { height, hash: blockHash(r.block.header) });
 */
export async function applyBlock(p: ApplyBlockParameters): Promise<ApplyBlockResult> {
  checkLink(p);
  const block = createStateOverlay(p.source.state);
  // Code deployed earlier in this block, and decoded committed code: runtime validation is cached
  // per artifact object, so one object per address keeps repeated calls cheap.
  const code = new Map<string, ContractArtifact | undefined>();
  const resolve = (address: string): ContractArtifact | undefined => {
    if (!code.has(address)) code.set(address, p.source.loadCodeSync(address));
    return code.get(address);
  };
  const receipts: Receipt[] = [];
  const included: SignedTx[] = [];
  const skipped: SkippedTx[] = [];
  /** Senders whose transaction was skipped: their later ones would leave a nonce gap. */
  const blocked = new Set<string>();
  let gasLeft = p.maxBlockGas;
  p.txs.forEach((tx, i) => {
    const sender = txSenderAddress(tx);
    if (blocked.has(sender)) {
      skipped.push({ tx, txId: txId(tx), reason: 'follows a transaction of the same sender that was left out' });
      return;
    }
    const nonceKey = NONCE_KEY_PREFIX + sender;
    const expectedNonce = readNonce(block.get(NONCE_ADDRESS, nonceKey));
    admit(tx, i, p.preverified?.has(tx) === true, { chainId: p.chainId, height: p.height, expectedNonce, ...(gasLeft === undefined ? {} : { maxGasLimit: gasLeft }) });
    if (tx.kind === 'call' && tx.contract === KEY_REGISTRY_ADDRESS) {
      // The built-in key registry (grants of sealed fields, node/execution/key-registry.ts).
      // The registry runs the contract's policy view: a node-local fault there is GAS-06 like any
      // other (an ExecutionFault naming the transaction; a proposer leaves the transaction out).
      let r: ReturnType<typeof executeRegistryCall>;
      try {
        r = executeRegistryCall({ sender, entry: tx.entry, args: tx.args, gasLimit: Number(tx.gasLimit), state: block, resolve, runtime: p.runtime, height: p.height, time: p.time });
      } catch (e) {
        const fault = e instanceof RuntimeError ? new ExecutionFault(e, i, txId(tx)) : e;
        if (fault instanceof ExecutionFault && p.skipFaults === true) {
          skipped.push({ tx, txId: fault.txId, reason: fault.message, code: fault.code });
          blocked.add(sender);
          return;
        }
        throw fault;
      }
      let receipt: Receipt;
      if (r.ok) {
        receipt = resultReceipt(txId(tx), { status: 'ok', value: null, gasUsed: r.gasUsed, events: r.events, stateDiff: r.stateDiff, stateDiffHash: stateDiffHash(r.stateDiff) });
        if (receipt.status === 'ok') for (const e of r.stateDiff) block.set(e.address, e.key, e.value);
      } else {
        receipt = failedReceipt(tx, { code: r.code, message: truncate(r.message) }, BigInt(r.gasUsed));
      }
      block.set(NONCE_ADDRESS, nonceKey, writeNonce(expectedNonce + 1n));
      if (gasLeft !== undefined) gasLeft -= BigInt(r.gasUsed);
      receipts.push(receipt);
      included.push(tx);
      return;
    }
    // `verify` checks `prove(...)` against `tx.proofs` (node/execution/proofs.ts, docs/privacy.md).
    const env = { caller: sender, origin: sender, block: { height: p.height, time: p.time }, gasLimit: Number(tx.gasLimit), state: block, resolve, verify: txProofVerifier(tx, resolve) };
    let result: ExecuteResult;
    let artifact: ContractArtifact | undefined;
    let address: string;
    if (tx.kind === 'deploy') {
      address = deployAddress(tx);
      const decoded = decodeArtifact(encodeArtifact(tx.artifact));
      if (!decoded.ok) {
        receipts.push(failedReceipt(tx, { code: INVALID_ARTIFACT_CODE, message: truncate(`invalid artifact: ${decoded.errors.slice(0, 3).join('; ')}`) }, 0n));
        block.set(NONCE_ADDRESS, nonceKey, writeNonce(expectedNonce + 1n));
        return;
      }
      artifact = decoded.artifact;
    } else {
      address = tx.contract;
    }
    const parameters: ExecuteParameters =
      artifact === undefined
        ? { ...env, address, kind: 'entry', name: (tx as Extract<SignedTx, { kind: 'call' }>).entry, args: tx.args }
        : { ...env, address, artifact, kind: 'init', name: '', args: tx.args };
    let receipt: Receipt;
    try {
      result = run(p.runtime, parameters, tx, i);
      receipt = toReceipt(tx, result);
    } catch (e) {
      if (e instanceof ExecutionFault && p.skipFaults === true) {
        // Proposer side of GAS-06: leave the transaction out and go on, without re-running the
        // transactions before it (it wrote nothing to the block overlay).
        skipped.push({ tx, txId: e.txId, reason: e.message, code: e.code });
        blocked.add(sender);
        return;
      }
      if (!(e instanceof RuntimeError) || !DETERMINISTIC_REFUSALS.has(e.code)) throw e;
      // The runtime refused the request itself (an artifact it cannot run, parameters it rejects):
      // that depends only on the transaction, so it is a failed receipt like a contract failure,
      // and it uses all its gas (nothing else makes the sender pay for the attempt).
      result = { status: 'failed', gasUsed: Number(tx.gasLimit), events: [], stateDiff: [], stateDiffHash: EMPTY_DIFF_HASH };
      receipt = failedReceipt(tx, { code: e.code, message: truncate(e.shortMessage) }, tx.gasLimit);
    }
    // Only a successful transaction's writes and code reach the block; the nonce moves either way,
    // so a failed transaction cannot be replayed and its gas stays charged (its receipt says so).
    if (receipt.status === 'ok') {
      for (const e of result.stateDiff) block.set(e.address, e.key, e.value);
      if (artifact !== undefined) {
        code.set(address, artifact);
        if (hasTriggers(artifact)) registerTriggers(block, address, dateOfTime(p.time));
      }
    }
    block.set(NONCE_ADDRESS, nonceKey, writeNonce(expectedNonce + 1n));
    if (gasLeft !== undefined) gasLeft -= BigInt(result.gasUsed);
    receipts.push(receipt);
    included.push(tx);
  });
  // Unchanged when nothing was skipped, so the caller's array (and its cached tx root) is kept.
  const txs = skipped.length === 0 ? p.txs : included;
  // Automatic settlement after the transactions: their committed events, then due dates.
  const fired: FiredEvent[] = receipts.flatMap((r) => r.events.map((event, index) => ({ sourceId: r.txId, index, event })));
  receipts.push(
    ...runTriggers(
      { runtime: p.runtime, state: block, resolve, height: p.height, time: p.time, gasLimit: p.triggerGasLimit ?? DEFAULT_TRIGGER_GAS, faultsAsFailures: p.skipFaults === true },
      fired,
    ),
  );
  const stateDiff = block.diff();
  const header: Header = {
    chainId: p.chainId,
    height: p.height,
    time: p.time,
    prevHash: p.prevHash,
    txRoot: txRoot(txs),
    receiptRoot: receiptRoot(receipts),
    stateRoot: await p.source.stateRoot(stateDiff),
    ...(p.proposer === undefined ? {} : { proposer: p.proposer }),
  };
  return { block: { header, txs }, receipts, stateDiff, skipped };
}

/**
 * Runtime refusals that depend only on the transaction (and the node's fixed configuration), so
 * every node refuses alike: they become failed receipts. Everything else the runtime throws
 * (`RT_ERR_ISOLATE_LIMIT`, `RT_ERR_HOST_FAULT`, …) is node-local: an {@link ExecutionFault}.
 */
const DETERMINISTIC_REFUSALS: ReadonlySet<string> = new Set(['RT_ERR_INVALID_ARTIFACT', 'RT_ERR_INVALID_PARAMETERS']);

/**
 * Refuses a height or `prevHash` that does not follow the source's head (saveBlock would refuse the
 * block later, after all the work). A source without a `head` property is not checked.
 */
function checkLink(p: ApplyBlockParameters): void {
  if (!('head' in p.source)) return;
  const head = p.source.head;
  const height = head === undefined ? 0n : head.height + 1n;
  const prev = head === undefined ? GENESIS_PREV_HASH : head.hash;
  if (p.height !== height) throw new NodeError('NODE_ERR_INVALID_BLOCK', `expected block ${height}, got ${p.height}`, { field: 'height' });
  if (p.prevHash !== prev) throw new NodeError('NODE_ERR_INVALID_BLOCK', `"prevHash" does not link to the head ${prev}`, { field: 'prevHash' });
}

/** Signature, then the pure checks; the error names the transaction's position. */
function admit(tx: SignedTx, i: number, preverified: boolean, context: Parameters<typeof checkTxValidity>[1]): void {
  try {
    if (!preverified) checkTxSignature(tx);
    checkTxValidity(tx, context);
  } catch (e) {
    if (!isNodeError(e)) throw e;
    throw new NodeError(e.code, `txs[${i}]: ${e.shortMessage}`, { field: `txs[${i}]${e.field === undefined ? '' : `.${e.field}`}`, metaMessages: [`transaction ${txId(tx)}`], cause: e });
  }
}

/** Executes one transaction; a node-local fault becomes an {@link ExecutionFault} naming it (a deterministic refusal passes through). */
function run(runtime: Runtime, parameters: ExecuteParameters, tx: SignedTx, i: number): ExecuteResult {
  try {
    return runtime.execute(parameters);
  } catch (e) {
    if (e instanceof RuntimeError && !DETERMINISTIC_REFUSALS.has(e.code)) throw new ExecutionFault(e, i, txId(tx));
    throw e;
  }
}

/** The next nonce stored for an account; a malformed value is corrupt state, not a contract failure. */
export function readNonce(value: string | undefined): bigint {
  if (value === undefined) return 0n;
  const m = NONCE_VALUE.exec(value);
  if (m === null) throw new Error(`execution: nonce value ${JSON.stringify(value.slice(0, 40))} is corrupt`);
  return BigInt(m[1] as string);
}

/** The state value of a next nonce. */
export function writeNonce(nonce: bigint): string {
  return JSON.stringify(nonce.toString());
}

/** The receipt of a transaction's execution result (see {@link resultReceipt}). */
function toReceipt(tx: SignedTx, r: ExecuteResult): Receipt {
  return resultReceipt(txId(tx), r);
}

function failedReceipt(tx: SignedTx, error: ReceiptError, gasUsed: bigint): Receipt {
  return failedReceiptOf(txId(tx), error, gasUsed);
}
