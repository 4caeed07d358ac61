// The recipient side of the transfer API (landing, verification, ciphertext, replies), one implementation for
// the CLI and the web app over the core's fetch client. Failures are ApiError with the server's code.
import type { z } from 'zod';
import type { ApiClient } from './api-client.ts';
import type {
  RecipientLanding, VerifyResponse, createReplyResponse, recipientCodeResponse, sendReplyRequest,
} from './api-contract.ts';

export type CodeSent = z.infer<typeof recipientCodeResponse>;
export type CreatedReply = z.infer<typeof createReplyResponse>;
export type SendReplyBody = z.input<typeof sendReplyRequest>;
export type { RecipientLanding, VerifyResponse };

export interface RecipientApi {
  readonly recipientId: string;
  landing(): Promise<RecipientLanding>;
  requestCode(): Promise<CodeSent>;
  verify(body: { code?: string; verifier?: string }): Promise<VerifyResponse>;
  /** The ciphertext of one file (from `range`, e.g. `bytes=N-`, to resume) as a streamed response (checked for an error status). */
  fileResponse(fileId: string, token: string, signal?: AbortSignal, range?: string): Promise<Response>;
  createReply(token: string, sizes: number[]): Promise<CreatedReply>;
  sendReply(token: string, replyId: string, body: SendReplyBody): Promise<unknown>;
}

export function createRecipientApi(api: ApiClient, recipientId: string): RecipientApi {
  const base = `/api/r/${encodeURIComponent(recipientId)}`;
  return {
    recipientId,
    landing: () => api.request<RecipientLanding>('GET', base),
    requestCode: () => api.request<CodeSent>('POST', `${base}/code`),
    verify: (body) => api.request<VerifyResponse>('POST', `${base}/verify`, { body }),
    fileResponse: (fileId, token, signal, range) => api.stream(`${base}/files/${encodeURIComponent(fileId)}`, { token, range, signal }),
    createReply: (token, sizes) => api.request<CreatedReply>('POST', `${base}/replies`, { token, body: { files: sizes.map((size) => ({ size })) } }),
    sendReply: (token, replyId, body) => api.request('POST', `${base}/replies/${encodeURIComponent(replyId)}/send`, { token, body }),
  };
}
