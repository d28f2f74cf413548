/** Karbor's protectable resource types (reference §2) and the ones our providers protect. */

export const karborResourceTypes = [
  'OS::Keystone::Project',
  'OS::Nova::Server',
  'OS::Cinder::Volume',
  'OS::Glance::Image',
  'OS::Manila::Share',
  'OS::Neutron::Network',
  'OS::Trove::Instance',
  'OS::Kubernetes::Pod',
] as const;
export type KarborResourceType = (typeof karborResourceTypes)[number];

export const isKarborResourceType = (value: string): value is KarborResourceType =>
  (karborResourceTypes as readonly string[]).includes(value);

/** The types our protectables serve, each with the types it depends on (reference §4.1). */
export const protectableTypes: Readonly<Record<string, readonly KarborResourceType[]>> = {
  'OS::Keystone::Project': [
    'OS::Nova::Server',
    'OS::Cinder::Volume',
    'OS::Glance::Image',
    'OS::Neutron::Network',
  ],
  'OS::Nova::Server': ['OS::Glance::Image', 'OS::Cinder::Volume'],
  'OS::Cinder::Volume': [],
  'OS::Glance::Image': [],
  'OS::Neutron::Network': [],
};
