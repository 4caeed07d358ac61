// Entry point: mounts the app. No inline script or style anywhere (strict CSP); styles come from styles.css.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initialLanguage, loadLanguage } from './i18n/index.ts';
import { App } from './shell/app.tsx';

const root = document.getElementById('root');
// The page's language arrives before the first render, so nothing flashes in English first; if its chunk cannot be
// loaded the page still comes up, in English.
if (root) {
  void loadLanguage(initialLanguage())
    .catch(() => undefined)
    .finally(() => createRoot(root).render(<StrictMode><App /></StrictMode>));
}
