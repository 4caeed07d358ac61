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

/** A message being written (compose) or read; the add-in checks which with `'setAsync' in item.subject`-free tests. */
export interface MailboxItem {
  itemType: string;
  subject: string | { getAsync(callback: Callback<string>): void };
  to?: EmailAddressDetails[] | { getAsync(callback: Callback<EmailAddressDetails[]>): void };
  cc?: EmailAddressDetails[] | { getAsync(callback: Callback<EmailAddressDetails[]>): void };
  body: { getAsync(coercionType: 'text' | 'html', callback: Callback<string>): void };
  attachments?: { id: string; name: string; size: number; isInline: boolean }[];
  getAttachmentsAsync?(callback: Callback<{ id: string; name: string; size: number; isInline: boolean }[]>): void;
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
}

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
    mailbox?: { item?: MailboxItem };
    ui: {
      displayDialogAsync(url: string, options: { height?: number; width?: number; promptBeforeOpen?: boolean }, callback: Callback<Dialog>): void;
      messageParent(message: string, options?: { targetOrigin: string }): void;
    };
  };
  actions?: { associate(name: string, handler: (event: SendEvent) => void): void };
  EventType: { DialogMessageReceived: 'dialogMessageReceived'; DialogEventReceived: 'dialogEventReceived' };
}

declare global {
  // Provided by office.js at runtime; absent when the page is opened outside Office.
  var Office: OfficeApi | undefined;
}

/** Office.js, or an error when the page was opened outside Office (office.js missing or blocked). */
export function office(): OfficeApi {
  if (!globalThis.Office) throw new Error('Office.js is not loaded: open this page from Outlook');
  return globalThis.Office;
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
