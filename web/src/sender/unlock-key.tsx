// A staff session without its personal key on this page (the page was reloaded after sign-in: the key lives in
// memory only): the one unlock form (account/unlock-key-form.tsx) opens it again, here on the device. Not a sign-in:
// the session already exists. Once unlocked, the key holder re-renders the sender pages into compose.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import type { Me } from '../account/staff-api.ts';
import { UnlockKeyForm } from '../account/unlock-key-form.tsx';

export function UnlockKeyPage(props: { me: Me }): ReactNode {
  const { t } = useI18n();
  return (
    <section className="card narrow" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <p>{t('unlock.intro', { email: props.me.email, org: props.me.orgName })}</p>
      <UnlockKeyForm />
    </section>
  );
}
