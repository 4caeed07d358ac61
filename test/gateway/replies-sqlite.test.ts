import { defineRepliesSuite } from './replies.suite.ts';

defineRepliesSuite('SQLite', () => undefined);
