import { z } from 'zod';
import { utcDay } from '@sentinel/platform';
import { dayInput } from '../../core/fields.js';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for, in days (both ends included): a leap year. */
export const MAX_USAGE_DAYS = 366;
/** Without `from`: this many days, ending with `to`. */
export const DEFAULT_USAGE_DAYS = 30;

const RANGE_RULE = `\`from\` must not be after \`to\`, and the range holds at most ${MAX_USAGE_DAYS} days (400 naming \`query.from\` otherwise).`;
const shift = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** Resolves the defaults (the last 30 days, up to today in UTC) and checks the range. */
export const usageQuery = z
  .object({
    from: dayInput.optional().describe(`First day, included (default: ${DEFAULT_USAGE_DAYS - 1} days before \`to\`). ${RANGE_RULE}`),
    to: dayInput.optional().describe('Last day, included (default: today, UTC).'),
  })
  .strict()
  .transform((q, ctx) => {
    const to = q.to ?? utcDay();
    const from = q.from ?? shift(to, -(DEFAULT_USAGE_DAYS - 1));
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['from'], message: `must not be after \`to\` (${to})` });
    else if (days > MAX_USAGE_DAYS)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `must be at most ${MAX_USAGE_DAYS - 1} days before \`to\` (${to})` });
    return { from, to };
  });

export type UsageQuery = z.output<typeof usageQuery>;

export const usageDay = z.object({
  day: z.iso.date().describe('The UTC day'),
  users: z.number().int().describe("The tenant's users at the end of the day"),
  activeUsers: z.number().int().describe('Users who signed in that day'),
  apiRequests: z.number().int().describe("Authenticated API requests the tenant's tokens made that day"),
});

export const usageSeries = z.object({
  items: z
    .array(usageDay)
    .describe('One per day the daily rollup has written, in day order; days it has not written (today, before the first rollup) are absent'),
});
