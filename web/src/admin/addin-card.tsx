// The organisation console's Outlook add-in card: downloads manifest.xml (GET /api/org/addin-manifest) for the admin
// to upload in the Microsoft 365 admin center; docs/outlook.md walks through it.
import { useState, type ReactNode } from 'react';
import { staffFetch } from '../account/staff-api.ts';
import { saveBlob } from '../shell/save-blob.ts';
import { useI18n } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';

export function AddinCard(): ReactNode {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const download = async (): Promise<void> => {
    setError(null);
    try {
      const response = await staffFetch('GET', '/api/org/addin-manifest');
      saveBlob(await response.blob(), 'manifest.xml');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="addin-card-title">
      <h2 id="addin-card-title">{t('admin.addin.title')}</h2>
      <p>{t('admin.addin.explain')}</p>
      <button type="button" onClick={() => void download()}>{t('admin.addin.download')}</button>
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
    </section>
  );
}
