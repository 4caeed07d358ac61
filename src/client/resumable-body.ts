// The body of a ciphertext download that picks up where a broken connection left off, asking for the rest with
// `Range: bytes=N-`. With a download limit this is what keeps a broken download from using up another one: the
// server counts a download when it starts at byte 0 and lets its recipient resume it (docs/api.md, "Download
// limits"). Server answers (withdrawn, expired, limit reached) end it with their own error. No dependencies beyond
// fetch's Response: it runs in Node and browsers.

export interface ResumeOptions {
  /** Tries in a row that bring no new byte before giving up. */
  attempts?: number;
  /** Waits between tries (tests shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `open(offset)` requests the ciphertext from `offset` (0: the whole file) and throws the server's error. */
export async function* resumableBody(open: (offset: number) => Promise<Response>, options: ResumeOptions = {}): AsyncGenerator<Uint8Array> {
  const attempts = options.attempts ?? 6;
  const sleep = options.sleep ?? pause;
  let response = await open(0);
  const size = Number(response.headers.get('content-length') ?? Number.NaN);
  let offset = 0;
  let fruitless = 0;
  for (;;) {
    const before = offset;
    let broken: unknown;
    // A reader, not `for await`: Safari's ReadableStream is not async-iterable.
    const reader = response.body?.getReader();
    let finished = false;
    try {
      for (;;) {
        const next = await reader?.read();
        if (!next || next.done) break;
        offset += next.value.length;
        yield next.value;
      }
      finished = true;
    } catch (error) {
      broken = error;
    } finally {
      // The consumer stopped early (a decryption error): let the connection go.
      if (!finished && broken === undefined) void reader?.cancel().catch(() => undefined);
    }
    // Done, or no way to tell how much is missing: hand over what came (the decryption checks it).
    if (!Number.isFinite(size) || offset >= size) return;
    fruitless = offset > before ? 0 : fruitless + 1;
    if (fruitless >= attempts) throw broken instanceof Error ? broken : new Error('the download stopped early', { cause: broken });
    response = await reopen(open, offset, { attempts, sleep });
  }
}

/** Asks for the rest; while the server still streams the broken response to us (409), waits and asks again. */
async function reopen(open: (offset: number) => Promise<Response>, offset: number, options: Required<ResumeOptions>): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      const response = await open(offset);
      if (response.status !== 206 || !response.headers.get('content-range')?.startsWith(`bytes ${offset}-`)) {
        await response.body?.cancel();
        throw new Error('The server did not continue the download where it stopped');
      }
      return response;
    } catch (error) {
      if (!isBusy(error) || i >= options.attempts) throw error;
      await options.sleep(1000 * 2 ** i);
    }
  }
}

/** 409 SP_ERR_CONFLICT: the server still streams the broken response (the CLI's and the web app's errors both carry `code`). */
function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SP_ERR_CONFLICT';
}
