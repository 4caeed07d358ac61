import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import pino from 'pino';
import { createDatabase, createRepositories, type Database } from '../../src/adapters/db/index.ts';
import { SealpostError } from '../../src/core/errors.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createManualClock, type ManualClock } from '../db/manual-clock.ts';

export const senderToken = 'sender-token-4f9c2a7e1b3d5f60a8c4e2';
export const senderEmail = 'arzt@praxis-nord.de';
export const adminToken = 'admin-token-Zq8rT3vW6yB1nM4kP7sX0cF2hJ5lD9gA';

/** Our own port with one accepted token: the real transfer service is not what these tests are about. */
export function authenticateSender(token: string | undefined): Promise<{ email: string }> {
  if (token === senderToken) return Promise.resolve({ email: senderEmail });
  return Promise.reject(new SealpostError('SP_ERR_UNAUTHORIZED'));
}

export interface TestDatabase {
  db: Database;
  repos: Repositories;
  clock: ManualClock;
  close(): Promise<void>;
}

/** A real, migrated SQLite database in a fresh temporary directory. */
export async function openSqlite(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'sealpost-http-'));
  const db = await createDatabase({ sqliteFile: join(dir, 'sealpost.db') });
  await db.migrate();
  const clock = createManualClock();
  return {
    db,
    repos: createRepositories(db, { clock }),
    clock,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function buildApp(plugins: FastifyPluginAsyncZod[]): Promise<FastifyInstance> {
  const app = await createHttpApp({ logger: pino({ level: 'silent' }), version: 'test', publicUrl: 'http://localhost', readiness: [], plugins });
  await app.ready();
  return app;
}

export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });
