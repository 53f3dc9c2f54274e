import type { z } from 'zod';

/** One line naming each bad field: `url: Invalid URL; kind: expected "feed" | "page"`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
