import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the schema; both drivers apply them on start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
