// Runs a user's queries under row-level security: a transaction with role `authenticated` and the
// verified JWT claims as transaction-local `request.jwt.claims`, exactly what Supabase's own API
// does, so the database policies decide what the user may see and change.
import type pg from 'pg';
import { getPool } from './pool.ts';

export interface JwtClaims {
  sub: string;
  role?: string;
  email?: string;
  [claim: string]: unknown;
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

export async function asUser<T>(claims: JwtClaims | null, work: (db: Queryable) => Promise<T>): Promise<T> {
  const client = await getPool().connect();
  try {
    await client.query('begin');
    if (claims) {
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ ...claims, role: 'authenticated' }),
      ]);
    } else {
      await client.query(`select set_config('role', 'anon', true), set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ role: 'anon' }),
      ]);
    }
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Queries as anonymous visitor (role `anon`, no claims). */
export function asAnon<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
  return asUser(null, work);
}
