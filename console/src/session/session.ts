import type { TokenInfo } from '../api/identity.js';

/**
 * The signed-in user: a token and its project. It lives in memory, and in this tab's
 * sessionStorage only when the user asks to stay signed in across reloads — never in
 * localStorage or a cookie.
 */

export interface Session extends TokenInfo {
  readonly mode: 'password' | 'token';
}

const storageKey = 'karbor-console.session';

interface StoredSession {
  readonly token: string;
  readonly projectId: string;
  readonly projectName?: string;
  readonly userName?: string;
  readonly expiresAt?: string;
  readonly mode: Session['mode'];
}

export const isExpired = (session: Session, now: Date): boolean =>
  session.expiresAt !== undefined && session.expiresAt.getTime() <= now.getTime();

/** Milliseconds until the token expires, or undefined for tokens without an expiry. */
export const msUntilExpiry = (session: Session, now: Date): number | undefined =>
  session.expiresAt === undefined ? undefined : Math.max(0, session.expiresAt.getTime() - now.getTime());

export const saveSession = (storage: Pick<Storage, 'setItem'>, session: Session): void => {
  const stored: StoredSession = {
    token: session.token,
    projectId: session.projectId,
    mode: session.mode,
    ...(session.projectName === undefined ? {} : { projectName: session.projectName }),
    ...(session.userName === undefined ? {} : { userName: session.userName }),
    ...(session.expiresAt === undefined ? {} : { expiresAt: session.expiresAt.toISOString() }),
  };
  storage.setItem(storageKey, JSON.stringify(stored));
};

/** The session kept in this tab, unless there is none, it is unreadable, or it has expired. */
export const loadSession = (storage: Pick<Storage, 'getItem'>, now: Date): Session | undefined => {
  let stored: Partial<StoredSession>;
  try {
    stored = JSON.parse(storage.getItem(storageKey) ?? 'null') ?? {};
  } catch {
    return undefined;
  }
  if (typeof stored.token !== 'string' || typeof stored.projectId !== 'string') return undefined;
  const session: Session = {
    token: stored.token,
    projectId: stored.projectId,
    projectName: stored.projectName,
    userName: stored.userName,
    expiresAt: stored.expiresAt ? new Date(stored.expiresAt) : undefined,
    mode: stored.mode === 'password' ? 'password' : 'token',
  };
  return isExpired(session, now) ? undefined : session;
};

export const forgetSession = (storage: Pick<Storage, 'removeItem'>): void => storage.removeItem(storageKey);
