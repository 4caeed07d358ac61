// After sign-in: the key log's entries for this address whose key this browser never made or unlocked
// (checkOwnKeyLog walks and verifies the whole log; src/client/key-log.ts). A broken log throws, like any failure.
import { webApi } from '../api/client.ts';

export async function checkOwnKeys(token: string, email: string, known: readonly string[]): Promise<string[]> {
  const { checkOwnKeyLog } = await import('../../../src/client/key-log.ts');
  const foreign = await checkOwnKeyLog(webApi, email, known, token);
  return foreign.map((entry) => entry.publicKey);
}
