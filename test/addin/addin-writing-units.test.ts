// While writing, in Node: the draft watcher (changes, visibility) and the item events shared by the cards.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchDraft } from '../../addin/src/draft-watch.ts';
import { onItemEvent } from '../../addin/src/item-events.ts';
import type { ItemEventType } from '../../addin/src/office.ts';
import { fakeItem, visibility } from './unit-fakes.ts';

describe('watching a draft while writing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the draft on start and then only when it changed; reads only while the pane is visible', async () => {
    vi.useFakeTimers();
    let draft = { body: 'a' };
    let reads = 0;
    const seen: string[] = [];
    const doc = visibility();
    const watch = watchDraft(() => { reads += 1; return Promise.resolve({ ...draft }); }, (d) => seen.push(d.body), { intervalMs: 1000, visibility: doc.source });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(seen).toEqual(['a']);
    expect(reads).toBe(4);
    draft = { body: 'b' };
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['a', 'b']);
    // Hidden: no reads at all; shown again: one read at once, which finds the change made meanwhile.
    doc.set('hidden');
    const before = reads;
    draft = { body: 'c' };
    await vi.advanceTimersByTimeAsync(5000);
    expect(reads).toBe(before);
    doc.set('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a', 'b', 'c']);
    watch.stop();
    expect(doc.listeners.size).toBe(0);
    draft = { body: 'd' };
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('folds checks that come while a read runs into one more read; a failing read is reported, not thrown', async () => {
    let release: (() => void) | undefined;
    let reads = 0;
    const errors: unknown[] = [];
    const watch = watchDraft(
      () => {
        reads += 1;
        if (reads === 3) return Promise.reject(new Error('Office call failed'));
        return new Promise<{ n: number }>((resolve) => { release = () => resolve({ n: reads }); });
      },
      () => undefined,
      { intervalMs: 60_000, visibility: visibility().source, onError: (e) => errors.push(e) },
    );
    watch.check();
    watch.check();
    watch.check();
    expect(reads).toBe(1);
    release?.();
    // Three checks while the first read ran: one more read, not three.
    await expect.poll(() => reads).toBe(2);
    release?.();
    // One more check (whether or not the second read has finished): exactly one more read, which fails.
    watch.check();
    await expect.poll(() => errors.length).toBe(1);
    expect(reads).toBe(3);
    watch.stop();
  });
});

describe('item events (RecipientsChanged, AttachmentsChanged)', () => {
  function eventItem(withEvents = true) {
    const registered = new Map<ItemEventType, (arg: { type: string }) => void>();
    const { item } = fakeItem({});
    if (withEvents) item.addHandlerAsync = (type, handler, cb) => { registered.set(type, handler); cb?.({ status: 'succeeded', value: undefined }); };
    return { item, registered };
  }

  it('registers once per event with Outlook and reaches every listener; one stopping leaves the others', () => {
    const { item, registered } = eventItem();
    const calls: string[] = [];
    const stopMenu = onItemEvent(item, 'RecipientsChanged', () => calls.push('menu'));
    onItemEvent(item, 'RecipientsChanged', () => calls.push('notices'));
    onItemEvent(item, 'AttachmentsChanged', () => calls.push('attachments'));
    expect([...registered.keys()].sort()).toEqual(['olkAttachmentsChanged', 'olkRecipientsChanged']);
    registered.get('olkRecipientsChanged')?.({ type: 'olkRecipientsChanged' });
    expect(calls).toEqual(['menu', 'notices']);
    stopMenu();
    registered.get('olkRecipientsChanged')?.({ type: 'olkRecipientsChanged' });
    registered.get('olkAttachmentsChanged')?.({ type: 'olkAttachmentsChanged' });
    expect(calls).toEqual(['menu', 'notices', 'notices', 'attachments']);
  });

  it('an Outlook without the events (read items, older clients) is no error: nothing is called', () => {
    const { item } = eventItem(false);
    const stop = onItemEvent(item, 'RecipientsChanged', () => { throw new Error('never'); });
    expect(() => stop()).not.toThrow();
  });
});
