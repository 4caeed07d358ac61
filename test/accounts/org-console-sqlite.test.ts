import { defineOrgConsoleSuite } from './org-console.suite.ts';

defineOrgConsoleSuite('SQLite', () => undefined);
