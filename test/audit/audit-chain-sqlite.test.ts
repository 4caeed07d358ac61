import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { defineAuditChainSuite } from './audit-chain.suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'sealpost.db');

defineAuditChainSuite('SQLite', () => ({ open: () => createDatabase({ sqliteFile: file }), processTarget: file }));
