/**
 * The security notices of a message sent from the command line: the sender's rule set (GET
 * /api/security-notices/rules, their organisation's for staff) runs here on the subject, the text and the attachment
 * names and sizes (attachment content is not extracted on the command line), and the ids of the notices that fire are
 * declared at send (`noticeRuleIds`), so the server holds recipients to the rules' minimum verification (docs/dlp.md).
 */
import type { ApiClient } from '../../client/api-client.ts';
import { hasCode } from '../../client/api-error.ts';
import type { ComposeInput } from '../../client/send.ts';
import type { RuleSet } from '../../core/dlp/rule-set.ts';

/** The notice ids `rules` raise for this message (pure; the engine loads on first use). */
export async function firedNoticeIds(rules: RuleSet, input: Pick<ComposeInput, 'subject' | 'text' | 'recipients' | 'files'>, senderAddress: string): Promise<string[]> {
  const { scanDraft } = await import('../../core/dlp/scan-draft.ts');
  const result = scanDraft(
    {
      subject: input.subject,
      body: input.text,
      to: input.recipients.filter((r) => r.field === 'to').map((r) => r.email),
      cc: input.recipients.filter((r) => r.field === 'cc').map((r) => r.email),
      attachments: input.files.map((f) => ({ name: f.name, size: f.size })),
    },
    rules,
    { senderAddress },
  );
  return result.notices.map((n) => n.id);
}

/** The ids to declare; none when the server has no rules route (an older server, which demands nothing either). */
export async function noticeRuleIdsFor(api: ApiClient, token: string, input: Pick<ComposeInput, 'subject' | 'text' | 'recipients' | 'files'>, senderAddress: string): Promise<string[]> {
  const rules = await api.request<RuleSet>('GET', '/api/security-notices/rules', { token }).catch((error: unknown) => {
    if (hasCode(error, 'SP_ERR_NOT_FOUND')) return undefined;
    throw error;
  });
  return rules ? firedNoticeIds(rules, input, senderAddress) : [];
}
