// The sender's part of the app: who sends (a signed-in staff member, else a guest behind the verification gate),
// compose, sent items. Loads server limits (/api/info) once.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ServerInfo } from '../../../src/client/api-contract.ts';
import { apiRequest } from '../api/client.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import type { Route } from '../shell/router.ts';
import { SentItemPage } from '../sent/sent-item-page.tsx';
import { SentListPage } from '../sent/sent-list-page.tsx';
import { ComposePage } from './compose-page.tsx';
import { guestAccess, SenderAccessContext, staffAccess, type SenderAccess } from './sender-access.ts';
import { useSession } from './session.ts';
import { getStaffIdentity, setStaffIdentity, useStaffIdentity } from './staff-identity.ts';
import { fetchStaffMe } from './staff-session.ts';
import { UnlockKeyPage } from './unlock-key.tsx';
import { VerifyPage } from './verify-page.tsx';

/** Asks once whether this browser holds a staff session (GET /api/account/me); true once the answer is in. */
function useStaffCheck(): boolean {
  const [checked, setChecked] = useState(() => getStaffIdentity() !== null);
  useEffect(() => {
    if (getStaffIdentity()) return;
    let live = true;
    const done = () => {
      if (live) setChecked(true);
    };
    // No staff session, or the server unreachable for this question: the guest pages, exactly as before.
    fetchStaffMe().then((me) => {
      if (me?.enrolled && !getStaffIdentity()) setStaffIdentity({ me, personalKey: null });
      done();
    }, done);
    return () => {
      live = false;
    };
  }, []);
  return checked;
}

export function SenderSection(props: { route: Route }): ReactNode {
  const { t } = useI18n();
  const { session } = useSession();
  const staff = useStaffIdentity();
  const staffChecked = useStaffCheck();
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    apiRequest<ServerInfo>('GET', '/api/info').then(setInfo, setError);
  }, []);
  const access = useMemo<SenderAccess | null>(() => (staff?.personalKey ? staffAccess(staff) : session ? guestAccess(session) : null), [staff, session]);
  if (error) return <p className="alert alert-error" role="alert">{errorText(error, t)}</p>;
  if (!staffChecked) return <p className="loading" role="status">{t('common.loading')}</p>;
  if (staff && !staff.personalKey) return <UnlockKeyPage identity={staff} />;
  // A staff member never sees the guest verification; a guest without a session always does.
  if (!access || (access.kind === 'guest' && props.route.name === 'verify')) return <VerifyPage />;
  if (!info) return <p className="loading" role="status">{t('common.loading')}</p>;
  return (
    <SenderAccessContext.Provider value={access}>
      {props.route.name === 'sent' ? <SentListPage /> : props.route.name === 'sentItem' ? <SentItemPage id={props.route.id} /> : <ComposePage info={info} />}
    </SenderAccessContext.Provider>
  );
}
