import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { storageUsage, updateAgreements, viewAgreements } from '../../core/agreements/change.ts';
import { agreementsOf } from '../../core/agreements/enforce.ts';
import { addinSendingModes, type EffectiveAgreements } from '../../core/agreements/model.ts';
import { senderAgreements } from '../../client/api-contract.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import { notificationLanguages, verificationMethods } from '../../core/transfers/model.ts';
import { requestMeta } from '../request-context.ts';
import { createSenderAuth } from '../sender-auth-hook.ts';
import type { StaffAuth } from '../staff-auth.ts';

const method = z.enum(verificationMethods);
const lang = z.enum(notificationLanguages);
const source = z.enum(['installation', 'organisation']);
const domain = z.string().min(3).max(253);
const days = z.int().min(1).max(3650);
const effective = <T extends z.ZodType>(value: T) => z.object({ value, source });
const addinMode = z.enum(addinSendingModes);

/** Every agreement with its effective value and where it comes from (docs/agreements.md). */
export const agreementsView = z.object({
  allowedMethods: effective(z.array(method)),
  defaultMethod: effective(method),
  defaultExpiryDays: effective(z.int()),
  maxExpiryDays: effective(z.int()),
  recipientScope: effective(z.enum(['all', 'external'])),
  trustedDomains: effective(z.array(z.string())),
  guestRecipients: effective(z.enum(['anyone', 'organisation'])),
  defaultLanguage: effective(lang),
  hideFileNames: effective(z.boolean()),
  senderMayShowFileNames: effective(z.boolean()),
  deleteUnopenedAfterDays: effective(z.int()),
  alwaysSecureDomains: effective(z.array(z.string())),
  sentItemsRetentionDays: effective(z.int()),
  auditRetentionDays: effective(z.int()),
  storageQuotaMiB: effective(z.int()),
  maxMessageMiB: effective(z.int()),
  largeAttachmentMiB: effective(z.int()),
  gatewayRegisteredFormat: effective(z.enum(['portal', 'pdf'])),
  gatewayNotifySender: effective(z.boolean()),
  gatewayNotifyDownloads: effective(z.boolean()),
  gatewayReplyFormat: effective(z.enum(['clear', 'smime'])),
  addinSendingMode: effective(addinMode),
});

/** A value sets the organisation's own; null returns the setting to the installation default; absent keeps it. */
export const agreementsChange = z
  .object({
    allowedMethods: z.array(method).min(1).max(5).nullable().optional(),
    defaultMethod: method.nullable().optional(),
    defaultExpiryDays: days.nullable().optional(),
    maxExpiryDays: days.nullable().optional(),
    recipientScope: z.enum(['all', 'external']).nullable().optional(),
    trustedDomains: z.array(domain).max(100).nullable().optional(),
    guestRecipients: z.enum(['anyone', 'organisation']).nullable().optional(),
    defaultLanguage: lang.nullable().optional(),
    hideFileNames: z.boolean().nullable().optional(),
    senderMayShowFileNames: z.boolean().nullable().optional(),
    deleteUnopenedAfterDays: z.int().min(0).max(3650).nullable().optional(),
    alwaysSecureDomains: z.array(domain).max(100).nullable().optional(),
    sentItemsRetentionDays: z.int().min(0).max(36500).nullable().optional(),
    /** 0 keeps entries; otherwise at least the legal floor (180 days; refused below it naming the field). */
    auditRetentionDays: z.int().min(0).max(36500).nullable().optional(),
    storageQuotaMiB: z.int().min(0).max(1_000_000_000).nullable().optional(),
    maxMessageMiB: z.int().min(0).max(1_000_000_000).nullable().optional(),
    largeAttachmentMiB: z.int().min(0).max(1_000_000).nullable().optional(),
    gatewayRegisteredFormat: z.enum(['portal', 'pdf']).nullable().optional(),
    gatewayNotifySender: z.boolean().nullable().optional(),
    gatewayNotifyDownloads: z.boolean().nullable().optional(),
    gatewayReplyFormat: z.enum(['clear', 'smime']).nullable().optional(),
    /** How the Outlook add-in sends a mail marked secure: `gateway` (through Exchange to the gateway) or `end-to-end`. */
    addinSendingMode: addinMode.nullable().optional(),
  })
  .strict();

const view = (e: EffectiveAgreements): z.infer<typeof agreementsView> => e;

/**
 * The workplace agreements: the organisation admin reads and changes them (GET/PATCH /api/org/agreements, audited);
 * any sender reads the choices they leave (GET /api/sender/agreements). The server enforces them on every send
 * (src/core/agreements/enforce.ts) whatever a client shows.
 */
export function agreementRoutes(accounts: AccountContext, transfers: TransferContext, staffAuth: StaffAuth): FastifyPluginAsyncZod {
  const senderAuth = createSenderAuth(transfers, staffAuth);
  const admin = { auth: [staffAuth.staff] };
  const security = [{ staffSession: [] }];
  const tags = ['organisation admin'];
  return async (app) => {
    app.get('/api/org/agreements', { config: admin, schema: { tags, security, summary: 'The workplace agreements: each effective value and whether it comes from the installation or the organisation', response: { 200: agreementsView } } }, async (request) =>
      view(await viewAgreements(accounts, transfers.policy, staffAuth.of(request))),
    );

    app.patch(
      '/api/org/agreements',
      { config: admin, schema: { tags, security, summary: "Change workplace agreements (null: back to the installation default); an organisation may narrow the installation's choices, never widen them", body: agreementsChange, response: { 200: agreementsView } } },
      async (request) => view(await updateAgreements(accounts, transfers.policy, staffAuth.of(request), request.body, requestMeta(request))),
    );

    app.get(
      '/api/org/agreements/usage',
      { config: admin, schema: { tags, security, summary: "What the organisation's staff messages hold against storageQuotaMiB: declared ciphertext of drafts and live messages", response: { 200: z.object({ storageUsedBytes: z.int(), files: z.int() }) } } },
      async (request) => storageUsage(accounts, staffAuth.of(request)),
    );

    app.get(
      '/api/sender/agreements',
      { config: { auth: senderAuth.senders }, schema: { tags: ['sender'], security: [{ bearerAuth: [] }, ...security], summary: "The choices your organisation's agreements leave you when composing", response: { 200: senderAgreements } } },
      async (request) => {
        const sender = senderAuth.sender(request);
        const { values, effective } = await agreementsOf(transfers, { email: sender.email, orgId: sender.staff?.orgId });
        const { allowedMethods, defaultMethod, defaultExpiryDays, maxExpiryDays, recipientScope, defaultLanguage, hideFileNames, senderMayShowFileNames, alwaysSecureDomains, largeAttachmentMiB, addinSendingMode } = values;
        return { allowedMethods, defaultMethod, defaultExpiryDays, maxExpiryDays, recipientScope, defaultLanguage, defaultLanguageSource: effective.defaultLanguage.source, hideFileNames, senderMayShowFileNames, alwaysSecureDomains, largeAttachmentMiB, addinSendingMode };
      },
    );
  };
}
