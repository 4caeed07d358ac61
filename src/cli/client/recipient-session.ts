// Opening a recipient link on the command line: check the message is still there, ask for the code the sender's
// chosen verification needs, then let the client core verify and open the message key and manifest locally.
import type { Manifest } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalLine } from '../../core/text/terminal.ts';
import type { RecipientLanding, VerifyResponse } from '../../client/api-contract.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { assertLandingActive, openMessage } from '../../client/open-message.ts';
import { createRecipientApi, type RecipientApi } from '../../client/recipient-api.ts';
import type { CliIo } from '../cli-io.ts';
import { canPrompt, prompt } from './prompt.ts';
import { parseRecipientLink, type RecipientLink } from './recipient-link.ts';
import { cliApiClient } from './cli-api.ts';

export { assertLandingActive };

export interface OpenedMessage {
  api: ApiClient;
  link: RecipientLink;
  landing: RecipientLanding;
  verified: VerifyResponse;
  /** The message identity (AGE-SECRET-KEY-1…). Secret. */
  identity: string;
  manifest: Manifest;
}

/** The server's refusals, worded for the terminal. */
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

async function obtainCode(io: CliIo, api: RecipientApi, landing: RecipientLanding): Promise<string> {
  if (landing.method === 'code') {
    if (!canPrompt(io)) throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: 'This message needs the access code the sender gave you: pass --code CODE' });
    return prompt(io, 'Access code (the sender gave it to you by phone or letter): ');
  }
  const sent = await api.requestCode();
  // The destination comes from the server and ends up in a terminal prompt.
  const where = sent.channel === 'sms' ? `by SMS to ${terminalLine(sent.destination)}` : `by e-mail to ${terminalLine(sent.destination)}`;
  if (!canPrompt(io)) {
    throw new SealpostError('SP_ERR_VERIFICATION_FAILED', { message: `A code was sent ${where}; run the command again with --code CODE` });
  }
  return prompt(io, `A code was sent ${where}. Enter it: `);
}

export async function openRecipientLink(io: CliIo, options: { link: string; code?: string | undefined }): Promise<OpenedMessage> {
  const link = parseRecipientLink(options.link);
  const api = cliApiClient(link.baseUrl, io);
  const recipientApi = createRecipientApi(api, link.recipientId);
  const landing = await recipientApi.landing();
  assertLandingActive(landing);
  // Link-only: the proof is derived from the link's #fragment secret; nothing to type.
  const code = landing.method === 'none' ? '' : (options.code ?? (await obtainCode(io, recipientApi, landing)));
  const opened = await openMessage({ api: recipientApi, landing, linkSecret: link.linkSecret, code }).catch(explain);
  return { api, link, landing, ...opened };
}
