import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { blobFileSource } from '../../src/client/file-source.ts';
import { openMessage } from '../../src/client/open-message.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { sendReply } from '../../src/client/reply.ts';
import { completeSend, prepareSend, type SendContext } from '../../src/client/send.ts';
import { createConfigStore } from '../../src/cli/client/config-store.ts';
import { loadPersonalKey, requireSession } from '../../src/cli/client/credentials.ts';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import { defaultOrgSettings } from '../../src/core/accounts/model.ts';
import type { GatewayContext } from '../../src/core/gateway/context.ts';
import { markGatewayTransfer } from '../../src/core/gateway/gateway-transfers.ts';
import { runReplyRelay, type ReplyRelay } from '../../src/core/gateway/reply-relay.ts';
import { newPublicId } from '../../src/core/transfers/ids.ts';
import { nobleChunkCipher } from '../../src/crypto/index.ts';
import { startWorld } from '../e2e/harness.ts';
import { address, newSender } from '../e2e/scenarios.ts';
import { startSmtpServer, type SmtpTestServer } from '../mail/smtp-test-server.ts';

type World = Awaited<ReturnType<typeof startWorld>>;
const NO_REPLY = 'no-reply@sealpost.example.org';

function smtpRelay(port: number): ReplyRelay {
  return {
    async send(envelope, bytes) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
      try {
        await transport.sendMail({ envelope, raw: Buffer.from(bytes) });
      } finally {
        transport.close();
      }
    },
  };
}

