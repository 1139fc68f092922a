#!/usr/bin/env node
// Screen a file of molecules as a Quantum Forge batch and download the results as CSV, with Node's
// built-in fetch.
//   QF_URL=http://localhost:3000 QF_API_KEY=qf_… node examples/batch-and-export.mjs molecules.csv [--task sp] [--wait SECONDS] [--out results.csv]
// The file is what the New batch page takes (.csv with a smiles column, .smi, .sdf, multi-frame .xyz).
// Prints one JSON line per step; rows that cannot be computed are listed with their row numbers.
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';

const base = `${(process.env.QF_URL ?? 'http://localhost:3000').replace(/\/$/, '')}/api/v1`;
const key = process.env.QF_API_KEY;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 ? args.splice(index, 2)[1] : fallback;
};
const task = option('--task', 'sp');
const waitSeconds = Number(option('--wait', '600'));
const out = option('--out', 'results.csv');
const file = args[0];
if (!key || !file) {
  console.error('Usage: QF_API_KEY=qf_… node examples/batch-and-export.mjs FILE [--task sp] [--wait SECONDS] [--out results.csv]');
  process.exit(2);
}
const auth = { authorization: `Bearer ${key}` };

async function call(path, init = {}) {
  const response = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...init.headers } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(`${path}: ${response.status} ${problem.detail ?? problem.title ?? ''}${problem.errors ? ` ${JSON.stringify(problem.errors)}` : ''}`);
  }
  return response;
}

const form = new FormData();
form.set('file', await openAsBlob(file), basename(file));
form.set('name', basename(file));
form.set('task', task);
// The Idempotency-Key makes a retried upload safe: the server answers it with the first batch.
const created = await (await call('/batches', { method: 'POST', body: form, headers: { 'idempotency-key': randomUUID() } })).json();
console.log(JSON.stringify({ step: 'created', id: created.id, calculations: created.calculations, invalid: created.invalid }));

const deadline = Date.now() + waitSeconds * 1000;
let batch = await (await call(`/batches/${created.id}`)).json();
while (batch.counts.queued + batch.counts.running > 0 && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 2000));
  batch = await (await call(`/batches/${created.id}`)).json();
}
console.log(JSON.stringify({ step: 'progress', status: batch.status, counts: batch.counts }));

const csv = await (await call(`/batches/${created.id}/export?format=csv`)).text();
await writeFile(out, csv);
console.log(JSON.stringify({ step: 'exported', file: out, rows: csv.trim().split('\r\n').length - 1 }));
