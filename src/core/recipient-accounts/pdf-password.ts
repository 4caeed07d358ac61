import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { concatBytes, fromBase64Url, toBase64Url } from '../../crypto/bytes.ts';
import { PDF_U_LENGTH, PDF_UE_KEY_LENGTH, type PdfPasswordMaterial } from '../../crypto/pdf-r6.ts';
import type { RecipientAccountContext } from './context.ts';
import type { RecipientAccountPrincipal } from './sessions.ts';

/**
 * The PDF password of a registered recipient (docs/gateway/pdf.md): the gateway delivers their mail as a PDF that
 * opens with it. The device computes /U and K_UE from the password (src/crypto/pdf-r6.ts) and sends only those; the
 * server stores them sealed under SECRET_KEY, never reads them back to anyone, and unseals them only to encrypt a PDF.
 */
export interface PdfMaterialInput {
  /** base64url, 48 bytes. */
  u: string;
  /** base64url, 32 bytes. */
  ueKey: string;
}

function decode(value: string, length: number, field: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(value);
  } catch {
    bytes = new Uint8Array(0);
  }
  if (bytes.length !== length) throw new SealpostError('SP_ERR_VALIDATION', { message: `${field} must be ${length} bytes, base64url`, details: { fields: [field] } });
  return bytes;
}

export async function setPdfPassword(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal, input: PdfMaterialInput, meta: RequestMeta): Promise<void> {
  const u = decode(input.u, PDF_U_LENGTH, 'u');
  const ueKey = decode(input.ueKey, PDF_UE_KEY_LENGTH, 'ueKey');
  const { account } = principal;
  const sealed = ctx.secrets.sealPdfMaterial(account.id, toBase64Url(concatBytes(u, ueKey)));
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    const replaced = (await tx.recipientPdfKeys.get(account.id)) !== undefined;
    await tx.recipientPdfKeys.put(account.id, sealed, now);
    await audit(tx, now, meta, { action: 'recipient_account.pdf_password_set', actor: account.email, details: { accountId: account.id, replaced } });
  });
}

/** Removes the material; from then on the gateway delivers to this recipient in another format. Idempotent. */
export async function removePdfPassword(ctx: RecipientAccountContext, principal: RecipientAccountPrincipal, meta: RequestMeta): Promise<void> {
  const { account } = principal;
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (await tx.recipientPdfKeys.delete(account.id)) {
      await audit(tx, now, meta, { action: 'recipient_account.pdf_password_removed', actor: account.email, details: { accountId: account.id } });
    }
  });
}

export async function hasPdfPassword(ctx: Pick<RecipientAccountContext, 'repos'>, accountId: string): Promise<boolean> {
  return (await ctx.repos.recipientPdfKeys.get(accountId)) !== undefined;
}

/**
 * For the gateway: the material to encrypt a PDF to `email` (lower-case), or null when the address has no account or
 * no PDF password. Throws if the seal does not open (another SECRET_KEY): the gateway then answers 451, fail closed.
 */
export async function pdfMaterialFor(ctx: Pick<RecipientAccountContext, 'repos' | 'secrets'>, email: string): Promise<PdfPasswordMaterial | null> {
  const account = await ctx.repos.recipientAccounts.findByEmail(email.toLowerCase());
  const row = account && (await ctx.repos.recipientPdfKeys.get(account.id));
  if (!account || !row) return null;
  const bytes = fromBase64Url(ctx.secrets.openPdfMaterial(account.id, row.materialSealed));
  if (bytes.length !== PDF_U_LENGTH + PDF_UE_KEY_LENGTH) throw new SealpostError('SP_ERR_INTERNAL', { message: 'Malformed PDF password material' });
  return { u: bytes.slice(0, PDF_U_LENGTH), ueKey: bytes.slice(PDF_U_LENGTH) };
}
