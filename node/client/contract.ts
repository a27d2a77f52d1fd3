/**
 * Contract handles: the ABI of an artifact turned into callable `entries.<name>(...args)` (signed
 * transactions, through a `Signer`) and `views.<name>(...args)` (`contract_view`), with arguments
 * checked and encoded client-side (`values.ts`, `NODE_ERR_BAD_ARGUMENTS` naming the parameter
 * before anything is signed or sent), return values decoded, and events of this contract decoded
 * by their ABI types. An optional last argument beyond the ABI's parameters is the call's options.
 *
 * A failing view throws {@link ContractError} with the runtime's `RT_ERR_…` code; a failing
 * transaction is not an exception: its receipt says `failed`.
 *
 * It does NOT sign, pick nonces or submit (see `signer.ts`), and does not run triggers (the node does).
 * @module
 */
import type { Abi, AbiEntry, ContractArtifact } from '../../compiler/artifact.ts';
import { NodeError } from '../errors.ts';
import type { JsonValue, Receipt, ReceiptError, ReceiptLocation } from '../types/index.ts';
import { isPlainObject } from './_describe.ts';
import type { CovenantClient, GetEventsOptions, ViewOptions } from './client.ts';
import { type ChainEvent, eventFromJson } from './results.ts';
import type { CallResult, SendOptions, Signer } from './signer.ts';
import { Subscription, type SubscriptionOptions } from './subscription.ts';
import { decodeValue, describeType, encodeArgs } from './values.ts';

/** An event with its data decoded by the ABI (`decoded: false`: another contract's event, data left as sent). */
export interface DecodedEvent<N extends string = string, D = unknown> {
  readonly contract: string;
  readonly name: N;
  readonly data: D;
  readonly decoded: boolean;
}

/** A committed event of this contract, decoded, with its chain position. */
export type DecodedChainEvent<N extends string = string, D = unknown> = Omit<ChainEvent, 'data' | 'name'> & { readonly name: N; readonly data: D };

/** A view or transaction failed inside the contract: `code` is the runtime's `RT_ERR_…` code. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code: string;
  readonly shortMessage: string;
  readonly location: ReceiptLocation | undefined;
  readonly gasUsed: bigint;

  constructor(error: ReceiptError, gasUsed: bigint, what: string) {
    const at = error.location === undefined ? '' : ` (${error.location.path}:${error.location.line}:${error.location.column})`;
    super(`${error.code}: ${what} failed: ${error.message}${at}`);
    this.code = error.code;
    this.shortMessage = error.message;
    this.location = error.location;
    this.gasUsed = gasUsed;
  }
}

type EntryFn = (...args: unknown[]) => Promise<CallResult>;
type ViewFn = (...args: unknown[]) => Promise<unknown>;

/**
 * A contract at an address, typed at run time by its ABI. Create with `client.contract(...)`.
 * @example
 * const account = client.contract(address, artifact, signer);
 * await account.entries.recordPayment(reinsurer, money('250.00', 'USD'), 'wire 17', { wait: true });
 * const balance = await account.views.balanceOf(reinsurer); // { amount: '250.00', currency: 'USD' }
 */
export class ContractHandle {
  readonly client: CovenantClient;
  readonly address: string;
  readonly abi: Abi;
  /** The full artifact, when the handle was made from one (the ABI alone suffices to call). */
  readonly artifact: ContractArtifact | undefined;
  readonly signer: Signer | undefined;
  /** One function per `entry` of the ABI; arguments, then optionally {@link SendOptions}. */
  readonly entries: { readonly [name: string]: EntryFn };
  /** One function per `view` of the ABI; arguments, then optionally `ViewOptions`. */
  readonly views: { readonly [name: string]: ViewFn };

  constructor(client: CovenantClient, address: string, artifactOrAbi: ContractArtifact | Abi, signer?: Signer) {
    this.client = client;
    this.address = address;
    this.artifact = 'abi' in artifactOrAbi ? artifactOrAbi : undefined;
    this.abi = 'abi' in artifactOrAbi ? artifactOrAbi.abi : artifactOrAbi;
    this.signer = signer;
    const entries: Record<string, EntryFn> = Object.create(null) as Record<string, EntryFn>;
    const views: Record<string, ViewFn> = Object.create(null) as Record<string, ViewFn>;
    for (const e of this.abi.entries) {
      if (e.kind === 'entry') entries[e.name] = (...args) => this.call(e.name, ...splitOptions<SendOptions>(e, args));
      else if (e.kind === 'view') views[e.name] = (...args) => this.view(e.name, ...splitOptions<ViewOptions>(e, args));
    }
    this.entries = Object.freeze(entries);
    this.views = Object.freeze(views);
  }

  /** The same contract with `signer` for entries. */
  withSigner(signer: Signer): ContractHandle {
    return new ContractHandle(this.client, this.address, this.artifact ?? this.abi, signer);
  }

