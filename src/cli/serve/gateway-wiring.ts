/**
 * Wires the gateway's handler (src/smtp/gateway.ts) to the running server: the parser pool, the directory's keys,
 * registered recipients, the portal sender over loopback, the output formats, held mail and the sender's note; and
 * the two gateway jobs (held mail released on registration, replies relayed to the sender's mailbox). Every port is a
 * thin adapter over a module of its own; the decisions stay in the handler.
 */
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../../config/config.ts';
import type { AccountContext } from '../../core/accounts/context.ts';
import type { GatewayCredentials } from '../../core/accounts/gateway-credentials.ts';
import { agreementsOf } from '../../core/agreements/enforce.ts';
import { encryptionKeysFor, harvestCertificates } from '../../core/directory/recipient-keys.ts';
import { loadOrgRuleSet } from '../../core/dlp/org-rules.ts';
import type { RuleSet } from '../../core/dlp/rule-set.ts';
import { loadRuleSetWithStatus } from '../../core/dlp/rule-store.ts';
import type { GatewayContext } from '../../core/gateway/context.ts';
import { markGatewayTransfer } from '../../core/gateway/gateway-transfers.ts';
import { canHold, holdMail } from '../../core/gateway/held.ts';
import type { GatewayEnvelope } from '../../core/gateway/model.ts';
import { notifySenderOfGatewayMail, type GatewayRecipientSummary } from '../../core/gateway/sender-note.ts';
import { decideProtection } from '../../core/gateway/triggers.ts';
import { pdfMaterialFor } from '../../core/recipient-accounts/pdf-password.ts';
import type { ScheduledJob } from '../../jobs/scheduler.ts';
import { createGatewayHeldJob } from '../../jobs/gateway-held.ts';
import { createGatewayRepliesJob } from '../../jobs/gateway-replies.ts';
import { generateAccessCode } from '../../crypto/index.ts';
import { createGatewayHandler, type GatewayDeps, type GatewaySender } from '../../smtp/gateway.ts';
import type { GatewayHandler, GatewayTransaction } from '../../smtp/handler.ts';
import { heldRefusal } from '../../smtp/held-refusal.ts';
import { createPortalSender } from '../../smtp/deliver/portal-sender.ts';
import { portalRouteFor } from '../../smtp/deliver/portal-route.ts';
import { staffForAddress } from '../../smtp/deliver/staff-sender.ts';
import { createParsePool, type ParsePool } from '../../smtp/mime/parse-in-worker.ts';
import { mimeLimitsSchema } from '../../smtp/mime/limits.ts';
import { buildPgpMail } from '../../smtp/out/pgp-mail.ts';
import { buildPdfMail } from '../../smtp/out/pdf-mail.ts';
import { buildSmimeMail, wrapSmime } from '../../smtp/out/smime-mail.ts';
import type { Relay } from '../../smtp/relay.ts';
import { GatewayRefusal } from '../../smtp/handler.ts';
import type { GatewayDeliveryRepository } from '../../core/ports/gateway-deliveries.ts';

/**
 * The security-notice rules the gateway decides with. A stored set that no longer validates (the organisation's, or
 * the installation's it falls back to) is a policy the gateway cannot evaluate: it throws, the transport answers 451
 * and Postfix keeps the mail, rather than deciding with the built-in defaults and relaying in clear what the
 * organisation's rules would have protected.
 */
async function gatewayRuleSet(repos: GatewayContext['repos'], orgId: string): Promise<RuleSet> {
  const loaded = await loadOrgRuleSet(repos, orgId);
  if (loaded.source === 'invalid') throw new Error(`the organisation's security-notice rules are invalid (${loaded.issues.length} issues): fix them in the console`);
  if (loaded.source === 'default' && (await loadRuleSetWithStatus(repos.settings)).source === 'invalid') {
    throw new Error('the installation-wide security-notice rules are invalid: fix them with ADMIN_TOKEN');
  }
  return loaded.rules;
}

/**
 * The envelope and header sender of relayed replies. A PUBLIC_URL with an IP address needs an address literal
 * (RFC 5321 §4.1.3): Postfix refuses `no-reply@127.0.0.1` with "Illegal address syntax", and the reply would wait.
 */
export function noReplyAddress(publicUrl: string): string {
  const host = new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  const kind = isIP(host);
  return `no-reply@${kind === 4 ? `[${host}]` : kind === 6 ? `[IPv6:${host}]` : host}`;
}

