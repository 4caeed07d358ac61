// The sender's part of the app: who sends (the shell's signed-in staff member with the unlocked key, else a guest
// behind the verification gate), compose, sent items. Loads server limits (/api/info) once, narrowed by the sender's
// workplace agreements (agreed-info.ts).
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ServerInfo } from '../../../src/client/api-contract.ts';
import { apiRequest } from '../api/client.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import type { Route } from '../shell/router.ts';
import { SentItemPage } from '../sent/sent-item-page.tsx';
import { SentListPage } from '../sent/sent-list-page.tsx';
import { ComposePage } from './compose-page.tsx';
import { useAgreedInfo } from './agreed-info.ts';
import { guestAccess, SenderAccessContext, staffAccess, type SenderAccess } from './sender-access.ts';
import { useSession } from './session.ts';
import { useUnlockedKey } from '../account/personal-key.ts';
import { useStaffSession } from '../account/staff-session.tsx';
import { UnlockKeyPage } from './unlock-key.tsx';
import { VerifyPage } from './verify-page.tsx';

export function SenderSection(props: { route: Route }): ReactNode {
  const { t } = useI18n();
  const { session } = useSession();
  const { me } = useStaffSession();
  const staff = me?.enrolled ? me : null;
  const personalKey = useUnlockedKey();
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    apiRequest<ServerInfo>('GET', '/api/info').then(setInfo, setError);
  }, []);
  const access = useMemo<SenderAccess | null>(() => (staff && personalKey ? staffAccess(staff, personalKey) : session ? guestAccess(session) : null), [staff, personalKey, session]);
  const agreed = useAgreedInfo(access, info, setError);
  if (error) return <p className="alert alert-error" role="alert">{errorText(error, t)}</p>;
  // Until the shell knows whether a staff session exists (GET /api/account/me), neither staff nor guest pages show.
  if (me === undefined) return <p className="loading" role="status">{t('common.loading')}</p>;
  if (staff && !personalKey) return <UnlockKeyPage me={staff} />;
  // A staff member never sees the guest verification; a guest without a session always does.
  if (!access || (access.kind === 'guest' && props.route.name === 'verify')) return <VerifyPage />;
  if (!agreed) return <p className="loading" role="status">{t('common.loading')}</p>;
  return (
    <SenderAccessContext.Provider value={access}>
      {props.route.name === 'sent' ? <SentListPage /> : props.route.name === 'sentItem' ? <SentItemPage id={props.route.id} allowedMethods={agreed.allowedMethods} /> : <ComposePage info={agreed} />}
    </SenderAccessContext.Provider>
  );
}
