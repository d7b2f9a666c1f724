import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new versioned SQL migration into migrations/
// from the domains' schema files; the server applies them at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/schema.ts',
  out: './migrations',
});
