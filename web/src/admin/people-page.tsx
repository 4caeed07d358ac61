// People of the organisation: invite, change role, disable/enable, unlock, reset the second factor, restore earlier
// messages with the organisation recovery key; their sessions.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, languages, languageNames, type Lang } from '../i18n/index.ts';
import { ConfirmDialog } from '../sent/confirm-dialog.tsx';
import { adminErrorText } from './admin-errors.ts';
import { ReauthDialog } from './reauth-dialog.tsx';
import { staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';
import { errorCode } from '../api/error-text.ts';
import { useStaffSession } from '../account/staff-session.tsx';
import { KeyRecoveryNotice } from './key-recovery-notice.tsx';
import { RestoreKeysDialog } from './restore-keys-dialog.tsx';

interface User { id: string; email: string; role: 'member' | 'admin'; disabled: boolean; locked: boolean; enrolled: boolean; invited: boolean; createdAt: string; lastSignInAt: string | null; awaitingRestore?: number }
interface Session { id: string; userId: string; createdAt: string; lastSeenAt: string; clientAddress: string | null }
interface Invitation { userId: string; invitationUrl: string; expiresAt: string }

function InviteForm(props: { onInvited: (i: Invitation & { email: string }) => void }): ReactNode {
  const { t, lang } = useI18n();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [mailLang, setMailLang] = useState<Lang>(lang);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    staffRequest<Invitation>('POST', '/api/org/users', { email, role, lang: mailLang }).then(
      (invited) => {
        props.onInvited({ ...invited, email });
        setEmail('');
        setBusy(false);
      },
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">{t('admin.people.invite')}</h2>
      <div className="field">
        <label htmlFor="invite-email">{t('admin.people.email')}</label>
        <input id="invite-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </div>
      <div className="inline-group">
        <div className="field">
          <label htmlFor="invite-role">{t('admin.people.role')}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as 'member' | 'admin')}>
            <option value="member">{t('admin.role.member')}</option>
            <option value="admin">{t('admin.role.admin')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="invite-lang">{t('admin.people.mailLanguage')}</label>
          <select id="invite-lang" value={mailLang} onChange={(e) => setMailLang(e.target.value as Lang)}>
            {languages.map((l) => <option key={l} value={l}>{languageNames[l]}</option>)}
          </select>
        </div>
      </div>
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
      <button type="submit" className="button-primary" disabled={busy}>{t('admin.people.sendInvite')}</button>
    </form>
  );
}

function InvitationShown(props: { invitation: Invitation & { email: string }; onClose: () => void }): ReactNode {
  const { t, formatDate } = useI18n();
  return (
    <div className="alert alert-success" role="status">
      <p>{t('admin.people.invited', { email: props.invitation.email, date: formatDate(props.invitation.expiresAt) })}</p>
      <label htmlFor="invitation-link">{t('admin.people.invitationLink')}</label>
      <input id="invitation-link" readOnly value={props.invitation.invitationUrl} onFocus={(e) => e.target.select()} />
      <p className="hint">{t('admin.people.invitationOnce')}</p>
      <button type="button" className="button-link" onClick={props.onClose}>{t('admin.common.dismiss')}</button>
    </div>
  );
}

function stateText(u: User, t: ReturnType<typeof useI18n>['t']): string {
  const parts = [u.disabled ? t('admin.people.state.disabled') : u.invited ? t('admin.people.state.invited') : u.enrolled ? t('admin.people.state.active') : t('admin.people.state.enrolling')];
  if (u.locked) parts.push(t('admin.people.state.locked'));
  if (u.awaitingRestore) parts.push(t('admin.recovery.awaitingShort', { count: u.awaitingRestore }));
  return parts.join(', ');
}

