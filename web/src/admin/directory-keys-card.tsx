// Recipients' S/MIME certificates and OpenPGP keys (docs/gateway/directory-keys.md), next to the recipient directory:
// the mail gateway encrypts to the trusted ones. The admin imports PEM/armored files or pasted text (each unusable
// item is listed with its reason), approves or rejects certificates harvested from signed mail, and deletes keys.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';

interface KeyView { id: string; email: string; kind: 'smime' | 'pgp'; fingerprint: string; notAfter: string | null; status: 'trusted' | 'pending'; source: 'import' | 'api' | 'harvest' }
interface Report { imported: Array<{ item: number; email: string }>; skipped: Array<{ item: number; reason: string }> }

const PAGE_SIZE = 25;
const reasonKey: Record<string, MessageKey> = {
  private_key: 'directory.keys.reason.privateKey',
  unreadable: 'directory.keys.reason.unreadable',
  expired: 'directory.keys.reason.expired',
  not_yet_valid: 'directory.keys.reason.notYetValid',
  no_encryption: 'directory.keys.reason.noEncryption',
  no_email: 'directory.keys.reason.noEmail',
  revoked: 'directory.keys.reason.revoked',
};
const sourceKey: Record<KeyView['source'], MessageKey> = { import: 'directory.keys.source.import', api: 'directory.keys.source.api', harvest: 'directory.keys.source.harvest' };

/** The fingerprint as people compare it: the first 16 hex digits in groups of four. */
const shortFingerprint = (f: string) => (f.slice(0, 16).match(/.{4}/gu) ?? []).join(' ');

function KeyImport(props: { onImported: () => void }): ReactNode {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setReport(null);
    staffRequest<Report>('POST', '/api/org/directory/keys', { text }).then((r) => {
      setReport(r);
      setText('');
      props.onImported();
    }, setError);
  };
  const pickFile = (file: File | undefined) => {
    if (file) void file.text().then(setText);
  };
  const privateKeys = report?.skipped.filter((s) => s.reason === 'private_key').length ?? 0;
  return (
    <form onSubmit={submit} aria-labelledby="keys-import-title">
      <h3 id="keys-import-title">{t('directory.keys.import.title')}</h3>
      <p className="hint" id="keys-import-hint">{t('directory.keys.import.hint')}</p>
      <div className="field">
        <label htmlFor="keys-import-file">{t('directory.keys.import.file')}</label>
        <input id="keys-import-file" type="file" accept=".pem,.crt,.cer,.asc,.txt,text/plain,application/pgp-keys,application/x-pem-file" aria-describedby="keys-import-hint" onChange={(e) => pickFile(e.target.files?.[0])} />
      </div>
      <div className="field">
        <label htmlFor="keys-import-text">{t('directory.keys.import.paste')}</label>
        <textarea id="keys-import-text" rows={6} spellCheck={false} aria-describedby="keys-import-hint" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" disabled={text.trim() === ''}>{t('directory.keys.import.submit')}</button>
      {report && (
        <div className={report.imported.length > 0 ? 'alert alert-success' : 'alert alert-error'} role="status">
          <p>{t('directory.keys.import.done', { imported: report.imported.length, skipped: report.skipped.length })}</p>
          {privateKeys > 0 && <p><strong>{t('directory.keys.import.privateWarning', { count: privateKeys })}</strong></p>}
          {report.skipped.length > 0 && (
            <ul className="import-errors">
              {report.skipped.map((s) => <li key={s.item}>{t('directory.keys.import.item', { item: s.item, problem: t(reasonKey[s.reason] ?? 'directory.keys.reason.unreadable') })}</li>)}
            </ul>
          )}
        </div>
      )}
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
    </form>
  );
}

