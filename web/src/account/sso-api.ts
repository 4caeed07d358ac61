// The staff-session calls the SSO pages make, through the one staff client (staff-api.ts: session cookie, CSRF token).
import { staffRequest, type Me, type StoredPersonalKey } from './staff-api.ts';

export type { StoredPersonalKey };
export type StaffMe = Me;

export const ssoApi = {
  personalKey: () => staffRequest<StoredPersonalKey>('GET', '/api/account/personal-key'),
  newRecoveryCodes: () => staffRequest<{ recoveryCodes: string[] }>('POST', '/api/account/recovery-codes'),
};
