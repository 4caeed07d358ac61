/** Recipient checks: external domains, new addresses, many visible recipients, look-alikes, personal mailboxes. */
import { lookalikeOf, personalMailboxDomains, wellKnownDomains } from '../lookalike.ts';
import type { Draft, Location } from '../types.ts';

export interface RecipientFacts {
  external: string[];
  newAddresses: string[];
  visibleExternal: string[];
  lookalikes: Array<{ address: string; imitates: string }>;
  personal: string[];
  allInternal: boolean;
  all: string[];
}

export const recipientsLocation: Location = { part: 'recipients' };

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? '' : address.slice(at + 1)).trim().toLowerCase().replace(/\.$/, '');
}

function clean(list: readonly string[] | undefined): string[] {
  return (list ?? []).map((a) => a.trim().toLowerCase()).filter((a) => a.includes('@'));
}

export interface RecipientOptions {
  internalDomains: readonly string[];
  knownAddresses: ReadonlySet<string> | null;
  extraKnownDomains: readonly string[];
  extraPersonalDomains: readonly string[];
}

export function recipientFacts(draft: Draft, options: RecipientOptions): RecipientFacts {
  const visible = [...clean(draft.to), ...clean(draft.cc)];
  const all = [...new Set([...visible, ...clean(draft.bcc)])];
  const internal = options.internalDomains.map((d) => d.toLowerCase());
  const isInternal = (a: string): boolean => {
    const d = domainOf(a);
    return internal.some((i) => d === i || d.endsWith(`.${i}`));
  };
  const external = internal.length === 0 ? [] : all.filter((a) => !isInternal(a));
  const known = [...wellKnownDomains, ...options.extraKnownDomains];
  const personalSet = new Set([...personalMailboxDomains, ...options.extraPersonalDomains]);
  const lookalikes = all.flatMap((address) => {
    if (isInternal(address)) return [];
    const imitates = lookalikeOf(domainOf(address), internal, known);
    return imitates ? [{ address, imitates }] : [];
  });
  return {
    external,
    newAddresses: options.knownAddresses ? all.filter((a) => !isInternal(a) && !options.knownAddresses?.has(a)) : [],
    visibleExternal: [...new Set(visible.filter((a) => !isInternal(a)))],
    lookalikes,
    personal: all.filter((a) => personalSet.has(domainOf(a))),
    allInternal: all.length > 0 && all.every(isInternal),
    all,
  };
}
