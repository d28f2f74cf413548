import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { KarborClient } from '../api/karbor-client.js';
import type { Session } from '../session/session.js';

/** What every page of a signed-in console needs: the API client and the session. */
export interface ConsoleContextValue {
  readonly client: KarborClient;
  readonly session: Session;
  /** Ends the session when the error says the token is no longer valid; true if it did. */
  readonly reportError: (error: unknown) => boolean;
}

export const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export const useConsole = (): ConsoleContextValue => {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside a signed-in console');
  return value;
};
