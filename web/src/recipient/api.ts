// The recipient side of the transfer API, as the browser calls it. Types come from the server's zod contract
// (types only: the schemas themselves stay on the server).
import type { z } from 'zod';
import { ApiError, apiRequest, errorFromResponse as apiErrorFromResponse } from '../api/client.ts';
import type {
  RecipientLanding, VerifyResponse, createReplyResponse, recipientCodeResponse, sendReplyRequest,
} from '../../../src/client/api-contract.ts';

export type CodeSent = z.infer<typeof recipientCodeResponse>;
export type CreatedReply = z.infer<typeof createReplyResponse>;
export type SendReplyBody = z.input<typeof sendReplyRequest>;
export type { RecipientLanding, VerifyResponse };

/** An error answer of the API (`{"error":{"code","message","details"}}`), or a network failure (code SP_ERR_NETWORK). */
export class RecipientApiError extends ApiError {
  declare readonly details: Record<string, unknown>;
  constructor(code: string, status: number, details: unknown) {
    super(code, status, code, typeof details === 'object' && details !== null ? details : {});
    this.name = 'RecipientApiError';
  }
}

export async function errorFromResponse(response: Response): Promise<RecipientApiError> {
  const error = await apiErrorFromResponse(response);
  return new RecipientApiError(error.code, error.status, error.details);
}

/** The shared fetch wrapper (api/client.ts), with its errors as RecipientApiError for the recipient pages. */
async function send<T>(method: 'GET' | 'POST', path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  try {
    return await apiRequest<T>(method, path, options);
  } catch (error) {
    if (error instanceof ApiError && !(error instanceof RecipientApiError)) throw new RecipientApiError(error.code, error.status, error.details);
    throw error;
  }
}

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

export function createRecipientApi(recipientId: string): RecipientApi {
  const base = `/api/r/${encodeURIComponent(recipientId)}`;
  return {
    recipientId,
    landing: () => send<RecipientLanding>('GET', base),
    requestCode: () => send<CodeSent>('POST', `${base}/code`),
    verify: (body) => send<VerifyResponse>('POST', `${base}/verify`, { body }),
    async fileResponse(fileId, token, signal, range) {
      let response: Response;
      try {
        response = await fetch(`${base}/files/${encodeURIComponent(fileId)}`, {
          headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}) }, cache: 'no-store', credentials: 'omit', ...(signal ? { signal } : {}),
        });
      } catch {
        throw new RecipientApiError('SP_ERR_NETWORK', 0, undefined);
      }
      if (!response.ok || !response.body) throw await errorFromResponse(response);
      return response;
    },
    createReply: (token, sizes) => send<CreatedReply>('POST', `${base}/replies`, { token, body: { files: sizes.map((size) => ({ size })) } }),
    sendReply: (token, replyId, body) => send('POST', `${base}/replies/${encodeURIComponent(replyId)}/send`, { token, body }),
  };
}
