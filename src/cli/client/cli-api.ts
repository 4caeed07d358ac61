import { createApiClient, type ApiClient } from '../../client/api-client.ts';
import type { CliIo } from '../cli-io.ts';

/** The CLI's API client: a busy server's wait is said on stderr, so a pause is never a silent hang. */
export function cliApiClient(baseUrl: string, io: Pick<CliIo, 'stderr'>): ApiClient {
  return createApiClient({
    baseUrl,
    onRetry: ({ status, delayMs }) => {
      const seconds = Math.max(1, Math.round(delayMs / 1000));
      io.stderr.write(`The server is busy (HTTP ${status}); trying again in ${seconds} s\n`);
    },
  });
}
