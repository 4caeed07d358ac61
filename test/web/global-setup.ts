// Vitest globalSetup for the browser tests: builds web/dist once (npm run build:web), skipped when the build is
// newer than every source file of the app. Register in vitest.config.ts: `globalSetup: ['test/web/global-setup.ts']`.
import { ensureWebBuild } from './sender-support/web-build.ts';

export default function setup(): void {
  ensureWebBuild();
}
