// Runs a user's queries under row-level security: a transaction with role `authenticated` and the
// verified JWT claims as transaction-local `request.jwt.claims`, exactly what Supabase's own API
// does, so the database policies decide what the user may see and change.
import { getPool } from './pool.ts';
import { transaction, type Queryable } from './transaction.ts';

export type { Queryable } from './transaction.ts';

export interface JwtClaims {
  sub: string;
  role?: string;
  email?: string;
  [claim: string]: unknown;
}

export function asUser<T>(claims: JwtClaims | null, work: (db: Queryable) => Promise<T>): Promise<T> {
  const role = claims ? 'authenticated' : 'anon';
  const jwt = claims ? { ...claims, role } : { role };
  return transaction(getPool(), async (db) => {
    await db.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [role, JSON.stringify(jwt)]);
    return work(db);
  });
}
