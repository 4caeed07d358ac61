// The organisation's audit log: newest first, filtered by time, kind of event and actor, paged; exported as the
// JSON lines `sealpost audit verify` checks, after the admin confirms it is them (re-authentication).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { errorCode } from '../api/error-text.ts';
import { adminErrorText } from './admin-errors.ts';
import { ReauthDialog } from './reauth-dialog.tsx';
import { staffFetch, staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';
import { saveBlob } from '../shell/save-blob.ts';

interface Entry { seq: number; at: string; action: string; actor: string; clientAddress: string | null; transferId: string | null; details: Record<string, unknown> }
interface Page { items: Entry[]; nextBefore: number | null }
interface Filter { from: string; to: string; action: string; actor: string }

const families: ReadonlyArray<readonly [string, MessageKey]> = [
  ['', 'admin.audit.kind.all'],
  ['account.', 'admin.audit.kind.account'],
  ['org.', 'admin.audit.kind.org'],
  ['policy.', 'admin.audit.kind.policy'],
  ['admin.', 'admin.audit.kind.admin'],
  ['transfer.', 'admin.audit.kind.transfer'],
  ['recipient.', 'admin.audit.kind.recipient'],
  ['file.', 'admin.audit.kind.file'],
  ['audit.', 'admin.audit.kind.audit'],
  ['directory.', 'directory.nav'],
];

function query(filter: Filter, before: number | null): string {
  const q = new URLSearchParams({ limit: '50' });
  if (before) q.set('before', String(before));
  if (filter.from) q.set('from', new Date(filter.from).toISOString());
  if (filter.to) q.set('to', new Date(filter.to).toISOString());
  if (filter.action) q.set('action', filter.action);
  if (filter.actor.trim()) q.set('actor', filter.actor.trim());
  return q.toString();
}

async function downloadExport(): Promise<void> {
  const response = await staffFetch('GET', '/api/org/audit/export');
  saveBlob(await response.blob(), 'sealpost-audit.jsonl');
}

function Filters(props: { onApply: (f: Filter) => void }): ReactNode {
  const { t } = useI18n();
  const [f, setF] = useState<Filter>({ from: '', to: '', action: '', actor: '' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply(f);
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="audit-filter-title">
      <h2 id="audit-filter-title" className="h3">{t('admin.audit.filter')}</h2>
      <div className="inline-group">
        <div className="field">
          <label htmlFor="audit-from">{t('admin.audit.from')}</label>
          <input id="audit-from" type="datetime-local" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('admin.audit.to')}</label>
          <input id="audit-to" type="datetime-local" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-kind">{t('admin.audit.kind')}</label>
          <select id="audit-kind" value={f.action} onChange={(e) => setF({ ...f, action: e.target.value })}>
            {families.map(([value, key]) => <option key={value} value={value}>{t(key)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t('admin.audit.actor')}</label>
          <input id="audit-actor" type="text" value={f.actor} onChange={(e) => setF({ ...f, actor: e.target.value })} />
        </div>
      </div>
      <button type="submit" className="button-secondary">{t('admin.audit.apply')}</button>
    </form>
  );
}

export function AuditPage(): ReactNode {
  const { t, formatDate } = useI18n();
  const [filter, setFilter] = useState<Filter>({ from: '', to: '', action: '', actor: '' });
  const [pages, setPages] = useState<Array<number | null>>([null]);
  const before = pages.at(-1) ?? null;
  const page = useLoad(() => staffRequest<Page>('GET', `/api/org/audit?${query(filter, before)}`), [filter, before]);
  const [reauth, setReauth] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [exported, setExported] = useState(false);
  const startExport = () => {
    setError(null);
    setExported(false);
    downloadExport().then(
      () => setExported(true),
      (e: unknown) => (errorCode(e) === 'SP_ERR_REAUTH_REQUIRED' ? setReauth(true) : setError(e)),
    );
  };
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('admin.audit.title')}</h1>
      <div className="card">
        <p>{t('admin.audit.exportText')}</p>
        <button type="button" className="button-primary" onClick={startExport}>{t('admin.audit.export')}</button>
        {exported && <p className="alert alert-success" role="status">{t('admin.audit.exported')}</p>}
        {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
      </div>
      <Filters onApply={(f) => { setFilter(f); setPages([null]); }} />
      <div className="card">
        {page.error !== null && <p className="alert alert-error" role="alert">{adminErrorText(page.error, t)}</p>}
        {!page.data ? <p className="loading" role="status">{t('common.loading')}</p> : page.data.items.length === 0 ? <p>{t('admin.audit.none')}</p> : (
          <div className="table-wrap">
            <table className="recipient-table admin-table audit-table">
              <caption className="visually-hidden">{t('admin.audit.title')}</caption>
              <thead>
                <tr><th scope="col">{t('admin.audit.time')}</th><th scope="col">{t('admin.audit.event')}</th><th scope="col">{t('admin.audit.actor')}</th><th scope="col">{t('admin.audit.client')}</th><th scope="col">{t('admin.audit.details')}</th></tr>
              </thead>
              <tbody>
                {page.data.items.map((e) => (
                  <tr key={e.seq}>
                    <td><span className="cell-label">{t('admin.audit.time')}: </span>{formatDate(e.at)}</td>
                    <td><span className="cell-label">{t('admin.audit.event')}: </span><code>{e.action}</code></td>
                    <td><span className="cell-label">{t('admin.audit.actor')}: </span><span className="recipient-email">{e.actor}</span></td>
                    <td><span className="cell-label">{t('admin.audit.client')}: </span>{e.clientAddress ?? '–'}</td>
                    <td><span className="cell-label">{t('admin.audit.details')}: </span><code className="audit-details">{JSON.stringify(e.details)}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="actions">
          {pages.length > 1 && <button type="button" className="button-secondary" onClick={() => setPages(pages.slice(0, -1))}>{t('admin.audit.newer')}</button>}
          {page.data?.nextBefore && <button type="button" className="button-secondary" onClick={() => setPages([...pages, page.data?.nextBefore ?? null])}>{t('admin.audit.older')}</button>}
        </div>
      </div>
      {reauth && <ReauthDialog onDone={() => { setReauth(false); startExport(); }} onCancel={() => setReauth(false)} />}
    </section>
  );
}
