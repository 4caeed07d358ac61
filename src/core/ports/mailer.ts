export interface MailAddress {
  name?: string;
  address: string;
}

/** A fully rendered e-mail. Headers are built by the mail library from these fields, never concatenated. */
export interface OutgoingMail {
  from?: MailAddress;
  to: MailAddress[];
  replyTo?: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** Extra headers; names and values are validated (no CR/LF) before sending. */
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
}

export interface Mailer {
  readonly kind: string;
  send(mail: OutgoingMail): Promise<SentMail>;
  /** For readiness: throws if the transport cannot be reached. Optional for the dev mailbox. */
  verify?(): Promise<void>;
  close?(): Promise<void>;
}
