import { serviceSessionOptions, sharedServiceSession } from '../auth/keystone-validator.js';
import { type AuthMode, authModeFromEnv } from '../auth/validator-from-env.js';
import { callerSession } from '../openstack/caller-session.js';
import type { KeystoneSession } from '../openstack/session.js';
import { ProtectableNotFoundError } from '../protectables/model.js';
import { createProtectables } from '../protectables/protectables.js';
import type { CallerContext } from './http/api-types.js';
import {
  InstanceNotFound,
  type ProtectableInstance,
  ProtectablesUnavailable,
  type ProtectablesView,
} from './protectables-port.js';

/**
 * Protectables over the real OpenStack client (lib/protectables). In keystone mode every call
 * runs with the caller's own token, scoped to the caller's project. In noauth mode (local
 * development) there is no user token: the service's configured cloud is used if there is one;
 * without a cloud only the caller's project itself can be listed, as Karbor's project plugin
 * needs no service.
 */

const projectOnly = (caller: CallerContext): ProtectablesView => {
  const project: ProtectableInstance = {
    id: caller.projectId,
    type: 'OS::Keystone::Project',
    name: caller.projectName ?? caller.projectId,
    extra_info: null,
    dependent_resources: [],
  };
  const unavailable = (): never => {
    throw new ProtectablesUnavailable(
      'No OpenStack cloud is configured: set OS_CLOUD or OS_AUTH_URL to list its resources',
    );
  };
  const isProject = (type: string) => type === project.type;
  return {
    listInstances: async (type) => (isProject(type) ? [project] : unavailable()),
    showInstance: async (type, id) => {
      if (!isProject(type)) return unavailable();
      if (id !== project.id) throw new InstanceNotFound(`${type} ${id} could not be found.`);
      return project;
    },
    buildGraph: async (resources) =>
      resources.every((r) => isProject(r.type) && r.id === project.id)
        ? JSON.stringify([{ '0x0': [project.type, project.id, project.name, null] }, []])
        : unavailable(),
  };
};

const adapt = (session: KeystoneSession): ProtectablesView => {
  const protectables = createProtectables(session);
  const notFoundAsOurs = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ProtectableNotFoundError)
        throw new InstanceNotFound(`${error.message}.`, { cause: error });
      throw error;
    }
  };
  return {
    listInstances: (type, parameters) => protectables.listInstances(type, parameters),
    showInstance: (type, id, parameters) =>
      notFoundAsOurs(() => protectables.showInstance(type, id, parameters)),
    buildGraph: async (resources) =>
      (
        await notFoundAsOurs(() =>
          protectables.buildGraph(
            resources.map((r) => ({ ...r, extra_info: r.extra_info as Record<string, string> | null })),
          ),
        )
      ).resourceGraph,
  };
};

export const cloudConfigured = (): boolean =>
  Boolean(process.env.OS_CLOUD || process.env.OS_AUTH_URL || process.env.KARBOR_SERVICE_CREDENTIALS_SECRET);

/** A session acting as the API's caller, on the service's Keystone and endpoint settings. */
export const lazyCallerSession = async (caller: CallerContext): Promise<KeystoneSession> => {
  const options = await serviceSessionOptions();
  return callerSession({
    authUrl: options.authUrl,
    token: caller.authToken ?? '',
    projectId: caller.projectId,
    ...(options.interface ? { interface: options.interface } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
};

const deferred = (session: () => Promise<KeystoneSession>): ProtectablesView => {
  let view: Promise<ProtectablesView> | undefined;
  const get = () => {
    view ??= session().then(adapt);
    return view;
  };
  return {
    listInstances: async (type, parameters) => (await get()).listInstances(type, parameters),
    showInstance: async (type, id, parameters) => (await get()).showInstance(type, id, parameters),
    buildGraph: async (resources) => (await get()).buildGraph(resources),
  };
};

export const openStackProtectables =
  (mode: AuthMode = authModeFromEnv()) =>
  (caller: CallerContext): ProtectablesView => {
    if (!cloudConfigured()) return projectOnly(caller);
    if (mode === 'keystone') return deferred(() => lazyCallerSession(caller));
    return deferred(sharedServiceSession);
  };

/**
 * Protectables seen through a session a workflow holds (a scheduled operation's trust, redeemed
 * by the service user): the same graph the API would build for that user. Without a configured
 * cloud, only the project itself, as for API callers in noauth mode.
 */
export const sessionProtectables = (
  projectId: string,
  session: () => Promise<KeystoneSession>,
): ProtectablesView =>
  cloudConfigured() ? deferred(session) : projectOnly({ userId: '', projectId, roles: [], isAdmin: false });
