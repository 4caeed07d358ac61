// Console-specific error sentences (re-authentication, unreadable colours) before the app's general ones.
import { errorCode, errorText } from '../api/error-text.ts';
import type { Translate } from '../i18n/index.ts';

function details(error: unknown): Record<string, unknown> {
  const raw = typeof error === 'object' && error !== null && 'details' in error ? error.details : undefined;
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
}

export function adminErrorText(error: unknown, t: Translate): string {
  const code = errorCode(error);
  const d = details(error);
  if (code === 'SP_ERR_REAUTH_REQUIRED') return t('admin.error.reauth');
  if (code === 'SP_ERR_CSRF') return t('admin.error.csrf');
  if (code === 'SP_ERR_VALIDATION' && d.field === 'colours' && typeof d.ratio === 'number') return t('admin.settings.contrastError', { ratio: d.ratio });
  if (code === 'SP_ERR_VALIDATION' && typeof d.field === 'string') {
    const field = d.field;
    if (field.startsWith('colours')) return t('admin.settings.colourError');
    if (field === 'domains') return t('admin.settings.domainsError');
    if (field.startsWith('support')) return t('admin.settings.supportError');
    if (field === 'idleTimeoutMinutes') return t('admin.settings.timeoutError');
    if (field === 'email') return t('admin.people.inviteError');
    if (field === 'logo') return t('admin.settings.logoError');
    if (field === 'allowedMethods' || field === 'defaultMethod') return t('admin.agreements.error.methods');
    if (field === 'maxExpiryDays' || field === 'defaultExpiryDays') return t('admin.agreements.error.expiry');
    if (field === 'auditRetentionDays') return t('admin.agreements.error.auditRetention');
  }
  if (code === 'SP_ERR_CONFLICT') return t('admin.error.conflict');
  if (code === 'SP_ERR_TOO_LARGE' && d.field === 'logo') return t('admin.settings.logoError');
  return errorText(error, t);
}
