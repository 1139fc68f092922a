// Runs bcrypt in a worker thread: bcryptjs is plain JavaScript, and on the auth server's event
// loop eight concurrent sign-ins held every other request for ~0.4 s. Messages: { id, op, a, b }.
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

interface Job {
  id: number;
  op: 'hash' | 'compare';
  a: string;
  b: string | number;
}

parentPort!.on('message', (job: Job) => {
  try {
    const result = job.op === 'hash' ? bcrypt.hashSync(job.a, job.b as number) : bcrypt.compareSync(job.a, job.b as string);
    parentPort!.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).message });
  }
});
