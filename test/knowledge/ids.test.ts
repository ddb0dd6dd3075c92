/** The contract's fixed ids (docs/contract.md): the code and the knowledge base define exactly these. */
import { describe, expect, it } from 'vitest';
import { INTENTS, SLOT_VALUES, SLOTS, VERDICTS } from '../../src/ids.js';
import { engine } from '../helpers.js';

const CONTRACT_INTENTS = [
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
  'recommend',
  'greeting',
  'help',
  'thanks',
  'cancel',
  'restart',
  'out_of_scope',
];
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

describe('contract ids', () => {
  it('intents, slots, values and verdicts are the contract ones', () => {
    expect([...INTENTS].sort()).toEqual([...CONTRACT_INTENTS].sort());
    expect([...SLOTS].sort()).toEqual(Object.keys(CONTRACT_SLOTS).sort());
    for (const [slot, values] of Object.entries(CONTRACT_SLOTS)) expect(SLOT_VALUES[slot as keyof typeof SLOT_VALUES]).toEqual(values);
    expect([...VERDICTS]).toEqual(['containers', 'vms', 'hybrid']);
  });

  it('the knowledge base trains every intent and asks every slot with exactly its values', async () => {
    const k = (await engine()).knowledge;
    expect(Object.keys(k.intents).sort()).toEqual([...CONTRACT_INTENTS].sort());
    expect(Object.keys(k.interview.slots).sort()).toEqual(Object.keys(CONTRACT_SLOTS).sort());
    for (const [slot, values] of Object.entries(CONTRACT_SLOTS)) {
      expect(k.interview.slots[slot]?.options.map((o) => o.value).sort(), slot).toEqual([...values].sort());
    }
  });
});
