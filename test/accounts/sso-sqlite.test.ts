import { defineSsoSessionSuite } from './sso-session.suite.ts';
import { defineSsoSuite } from './sso.suite.ts';

defineSsoSuite('SQLite', () => undefined);
defineSsoSessionSuite('SQLite', () => undefined);
