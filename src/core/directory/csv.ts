import { CsvError, parse } from 'csv-parse/sync';
import { normalizePhoneNumber, type CountryCode } from '../phone-number.ts';
import { SealpostError } from '../errors.ts';
import { notificationLanguages, verificationMethods, type NotificationLanguage, type VerificationMethod } from '../transfers/model.ts';

/** The directory's CSV columns, in export order; an import names them in its header line, in any order. */
export const directoryColumns = ['email', 'method', 'phone', 'lang'] as const;

export interface DirectoryCsvRow {
  /** The line the record starts on (1 = the header). */
  line: number;
  email: string;
  method: VerificationMethod;
  /** E.164, validated with the phone-number module. */
  phone: string | null;
  lang: NotificationLanguage;
}

export interface DirectoryCsvLineError {
  line: number;
  column: (typeof directoryColumns)[number] | null;
  reason: 'malformed' | 'columns' | 'email_invalid' | 'email_duplicate' | 'method_invalid' | 'method_not_allowed' | 'phone_missing' | 'phone_invalid' | 'lang_invalid' | 'too_many_lines';
}

export const MAX_IMPORT_LINES = 5000;
const EMAIL = /^[^\s@",;<>]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export interface ParseOptions {
  allowedMethods: readonly VerificationMethod[];
  defaultLanguage: NotificationLanguage;
  defaultCountry?: string | undefined;
}

/** Reads the header line: every column known, email and method present, none twice. */
function headerOf(header: string[]): DirectoryCsvLineError | undefined {
  const names = header.map((h) => h.trim().toLowerCase());
  const known = names.every((n) => (directoryColumns as readonly string[]).includes(n)) && new Set(names).size === names.length;
  return known && names.includes('email') && names.includes('method') ? undefined : { line: 1, column: null, reason: 'columns' };
}

function validateRecord(fields: Record<string, string>, line: number, options: ParseOptions, seen: Set<string>): DirectoryCsvRow | DirectoryCsvLineError {
  const email = (fields.email ?? '').trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return { line, column: 'email', reason: 'email_invalid' };
  if (seen.has(email)) return { line, column: 'email', reason: 'email_duplicate' };
  seen.add(email);
  const method = (fields.method ?? '').trim().toLowerCase();
  // `account` is not the directory's to assign: the recipient's registration decides it at each send.
  if (method === 'account' || !(verificationMethods as readonly string[]).includes(method)) return { line, column: 'method', reason: 'method_invalid' };
  if (!options.allowedMethods.includes(method as VerificationMethod)) return { line, column: 'method', reason: 'method_not_allowed' };
  const rawPhone = (fields.phone ?? '').trim();
  if (method === 'sms' && rawPhone === '') return { line, column: 'phone', reason: 'phone_missing' };
  let phone: string | null = null;
  if (rawPhone !== '') {
    try {
      phone = normalizePhoneNumber(rawPhone, options.defaultCountry as CountryCode | undefined);
    } catch {
      return { line, column: 'phone', reason: 'phone_invalid' };
    }
  }
  const lang = (fields.lang ?? '').trim().toLowerCase() || options.defaultLanguage;
  if (!(notificationLanguages as readonly string[]).includes(lang)) return { line, column: 'lang', reason: 'lang_invalid' };
  return { line, email, method: method as VerificationMethod, phone, lang: lang as NotificationLanguage };
}

/**
 * Parses and validates a whole directory CSV (RFC 4180 via csv-parse): every line is checked and every problem
 * reported with its line, so the admin fixes the file once. Any error throws `SP_ERR_VALIDATION` with
 * `details.lines`; the caller writes nothing then.
 */
export function parseDirectoryCsv(text: string, options: ParseOptions): DirectoryCsvRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : 1;
    throw refused([{ line, column: null, reason: 'malformed' }]);
  }
  const [header, ...body] = records;
  const headerError = header ? headerOf(header.record) : { line: 1, column: null, reason: 'columns' as const };
  if (headerError || !header) throw refused([headerError ?? { line: 1, column: null, reason: 'columns' }]);
  if (body.length > MAX_IMPORT_LINES) throw refused([{ line: MAX_IMPORT_LINES + 2, column: null, reason: 'too_many_lines' }]);
  const names = header.record.map((h) => h.trim().toLowerCase());
  const rows: DirectoryCsvRow[] = [];
  const errors: DirectoryCsvLineError[] = [];
  const seen = new Set<string>();
  for (const { record, info } of body) {
    // info.lines is the line the record ends on; a record spans one line unless a quoted field holds a newline.
    const line = info.lines - record.join('').split('\n').length + 1;
    if (record.length !== names.length) {
      errors.push({ line, column: null, reason: 'columns' });
      continue;
    }
    const result = validateRecord(Object.fromEntries(names.map((n, i) => [n, unescapeField(record[i] ?? '')])), line, options, seen);
    if ('reason' in result) errors.push(result);
    else rows.push(result);
  }
  if (errors.length > 0) throw refused(errors);
  return rows;
}

function refused(lines: DirectoryCsvLineError[]): SealpostError {
  return new SealpostError('SP_ERR_VALIDATION', {
    message: `The file was not imported: ${lines.length === 1 ? 'one line has' : `${lines.length} lines have`} a problem`,
    details: { reason: 'directory_csv_invalid', lines },
  });
}

/** Undoes the export's formula guard, so an exported file imports unchanged. */
function unescapeField(value: string): string {
  return /^'[=@\t\r-]/.test(value) ? value.slice(1) : value;
}

/** RFC 4180: every field quoted, quotes doubled; a field a spreadsheet would run as a formula gets a leading '. */
function csvField(value: string): string {
  const safe = /^[=@\t\r-]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toDirectoryCsv(rows: ReadonlyArray<Omit<DirectoryCsvRow, 'line'>>): string {
  const lines = [directoryColumns.join(','), ...rows.map((r) => [r.email, r.method, r.phone ?? '', r.lang].map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
