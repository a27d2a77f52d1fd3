/**
 * The keystore and `covenant keys new|list|show`. A key is one file `<dir>/<name>.json`, mode
 * 0600 in a 0700 directory, holding `{ name, address, publicKey, secretKey, created }` (hex as in
 * node/types/keys.ts) and, next to the ed25519 signing key, the account's X25519 encryption key
 * for receiving grants of sealed fields (`encryptionPublicKey`, `encryptionSecretKey`; RFC 7748,
 * docs/privacy.md). Key files made before encryption keys existed get one added on first use
 * (`ensureEncryptionKey`, atomic rewrite). The directory is `--keys-dir`, else
 * `$COVENANT_HOME/keys`, else `~/.covenant/keys`. Creating never overwrites (the file is opened
 * with `wx`).
 *
 * It does NOT encrypt keys at rest (the file mode is the only protection: a development
 * keystore), import keys, or talk to a node.
 * @module
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { x25519 } from '@noble/curves/ed25519.js';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { NodeError } from '../errors.ts';
import { type KeyPair, addressOf, decodeSecretKey, encodePublicKey, encodeSecretKey, generateKeyPair, keyPairFromSecretKey } from '../types/index.ts';
import { DEFAULT_KEY, type Io, UsageError, parseOptions, printJson, reportFailure, table } from './format.ts';

/** A key as stored. */
export interface StoredKey {
  readonly name: string;
  readonly address: string;
  readonly publicKey: string;
  readonly secretKey: string;
  /** ISO 8601 creation time. */
  readonly created: string;
  /** X25519 encryption key pair, 64 hex digits each. */
  readonly encryptionPublicKey?: string;
  readonly encryptionSecretKey?: string;
}

/** A loaded key: its file, public parts and key pair. */
export interface LoadedKey {
  readonly name: string;
  readonly file: string;
  readonly address: string;
  readonly publicKey: string;
  readonly keyPair: KeyPair;
  /** The X25519 encryption key pair, when the file has one. */
  readonly encryption?: { readonly publicKey: Uint8Array; readonly secretKey: Uint8Array };
}

function newEncryptionKey(): { publicKey: string; secretKey: string } {
  const secretKey = x25519.utils.randomSecretKey();
  return { publicKey: Buffer.from(x25519.getPublicKey(secretKey)).toString('hex'), secretKey: Buffer.from(secretKey).toString('hex') };
}

/** Key names: letters, digits, `.`, `_`, `-`, starting with a letter or digit, at most 64. */
export const KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The keystore directory: `flag`, else `$COVENANT_HOME/keys`, else `~/.covenant/keys`. */
export function keysDir(io: Pick<Io, 'env' | 'cwd'>, flag?: string): string {
  if (flag !== undefined) return resolve(io.cwd, flag);
  const home = io.env['COVENANT_HOME'];
  if (home !== undefined && home !== '') return resolve(io.cwd, home, 'keys');
  return join(io.env['HOME'] ?? homedir(), '.covenant', 'keys');
}

function checkName(name: string): void {
  if (!KEY_NAME_PATTERN.test(name)) {
    throw new NodeError('NODE_ERR_INVALID_KEY', `key name ${JSON.stringify(name)} must be letters, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)`, { field: 'name' });
  }
}

