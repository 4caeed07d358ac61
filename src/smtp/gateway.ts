/**
 * The gateway's handler (issue 14, docs/gateway.md): decides per mail whether it is protected and delivers every
 * recipient in the strongest format the organisation knows for them. Everything it needs arrives as a port
 * (GatewayDeps), wired in src/smtp/wiring.ts, so this file holds only the decisions. It fails closed: any error it
 * does not turn into a deliberate refusal reaches the transport, which answers 451 and Postfix retries; a mail that
 * should be protected is never relayed in clear.
 */
import type { AgreementValues } from '../core/agreements/model.ts';
import type { DeliveryFormat, GatewayEnvelope, ParsedMail, ProtectionDecision, RecipientRoute, SecureMailContent, SpooledAttachment } from '../core/gateway/model.ts';
import type { RouteFacts } from '../core/gateway/route.ts';
import { routeFor } from '../core/gateway/route.ts';
import type { NotificationLanguage, VerificationMethod } from '../core/transfers/model.ts';
import { GatewayRefusal, type GatewayHandler, type GatewayResult, type GatewayTransaction } from './handler.ts';

export interface GatewaySender {
  userId: string;
  orgId: string;
  email: string;
  name: string;
  lang: NotificationLanguage;
}

export interface ParsedMailHandle extends ParsedMail {
  discard(): Promise<void>;
}

/** One recipient's delivery as the sender's note reports it. */
export interface RecipientDelivery {
  recipient: string;
  format: DeliveryFormat;
  method?: VerificationMethod | undefined;
  accessCode?: string | undefined;
}

export interface PortalDelivery {
  recipients: Array<{ email: string; field: 'to' | 'cc'; method: VerificationMethod; phone: string | null; lang: NotificationLanguage; accessCode?: string | undefined }>;
  files: SpooledAttachment[];
  notify: boolean;
}

export interface GatewayDeps {
  parse(raw: GatewayTransaction['message']): Promise<ParsedMailHandle>;
  /** The organisation whose domains the envelope sender is in (null: not one of ours) and its staff member, if any. */
  senderOf(mailFrom: string): Promise<{ orgId: string; staff: GatewaySender | null } | null>;
  agreements(orgId: string): Promise<AgreementValues>;
  /** Tags, trusted header, security-notice rules and agreements over this mail. */
  decide(mail: ParsedMail, context: { orgId: string; senderAddress: string; recipients: string[]; headerTrusted: boolean; agreements: AgreementValues }): Promise<ProtectionDecision>;
  /** What the organisation knows about a recipient, for routeFor. */
  routeFacts(context: { orgId: string; recipient: string; decision: ProtectionDecision; agreements: AgreementValues; mail: ParsedMail }): Promise<RouteFacts>;
  /** A portal message as the sender (the one send pipeline); links per recipient when notify is false. */
  sendPortal(sender: GatewaySender, mail: ParsedMail, decision: ProtectionDecision, delivery: PortalDelivery, agreements: AgreementValues): Promise<{ transferId: string; links: Record<string, string> }>;
  buildSmime(content: SecureMailContent, certificates: Uint8Array[]): Promise<Uint8Array>;
  buildPgp(content: SecureMailContent, armoredKey: string): Promise<Uint8Array>;
  buildPdf(content: SecureMailContent, recipient: string, replyUrl: string): Promise<Uint8Array>;
  relay(envelope: { from: string; to: string[] }, message: Uint8Array): Promise<void>;
  hold(sender: GatewaySender, recipient: string, lang: NotificationLanguage, decision: ProtectionDecision, raw: GatewayTransaction['message'], envelope: GatewayEnvelope): Promise<void>;
  notifySender(sender: GatewaySender, subject: string, deliveries: RecipientDelivery[], agreements: AgreementValues): Promise<void>;
  /** Certificates from a signed mail: stored as pending until an admin approves them. Never fails the mail. */
  harvest(orgId: string, fromAddress: string, certificates: Uint8Array[]): Promise<void>;
  newAccessCode(): string;
  now(): Date;
  log: { warn(details: Record<string, unknown>, message: string): void };
}

export interface GatewayOptions {
  /**
   * Whether this listener is the organisation's submission path (docs/gateway.md): only there is the add-in's
   * `X-Sealpost-Secure` header believed. A mail from outside never reaches a trusted listener.
   */
  headerTrusted: boolean;
}

