import { startWorld } from '../e2e/harness.ts';
import { definePortalSenderSuite } from './portal-sender.suite.ts';

definePortalSenderSuite('SQLite', () => startWorld());
