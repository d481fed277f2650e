// Delivers a 'hubspot.task.create' outbox row: a follow-up task on the company's HubSpot record,
// assigned to the account's HubSpot owner.

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { companies, owners } from '../../db/schema/index.ts';
import type { Db } from '../../db/types.ts';
import type { Crm } from '../../integrations/crm.ts';
import { parseInput } from '../validate.ts';

export const TaskPayload = z.object({
  ownerId: z.uuid().nullable(),
  companyId: z.uuid(),
  subject: z.string().min(1).max(500),
  body: z.string().max(65_000),
  dueAt: z.iso.datetime({ offset: true }),
});

export async function createHubspotTask(args: { db: Db; crm: Crm; payload: unknown }) {
  const task = parseInput(TaskPayload, args.payload);
  const [company] = await args.db
    .select({ hubspotId: companies.hubspotId })
    .from(companies)
    .where(eq(companies.id, task.companyId));
  if (!company?.hubspotId) return { skipped: 'company is not in HubSpot' };
  const [owner] = task.ownerId
    ? await args.db
        .select({ hubspotId: owners.hubspotOwnerId })
        .from(owners)
        .where(eq(owners.id, task.ownerId))
    : [];
  const created = await args.crm.createTask({
    ownerCrmId: owner?.hubspotId ?? null,
    companyCrmId: company.hubspotId,
    subject: task.subject,
    body: task.body,
    dueAt: new Date(task.dueAt),
  });
  return { taskId: created.id };
}
