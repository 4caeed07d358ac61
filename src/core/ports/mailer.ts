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
  /**
   * The same for every attempt to deliver one mail (the outbox item's id): it becomes the Message-ID, so a mail sent
   * again after a crash between the relay's 250 OK and the "sent" mark is the same message to the recipient's mail
   * client, which shows it once. Letters, digits, `-` and `_` only.
   */
  deliveryKey?: string;
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
