// Opening a recipient link: check the message is still there, pass the verification the sender chose, take
// the released server share and wrapped key, and open the message key and manifest locally.
import { isCryptoError, openManifest, type Manifest } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import type { z } from 'zod';
import type { RecipientLanding, VerifyResponse, recipientCodeResponse } from '../../client/api-contract.ts';
import type { CliIo } from '../cli-io.ts';
import { createApiClient, type ApiClient } from './api-client.ts';
import { linkVerifierForRecipient, stretchForRecipient, unwrapForRecipient } from './key-material.ts';
import { canPrompt, prompt } from './prompt.ts';
import { parseRecipientLink, type RecipientLink } from './recipient-link.ts';

export interface OpenedMessage {
  api: ApiClient;
  link: RecipientLink;
  landing: RecipientLanding;
  verified: VerifyResponse;
  /** The message identity (AGE-SECRET-KEY-1…). Secret. */
  identity: string;
  manifest: Manifest;
}

/** Turns a landing state other than active into the error a user should see. */
export function assertLandingActive(landing: RecipientLanding): void {
  if (landing.state === 'withdrawn') throw new SealpostError('SP_ERR_WITHDRAWN');
  if (landing.state === 'expired') throw new SealpostError('SP_ERR_EXPIRED');
  if (landing.state === 'locked') {
    throw new SealpostError('SP_ERR_LOCKED', { message: `Too many wrong attempts: access is locked${landing.lockedUntil ? ` until ${landing.lockedUntil}` : ''}. The sender has been told.` });
  }
}

function explain(error: unknown): never {
  if (error instanceof SealpostError && error.code === 'SP_ERR_VERIFICATION_FAILED') {
    const left = (error.details as { attemptsLeft?: number } | undefined)?.attemptsLeft;
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: `The code is not correct or no longer valid${left === undefined ? '' : ` (${left} attempts left before access is locked)`}`, details: error.details });
  }
  if (error instanceof SealpostError && error.code === 'SP_ERR_LOCKED') {
    const until = (error.details as { lockedUntil?: string } | undefined)?.lockedUntil;
    throw new SealpostError('SP_ERR_LOCKED', { message: `Too many wrong attempts: access is locked${until ? ` until ${until}` : ''}. The sender has been told.`, details: error.details });
  }
  throw error;
}

async function obtainCode(io: CliIo, api: ApiClient, link: RecipientLink, landing: RecipientLanding): Promise<string> {
  if (landing.method === 'code') {
    if (!canPrompt(io)) throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'This message needs the access code the sender gave you: pass --code CODE' });
    return prompt(io, 'Access code (the sender gave it to you by phone or letter): ');
  }
  const sent = await api.request<z.infer<typeof recipientCodeResponse>>('POST', `/api/r/${link.recipientId}/code`);
  // The destination comes from the server and ends up in a terminal prompt.
  const where = sent.channel === 'sms' ? `by SMS to ${terminalLine(sent.destination)}` : `by e-mail to ${terminalLine(sent.destination)}`;
  if (!canPrompt(io)) {
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: `A code was sent ${where}; run the command again with --code CODE` });
  }
  return prompt(io, `A code was sent ${where}. Enter it: `);
}

export async function openRecipientLink(io: CliIo, options: { link: string; code?: string | undefined }): Promise<OpenedMessage> {
  const link = parseRecipientLink(options.link);
  const api = createApiClient({ baseUrl: link.baseUrl });
  const landing = await api.request<RecipientLanding>('GET', `/api/r/${link.recipientId}`);
  assertLandingActive(landing);
  let codeKey: Uint8Array | undefined;
  // Link-only: the proof is derived from the link's #fragment secret (the id in the path opens nothing by itself).
  let body: { code?: string; verifier?: string } = {};
  if (landing.method === 'none') {
    body = { verifier: linkVerifierForRecipient(link.linkSecret, landing.transferId, landing.recipientId) };
  } else {
    const code = options.code ?? (await obtainCode(io, api, link, landing));
    if (landing.method === 'code') {
      const stretched = await stretchForRecipient(code, landing.transferId, landing.recipientId);
      codeKey = stretched.codeKey;
      body = { verifier: stretched.verifier };
    } else {
      const digits = code.replace(/\s+/g, '');
      if (!/^\d{6,10}$/.test(digits)) throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'The code is the 6 or more digits from the SMS or e-mail' });
      body = { code: digits };
    }
  }
  const verified = await api.request<VerifyResponse>('POST', `/api/r/${link.recipientId}/verify`, { body }).catch((error: unknown) => {
    // Link-only: nothing was typed, so a refused proof means the link's secret part is wrong.
    if (landing.method === 'none' && error instanceof SealpostError && error.code === 'SP_ERR_VERIFICATION_FAILED') {
      throw new SealpostError('SP_ERR_DECRYPT', { message: 'The link is incomplete or was altered; nothing was shown', cause: error });
    }
    return explain(error);
  });
  const identity = unwrapForRecipient({
    wrapped: verified.wrappedIdentity,
    linkSecret: link.linkSecret,
    serverShare: verified.serverShare,
    codeKey,
    transferId: verified.transferId,
    recipientId: link.recipientId,
  });
  let manifest: Manifest;
  try {
    manifest = await openManifest({ sealed: Buffer.from(verified.manifest, 'base64'), identity, messageId: verified.transferId });
  } catch (error) {
    if (isCryptoError(error)) throw new SealpostError('SP_ERR_DECRYPT', { message: 'The message was altered or does not belong to this link; nothing was shown', cause: error });
    throw error;
  }
  return { api, link, landing, verified, identity, manifest };
}