/** Until the runtime wires the ports: every mail answered 451, so nothing that should be protected leaves in clear. */
export const notReadyHandler: GatewayHandler = { handle: () => Promise.reject(new Error('the gateway is not ready yet')) };

export function createGatewayHandler(deps: GatewayDeps, options: GatewayOptions): GatewayHandler {
  return {
    async handle(tx) {
      const who = await deps.senderOf(tx.envelope.mailFrom);
      // Not one of our organisations' senders (a bounce, a forward, inbound mail): nothing of ours to protect.
      if (who === null) return { action: 'relay' };
      const mail = await deps.parse(tx.message);
      try {
        return await protectIfNeeded(deps, options, tx, who, mail);
      } finally {
        await mail.discard();
      }
    },
  };
}

async function protectIfNeeded(deps: GatewayDeps, options: GatewayOptions, tx: GatewayTransaction, who: { orgId: string; staff: GatewaySender | null }, mail: ParsedMailHandle): Promise<GatewayResult> {
  if (mail.signerCertificates.length > 0 && mail.from !== null) {
    await deps.harvest(who.orgId, mail.from.address, mail.signerCertificates).catch((error: unknown) => {
      deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'gateway: harvesting certificates failed');
    });
  }
  const agreements = await deps.agreements(who.orgId);
  const decision = await deps.decide(mail, {
    orgId: who.orgId, senderAddress: tx.envelope.mailFrom, recipients: tx.envelope.rcptTo, headerTrusted: options.headerTrusted, agreements,
  });
  if (decision.reasons.length === 0) return { action: 'relay' };
  if (who.staff === null) {
    throw new GatewayRefusal(550, '5.7.1', 'You are not a Sealpost sender yet: ask your administrator to invite you. Your mail was not sent.');
  }
  const sender = who.staff;
  const pending: string[] = [];
  for (const recipient of tx.envelope.rcptTo) if (!(await tx.alreadyDone(recipient))) pending.push(recipient);
  const routes = await Promise.all(pending.map(async (recipient) => ({ recipient, route: routeFor(await deps.routeFacts({ orgId: who.orgId, recipient, decision, agreements, mail })) })));
  const deliveries = await deliverAll(deps, tx, sender, mail, decision, agreements, routes);
  if (deliveries.length > 0) await deps.notifySender(sender, decision.subject, deliveries, agreements);
  return { action: 'done', recipients: deliveries.map((d) => ({ recipient: d.recipient, format: d.format })) };
}

type Routed = { recipient: string; route: RecipientRoute };

async function deliverAll(deps: GatewayDeps, tx: GatewayTransaction, sender: GatewaySender, mail: ParsedMail, decision: ProtectionDecision, agreements: AgreementValues, routes: Routed[]): Promise<RecipientDelivery[]> {
  const out: RecipientDelivery[] = [];
  const portal = routes.filter((r): r is { recipient: string; route: Extract<RecipientRoute, { format: 'portal' }> } => r.route.format === 'portal');
  if (portal.length > 0) out.push(...(await deliverPortal(deps, tx, sender, mail, decision, agreements, portal)));
  for (const { recipient, route } of routes) {
    if (route.format === 'portal') continue;
    if (route.format === 'held') {
      await deps.hold(sender, recipient, mail.language ?? agreements.defaultLanguage, decision, tx.message, tx.envelope);
    } else {
      const built = await buildProtected(deps, sender, mail, decision, agreements, recipient, route);
      await deps.relay({ from: tx.envelope.mailFrom, to: [recipient] }, built.message);
      await tx.markDone(recipient, route.format);
      out.push({ recipient, format: route.format, method: built.linkMethod, accessCode: built.accessCode });
      continue;
    }
    await tx.markDone(recipient, route.format);
    out.push({ recipient, format: route.format });
  }
  return out;
}

