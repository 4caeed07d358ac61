// Read status and recall of a message the user sent securely: the envelope (closed grey / open grey / open blue,
// with opened/total), each recipient's state, recall for everyone or one recipient (each confirmed first), and
// Refresh. Every change answers the message as it is now, which the card then shows.
import { useId, useState } from 'react';
import type { TransferView } from '../../src/client/api-contract.ts';
import { ReadEnvelope } from '../../web/src/shell/read-envelope.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import type { AddinTranslate } from './i18n.ts';
import { recallSent, reloadSent } from './sent-status.ts';

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

export function SentStatusCard(props: { t: AddinTranslate; token: string; transfer: TransferView }) {
  const { t, token } = props;
  const [transfer, setTransfer] = useState(props.transfer);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const headingId = useId();
  const live = transfer.status === 'sent';

  async function run(action: () => Promise<TransferView>, done: string): Promise<void> {
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      setTransfer(await action());
      setNotice(done);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="addin-card addin-read" aria-labelledby={headingId} aria-busy={busy}>
      <h2 id={headingId}>{t('read.statusHeading')}</h2>
      <ReadEnvelope status={transfer.readStatus} label={envelopeLabel(t, transfer.readStatus)} />
      {transfer.status === 'recalled' ? <p>{t('read.messageRecalled')}</p> : null}
      {transfer.status === 'expired' ? <p>{t('read.messageExpired')}</p> : null}
      <h3>{t('read.recipients')}</h3>
      <ul className="addin-recipient-status">
        {transfer.recipients.map((r) => (
          <li key={r.id} data-testid="recipient-status">
            <p className="address">{r.email}</p>
            {stateLines(t, r).map((line) => <p key={line}>{line}</p>)}
            {live && r.state !== 'withdrawn' && r.state !== 'expired' ? (
              <ConfirmButton t={t} busy={busy} label={t('read.recallOne', { email: r.email })} question={t('read.confirmOne', { email: r.email })}
                onConfirm={() => void run(() => recallSent(transfer.id, token, r.id), t('read.recallDone'))} />
            ) : null}
          </li>
        ))}
      </ul>
      {live ? <ConfirmButton t={t} busy={busy} label={t('read.recallAll')} question={t('read.confirmAll')} onConfirm={() => void run(() => recallSent(transfer.id, token), t('read.recallDone'))} /> : null}
      <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => reloadSent(transfer.id, token), '')}>{t('read.refresh')}</button>
      <p role="status" className="muted">{notice}</p>
      {error ? <p role="alert" className="error">{t('read.failed', { reason: error })}</p> : null}
    </section>
  );
}
