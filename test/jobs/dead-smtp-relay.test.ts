import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import type { OutgoingMail } from '../../src/core/ports/mailer.ts';
import type { ClaimedOutboxItem } from '../../src/core/ports/outbox.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.ts';
import type { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { createCaptureLogger } from './capture-logger.ts';
import { createTestRelay } from './smtp-relay.ts';
import type { TestRelay } from './smtp-relay.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-relay-'));
const clock = createManualClock();
let db: Database;
let repos: Repositories;
let relay: TestRelay;
let worker: OutboxWorker;
const logger = createCaptureLogger();

/** deliver(): what the server will do — parse the payload and send it with nodemailer over SMTP. */
async function deliverBySmtp(item: ClaimedOutboxItem): Promise<void> {
  const mail = JSON.parse(item.payload) as OutgoingMail;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: relay.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  try {
    await transport.sendMail({ from: 'sealpost@example.org', to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
  } finally {
    transport.close();
  }
}

function mail(subject: string): string {
  const body: OutgoingMail = {
    to: [{ address: 'ana@example.org' }],
    subject,
    text: `Open https://sealpost.example/r/1#LINKSECRET-${subject}`,
    html: `<a href="https://sealpost.example/r/1#LINKSECRET-${subject}">open</a>`,
  };
  return JSON.stringify(body);
}

const countOf = (subject: string): number => relay.received.filter((m) => m.includes(`Subject: ${subject}`)).length;

beforeAll(async () => {
  db = await createDatabase({ sqliteFile: join(dir, 'relay.db') });
  await db.migrate();
  repos = createRepositories(db, { clock });
  relay = await createTestRelay();
  worker = createOutboxWorker({ outbox: repos.outbox, deliver: deliverBySmtp, clock, logger, backoff: (attempt) => attempt * 10_000 });
});
afterAll(async () => {
  await relay.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  relay.refuseWith = null;
});

describe('a dead SMTP relay delays mail, it never loses it', () => {
  it('relay down: the mail stays queued with attempts and error; relay back: delivered exactly once', async () => {
    const first = await repos.outbox.enqueue({ kind: 'mail', payload: mail('first') });
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(countOf('first')).toBe(1);

    await relay.stop();
    const second = await repos.outbox.enqueue({ kind: 'mail', payload: mail('second') });
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    clock.advance(10_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const waiting = await repos.outbox.get(second.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 2 });
    expect(waiting?.lastError).toMatch(/^E[A-Z]+: .*ECONNREFUSED/);
    expect(waiting?.payload).toBe(mail('second'));
    // Not due yet (backoff 20 s after the second attempt): nothing happens.
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    await relay.start();
    clock.advance(20_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    clock.advance(86_400_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });

    expect(countOf('first')).toBe(1);
    expect(countOf('second')).toBe(1);
    expect(await repos.outbox.get(second.id)).toMatchObject({ status: 'sent', payload: null, attempts: 3 });
    expect(await repos.outbox.get(first.id)).toMatchObject({ status: 'sent', payload: null, attempts: 1 });
    expect(logger.text()).not.toContain('LINKSECRET');
  });

  it('relay refusing temporarily (451): retried, then delivered', async () => {
    relay.refuseWith = { code: 451, message: 'Greylisted, try again later' };
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: mail('greylisted') });
    expect(await worker.runOnce()).toMatchObject({ retried: 1 });
    expect((await repos.outbox.get(item.id))?.lastError).toMatch(/451/);
    relay.refuseWith = null;
    clock.advance(10_000);
    expect(await worker.runOnce()).toMatchObject({ sent: 1 });
    expect(countOf('greylisted')).toBe(1);
  });

  it('relay refusing permanently (550): failed at once, visible with the reply', async () => {
    relay.refuseWith = { code: 550, message: 'No such user here' };
    const item = await repos.outbox.enqueue({ kind: 'mail', payload: mail('rejected') });
    expect(await worker.runOnce()).toMatchObject({ failed: 1 });
    const failed = await repos.outbox.list({ status: 'failed' });
    expect(failed.map((f) => f.id)).toContain(item.id);
    expect(failed.find((f) => f.id === item.id)?.lastError).toMatch(/550.*No such user here/);
    expect(countOf('rejected')).toBe(0);
  });
});
