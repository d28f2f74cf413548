import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import { routes } from '../../lib/karbor/routes.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import {
  type ApiUnderTest,
  fixedProtectables,
  type Reply,
  roleTokens,
  startApiUnderTest,
} from '../support/api-under-test.js';

/**
 * The fuzz tier (issue 17): 3,000 generated requests across every route of the route table,
 * as a member, a project admin, a cloud admin and a stranger would send them — malformed
 * JSON, wrong types, unknown fields, bodies nested 10,000 deep, oversized fields, bad ids,
 * odd paths and encodings, catastrophic and unsupported filter patterns. No answer may be a
 * 5xx, every error must be a Karbor fault, the server must still answer at the end, no
 * rejected write may change anything stored (objects, quotas, global settings), and the Bank
 * must hold exactly the plans the accepted creates and deletes leave. Fixed seed; the run
 * stops early (after at least `minimumRequests`) when its time budget is spent.
 */

const project = 'ffffffffffffffffffffffffffffffff';
const adminProject = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const otherProject = '99999999999999999999999999999999';
const callers = [
  { token: `fuzz:${project}`, project },
  { token: `padmin:${project}:admin`, project },
  { token: `root:${adminProject}:admin`, project: adminProject },
  { token: `other:${otherProject}`, project: otherProject },
];
const volume = { id: 'vol-1', type: 'OS::Cinder::Volume', name: 'data', extra_info: null };
const requestCount = 3_000;
const minimumRequests = 1_000;
const timeBudgetMs = 55_000;

/** Replaced at run time by the id of a plan an earlier request created. */
const createdMarker = '@created';
const validPlan = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 20 }).filter((n) => n.trim() !== ''),
    force: fc.boolean(),
  })
  .map(({ name, force }) =>
    JSON.stringify({
      plan: {
        name,
        provider_id: blockProvider.id,
        parameters: { 'OS::Cinder::Volume': { force } },
        resources: [volume],
      },
    }),
  );
const idValue = fc.oneof(
  fc.uuid(),
  fc.constant(blockProvider.id),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('action', 'OS::Cinder::Volume', '..', '%00', 'a/b', '12345', '%zz', '%E0%A4%A'),
  fc.constantFrom(project, adminProject, otherProject, createdMarker, createdMarker),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.double(),
);
const jsonValue = fc.jsonValue({ maxDepth: 4 });
const plausibleBody = fc.record(
  {
    plan: fc.record(
      {
        name: scalar,
        provider_id: fc.oneof(fc.constant(blockProvider.id), fc.uuid(), scalar),
        parameters: fc.oneof(
          fc.constant({}),
          fc.dictionary(
            fc.constantFrom('OS::Cinder::Volume', 'OS::Bad', 'x#y'),
            fc.dictionary(fc.string({ maxLength: 8 }), scalar),
          ),
        ),
        resources: fc.oneof(
          fc.constant([volume]),
          fc.array(fc.dictionary(fc.string({ maxLength: 5 }), scalar), { maxLength: 2 }),
          scalar,
        ),
        description: scalar,
      },
      { requiredKeys: [] },
    ),
    checkpoint: fc.record({ plan_id: idValue, 'extra-info': jsonValue }, { requiredKeys: [] }),
    restore: fc.record(
      { provider_id: idValue, checkpoint_id: idValue, restore_target: jsonValue, parameters: jsonValue },
      { requiredKeys: [] },
    ),
    quota: fc.dictionary(fc.constantFrom('plans', 'checkpoints', 'x'), scalar),
    trigger_info: fc.record({ name: scalar, type: scalar, properties: jsonValue }, { requiredKeys: [] }),
    'os-resetState': fc.record({ state: scalar }, { requiredKeys: [] }),
    status: scalar,
  },
  { requiredKeys: [] },
);
/** A value nested `levels` deep inside one field of a wrapper, built as text. */
const deepBody = fc
  .record({
    wrapper: fc.constantFrom('plan', 'checkpoint', 'restore', 'trigger_info', 'scheduled_operation', 'quota'),
    field: fc.constantFrom(
      'extra-info',
      'extra_info',
      'restore_target',
      'properties',
      'description',
      'parameters',
    ),
    levels: fc.constantFrom(31, 32, 33, 40, 1_000, 10_000),
  })
  .map(
    ({ wrapper, field, levels }) =>
      `{"${wrapper}": {"${field}": ${'{"k":'.repeat(levels - 1)}[]${'}'.repeat(levels - 1)}}}`,
  );