/** Replies to gateway messages into the sender's mailbox (docs/gateway/held-and-replies.md), with the real client. */
export function defineRepliesSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`gateway replies on ${engine}`, () => {
    let world: World;
    let smtp: SmtpTestServer;
    let gw: GatewayContext;
    beforeAll(async () => {
      const url = databaseUrl();
      world = await startWorld(url ? { databaseUrl: url } : {});
      smtp = await startSmtpServer();
      gw = { ...world.server.runtime.transfers, secretSealer: createSecretSealer(randomBytes(32)), spoolDir: mkdtempSync(join(tmpdir(), 'sp-gw-replies-')) };
    });
    afterAll(async () => {
      await smtp?.close();
      await world?.close();
    });
    const run = (relay: ReplyRelay, smime: (email: string, inner: Uint8Array) => Promise<Uint8Array | null> = () => Promise.resolve(null)) =>
      runReplyRelay(gw, { relay, smimeForSender: smime, fromAddress: NO_REPLY, workerId: 'test', backoff: () => 0 });

    /** A portal message from a new sender, marked as sent by the gateway unless `gateway` is false; opened by its recipient. */
    async function message(options: { gateway: boolean; orgId?: string | null }) {
      const sender = await newSender(world);
      const config = createConfigStore(sender.configDir);
      const session = await requireSession(config);
      const ctx: SendContext = { api: createApiClient({ baseUrl: session.server }), token: session.token, cipher: nobleChunkCipher, store: { save: () => Promise.resolve(), remove: () => Promise.resolve() } };
      const to = address('patient');
      const { state, encryptors } = await prepareSend(ctx, {
        server: session.server, email: session.email, personalRecipient: (await loadPersonalKey(config))?.recipient ?? '',
        input: { recipients: [{ email: to, field: 'to', method: 'none' }], subject: 'Befund Müller', text: 'Anbei der Befund.', files: [], notifyOnOpen: false, notify: false, notification: {}, showFiles: false },
      });
      await completeSend(ctx, { state, files: [], encryptors, chunkSize: 65536 }).done;
      if (options.gateway) {
        await markGatewayTransfer(gw, state.transferId, {
          orgId: options.orgId ?? null, senderUserId: `user-${session.email}`, senderEmail: session.email, lang: 'de', messageId: '<orig-1@praxis.example>', subject: 'Befund Müller',
        });
      }
      const link = state.recipients[0]?.link ?? '';
      const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
      const api = createRecipientApi(createApiClient({ baseUrl: session.server }), match?.[1] ?? '');
      const opened = await openMessage({ api, landing: await api.landing(), linkSecret: match?.[2] ?? '', code: '' });
      return { sender: session.email, to, api, opened, server: session.server, transferId: state.transferId };
    }

    async function reply(m: Awaited<ReturnType<typeof message>>, content: Buffer, gatewayPublicKey = m.opened.verified.gatewayPublicKey) {
      return sendReply({
        api: m.api, baseUrl: m.server, token: m.opened.verified.token, senderPublicKey: m.opened.verified.senderPublicKey, gatewayPublicKey,
        text: 'Vielen Dank — anbei meine Unterlagen.\nGrüße', files: [blobFileSource(new File([new Uint8Array(content)], 'unterlagen.pdf', { type: 'application/pdf' }))], cipher: nobleChunkCipher,
      });
    }

    it('a reply to a gateway message reaches the sender through the relay as MIME, text and attachment byte-exact, threaded', async () => {
      const m = await message({ gateway: true });
      const key = await world.server.runtime.repos.gatewayReplies.getKey();
      expect(m.opened.verified.gatewayPublicKey).toBe(key?.publicKey);
      expect(key?.publicKey).toMatch(/^age1[0-9a-z]+$/);
      const content = randomBytes(3 * 65536 + 777);
      const { replyId } = await reply(m, content);
      expect(await world.server.runtime.repos.gatewayReplies.getReply(replyId)).toMatchObject({ state: 'pending', transferId: m.transferId });
      const before = smtp.received.length;
      expect(await run(smtpRelay(smtp.port))).toMatchObject({ relayed: 1, failed: 0 });
      expect(smtp.received.length).toBe(before + 1);
      const got = smtp.received.at(-1)!;
      expect(got.mailFrom).toBe(NO_REPLY);
      expect(got.rcptTo).toEqual([m.sender]);
      const parsed = await simpleParser(got.raw);
      expect(parsed.subject).toBe('AW: Befund Müller');
      expect(parsed.from?.value[0]?.address).toBe(NO_REPLY);
      expect(parsed.replyTo?.value[0]?.address).toBe(m.to);
      expect(parsed.inReplyTo).toBe('<orig-1@praxis.example>');
      expect(parsed.text?.trim()).toBe('Vielen Dank — anbei meine Unterlagen.\nGrüße');
      expect(parsed.attachments).toHaveLength(1);
      expect(parsed.attachments[0]!.filename).toBe('unterlagen.pdf');
      expect(parsed.attachments[0]!.contentType).toBe('application/pdf');
      expect(Buffer.compare(parsed.attachments[0]!.content, content)).toBe(0);
      expect(await world.server.runtime.repos.gatewayReplies.getReply(replyId)).toMatchObject({ state: 'relayed' });
      // Once relayed, never again.
      expect(await run(smtpRelay(smtp.port))).toEqual({ relayed: 0, kept: 0, failed: 0 });
      expect(smtp.received.length).toBe(before + 1);
      // The sender still reads it in Sealpost too (the usual notification went to the sender's mail).
      const rows = await world.server.runtime.repos.outbox.list({ limit: 1000 });
      expect(rows.some((r) => r.topic === 'sender.reply' && r.ref === replyId)).toBe(true);
    });

    it('a non-gateway message: no gateway key in the view, the reply carries no gateway wrap; wraps are refused where they do not belong', async () => {
      const m = await message({ gateway: false });
      expect(m.opened.verified.gatewayPublicKey ?? null).toBeNull();
      const { replyId } = await reply(m, randomBytes(100));
      expect(await world.server.runtime.repos.gatewayReplies.getReply(replyId)).toBeUndefined();
      // A client that wraps to a key anyway is refused; so is an old client that does not wrap a gateway reply.
      const key = (await world.server.runtime.repos.gatewayReplies.getKey())!.publicKey;
      await expect(reply(m, randomBytes(10), key)).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
      const g = await message({ gateway: true });
      await expect(reply(g, randomBytes(10), null)).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
    });

    it('relay down: the reply stays pending and is relayed on a later run, once', async () => {
      const m = await message({ gateway: true });
      const content = randomBytes(5000);
      const { replyId } = await reply(m, content);
      const down = await startSmtpServer();
      const downPort = down.port;
      await down.close();
      expect(await run(smtpRelay(downPort))).toMatchObject({ relayed: 0, failed: 1 });
      // Not again in the same run, nor before its backoff.
      expect(await run(smtpRelay(smtp.port))).toMatchObject({ relayed: 0 });
      const row = await world.server.runtime.repos.gatewayReplies.getReply(replyId);
      expect(row).toMatchObject({ state: 'pending', attempts: 1 });
      expect(row?.lastError).toBeTruthy();
      const before = smtp.received.length;
      world.server.clock.advance(1000);
      expect(await run(smtpRelay(smtp.port))).toMatchObject({ relayed: 1 });
      expect(smtp.received.length).toBe(before + 1);
      const parsed = await simpleParser(smtp.received.at(-1)!.raw);
      expect(Buffer.compare(parsed.attachments[0]!.content, content)).toBe(0);
    });

    it('organisation asks for S/MIME: without a certificate nothing is relayed (kept); with one, only the S/MIME mail is', async () => {
      const orgId = newPublicId();
      await world.server.runtime.repos.organisations.create({
        id: orgId, name: 'Praxis', domains: [`praxis-${orgId.toLowerCase().replace(/[^a-z0-9]/g, '')}.example`],
        settings: { ...defaultOrgSettings, agreements: { gatewayReplyFormat: 'smime' } }, createdAt: new Date(),
      });
      const m = await message({ gateway: true, orgId });
      const { replyId } = await reply(m, randomBytes(300));
      const before = smtp.received.length;
      const asked: string[] = [];
      expect(await run(smtpRelay(smtp.port), (email) => (asked.push(email), Promise.resolve(null)))).toMatchObject({ kept: 1, relayed: 0 });
      expect(asked).toEqual([m.sender]);
      expect(smtp.received.length).toBe(before);
      expect(await world.server.runtime.repos.gatewayReplies.getReply(replyId)).toMatchObject({ state: 'kept' });

      const m2 = await message({ gateway: true, orgId });
      await reply(m2, randomBytes(300));
      let inner = '';
      const enveloped = Buffer.from(`From: ${NO_REPLY}\r\nTo: ${m2.sender}\r\nSubject: S/MIME\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAx\r\n`);
      expect(await run(smtpRelay(smtp.port), (_email, mime) => ((inner = Buffer.from(mime).toString('utf8')), Promise.resolve(enveloped)))).toMatchObject({ relayed: 1 });
      expect((await simpleParser(inner)).subject).toBe('AW: Befund Müller');
      const got = smtp.received.at(-1)!;
      expect(got.raw).toContain('application/pkcs7-mime');
      expect(got.raw).not.toContain('Vielen Dank');
    });
  });
}
