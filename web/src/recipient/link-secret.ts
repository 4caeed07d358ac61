// The link secret travels only in the URL fragment (`/r/<id>#<secret>`). We read it once, then remove it from the
// address bar and the session history entry so it does not linger (bookmarks, screen shares, history sync).
/** The shape of a link secret (32 random bytes, base64url); also how the Outlook add-in recognises a notification link. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Returns the link secret from `location.hash` (or undefined if absent/malformed) and strips the fragment. */
export function takeLinkSecret(loc: Pick<Location, 'hash' | 'pathname' | 'search'> = window.location, history: Pick<History, 'replaceState' | 'state'> = window.history): string | undefined {
  const raw = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  if (raw !== '') history.replaceState(history.state, '', `${loc.pathname}${loc.search}`);
  return SECRET_PATTERN.test(raw) ? raw : undefined;
}
