import { definePersonalTokenSuite } from './personal-tokens.suite.ts';

definePersonalTokenSuite('SQLite', () => undefined);
