import { describe, expect, it } from 'vitest';
import { dict, failed, json, useKarbor } from './harness.js';

/** Quota classes. Updates use a class of their own so the `default` class stays untouched. */

describe('quota classes through the real CLIs', () => {
  const ctx = useKarbor();

  it('karbor quota-class-show default prints the default limits and the class name', async () => {
    expect(dict(await ctx.k.karbor(['quota-class-show', 'default']))).toEqual({
      checkpoints: '-1',
      id: 'default',
      plans: '50',
    });
  });

  it('karbor quota-class-update sets plans and quota-class-show reads it back', async () => {
    const updated = dict(await ctx.k.karbor(['quota-class-update', 'gold', '--plans', '12'], ctx.k.admin));
    expect(updated.plans).toBe('12');
    expect(dict(await ctx.k.karbor(['quota-class-show', 'gold'])).plans).toBe('12');
    expect(dict(await ctx.k.karbor(['quota-class-show', 'default'])).plans).toBe('50');
  });

  it('openstack quotaclass show / update', async () => {
    const updated = json(
      await ctx.k.openstack(['quotaclass', 'update', 'silver', '--plans', '3', '-f', 'json'], ctx.k.admin),
    );
    expect(updated.plans).toBe(3);
    const shown = json(await ctx.k.openstack(['quotaclass', 'show', 'silver', '-f', 'json']));
    expect(shown).toMatchObject({ id: 'silver', plans: 3 });
  });

  it('quota-class-update with a value below -1 prints a 400 and changes nothing', async () => {
    const out = failed(await ctx.k.karbor(['quota-class-update', 'bronze', '--plans', '-7'], ctx.k.admin));
    expect(out).toContain('HTTP 400');
    expect(dict(await ctx.k.karbor(['quota-class-show', 'bronze'])).plans).not.toBe('-7');
  });
});
