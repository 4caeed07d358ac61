import { definePasskeySuite } from './passkeys.suite.ts';

definePasskeySuite('SQLite', () => undefined);
