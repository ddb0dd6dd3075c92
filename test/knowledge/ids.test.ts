/**
 * The contract's fixed ids (docs/contract.md sections 1-3). The code takes slot, value, topic and intent ids from
 * knowledge/; this test is what holds the shipped knowledge base to exactly the contract's ones.
 */
import { describe, expect, it } from 'vitest';
import { CONVERSATION_INTENTS, VERDICTS } from '../../src/ids.js';
import { intentsOf, slotsOf, topicsOf, valuesOf } from '../../src/knowledge/ids.js';
import { engine } from '../helpers.js';

const CONTRACT_TOPICS = [
  'overview',
  'vm_basics',
  'container_basics',
  'os_support',
  'startup_time',
  'density',
  'disk_footprint',
  'isolation_security',
  'container_hardening',
  'portability',
  'vm_use_cases',
  'container_use_cases',
  'hybrid',
];
const CONTRACT_CONVERSATION = ['recommend', 'greeting', 'help', 'thanks', 'cancel', 'restart', 'out_of_scope'];
const YES_NO = ['yes', 'no', 'unsure'];
const CONTRACT_SLOTS: Record<string, string[]> = {
  multi_os: YES_NO,
  isolation: ['high', 'standard', 'unsure'],
  legacy: YES_NO,
  infra_sim: YES_NO,
  fast_scaling: YES_NO,
  density: YES_NO,
  ci_cd: YES_NO,
  microservices: YES_NO,
  portability: YES_NO,
};
const CONTRACT_VERDICTS = ['containers', 'vms', 'hybrid'];

describe('contract ids', () => {
  it('the code keeps exactly the contract conversation intents and verdicts', () => {
    expect([...CONVERSATION_INTENTS].sort()).toEqual([...CONTRACT_CONVERSATION].sort());
    expect([...VERDICTS]).toEqual(CONTRACT_VERDICTS);
  });

  it('the shipped knowledge base has exactly the contract topics, and trains exactly the contract intents', async () => {
    const k = (await engine()).knowledge;
    expect([...topicsOf(k.topics)].sort()).toEqual([...CONTRACT_TOPICS].sort());
    expect([...intentsOf(k.intents)].sort()).toEqual([...CONTRACT_TOPICS, ...CONTRACT_CONVERSATION].sort());
  });

  it('the shipped interview has exactly the contract slots, each with exactly its values', async () => {
    const interview = (await engine()).knowledge.interview;
    expect([...slotsOf(interview)].sort()).toEqual(Object.keys(CONTRACT_SLOTS).sort());
    expect([...interview.order].sort()).toEqual(Object.keys(CONTRACT_SLOTS).sort());
    for (const [slot, values] of Object.entries(CONTRACT_SLOTS)) expect([...valuesOf(interview, slot)].sort(), slot).toEqual([...values].sort());
  });

  it('the shipped verdicts are the contract ones', async () => {
    const k = (await engine()).knowledge;
    expect(Object.keys(k.verdicts).filter((key) => key !== 'hardening')).toEqual(CONTRACT_VERDICTS);
  });
});
