/** node/errors.ts: NodeError's shape, and every code documented in docs/node-errors.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_ERROR_CODES, NodeError, isNodeError } from '../../node/errors.ts';

describe('NodeError', () => {
  it('carries code, shortMessage, metaMessages, field and cause', () => {
    const cause = new Error('inner');
    const e = new NodeError('NODE_ERR_INVALID_TX', '"gasLimit" must be positive', { field: 'gasLimit', metaMessages: ['got 0'], cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NodeError');
    expect(e.code).toBe('NODE_ERR_INVALID_TX');
    expect(e.shortMessage).toBe('"gasLimit" must be positive');
    expect(e.message).toBe('NODE_ERR_INVALID_TX: "gasLimit" must be positive\ngot 0');
    expect(e.field).toBe('gasLimit');
    expect(e.cause).toBe(cause);
    expect(isNodeError(e)).toBe(true);
    expect(isNodeError(e, 'NODE_ERR_NONCE')).toBe(false);
    expect(isNodeError(new Error('x'))).toBe(false);
  });

  it('codes are unique and each is documented in docs/node-errors.md', () => {
    expect(new Set(NODE_ERROR_CODES).size).toBe(NODE_ERROR_CODES.length);
    const doc = readFileSync(join(import.meta.dirname, '../../docs/node-errors.md'), 'utf8');
    for (const c of NODE_ERROR_CODES) expect(doc).toContain(`\`${c}\``);
  });
});
