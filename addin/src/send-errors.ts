// What went wrong with a send through Sealpost, in the user's words: one wording for the end-to-end card and the
// large-attachments card (kept apart from the pipeline, so the cards do not load it to say why it failed).
import { hasCode } from '../../src/client/api-error.ts';
import type { AddinTranslate } from './i18n.ts';
import { AttachmentUnreadable } from './outlook-attachments.ts';

/** `failedKey`: the card's own "did not work: {reason}" text for anything without a wording of its own. */
export function sendFailureText(t: AddinTranslate, error: unknown, failedKey: 'e2e.failed' | 'links.failed'): string {
  if (error instanceof AttachmentUnreadable) return t(error.reason === 'cloud' ? 'e2e.cloud' : 'e2e.unreadable', { name: error.attachment });
  if (error instanceof Error && error.message === 'no-recipients') return t('e2e.noRecipients');
  if (hasCode(error, 'SP_ERR_NETWORK')) return t('e2e.offline');
  return t(failedKey, { reason: error instanceof Error ? error.message : String(error) });
}
