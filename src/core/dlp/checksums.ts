/**
 * Check-digit algorithms of the identifiers we detect. Each takes the digits only (no separators)
 * and answers whether the value is structurally valid; a bare digit run rarely is, which is what
 * keeps order numbers and phone numbers from raising notices.
 */

function digitsOf(value: string): number[] {
  return [...value].map((c) => c.charCodeAt(0) - 48);
}

/** Luhn (ISO/IEC 7812) for payment cards. */
export function luhnValid(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  let sum = 0;
  const d = digitsOf(value);
  for (let i = 0; i < d.length; i++) {
    let x = d[d.length - 1 - i] ?? 0;
    if (i % 2 === 1) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  return sum % 10 === 0;
}

/** Dutch BSN "11-proef": 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export function bsnValid(value: string): boolean {
  if (!/^\d{9}$/.test(value) || /^0+$/.test(value)) return false;
  const d = digitsOf(value);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (d[i] ?? 0);
  sum -= d[8] ?? 0;
  return sum % 11 === 0;
}

/**
 * German Steuerliche Identifikationsnummer: 11 digits, no leading zero; in the first ten digits
 * exactly one digit occurs twice or three times (never three in a row); check digit ISO 7064 MOD 11,10.
 */
export function steuerIdValid(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const d = digitsOf(value);
  const head = d.slice(0, 10);
  const counts = new Map<number, number>();
  for (const x of head) counts.set(x, (counts.get(x) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || (repeated[0] ?? 0) > 3) return false;
  if (/(\d)\1\1/.test(value.slice(0, 10))) return false;
  let product = 10;
  for (const x of head) {
    let sum = (x + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === d[10];
}

/** German KVNR (health insurance number): letter + 8 digits + check digit (weights 1,2,… with cross sums). */
export function kvnrValid(value: string): boolean {
  const m = /^([A-Z])(\d{9})$/.exec(value);
  if (!m?.[1] || !m[2]) return false;
  const letter = String(m[1].charCodeAt(0) - 64).padStart(2, '0');
  const d = digitsOf(letter + m[2].slice(0, 8));
  let sum = 0;
  d.forEach((x, i) => {
    let p = x * (i % 2 === 0 ? 1 : 2);
    if (p > 9) p = Math.floor(p / 10) + (p % 10);
    sum += p;
  });
  return sum % 10 === Number(m[2][8]);
}

/** Belgian national register number YYMMDDSSSCC: CC = 97 − (YYMMDDSSS mod 97), with a leading 2 after 2000. */
export function beNationalNumberValid(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  // Month may be 0 (unknown) or shifted by 20/40 for bis numbers.
  if (month % 20 > 12 || month > 52 || day > 31) return false;
  const base = BigInt(value.slice(0, 9));
  const check = BigInt(value.slice(9));
  return 97n - (base % 97n) === check || 97n - ((2_000_000_000n + base) % 97n) === check;
}

/** Austrian social-insurance number NNNC DDMMYY: C = Σ weights·digits mod 11 (10 is never issued). */
export function atSvNumberValid(value: string): boolean {
  if (!/^[1-9]\d{9}$/.test(value)) return false;
  const d = digitsOf(value);
  const day = Number(value.slice(4, 6));
  const month = Number(value.slice(6, 8));
  if (day < 1 || day > 31 || month < 1 || month > 14) return false;
  const weights = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6];
  let sum = 0;
  weights.forEach((w, i) => (sum += w * (d[i] ?? 0)));
  const check = sum % 11;
  return check !== 10 && check === d[3];
}

/** NHS number (England, Wales, Isle of Man): 10 digits, weights 10..2, check = 11 − sum mod 11 (10 is never issued). */
export function nhsNumberValid(value: string): boolean {
  if (!/^\d{10}$/.test(value) || /^(\d)\1{9}$/.test(value)) return false;
  const d = digitsOf(value);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * (d[i] ?? 0);
  const check = 11 - (sum % 11);
  return check !== 10 && (check === 11 ? 0 : check) === d[9];
}

/** A calendar date that exists. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const dt = new Date(Date.UTC(year, month - 1, day));
  return dt.getUTCFullYear() === year && dt.getUTCMonth() === month - 1 && dt.getUTCDate() === day;
}
