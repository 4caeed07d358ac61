import { defineAgreementsSuite } from './agreements.suite.ts';

defineAgreementsSuite('SQLite', () => undefined);
