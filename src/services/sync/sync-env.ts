// What the per-object sync steps share: the run's context, clock, lease and progress listener.

import type { Crm, CrmObjectType } from '../../integrations/crm.ts';
import type { ServiceContext } from '../context.ts';
import type { ObjectTotals, ProgressListener } from './progress.ts';

export interface SyncEnv {
  ctx: ServiceContext;
  crm: Crm;
  /** Wall clock for watermarks: a run lasts minutes, so the verb's fixed `now` is not enough. */
  clock: () => Date;
  onProgress?: ProgressListener;
  expected?: number | null;
  /** Pages written at once in a full sync: 1 on PGlite (one connection), a few on a server. */
  parallelWrites?: number;
  /** The run's id: its pages move cursors only while it holds its lease, and its rejections name it. */
  runId?: bigint;
  /** Throws once the run has lost its lease (checked between pages). */
  assertLease?: () => void;
  /**
   * The full pass a full listing belongs to: the id of the run that began it, or of the interrupted run
   * this one goes on with (see full-listing.ts).
   */
  pass: string;
}

export function report(env: SyncEnv, type: CrmObjectType, totals: ObjectTotals): void {
  env.onProgress?.({ objectType: type, totals, expected: env.expected ?? null, requests: env.crm.stats() });
}

export function maxDate(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}
