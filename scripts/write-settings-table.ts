// `npm run docs:config`: regenerates the configuration table in README.md from src/config/settings.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceSettingsTable } from '../src/config/settings-table.ts';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, replaceSettingsTable(readFileSync(file, 'utf8')));
console.log('README.md configuration table updated');
