// The organisation's name, support contact and header colours while its staff are signed in. Colours go through the
// CSSOM as custom properties (the strict CSP forbids style attributes); the server refused unreadable pairs.
import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import type { Branding } from '../account/staff-session.tsx';

export function StaffBranding(props: { branding: Branding | null }): ReactNode {
  const { t } = useI18n();
  const b = props.branding;
  useEffect(() => {
    const root = document.documentElement.style;
    if (b?.colours) {
      root.setProperty('--header-bg', b.colours.background);
      root.setProperty('--header-text', b.colours.text);
    } else {
      root.removeProperty('--header-bg');
      root.removeProperty('--header-text');
    }
  }, [b]);
  if (!b) return null;
  const s = b.support;
  const href = s?.url ?? (s?.email ? `mailto:${s.email}` : s?.phone ? `tel:${s.phone.replace(/[^+\d]/g, '')}` : null);
  return (
    <p className="org-branding">
      {/* Decorative: the organisation's name follows as text. */}
      {b.hasLogo && <img className="org-logo" src="/api/org/logo" alt="" height={28} />}
      <span className="org-name">{b.name}</span>
      {href && <> · <a href={href} className="org-support">{t('header.support')}</a></>}
    </p>
  );
}
