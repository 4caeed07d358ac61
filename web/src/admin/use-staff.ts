// Who is signed in as staff, for the shell (the "Organisation" link, the organisation's branding) and the console.
import { createContext, useContext, useEffect, useState } from 'react';
import { fetchStaffMe, staffRequest, type StaffMe } from './staff-api.ts';

export interface Branding {
  name: string;
  support: { email?: string; phone?: string; url?: string } | null;
  colours: { background: string; text: string } | null;
  hasLogo: boolean;
}

export interface StaffState {
  /** undefined while loading, null when nobody (or a guest) is signed in. */
  me: StaffMe | null | undefined;
  branding: Branding | null;
  /** Re-reads the session and branding (after a settings change). */
  refresh: () => void;
}

export const StaffContext = createContext<StaffState>({ me: undefined, branding: null, refresh: () => undefined });

export function useStaff(): StaffState {
  return useContext(StaffContext);
}

export function isAdmin(me: StaffMe | null | undefined): me is StaffMe {
  return !!me && me.enrolled && me.roles.includes('admin');
}

/** Loads the staff session once (skipped on recipient pages, which never have one). */
export function useStaffLoader(enabled: boolean): StaffState {
  const [me, setMe] = useState<StaffMe | null | undefined>(undefined);
  const [branding, setBranding] = useState<Branding | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    fetchStaffMe().then(
      async (next) => {
        if (!live) return;
        setMe(next);
        if (next?.enrolled) {
          const b = await staffRequest<Branding>('GET', '/api/org/branding', next.csrfToken).catch(() => null);
          if (live) setBranding(b);
        }
      },
      () => live && setMe(null),
    );
    return () => {
      live = false;
    };
  }, [enabled, round]);
  return { me: enabled ? me : null, branding, refresh: () => setRound((r) => r + 1) };
}
