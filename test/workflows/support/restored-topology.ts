import { networks, ports } from '../../../lib/openstack/network/networks.js';
import { removeRouterInterface, routers } from '../../../lib/openstack/network/routers.js';
import { securityGroups } from '../../../lib/openstack/network/security-groups.js';
import type { KeystoneSession } from '../../../lib/openstack/session.js';

/** What a restore made in Neutron (found by its description marker), so a test can remove it again. */

const madeBy =
  (restoreId: string) =>
  <T>(items: readonly T[]): T[] =>
    items.filter((o) =>
      String((o as { description?: string }).description ?? '').startsWith(`karbor-restore ${restoreId} `),
    );

export const restoredTopology = async (session: KeystoneSession, restoreId: string) => {
  const mine = { project_id: await session.projectId() };
  const pick = madeBy(restoreId);
  return {
    routers: pick(await routers.list(session, mine)),
    networks: pick(await networks.list(session, mine)),
    securityGroups: pick(await securityGroups.list(session, mine)),
  };
};

export const deleteRestoredTopology = async (session: KeystoneSession, restoreId: string): Promise<void> => {
  const made = await restoredTopology(session, restoreId);
  for (const router of made.routers) {
    for (const port of await ports.list(session, { device_id: router.id })) {
      if (port.device_owner.startsWith('network:router_interface'))
        await removeRouterInterface(session, router.id, { port_id: port.id });
    }
    await routers.delete(session, router.id);
  }
  for (const network of made.networks) await networks.delete(session, network.id);
  for (const group of made.securityGroups) await securityGroups.delete(session, group.id);
};
