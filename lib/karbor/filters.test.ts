import { describe, expect, it } from 'vitest';
import { KarborFault } from './faults.js';
import { applyFilters, type FilterSpec } from './filters.js';

const spec: FilterSpec = { regexFields: ['name', 'description'], columns: ['name', 'description', 'status'] };
const plans = [
  { id: '1', name: 'db-daily', description: 'nightly', status: 'started' },
  { id: '2', name: 'web', description: null, status: 'suspended' },
  { id: '3', name: `${'a'.repeat(254)}!`, description: 'x', status: 'suspended' },
];

const faultOf = async (promise: Promise<unknown>): Promise<KarborFault> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KarborFault) return error;
    throw error;
  }
  throw new Error('expected a fault');
};

describe('applyFilters', () => {
  it('matches regex fields as a search and the others exactly', async () => {
    expect((await applyFilters(plans, { name: '^db-' }, spec)).map((p) => p.id)).toEqual(['1']);
    expect((await applyFilters(plans, { name: 'e', status: 'suspended' }, spec)).map((p) => p.id)).toEqual([
      '2',
    ]);
    expect(await applyFilters(plans, { status: ['started', 'suspended'] }, spec)).toHaveLength(3);
  });

  it('skips a regex filter whose value is not a string, as Karbor did', async () => {
    expect(await applyFilters(plans, { name: 123 }, spec)).toHaveLength(3);
  });

  it('answers a pattern it cannot serve with a 400 naming the filter, before looking at items', async () => {
    const fault = await faultOf(applyFilters([], { description: '(a)\\1' }, spec));
    expect(fault.status).toBe(400);
    expect(fault.message).toMatch(/^Invalid filter description: /);
    expect((await faultOf(applyFilters(plans, { name: 'x'.repeat(256) }, spec))).status).toBe(400);
  });

  it('runs a catastrophic pattern over a long name in milliseconds', async () => {
    const started = performance.now();
    expect(await applyFilters(plans, { name: '^(a+)+$' }, spec)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('lets the event loop turn while a long filter runs', async () => {
    const many = Array.from({ length: 400 }, (_, index) => ({ id: String(index), name: 'ab'.repeat(120) }));
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    await applyFilters(many, { name: '(?:a|b|ab|ba)*c' }, spec);
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(2);
  });

  it('refuses with a 400 a request whose filters would need more than the work budget', async () => {
    const huge = Array.from({ length: 300 }, (_, index) => ({ id: String(index), name: 'a'.repeat(255) }));
    const fault = await faultOf(applyFilters(huge, { name: '[ab]{0,200}c' }, spec));
    expect(fault.status).toBe(400);
    expect(fault.message).toMatch(/more work than one request/);
  });
});
