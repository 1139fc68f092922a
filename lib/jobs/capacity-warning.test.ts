import { describe, expect, it } from 'vitest';
import { capacityWarningFor, type PipelineHealth } from './health.ts';

const xtb = (available: boolean, error: string | null = null): PipelineHealth['xtb'] => ({
  available,
  version: available ? '6.5.1' : null,
  bin: 'xtb',
  methods: available ? ['gfn2'] : [],
  unavailable: {},
  solvation: null,
  error,
});
const worker = (methods: string[], xtbError: string | null = null): PipelineHealth['workers']['list'][number] => ({
  id: 'w',
  host: 'h',
  pid: 1,
  concurrency: 2,
  jobsRunning: 0,
  xtbVersion: methods.length ? '6.5.1' : null,
  methods,
  xtbError,
  lastSeenAt: new Date().toISOString(),
});

describe('the editor warning when nothing can run a calculation', () => {
  it('says nothing while a worker can run xtb', () => {
    expect(capacityWarningFor({ workers: { fresh: 1, list: [worker(['gfn2'])] }, xtb: xtb(false) })).toBeNull();
  });
  it('names a missing xtb when no worker runs and this server has none', () => {
    expect(capacityWarningFor({ workers: { fresh: 0, list: [] }, xtb: xtb(false, 'xtb was not found (XTB_NOT_FOUND)') })).toMatch(
      /xtb is not available on this server \(xtb was not found \(XTB_NOT_FOUND\)\).*apt-get install xtb/,
    );
  });
  it('passes on the workers’ own xtb error', () => {
    expect(capacityWarningFor({ workers: { fresh: 1, list: [worker([], 'xtb was not found')] }, xtb: xtb(true) })).toMatch(
      /workers cannot run xtb \(xtb was not found\)/,
    );
  });
  it('says submissions wait when xtb is here but no worker runs', () => {
    expect(capacityWarningFor({ workers: { fresh: 0, list: [] }, xtb: xtb(true) })).toMatch(/No calculation worker is running/);
  });
});
