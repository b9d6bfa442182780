import { z } from 'zod';

/** The one password rule, for sign-up, reset and the set-up page after a marketplace install. */
export const passwordRule = z.string().min(10, 'must be at least 10 characters').max(200);
