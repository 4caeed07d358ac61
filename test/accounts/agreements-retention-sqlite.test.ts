import { defineAgreementsRetentionSuite } from './agreements-retention.suite.ts';

defineAgreementsRetentionSuite('SQLite', () => undefined);
