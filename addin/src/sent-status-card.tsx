// Read status and recall of a mail the user sent securely: the envelope (closed grey / open grey / open blue, with
// opened/total), each recipient's state, recall for everyone or one recipient (each confirmed first), and Refresh.
// A mail sent end to end is one Sealpost message; one sent through the gateway may be several (visible recipients,
// each Bcc, large-file links): the card shows them as the one mail the user wrote: one envelope summed over every
// recipient, every recipient listed, "Recall for everyone" recalling every message. Every change answers the
// messages as they are now, which the card then shows.
import { useId, useState } from 'react';
import type { TransferView } from '../../src/client/api-contract.ts';
import { readStatusOf } from '../../src/core/transfers/read-status.ts';
import { ReadEnvelope } from '../../web/src/shell/read-envelope.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import type { AddinTranslate } from './i18n.ts';
import { recallEvery, recallSent, reloadSent, type RecallEveryOutcome } from './sent-status.ts';

type Recipient = TransferView['recipients'][number];

const when = (iso: string) => new Date(iso).toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'medium', timeStyle: 'short' });

function envelopeLabel(t: AddinTranslate, status: TransferView['readStatus']): string {
  const { state, opened, total } = status;
  return state === 'none' ? t('read.envelopeNone', { total }) : state === 'all' ? t('read.envelopeAll', { total }) : t('read.envelopeSome', { opened, total });
}

/** What happened for one recipient, in the words of the pane: one line each (opened, downloaded, recalled…). */
function stateLines(t: AddinTranslate, r: Recipient): string[] {
  if (r.state === 'withdrawn') return [r.recalledAt ? t('read.recalledAt', { at: when(r.recalledAt) }) : t('read.messageRecalled')];
  if (r.state === 'expired') return [t('read.expired')];
  const lines = [r.firstOpenedAt ? t('read.openedAt', { at: when(r.firstOpenedAt) }) : t('read.notOpened')];
  const lastDownload = r.downloads.map((d) => d.at).sort().at(-1);
  if (lastDownload) lines.push(t('read.downloadedAt', { at: when(lastDownload) }));
  if (r.state === 'locked') lines.push(t('read.locked'));
  return lines;
}

/** One message replaced by its answer, the others kept. */
const withAnswer = (transfers: TransferView[], answer: TransferView) => transfers.map((t) => (t.id === answer.id ? answer : t));

/** The mail as a whole: recalled or expired once every message of it is. */
function mailState(transfers: TransferView[]): 'live' | 'recalled' | 'expired' | 'ended' {
  if (transfers.some((t) => t.status === 'sent')) return 'live';
  if (transfers.every((t) => t.status === 'recalled')) return 'recalled';
  return transfers.every((t) => t.status === 'expired') ? 'expired' : 'ended';
}

export function SentStatusCard(props: { t: AddinTranslate; token: string; transfers: TransferView[] }) {
  const { t, token } = props;
  const [transfers, setTransfers] = useState(props.transfers);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const headingId = useId();
  const state = mailState(transfers);
  const readStatus = readStatusOf(transfers.flatMap((x) => x.recipients));

  async function run(action: () => Promise<RecallEveryOutcome>, done: string): Promise<void> {
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      const outcome = await action();
      setTransfers(outcome.transfers);
      if (outcome.failed > 0) setError(t('read.recallPartly', { failed: outcome.failed, total: transfers.length, reason: outcome.reason ?? '' }));
      else setNotice(done);
    } catch (e) {
      setError(t('read.failed', { reason: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  }
  const recallOne = (transferId: string, recipientId: string) => async () => ({ transfers: withAnswer(transfers, await recallSent(transferId, token, recipientId)), failed: 0 });
  const refresh = async () => ({ transfers: await Promise.all(transfers.map((x) => reloadSent(x.id, token))), failed: 0 });

  return (
    <section className="addin-card addin-read" aria-labelledby={headingId} aria-busy={busy}>
      <h2 id={headingId}>{t('read.statusHeading')}</h2>
      <ReadEnvelope status={readStatus} label={envelopeLabel(t, readStatus)} />
      {state === 'recalled' ? <p>{t('read.messageRecalled')}</p> : null}
      {state === 'expired' ? <p>{t('read.messageExpired')}</p> : null}
      <h3>{t('read.recipients')}</h3>
      <ul className="addin-recipient-status">
        {transfers.flatMap((x) => x.recipients.map((r) => (
          <li key={r.id} data-testid="recipient-status">
            <p className="address">{r.email}</p>
            {stateLines(t, r).map((line) => <p key={line}>{line}</p>)}
            {x.status === 'sent' && r.state !== 'withdrawn' && r.state !== 'expired' ? (
              <ConfirmButton t={t} busy={busy} label={t('read.recallOne', { email: r.email })} question={t('read.confirmOne', { email: r.email })}
                onConfirm={() => void run(recallOne(x.id, r.id), t('read.recallDone'))} />
            ) : null}
          </li>
        )))}
      </ul>
      {state === 'live' ? <ConfirmButton t={t} busy={busy} label={t('read.recallAll')} question={t('read.confirmAll')} onConfirm={() => void run(() => recallEvery(transfers, token), t('read.recallDone'))} /> : null}
      <button type="button" className="secondary" disabled={busy} onClick={() => void run(refresh, '')}>{t('read.refresh')}</button>
      <p role="status" className="muted">{notice}</p>
      {error ? <p role="alert" className="error">{error}</p> : null}
    </section>
  );
}
