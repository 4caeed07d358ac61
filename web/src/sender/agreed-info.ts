// What compose may offer: the server's limits (/api/info) narrowed by the sender's workplace agreements
// (/api/sender/agreements: a staff member's organisation, or the one a guest's address belongs to). Compose shows only
// these choices; the server refuses anything else anyway (src/core/agreements/enforce.ts).
import { useEffect, useState } from 'react';
import type { SenderAgreements, ServerInfo } from '../../../src/client/api-contract.ts';
import type { Lang } from '../i18n/index.ts';
import type { SenderAccess } from './sender-access.ts';

export type ComposeInfo = ServerInfo & {
  hideFileNames?: boolean;
  /** false: the organisation fixed whether notifications list file names. */
  senderMayShowFileNames?: boolean;
  /** Set when the organisation chose the notification language; otherwise compose uses the sender's own. */
  orgLanguage?: Lang;
};

export function agreedInfo(info: ServerInfo, a: SenderAgreements): ComposeInfo {
  return {
    ...info,
    allowedMethods: a.allowedMethods,
    defaultMethod: a.defaultMethod,
    defaultExpiryDays: a.defaultExpiryDays,
    maxExpiryDays: a.maxExpiryDays,
    hideFileNames: a.hideFileNames,
    senderMayShowFileNames: a.senderMayShowFileNames,
    ...(a.defaultLanguageSource === 'organisation' ? { orgLanguage: a.defaultLanguage } : {}),
  };
}

/** The agreed choices for this sender, or null while loading; a failure is handed to `onError`. */
export function useAgreedInfo(access: SenderAccess | null, info: ServerInfo | null, onError: (e: unknown) => void): ComposeInfo | null {
  const [agreements, setAgreements] = useState<SenderAgreements | null>(null);
  useEffect(() => {
    if (!access) return;
    let live = true;
    access.api.request<SenderAgreements>('GET', '/api/sender/agreements', { token: access.token }).then((a) => live && setAgreements(a), (e: unknown) => live && onError(e));
    return () => {
      live = false;
    };
    // One load per sender; onError is a state setter.
  }, [access?.kind, access?.email, access?.token]);
  return info && agreements ? agreedInfo(info, agreements) : null;
}
