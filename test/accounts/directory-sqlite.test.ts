import { defineDirectorySuite } from './directory.suite.ts';

defineDirectorySuite('SQLite', () => undefined);
