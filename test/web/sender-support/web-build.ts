// The browser tests build web/dist through the same helper as `npm start` (scripts/web-build.ts): one definition of
// the web sources and of a fresh build.
import { ensureWebBuild as ensure, repoRoot } from '../../../scripts/web-build.ts';

export { repoRoot };


export function ensureWebBuild(): void {
  ensure({ quiet: true });
}
