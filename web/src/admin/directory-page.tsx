// The organisation's recipient directory (docs/directory.md): how each recipient is verified, remembered for every
// colleague. The admin searches and pages through it, removes entries (data minimisation), and exports or imports
// it as CSV; a refused import lists every bad line and changes nothing.
import { useState, type FormEvent, type ReactNode } from 'react';
import { isLang, languageNames, useI18n, type MessageKey } from '../i18n/index.ts';
import { errorCode } from '../api/error-text.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffFetch, staffRequest } from '../account/staff-api.ts';
import { OrgKeyCard } from './org-key-card.tsx';
import { DirectoryKeysCard } from './directory-keys-card.tsx';
import { ReauthDialog } from './reauth-dialog.tsx';
import { useLoad } from './use-load.ts';
import { saveBlob } from '../shell/save-blob.ts';

interface Entry { id: string; email: string; method: 'sms' | 'code' | 'email' | 'none'; maskedPhone: string | null; hasCode?: boolean; lang: string; updatedAt: string; updatedBy: string }
interface LineError { line: number; column: string | null; reason: string }

const PAGE_SIZE = 25;
const methodKey: Record<Entry['method'], MessageKey> = { sms: 'method.sms', code: 'method.code', email: 'method.email', none: 'method.none' };
const reasonKey: Record<string, MessageKey> = {
  malformed: 'directory.import.reason.malformed',
  columns: 'directory.import.reason.columns',
  email_invalid: 'directory.import.reason.emailInvalid',
  email_duplicate: 'directory.import.reason.emailDuplicate',
  method_invalid: 'directory.import.reason.methodInvalid',
  method_not_allowed: 'directory.import.reason.methodNotAllowed',
  phone_missing: 'directory.import.reason.phoneMissing',
  phone_invalid: 'directory.import.reason.phoneInvalid',
  lang_invalid: 'directory.import.reason.langInvalid',
  too_many_lines: 'directory.import.reason.tooManyLines',
};

function lineErrorsOf(error: unknown): LineError[] | null {
  const details = typeof error === 'object' && error !== null && 'details' in error ? (error as { details?: { lines?: unknown } }).details : undefined;
  return errorCode(error) === 'SP_ERR_VALIDATION' && Array.isArray(details?.lines) ? (details.lines as LineError[]) : null;
}

