// The part of Office.js the add-in uses, typed here (no @types/office-js dependency): this list is also the surface
// the test host (test/addin/office-host.ts) implements, so a call added here without the host fails in the tests.
// Office.js itself is loaded from Microsoft's CDN by taskpane.html and commands.html (Office requires the hosted copy).

export interface AsyncResult<T> {
  status: 'succeeded' | 'failed';
  value: T;
  error?: { name: string; message: string; code?: number };
}
export type Callback<T> = (result: AsyncResult<T>) => void;

export interface CustomProperties {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  remove(name: string): void;
  saveAsync(callback?: Callback<void>): void;
}

export interface EmailAddressDetails {
  displayName: string;
  emailAddress: string;
}

/** A compose item's recipient field (To, Cc, Bcc): read, and replaced by the end-to-end send's Sent Items copy. */
export interface RecipientsField {
  getAsync(callback: Callback<EmailAddressDetails[]>): void;
  setAsync?(recipients: Array<{ displayName?: string; emailAddress: string }>, callback?: Callback<void>): void;
}

/** An attachment as Outlook lists it; `attachmentType`: 'file', 'item' (an attached mail) or 'cloud' (a link). */
export interface AttachmentDetails {
  id: string;
  name: string;
  size: number;
  isInline: boolean;
  attachmentType?: 'file' | 'item' | 'cloud';
  contentType?: string;
}

/** getAttachmentContentAsync (Mailbox 1.8): `base64` for files, `eml` for attached mails, `url` for cloud links. */
export interface AttachmentContent {
  format: 'base64' | 'eml' | 'url' | 'iCalendar';
  content: string;
}

/** A message being written (compose) or read; the add-in checks which with `'setAsync' in item.subject`-free tests. */
export interface MailboxItem {
  itemType: string;
  subject: string | { getAsync(callback: Callback<string>): void; setAsync?(subject: string, callback?: Callback<void>): void };
  to?: EmailAddressDetails[] | RecipientsField;
  cc?: EmailAddressDetails[] | RecipientsField;
  bcc?: RecipientsField;
  body: {
    getAsync(coercionType: 'text' | 'html', callback: Callback<string>): void;
    setAsync?(data: string, options: { coercionType: 'text' | 'html' }, callback?: Callback<void>): void;
  };
  attachments?: AttachmentDetails[];
  getAttachmentsAsync?(callback: Callback<AttachmentDetails[]>): void;
  /** Compose (Mailbox 1.8): an attachment's bytes, to encrypt them on the device. */
  getAttachmentContentAsync?(id: string, callback: Callback<AttachmentContent>): void;
  removeAttachmentAsync?(id: string, callback?: Callback<void>): void;
  /** Compose (Mailbox 1.15): sends the message as if the user pressed Send (the OnMessageSend handler still runs). */
  sendAsync?(callback?: Callback<void>): void;
  /** Compose only (Mailbox 1.8): headers Outlook adds to the outgoing message. */
  internetHeaders?: {
    setAsync(headers: Record<string, string>, callback?: Callback<void>): void;
    removeAsync(names: string[], callback?: Callback<void>): void;
    getAsync(names: string[], callback: Callback<Record<string, string>>): void;
  };
  loadCustomPropertiesAsync(callback: Callback<CustomProperties>): void;
  /** Read only (Mailbox 1.1): the message's Message-ID, with its angle brackets. */
  internetMessageId?: string;
  /** Read only (Mailbox 1.8): every internet header of the message, as one RFC 5322 header block. */
  getAllInternetHeadersAsync?(callback: Callback<string>): void;
  /** Read mode (Mailbox 1.0): who sent the message; compose mode has an object with getAsync instead (Mailbox 1.7). */
  from?: EmailAddressDetails | { getAsync(callback: Callback<EmailAddressDetails>): void };
  /** Compose (Mailbox 1.7 RecipientsChanged, 1.8 AttachmentsChanged): item events while the user writes. */
  addHandlerAsync?(eventType: ItemEventType, handler: (arg: { type: string }) => void, callback?: Callback<void>): void;
  removeHandlerAsync?(eventType: ItemEventType, callback?: Callback<void>): void;
}

/** Office.EventType values of the item events the add-in follows (the strings Office.js defines). */
export type ItemEventType = 'olkRecipientsChanged' | 'olkAttachmentsChanged';

export interface Dialog {
  addEventHandler(type: 'dialogMessageReceived' | 'dialogEventReceived', handler: (arg: { message?: string; origin?: string; error?: number }) => void): void;
  close(): void;
}

export interface SendEvent {
  /** cancelLabel and commandId: Smart Alerts (Mailbox 1.14), a button in the block dialog that runs an add-in command. */
  completed(options: { allowEvent: boolean; errorMessage?: string; cancelLabel?: string; commandId?: string }): void;
}

export interface OfficeApi {
  onReady(callback?: (info: { host: string | null; platform: string | null }) => void): Promise<{ host: string | null; platform: string | null }>;
  context: {
    displayLanguage: string;
    mailbox?: { item?: MailboxItem; userProfile?: { emailAddress: string; displayName: string } };
    ui: {
      displayDialogAsync(url: string, options: { height?: number; width?: number; promptBeforeOpen?: boolean }, callback: Callback<Dialog>): void;
      messageParent(message: string, options?: { targetOrigin: string }): void;
    };
  };
  actions?: { associate(name: string, handler: (event: SendEvent) => void): void };
  EventType: {
    DialogMessageReceived: 'dialogMessageReceived';
    DialogEventReceived: 'dialogEventReceived';
    RecipientsChanged: 'olkRecipientsChanged';
    AttachmentsChanged: 'olkAttachmentsChanged';
  };
}

/**
 * OfficeRuntime.storage (Mailbox 1.10): asynchronous, persistent key/value storage per add-in domain (10 MB), shared
 * by the task pane and the JavaScript-only event runtime of classic Outlook on Windows, which has no localStorage.
 */
export interface OfficeRuntimeStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

declare global {
  // Provided by office.js at runtime; absent when the page is opened outside Office.
  var Office: OfficeApi | undefined;
  // Provided by Office on Windows (and by the test host); absent elsewhere.
  var OfficeRuntime: { storage?: OfficeRuntimeStorage } | undefined;
}

/** Office.js, or an error when the page was opened outside Office (office.js missing or blocked). */
export function office(): OfficeApi {
  if (!globalThis.Office) throw new Error('Office.js is not loaded: open this page from Outlook');
  return globalThis.Office;
}

/** The item's custom properties (a snapshot: changes count once saveAsync succeeds). */
export function loadCustomProperties(item: MailboxItem): Promise<CustomProperties> {
  return promisify<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
}

/** A field that is a plain value on a read item and has getAsync on a compose item (subject, to, cc). */
export function fieldValue<T>(field: T | { getAsync(callback: Callback<T>): void } | undefined, fallback: T): Promise<T> {
  if (field === undefined) return Promise.resolve(fallback);
  if (typeof field === 'object' && field !== null && 'getAsync' in field) return promisify<T>((cb) => field.getAsync(cb));
  return Promise.resolve(field);
}

/** A callback-style Office call as a promise: rejects with the Office error's message on failure. */
export function promisify<T>(call: (callback: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    call((result) => {
      if (result.status === 'succeeded') resolve(result.value);
      else reject(new Error(result.error?.message ?? 'Office call failed'));
    });
  });
}
