import { defineRecipientPdfPasswordSuite } from './recipient-pdf-password.suite.ts';

defineRecipientPdfPasswordSuite('SQLite', () => undefined);
