import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Draft, Lang } from '../../core/dlp/index.ts';
import { minVerificationLevels, ruleSetSchema } from '../../core/dlp/rule-set.ts';
import { senderRuleSet } from '../../core/dlp/org-rules.ts';
import { noticeMinimum } from '../../core/agreements/min-verification.ts';
import { detectorIds, levels } from '../../core/dlp/types.ts';
import { loadRuleSet, loadRuleSetWithStatus, ruleSetSettingKey, saveRuleSet } from '../../core/dlp/rule-store.ts';
import { audit } from '../../core/audit/audit.ts';
import type { AgreementParty, BoundAgreements } from '../../core/agreements/enforce.ts';
import { alwaysSecureNotice } from '../../core/agreements/secure-sending.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Repositories } from '../../core/ports/repositories.ts';
import { sha256Hex } from '../../crypto/index.ts';
import { requestMeta } from '../request-context.ts';
import { bodyLimits } from '../body-limits.ts';
import { adminSecurity, operatorRequirement, rawBearerToken } from './admin-routes.ts';
import { principalOf, type AnyAuthRequirement, type AuthRequirement } from '../principal.ts';

export interface SecurityNoticeRoutesDeps {
  repos: Repositories;
  clock: Clock;
  /** Resolves a sender bearer token; throws SP_ERR_UNAUTHORIZED when it is missing, unknown or expired. */
  authenticateSender(token: string | undefined): Promise<{ email: string }>;
  /** ADMIN_TOKEN; without it the admin routes do not exist (404). */
  adminToken?: string;
  /** A staff member scans as a sender does (where accounts are wired): a session, or a token that may send (the CLI). */
  staff?: AuthRequirement<'staff'>;
  /** The workplace agreements binding a sender: the scan adds their `alwaysSecureDomains` notice. */
  agreementsOf?: (party: AgreementParty) => Promise<Pick<BoundAgreements, 'values'>>;
}

/** A scan request carries at most this much JSON (body text plus extracted attachment text). */
export const scanBodyLimitBytes = 5 * 1024 * 1024;

const address = z.string().trim().max(320).regex(/^[^\s@<>",;]+@[^\s@<>",;]+$/, 'not an e-mail address');
const recipients = z.array(address).max(1000);
const draftBody = z
  .object({
    subject: z.string().max(2000),
    body: z.string().max(scanBodyLimitBytes),
    to: recipients,
    cc: recipients.default([]),
    bcc: recipients.default([]),
    attachments: z
      .array(
        z
          .object({
            name: z.string().min(1).max(255),
            size: z.int().min(0).optional(),
            /** Text the client extracted; without it only the name and type are checked. */
            text: z.string().max(scanBodyLimitBytes).optional(),
          })
          .strict(),
      )
      .max(100)
      .default([]),
    lang: z.enum(['de', 'nl', 'en']).default('en'),
  })
  .strict();

const renderedNotice = z.object({
  id: z.string(),
  level: z.enum(levels),
  /** The level in the requested language (e.g. "Warnung"). */
  levelLabel: z.string(),
  detector: z.enum(detectorIds),
  title: z.string(),
  where: z.string(),
  why: z.string(),
  action: z.string(),
  /** Masked examples; never the full value. */
  evidence: z.array(z.string()),
  /** The weakest recipient verification the notice's rule allows (null: any); declare `id` in `noticeRuleIds` at send. */
  minVerification: z.enum(minVerificationLevels).nullable(),
});
const scanResponse = z.object({ highestLevel: z.enum(levels).nullable(), notices: z.array(renderedNotice) });

const ruleIssue = z.object({ path: z.string(), message: z.string() });
const adminRuleSet = z.object({
  ruleSet: ruleSetSchema,
  /** `stored`, `default` (nothing saved yet) or `invalid` (the saved set no longer validates; the default runs). */
  source: z.enum(['stored', 'default', 'invalid']),
  issues: z.array(ruleIssue),
});

const scanDescription =
  'Runs the organisation\'s security-notice rules on a draft and returns the notices in the requested language. ' +
  'This endpoint sees the draft in plaintext: it exists for clients that cannot run the engine themselves ' +
  '(the mail gateway, scripts). The web app and the CLI fetch the rules and scan on the device, so content ' +
  'stays end-to-end encrypted. Attachment text must be extracted by the caller. The server keeps nothing. ' +
  `Request bodies are limited to ${scanBodyLimitBytes / 1024 / 1024} MiB.`;

function toDraft(body: z.infer<typeof draftBody>): Draft {
  return {
    subject: body.subject,
    body: body.body,
    to: body.to,
    cc: body.cc,
    bcc: body.bcc,
    attachments: body.attachments.map((a) => ({
      name: a.name,
      ...(a.size === undefined ? {} : { size: a.size }),
      ...(a.text === undefined ? {} : { extraction: { status: 'ok' as const, format: 'text', pages: [{ text: a.text }], hasMacros: false } }),
    })),
  };
}

/**
 * Security notices over HTTP: the rule set for clients that scan locally, the admin's editor of it,
 * and a server-side scan for clients that cannot scan themselves.
 */
