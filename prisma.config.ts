// Prisma CLI configuration. Only `prisma generate` is run here (see package.json): migrations are applied by
// the service itself through Prisma's WebAssembly schema engine, so no native engine download is needed.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/leadline' },
});
