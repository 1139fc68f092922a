#!/usr/bin/env node
// Submit a calculation to Quantum Forge and fetch its result with Node's built-in fetch.
//   QF_URL=http://localhost:3000 QF_API_KEY=qf_… node examples/submit-and-fetch.mjs [SMILES] [--wait SECONDS]
// Prints one JSON line per step. The Idempotency-Key makes a retried submission safe: the server
// answers a repeat with the first response and queues nothing twice.
import { randomUUID } from 'node:crypto';

const base = `${(process.env.QF_URL ?? 'http://localhost:3000').replace(/\/$/, '')}/api/v1`;
const key = process.env.QF_API_KEY;
if (!key) {
  console.error('Set QF_API_KEY to an API key from Settings → API keys.');
  process.exit(2);
}
const args = process.argv.slice(2);
const waitIndex = args.indexOf('--wait');
const waitSeconds = waitIndex >= 0 ? Number(args.splice(waitIndex, 2)[1]) : 300;
const smiles = args[0] ?? 'CCO';
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

async function call(method, path, body, extra = {}) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${base}${path}`, { method, headers: { ...headers, ...extra }, body: body && JSON.stringify(body) });
    if (response.status === 429 && attempt < 5) {
      // Rate limited: wait as long as the server asks.
      await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    const data = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${data.detail ?? data.title}${data.errors ? ` ${JSON.stringify(data.errors)}` : ''}`);
    return data;
  }
}

const idempotencyKey = randomUUID();
const submitted = await call(
  'POST',
  '/calculations',
  { format: 'smiles', text: smiles, name: `script ${smiles}`, params: { method: 'gfn2', task: 'sp' } },
  { 'idempotency-key': idempotencyKey },
);
console.log(JSON.stringify({ step: 'submitted', id: submitted.id, status: submitted.status }));

const deadline = Date.now() + waitSeconds * 1000;
let calculation = await call('GET', `/calculations/${submitted.id}`);
while (['queued', 'running'].includes(calculation.status) && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 2000));
  calculation = await call('GET', `/calculations/${submitted.id}`);
}
console.log(
  JSON.stringify({ step: 'fetched', id: calculation.id, status: calculation.status, totalEnergyHartree: calculation.totalEnergy, gapEv: calculation.gap }),
);
if (calculation.status === 'succeeded') {
  const { atoms } = await call('GET', `/calculations/${submitted.id}/atoms`);
  console.log(JSON.stringify({ step: 'atoms', count: atoms.length, charges: atoms.map((a) => `${a.element}${a.index + 1} ${a.charge?.toFixed(3)}`) }));
}
