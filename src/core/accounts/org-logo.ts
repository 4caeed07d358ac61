/**
 * An organisation's logo: PNG only, small, stored in the settings store and served from our own origin as
 * `image/png` with `nosniff`. SVG is refused rather than sanitised: an SVG is a document that can carry script, and
 * no sanitiser we would have to trust is worth that for a header logo.
 */
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';
import type { AccountContext } from './context.ts';
import { assertOrgAdmin } from './org-admin.ts';
import type { StaffPrincipal } from './staff-sessions.ts';

export const LOGO_MAX_BYTES = 100 * 1024;
export const LOGO_MAX_SIDE = 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function orgLogoKey(orgId: string): string {
  return `org.logo.${orgId}`;
}

function refuse(message: string): SealpostError {
  return new SealpostError('SP_ERR_VALIDATION', { message, details: { field: 'logo' } });
}

/** Checks the PNG signature and its IHDR chunk (the first chunk, by the PNG spec); returns the image size. */
export function checkPng(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length > LOGO_MAX_BYTES) throw new SealpostError('SP_ERR_TOO_LARGE', { message: `The logo may be at most ${LOGO_MAX_BYTES / 1024} KiB`, details: { field: 'logo', maxBytes: LOGO_MAX_BYTES } });
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw refuse('The logo must be a PNG image');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdr = String.fromCharCode(...bytes.slice(12, 16));
  if (view.getUint32(8) !== 13 || ihdr !== 'IHDR') throw refuse('The logo must be a PNG image');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0 || width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE) throw refuse(`The logo may be at most ${LOGO_MAX_SIDE} pixels wide and high`);
  return { width, height };
}

function fromBase64(value: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw refuse('The logo must be base64');
  return Uint8Array.from(Buffer.from(value, 'base64'));
}

export async function setOrgLogo(ctx: AccountContext, staff: StaffPrincipal, base64: string, meta: RequestMeta): Promise<{ width: number; height: number }> {
  assertOrgAdmin(staff);
  const bytes = fromBase64(base64);
  const size = checkPng(bytes);
  await ctx.repos.transaction(async (tx) => {
    await tx.settings.set(orgLogoKey(staff.orgId), { png: Buffer.from(bytes).toString('base64') });
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'org.logo_changed', actor: staff.email, details: { bytes: bytes.length, width: size.width, height: size.height } });
  });
  return size;
}

export async function removeOrgLogo(ctx: AccountContext, staff: StaffPrincipal, meta: RequestMeta): Promise<void> {
  assertOrgAdmin(staff);
  await ctx.repos.transaction(async (tx) => {
    await tx.settings.delete(orgLogoKey(staff.orgId));
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'org.logo_changed', actor: staff.email, details: { bytes: 0 } });
  });
}

/** The stored PNG, or undefined. */
export async function orgLogo(repos: Repositories, orgId: string): Promise<Uint8Array | undefined> {
  const stored = (await repos.settings.get(orgLogoKey(orgId))) as { png?: unknown } | undefined;
  return typeof stored?.png === 'string' ? Uint8Array.from(Buffer.from(stored.png, 'base64')) : undefined;
}
