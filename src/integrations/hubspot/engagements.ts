// Follow-up tasks and notes on a company, created for its HubSpot owner.

import type { CrmNote, CrmTask } from '../crm.ts';
import { hubspotPaths, NOTE_TO_COMPANY_ASSOCIATION, TASK_TO_COMPANY_ASSOCIATION } from './api-paths.ts';
import type { HubspotHttp } from './http.ts';

const toCompany = (companyCrmId: string, associationTypeId: number) => [
  {
    to: { id: companyCrmId },
    types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
  },
];

async function create(http: HubspotHttp, path: string, body: unknown): Promise<{ id: string }> {
  const response = await http.request({ method: 'POST', path, body });
  return { id: String((response.body as { id?: string | number } | null)?.id ?? '') };
}

export function createTask(http: HubspotHttp, task: CrmTask) {
  return create(http, hubspotPaths.tasks(), {
    properties: {
      hs_timestamp: task.dueAt.toISOString(),
      hs_task_subject: task.subject,
      hs_task_body: task.body,
      hs_task_status: 'NOT_STARTED',
      ...(task.ownerCrmId ? { hubspot_owner_id: task.ownerCrmId } : {}),
    },
    associations: toCompany(task.companyCrmId, TASK_TO_COMPANY_ASSOCIATION),
  });
}

export function createNote(http: HubspotHttp, note: CrmNote) {
  return create(http, hubspotPaths.notes(), {
    properties: {
      hs_timestamp: note.at.toISOString(),
      hs_note_body: note.body,
      ...(note.ownerCrmId ? { hubspot_owner_id: note.ownerCrmId } : {}),
    },
    associations: toCompany(note.companyCrmId, NOTE_TO_COMPANY_ASSOCIATION),
  });
}
