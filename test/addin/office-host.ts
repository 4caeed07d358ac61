// A small stand-in for Office.js, so the add-in runs in Chromium without Outlook. The test routes Microsoft's CDN URL
// (page.route) to this script, which implements exactly the surface the add-in uses (addin/src/office.ts): onReady,
// the mailbox item (subject, body, to, cc, attachments, internet headers, custom properties; read mode: internetMessageId,
// getAllInternetHeadersAsync), displayLanguage, the
// dialog API (displayDialogAsync / messageParent), Office.actions.associate and an OnMessageSend dispatcher whose
// event.completed resolves once (a second call is an error, as it is a bug in Outlook too).
//
// Why our own host rather than office-addin-mock: that package builds mock objects for unit tests in Node (jest or
// mocha); it is not a script a browser page can load in place of office.js, and it has no event dispatch or dialog.
// Here the real built pages run unchanged, under the server's real CSP, with only office.js replaced.
//
// The message's state lives in Node (OfficeHost.item): every page the host is attached to starts from it and reports
// each change back (page.exposeFunction), so the task pane and the event runtime (commands.html) see one message, as
// they do in Outlook. OfficeRuntime.storage (the store classic Outlook on Windows shares between the task pane and
// its JavaScript-only send runtime) lives in Node the same way (OfficeHost.runtimeStorage). The test changes the
// message as the user would while the pane is open (changeItem), firing RecipientsChanged / AttachmentsChanged to the
// handlers the page registered with item.addHandlerAsync; `noLocalStorage` runs a page without localStorage, as
// that Windows runtime is.
import type { Page } from 'playwright-core';

export const officeJsUrl = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface HostRecipient {
  displayName: string;
  emailAddress: string;
}

export interface HostItem {
  kind: 'compose' | 'read';
  subject: string;
  body: string;
  to: HostRecipient[];
  cc: HostRecipient[];
  attachments: HostAttachment[];
  internetHeaders: Record<string, string>;
  customProperties: Record<string, unknown>;
  bcc?: HostRecipient[];
  /** Set when the body was replaced with setAsync as HTML (body then holds its text). */
  bodyHtml?: string;
  /** Set by item.sendAsync (Mailbox 1.15), when the host offers it. */
  sentWithSendAsync?: boolean;
  /** Read mode: the message's Message-ID as Outlook gives it (with angle brackets). */
  internetMessageId?: string;
  /** Read mode: the message's header block, as getAllInternetHeadersAsync returns it. */
  allInternetHeaders?: string;
  /** Read mode: who sent the message (item.from); unset, the host's signed-in mailbox (a mail in Sent Items). */
  from?: HostRecipient;
}

export interface HostAttachment {
  id: string;
  name: string;
  size: number;
  isInline: boolean;
  attachmentType?: 'file' | 'item' | 'cloud';
  contentType?: string;
  /** The bytes getAttachmentContentAsync hands over (base64); cloud attachments have a URL instead. */
  content?: string;
}

/** A file attachment whose bytes the host hands over, as Outlook does for a file attached to a draft. */
export function fileAttachment(id: string, name: string, bytes: Uint8Array, contentType = 'application/octet-stream'): HostAttachment {
  return { id, name, size: bytes.length, isInline: false, attachmentType: 'file', contentType, content: Buffer.from(bytes).toString('base64') };
}

export interface OfficeHostOptions {
  displayLanguage: string;
  item: HostItem;
  /** Make internetHeaders.setAsync/removeAsync fail (an Outlook that cannot set headers, or a transient error). */
  failHeaders?: boolean;
  /** Offer item.sendAsync (Mailbox 1.15); without it the user presses Send. */
  sendAsync?: boolean;
  /** The signed-in mailbox (Office.context.mailbox.userProfile). */
  userProfile?: { emailAddress: string; displayName: string };
  /** Make displayDialogAsync fail (a client without the dialog API, or one that blocked it). */
  failDialog?: boolean;
  /** Offer no OfficeRuntime.storage (Outlook on the web and Mac do not). */
  noRuntimeStorage?: boolean;
}

/** The item events a test can fire, by their Office.EventType names. */
export type HostItemEvent = 'RecipientsChanged' | 'AttachmentsChanged';

