// Language choice: starts from the browser's languages, remembered in localStorage once changed.
import { useId, type ReactNode } from 'react';
import { isLang, languageNames, languages, useI18n } from '../i18n/index.ts';

export function LanguageSwitcher(): ReactNode {
  const { lang, setLang, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('nav.language')}</label>
      <select id={id} value={lang} onChange={(e) => isLang(e.target.value) && setLang(e.target.value)}>
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>{languageNames[l]}</option>
        ))}
      </select>
    </div>
  );
}
