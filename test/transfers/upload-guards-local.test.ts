// The upload guards with partial uploads on local disk (the embedded default).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe } from 'vitest';
import { startApi } from './api-harness.ts';
import { uploadGuardTests } from './upload-guards.suite.ts';

describe('upload guards, staging on local disk', () => {
  uploadGuardTests({
    start: () => startApi({ ORG_DOMAINS: 'praxis-muster.de' }),
    async stagedBytes(api) {
      const dir = api.runtime.config.uploads.stagingDir;
      // tus keeps each upload's record beside it as ID.json; the bytes are in ID.
      return readdirSync(dir).filter((name) => !name.endsWith('.json')).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
    },
  });
});