const rawBody = fc.oneof(
  validPlan,
  validPlan,
  plausibleBody.map((body) => JSON.stringify(body)),
  jsonValue.map((value) => JSON.stringify(value)),
  deepBody,
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"plan": ', 'null', '[]', '"x"', '{"plan": {"name": "\\ud800"}}', '['.repeat(20_000)),
  fc.constant(JSON.stringify({ plan: { name: 'x'.repeat(200_000) } })),
  fc.constant(
    JSON.stringify({ checkpoint: { plan_id: blockProvider.id, 'extra-info': { a: 'x'.repeat(70_000) } } }),
  ),
);
const filterPattern = fc.constantFrom(
  '^(a+)+$',
  '(a|aa)+b',
  '[ab]{0,200}c',
  '(a)\\1',
  '(?=a)',
  '[[:alpha:]]',
  '(',
  'x'.repeat(300),
);
const query = fc.array(
  fc.tuple(
    fc.constantFrom(
      'limit',
      'marker',
      'sort',
      'sort_key',
      'sort_dir',
      'all_tenants',
      'project_id',
      'start_date',
      'end_date',
      'plan_id',
      'name',
      'description',
      'properties',
      'operation_definition',
      'parameters',
      'offset',
      'status',
    ),
    fc.oneof(
      fc.string({ maxLength: 20 }),
      filterPattern,
      fc.constantFrom('-1', '0', '2', 'abc', 'name:asc', "{'a': 1}", '2026-13-45', 'True', project),
    ),
  ),
  { maxLength: 3 },
);
/** Ways a client (or an attacker) can spell the same path. */
const pathSpelling = fc.constantFrom(
  'plain',
  'plain',
  'plain',
  'double-slash',
  'json-suffix',
  'trailing-slash',
);

const planRoutes = routes.filter(
  (r) => r.group === 'plans' && (r.action === 'create' || r.action === 'delete'),
);
const request = fc.record({
  route: fc.oneof(
    { arbitrary: fc.constantFrom(...routes), weight: 6 },
    { arbitrary: fc.constantFrom(...planRoutes), weight: 1 },
  ),
  ids: fc.array(idValue, { minLength: 6, maxLength: 6 }),
  body: fc.option(rawBody, { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
  caller: fc.constantFrom(...callers),
  urlProject: fc.constantFrom('caller', 'caller', 'caller', 'tenant'),
  spelling: pathSpelling,
  query,
});
type Sample = typeof request extends fc.Arbitrary<infer T> ? T : never;

const spell = (path: string, spelling: string): string => {
  if (spelling === 'double-slash') return `/${path}`;
  if (spelling === 'json-suffix') return `${path}.json`;
  if (spelling === 'trailing-slash') return `${path}/`;
  return path;
};

/** Everything stored for the three projects and the deployment, in a comparable form. */
const snapshot = async (): Promise<string> => {
  const { store } = createBank();
  const partitions = [`P#${project}`, `P#${adminProject}`, `P#${otherProject}`, 'GLOBAL'];
  const items = await Promise.all(partitions.map((partition) => store.query({ partition })));
  return JSON.stringify(items);
};

const expectKarborFault = (reply: Reply, label: string): void => {
  const values = Object.values(reply.body as Record<string, { code: number; message: string }>);
  expect(values, label).toHaveLength(1);
  expect(values[0], label).toMatchObject({ code: reply.status, message: expect.any(String) });
};

describe('API fuzz', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApiUnderTest({ protectables: () => fixedProtectables([volume]) }, roleTokens, {
      adminProject,
    });
  });
  afterAll(async () => api.close());

  it('answers generated requests on every route without a 5xx, and rejected writes change nothing', {
    timeout: 120_000,
  }, async () => {
    const samples = fc.sample(request, { numRuns: requestCount, seed: 20261206 });
    const created: string[] = [];
    const deletedPlans = new Set<string>();
    const routesSeen = new Set<string>();
    const started = Date.now();
    let sent = 0;
    let rejectedWrites = 0;
    /**
     * The Bank as last seen. Only an accepted write makes it stale, and a GET of os-services,
     * which registers the deployment's services on first use.
     */
    let known: string | undefined;
    for (const sample of samples as Sample[]) {
      if (sent >= minimumRequests && Date.now() - started > timeBudgetMs) break;
      const urlProject = sample.urlProject === 'caller' ? sample.caller.project : project;
      let index = 0;
      const path = sample.route.path.replace('{project_id}', urlProject).replace(/\{[^}]+\}/g, () => {
        const id = sample.ids[index++] ?? 'x';
        return encodeURIComponent(id === createdMarker ? (created.at(-1) ?? id) : id);
      });
      const search = new URLSearchParams(sample.query).toString();
      const isWrite = sample.route.method !== 'GET';
      if (isWrite && known === undefined) known = await snapshot();
      const reply = await api.call(
        sample.route.method,
        `${spell(path, sample.spelling)}${search ? `?${search}` : ''}`,
        {
          token: sample.caller.token,
          ...(sample.body === undefined || !isWrite
            ? {}
            : { raw: sample.body, contentType: sample.contentType }),
        },
      );
      sent++;
      routesSeen.add(`${sample.route.method} ${sample.route.path}`);
      const label = `${sample.route.method} ${path} as ${sample.caller.token} → ${reply.text.slice(0, 300)}`;
      expect(reply.status, label).toBeLessThan(500);
      if (reply.status >= 400) expectKarborFault(reply, label);
      if (isWrite && reply.status >= 400) {
        rejectedWrites++;
        expect(await snapshot(), `a rejected ${label} changed the Bank`).toBe(known);
      } else if (isWrite || sample.route.group === 'services') known = undefined;
      const accepted = reply.status === 200 && sample.route.group === 'plans';
      if (accepted && sample.route.action === 'create' && urlProject === project)
        created.push((reply.body as { plan: { id: string } }).plan.id);
      if (accepted && sample.route.method === 'DELETE')
        deletedPlans.add(decodeURIComponent(path.split('/').at(-1) ?? ''));
    }
    console.info(`fuzz: ${sent} requests, ${rejectedWrites} rejected writes, ${Date.now() - started} ms`);
    expect(sent).toBeGreaterThanOrEqual(minimumRequests);
    expect(routesSeen.size, 'every route of the table is tried').toBe(routes.length);
    expect(rejectedWrites).toBeGreaterThan(100);
    expect(created.length, 'some generated plans must be valid').toBeGreaterThan(0);
    expect(deletedPlans.size, 'some generated deletes must hit created plans').toBeGreaterThan(0);
    const stored = await createBank().plans.list(project);
    expect(stored.map((plan) => plan.id).sort()).toEqual(
      created.filter((id) => !deletedPlans.has(id)).sort(),
    );
    expect(await createBank().quotas.usage(project, 'plans')).toBe(stored.length);
    expect((await api.call('GET', '/')).status, 'the server still answers').toBe(300);
  });
});
