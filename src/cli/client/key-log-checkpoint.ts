// The key-log checkpoint of this machine (src/client/key-log.ts), per server, in the config dir (0600 like every
// file there): the newest log entry it verified, so the next check proves the log only grew since, never forked.
import { createHash } from 'node:crypto';
import type { CheckpointStore } from '../../client/key-log.ts';
import type { ConfigStore } from './config-store.ts';

/** One file per server origin (hashed: a URL is no file name). */
export function keyLogCheckpointStore(store: ConfigStore, server: string): CheckpointStore {
  const name = `key-log/${createHash('sha256').update(new URL(server).origin).digest('hex').slice(0, 32)}.json`;
  return {
    get: async () => (await store.readJson<{ seq: number; hash: string }>(name)) ?? null,
    set: (checkpoint) => store.writeJson(name, checkpoint),
  };
}
