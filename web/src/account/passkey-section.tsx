// The passkey pages, loaded on demand (the WebAuthn helper and the crypto core stay out of the recipient's bundle).
import type { ReactNode } from 'react';
import { PasskeySignInPage } from './passkey-sign-in-page.tsx';
import { PasskeysPage } from './passkeys-page.tsx';

export function PasskeySection(props: { page: 'passkeySignIn' | 'passkeys' }): ReactNode {
  return props.page === 'passkeySignIn' ? <PasskeySignInPage /> : <PasskeysPage />;
}
