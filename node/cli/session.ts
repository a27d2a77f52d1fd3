/**
 * What the client commands share: opening a connection to the node (short handshake timeout, so
 * an unreachable node fails fast with `NODE_ERR_UNREACHABLE` naming the URL) and always closing
 * it, a signer for a keystore key, `@NAME` address resolution, and fetching a contract's ABI.
 *
 * It does NOT retry connections or resubmit transactions (the client's signer retries nonce and
 * expiry refusals only), and it does not print anything.
 * @module
 */
import { type ContractHandle, type CovenantClient, type Signer, connect, createSigner } from '../client/index.ts';
import { NodeError, isNodeError } from '../errors.ts';
import { type Io, resolveUrl } from './format.ts';
import { type LoadedKey, keysDir, loadKey } from './keys.ts';

/** Handshake timeout of CLI connections, ms: a local node answers at once. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Connects to the node (`--url`, `COVENANT_URL` or the default), runs `f`, closes. */
export async function withClient<T>(urlFlag: string | undefined, io: Io, f: (client: CovenantClient) => Promise<T>): Promise<T> {
  const url = resolveUrl(urlFlag, io);
  let client: CovenantClient;
  try {
    client = await connect(url, { connectTimeoutMs: CONNECT_TIMEOUT_MS });
  } catch (e) {
    if (!isNodeError(e, 'NODE_ERR_UNREACHABLE')) throw e;
    throw new NodeError('NODE_ERR_UNREACHABLE', e.shortMessage, { metaMessages: ['is a node running there? start one with `npx covenant devnet`, or pass --url / set COVENANT_URL'], cause: e });
  }
  try {
    return await f(client);
  } finally {
    client.close();
  }
}

/** The keystore key `name` (default `dev`) in `--keys-dir` or the default keystore. */
export function keyOf(io: Io, name: string, dir: string | undefined): LoadedKey {
  return loadKey(keysDir(io, dir), name);
}

/** A signer for keystore key `name`, with gas limit `gas` (default the client's). */
export function signerOf(client: CovenantClient, key: LoadedKey, gas: bigint | undefined): Signer {
  return createSigner(client, key.keyPair, gas === undefined ? {} : { gasLimit: gas });
}

/** `@NAME` → the address of keystore key NAME. */
export function addressResolver(io: Io, dir: string | undefined): (name: string) => string {
  return (name) => loadKey(keysDir(io, dir), name).address;
}

/** A handle on the contract at `address` with its ABI from the node; a clear error for a non-address. */
export async function contractAt(client: CovenantClient, address: string, signer?: Signer): Promise<ContractHandle> {
  const a = /^0x[0-9a-fA-F]{40}$/.test(address) ? address.slice(2).toLowerCase() : address.toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(a)) throw new NodeError('NODE_ERR_BAD_ARGUMENTS', `${JSON.stringify(address)} is not a contract address (40 hex digits)`, { field: 'address' });
  try {
    return await client.contractAt(a, signer);
  } catch (e) {
    if (isNodeError(e, 'NODE_ERR_UNKNOWN_CONTRACT')) throw new NodeError('NODE_ERR_UNKNOWN_CONTRACT', `no contract is deployed at ${a} on ${client.url}`, { field: 'address', cause: e });
    throw e;
  }
}
