// The organisation console's messages, loaded with the console (web/src/shell/app.tsx) and not with the first page.
import { adminDe } from './admin-de.ts';
import { adminEn } from './admin-en.ts';
import { adminNl } from './admin-nl.ts';
import { directoryDe } from './directory-de.ts';
import { directoryEn } from './directory-en.ts';
import { directoryNl } from './directory-nl.ts';
import { recoveryDe } from './recovery-de.ts';
import { recoveryEn } from './recovery-en.ts';
import { recoveryNl } from './recovery-nl.ts';

export const adminCatalogs = { en: { ...adminEn, ...recoveryEn, ...directoryEn }, de: { ...adminDe, ...recoveryDe, ...directoryDe }, nl: { ...adminNl, ...recoveryNl, ...directoryNl } };
