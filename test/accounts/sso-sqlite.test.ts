import { defineSsoSuite } from './sso.suite.ts';

defineSsoSuite('SQLite', () => undefined);
