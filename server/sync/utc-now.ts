import { Prisma } from '../db/client.ts';

/** now() as UTC wall time, the way Prisma stores DateTime in timestamp(3) columns, whatever the session zone. */
export const UTC_NOW = Prisma.sql`timezone('utc', now())`;
