// ICU MessageFormat, the subset every Sealpost text needs, over the platform's Intl (runs in Node and browsers):
//   {name}                       a value as text; numbers formatted for the locale ("1.234" in German)
//   {name, number}               the same, stated explicitly
//   {count, plural, =0 {…} one {# file} other {# files}}   plural categories from Intl.PluralRules, `#` = the number
//   {kind, select, sms {…} other {…}}                       a choice by string value
//   '{' '}' '#' quote syntax characters, '' is one apostrophe (ICU's "double optional" apostrophe mode, so the
//   apostrophe in "recipient's" stays literal).
// Values are inserted as text, never parsed again, so a sender name containing "{" cannot change a message.
// One small parser instead of intl-messageformat (about 10 KiB gzip in the browser bundle for date/time skeletons
// and rich-text tags we don't use); the syntax is the same, so catalogs move to any ICU library unchanged.

export type MessageValue = string | number;
export type MessageValues = Readonly<Record<string, MessageValue>>;

export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'argument'; name: string }
  | { kind: 'number'; name: string }
  | { kind: 'pound' }
  | { kind: 'plural'; name: string; offset: number; options: ReadonlyMap<string, MessagePart[]> }
  | { kind: 'select'; name: string; options: ReadonlyMap<string, MessagePart[]> };

/** A message that does not parse: a bug in a catalog, so it is thrown (unit tests parse every message). */
export class MessageSyntaxError extends Error {
  override name = 'MessageSyntaxError';
  constructor(reason: string, source: string, at: number) {
    super(`${reason} at ${at} in message: ${source}`);
  }
}

const PLURAL_KEY = /^(=\d+|zero|one|two|few|many|other)$/;
const NAME = /^[A-Za-z_][\w]*$/;

class Parser {
  private pos = 0;
  private readonly source: string;
  constructor(source: string) {
    this.source = source;
  }

  parse(): MessagePart[] {
    const parts = this.parts(false);
    if (this.pos < this.source.length) this.fail('unexpected "}"');
    return parts;
  }

  private fail(reason: string): never {
    throw new MessageSyntaxError(reason, this.source, this.pos);
  }

