import { defineStaffAccountSuite } from './staff-accounts.suite.ts';

defineStaffAccountSuite('SQLite', () => undefined);
