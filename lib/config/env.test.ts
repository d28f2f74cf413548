import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, getChoice, getInteger, getString } from './env.js';

describe('env', () => {
  afterEach(() => {
    delete process.env.KARBOR_TEST_VALUE;
  });

  it('returns the fallback when the variable is unset or blank', () => {
    expect(getString('KARBOR_TEST_VALUE', 'dflt')).toBe('dflt');
    process.env.KARBOR_TEST_VALUE = '   ';
    expect(getString('KARBOR_TEST_VALUE', 'dflt')).toBe('dflt');
  });

  it('rejects a non-integer with the variable name in the message', () => {
    process.env.KARBOR_TEST_VALUE = '12a';
    expect(() => getInteger('KARBOR_TEST_VALUE', 1)).toThrow(/KARBOR_TEST_VALUE must be an integer/);
  });

  it('rejects integers below the minimum', () => {
    process.env.KARBOR_TEST_VALUE = '0';
    expect(() => getInteger('KARBOR_TEST_VALUE', 1, 1)).toThrow(ConfigError);
  });

  it('accepts only the listed choices', () => {
    process.env.KARBOR_TEST_VALUE = 'keystone';
    expect(getChoice('KARBOR_TEST_VALUE', ['noauth', 'keystone'], 'noauth')).toBe('keystone');
    process.env.KARBOR_TEST_VALUE = 'ldap';
    expect(() => getChoice('KARBOR_TEST_VALUE', ['noauth', 'keystone'], 'noauth')).toThrow(
      /one of noauth, keystone/,
    );
  });
});
