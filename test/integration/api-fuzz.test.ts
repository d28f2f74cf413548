import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBank } from '../../lib/bank/bank.js';
import { routes } from '../../lib/karbor/routes.js';
import { blockProvider } from '../../lib/providers/block-provider.js';
import { type ApiUnderTest, fixedProtectables, startApiUnderTest } from '../support/api-under-test.js';

/**
 * 2,000 generated requests across every route: malformed JSON, wrong types, unknown fields,
 * huge bodies, bad ids, bad dates and odd queries. No answer may be a 5xx, every error must
 * be a Karbor fault, and the Bank must hold exactly what the accepted creates wrote.
 */

const project = 'ffffffffffffffffffffffffffffffff';
const tokens = [`fuzz:${project}`, `root:${project}:admin`];
const volume = { id: 'vol-1', type: 'OS::Cinder::Volume', name: 'data', extra_info: null };

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
  fc.constantFrom('action', 'OS::Cinder::Volume', '..', '%00', 'a/b', '12345', createdMarker, createdMarker),
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
    quota: fc.dictionary(fc.constantFrom('plans', 'checkpoints', 'x'), scalar),
    trigger_info: fc.record({ name: scalar, type: scalar, properties: jsonValue }, { requiredKeys: [] }),
    'os-resetState': fc.record({ state: scalar }, { requiredKeys: [] }),
    status: scalar,
  },
  { requiredKeys: [] },
);
const rawBody = fc.oneof(
  validPlan,
  validPlan,
  plausibleBody.map((body) => JSON.stringify(body)),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"plan": ', 'null', '[]', '"x"', '{"plan": {"name": "\\ud800"}}'),
  fc.constant(JSON.stringify({ plan: { name: 'x'.repeat(200_000) } })),
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
      'start_date',
      'end_date',
      'plan_id',
      'name',
      'parameters',
      'offset',
      'status',
    ),
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('-1', '0', '2', 'abc', 'name:asc', "{'a': 1}", '2026-13-45', 'True'),
    ),
  ),
  { maxLength: 3 },
);

const request = fc.record({
  route: fc.constantFrom(...routes),
  ids: fc.array(idValue, { minLength: 6, maxLength: 6 }),
  body: fc.option(rawBody, { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', ''),
  token: fc.constantFrom(...tokens),
  query,
});

describe('API fuzz', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApiUnderTest({ protectables: () => fixedProtectables([volume]) });
  });
  afterAll(async () => api.close());

  it('answers 2,000 generated requests without a 5xx and keeps the Bank consistent', {
    timeout: 240_000,
  }, async () => {
    const samples = fc.sample(request, { numRuns: 2000, seed: 20261122 });
    let createdPlans = 0;
    const created: string[] = [];
    const deletedPlans = new Set<string>();
    for (const sample of samples) {
      let index = 0;
      const path = sample.route.path.replace('{project_id}', project).replace(/\{[^}]+\}/g, () => {
        const id = sample.ids[index++] ?? 'x';
        return encodeURIComponent(id === createdMarker ? (created.at(-1) ?? id) : id);
      });
      const search = new URLSearchParams(sample.query).toString();
      const reply = await api.call(sample.route.method, `${path}${search ? `?${search}` : ''}`, {
        token: sample.token,
        ...(sample.body === undefined || sample.route.method === 'GET'
          ? {}
          : { raw: sample.body, contentType: sample.contentType }),
      });
      expect(reply.status, `${sample.route.method} ${path} → ${reply.text.slice(0, 300)}`).toBeLessThan(500);
      if (reply.status >= 400) {
        const values = Object.values(reply.body as Record<string, { code: number; message: string }>);
        expect(values).toHaveLength(1);
        expect(values[0]).toMatchObject({ code: reply.status, message: expect.any(String) });
      }
      if (
        reply.status === 200 &&
        sample.route.method === 'POST' &&
        sample.route.action === 'create' &&
        sample.route.group === 'plans'
      ) {
        createdPlans++;
        created.push((reply.body as { plan: { id: string } }).plan.id);
      }
      if (reply.status === 200 && sample.route.method === 'DELETE' && sample.route.group === 'plans') {
        deletedPlans.add(path.split('/').at(-1) ?? '');
      }
    }
    expect(createdPlans, 'some generated plans must be valid').toBeGreaterThan(0);
    const stored = await createBank().plans.list(project);
    expect(deletedPlans.size, 'some generated deletes must hit created plans').toBeGreaterThan(0);
    expect(stored.map((plan) => plan.id).sort()).toEqual(
      created.filter((id) => !deletedPlans.has(id)).sort(),
    );
    expect(await createBank().quotas.usage(project, 'plans')).toBe(stored.length);
  });
});
