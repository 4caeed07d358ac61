import { defineConfig } from 'vitest/config';

// Five projects, so a quick local loop can leave out what is slow: `npm test` (and CI) runs them all;
// `npm run test:quick` runs unit + integration; `npx vitest run --project browser` the Chromium tests alone.
const browser = ['test/web/**/*.test.ts', 'test/crypto/browser.test.ts', 'test/addin/taskpane-host.test.ts'];
const soak = ['test/soak/**/*.test.ts'];
const cluster = ['test/cluster/**/*.test.ts'];

export default defineConfig({
  test: {
    // Integration tests start real servers, databases and Chromium: give them room on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...browser, ...soak, ...cluster] } },
      // Browser tests need web/dist; built once per run (skipped when it is newer than its sources).
      { extends: true, test: { name: 'browser', include: browser, globalSetup: ['test/web/global-setup.ts'] } },
      // The GiB runs: bounded memory over multi-GiB streams. Smaller variants of each run in the other projects.
      { extends: true, test: { name: 'soak', include: soak, globalSetup: ['test/web/global-setup.ts'] } },
      // Three server processes, nginx, PostgreSQL and the object store: a whole production shape that needs the
      // machine to itself (beside four busy test workers on 2 cores, CI saw nginx answer 502 for every request), so it runs
      // after every other project has finished.
      { extends: true, test: { name: 'cluster', include: cluster, sequence: { groupOrder: 1 } } },
    ],
  },
});
