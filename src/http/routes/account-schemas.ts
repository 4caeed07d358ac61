import { z } from 'zod';

/** What the staff account route groups (account-routes.ts, account-factor-routes.ts, account-key-routes.ts) share. */
export const staffSecurity = [{ staffSession: [] }];
export const accountTags = ['account'];
export const password = z.string().min(1).max(1024);
export const totp = z.string().regex(/^\d{6}$/);
