// The shell's i18n (useI18n) as plain function values, so components can destructure them (`const { t } = …`)
// without detaching methods from their object.
import { useMemo } from 'react';
import { useI18n, type Lang, type MessageKey, type Params } from '../i18n/index.ts';

export interface RecipientI18n {
  lang: Lang;
  t: (key: MessageKey, params?: Params) => string;
  formatSize: (bytes: number) => string;
  formatDate: (iso: string | Date, withTime?: boolean) => string;
  formatDuration: (seconds: number) => string;
}

export function useRecipientI18n(): RecipientI18n {
  const i18n = useI18n();
  return useMemo(() => ({
    lang: i18n.lang,
    t: (key, params) => i18n.t(key, params),
    formatSize: (bytes) => i18n.formatSize(bytes),
    formatDate: (iso, withTime) => i18n.formatDate(iso, withTime),
    formatDuration: (seconds) => i18n.formatDuration(seconds),
  }), [i18n]);
}
