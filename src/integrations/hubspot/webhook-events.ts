// HubSpot webhook batches: parsing (ids kept exact as text), the inbox key of each event, and what
// each event means for Creditline in neutral terms (which records to re-read, which were merged).

import { z } from 'zod';
import { ValidationError } from '../../domain/errors.ts';
import type { CrmObjectType } from '../crm.ts';

const id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

const WebhookEvent = z.looseObject({
  eventId: id,
  subscriptionId: id,
  portalId: id.optional(),
  occurredAt: z.number().int().nonnegative(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().optional(),
  objectId: id.optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  changeSource: z.string().optional(),
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
  newObjectId: id.optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  fromObjectTypeId: z.string().optional(),
  toObjectTypeId: z.string().optional(),
  associationType: z.string().optional(),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

const WebhookBatch = z.array(WebhookEvent).max(1_000);

/** Parses the raw body. Integers beyond 2^53 are kept as their source digits, never rounded. */
export function parseWebhookBatch(body: string): WebhookEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body, (_key, value, context?: { source?: string }) =>
      typeof value === 'number' &&
      !Number.isSafeInteger(value) &&
      context?.source &&
      /^\d+$/.test(context.source)
        ? context.source
        : value,
    );
  } catch {
    throw new ValidationError('Webhook body is not JSON');
  }
  const result = WebhookBatch.safeParse(parsed);
  if (!result.success) {
    throw new ValidationError(
      'Webhook body is not a HubSpot event batch',
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  return result.data;
}

/** HubSpot's eventId alone is not unique: the subscription, object and time complete the key. Retries
 * of the same event (a higher attemptNumber) get the same key, so they are recorded once. */
export function eventKey(event: WebhookEvent): string {
  const object = event.objectId ?? `${event.fromObjectId ?? ''}>${event.toObjectId ?? ''}`;
  return [event.subscriptionId, event.eventId, event.subscriptionType, object, event.occurredAt].join(':');
}

const BY_TYPE_ID: Record<string, CrmObjectType> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-53': 'invoices',
};
const BY_LEGACY_NAME: Record<string, CrmObjectType> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  invoice: 'invoices',
};

function objectType(event: WebhookEvent, typeId?: string): CrmObjectType | null {
  const fromId = typeId ?? event.objectTypeId;
  if (fromId) return BY_TYPE_ID[fromId] ?? null;
  return BY_LEGACY_NAME[event.subscriptionType.split('.')[0] ?? ''] ?? null;
}

export interface CrmRecordRef {
  type: CrmObjectType;
  id: string;
}

export interface CrmChangeNotice {
  /** Records whose current state must be read again (deleted ones will come back missing). */
  refetch: CrmRecordRef[];
  merges: { type: CrmObjectType; primaryId: string; mergedIds: string[] }[];
}

/** What an event asks of us. Events on objects Creditline does not keep (tickets) ask nothing. */
export function changeNotice(event: WebhookEvent): CrmChangeNotice {
  const action = event.subscriptionType.split('.')[1] ?? '';
  if (action === 'associationChange') {
    const refs: CrmRecordRef[] = [];
    const from = objectType(event, event.fromObjectTypeId ?? typeIdFromAssociation(event.associationType, 0));
    const to = objectType(event, event.toObjectTypeId ?? typeIdFromAssociation(event.associationType, 1));
    if (from && event.fromObjectId) refs.push({ type: from, id: event.fromObjectId });
    if (to && event.toObjectId) refs.push({ type: to, id: event.toObjectId });
    return { refetch: refs, merges: [] };
  }
  const type = objectType(event);
  if (!type) return { refetch: [], merges: [] };
  if (action === 'merge') {
    const primaryId = event.primaryObjectId ?? event.newObjectId ?? event.objectId;
    if (!primaryId) return { refetch: [], merges: [] };
    const mergedIds = (event.mergedObjectIds ?? []).filter((merged) => merged !== primaryId);
    return { refetch: [{ type, id: primaryId }], merges: [{ type, primaryId, mergedIds }] };
  }
  return { refetch: event.objectId ? [{ type, id: event.objectId }] : [], merges: [] };
}

const LEGACY_ASSOCIATION_TYPES: Record<string, string> = {
  CONTACT: '0-1',
  COMPANY: '0-2',
  DEAL: '0-3',
  INVOICE: '0-53',
};

/** Legacy association events name the pair as e.g. "CONTACT_TO_COMPANY". */
function typeIdFromAssociation(associationType: string | undefined, side: 0 | 1): string | undefined {
  const parts = associationType?.split('_TO_');
  return parts?.length === 2 ? LEGACY_ASSOCIATION_TYPES[parts[side] ?? ''] : undefined;
}
