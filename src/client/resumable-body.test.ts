import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { resumableBody } from './resumable-body.ts';

const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

/** A response carrying `body` from `offset`, as the server answers; it breaks after `breakAfter` bytes if given. */
function answer(offset: number, breakAfter?: number): Response {
  const rest = bytes.subarray(offset);
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (breakAfter === undefined) {
        controller.enqueue(rest.slice());
        controller.close();
      } else if (!sent && breakAfter > 0) {
        controller.enqueue(rest.slice(0, breakAfter));
      } else {
        controller.error(new TypeError('terminated'));
      }
      sent = true;
    },
  });
  const headers: Record<string, string> = { 'content-length': String(rest.length) };
  if (offset > 0) headers['content-range'] = `bytes ${offset}-${bytes.length - 1}/${bytes.length}`;
  return new Response(stream, { status: offset > 0 ? 206 : 200, headers });
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: number[] = [];
  for await (const piece of source) parts.push(...piece);
  return Uint8Array.from(parts);
}

describe('resumableBody: a download that survives a broken connection', () => {
  it('asks for the rest with Range where the connection broke, and waits while the server still holds the old one (409)', async () => {
    const asked: number[] = [];
    let busy = 1;
    const got = await collect(resumableBody(async (offset) => {
      asked.push(offset);
      if (offset === 0) return answer(0, 300);
      if (busy-- > 0) throw new ApiError('SP_ERR_CONFLICT', 409);
      return answer(offset, offset === 300 ? 200 : undefined);
    }, { sleep: () => Promise.resolve() }));
    expect(got).toEqual(bytes);
    expect(asked).toEqual([0, 300, 300, 500]);
  });

  it('a server answer (withdrawn) ends it with that error; a server that ignores Range is refused', async () => {
    const withdrawn = collect(resumableBody(async (offset) => {
      if (offset === 0) return answer(0, 10);
      throw new ApiError('SP_ERR_WITHDRAWN', 410);
    }, { sleep: () => Promise.resolve() }));
    await expect(withdrawn).rejects.toMatchObject({ code: 'SP_ERR_WITHDRAWN' });
    const ignoring = collect(resumableBody(async (offset) => answer(0, offset === 0 ? 10 : undefined), { sleep: () => Promise.resolve() }));
    await expect(ignoring).rejects.toThrow(/did not continue the download where it stopped/);
  });

  it('gives up after a number of tries that bring nothing new', async () => {
    let tries = 0;
    const stuck = collect(resumableBody(async (offset) => {
      tries += 1;
      return offset === 0 ? answer(0, 10) : answer(offset, 0);
    }, { attempts: 3, sleep: () => Promise.resolve() }));
    await expect(stuck).rejects.toThrow();
    expect(tries).toBe(4);
  });
});
