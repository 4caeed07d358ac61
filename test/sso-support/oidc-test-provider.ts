import { createServer, type IncomingMessage, type Server } from 'node:http';
import Provider from 'oidc-provider';

/** The people at the test provider: the login name picks one; each has its own claims. */
export interface TestAccount {
  sub: string;
  email: string;
  emailVerified: boolean;
  /** Whether the provider asserts two factors (amr: ['pwd', 'mfa'] instead of ['pwd']). */
  mfa: boolean;
  /**
   * Reports the login as this many seconds old (`auth_time`), as a provider does that answers `prompt=login` from an
   * earlier session instead of authenticating the user again.
   */
  authenticatedSecondsAgo?: number;
}

/** One browser at the provider: its cookies (the provider's session) kept from call to call. */
export interface ProviderBrowser {
  /** Follows the provider's redirects from `authorizationUrl` to our callback; signs in as `login` if the provider asks. */
  signIn(authorizationUrl: string, login: string): Promise<{ callback: URL; prompted: boolean }>;
  /** Opens an RP-initiated logout URL, confirms on the provider's page and returns where the provider sends the browser. */
  signOut(endSessionUrl: string): Promise<URL>;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Follows the provider's redirects from `authorizationUrl`, signs in as `login`, and returns our callback URL (a fresh browser each time). */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  browser(): ProviderBrowser;
  close(): Promise<void>;
}

const page = (uid: string, accounts: string[]) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Sign in at the test identity provider</h1>
<form method="post" action="/interaction/${uid}">
<label for="login">Account</label>
<select id="login" name="login">${accounts.map((a) => `<option value="${a}">${a}</option>`).join('')}</select>
<button type="submit">Sign in</button>
</form></main></body></html>`;

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * A real OpenID Connect provider (panva's oidc-provider, the certified reference) on a loopback port, with one
 * confidential client registered for `redirectUri` and its own login page (a form, for Playwright too) that signs
 * in as one of `accounts`, asserting `amr` per account.
 */
export async function startTestProvider(options: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  /** RP-initiated logout (`end_session_endpoint` in discovery); on unless false. */
  logout?: boolean;
}): Promise<TestProvider> {
  const clientId = 'sealpost-test';
  const clientSecret = 'test-client-secret-3f1b8e0c9d2a7f64b5c1e8d0';
  const listening = await new Promise<{ server: Server; port: number }>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve({ server: s, port: (s.address() as { port: number }).port }));
  });
  const server = listening.server;
  const issuer = `http://127.0.0.1:${listening.port}`;
  const provider = new Provider(issuer, {
    // The callback URL is also the post-logout redirect (as Entra ID requires: one of the redirect URIs).
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], post_logout_redirect_uris: [options.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    claims: { acr: null, auth_time: null, iss: null, sid: null, openid: ['sub', 'amr', 'acr'], email: ['email', 'email_verified'], profile: ['preferred_username'] },
    // Scope-requested claims in the ID token itself (as Entra ID and Keycloak do), not only at userinfo.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      // The logout confirmation as a plain page of our own (the default one loads web fonts from elsewhere).
      rpInitiatedLogout: {
        enabled: options.logout ?? true,
        logoutSource(ctx: { body: string }, form: string) {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Sign out at the test identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button></main></body></html>`;
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-cookie-key-for-the-test-provider'] },
    // The provider's account id is its `sub`.
    async findAccount(_ctx: unknown, id: string) {
      const account = Object.values(options.accounts).find((a) => a.sub === id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: account.sub, email: account.email, email_verified: account.emailVerified, preferred_username: account.email }) };
    },
    pkce: { required: () => true },
  });
  const handler = provider.callback();
  server.on('request', (req, res) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
    if (!match) return handler(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid, Object.keys(options.accounts)));
          return;
        }
        const login = (await formOf(req)).get('login') ?? '';
        const account = options.accounts[login];
        if (!account) throw new Error(`unknown test account ${login}`);
        const grant = new provider.Grant({ accountId: account.sub, clientId });
        grant.addOIDCScope(typeof details.params.scope === 'string' ? details.params.scope : 'openid');
        const grantId = await grant.save();
        const ts = Math.floor(Date.now() / 1000) - (account.authenticatedSecondsAgo ?? 0);
        const to = await provider.interactionResult(req, res, { login: { accountId: account.sub, amr: account.mfa ? ['pwd', 'mfa'] : ['pwd'], ts }, consent: { grantId } });
        res.writeHead(303, { location: to }).end();
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      }
    })();
  });

  function browser(): ProviderBrowser {
    const jar = new Map<string, string>();
    const remember = (response: Response) => {
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const [name, ...value] = (pair ?? '').split('=');
        if (name) jar.set(name.trim(), value.join('='));
      }
    };
    const request = async (url: URL, body?: URLSearchParams) => {
      const response = await fetch(url, { method: body ? 'POST' : 'GET', redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }, ...(body ? { body } : {}) });
      remember(response);
      return response;
    };
    return {
      async signIn(authorizationUrl, login) {
        let url = new URL(authorizationUrl);
        let body: URLSearchParams | undefined;
        let prompted = false;
        for (let hop = 0; hop < 10; hop += 1) {
          if (!url.href.startsWith(issuer)) return { callback: url, prompted };
          const response = await request(url, body);
          body = undefined;
          const location = response.headers.get('location');
          if (response.status === 200 && url.pathname.startsWith('/interaction/')) {
            prompted = true;
            body = new URLSearchParams({ login });
            continue;
          }
          if (!location) throw new Error(`test provider answered ${response.status} at ${url.pathname}: ${(await response.text()).slice(0, 300)}`);
          url = new URL(location, url);
        }
        throw new Error('too many redirects at the test provider');
      },
      async signOut(endSessionUrl) {
        const page = await request(new URL(endSessionUrl));
        const html = await page.text();
        if (page.status !== 200) throw new Error(`test provider refused the logout (${page.status}): ${html.slice(0, 300)}`);
        // The provider's confirmation form ("Do you want to sign-out?"): its action and hidden fields, then "yes".
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        if (!action) throw new Error(`no logout form: ${html.slice(0, 300)}`);
        const form = new URLSearchParams([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
        form.set('logout', 'yes');
        const confirmed = await request(new URL(action, endSessionUrl), form);
        const location = confirmed.headers.get('location');
        if (!location) throw new Error(`test provider answered ${confirmed.status} to the logout confirmation`);
        return new URL(location, endSessionUrl);
      },
    };
  }

  async function signIn(authorizationUrl: string, login: string): Promise<URL> {
    return (await browser().signIn(authorizationUrl, login)).callback;
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signIn,
    browser,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
