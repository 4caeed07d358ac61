export interface OutgoingSms {
  /** E.164, already validated and normalised (e.g. +31612345678). */
  to: string;
  text: string;
}

export interface SentSms {
  providerId?: string;
}

export interface SmsSender {
  readonly kind: string;
  send(sms: OutgoingSms): Promise<SentSms>;
}
