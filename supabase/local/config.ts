// Settings of the embedded local stack. Everything can be moved by environment variables so that
// tests run a second stack beside a developer's running one.
import path from 'node:path';

export interface LocalStackConfig {
  rootDir: string;
  dataDir: string;
  pgDir: string;
  pgPort: number;
  authPort: number;
  siteUrl: string;
}

export function localStackConfig(env: NodeJS.ProcessEnv = process.env): LocalStackConfig {
  const rootDir = path.resolve(import.meta.dirname, '..', '..');
  const dataDir = path.resolve(rootDir, env.QF_DATA_DIR ?? '.data');
  return {
    rootDir,
    dataDir,
    pgDir: path.join(dataDir, 'postgres'),
    pgPort: Number(env.QF_PG_PORT ?? 54322),
    authPort: Number(env.QF_AUTH_PORT ?? 54321),
    siteUrl: env.QF_SITE_URL ?? `http://localhost:${env.PORT ?? 3000}`,
  };
}
