import { defineKeyRecoverySuite } from './key-recovery.suite.ts';

defineKeyRecoverySuite('SQLite', () => undefined);