  /** Text and arguments up to an unmatched "}" (which the caller consumes) or the end. */
  private parts(inPlural: boolean): MessagePart[] {
    const parts: MessagePart[] = [];
    let text = '';
    const flush = () => {
      if (text) parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.source.length) {
      const c = this.source[this.pos] as string;
      if (c === '}') break;
      if (c === '{') {
        flush();
        parts.push(this.argument(inPlural));
      } else if (c === '#' && inPlural) {
        flush();
        parts.push({ kind: 'pound' });
        this.pos++;
      } else if (c === "'") {
        text += this.quoted(inPlural);
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return parts;
  }

  /** An apostrophe: '' is one apostrophe; before a syntax character it quotes up to the next lone one. */
  private quoted(inPlural: boolean): string {
    const next = this.source[this.pos + 1];
    if (next === "'") {
      this.pos += 2;
      return "'";
    }
    if (next !== '{' && next !== '}' && !(inPlural && next === '#')) {
      this.pos++;
      return "'";
    }
    let text = '';
    this.pos++;
    while (this.pos < this.source.length) {
      const c = this.source[this.pos] as string;
      if (c === "'" && this.source[this.pos + 1] === "'") {
        text += "'";
        this.pos += 2;
      } else if (c === "'") {
        this.pos++;
        return text;
      } else {
        text += c;
        this.pos++;
      }
    }
    return this.fail('unterminated quote');
  }

  private skipSpace(): void {
    while (/\s/.test(this.source[this.pos] ?? '')) this.pos++;
  }

  private word(what: string): string {
    this.skipSpace();
    const match = /^[^\s{},]+/.exec(this.source.slice(this.pos));
    if (!match) this.fail(`expected ${what}`);
    this.pos += match[0].length;
    this.skipSpace();
    return match[0];
  }

  private expect(char: string): void {
    if (this.source[this.pos] !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  private argument(inPlural: boolean): MessagePart {
    this.expect('{');
    const name = this.word('an argument name');
    if (!NAME.test(name)) this.fail(`invalid argument name "${name}"`);
    if (this.source[this.pos] === '}') {
      this.pos++;
      return { kind: 'argument', name };
    }
    this.expect(',');
    const type = this.word('an argument type');
    if (type === 'number') {
      this.expect('}');
      return { kind: 'number', name };
    }
    if (type !== 'plural' && type !== 'select') this.fail(`unsupported argument type "${type}"`);
    this.expect(',');
    const offset = type === 'plural' ? this.offset() : 0;
    const options = this.options(type, inPlural || type === 'plural');
    this.expect('}');
    return type === 'plural' ? { kind: 'plural', name, offset, options } : { kind: 'select', name, options };
  }

  private offset(): number {
    this.skipSpace();
    const match = /^offset:\s*(\d+)/.exec(this.source.slice(this.pos));
    if (!match) return 0;
    this.pos += match[0].length;
    return Number(match[1]);
  }

  /** `inPlural`: "#" means the number here (in a plural, or a select inside one). */
  private options(type: 'plural' | 'select', inPlural: boolean): Map<string, MessagePart[]> {
    const options = new Map<string, MessagePart[]>();
    this.skipSpace();
    while (this.pos < this.source.length && this.source[this.pos] !== '}') {
      const key = this.word(`a ${type} key`);
      if (type === 'plural' && !PLURAL_KEY.test(key)) this.fail(`invalid plural key "${key}"`);
      if (type === 'select' && !NAME.test(key)) this.fail(`invalid select key "${key}"`);
      if (options.has(key)) this.fail(`duplicate key "${key}"`);
      this.expect('{');
      options.set(key, this.parts(inPlural));
      this.expect('}');
      this.skipSpace();
    }
    if (!options.has('other')) this.fail(`${type} without "other"`);
    return options;
  }
}

/** Parses a message; throws MessageSyntaxError for anything but the syntax described above. */
export function parseMessage(source: string): MessagePart[] {
  return new Parser(source).parse();
}

// Sources are catalog messages (a bounded set), never user input: parsing each once is safe to keep.
const parsed = new Map<string, MessagePart[]>();
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

function formatNumber(locale: string, value: number): string {
  return cached(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(value);
}

/** Own properties only: a message naming {constructor} must not reach Object.prototype. */
function valueOf(values: MessageValues, name: string): MessageValue | undefined {
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

function show(locale: string, value: MessageValue): string {
  return typeof value === 'number' ? formatNumber(locale, value) : value;
}

/** The "other" branch, which the parser guarantees every plural and select has. */
function other(options: ReadonlyMap<string, MessagePart[]>): MessagePart[] {
  return options.get('other') ?? [];
}

function pluralBranch(locale: string, part: Extract<MessagePart, { kind: 'plural' }>, value: number): MessagePart[] {
  const exact = part.options.get(`=${value}`);
  if (exact) return exact;
  const category = cached(pluralRules, locale, () => new Intl.PluralRules(locale)).select(value - part.offset);
  return part.options.get(category) ?? other(part.options);
}

/** `pound` is what "#" shows: the plural's number, or text when there is none. */
function render(locale: string, parts: readonly MessagePart[], values: MessageValues, pound: number | string): string {
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'pound':
        out += typeof pound === 'number' ? formatNumber(locale, pound) : pound;
        break;
      case 'argument':
      case 'number': {
        const value = valueOf(values, part.name);
        out += value === undefined ? `{${part.name}}` : show(locale, value);
        break;
      }
      case 'plural': {
        const raw = valueOf(values, part.name);
        const value = Number(raw);
        // Without a number the "other" form shows, with "{count}" for "#": visible, never a blank page.
        if (raw === undefined || raw === '' || !Number.isFinite(value)) out += render(locale, other(part.options), values, `{${part.name}}`);
        else out += render(locale, pluralBranch(locale, part, value), values, value - part.offset);
        break;
      }
      case 'select': {
        const branch = part.options.get(String(valueOf(values, part.name))) ?? other(part.options);
        out += render(locale, branch, values, pound);
        break;
      }
    }
  }
  return out;
}

/**
 * Formats an ICU message for a locale (BCP 47, e.g. "de" or "de-DE"). A missing value shows as "{name}" (a plural
 * without a number takes its "other" form), so a forgotten value is visible instead of crashing a page.
 */
export function formatMessage(locale: string, source: string, values: MessageValues = {}): string {
  return render(locale, cached(parsed, source, () => parseMessage(source)), values, '#');
}

export interface MessageArgument {
  name: string;
  kind: 'argument' | 'number' | 'plural' | 'select';
}

/** The arguments a message uses (each once, sorted by name), to compare a translation with its reference. */
export function messageArguments(source: string): MessageArgument[] {
  const found = new Map<string, MessageArgument>();
  const walk = (parts: readonly MessagePart[]) => {
    for (const part of parts) {
      if (part.kind === 'text' || part.kind === 'pound') continue;
      const seen = found.get(part.name);
      // A plural or select value also shown as-is elsewhere counts as the plural/select.
      if (!seen || seen.kind === 'argument') found.set(part.name, { name: part.name, kind: part.kind });
      if (part.kind === 'plural' || part.kind === 'select') for (const branch of part.options.values()) walk(branch);
    }
  };
  walk(parseMessage(source));
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}
