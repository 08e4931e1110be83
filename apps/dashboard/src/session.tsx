/**
 * The signed-in session: the client for the key, and what every view does with a failed call.
 * A 401 at any point (the key was revoked while the page was open) ends the session with a message
 * on the sign-in form.
 */
import type { JobsClient } from '@jobs-api/client';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type DependencyList } from 'react';
import { describeError, isUnauthorized } from './api/connection.js';

export interface Session {
  client: JobsClient;
  signOut(message?: string): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const UNAUTHORIZED_MESSAGE = 'The API refused this key (401 Unauthorized): it is wrong, revoked, or for another server. Check it and sign in again.';

export interface Loaded<T> {
  data: T | undefined;
  /** The last failure, as a person should read it; cleared by the next success. */
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Runs `load` now, again when `deps` change, and whenever `reload` is called; keeps the last data
 * while reloading (live updates must not blank the page), and aborts a call whose answer would be stale.
 */
export function useLoad<T>(load: (client: JobsClient, signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const { client, signOut } = useSession();
  const [state, setState] = useState<{ data: T | undefined; error: string | undefined; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const inFlight = useRef<AbortController | undefined>(undefined);
  const latestLoad = useRef(load);
  latestLoad.current = load;

  const run = useCallback(() => {
    // A reload while the previous one is still out waits for it rather than piling up requests.
    if (inFlight.current) return;
    const controller = new AbortController();
    inFlight.current = controller;
    setState((previous) => ({ ...previous, loading: true }));
    latestLoad
      .current(client, controller.signal)
      .then(
        (data) => !controller.signal.aborted && setState({ data, error: undefined, loading: false }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          if (isUnauthorized(error)) signOut(UNAUTHORIZED_MESSAGE);
          else setState((previous) => ({ ...previous, error: describeError(error), loading: false }));
        },
      )
      .finally(() => {
        if (inFlight.current === controller) inFlight.current = undefined;
      });
  }, [client, signOut]);

  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: true });
    run();
    return () => {
      inFlight.current?.abort();
      inFlight.current = undefined;
    };
  }, [run, ...deps]);

  return { ...state, reload: run };
}
