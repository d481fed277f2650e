// The verbs behind the chat's lists and the App Home. Each decides once, at the moment of reading,
// which customers the Slack user may read (access.ts), and every list shows only those.

import { z } from 'zod';
import { ForbiddenError } from '../../../domain/errors.ts';
import { isoDate } from '../../../lib/dates.ts';
import type { ServiceContext } from '../../context.ts';
import { parseInput } from '../../validate.ts';
import { readScopeOf } from './access.ts';
import { approvalsFor, customersAtRisk, grievancesFor } from './my-work.ts';
import { overdueInvoices } from './overdue.ts';

type Verb = { ctx: ServiceContext; input?: unknown };

/** These lists are someone's own ("my customers", "waiting for me"): only a Slack user has them. */
async function slackReader(ctx: ServiceContext) {
  if (ctx.actor.kind !== 'slack') throw new ForbiddenError('These lists belong to a Slack user.');
  return { slackUserId: ctx.actor.id, scope: await readScopeOf(ctx.db, ctx) };
}

export const overdueListInput = z.object({ which: z.enum(['mine', 'all']) });

export async function overdueList({ ctx, input }: Verb) {
  const { which } = parseInput(overdueListInput, input);
  return overdueInvoices(ctx.db, await slackReader(ctx), which, isoDate(ctx.now));
}

export async function approvalsList({ ctx }: Verb) {
  return approvalsFor(ctx.db, await slackReader(ctx));
}

export async function grievancesList({ ctx }: Verb) {
  return grievancesFor(ctx.db, await slackReader(ctx));
}

export async function homeLists({ ctx }: Verb) {
  const reader = await slackReader(ctx);
  const [atRisk, overdue, approvals, grievances] = await Promise.all([
    customersAtRisk(ctx.db, reader.slackUserId),
    overdueInvoices(ctx.db, reader, 'mine', isoDate(ctx.now)),
    approvalsFor(ctx.db, reader),
    grievancesFor(ctx.db, reader),
  ]);
  return { atRisk, overdue, approvals, grievances };
}
