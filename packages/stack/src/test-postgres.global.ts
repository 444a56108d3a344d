// vitest global setup: gives the store's tests a real PostgreSQL (DATABASE_URL when set, else a
// throwaway cluster). In CI a missing PostgreSQL is an error, not a silent skip.
import type { TestProject } from 'vitest/node';
import { startTemporaryPostgres, type TemporaryPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  let cluster: TemporaryPostgres | null = null;
  let url = process.env.DATABASE_URL ?? null;
  if (!url) {
    cluster = await startTemporaryPostgres();
    url = cluster?.url ?? null;
  }
  if (!url && process.env.CI) throw new Error('PostgreSQL is required in CI: install postgresql or set DATABASE_URL.');
  if (!url) console.warn('[store tests] PostgreSQL not installed here: the PostgreSQL half of the store tests is skipped.');
  project.provide('postgresUrl', url);
  return async () => {
    await cluster?.stop();
  };
}
