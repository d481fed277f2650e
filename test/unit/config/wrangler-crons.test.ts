import { readFileSync } from 'node:fs';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronExpressions, schedule } from '../../../src/jobs/schedule.ts';

function wranglerCrons(): string[] {
  const toml = readFileSync(new URL('../../../wrangler.toml', import.meta.url), 'utf8');
  const match = /^\[triggers\][^[]*?^crons\s*=\s*\[([^\]]*)\]/ms.exec(toml);
  if (!match?.[1]) throw new Error('wrangler.toml has no [triggers] crons');
  return [...match[1].matchAll(/"([^"]+)"/g)].map((entry) => entry[1] ?? '');
}

describe('the schedule table', () => {
  it('is what wrangler.toml triggers, cron for cron', () => {
    expect(wranglerCrons().sort()).toEqual(cronExpressions().sort());
  });

  it('uses valid five-field crons (Workers has no seconds field) and unique job names', () => {
    for (const job of schedule) {
      expect(job.cron.trim().split(/\s+/), job.name).toHaveLength(5);
      expect(cron.validate(job.cron), job.name).toBe(true);
    }
    expect(new Set(schedule.map((job) => job.name)).size).toBe(schedule.length);
  });
});
