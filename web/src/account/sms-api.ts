// What the SMS routes answer (requests go through the one staff client, staff-api.ts).
export interface SmsStatus { allowed: boolean; enrolled: boolean; maskedPhone: string | null }
export interface CodeSent { maskedPhone: string; expiresAt: string; validForMinutes: number }
