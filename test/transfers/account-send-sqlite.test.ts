import { defineAccountSendSuite } from './account-send.suite.ts';

defineAccountSendSuite('SQLite', () => ({}));
