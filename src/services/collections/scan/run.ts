// The late-payment scan. Runs every hour; each account manager's invoices are decided when their digest
// window is open (working day, local digest time reached, outside quiet hours). One transaction per
// run, serialised by an advisory lock so concurrent replicas never interleave (the unique index would
// keep them correct anyway; the lock keeps them from deadlocking on it).

import { sql } from 'drizzle-orm';
import { isoDate } from '../../../lib/dates.ts';
import { recordAudit } from '../../audit.ts';
import type { ServiceContext } from '../../context.ts';
import { recomputeCompanies } from '../../credit/recompute.ts';
import { activePolicy } from '../policy.ts';
import { decideStages } from './decide.ts';
import { queueDigests } from './digests.ts';
import { queueStageEffects } from './effects.ts';
import { settleDuePromises } from './promises.ts';
import { resolvePaidAlerts } from './resolve-paid.ts';
import { openDigestWindows } from './windows.ts';

export interface ScanSummary {
  windows: number;
  decided: number;
  digests: number;
  unmappedOwners: number;
  resolvedMessages: number;
  promisesBroken: number;
  promisesKept: number;
  escalations: number;
  /** Milliseconds spent deciding stages (the set-based statement). */
  decideMs: number;
}

const SCAN_LOCK = 'creditline:dunning-scan';

export async function runLatePaymentScan({ ctx }: { ctx: ServiceContext }): Promise<ScanSummary> {
  const policy = await activePolicy(ctx.db);
  const windows = await openDigestWindows(ctx.db, ctx.now, policy.dunning);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${SCAN_LOCK}))`);
    // The decision hashes every open invoice against the alert history: give this one statement
    // room so the hashes stay in memory.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const settled = await settleDuePromises(tx, ctx.now, isoDate(ctx.now));
    const resolvedMessages = await resolvePaidAlerts(tx, ctx.now, policy, ctx.config);
    const started = performance.now();
    const decided = await decideStages(tx, {
      now: ctx.now,
      ladder: policy.dunning.ladder,
      windows,
      maxContactsPer7Days: policy.dunning.maxContactsPer7Days,
    });
    const decideMs = Math.round(performance.now() - started);
    const { outcome, facts } = await queueDigests(
      tx,
      ctx,
      policy,
      decided.map((alert) => alert.id),
    );
    const escalations = await queueStageEffects(tx, ctx.now, policy, facts);
    const summary: ScanSummary = {
      windows: windows.length,
      decided: decided.length,
      digests: outcome.digests,
      unmappedOwners: outcome.unmappedOwners,
      resolvedMessages,
      promisesBroken: settled.filter((promise) => promise.status === 'broken').length,
      promisesKept: settled.filter((promise) => promise.status === 'kept').length,
      escalations,
      decideMs,
    };
    await recordAudit(tx, ctx, {
      action: 'collections.scan',
      entityType: 'dunning_scan',
      entityId: ctx.now.toISOString(),
      after: summary,
    });
    await recomputeCompanies(tx, ctx, [...new Set(settled.map((promise) => promise.company_id))]);
    return summary;
  });
}
