import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfMaterialFor } from '../../src/core/recipient-accounts/pdf-password.ts';
import { toBase64Url } from '../../src/crypto/bytes.ts';
import { nodePdfPrimitives } from '../../src/crypto/node/pdf-primitives.ts';
import { pdfPasswordMaterial } from '../../src/crypto/pdf-r6.ts';
import { buildEncryptedPdf } from '../../src/smtp/out/pdf-mail.ts';
import { startRecipientWorld, type RecipientWorld } from './world.ts';

const run = promisify(execFile);
const PDF_PASSWORD = 'Kirschblüte am Łódź-Ufer 9';

/** The PDF password over the HTTP API (docs/gateway/pdf.md): one suite, SQLite and PostgreSQL. */
export function defineRecipientPdfPasswordSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`registered recipients' PDF password on ${engine}`, () => {
    let w: RecipientWorld;
    let dir: string;
    beforeAll(async () => {
      w = await startRecipientWorld(databaseUrl());
      dir = await mkdtemp(join(tmpdir(), 'sp-pdf-password-'));
    });
    afterAll(async () => {
      await w?.close();
      await rm(dir, { recursive: true, force: true });
    });
    let n = 0;
    const address = (name: string) => `${name}.${(n += 1)}@pdf.example`;
    const errorCode = (res: { json: () => unknown }) => (res.json() as { error?: { code?: string } }).error?.code;
    const material = (password = PDF_PASSWORD) => {
      const m = pdfPasswordMaterial(password, undefined, nodePdfPrimitives);
      return { m, body: { u: toBase64Url(m.u), ueKey: toBase64Url(m.ueKey) } };
    };
    const me = async (token: string) => (await w.call('GET', '/api/recipient-account/me', { token })).json<{ account: { pdfPassword: boolean } }>().account;
    const auditOf = async (action: string) => (await w.defaultAudit()).filter((e) => e.action === action);

    it('sets the material; the gateway gets it back and its PDF opens with the password (qpdf); never readable over the API; audited', async () => {
      const r = await w.register(address('anna'));
      expect((await me(r.token)).pdfPassword).toBe(false);
      expect(await pdfMaterialFor(w.runtime.transfers, r.email)).toBeNull();
      const { m, body } = material();
      const res = await w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body });
      expect(res.statusCode, res.body).toBe(204);
      const account = await me(r.token);
      expect(account.pdfPassword).toBe(true);
      expect(JSON.stringify(account)).not.toContain(body.u);
      expect(JSON.stringify(account)).not.toContain(body.ueKey);
      const stored = await pdfMaterialFor(w.runtime.transfers, r.email.toUpperCase());
      expect(stored).toEqual(m);
      const pdf = join(dir, 'anna.pdf');
      await writeFile(pdf, await buildEncryptedPdf({
        from: { address: 'arzt@praxis.example', name: 'Dr. Müller' }, to: [r.email], cc: [], subject: 'Befund', date: new Date(), inReplyTo: null,
        references: [], text: 'Ihr Befund ist unauffällig.', html: null, attachments: [], links: [], lang: 'de',
      }, stored!, { replyUrl: 'https://sealpost.example/#/reply/x' }));
      expect((await run('pdftotext', ['-upw', PDF_PASSWORD, '-enc', 'UTF-8', pdf, '-'])).stdout).toContain('Ihr Befund ist unauffällig.');
      // Audited without the values.
      const entries = await auditOf('recipient_account.pdf_password_set');
      expect(entries.some((e) => e.details.replaced === false)).toBe(true);
      expect(JSON.stringify(entries)).not.toContain(body.ueKey);
    });

    it('stores only a seal: no password, no U, no K_UE in the database', async () => {
      const r = await w.register(address('dump'));
      const { body } = material();
      expect((await w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body })).statusCode).toBe(204);
      const rows = await w.runtime.db.kysely.selectFrom('recipientPdfKeys').selectAll().execute();
      const audit = [...(await w.runtime.db.kysely.selectFrom('auditLog').selectAll().execute()), ...(await w.runtime.db.kysely.selectFrom('auditPending').selectAll().execute())];
      const dump = JSON.stringify(rows) + JSON.stringify(audit);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.materialSealed.startsWith('s4.'))).toBe(true);
      for (const secret of [body.u, body.ueKey, body.u.slice(0, 20), PDF_PASSWORD, Buffer.from(PDF_PASSWORD).toString('base64')]) expect(dump).not.toContain(secret);
    });

    it('replaces the material: the old password no longer opens new PDFs', async () => {
      const r = await w.register(address('replace'));
      await w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body: material().body });
      const second = material('ein ganz anderes Passwort');
      expect((await w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body: second.body })).statusCode).toBe(204);
      expect(await pdfMaterialFor(w.runtime.transfers, r.email)).toEqual(second.m);
      expect((await auditOf('recipient_account.pdf_password_set')).some((e) => e.details.replaced === true)).toBe(true);
    });

    it('removes the material (idempotent, audited once)', async () => {
      const r = await w.register(address('remove'));
      await w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body: material().body });
      expect((await w.call('DELETE', '/api/recipient-account/pdf-password', { token: r.token })).statusCode).toBe(204);
      expect((await me(r.token)).pdfPassword).toBe(false);
      expect(await pdfMaterialFor(w.runtime.transfers, r.email)).toBeNull();
      expect((await w.call('DELETE', '/api/recipient-account/pdf-password', { token: r.token })).statusCode).toBe(204);
      const removed = (await auditOf('recipient_account.pdf_password_removed')).filter((e) => e.details.accountId !== undefined);
      expect(removed.length).toBeGreaterThan(0);
    });

    it('validates the exact lengths and shape, and needs a session', async () => {
      const r = await w.register(address('validate'));
      const { body } = material();
      const put = (b: unknown) => w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body: b });
      for (const bad of [
        { u: body.u.slice(0, 63), ueKey: body.ueKey },
        { u: body.u, ueKey: `${body.ueKey}A` },
        { u: `${body.u.slice(0, 63)}+`, ueKey: body.ueKey },
        { u: body.u, ueKey: body.ueKey, password: PDF_PASSWORD },
        { u: body.u },
        {},
      ]) {
        const res = await put(bad);
        expect(res.statusCode, JSON.stringify(bad)).toBe(400);
        expect(errorCode(res)).toBe('SP_ERR_VALIDATION');
      }
      expect((await w.call('PUT', '/api/recipient-account/pdf-password', { body })).statusCode).toBe(401);
      expect((await w.call('DELETE', '/api/recipient-account/pdf-password', {})).statusCode).toBe(401);
      expect((await me(r.token)).pdfPassword).toBe(false);
    });

    it('a password reset removes the material (they set a new one)', async () => {
      const r = await w.register(address('reset'));
      await w.call('PUT', '/api/recipient-account/pdf-password', { token: r.token, body: material().body });
      const keys = await w.keyPair('a brand new passphrase 77');
      const code = (await w.code(r.email, 'reset'))!;
      const res = await w.call('POST', '/api/recipient-account/reset', { body: { email: r.email, code, password: 'a brand new passphrase 77', publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity } });
      expect(res.statusCode, res.body).toBe(200);
      expect(await pdfMaterialFor(w.runtime.transfers, r.email)).toBeNull();
      expect((await me(res.json<{ token: string }>().token)).pdfPassword).toBe(false);
      expect((await auditOf('recipient_account.reset')).some((e) => e.details.pdfPasswordRemoved === true)).toBe(true);
    });

    it('an address without an account has no material', async () => {
      expect(await pdfMaterialFor(w.runtime.transfers, 'nobody@pdf.example')).toBeNull();
    });
  });
}