function UserRow(props: { user: User; self: boolean; onChange: (u: User, body: Record<string, unknown>, done: string) => void; onReset: (u: User) => void; onRestore: (u: User) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const { user: u, self } = props;
  return (
    <tr data-user={u.email}>
      <td><span className="cell-label">{t('admin.people.email')}: </span><span className="recipient-email">{u.email}</span></td>
      <td>
        <label className="visually-hidden" htmlFor={`role-${u.id}`}>{t('admin.people.roleOf', { email: u.email })}</label>
        <select id={`role-${u.id}`} value={u.role} disabled={self} onChange={(e) => props.onChange(u, { role: e.target.value }, t('admin.people.roleChanged', { email: u.email }))}>
          <option value="member">{t('admin.role.member')}</option>
          <option value="admin">{t('admin.role.admin')}</option>
        </select>
      </td>
      <td><span className="cell-label">{t('admin.people.state')}: </span>{stateText(u, t)}</td>
      <td><span className="cell-label">{t('admin.people.lastSignIn')}: </span>{u.lastSignInAt ? formatDate(u.lastSignInAt) : t('admin.people.never')}</td>
      <td>
        <div className="row-actions">
          {!self && (u.disabled ? (
            <button type="button" className="button-link" onClick={() => props.onChange(u, { disabled: false }, t('admin.people.enabled', { email: u.email }))} aria-label={t('admin.people.enableOf', { email: u.email })}>{t('admin.people.enable')}</button>
          ) : (
            <button type="button" className="button-link danger" onClick={() => props.onChange(u, { disabled: true }, t('admin.people.disabled', { email: u.email }))} aria-label={t('admin.people.disableOf', { email: u.email })}>{t('admin.people.disable')}</button>
          ))}
          {u.locked && <button type="button" className="button-link" onClick={() => props.onChange(u, { unlock: true }, t('admin.people.unlocked', { email: u.email }))} aria-label={t('admin.people.unlockOf', { email: u.email })}>{t('admin.people.unlock')}</button>}
          {!self && !u.invited && <button type="button" className="button-link danger" onClick={() => props.onReset(u)} aria-label={t('admin.people.resetOf', { email: u.email })}>{t('admin.people.reset')}</button>}
          {(u.awaitingRestore ?? 0) > 0 && <button type="button" className="button-link" onClick={() => props.onRestore(u)} aria-label={t('admin.recovery.restoreOf', { email: u.email })}>{t('admin.recovery.restore')}</button>}
        </div>
      </td>
    </tr>
  );
}

function SessionsCard(props: { sessions: Session[] | null; emailOf: Map<string, string>; onRevoke: (s: Session) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const who = (s: Session) => props.emailOf.get(s.userId) ?? s.userId;
  return (
    <div className="card">
      <h2>{t('admin.sessions.title')}</h2>
      {!props.sessions ? <p className="loading" role="status">{t('common.loading')}</p> : props.sessions.length === 0 ? <p>{t('admin.sessions.none')}</p> : (
        <div className="table-wrap">
          <table className="recipient-table admin-table">
            <thead>
              <tr><th scope="col">{t('admin.people.email')}</th><th scope="col">{t('admin.sessions.started')}</th><th scope="col">{t('admin.sessions.lastSeen')}</th><th scope="col">{t('admin.sessions.client')}</th><th scope="col">{t('admin.common.actions')}</th></tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr key={s.id}>
                  <td><span className="cell-label">{t('admin.people.email')}: </span>{who(s)}</td>
                  <td><span className="cell-label">{t('admin.sessions.started')}: </span>{formatDate(s.createdAt)}</td>
                  <td><span className="cell-label">{t('admin.sessions.lastSeen')}: </span>{formatDate(s.lastSeenAt)}</td>
                  <td><span className="cell-label">{t('admin.sessions.client')}: </span>{s.clientAddress ?? '–'}</td>
                  <td>
                    <button type="button" className="button-link danger" aria-label={t('admin.sessions.revokeOf', { email: who(s) })} onClick={() => props.onRevoke(s)}>{t('admin.sessions.revoke')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

type Pending = { kind: 'reset'; user: User } | { kind: 'reauth'; user: User } | { kind: 'restore'; user: User } | null;

export function PeoplePage(props: { ownEmail: string }): ReactNode {
  const { t } = useI18n();
  const { me } = useStaffSession();
  const users = useLoad(() => staffRequest<{ items: User[] }>('GET', '/api/org/users'), []);
  const sessions = useLoad(() => staffRequest<{ items: Session[] }>('GET', '/api/org/sessions'), []);
  const [invitation, setInvitation] = useState<(Invitation & { email: string }) | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState<Pending>(null);
  const reloadAll = () => {
    users.reload();
    sessions.reload();
  };
  const act = (done: string, run: () => Promise<unknown>) => {
    setError(null);
    setMessage(null);
    run().then(
      () => {
        setMessage(done);
        reloadAll();
      },
      (e: unknown) => setError(e),
    );
  };
  const change = (u: User, body: Record<string, unknown>, done: string) => act(done, () => staffRequest('PATCH', `/api/org/users/${u.id}`, body));
  const reset = (u: User) => {
    setPending(null);
    setError(null);
    setMessage(null);
    staffRequest<Invitation>('POST', `/api/org/users/${u.id}/reset-factor`).then(
      (inv) => {
        setInvitation({ ...inv, email: u.email });
        setMessage(t('admin.people.resetDone', { email: u.email }));
        reloadAll();
      },
      (e: unknown) => (errorCode(e) === 'SP_ERR_REAUTH_REQUIRED' ? setPending({ kind: 'reauth', user: u }) : setError(e)),
    );
  };
  const emailOf = new Map((users.data?.items ?? []).map((u) => [u.id, u.email]));
  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title">{t('admin.people.title')}</h1>
      <KeyRecoveryNotice />
      {invitation && <InvitationShown invitation={invitation} onClose={() => setInvitation(null)} />}
      {message && <p className="alert alert-success" role="status">{message}</p>}
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
      <InviteForm onInvited={(i) => { setInvitation(i); users.reload(); }} />
      <div className="card">
        <h2>{t('admin.people.users')}</h2>
        {users.error !== null && <p className="alert alert-error" role="alert">{adminErrorText(users.error, t)}</p>}
        {!users.data ? <p className="loading" role="status">{t('common.loading')}</p> : (
          <div className="table-wrap">
            <table className="recipient-table admin-table">
              <thead>
                <tr><th scope="col">{t('admin.people.email')}</th><th scope="col">{t('admin.people.role')}</th><th scope="col">{t('admin.people.state')}</th><th scope="col">{t('admin.people.lastSignIn')}</th><th scope="col">{t('admin.common.actions')}</th></tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <UserRow key={u.id} user={u} self={u.email === props.ownEmail} onChange={change} onReset={(user) => setPending({ kind: 'reset', user })} onRestore={(user) => setPending({ kind: 'restore', user })} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <SessionsCard sessions={sessions.data?.items ?? null} emailOf={emailOf} onRevoke={(s) => act(t('admin.sessions.revoked'), () => staffRequest('DELETE', `/api/org/sessions/${s.id}`))} />
      {pending?.kind === 'reset' && (
        <ConfirmDialog
          title={t('admin.people.resetTitle')}
          text={t('admin.people.resetText', { email: pending.user.email })}
          confirmLabel={t('admin.people.reset')}
          onConfirm={() => reset(pending.user)}
          onCancel={() => setPending(null)}
        />
      )}
      {pending?.kind === 'reauth' && <ReauthDialog onDone={() => reset(pending.user)} onCancel={() => setPending(null)} />}
      {pending?.kind === 'restore' && me && (
        <RestoreKeysDialog user={{ ...pending.user, awaitingRestore: pending.user.awaitingRestore ?? 0 }} orgId={me.orgId} onDone={users.reload} onClose={() => setPending(null)} />
      )}
    </section>
  );
}
