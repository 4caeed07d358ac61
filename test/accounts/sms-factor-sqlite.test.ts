import { defineSmsFactorSuite } from './sms-factor.suite.ts';

defineSmsFactorSuite('SQLite', () => undefined);
