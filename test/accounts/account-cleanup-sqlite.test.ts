import { defineAccountCleanupSuite } from './account-cleanup.suite.ts';

defineAccountCleanupSuite('SQLite', () => undefined);
