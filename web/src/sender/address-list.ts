// Turns pasted text into addresses: separators are comma, semicolon, whitespace and newlines; "Name <a@b.c>" keeps a@b.c.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;.]+$/;

export function isAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}

export function splitAddresses(text: string): { valid: string[]; invalid: string[] } {
  const withoutNames = text.replace(/"[^"]*"/g, ' ').replace(/[^<>,;\s]*<([^<>]+)>/g, ' $1 ');
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const raw of withoutNames.split(/[\s,;]+/)) {
    const part = raw.trim().replace(/^mailto:/i, '');
    if (part === '') continue;
    const lower = part.toLowerCase();
    if (isAddress(lower)) {
      if (!valid.includes(lower)) valid.push(lower);
    } else invalid.push(part);
  }
  return { valid, invalid };
}
