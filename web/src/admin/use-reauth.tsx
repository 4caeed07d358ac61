// Runs a sensitive console action; when the server asks for a recent re-authentication (SP_ERR_REAUTH_REQUIRED) the
// console's one ReauthDialog is shown and the action runs again once it is confirmed.
import { useCallback, useState, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { ReauthDialog } from './reauth-dialog.tsx';

/** The admin closed the re-authentication dialog: the action did not run, and nothing needs saying. */
export class ReauthCancelled extends Error {
  constructor() {
    super('re-authentication cancelled');
  }
}

export function useReauth(): { guard: <T>(action: () => Promise<T>) => Promise<T>; dialog: ReactNode } {
  const [pending, setPending] = useState<{ done: () => void; cancel: () => void } | null>(null);
  const guard = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (errorCode(error) !== 'SP_ERR_REAUTH_REQUIRED') throw error;
      await new Promise<void>((resolve, reject) => {
        setPending({
          done: () => { setPending(null); resolve(); },
          cancel: () => { setPending(null); reject(new ReauthCancelled()); },
        });
      });
      return action();
    }
  }, []);
  const dialog = pending ? <ReauthDialog onDone={pending.done} onCancel={pending.cancel} /> : null;
  return { guard, dialog };
}
