// The compose item's events (RecipientsChanged, Mailbox 1.7; AttachmentsChanged, Mailbox 1.8), shared by everything in
// the pane that follows them (the verification menu, the notices while writing). Office.js keeps handlers per item and
// event type; registering once per type and fanning out here means one part of the pane removing its listener never
// takes another part's away, whatever the client does with a second addHandlerAsync for the same type.
import type { ItemEventType, MailboxItem } from './office.ts';

export type ItemEventName = 'RecipientsChanged' | 'AttachmentsChanged';

const officeNames: Record<ItemEventName, ItemEventType> = { RecipientsChanged: 'olkRecipientsChanged', AttachmentsChanged: 'olkAttachmentsChanged' };

type Listener = () => void;
const registry = new WeakMap<MailboxItem, Map<ItemEventName, Set<Listener>>>();

function listenersOf(item: MailboxItem): Map<ItemEventName, Set<Listener>> {
  let byName = registry.get(item);
  if (!byName) {
    byName = new Map();
    registry.set(item, byName);
  }
  return byName;
}

function register(item: MailboxItem, name: ItemEventName, listeners: Set<Listener>): void {
  // Clients without the event (read items, older Outlook) simply never call: the pane's other triggers (Refresh,
  // the periodic check) remain.
  item.addHandlerAsync?.(officeNames[name], () => {
    for (const listener of [...listeners]) listener();
  }, () => undefined);
}

/** Calls `listener` whenever the event fires on this item; returns the function that stops it. */
export function onItemEvent(item: MailboxItem, name: ItemEventName, listener: Listener): () => void {
  const byName = listenersOf(item);
  let listeners = byName.get(name);
  if (!listeners) {
    listeners = new Set();
    byName.set(name, listeners);
    register(item, name, listeners);
  }
  listeners.add(listener);
  const own = listeners;
  return () => {
    own.delete(listener);
  };
}
