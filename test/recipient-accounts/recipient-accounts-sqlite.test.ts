import { defineRecipientAccountSuite } from './recipient-accounts.suite.ts';

defineRecipientAccountSuite('SQLite', () => undefined);
