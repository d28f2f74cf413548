import type { ApiGroup, Route } from '../routes.js';

/** Who is calling, as the authorizer established it (Keystone token or noauth `user:project`). */
export interface CallerContext {
  readonly userId: string;
  readonly projectId: string;
  readonly projectName?: string | undefined;
  readonly roles: readonly string[];
  /** Cloud-wide power (lib/auth/admin-scope.ts); the `admin` role on a project alone does not give it. */
  readonly isAdmin: boolean;
  /** A system-scoped Keystone token: no project of its own, it acts in the URL's project. */
  readonly systemScope?: boolean | undefined;
  /** The caller's token, for calls to OpenStack on the caller's behalf. Never logged. */
  readonly authToken?: string | undefined;
}

/** A request after routing: what every controller receives, in AWS and locally. */
export interface ApiRequest {
  readonly route: Route;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Query parameters in arrival order; repeated keys keep every value. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly requestId: string;
  /** `scheme://host[:port]`, as the client addressed us; links are built from it. */
  readonly origin: string;
  /** The path prefix in front of `/v1` (an API Gateway stage, or empty locally). */
  readonly basePath: string;
  readonly caller: CallerContext | undefined;
}

export interface ApiResult {
  readonly status: number;
  /** Serialised as JSON; `undefined` gives an empty body (Karbor's deletes). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Controller<S> = (request: ApiRequest, services: S) => Promise<ApiResult>;

export type GroupControllers<S> = Readonly<Record<string, Controller<S>>>;

export interface GroupDefinition<S> {
  readonly group: ApiGroup;
  readonly controllers: GroupControllers<S>;
}
