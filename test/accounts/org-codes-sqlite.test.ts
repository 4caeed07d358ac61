import { defineOrgCodesSuite } from './org-codes.suite.ts';

defineOrgCodesSuite('SQLite', () => undefined);
