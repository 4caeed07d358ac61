import { defineDirectoryKeysSuite } from './directory-keys.suite.ts';

defineDirectoryKeysSuite('SQLite', () => undefined);
