// A staff member's choice to remember how these recipients are verified for the whole organisation (the
// organisation's recipient directory, docs/directory.md). Off by default: nothing is kept for colleagues unless the
// sender asks. Guests have no organisation and do not see it.
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

export function DirectoryRemember(props: { checked: boolean; onChange: (checked: boolean) => void }): ReactNode {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>{t('directory.compose.remember')}</label>
      <p className="hint" id={`${id}-hint`}>{t('directory.compose.rememberHint')}</p>
    </div>
  );
}
