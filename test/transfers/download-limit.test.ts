// "Maximum downloads" is per file and recipient and holds under concurrency: a download is reserved in one
// conditional statement when it starts (byte 0), and a ranged continuation only resumes it. Run against a real
// embedded server on SQLite and one on PostgreSQL.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../db/postgres-harness.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { fetchFile, sendFixture } from './transfer-fixture.ts';

const pg: TestPostgres | undefined = await createTestPostgres();
afterAll(async () => pg?.drop());

function downloadLimitSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`download limit (${engine})`, () => {
    let api: ApiHarness;
    let sender: { token: string };

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi(e);
      sender = await api.signIn('dr.muster@praxis-muster.de');
    });
    afterAll(() => api?.close());

    it('20 parallel downloads of a max-1 file deliver exactly one copy', async () => {
      const sent = await sendFixture(api, sender, { recipients: ['a@example.org'], sizes: [300_000], maxDownloads: 1 });
      const a = sent.recipients.get('a@example.org');
      const file = sent.files[0];
      if (!a || !file) throw new Error('fixture');
      // HEAD tells the size and is no download.
      const head = await fetch(`${api.base}/api/r/${a.id}/files/${file.id}`, { method: 'HEAD', headers: { authorization: `Bearer ${a.token}` } });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe('300000');
      const results = await Promise.all(Array.from({ length: 20 }, () => fetchFile(api, a.id, a.token, file.id)));
      const copies = results.filter((r) => r.status === 200 && r.body.equals(file.bytes));
      expect(copies).toHaveLength(1);
      expect(results.filter((r) => r.status === 410)).toHaveLength(19);
      // Nothing but the one copy went out: the refused ones carried only an error body.
      expect(results.filter((r) => r.status !== 200).every((r) => r.body.length < 1000)).toBe(true);
    });

    it('the limit is per file and per recipient', async () => {
      const sent = await sendFixture(api, sender, { recipients: ['a@example.org', 'b@example.org'], sizes: [2000, 3000], maxDownloads: 1 });
      const a = sent.recipients.get('a@example.org');
      const b = sent.recipients.get('b@example.org');
      const [f1, f2] = sent.files;
      if (!a || !b || !f1 || !f2) throw new Error('fixture');
      expect((await fetchFile(api, a.id, a.token, f1.id)).body.equals(f1.bytes)).toBe(true);
      // Another recipient still has their own download of the same file, and the first their download of another file.
      expect((await fetchFile(api, b.id, b.token, f1.id)).body.equals(f1.bytes)).toBe(true);
      expect((await fetchFile(api, a.id, a.token, f2.id)).body.equals(f2.bytes)).toBe(true);
      for (const [r, f] of [[a, f1], [b, f1], [a, f2]] as const) {
        const again = await fetchFile(api, r.id, r.token, f.id);
        expect(again.status).toBe(410);
        expect(JSON.parse(again.body.toString('utf8')).error.code).toBe('SP_ERR_DOWNLOAD_LIMIT');
      }
      expect((await fetchFile(api, b.id, b.token, f2.id)).status).toBe(200);
    });

    it('a stalled download whose lease a resume took over stops: the two together never deliver a second copy', async () => {
      const size = 24_000_000;
      const sent = await sendFixture(api, sender, { recipients: ['s@example.org'], sizes: [size], maxDownloads: 1 });
      const s = sent.recipients.get('s@example.org');
      const file = sent.files[0];
      if (!s || !file) throw new Error('fixture');
      const url = new URL(`${api.base}/api/r/${s.id}/files/${file.id}`);
      // A starts the download, reads one chunk and stalls until its lease has lapsed; B then resumes from byte 1.
      const first = await new Promise<{ received: number; resume: () => Promise<number> }>((resolve, reject) => {
        const req = http.get(url, { headers: { authorization: `Bearer ${s.token}` } }, (res) => {
          let received = 0;
          res.once('data', (chunk: Buffer) => {
            received += chunk.length;
            res.pause();
            resolve({
              received,
              resume: () =>
                new Promise<number>((done) => {
                  res.on('data', (c: Buffer) => (received += c.length));
                  res.on('end', () => done(received));
                  res.on('error', () => done(received));
                  res.on('aborted', () => done(received));
                  res.resume();
                }),
            });
          });
        });
        req.on('error', reject);
      });
      // Past the lease (60 s on the server's clock) and past the stream's re-check interval (real time).
      api.clock.advance(61_000);
      await new Promise((r) => setTimeout(r, 2_500));
      const resumed = await fetch(url, { headers: { authorization: `Bearer ${s.token}`, range: 'bytes=1-' } });
      const tail = Buffer.from(await resumed.arrayBuffer());
      expect(resumed.status).toBe(206);
      expect(tail.equals(file.bytes.subarray(1))).toBe(true);
      const firstTotal = await first.resume();
      // The stalled response is cut off once it finds its lease taken: far from a second whole copy.
      expect(firstTotal).toBeLessThan(size / 2);
    });

    it('a ranged continuation resumes the reserved download, but cannot fetch a second copy', async () => {
      const sent = await sendFixture(api, sender, { recipients: ['c@example.org', 'd@example.org'], sizes: [300_000], maxDownloads: 1 });
      const c = sent.recipients.get('c@example.org');
      const d = sent.recipients.get('d@example.org');
      const file = sent.files[0];
      if (!c || !d || !file) throw new Error('fixture');
      // A range that does not start at byte 0 is no download of its own: without a started download it is refused.
      expect((await fetchFile(api, d.id, d.token, file.id, 'bytes=1-')).status).toBe(410);

      const head = await fetchFile(api, c.id, c.token, file.id, 'bytes=0-99999');
      expect(head.status).toBe(206);
      const rest = await fetchFile(api, c.id, c.token, file.id, 'bytes=100000-');
      expect(rest.status).toBe(206);
      expect(Buffer.concat([head.body, rest.body]).equals(file.bytes)).toBe(true);
      // Resuming the last few bytes again (lost in flight) is fine; a second copy from the start is not.
      expect((await fetchFile(api, c.id, c.token, file.id, 'bytes=299000-')).status).toBe(206);
      expect((await fetchFile(api, c.id, c.token, file.id, 'bytes=1-')).status).toBe(410);
      expect((await fetchFile(api, c.id, c.token, file.id)).status).toBe(410);
      // The sender sees one completed download.
      const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
      const downloads = (view.json.recipients as Array<{ email: string; downloads: unknown[] }>).find((r) => r.email === 'c@example.org')?.downloads;
      expect(downloads).toHaveLength(1);
    });

    it('without a limit every request is served', async () => {
      const sent = await sendFixture(api, sender, { recipients: ['e@example.org'], sizes: [5000] });
      const e = sent.recipients.get('e@example.org');
      const file = sent.files[0];
      if (!e || !file) throw new Error('fixture');
      const results = await Promise.all(Array.from({ length: 5 }, () => fetchFile(api, e.id, e.token, file.id)));
      expect(results.every((r) => r.status === 200 && r.body.equals(file.bytes))).toBe(true);
      expect((await fetchFile(api, e.id, e.token, file.id, 'bytes=10-')).status).toBe(206);
    });
  });
}

downloadLimitSuite('SQLite', () => ({}));
describe.skipIf(!pg)('on PostgreSQL', () => {
  downloadLimitSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url, DEV_MAILBOX: 'true' });
});
