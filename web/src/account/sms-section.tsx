// The SMS pages as one lazily loaded chunk: /sign-in/sms and /account/sms.
import type { ReactNode } from 'react';
import { SmsAccountPage } from './sms-account-page.tsx';
import { SmsSignInPage } from './sms-sign-in-page.tsx';

export function SmsSection(props: { page: 'signIn' | 'account' }): ReactNode {
  return props.page === 'signIn' ? <SmsSignInPage /> : <SmsAccountPage />;
}
