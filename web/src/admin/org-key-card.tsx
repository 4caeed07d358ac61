// The organisation key behind organisation-wide access codes (docs/directory.md): the admin rotates it when someone
// who held it leaves. The admin's browser does the work with their unlocked personal key — a new key, every code it
// can open re-sealed, the key wrapped for every current member (src/client/org-codes.ts) — and the server swaps it all
// at once. A locked key is unlocked here first.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { useUnlockedKey } from '../account/personal-key.ts';
import { staffApi } from '../account/staff-api.ts';
import { UnlockKeyForm } from '../account/unlock-key-form.tsx';
import { adminErrorText } from './admin-errors.ts';

/** This device (or, by the server's word, this admin) holds no wrap of the key yet. */
function notHeld(error: unknown): boolean {
  const details = typeof error === 'object' && error !== null && 'details' in error ? (error as { details?: { reason?: unknown } }).details : undefined;
  return details?.reason === 'org_key_not_held';
}

export function OrgKeyCard(props: { onRotated: () => void }): ReactNode {
  const { t } = useI18n();
  const key = useUnlockedKey();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rotate = async () => {
    if (!key) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const { rotateOrgKey } = await import('../../../src/client/org-codes.ts');
      const r = await rotateOrgKey(staffApi, key);
      setResult(t('directory.orgKey.rotated', { resealed: r.resealed, cleared: r.cleared, members: r.members }));
      props.onRotated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="org-key-title">
      <h2 id="org-key-title" className="h3">{t('directory.orgKey.title')}</h2>
      <p className="hint">{t('directory.orgKey.intro')}</p>
      {key ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void rotate()}>{busy ? t('directory.orgKey.working') : t('directory.orgKey.rotate')}</button>
      ) : (
        <>
          <p>{t('directory.orgKey.unlock')}</p>
          <UnlockKeyForm />
        </>
      )}
      {result && <p className="alert alert-success" role="status">{result}</p>}
      {error !== null && <p className="alert alert-error" role="alert">{notHeld(error) ? t('directory.orgKey.notHeld') : adminErrorText(error, t)}</p>}
    </section>
  );
}
