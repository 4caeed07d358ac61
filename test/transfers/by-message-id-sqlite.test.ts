import { defineByMessageIdSuite } from './by-message-id.suite.ts';

defineByMessageIdSuite('SQLite', () => ({}));