export function securityNoticeRoutes(deps: SecurityNoticeRoutesDeps): FastifyPluginAsyncZod {
  return (app) => {
    const tags = ['security notices'];
    const security = [{ bearerAuth: [] }];
    // Checked before the body is read (principal plugin), so an anonymous client cannot make the server parse 5 MiB.
    const guest: AuthRequirement<'guest'> = {
      kind: 'guest',
      resolve: async (request) => {
        const sender = await deps.authenticateSender(rawBearerToken(request));
        // These routes need only the address; the server passes the full sender, a bare lookup yields just the address.
        return { kind: 'guest', sender: { publicKey: '', expiresAt: new Date(0), ...sender } };
      },
    };
    const senders: AnyAuthRequirement[] = deps.staff ? [guest, deps.staff] : [guest];
    const senderOrAdmin = deps.adminToken ? [...senders, operatorRequirement(deps.adminToken)] : senders;

    app.get(
      '/api/security-notices/rules',
      {
        config: { auth: senderOrAdmin },
        schema: {
          tags,
          summary: "The organisation's security-notice rules (sender or admin token)",
          description: 'The web app and the CLI scan drafts on the device with this rule set (see docs/dlp.md for the format).',
          security,
          response: { 200: ruleSetSchema },
        },
      },
      async (request, reply) => {
        // A staff member scans with their organisation's set (the one the server checks declared rule ids against).
        const principal = request.principal;
        const rules = principal.kind === 'staff' ? await senderRuleSet(deps.repos, principal.orgId) : await loadRuleSet(deps.repos.settings);
        return reply.header('cache-control', 'no-store').send(rules);
      },
    );

    app.post(
      '/api/security-notices/scan',
      {
        config: { auth: senders },
        bodyLimit: scanBodyLimitBytes,
        schema: { tags, summary: 'Scan a draft on the server (sees plaintext)', description: scanDescription, security, body: draftBody, response: { 200: scanResponse } },
      },
      async (request) => {
        const principal = request.principal;
        const sender = principal.kind === 'staff' ? { email: principal.email, orgId: principal.orgId } : principalOf(request, 'guest').sender;
        const rules = await senderRuleSet(deps.repos, 'orgId' in sender ? sender.orgId : undefined);
        // The detectors and their vocabularies load on first use: most servers never scan on the server.
        const { scanDraft, renderNotice } = await import('../../core/dlp/index.ts');
        const draft = toDraft(request.body);
        const result = scanDraft(draft, rules, { senderAddress: sender.email });
        const bound = deps.agreementsOf ? await deps.agreementsOf({ email: sender.email, orgId: 'orgId' in sender ? sender.orgId : undefined }) : undefined;
        const agreed = bound ? alwaysSecureNotice(bound.values, [...draft.to, ...(draft.cc ?? []), ...(draft.bcc ?? [])]) : null;
        const notices = agreed ? [agreed, ...result.notices] : result.notices;
        const lang: Lang = request.body.lang;
        return {
          highestLevel: agreed ? 'required' : result.highestLevel,
          notices: notices.map((n) => {
            const r = renderNotice(n, lang);
            return { id: n.id, level: n.level, levelLabel: r.level, detector: n.detector, title: r.title, where: r.where, why: r.why, action: r.action, evidence: r.evidence, minVerification: noticeMinimum(rules, n.id) ?? null };
          }),
        };
      },
    );

    if (!deps.adminToken) return Promise.resolve();
    const config = { auth: [operatorRequirement(deps.adminToken)] };
    const adminTags = ['admin'];

    app.get(
      '/api/admin/security-notices/rules',
      {
        config,
        schema: { tags: adminTags, summary: 'The rule set in force and where it comes from', security: adminSecurity, response: { 200: adminRuleSet } },
      },
      async (request) => {
        const loaded = await loadRuleSetWithStatus(deps.repos.settings);
        if (loaded.source === 'invalid') request.log.warn({ issues: loaded.issues }, 'stored security-notice rules are invalid; the default set runs');
        return { ruleSet: loaded.rules, source: loaded.source, issues: loaded.issues };
      },
    );

    app.put(
      '/api/admin/security-notices/rules',
      {
        config,
        bodyLimit: bodyLimits.ruleSet,
        schema: {
          tags: adminTags,
          summary: 'Replace the rule set',
          description: 'Body: a rule set (docs/dlp.md). Missing fields take the built-in defaults; unknown fields are refused. Returns the complete stored set.',
          security: adminSecurity,
          body: z.unknown(),
          response: { 200: adminRuleSet },
        },
      },
      async (request) => {
        const ruleSet = await deps.repos.transaction(async (tx) => {
          const before = await tx.settings.get(ruleSetSettingKey);
          const saved = await saveRuleSet(tx.settings, request.body);
          // Digests, not the rules: enough to match the change with a copy the admin kept, and the log stays small.
          await audit(tx, deps.clock.now(), requestMeta(request), {
            action: 'policy.security_notice_rules_replaced',
            actor: 'admin',
            details: { name: saved.name, before: before === undefined ? null : sha256Hex(JSON.stringify(before)), after: sha256Hex(JSON.stringify(saved)) },
          });
          return saved;
        });
        request.log.info({ name: ruleSet.name }, 'security-notice rules replaced');
        return { ruleSet, source: 'stored' as const, issues: [] };
      },
    );
    return Promise.resolve();
  };
}