export interface SendCompletion {
  allowEvent: boolean;
  errorMessage?: string;
  cancelLabel?: string;
  commandId?: string;
}

export function composeItem(changes: Partial<HostItem> = {}): HostItem {
  return {
    kind: 'compose',
    subject: 'Befund',
    body: 'Sehr geehrte Frau Muster, anbei der Befund.',
    to: [{ displayName: 'Erika Muster', emailAddress: 'erika@example.net' }],
    cc: [],
    attachments: [],
    internetHeaders: {},
    customProperties: {},
    ...changes,
  };
}

/**
 * A message in the reading pane: plain values, no compose-only calls. Sent by the user (in Sent Items) unless `from`
 * names someone else (a received mail).
 */
export function readItem(changes: Partial<HostItem> = {}): HostItem {
  return composeItem({ kind: 'read', internetMessageId: '<read-1@example.net>', allInternetHeaders: '', ...changes });
}

/** The script served in place of office.js; `config` is the page's starting state. */
function hostScript(config: OfficeHostOptions & { runtimeStorage: Record<string, string> }): string {
  return String.raw`(function (config) {
  'use strict';
  var item = config.item;
  var compose = item.kind === 'compose';
  var userProfile = config.userProfile || { emailAddress: 'me@example.org', displayName: 'Me' };
  var handlers = {};
  var itemHandlers = {};
  var eventTypes = { RecipientsChanged: 'olkRecipientsChanged', AttachmentsChanged: 'olkAttachmentsChanged' };
  var runtimeStorage = config.runtimeStorage;
  var dialogs = [];
  var parentMessages = [];
  function sync() { if (window.__officeHostSync) window.__officeHostSync(JSON.stringify(item)); }
  function later(fn) { setTimeout(fn, 0); }
  function ok(cb, value) { if (typeof cb === 'function') later(function () { cb({ status: 'succeeded', value: value }); }); }
  function fail(cb, message) { if (typeof cb === 'function') later(function () { cb({ status: 'failed', value: undefined, error: { name: 'HostError', message: message, code: 9000 } }); }); }
  function lastFn(args) { for (var i = args.length - 1; i >= 0; i--) if (typeof args[i] === 'function') return args[i]; return undefined; }
  function field(get) { return compose ? { getAsync: function () { ok(lastFn(arguments), get()); } } : get(); }
  function recipients(name) {
    if (!compose) return copy(item[name] || []);
    return {
      getAsync: function () { ok(lastFn(arguments), copy(item[name] || [])); },
      setAsync: function (list) { item[name] = list.map(function (r) { return { displayName: r.displayName || r.emailAddress, emailAddress: r.emailAddress }; }); sync(); ok(lastFn(arguments)); },
    };
  }
  function textOf(html) { return new DOMParser().parseFromString(html, 'text/html').body.textContent || ''; }
  function copy(o) { return JSON.parse(JSON.stringify(o)); }
  function details(a) { return { id: a.id, name: a.name, size: a.size, isInline: a.isInline, attachmentType: a.attachmentType || 'file', contentType: a.contentType }; }
  var mailboxItem = {
    itemType: 'message',
    subject: field(function () { return item.subject; }),
    to: recipients('to'),
    cc: recipients('cc'),
    bcc: compose ? recipients('bcc') : undefined,
    body: {
      getAsync: function (coercion) { ok(lastFn(arguments), coercion === 'html' ? (item.bodyHtml || '<p>' + item.body + '</p>') : item.body); },
      setAsync: compose ? function (data, options) {
        var html = options && options.coercionType === 'html';
        item.bodyHtml = html ? data : undefined; item.body = html ? textOf(data) : data;
        sync(); ok(lastFn(arguments));
      } : undefined,
    },
    attachments: compose ? undefined : item.attachments.map(details),
    getAttachmentsAsync: compose ? function () { ok(lastFn(arguments), item.attachments.map(details)); } : undefined,
    getAttachmentContentAsync: compose ? function (id) {
      var cb = lastFn(arguments);
      var a = item.attachments.filter(function (x) { return x.id === id; })[0];
      if (!a) return fail(cb, 'No attachment ' + id);
      if (a.attachmentType === 'cloud') return ok(cb, { format: 'url', content: 'https://contoso.sharepoint.com/' + a.name });
      ok(cb, { format: a.attachmentType === 'item' ? 'eml' : 'base64', content: a.content || '' });
    } : undefined,
    removeAttachmentAsync: compose ? function (id) {
      item.attachments = item.attachments.filter(function (x) { return x.id !== id; });
      sync(); ok(lastFn(arguments));
    } : undefined,
    sendAsync: compose && config.sendAsync ? function () { item.sentWithSendAsync = true; sync(); ok(lastFn(arguments)); } : undefined,
    internetHeaders: compose ? {
      setAsync: function (headers) {
        var cb = lastFn(arguments);
        if (config.failHeaders) return fail(cb, 'Headers cannot be set');
        for (var k in headers) item.internetHeaders[k] = String(headers[k]);
        sync(); ok(cb);
      },
      removeAsync: function (names) {
        var cb = lastFn(arguments);
        if (config.failHeaders) return fail(cb, 'Headers cannot be removed');
        names.forEach(function (n) { delete item.internetHeaders[n]; });
        sync(); ok(cb);
      },
      getAsync: function (names) {
        var out = {};
        names.forEach(function (n) { if (n in item.internetHeaders) out[n] = item.internetHeaders[n]; });
        ok(lastFn(arguments), out);
      },
    } : undefined,
    internetMessageId: compose ? undefined : item.internetMessageId,
    from: compose ? undefined : copy(item.from || userProfile),
    getAllInternetHeadersAsync: compose ? undefined : function () { ok(lastFn(arguments), item.allInternetHeaders || ''); },
    addHandlerAsync: compose ? function (type, fn) {
      (itemHandlers[type] = itemHandlers[type] || []).push(fn);
      ok(lastFn(Array.prototype.slice.call(arguments, 2)));
    } : undefined,
    removeHandlerAsync: compose ? function (type) { delete itemHandlers[type]; ok(lastFn(arguments)); } : undefined,
    loadCustomPropertiesAsync: function (cb) {
      // A snapshot, as in Outlook: changes count only once saveAsync succeeds.
      var staged = copy(item.customProperties);
      ok(cb, {
        get: function (n) { return staged[n]; },
        set: function (n, v) { staged[n] = v; },
        remove: function (n) { delete staged[n]; },
        getAll: function () { return copy(staged); },
        saveAsync: function () { item.customProperties = copy(staged); sync(); ok(lastFn(arguments)); },
      });
    },
  };
  var info = { host: 'Outlook', platform: 'OfficeOnline' };
  window.Office = {
    onReady: function (cb) {
      var p = new Promise(function (resolve) { later(function () { resolve(info); }); });
      if (typeof cb === 'function') p.then(cb);
      return p;
    },
    context: {
      displayLanguage: config.displayLanguage,
      mailbox: { item: mailboxItem, userProfile: userProfile },
      ui: {
        displayDialogAsync: function (url) {
          if (config.failDialog) return fail(lastFn(arguments), 'The dialog cannot be opened');
          var record = { url: url, handlers: {}, closed: false };
          dialogs.push(record);
          if (window.__officeHostDialog) window.__officeHostDialog(url);
          ok(lastFn(arguments), {
            addEventHandler: function (type, fn) { record.handlers[type] = fn; },
            close: function () { record.closed = true; },
          });
        },
        messageParent: function (message) { parentMessages.push(String(message)); },
      },
    },
    actions: { associate: function (name, fn) { handlers[name] = fn; } },
    EventType: { DialogMessageReceived: 'dialogMessageReceived', DialogEventReceived: 'dialogEventReceived', RecipientsChanged: 'olkRecipientsChanged', AttachmentsChanged: 'olkAttachmentsChanged' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  };
  function storageSync() { if (window.__officeHostRuntimeStorage) window.__officeHostRuntimeStorage(JSON.stringify(runtimeStorage)); }
  if (!config.noRuntimeStorage) {
    window.OfficeRuntime = {
      storage: {
        getItem: function (key) { return Promise.resolve(Object.prototype.hasOwnProperty.call(runtimeStorage, key) ? runtimeStorage[key] : null); },
        setItem: function (key, value) { runtimeStorage[key] = String(value); storageSync(); return Promise.resolve(); },
        removeItem: function (key) { delete runtimeStorage[key]; storageSync(); return Promise.resolve(); },
      },
    };
  }
  window.__officeHost = {
    item: function () { return copy(item); },
    changeItem: function (changes, events) {
      for (var k in changes) item[k] = changes[k];
      sync();
      (events || []).forEach(function (name) {
        var type = eventTypes[name];
        (itemHandlers[type] || []).forEach(function (fn) { later(function () { fn({ type: type }); }); });
      });
    },
    itemHandlers: function () { return Object.keys(itemHandlers).filter(function (t) { return itemHandlers[t].length > 0; }); },
    handlers: function () { return Object.keys(handlers); },
    dialogs: function () { return dialogs.map(function (d) { return { url: d.url, closed: d.closed }; }); },
    parentMessages: function () { return parentMessages.slice(); },
    dialogMessage: function (message) { var d = dialogs[dialogs.length - 1]; var fn = d && d.handlers.dialogMessageReceived; if (fn) fn({ message: message, origin: location.origin }); },
    dispatchSend: function (name) {
      return new Promise(function (resolve, reject) {
        var handler = handlers[name || 'onMessageSendHandler'];
        if (!handler) return reject(new Error('no handler registered for ' + (name || 'onMessageSendHandler')));
        var done = false;
        handler({
          type: 'olkMessageSend',
          completed: function (options) {
            if (done) { reject(new Error('event.completed called twice')); return; }
            done = true;
            resolve(options);
          },
        });
      });
    },
  };
})(${JSON.stringify(config)});`;
}