/** Portal recipients named in To or Cc share one message (the sent item shows it once); each Bcc gets one of their own. */
async function deliverPortal(deps: GatewayDeps, tx: GatewayTransaction, sender: GatewaySender, mail: ParsedMail, decision: ProtectionDecision, agreements: AgreementValues, routed: Array<{ recipient: string; route: Extract<RecipientRoute, { format: 'portal' }> }>): Promise<RecipientDelivery[]> {
  const field = (email: string): 'to' | 'cc' | 'bcc' => (mail.to.includes(email) ? 'to' : mail.cc.includes(email) ? 'cc' : 'bcc');
  const visible = routed.filter((r) => field(r.recipient) !== 'bcc');
  const groups = [...(visible.length > 0 ? [visible] : []), ...routed.filter((r) => field(r.recipient) === 'bcc').map((r) => [r])];
  const out: RecipientDelivery[] = [];
  for (const group of groups) {
    const recipients = group.map(({ recipient, route }) => ({
      email: recipient,
      field: field(recipient) === 'cc' ? ('cc' as const) : ('to' as const),
      method: route.method,
      phone: route.phone,
      lang: route.lang,
      ...(route.method === 'code' ? { accessCode: route.accessCode ?? deps.newAccessCode() } : {}),
    }));
    await deps.sendPortal(sender, mail, decision, { recipients, files: mail.attachments, notify: true }, agreements);
    for (const r of recipients) {
      await tx.markDone(r.email, 'portal');
      out.push({ recipient: r.email, format: 'portal', method: r.method, accessCode: r.accessCode });
    }
  }
  return out;
}

async function buildProtected(deps: GatewayDeps, sender: GatewaySender, mail: ParsedMail, decision: ProtectionDecision, agreements: AgreementValues, recipient: string, route: Exclude<RecipientRoute, { format: 'portal' | 'held' }>): Promise<{ message: Uint8Array; linkMethod?: VerificationMethod; accessCode?: string }> {
  const lang = mail.language ?? agreements.defaultLanguage;
  const threshold = agreements.largeAttachmentMiB * 1024 * 1024;
  // The PDF's reply link and its large files come from one portal message to the recipient's own key.
  const large = route.format === 'pdf' ? mail.attachments : mail.attachments.filter((a) => threshold > 0 && a.size > threshold);
  let links: Record<string, string> = {};
  let replyUrl = '';
  let linkMethod: VerificationMethod | undefined;
  let accessCode: string | undefined;
  if (large.length > 0 || route.format === 'pdf') {
    const facts = route.format === 'pdf' ? { method: 'account' as const, phone: null } : await portalMethodFor(deps, sender, recipient, decision, agreements, mail);
    linkMethod = facts.method;
    accessCode = facts.method === 'code' ? deps.newAccessCode() : undefined;
    const sent = await deps.sendPortal(sender, mail, decision, {
      recipients: [{ email: recipient, field: 'to', method: facts.method, phone: facts.phone, lang, accessCode }],
      files: large,
      notify: false,
    }, agreements);
    links = sent.links;
    replyUrl = sent.links[recipient] ?? '';
  }
  const inline = route.format === 'pdf' ? mail.attachments.filter((a) => !(threshold > 0 && a.size > threshold)) : mail.attachments.filter((a) => !large.includes(a));
  const linked = route.format === 'pdf' ? mail.attachments.filter((a) => !inline.includes(a)) : large;
  const content: SecureMailContent = {
    from: mail.from ?? { address: sender.email, name: sender.name },
    to: mail.to,
    cc: mail.cc,
    subject: decision.subject,
    date: deps.now(),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    text: mail.text,
    html: mail.html,
    attachments: inline,
    links: linked.map((a) => ({ name: a.name, size: a.size, url: links[recipient] ?? '' })),
    lang,
  };
  const extra = { ...(linkMethod ? { linkMethod } : {}), ...(accessCode ? { accessCode } : {}) };
  if (route.format === 'smime') return { message: await deps.buildSmime(content, route.certificates), ...extra };
  if (route.format === 'pgp') return { message: await deps.buildPgp(content, route.armoredKey), ...extra };
  return { message: await deps.buildPdf(content, recipient, replyUrl), ...extra };
}

/** The verification a link to large files gets: the portal's own choice for this recipient, or an e-mail code. */
async function portalMethodFor(deps: GatewayDeps, sender: GatewaySender, recipient: string, decision: ProtectionDecision, agreements: AgreementValues, mail: ParsedMail) {
  const facts = await deps.routeFacts({ orgId: sender.orgId, recipient, decision, agreements, mail });
  return 'held' in facts.portal ? { method: 'email' as const, phone: null } : { method: facts.portal.method, phone: facts.portal.phone };
}
