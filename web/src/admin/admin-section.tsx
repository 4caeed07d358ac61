// The organisation admin's console: people, settings, workplace agreements, key recovery, security-notice rules, recipient directory, failed deliveries, audit log. Only an
// enrolled admin sees it; everything it shows and changes is scoped by the server to the admin's own organisation.
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { Link, type AdminPage } from '../shell/router.ts';
import { AgreementsPage } from './agreements-page.tsx';
import { AuditPage } from './audit-page.tsx';
import { DeliveriesPage } from './deliveries-page.tsx';
import { DirectoryPage } from './directory-page.tsx';
import { KeyRecoveryPage } from './key-recovery-page.tsx';
import { PeoplePage } from './people-page.tsx';
import { RulesPage } from './rules-page.tsx';
import { SettingsPage } from './settings-page.tsx';
import { isAdmin, useStaffSession } from '../account/staff-session.tsx';

const pages: ReadonlyArray<readonly [AdminPage, MessageKey]> = [
  ['people', 'admin.nav.people'],
  ['settings', 'admin.nav.settings'],
  ['agreements', 'admin.nav.agreements'],
  ['recovery', 'admin.recovery.nav'],
  ['rules', 'admin.nav.rules'],
  ['directory', 'directory.nav'],
  ['deliveries', 'admin.nav.deliveries'],
  ['audit', 'admin.nav.audit'],
];

function Page(props: { page: AdminPage; email: string }): ReactNode {
  switch (props.page) {
    case 'people':
      return <PeoplePage ownEmail={props.email} />;
    case 'settings':
      return <SettingsPage />;
    case 'agreements':
      return <AgreementsPage />;
    case 'recovery':
      return <KeyRecoveryPage />;
    case 'rules':
      return <RulesPage senderAddress={props.email} />;
    case 'directory':
      return <DirectoryPage />;
    case 'deliveries':
      return <DeliveriesPage />;
    case 'audit':
      return <AuditPage />;
  }
}

export function AdminSection(props: { page: AdminPage }): ReactNode {
  const { t } = useI18n();
  const { me } = useStaffSession();
  if (me === undefined) return <p className="loading" role="status">{t('common.loading')}</p>;
  if (!me) {
    return (
      <section className="card narrow">
        <h1>{t('admin.title')}</h1>
        <p>{t('admin.signInFirst')}</p>
      </section>
    );
  }
  if (!isAdmin(me)) {
    return (
      <section className="card narrow">
        <h1>{t('admin.title')}</h1>
        <p role="alert">{t('admin.notAdmin')}</p>
      </section>
    );
  }
  return (
    <div className="admin">
      <nav aria-label={t('admin.nav.label')} className="admin-nav">
        <ul>
          {pages.map(([page, label]) => (
            <li key={page}>
              <Link to={`/admin/${page}`} aria-current={props.page === page ? 'page' : undefined}>{t(label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <Page page={props.page} email={me.email} />
    </div>
  );
}
