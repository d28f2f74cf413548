import { describe, expect, it } from 'vitest';
import { forgetSession, isExpired, loadSession, type Session, saveSession } from './session.js';

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
};

const session: Session = {
  token: 't',
  projectId: 'p',
  projectName: 'demo',
  userName: 'demo',
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  mode: 'password',
};

describe('session storage', () => {
  it('keeps a session across a reload of the tab', () => {
    const storage = memoryStorage();
    saveSession(storage, session);
    expect(loadSession(storage, new Date('2029-01-01T00:00:00Z'))).toEqual(session);
  });

  it('drops an expired session', () => {
    const storage = memoryStorage();
    saveSession(storage, session);
    expect(loadSession(storage, new Date('2030-01-01T00:00:01Z'))).toBeUndefined();
    expect(isExpired(session, new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });

  it('forgets the session on sign-out and ignores unreadable storage', () => {
    const storage = memoryStorage();
    saveSession(storage, session);
    forgetSession(storage);
    expect(loadSession(storage, new Date())).toBeUndefined();
    storage.setItem('karbor-console.session', '{not json');
    expect(loadSession(storage, new Date())).toBeUndefined();
  });
});