function ImportCard(props: { onImported: () => void }): ReactNode {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setError(null);
    setResult(null);
    file.text()
      .then((csv) => staffRequest<{ created: number; updated: number }>('POST', '/api/org/directory/import', { csv }))
      .then((r) => {
        setResult(t('directory.import.done', { created: r.created, updated: r.updated }));
        props.onImported();
      }, setError);
  };
  const lines = lineErrorsOf(error);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="directory-import-title">
      <h2 id="directory-import-title" className="h3">{t('directory.import.title')}</h2>
      <p className="hint" id="directory-import-hint">{t('directory.import.hint')}</p>
      <div className="field">
        <label htmlFor="directory-import-file">{t('directory.import.file')}</label>
        <input id="directory-import-file" type="file" accept=".csv,text/csv" aria-describedby="directory-import-hint" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <button type="submit" disabled={!file}>{t('directory.import.submit')}</button>
      {result && <p className="alert alert-success" role="status">{result}</p>}
      {error !== null && (
        <div className="alert alert-error" role="alert">
          <p>{lines ? t('directory.import.refused', { count: lines.length }) : adminErrorText(error, t)}</p>
          {lines && (
            <ul className="import-errors">
              {lines.map((l) => <li key={`${l.line}-${l.column ?? ''}`}>{t('directory.import.line', { line: l.line, problem: t(reasonKey[l.reason] ?? 'directory.import.reason.malformed') })}</li>)}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

function EntryRow(props: { entry: Entry; onRemove: (e: Entry) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const e = props.entry;
  return (
    <tr data-entry={e.email}>
      <td><span className="cell-label">{t('directory.col.email')}: </span><span className="recipient-email">{e.email}</span></td>
      <td><span className="cell-label">{t('directory.col.method')}: </span>{t(methodKey[e.method])}{e.maskedPhone && <span className="hint"> {e.maskedPhone}</span>}{e.hasCode && <span className="hint"> · {t('directory.codeOnFile')}</span>}</td>
      <td><span className="cell-label">{t('directory.col.lang')}: </span><span lang={e.lang}>{isLang(e.lang) ? languageNames[e.lang] : e.lang}</span></td>
      <td><span className="cell-label">{t('directory.col.updated')}: </span>{formatDate(e.updatedAt)} <span className="hint">{e.updatedBy}</span></td>
      <td><button type="button" className="button-secondary" onClick={() => props.onRemove(e)} aria-label={t('directory.removeOf', { email: e.email })}>{t('directory.remove')}</button></td>
    </tr>
  );
}

export function DirectoryPage(): ReactNode {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = useLoad(() => staffRequest<{ items: Entry[]; total: number }>('GET', `/api/org/directory?${new URLSearchParams({ q: query, offset: String(offset), limit: String(PAGE_SIZE) }).toString()}`), [query, offset]);
  const remove = (e: Entry) => {
    setError(null);
    staffRequest('DELETE', `/api/org/directory/${e.id}`).then(() => {
      setMessage(t('directory.removed', { email: e.email }));
      list.reload();
    }, setError);
  };
  const [reauth, setReauth] = useState(false);
  // The file holds every number in full: the server asks for a recent confirmation, as for the audit export.
  const exportCsv = () => {
    setError(null);
    staffFetch('GET', '/api/org/directory/export').then(
      async (r) => saveBlob(await r.blob(), 'sealpost-directory.csv'),
      (e: unknown) => (errorCode(e) === 'SP_ERR_REAUTH_REQUIRED' ? setReauth(true) : setError(e)),
    );
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    setOffset(0);
    setQuery(search.trim());
  };
  const total = list.data?.total ?? 0;
  return (
    <section aria-labelledby="directory-title">
      <h1 id="directory-title">{t('directory.title')}</h1>
      <p className="hint">{t('directory.intro')}</p>
      {message && <p className="alert alert-success" role="status">{message}</p>}
      {(error ?? list.error) !== null && <p className="alert alert-error" role="alert">{adminErrorText(error ?? list.error, t)}</p>}
      <form className="inline-group" role="search" onSubmit={submitSearch}>
        <div className="field">
          <label htmlFor="directory-search">{t('directory.search')}</label>
          <input id="directory-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <button type="submit" className="button-secondary">{t('directory.searchSubmit')}</button>
        <button type="button" className="button-secondary" onClick={exportCsv}>{t('directory.export')}</button>
      </form>
      <div className="card">
        {!list.data ? <p className="loading" role="status">{t('common.loading')}</p> : list.data.items.length === 0 ? <p>{t('directory.none')}</p> : (
          <div className="table-wrap">
            <table className="recipient-table admin-table">
              <caption>{t('directory.showing', { from: offset + 1, to: offset + list.data.items.length, total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('directory.col.email')}</th><th scope="col">{t('directory.col.method')}</th><th scope="col">{t('directory.col.lang')}</th>
                  <th scope="col">{t('directory.col.updated')}</th><th scope="col">{t('admin.common.actions')}</th>
                </tr>
              </thead>
              <tbody>{list.data.items.map((e) => <EntryRow key={e.id} entry={e} onRemove={remove} />)}</tbody>
            </table>
          </div>
        )}
        <div className="inline-group">
          {offset > 0 && <button type="button" className="button-secondary" onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>{t('directory.previous')}</button>}
          {offset + PAGE_SIZE < total && <button type="button" className="button-secondary" onClick={() => setOffset(offset + PAGE_SIZE)}>{t('directory.next')}</button>}
        </div>
      </div>
      <ImportCard onImported={list.reload} />
      <DirectoryKeysCard />
      <OrgKeyCard onRotated={list.reload} />
      {reauth && <ReauthDialog onDone={() => { setReauth(false); exportCsv(); }} onCancel={() => setReauth(false)} />}
    </section>
  );
}
