import { z } from 'zod';

/**
 * The web app's environment, validated once. This is the only file that reads `process.env`
 * (the API owns every other setting; the web app reaches it through relative `/api/v1` URLs on
 * the same origin, so it needs no API address). Next inlines `process.env.NODE_ENV` into the
 * browser bundle, which is why each variable is named explicitly rather than passing the object.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
});

const parsed = EnvSchema.parse({
  NODE_ENV: process.env.NODE_ENV,
});

/** Validated environment for server and browser code. */
export const env = {
  ...parsed,
  /** In production, technical details (schema issues) stay out of error panels. */
  isProduction: parsed.NODE_ENV === 'production',
} as const;
