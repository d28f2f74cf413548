import { Unauthorized } from '../karbor/faults.js';
import { InvalidToken, type TokenValidator, type ValidatedToken } from './token-validator.js';

/**
 * The authorizer's decision, shared by the API Gateway request authorizer (functions/auth)
 * and the local HTTP adapter. Its context holds strings only, as API Gateway requires;
 * `callerFromAuthorizer` in lib/karbor/http reads it back.
 */
export type AuthorizerContext = Record<
  'userId' | 'projectId' | 'projectName' | 'roles' | 'isAdmin' | 'systemScope',
  string
>;

export const toAuthorizerContext = ({ caller }: ValidatedToken): AuthorizerContext => ({
  userId: caller.userId,
  projectId: caller.projectId,
  projectName: caller.projectName ?? '',
  roles: caller.roles.join(','),
  isAdmin: String(caller.isAdmin),
  systemScope: String(caller.systemScope === true),
});

export const tokenFromHeaders = (
  headers: Readonly<Record<string, string | undefined>>,
): string | undefined => {
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if ((lower === 'x-auth-token' || lower === 'x-storage-token') && value) return value;
  }
  return undefined;
};

export const authorize = async (
  validator: TokenValidator,
  headers: Readonly<Record<string, string | undefined>>,
  keystoneUri?: string,
): Promise<AuthorizerContext> => {
  const challenge = keystoneUri ? { 'WWW-Authenticate': `Keystone uri="${keystoneUri}"` } : undefined;
  const token = tokenFromHeaders(headers);
  if (token === undefined) throw new Unauthorized('Authentication required', challenge);
  try {
    return toAuthorizerContext(await validator.validate(token));
  } catch (error) {
    if (error instanceof InvalidToken)
      throw new Unauthorized('The request you have made requires authentication.', challenge);
    throw error;
  }
};
