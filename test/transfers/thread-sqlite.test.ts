import { defineThreadSuite } from './thread.suite.ts';

defineThreadSuite('SQLite', () => ({}));