/** Creates key `name` in `dir`; `NODE_ERR_INVALID_KEY` if it exists (never overwritten). */
export function createKey(dir: string, name: string): LoadedKey {
  checkName(name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPair = generateKeyPair();
  const enc = newEncryptionKey();
  const stored: StoredKey = {
    name,
    address: addressOf(keyPair.publicKey),
    publicKey: encodePublicKey(keyPair.publicKey),
    secretKey: encodeSecretKey(keyPair.secretKey),
    created: new Date().toISOString(),
    encryptionPublicKey: enc.publicKey,
    encryptionSecretKey: enc.secretKey,
  };
  const file = join(dir, `${name}.json`);
  try {
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new NodeError('NODE_ERR_INVALID_KEY', `key "${name}" already exists (${file}); it is never overwritten`, { field: 'name' });
    throw e;
  }
  chmodSync(file, 0o600); // the umask may have narrowed it further, never widened; make it exact
  return { name, file, address: stored.address, publicKey: stored.publicKey, keyPair, encryption: { publicKey: Buffer.from(enc.publicKey, 'hex'), secretKey: Buffer.from(enc.secretKey, 'hex') } };
}

/** Loads key `name` from `dir`; `NODE_ERR_INVALID_KEY` if it is missing or damaged. */
export function loadKey(dir: string, name: string): LoadedKey {
  checkName(name);
  const file = join(dir, `${name}.json`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new NodeError('NODE_ERR_INVALID_KEY', missing ? `no key "${name}" in ${dir} (create it with \`npx covenant keys new --name ${name}\`)` : `${file} is not a key file: ${e instanceof Error ? e.message : String(e)}`, { field: 'key' });
  }
  const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const keyPair = keyPairFromSecretKey(decodeSecretKey(o['secretKey']));
  const address = addressOf(keyPair.publicKey);
  if (o['address'] !== undefined && o['address'] !== address) throw new NodeError('NODE_ERR_INVALID_KEY', `${file}: "address" does not match the secret key`, { field: 'address' });
  const loaded = { name, file, address, publicKey: encodePublicKey(keyPair.publicKey), keyPair };
  const es = o['encryptionSecretKey'];
  if (es === undefined) {
    // Only a file that never had an encryption key is upgraded (ensureEncryptionKey); one that names
    // a public key but lost its secret is damaged: a fresh pair would silently replace the account's key.
    if (o['encryptionPublicKey'] !== undefined) throw new NodeError('NODE_ERR_INVALID_KEY', `${file}: "encryptionPublicKey" without "encryptionSecretKey" (the file is damaged; it is not given a new encryption key)`, { field: 'encryptionSecretKey' });
    return loaded;
  }
  if (typeof es !== 'string' || !/^[0-9a-f]{64}$/.test(es)) throw new NodeError('NODE_ERR_INVALID_KEY', `${file}: "encryptionSecretKey" must be 64 lower-case hex digits`, { field: 'encryptionSecretKey' });
  const secretKey = Buffer.from(es, 'hex');
  const publicKey = x25519.getPublicKey(secretKey);
  if (o['encryptionPublicKey'] !== undefined && o['encryptionPublicKey'] !== Buffer.from(publicKey).toString('hex')) {
    throw new NodeError('NODE_ERR_INVALID_KEY', `${file}: "encryptionPublicKey" does not match the encryption secret key`, { field: 'encryptionPublicKey' });
  }
  return { ...loaded, encryption: { publicKey, secretKey } };
}

/**
 * Key `name` with an encryption key pair: a file without one gets a fresh one, written atomically
 * (temporary file with mode 0600, then rename), every other field kept.
 */
export function ensureEncryptionKey(dir: string, name: string): LoadedKey & { readonly encryption: NonNullable<LoadedKey['encryption']> } {
  const k = loadKey(dir, name);
  if (k.encryption !== undefined) return k as LoadedKey & { readonly encryption: NonNullable<LoadedKey['encryption']> };
  const json = JSON.parse(readFileSync(k.file, 'utf8')) as Record<string, unknown>;
  const enc = newEncryptionKey();
  const tmp = `${k.file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ ...json, encryptionPublicKey: enc.publicKey, encryptionSecretKey: enc.secretKey }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, k.file);
  return loadKey(dir, name) as LoadedKey & { readonly encryption: NonNullable<LoadedKey['encryption']> };
}

/** Key `name`, created first if missing; `created` says which. */
export function ensureKey(dir: string, name: string): LoadedKey & { readonly created: boolean } {
  try {
    return { ...loadKey(dir, name), created: false };
  } catch (e) {
    if (!(e instanceof NodeError) || !e.shortMessage.startsWith('no key')) throw e;
    return { ...createKey(dir, name), created: true };
  }
}

/** The names and addresses of the keys in `dir`, sorted by name (damaged files are skipped). */
export function listKeys(dir: string): { name: string; address: string; file: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).filter((n) => KEY_NAME_PATTERN.test(n)).sort();
  } catch {
    return [];
  }
  const out: { name: string; address: string; file: string }[] = [];
  for (const name of names) {
    try {
      const k = loadKey(dir, name);
      out.push({ name, address: k.address, file: k.file });
    } catch {
      // not a key file
    }
  }
  return out;
}

const USAGE = [
  'usage: covenant keys new [--name NAME] [--keys-dir DIR] [--json]',
  '       covenant keys list [--keys-dir DIR] [--json]',
  '       covenant keys show NAME [--keys-dir DIR] [--json]',
].join('\n');

/** `covenant keys …`; returns the exit status. */
export async function keysCommand(argv: readonly string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseOptions(argv, { name: { type: 'string' }, 'keys-dir': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    json = values.json === true;
    if (values.help === true) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const [sub, ...rest] = positionals;
    const dir = keysDir(io, values['keys-dir']);
    if (sub === 'new') {
      if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`, USAGE);
      const name = values.name ?? DEFAULT_KEY;
      const k = createKey(dir, name);
      const encryptionKey = Buffer.from(k.encryption?.publicKey ?? []).toString('hex');
      if (json) printJson(io, { ok: true, name, address: k.address, publicKey: k.publicKey, encryptionPublicKey: encryptionKey, file: k.file });
      else io.out(`created key "${name}"\n${table([['address', k.address], ['public key', k.publicKey], ['encryption key', encryptionKey], ['file', k.file]])}`);
      return 0;
    }
    if (sub === 'list') {
      if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`, USAGE);
      const keys = listKeys(dir);
      if (json) printJson(io, { ok: true, dir, keys });
      else if (keys.length === 0) io.out(`no keys in ${dir} (create one with \`npx covenant keys new --name NAME\`)\n`);
      else io.out(`keys in ${dir}:\n${table(keys.map((k) => [k.name, k.address] as const))}`);
      return 0;
    }
    if (sub === 'show') {
      const name = rest[0] ?? values.name;
      if (name === undefined || rest.length > 1) throw new UsageError('keys show needs exactly one NAME', USAGE);
      const k = loadKey(dir, name);
      const encryptionKey = k.encryption === undefined ? undefined : Buffer.from(k.encryption.publicKey).toString('hex');
      if (json) printJson(io, { ok: true, name, address: k.address, publicKey: k.publicKey, ...(encryptionKey === undefined ? {} : { encryptionPublicKey: encryptionKey }), file: k.file });
      else io.out(`key "${name}"\n${table([['address', k.address], ['public key', k.publicKey], ['encryption key', encryptionKey ?? '(none yet: added on first `covenant publish-key`)'], ['file', k.file]])}`);
      return 0;
    }
    throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand ${JSON.stringify(sub)}`, USAGE);
  } catch (e) {
    return reportFailure(io, 'keys', e, json);
  }
}

/** Whether `file` is readable by its owner only (for tests and `keys show`). */
export function isPrivateFile(file: string): boolean {
  return (statSync(file).mode & 0o077) === 0;
}
