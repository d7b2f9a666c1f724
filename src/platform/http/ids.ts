import { z } from 'zod';

const uuid = z.string().uuid();

/** Whether a path id can name a record at all: anything else is answered 404 without a query. */
export const isUuid = (s: string) => uuid.safeParse(s).success;
