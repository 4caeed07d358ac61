import { defineRecipientPasskeySuite } from './recipient-passkeys.suite.ts';

defineRecipientPasskeySuite('SQLite', () => undefined);
