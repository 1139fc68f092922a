import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPool, closePool } from '../db/pool.ts';
import { stopBoss } from '../jobs/queue.ts';
import { createUser } from '../jobs/test-support.ts';
import { DEFAULT_CALCULATION_PARAMS } from '../validation/calculation.ts';
import { analyseUpload } from './analyse-upload.ts';
import { createBatchFromUpload } from './create-batch.ts';
import { stageUpload } from './stage-upload.ts';

afterAll(async () => {
  await stopBoss();
  await closePool();
});

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('createBatchFromUpload', () => {
  it('writes the batch, molecules, items, calculations and jobs', async () => {
    const user = await createUser('researcher', 'batch-create');
    const analysis = await analyseUpload(file('a.csv', 'smiles,name\nCCO,ethanol\nC1CC,broken\nOCC,ethanol again\nc1ccccc1,benzene\n'), { charge: 0, uhf: 0 });
    const uploadId = await stageUpload(user.claims, analysis, { charge: 0, uhf: 0 });
    const created = await createBatchFromUpload(user, { uploadId, name: 'first', params: DEFAULT_CALCULATION_PARAMS });
    expect(created.calculations).toBe(2);
  });
});
