// The organisation console's world: the shared account world plus organisations with their admin signed in and
// members invited by that admin, enrolled and signed in.
import { expect } from 'vitest';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { startAccountWorld, type AccountWorld, type AccountWorldOptions, type Signed } from './support/account-world.ts';

export interface Staff extends Signed {
  email: string;
  secret: string;
  userId: string;
}

export interface ConsoleWorld extends AccountWorld {
  /** A new organisation with its admin enrolled and signed in. */
  org(name: string, domain: string): Promise<{ orgId: string; admin: Staff }>;
  /** Invites and enrols a member of the admin's organisation, signed in. */
  member(admin: Signed, email: string, role?: 'member' | 'admin'): Promise<Staff>;
}

export async function startConsoleWorld(databaseUrl: string | undefined, options: Pick<AccountWorldOptions, 'listen'> = {}): Promise<ConsoleWorld> {
  const world = await startAccountWorld({ databaseUrl, dirPrefix: 'sp-org-console-', ...options });
  const staff = async (link: string, userId: string): Promise<Staff> => {
    const { cookie, csrf, email, secret } = await world.enrolAndSignIn(link);
    return { cookie, csrf, email, secret, userId };
  };
  return {
    ...world,
    async org(name, domain) {
      const created = await createOrganisation(world.accounts, { name, domains: [domain], adminEmail: `admin@${domain}` }, null);
      return { orgId: created.org.id, admin: await staff(created.invitationUrl, created.adminUserId) };
    },
    async member(admin, email, role = 'member') {
      const res = await world.inject('POST', '/api/org/users', { as: admin, body: { email, role } });
      expect(res.statusCode, res.body).toBe(201);
      const invited = res.json<{ invitationUrl: string; userId: string }>();
      return staff(invited.invitationUrl, invited.userId);
    },
  };
}
