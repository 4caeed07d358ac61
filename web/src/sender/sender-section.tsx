// The sender's part of the app: verification gate, compose, sent items. Loads server limits (/api/info) once.
import { useEffect, useState, type ReactNode } from 'react';
import type { ServerInfo } from '../../../src/client/api-contract.ts';
import { apiRequest } from '../api/client.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import type { Route } from '../shell/router.ts';
import { SentItemPage } from '../sent/sent-item-page.tsx';
import { SentListPage } from '../sent/sent-list-page.tsx';
import { ComposePage } from './compose-page.tsx';
import { useSession } from './session.ts';
import { VerifyPage } from './verify-page.tsx';

export function SenderSection(props: { route: Route }): ReactNode {
  const { t } = useI18n();
  const { session } = useSession();
  const [info, setInfo] = useState<ServerInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    apiRequest<ServerInfo>('GET', '/api/info').then(setInfo, setError);
  }, []);
  if (error) return <p className="alert alert-error" role="alert">{errorText(error, t)}</p>;
  if (!session || props.route.name === 'verify') return <VerifyPage />;
  if (!info) return <p className="loading" role="status">{t('common.loading')}</p>;
  if (props.route.name === 'sent') return <SentListPage />;
  if (props.route.name === 'sentItem') return <SentItemPage id={props.route.id} />;
  return <ComposePage info={info} />;
}