  /** The ABI entry `name` of `kind`; `NODE_ERR_BAD_ARGUMENTS` if there is none. */
  entry(name: string, kind: 'entry' | 'view'): AbiEntry {
    const e = this.abi.entries.find((x) => x.name === name);
    if (e === undefined || e.kind !== kind) {
      const names = this.abi.entries.filter((x) => x.kind === kind).map((x) => x.name);
      throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${this.abi.contract} has no ${kind} "${name}"${e === undefined ? '' : ` (it is a ${e.kind})`}`, {
        field: kind,
        metaMessages: [`${kind === 'entry' ? 'entries' : 'views'}: ${names.join(', ') || '(none)'}`],
      });
    }
    return e;
  }

  /** Checks and encodes the arguments of entry or view `name`. */
  encodeArgs(name: string, kind: 'entry' | 'view', args: readonly unknown[]): JsonValue[] {
    const e = this.entry(name, kind);
    return encodeArgs(e.params, args, this.abi.types, `${this.abi.contract}.${name}`);
  }

  /** Sends entry `name` through the handle's signer. */
  call(name: string, args: readonly unknown[], options: SendOptions = {}): Promise<CallResult> {
    if (this.signer === undefined) {
      return Promise.reject(new NodeError('NODE_ERR_BAD_ARGUMENTS', `calling ${this.abi.contract}.${name} needs a signer: client.contract(address, artifact, signer) or withSigner()`, { field: 'signer' }));
    }
    return this.signer.call(this, name, args, options);
  }

  /**
   * Runs view `name` on committed state and returns its decoded value; throws
   * {@link ContractError} when the view fails in the contract.
   */
  async view(name: string, args: readonly unknown[], options: ViewOptions = {}): Promise<unknown> {
    const e = this.entry(name, 'view');
    const encoded = encodeArgs(e.params, args, this.abi.types, `${this.abi.contract}.${name}`);
    const outcome = await this.client.view(this.address, name, encoded, options);
    if (outcome.status === 'failed') throw new ContractError(outcome.error as ReceiptError, outcome.gasUsed, `${this.abi.contract}.${name}`);
    return decodeValue(e.returns, outcome.value, this.abi.types, `${name}()`);
  }

  /** Decodes one event: this contract's events by their ABI type, others left as sent. */
  decodeEvent(event: { readonly contract: string; readonly name: string; readonly data: JsonValue }): DecodedEvent {
    if (event.contract !== this.address || !this.abi.events.includes(event.name)) {
      return { contract: event.contract, name: event.name, data: event.data, decoded: false };
    }
    const data = decodeValue({ kind: 'event', name: event.name }, event.data, this.abi.types, event.name);
    return { contract: event.contract, name: event.name, data, decoded: true };
  }

  /** The receipt's events, decoded with {@link decodeEvent}. */
  decodeEvents(receipt: Receipt): readonly DecodedEvent[] {
    return receipt.events.map((e) => this.decodeEvent(e));
  }

  /** Committed events of this contract, decoded. */
  async getEvents(options: GetEventsOptions = {}): Promise<readonly DecodedChainEvent[]> {
    const events = await this.client.getEvents(this.address, options);
    return events.map((e) => this.#decodeChainEvent(e));
  }

  /** Subscribes to this contract's committed events (of type `name`, if given), decoded. */
  subscribeEvents(options: { readonly name?: string } & SubscriptionOptions<DecodedChainEvent> = {}): Promise<Subscription<DecodedChainEvent>> {
    const { name, ...rest } = options;
    const params = name === undefined ? { topic: 'events', contract: this.address } : { topic: 'events', contract: this.address, name };
    return Subscription.open({ ...rest, connection: this.client.connection, params, decode: (r) => this.#decodeChainEvent(eventFromJson(r, 'result')) });
  }

  #decodeChainEvent(e: ChainEvent): DecodedChainEvent {
    const data = this.abi.events.includes(e.name) ? decodeValue({ kind: 'event', name: e.name }, e.data, this.abi.types, e.name) : e.data;
    return { ...e, data };
  }

  /** A human signature of entry or view `name`: `recordPayment(reinsurer: Address, amount: Money<'USD'>, reference: string): void`. */
  signature(name: string): string {
    const e = this.abi.entries.find((x) => x.name === name);
    if (e === undefined) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${this.abi.contract} has no entry or view "${name}"`, { field: 'name' });
    return `${e.name}(${e.params.map((p) => `${p.name}: ${describeType(p.type)}`).join(', ')}): ${describeType(e.returns)}`;
  }
}

/** Splits `[...args, options?]`: one argument more than the ABI's parameters is the options object. */
function splitOptions<O>(e: AbiEntry, args: readonly unknown[]): [readonly unknown[], O] {
  if (args.length === e.params.length + 1) {
    const last = args[args.length - 1];
    if (last === undefined || isPlainObject(last)) return [args.slice(0, -1), (last ?? {}) as O];
  }
  return [args, {} as O];
}
