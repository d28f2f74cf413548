import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CloudConfigError } from '../errors.js';
import { loadCloudConfig } from './cloud-config.js';

const captured = fileURLToPath(new URL('../fixtures/clouds.yaml', import.meta.url));

describe('clouds.yaml and OS_* settings', () => {
  it('reads a cloud of the clouds.yaml that cloud.sh writes', () => {
    expect(loadCloudConfig('alt_demo', { OS_CLIENT_CONFIG_FILE: captured })).toEqual({
      authUrl: 'http://127.0.0.1:5000/v3',
      auth: {
        type: 'password',
        username: 'alt_demo',
        password: 'secret',
        userDomain: { domainName: 'Default' },
      },
      scope: { projectName: 'alt_demo', projectDomain: { domainName: 'Default' } },
      interface: 'public',
      region: 'RegionOne',
    });
  });

  it('takes the cloud from OS_CLOUD, lets OS_REGION_NAME override it, and merges secure.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clouds-'));
    const file = join(dir, 'clouds.yaml');
    writeFileSync(
      file,
      [
        'clouds:',
        '  prod:   # production',
        '    auth:',
        '      auth_url: "https://keystone.example:5000"',
        '      username: karbor',
        "      project_id: 'abc123'",
        '      user_domain_id: default',
        '    region_name: One',
        '    interface: internal',
        '    regions: [One, Two]',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'secure.yaml'), 'clouds:\n  prod:\n    auth:\n      password: "s3#cret"\n');
    const options = loadCloudConfig(undefined, {
      OS_CLOUD: 'prod',
      OS_CLIENT_CONFIG_FILE: file,
      OS_CLIENT_SECURE_FILE: join(dir, 'secure.yaml'),
      OS_REGION_NAME: 'Two',
      HOME: dir,
    });
    expect(options).toMatchObject({
      authUrl: 'https://keystone.example:5000',
      auth: {
        type: 'password',
        username: 'karbor',
        password: 's3#cret',
        userDomain: { domainId: 'default' },
      },
      scope: { projectId: 'abc123' },
      region: 'Two',
      interface: 'internal',
    });
  });

  it('takes <service_type>_endpoint_override from clouds.yaml and OS_* as openstacksdk does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clouds-'));
    const file = join(dir, 'clouds.yaml');
    writeFileSync(
      file,
      [
        'clouds:',
        '  lab:',
        '    auth:',
        '      auth_url: http://k:5000/v3',
        '      username: u',
        '      password: p',
        '    image_endpoint_override: http://glance.lab:9292',
      ].join('\n'),
    );
    const options = loadCloudConfig('lab', {
      OS_CLIENT_CONFIG_FILE: file,
      OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:9999/v3/p1',
      HOME: dir,
    });
    expect(options.endpointOverrides).toEqual({
      image: 'http://glance.lab:9292',
      'block-storage': 'http://127.0.0.1:9999/v3/p1',
    });
  });

  it('builds application credential, token and trust settings from OS_* variables', () => {
    const base = { OS_AUTH_URL: 'http://k:5000/v3' };
    expect(
      loadCloudConfig(undefined, {
        ...base,
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_APPLICATION_CREDENTIAL_ID: 'ac1',
        OS_APPLICATION_CREDENTIAL_SECRET: 'shh',
      }).auth,
    ).toMatchObject({ type: 'application-credential', id: 'ac1', secret: 'shh' });
    expect(loadCloudConfig(undefined, { ...base, OS_TOKEN: 'tok', OS_PROJECT_ID: 'p1' })).toMatchObject({
      auth: { type: 'token', token: 'tok' },
      scope: { projectId: 'p1' },
    });
    expect(
      loadCloudConfig(undefined, { ...base, OS_USERNAME: 'karbor', OS_PASSWORD: 'pw', OS_TRUST_ID: 't1' })
        .scope,
    ).toEqual({ trustId: 't1' });
  });

  it('says what is missing', () => {
    expect(() => loadCloudConfig(undefined, {})).toThrow(/no auth_url/);
    expect(() => loadCloudConfig(undefined, { OS_AUTH_URL: 'http://k' })).toThrow(/needs a password/);
    expect(() => loadCloudConfig('nope', { OS_CLIENT_CONFIG_FILE: captured })).toThrow(
      /cloud nope is not in .* \(has: admin, demo, alt_demo, karbor\)/,
    );
  });
});

describe('clouds.yaml syntax', () => {
  const writeClouds = (text: string): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'clouds-')), 'clouds.yaml');
    writeFileSync(file, text);
    return file;
  };

  it('reads what OpenStack users write: flow mappings, anchors and merge keys', () => {
    const file = writeClouds(
      [
        'defaults: &defaults',
        '  auth: {auth_url: "http://keystone.example:5000/v3", user_domain_name: Default}',
        '  region_name: RegionTwo',
        'clouds:',
        '  lab:',
        '    <<: *defaults',
        '    auth: {auth_url: "http://keystone.example:5000/v3", username: u, password: p, project_name: x}',
      ].join('\n'),
    );
    expect(loadCloudConfig('lab', { OS_CLIENT_CONFIG_FILE: file })).toMatchObject({
      authUrl: 'http://keystone.example:5000/v3',
      region: 'RegionTwo',
      scope: { projectName: 'x' },
    });
  });

  it('names the file when it is not YAML', () => {
    const file = writeClouds('clouds:\n  lab: [unclosed\n');
    expect(() => loadCloudConfig('lab', { OS_CLIENT_CONFIG_FILE: file })).toThrow(CloudConfigError);
    expect(() => loadCloudConfig('lab', { OS_CLIENT_CONFIG_FILE: file })).toThrow(file);
  });
});