export interface GatewayWiring {
  /** The handler for the listener; `baseUrl` is this process's own HTTP listener, known once it listens. */
  handler(baseUrl: string): GatewayHandler;
  jobs: ScheduledJob[];
  close(): Promise<void>;
}

export function wireGateway(config: GatewayConfig, deps: {
  gateway: GatewayContext;
  accounts: AccountContext;
  credentials: GatewayCredentials;
  relay: Relay;
  deliveries: GatewayDeliveryRepository;
  logger: Logger;
}): GatewayWiring {
  const { gateway: ctx, relay, logger } = deps;
  const pool: ParsePool = createParsePool();
  const limits = mimeLimitsSchema.parse({ maxParts: config.maxParts, maxDepth: config.maxDepth, maxHeaderBytes: config.maxHeaderBytes, timeoutMs: config.parseTimeoutMs });
  let handler: GatewayHandler | undefined;

  const senderOf: GatewayDeps['senderOf'] = async (mailFrom) => {
    try {
      const staff = await staffForAddress(ctx, mailFrom);
      if (!staff) return null;
      const { values } = await agreementsOf(ctx, { email: staff.email, orgId: staff.orgId });
      const sender: GatewaySender = { userId: staff.userId, orgId: staff.orgId, email: staff.email, name: staff.email, lang: values.defaultLanguage };
      return { orgId: staff.orgId, staff: sender };
    } catch (error) {
      // An address of one of our organisations without an active account: its mail passes unless it must be protected.
      if (!(error instanceof GatewayRefusal)) throw error;
      const email = mailFrom.trim().toLowerCase();
      const orgs = await ctx.repos.organisations.findByDomains([email.slice(email.lastIndexOf('@') + 1)]);
      const orgId = orgs[0]?.id ?? (await ctx.repos.users.findByEmail(email))[0]?.orgId;
      return orgId ? { orgId, staff: null } : null;
    }
  };

  const gatewayDeps = (baseUrl: string): GatewayDeps => {
    const portal = createPortalSender({ baseUrl, credentials: deps.credentials, clock: ctx.clock, repos: ctx.repos });
    return {
      parse: (raw) => pool.parse(raw, { spoolDir: config.spoolDir, limits }),
      senderOf,
      agreements: async (orgId) => (await agreementsOf(ctx, { email: '', orgId })).values,
      async decide(mail, c) {
        const rules = await gatewayRuleSet(ctx.repos, c.orgId);
        return decideProtection({
          subject: mail.subject, secureHeader: mail.secureHeader, headerTrusted: c.headerTrusted, sender: c.senderAddress,
          recipients: c.recipients, to: mail.to, cc: mail.cc, text: mail.text,
          attachments: mail.attachments.map((a) => ({ name: a.name, size: a.size })),
          agreements: { alwaysSecureDomains: c.agreements.alwaysSecureDomains }, rules,
        }, config.subjectTags);
      },
      async routeFacts({ orgId, recipient, decision, agreements }) {
        const [keys, account] = await Promise.all([encryptionKeysFor(ctx, orgId, recipient), ctx.repos.recipientAccounts.findByEmail(recipient)]);
        const sender = { email: '', orgId };
        const route = await portalRouteFor(ctx, sender, recipient, { smsHint: decision.smsHint, noticeRuleIds: decision.noticeRuleIds });
        const pdfPassword = account ? (await ctx.repos.recipientPdfKeys.get(account.id)) !== undefined : false;
        return {
          smime: keys.smime, pgp: keys.pgp,
          registered: account ? { pdfPassword } : null,
          registeredFormat: agreements.gatewayRegisteredFormat,
          portal: route.held === true ? { held: true } : { method: route.method, phone: route.phone, ...(route.accessCode ? { accessCode: route.accessCode } : {}) },
          lang: route.lang,
        };
      },
      async sendPortal(sender, mail, decision, delivery, agreements) {
        const sent = await portal.send({
          sender: { userId: sender.userId, orgId: sender.orgId, email: sender.email },
          recipients: delivery.recipients.map((r) => ({ ...r, ...(r.accessCode ? { accessCode: r.accessCode } : {}) })),
          subject: decision.subject, text: mail.text, html: delivery.files === mail.attachments ? mail.html : null, files: delivery.files,
          notify: delivery.notify, notifyOnOpen: agreements.gatewayNotifyDownloads, noticeRuleIds: decision.noticeRuleIds,
        });
        await markGatewayTransfer(ctx, sent.transferId, { orgId: sender.orgId, senderUserId: sender.userId, senderEmail: sender.email, lang: sender.lang, messageId: mail.messageId, subject: decision.subject });
        return sent;
      },
      buildSmime: (content, certificates) => buildSmimeMail(content, certificates),
      buildPgp: (content, key) => buildPgpMail(content, key),
      async buildPdf(content, recipient, replyUrl) {
        const material = await pdfMaterialFor(ctx, recipient);
        // The route chose the PDF because the material existed a moment ago; gone now (a reset) means try again.
        if (!material) throw new Error('the recipient removed their PDF password while the mail was on its way');
        return buildPdfMail(content, material, { replyUrl });
      },
      relay: (envelope, message) => relay.send(envelope, message),
      async hold(sender, recipient, lang, decision, raw, envelope) {
        const check = await canHold(ctx, { senderUserId: sender.userId, recipient });
        if (!check.ok) throw heldRefusal(check);
        await holdMail(ctx, { orgId: sender.orgId, senderUserId: sender.userId, senderEmail: sender.email, senderName: sender.name, senderLang: sender.lang, recipient, lang, subject: decision.subject, raw, envelope });
      },
      async notifySender(sender, subject, deliveries) {
        const recipients = deliveries.flatMap((d): GatewayRecipientSummary[] => {
          if (d.format === 'held') return [];
          if (d.format === 'portal') return [{ email: d.recipient, format: 'portal', method: d.method ?? 'email', phone: null, accessCode: d.accessCode }];
          return [{ email: d.recipient, format: d.format }];
        });
        if (recipients.length > 0) await notifySenderOfGatewayMail(ctx, { email: sender.email, orgId: sender.orgId }, { subject, transferId: null, recipients });
      },
      harvest: async (orgId, from, certificates) => {
        await harvestCertificates(ctx, orgId, from, certificates);
      },
      newAccessCode: () => generateAccessCode(),
      now: () => ctx.clock.now(),
      log: logger,
    };
  };

  /** A held mail whose recipient registered goes through the same handler, as if Postfix handed it over again. */
  async function redeliver(mail: { envelope: { mailFrom: string; rcptTo: string[] }; raw: GatewayTransaction['message'] | (Omit<GatewayTransaction['message'], never>); heldId: string }): Promise<void> {
    if (!handler) throw new Error('the gateway is not listening yet');
    const envelope: GatewayEnvelope = { mailFrom: mail.envelope.mailFrom, rcptTo: mail.envelope.rcptTo, remoteAddress: 'held-mail' };
    const fingerprint = `held:${mail.heldId}`;
    const result = await handler.handle({
      envelope, message: mail.raw, fingerprint,
      alreadyDone: (recipient) => deps.deliveries.isDone(fingerprint, recipient),
      markDone: (recipient, format) => deps.deliveries.markDone(fingerprint, recipient, format),
    });
    // A held mail was protected when it arrived; the answer 'relay' now means the sender is no longer one of ours
    // or a rule that triggered is gone. Neither makes it right to send it in clear: it stays held (the job retries
    // with backoff and expires it as any other held mail, telling the sender).
    if (result.action === 'relay') throw new Error('a held mail is no longer protected by the current policy; it is not relayed in clear');
  }

  const jobs = [
    createGatewayHeldJob(ctx, { redeliver, intervalMs: 15_000, logger }),
    createGatewayRepliesJob(ctx, {
      relay,
      fromAddress: noReplyAddress(ctx.publicUrl),
      smimeForSender: async (senderEmail, innerMime) => {
        const staff = await staffForAddress(ctx, senderEmail).catch(() => undefined);
        if (!staff) return null;
        const { smime } = await encryptionKeysFor(ctx, staff.orgId, senderEmail);
        return smime.length > 0 ? wrapSmime(innerMime, smime) : null;
      },
      intervalMs: 15_000,
      logger,
    }),
  ];

  return {
    handler(baseUrl) {
      handler = createGatewayHandler(gatewayDeps(baseUrl), { headerTrusted: true });
      return handler;
    },
    jobs,
    close: () => pool.close(),
  };
}
