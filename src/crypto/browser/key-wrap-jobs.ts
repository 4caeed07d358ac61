// One Argon2id job of the personal key (a wrap under the password or one recovery code, or an unlock), run by the
// same functions wherever it runs: in the key-wrap worker (key-wrap-worker.ts), or on the page's thread where no
// worker could start (key-wrap-client.ts).
import {
  unlockPersonalKey,
  unlockPersonalKeyWithRecoveryCode,
  wrapIdentityWithPassword,
  wrapIdentityWithRecoveryCodes,
} from '../personal-key.ts';
import { inputError } from '../errors.ts';
import type { KeyWrapJob } from './worker-protocol.ts';

export async function runKeyWrapJob(job: KeyWrapJob): Promise<Uint8Array | string> {
  switch (job.op) {
    case 'wrap-password':
      return wrapIdentityWithPassword({ identity: job.identity, password: job.password });
    case 'wrap-recovery': {
      const [wrap] = await wrapIdentityWithRecoveryCodes({ identity: job.identity, codes: [job.code] });
      if (!wrap) throw inputError('recovery code wrap failed');
      return wrap;
    }
    case 'unlock-password':
      return unlockPersonalKey({ wrappedIdentity: job.wrapped, password: job.password });
    case 'unlock-recovery':
      return unlockPersonalKeyWithRecoveryCode({ wraps: job.wraps, code: job.code });
  }
}
