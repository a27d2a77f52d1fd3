/**
 * Fixtures of the invoice-financing tests (contracts/trade-finance/invoice-financing.contract.ts):
 * the invoice fingerprint a seller and buyer compute off chain, and small helpers over devnet
 * results. Does NOT talk to a node by itself.
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { AbiType } from '../../compiler/artifact.ts';
import type { CallResult } from '../../node/client/index.ts';

/** The contract under test, relative to the repository root. */
export const INVOICE_FINANCING = 'contracts/trade-finance/invoice-financing.contract.ts';
/** The text of requestFinancing's relation in the ABI. */
export const ADVANCE_WITHIN_RATE = 'advance <= amount * this.advanceRate';
/** `T` of the sealed invoice amount. */
export const EUR: AbiType = { kind: 'money', currency: 'EUR' };

/** The invoice as seller and buyer both hold it (never on chain). */
export interface InvoiceData {
  /** The seller's legal identifier (e.g. its LEI) and the buyer's. */
  readonly sellerId: string;
  readonly buyerId: string;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string;
  /** Wire money, `{ amount: '100000.00', currency: 'EUR' }`. */
  readonly amount: { readonly amount: string; readonly currency: string };
}

/** Domain tag of fingerprint version 1. */
export const FINGERPRINT_DOMAIN = 'covenant:trade-finance:invoice-fingerprint:v1';

/**
 * The invoice fingerprint: HMAC-SHA256, keyed by the secret the seller and buyer share for their
 * trading relationship (32 random bytes agreed once, not per invoice), over the domain tag and the
 * invoice's identifying data, each field length-prefixed so no two invoices encode alike. The same
 * invoice always gives the same fingerprint (so a second presentation is refused on chain); without
 * the key, nobody can test a guess of the (low-entropy) invoice data against it.
 */
export function invoiceFingerprint(relationshipKey: Uint8Array, inv: InvoiceData): string {
  if (relationshipKey.length < 32) throw new Error('the relationship key must have at least 32 bytes');
  const h = createHmac('sha256', relationshipKey);
  for (const part of [FINGERPRINT_DOMAIN, inv.sellerId, inv.buyerId, inv.number.trim(), inv.issueDate, inv.dueDate, inv.amount.currency, inv.amount.amount]) {
    const bytes = Buffer.from(part, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    h.update(len).update(bytes);
  }
  return h.digest('hex');
}

/** A fresh relationship key. */
export function relationshipKey(): Uint8Array {
  return randomBytes(32);
}

/** `YYYY-MM-DD` of `days` after the UTC date of `ms`. */
export function dayAfter(ms: number, days: number): string {
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
}

/** The code a promise fails with (a thrown NodeError/ZkError/SealError code), or 'no error'. */
export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? Promise.resolve().then(p) : p);
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

/** `ok`, or the failed receipt's error code and message. */
export function outcome(r: CallResult): string {
  const receipt = r.committed?.receipt;
  if (receipt === undefined) return 'not committed';
  return receipt.status === 'ok' ? 'ok' : `${receipt.error?.code ?? '?'}: ${receipt.error?.message ?? ''}`;
}
