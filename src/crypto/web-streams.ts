// Sources may be async iterables (Node streams, generators, arrays) or WHATWG ReadableStreams (browsers).
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>;

export function toAsyncIterable(source: ByteSource): AsyncIterable<Uint8Array> {
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) return readableToIterable(source);
  if (Symbol.asyncIterator in source) return source;
  const sync = source as Iterable<Uint8Array>;
  const iterator = sync[Symbol.iterator]();
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(iterator.next()) }) };
}

// Not every browser implements ReadableStream[Symbol.asyncIterator]; a reader works everywhere.
async function* readableToIterable(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Wraps an async iterable (e.g. encryptStream's output) as a pull-based ReadableStream with backpressure. */
export function toReadableStream(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done === true) controller.close();
        else controller.enqueue(next.value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}
