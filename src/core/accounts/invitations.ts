import { hashPassword } from '../../crypto/password-hash.ts';
import { audit } from '../audit/audit.ts';
import { enqueueOutbound } from '../delivery/outbound-message.ts';
import { renderMail } from '../notifications/index.ts';
import { invitationTopic } from '../ports/outbox.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta } from '../transfers/context.ts';
import { newPublicId, newToken } from '../transfers/ids.ts';
import type { AccountContext } from './context.ts';
import type { Organisation, Role, UserRecord } from './model.ts';
import { assertPasswordAllowed } from './password-policy.ts';

/** Lower-case, trimmed; a plain shape check (the HTTP edge validates with zod first). */
export function normaliseEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new SealpostError('SP_ERR_VALIDATION', { message: 'The e-mail address is invalid', details: { field: 'email' } });
  return email;
}

export function invitationUrl(publicUrl: string, token: string): string {
  // The token travels in the fragment: it never reaches server logs or Referer headers.
  return `${publicUrl}/#/invitation/${token}`;
}

export function emailInDomains(email: string, domains: string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domains.includes(domain);
}

/** Adds a user (or re-invites one who never accepted) and returns a single-use invitation link; the token is stored hashed. */
export async function createInvitation(
  ctx: AccountContext,
  org: Organisation,
  input: { email: string; role: Role },
  meta: RequestMeta | null,
  actor: string,
  /** Also mail the link to the person (the admin still sees it once), in this language. */
  mail?: { lang: string },
): Promise<{ userId: string; url: string; expiresAt: Date }> {
  const email = normaliseEmail(input.email);
  if (!emailInDomains(email, org.domains)) {
    throw new SealpostError('SP_ERR_VALIDATION', { message: "The address is not in one of the organisation's domains", details: { field: 'email' } });
  }
  const now = ctx.clock.now();
  const existing = (await ctx.repos.users.findByEmail(email)).find((u) => u.orgId === org.id);
  if (existing?.passwordHash) throw new SealpostError('SP_ERR_CONFLICT', { message: 'This person already has an account' });
  const user: UserRecord = existing ?? {
    id: newPublicId(), orgId: org.id, email, role: input.role, disabled: false, passwordHash: null, totpSecret: null, totpEnrolledAt: null,
    totpLastStep: null, totpPendingSecret: null, smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, failedSignIns: 0, lockedAt: null, keyWrappedByPassword: null, keyWrappedByRecovery: null, publicKey: null, createdAt: now, lastSignInAt: null,
  };
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ctx.policy.invitationHours * 3600 * 1000);
  await ctx.repos.transaction(async (tx) => {
    if (!existing) await tx.users.create(user);
    await tx.invitations.create({ tokenHash: ctx.secrets.digest('token', token), orgId: org.id, userId: user.id, createdAt: now, expiresAt, usedAt: null });
    await audit(tx, now, meta, { orgId: org.id, action: 'account.invited', actor, details: { userId: user.id, role: user.role } });
    if (mail && ctx.sealer) {
      // Sealed in the outbox like every link secret, erased once delivered; a dead relay means retries, not a lost invitation.
      const rendered = renderMail('staffInvitation', mail.lang, { orgName: org.name, link: invitationUrl(ctx.publicUrl, token), expiresAt });
      const message = { kind: 'mail' as const, mail: { to: [{ address: email }], subject: rendered.subject, text: rendered.text, html: rendered.html } };
      await enqueueOutbound(tx, ctx.sealer, message, { topic: invitationTopic, ref: user.id });
    }
  });
  return { userId: user.id, url: invitationUrl(ctx.publicUrl, token), expiresAt };
}

export interface InvitationView {
  orgName: string;
  email: string;
  expiresAt: Date;
}

async function openInvitation(ctx: AccountContext, token: string) {
  const invitation = await ctx.repos.invitations.find(ctx.secrets.digest('token', token), ctx.clock.now());
  const user = invitation && (await ctx.repos.users.get(invitation.orgId, invitation.userId));
  const org = invitation && (await ctx.repos.organisations.get(invitation.orgId));
  if (!invitation || !user || !org || user.disabled) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'This invitation is unknown, used or expired' });
  return { invitation, user, org };
}

export async function viewInvitation(ctx: AccountContext, token: string): Promise<InvitationView> {
  const { invitation, user, org } = await openInvitation(ctx, token);
  return { orgName: org.name, email: user.email, expiresAt: invitation.expiresAt };
}

/** Sets the password (policy checked first) and uses the invitation up; the caller then starts a session for TOTP enrolment. */
export async function acceptInvitation(ctx: AccountContext, input: { token: string; password: string }, meta: RequestMeta): Promise<UserRecord> {
  const { invitation, user } = await openInvitation(ctx, input.token);
  assertPasswordAllowed(input.password, user.email);
  const passwordHash = await hashPassword(input.password, ctx.policy.passwordHash);
  const now = ctx.clock.now();
  return ctx.repos.transaction(async (tx) => {
    if (!(await tx.invitations.markUsed(invitation.tokenHash, now))) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'This invitation is unknown, used or expired' });
    // A re-invitation (factor reset) starts over: new password, new second factor.
    await tx.users.update(user.orgId, user.id, { passwordHash, totpSecret: null, totpPendingSecret: null, totpEnrolledAt: null, smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, lockedAt: null });
    await tx.recoveryCodes.replace(user.id, []);
    await tx.users.resetFailures(user.id);
    await audit(tx, now, meta, { orgId: user.orgId, action: 'account.invitation_accepted', actor: user.email, details: { userId: user.id } });
    return { ...user, passwordHash, totpSecret: null, totpEnrolledAt: null, smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, lockedAt: null, failedSignIns: 0 };
  });
}
