import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SealpostError } from '../core/errors.ts';
import { createApiClient } from './api-client.ts';
import { ApiError, errorFromBody, errorFromResponse } from './api-error.ts';

describe('ApiError: one error type for every client', () => {
  it('keeps the server code, its details and the HTTP status, and is a SealpostError', () => {
    const error = errorFromBody(401, { error: { code: 'SP_ERR_VERIFICATION_FAILED', message: 'wrong', details: { attemptsLeft: 2 } } });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(SealpostError);
    expect(error).toMatchObject({ code: 'SP_ERR_VERIFICATION_FAILED', status: 401, message: 'wrong', details: { attemptsLeft: 2 } });
  });

  it('a server message cannot add lines of its own', () => {
    expect(errorFromBody(400, { error: { code: 'SP_ERR_VALIDATION', message: 'bad\nsealpost: fake line' } }).message).not.toMatch(/\n/);
  });

  it('an answer that is not ours gets a code from its status, and details are always an object', async () => {
    expect(errorFromBody(502, {})).toMatchObject({ code: 'SP_ERR_UNAVAILABLE', status: 502, details: {} });
    expect(errorFromBody(404, { error: { code: 'SP_ERR_MADE_UP' } })).toMatchObject({ code: 'SP_ERR_NOT_FOUND', status: 404 });
    expect(errorFromBody(401, {})).toMatchObject({ code: 'SP_ERR_UNAUTHORIZED' });
    expect(errorFromBody(418, {})).toMatchObject({ code: 'SP_ERR_VALIDATION', message: 'The request is invalid (HTTP 418)' });
    expect(await errorFromResponse(new Response('<html>proxy</html>', { status: 503 }))).toMatchObject({ code: 'SP_ERR_UNAVAILABLE', status: 503 });
    expect(new ApiError('SP_ERR_LOCKED', 423).details).toEqual({});
  });

  it('no answer at all is SP_ERR_NETWORK with status 0, after one retry on a fresh connection', async () => {
    // A real port that accepts and at once closes every connection.
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const api = createApiClient({ baseUrl: `http://127.0.0.1:${port}/` });
      expect(api.baseUrl).toBe(`http://127.0.0.1:${port}`);
      const error = await api.request('GET', '/api/info').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ code: 'SP_ERR_NETWORK', status: 0, message: `Cannot reach the Sealpost server at http://127.0.0.1:${port}` });
      expect(connections).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
