// The invitation link is PUBLIC_URL/#/invitation/TOKEN: the token rides in the fragment, which browsers never send,
// so it reaches no server log. The router works on pathnames, so at start the fragment is taken into this module's
// memory and the address bar is rewritten to /invitation (replaceState: the token is not left in the history either).
let pendingToken: string | null = null;

const FRAGMENT = /^#\/invitation\/([A-Za-z0-9_-]{43})$/;

/** Call once before the first route is matched. */
export function captureInvitationLink(): void {
  const match = FRAGMENT.exec(location.hash);
  if (!match?.[1]) return;
  pendingToken = match[1];
  history.replaceState(null, '', '/invitation');
}

export function invitationToken(): string | null {
  return pendingToken;
}

export function forgetInvitationToken(): void {
  pendingToken = null;
}
