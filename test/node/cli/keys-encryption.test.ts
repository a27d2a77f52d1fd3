/**
 * node/cli/keys.ts: the encryption key pair in a key file is never silently replaced. A file that
 * names an encryption public key but lost its secret is damaged (`NODE_ERR_INVALID_KEY`), not a
 * pre-encryption file to upgrade: `ensureEncryptionKey` would otherwise write a fresh pair over it,
 * and the next `covenant publish-key` would replace the account's published key on chain.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKey, ensureEncryptionKey, loadKey } from '../../../node/cli/keys.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'covenant-keys-'));
  dirs.push(d);
  return d;
}

describe('key files: encryption keys', () => {
  it('a pre-encryption key file (no encryption fields) gets a pair added once, then kept', () => {
    const d = dir();
    const k = createKey(d, 'old');
    const json = JSON.parse(readFileSync(k.file, 'utf8')) as Record<string, unknown>;
    delete json['encryptionPublicKey'];
    delete json['encryptionSecretKey'];
    writeFileSync(k.file, JSON.stringify(json));
    const first = ensureEncryptionKey(d, 'old');
    const again = ensureEncryptionKey(d, 'old');
    expect(Buffer.from(again.encryption.publicKey).toString('hex')).toBe(Buffer.from(first.encryption.publicKey).toString('hex'));
  });

  it('a file with an encryption public key but no secret is refused, not given a new pair', () => {
    const d = dir();
    const k = createKey(d, 'damaged');
    const json = JSON.parse(readFileSync(k.file, 'utf8')) as Record<string, unknown>;
    const published = json['encryptionPublicKey'];
    delete json['encryptionSecretKey'];
    writeFileSync(k.file, JSON.stringify(json));
    expect(() => loadKey(d, 'damaged')).toThrow(expect.objectContaining({ code: 'NODE_ERR_INVALID_KEY' }));
    expect(() => ensureEncryptionKey(d, 'damaged')).toThrow(expect.objectContaining({ code: 'NODE_ERR_INVALID_KEY' }));
    expect((JSON.parse(readFileSync(k.file, 'utf8')) as Record<string, unknown>)['encryptionPublicKey']).toBe(published);
  });
});