/** One Outlook message and the pages showing it. */
export class OfficeHost {
  item: HostItem;
  /** OfficeRuntime.storage's contents, shared by every page of this host (as Outlook on Windows shares it). */
  runtimeStorage: Record<string, string> = {};
  readonly dialogs: string[] = [];
  private readonly options: OfficeHostOptions;

  constructor(options: OfficeHostOptions) {
    this.options = options;
    this.item = structuredClone(options.item);
  }

  /** Serves the host in place of office.js on this page, starting from the message's current state. */
  async attach(page: Page, overrides: Partial<Pick<OfficeHostOptions, 'failHeaders' | 'failDialog' | 'displayLanguage' | 'sendAsync' | 'noRuntimeStorage'>> & { noLocalStorage?: boolean } = {}): Promise<void> {
    const { noLocalStorage, ...options } = overrides;
    await page.exposeFunction('__officeHostSync', (json: string) => {
      this.item = JSON.parse(json) as HostItem;
    });
    await page.exposeFunction('__officeHostRuntimeStorage', (json: string) => {
      this.runtimeStorage = JSON.parse(json) as Record<string, string>;
    });
    // Classic Outlook on Windows runs the send handler in a JavaScript-only runtime: no localStorage at all.
    if (noLocalStorage) await page.addInitScript(() => Object.defineProperty(window, 'localStorage', { value: undefined, configurable: true }));
    await page.exposeFunction('__officeHostDialog', (url: string) => {
      this.dialogs.push(url);
    });
    await page.route(officeJsUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: hostScript({ ...this.options, ...options, item: this.item, runtimeStorage: this.runtimeStorage }) }),
    );
  }

  /**
   * Changes the message as the user does in Outlook while the page is open (typing in the body, adding a recipient or
   * an attachment) and fires the named item events to the handlers the page registered.
   */
  async changeItem(page: Page, changes: Partial<HostItem>, events: HostItemEvent[] = []): Promise<void> {
    this.item = { ...this.item, ...structuredClone(changes) };
    await page.evaluate(([c, e]) => (globalThis as unknown as { __officeHost: { changeItem(c: unknown, e: string[]): void } }).__officeHost.changeItem(c, e), [changes, events] as const);
  }

  /** Presses Send: runs the handler the page registered; resolves with what it passed to event.completed. */
  static async send(page: Page): Promise<SendCompletion> {
    return page.evaluate(() => (globalThis as unknown as { __officeHost: { dispatchSend(): Promise<SendCompletion> } }).__officeHost.dispatchSend());
  }
}
