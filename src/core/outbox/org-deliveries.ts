/**
 * An organisation admin's view of its mail that did not go out (notifications to recipients, codes, invitations to
 * staff) and the "retry now" button. Scoped by organisation through what each item refers to; never the payload.
 */
import type { StaffPrincipal } from '../accounts/staff-sessions.ts';
import { assertOrgAdmin } from '../accounts/org-admin.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { Clock } from '../ports/clock.ts';
import { invitationTopic, recipientTopics, type OrgDelivery, type OutboxSummary } from '../ports/outbox.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RequestMeta } from '../transfers/context.ts';

export async function listOrgDeliveries(repos: Repositories, staff: StaffPrincipal, limit: number): Promise<OrgDelivery[]> {
  assertOrgAdmin(staff);
  return repos.outbox.listUndeliveredForOrg(staff.orgId, limit);
}

/** Whether the item is addressed on behalf of this organisation (its transfer's or its invited user's). */
async function belongsTo(repos: Repositories, orgId: string, item: OutboxSummary): Promise<boolean> {
  if (!item.ref) return false;
  if ((recipientTopics as readonly (string | null)[]).includes(item.topic)) {
    const recipient = await repos.recipients.get(item.ref);
    const transfer = recipient && (await repos.transfers.get(recipient.transferId));
    return transfer?.orgId === orgId;
  }
  if (item.topic === invitationTopic) return (await repos.users.get(orgId, item.ref)) !== undefined;
  return false;
}

/** Queues the item again, due now, with its backoff reset; audited in the organisation's chain. */
export async function retryOrgDelivery(ctx: { repos: Repositories; clock: Clock }, staff: StaffPrincipal, id: string, meta: RequestMeta): Promise<void> {
  assertOrgAdmin(staff);
  const item = await ctx.repos.outbox.get(id);
  // Another organisation's item is "not found", exactly like a missing one.
  if (!item || !(await belongsTo(ctx.repos, staff.orgId, item))) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No such delivery in your organisation' });
  await ctx.repos.transaction(async (tx) => {
    if (!(await tx.outbox.retryNow(id))) {
      throw new SealpostError('SP_ERR_CONFLICT', { message: `Only undelivered items can be retried; this one is ${item.status}`, details: { status: item.status } });
    }
    await audit(tx, ctx.clock.now(), meta, { orgId: staff.orgId, action: 'admin.outbox_retried', actor: staff.email, details: { outboxId: id } });
  });
}
