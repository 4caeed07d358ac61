// `npm start` runs this first: builds the browser app (web/dist) when it is missing or older than its sources, so a
// fresh clone serves the web app after `npm ci && npm start` without a separate step.
import { ensureWebBuild } from './web-build.ts';

ensureWebBuild();