function KeyRow(props: { k: KeyView; onApprove: (k: KeyView) => void; onDelete: (k: KeyView) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const k = props.k;
  return (
    <tr data-key={`${k.email} ${k.kind}`}>
      <td><span className="cell-label">{t('directory.col.email')}: </span><span className="recipient-email">{k.email}</span></td>
      <td><span className="cell-label">{t('directory.keys.col.kind')}: </span>{t(k.kind === 'smime' ? 'directory.keys.kind.smime' : 'directory.keys.kind.pgp')}</td>
      <td><span className="cell-label">{t('directory.keys.col.fingerprint')}: </span><code title={k.fingerprint}>{shortFingerprint(k.fingerprint)}</code></td>
      <td><span className="cell-label">{t('directory.keys.col.validUntil')}: </span>{k.notAfter ? formatDate(k.notAfter, false) : t('directory.keys.noExpiry')}</td>
      <td><span className="cell-label">{t('directory.keys.col.status')}: </span>{t(k.status === 'trusted' ? 'directory.keys.status.trusted' : 'directory.keys.status.pending')} <span className="hint">{t(sourceKey[k.source])}</span></td>
      <td>
        <div className="inline-group">
          {k.status === 'pending' && <button type="button" onClick={() => props.onApprove(k)} aria-label={t('directory.keys.approveOf', { email: k.email })}>{t('directory.keys.approve')}</button>}
          <button type="button" className="button-secondary" onClick={() => props.onDelete(k)} aria-label={t(k.status === 'pending' ? 'directory.keys.rejectOf' : 'directory.keys.deleteOf', { email: k.email })}>
            {t(k.status === 'pending' ? 'directory.keys.reject' : 'directory.keys.delete')}
          </button>
        </div>
      </td>
    </tr>
  );
}

export function DirectoryKeysCard(): ReactNode {
  const { t } = useI18n();
  const [status, setStatus] = useState<'' | 'pending' | 'trusted'>('');
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(
    () => staffRequest<{ items: KeyView[]; total: number }>('GET', `/api/org/directory/keys?${new URLSearchParams({ ...(status ? { status } : {}), offset: String(offset), limit: String(PAGE_SIZE) }).toString()}`),
    [status, offset],
  );
  const act = (request: Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    request.then(() => {
      setMessage(done);
      list.reload();
    }, setError);
  };
  const approve = (k: KeyView) => act(staffRequest('POST', `/api/org/directory/keys/${k.id}/approve`), t('directory.keys.approved', { email: k.email }));
  const remove = (k: KeyView) => act(staffRequest('DELETE', `/api/org/directory/keys/${k.id}`), t(k.status === 'pending' ? 'directory.keys.rejected' : 'directory.keys.deleted', { email: k.email }));
  const total = list.data?.total ?? 0;
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title" className="h3">{t('directory.keys.title')}</h2>
      <p className="hint">{t('directory.keys.intro')}</p>
      {message && <p className="alert alert-success" role="status">{message}</p>}
      {(error ?? list.error) !== null && <p className="alert alert-error" role="alert">{adminErrorText(error ?? list.error, t)}</p>}
      <div className="field">
        <label htmlFor="keys-status">{t('directory.keys.filter')}</label>
        <select id="keys-status" value={status} onChange={(e) => { setOffset(0); setStatus(e.target.value as typeof status); }}>
          <option value="">{t('directory.keys.filter.all')}</option>
          <option value="pending">{t('directory.keys.status.pending')}</option>
          <option value="trusted">{t('directory.keys.status.trusted')}</option>
        </select>
      </div>
      {!list.data ? <p className="loading" role="status">{t('common.loading')}</p> : list.data.items.length === 0 ? <p>{t('directory.keys.none')}</p> : (
        <div className="table-wrap">
          <table className="recipient-table admin-table">
            <caption>{t('directory.showing', { from: offset + 1, to: offset + list.data.items.length, total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.col.email')}</th><th scope="col">{t('directory.keys.col.kind')}</th><th scope="col">{t('directory.keys.col.fingerprint')}</th>
                <th scope="col">{t('directory.keys.col.validUntil')}</th><th scope="col">{t('directory.keys.col.status')}</th><th scope="col">{t('admin.common.actions')}</th>
              </tr>
            </thead>
            <tbody>{list.data.items.map((k) => <KeyRow key={k.id} k={k} onApprove={approve} onDelete={remove} />)}</tbody>
          </table>
        </div>
      )}
      <div className="inline-group">
        {offset > 0 && <button type="button" className="button-secondary" onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>{t('directory.previous')}</button>}
        {offset + PAGE_SIZE < total && <button type="button" className="button-secondary" onClick={() => setOffset(offset + PAGE_SIZE)}>{t('directory.next')}</button>}
      </div>
      <KeyImport onImported={list.reload} />
    </section>
  );
}
