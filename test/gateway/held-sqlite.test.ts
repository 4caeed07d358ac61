import { defineHeldSuite } from './held.suite.ts';

defineHeldSuite('SQLite', () => undefined);
