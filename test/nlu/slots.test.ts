import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';

describe('slot extraction from free text', () => {
  it.each([
    ['legacy Windows app, Linux hosts, auditors want strong isolation', { legacy: 'yes', multi_os: 'yes', isolation: 'high' }],
    ['nothing sensitive', { isolation: 'standard' }],
    ['no windows', { multi_os: 'no' }],
    ['we do not need windows at all', { multi_os: 'no' }],
    ["we don't need to autoscale", { fast_scaling: 'no' }],
    ['not a legacy system, brand new build', { legacy: 'no' }],
    ['microservices that autoscale for traffic spikes', { microservices: 'yes', fast_scaling: 'yes' }],
    ['it handles PCI card data', { isolation: 'high' }],
    ['no sensitive data, but we want CI pipelines', { isolation: 'standard', ci_cd: 'yes' }],
    ['simulate a datacenter network with several machines', { infra_sim: 'yes' }],
    ['pack hundreds of small services onto a few servers', { density: 'yes' }],
    ['ship the same image across clouds', { portability: 'yes' }],
    ['a single monolith', { microservices: 'no' }],
    ['hello there', {}],
  ])('%s', async (text, expected) => {
    const e = await engine();
    expect(e.extractor.extract(text)).toEqual(expected);
  });

  it('negation stops at a clause break', async () => {
    const e = await engine();
    expect(e.extractor.extract("we don't run windows, but auditors want strict isolation")).toEqual({ multi_os: 'no', isolation: 'high' });
  });

  it('ignores mentions and emoji', async () => {
    const e = await engine();
    expect(e.extractor.extract('<@U123ABC> :lock: sensitive data <!channel>')).toEqual({ isolation: 'high' });
  });
});
