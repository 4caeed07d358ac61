// What the passkey routes answer (requests go through the one staff client, staff-api.ts).

export interface PasskeyView {
  id: string;
  name: string;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
  prf: boolean;
}

export interface CeremonyOptions<T> {
  attemptId: string;
  options: T;
}

export interface PasskeySignedIn {
  csrfToken: string;
  email: string;
  credentialId: string;
  publicKey: string | null;
  prf: { salt: string; wrapped: string } | null;
}
