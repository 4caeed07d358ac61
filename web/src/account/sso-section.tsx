// The single sign-on pages, loaded on demand (the key-password page carries Argon2id and the common-password list).
import type { ReactNode } from 'react';
import { SsoKeyPasswordPage } from './sso-key-password-page.tsx';
import { SsoSignInPage } from './sso-sign-in-page.tsx';

export function SsoSection(props: { page: 'ssoSignIn' | 'keyPassword' }): ReactNode {
  return props.page === 'ssoSignIn' ? <SsoSignInPage /> : <SsoKeyPasswordPage />;
}
