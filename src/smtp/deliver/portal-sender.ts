/**
 * The gateway's portal delivery (docs/gateway/portal.md): a protected mail becomes a portal message sent as the staff
 * member, through the one send pipeline (src/client/send.ts) that the CLI and the web app use. The gateway runs inside
 * `sealpost serve`, so it drives the pipeline against this process's own HTTP listener over loopback, with a gateway
 * credential (src/core/accounts/gateway-credentials.ts) minted for this one send and revoked when it is done. The
 * server thus sees exactly what it sees from any client: ciphertext, wrapped keys and shares. The message appears in
 * the staff member's sent items (encrypted to their personal key) with read status and recall.
 */
import { createApiClient } from '../../client/api-client.ts';
import type { FileSource } from '../../client/file-source.ts';
import { memoryCheckpointStore } from '../../client/key-log.ts';
import type { PendingSendStore } from '../../client/pending-send.ts';
import { completeSend, prepareSend, type ComposeInput, type SendContext } from '../../client/send.ts';
import type { GatewayCredentials } from '../../core/accounts/gateway-credentials.ts';
import type { SpooledAttachment } from '../../core/gateway/model.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Repositories } from '../../core/ports/repositories.ts';
import type { NotificationLanguage, VerificationMethod } from '../../core/transfers/model.ts';
import { nativeChunkCipher } from '../../crypto/node.ts';
import { GatewayRefusal } from '../handler.ts';
import { bytesFileSource, spoolFileSource } from './spool-file-source.ts';

export interface PortalRecipient {
  email: string;
  field: 'to' | 'cc';
  method: VerificationMethod;
  phone: string | null;
  lang: NotificationLanguage;
  /** For `code`: the code the gateway generated (generateAccessCode), which the sender gets in their note. */
  accessCode?: string;
}

export interface PortalSendInput {
  sender: { userId: string; orgId: string; email: string };
  recipients: PortalRecipient[];
  subject: string;
  text: string;
  /** The HTML body, if the mail had one: it travels as the attachment `message.html` (see docs/gateway/portal.md). */
  html: string | null;
  files: SpooledAttachment[];
  /** false: the server mails nothing, and each recipient's link comes back in `links` (large files inside a protected mail). */
  notify: boolean;
  notifyOnOpen: boolean;
  noticeRuleIds: string[];
  expiresInDays?: number;
}

export interface PortalSendResult {
  transferId: string;
  /** email → link, when notify = false (for `account` recipients: their inbox). */
  links: Record<string, string>;
}

export interface PortalSender {
  send(input: PortalSendInput): Promise<PortalSendResult>;
}

export interface PortalSenderDeps {
  /** This process's own HTTP listener over loopback, e.g. http://127.0.0.1:8080 (not the public URL). */
  baseUrl: string;
  credentials: GatewayCredentials;
  clock: Clock;
  /** To read the staff member's personal public key (the sender's copy is encrypted to it). */
  repos: Repositories;
  /** How long one send's credential lives (default GATEWAY_TOKEN_TTL_MS); each request is checked when it starts. */
  credentialTtlMs?: number;
}

export const NO_PERSONAL_KEY = 'Your Sealpost account has no personal key yet: sign in to Sealpost once in the browser to set it up, then send again.';

/** The name the HTML body travels under inside the portal message. */
export const HTML_BODY_NAME = 'message.html';

/** Nothing to resume: a gateway send that fails is answered 451 and Postfix hands the whole mail over again. */
const noPendingStore: PendingSendStore = { save: () => Promise.resolve(), remove: () => Promise.resolve() };

function composeInput(input: PortalSendInput, files: FileSource[]): ComposeInput {
  return {
    recipients: input.recipients.map((r) => ({
      email: r.email, field: r.field, lang: r.lang, method: r.method,
      ...(r.method === 'sms' && r.phone ? { phone: r.phone } : {}),
      ...(r.method === 'code' && r.accessCode ? { accessCode: r.accessCode } : {}),
    })),
    subject: input.subject,
    text: input.text,
    files,
    ...(input.expiresInDays ? { expiresInDays: input.expiresInDays } : {}),
    notifyOnOpen: input.notifyOnOpen,
    notify: input.notify,
    notification: {},
    showFiles: false,
    noticeRuleIds: input.noticeRuleIds,
  };
}

export function createPortalSender(deps: PortalSenderDeps): PortalSender {
  const api = createApiClient({ baseUrl: deps.baseUrl });
  return {
    async send(input) {
      const user = await deps.repos.users.get(input.sender.orgId, input.sender.userId);
      if (!user?.publicKey) throw new GatewayRefusal(550, '5.7.1', NO_PERSONAL_KEY);
      const files = input.files.map(spoolFileSource);
      if (input.html !== null) files.push(bytesFileSource(HTML_BODY_NAME, 'text/html', new TextEncoder().encode(input.html)));
      const grant = deps.credentials.mint({ userId: input.sender.userId, orgId: input.sender.orgId }, deps.clock.now(), deps.credentialTtlMs);
      try {
        // A fresh checkpoint per send: the key log is checked against itself here (the gateway is the server).
        const ctx: SendContext = { api, token: grant.token, cipher: nativeChunkCipher, store: noPendingStore, checkpoints: memoryCheckpointStore() };
        const { state, encryptors } = await prepareSend(ctx, { server: deps.baseUrl, email: input.sender.email, personalRecipient: user.publicKey, input: composeInput(input, files) });
        await completeSend(ctx, { state, files, encryptors }).done;
        const links: Record<string, string> = {};
        for (const r of state.recipients) if (r.link) links[r.email] = r.link;
        return { transferId: state.transferId, links };
      } finally {
        grant.revoke();
      }
    },
  };
}
