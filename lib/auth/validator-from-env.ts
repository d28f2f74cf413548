import { getChoice } from '../config/env.js';
import { CachingTokenValidator, NoAuthValidator, type TokenValidator } from './token-validator.js';

export const authModes = ['noauth', 'keystone'] as const;
export type AuthMode = (typeof authModes)[number];

export const authModeFromEnv = (fallback: AuthMode = 'keystone'): AuthMode =>
  getChoice('KARBOR_AUTH', authModes, fallback);

/** The validator for `KARBOR_AUTH`: Karbor's `user:project` noauth tokens, or Keystone. */
export const validatorFor = (mode: AuthMode, keystone: () => TokenValidator): TokenValidator =>
  mode === 'noauth' ? new NoAuthValidator() : new CachingTokenValidator(keystone());
