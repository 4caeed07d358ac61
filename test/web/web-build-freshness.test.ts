// `npm start` and the browser tests decide with one rule whether web/dist is stale (scripts/web-build.ts): every file
// the bundle was built from, as the build itself recorded it. Editing any of them, in web/ or in the shared sources
// under src/ that the app imports, makes the build stale; a build newer than all of them is fresh.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildInputs, ensureWebBuild, passOutputs, sourcesManifest, webBuildStaleReason } from '../../scripts/web-build.ts';

beforeAll(() => ensureWebBuild({ quiet: true }));

it('the real build records the shared sources the web app imports from src/, not only web/src', () => {
  const recorded = JSON.parse(readFileSync(sourcesManifest, 'utf8')) as string[];
  expect(recorded).toContain('web/src/main.tsx');
  expect(recorded).toContain('src/crypto/blob-stream.ts');
  expect(recorded.some((f) => f.startsWith('src/core/dlp/'))).toBe(true);
  expect(recorded.some((f) => f.includes('node_modules'))).toBe(false);
  expect(webBuildStaleReason()).toBeUndefined();
});

// The rule itself, on a scratch tree (never on the real one, which other browser tests are serving meanwhile).
const scratch = mkdtempSync(path.join(tmpdir(), 'sp-web-fresh-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const past = new Date(Date.now() - 3_600_000);
const recordedFiles = ['web/src/main.tsx', 'src/crypto/blob-stream.ts'];

function write(file: string, at: Date): void {
  mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
  writeFileSync(path.join(scratch, file), 'x');
  utimesSync(path.join(scratch, file), at, at);
}

function resetScratch(): void {
  for (const file of [...recordedFiles, ...buildInputs]) write(file, past);
  write('web/dist/.sources.json', new Date());
  writeFileSync(path.join(scratch, 'web/dist/.sources.json'), JSON.stringify(recordedFiles));
  write('web/dist/index.html', new Date());
  for (const output of passOutputs) write(output, new Date());
}

it('a build newer than every recorded source and build input is fresh; without a build it is not', () => {
  expect(webBuildStaleReason(scratch)).toBe('no build yet');
  resetScratch();
  expect(webBuildStaleReason(scratch)).toBeUndefined();
});

it.each([...recordedFiles, ...buildInputs])('an edit of %s makes the build stale', (file) => {
  resetScratch();
  write(file, new Date(Date.now() + 60_000));
  expect(webBuildStaleReason(scratch)).toBe(`${file} changed`);
});

it.each(passOutputs)('a build without the add-in pass output %s is stale (the build was cut short)', (output) => {
  resetScratch();
  rmSync(path.join(scratch, output));
  expect(webBuildStaleReason(scratch)).toBe(`${output} is missing`);
});

it('the real build records the Outlook add-in sources too', () => {
  const recorded = JSON.parse(readFileSync(sourcesManifest, 'utf8')) as string[];
  expect(recorded).toContain('addin/src/taskpane.tsx');
  expect(recorded).toContain('addin/src/commands.ts');
  expect(recorded).toContain('addin/public/commands.html');
});

it('a recorded source that was deleted makes the build stale', () => {
  resetScratch();
  rmSync(path.join(scratch, 'src/crypto/blob-stream.ts'));
  expect(webBuildStaleReason(scratch)).toBe('src/crypto/blob-stream.ts is gone');
});
