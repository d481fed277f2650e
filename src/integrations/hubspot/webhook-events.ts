// HubSpot webhook batches: parsing (ids kept exact as text), the inbox key of each event, and what
// each event means for Creditline in neutral terms (which records to re-read, which were merged).

import { z } from 'zod';
import { BIGINT_MAX, findJsonProblem, safeText } from '../../lib/safe-input.ts';
import type { CrmObjectType } from '../crm.ts';

/** A HubSpot id: digits (as sent, or kept exact by the parser) or a safe integer; at most 2^63-1. */
const id = z
  .union([
    z.string().refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= BIGINT_MAX, 'must be an id'),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform(String);
const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const name = safeText(200);

const WebhookEvent = z.looseObject({
  eventId: id,
  subscriptionId: id,
  portalId: id.optional(),
  occurredAt: epochMs,
  subscriptionType: safeText(200, 1),
  attemptNumber: z.number().int().min(0).max(1_000).optional(),
  objectId: id.optional(),
  objectTypeId: name.optional(),
  propertyName: name.optional(),
  changeSource: name.optional(),
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).max(1_000).optional(),
  newObjectId: id.optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  fromObjectTypeId: name.optional(),
  toObjectTypeId: name.optional(),
  associationType: name.optional(),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** HubSpot sends at most 100 events a batch; far more is not HubSpot. */
export const MAX_WEBHOOK_BATCH = 1_000;
/** Events are flat objects with a few arrays; deeper nesting is not an event. */
const MAX_EVENT_DEPTH = 8;

/** Something in a signed body that can never be processed: kept with the reason, never retried. */
export interface RejectedWebhookInput {
  /** The event (or the whole body when it is not a batch); raw text when it is not JSON. */
  payload: unknown;
  reason: string;
}

export interface ParsedWebhookBody {
  events: WebhookEvent[];
  rejected: RejectedWebhookInput[];
}

const describe = (issues: z.core.$ZodIssue[]) =>
  issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`).join('; ');

/** Parses JSON keeping integers beyond 2^53 as their source digits, never rounded. */
function parseExactJson(body: string): unknown {
  return JSON.parse(body, (_key, value, context?: { source?: string }) =>
    typeof value === 'number' &&
    !Number.isSafeInteger(value) &&
    context?.source &&
    /^\d+$/.test(context.source)
      ? context.source
      : value,
  );
}

/**
 * Parses the raw body into events, each checked on its own: one bad event does not hold back the others,
 * and a body that is not a batch at all is one rejected input.
 */
export function parseWebhookBody(body: string): ParsedWebhookBody {
  let parsed: unknown;
  try {
    parsed = parseExactJson(body);
  } catch {
    // Not JSON, or nested so deep that parsing gave up.
    return { events: [], rejected: [{ payload: body, reason: 'the body is not JSON' }] };
  }
  if (!Array.isArray(parsed)) {
    return { events: [], rejected: [{ payload: body, reason: 'the body is not a JSON array of events' }] };
  }
  if (parsed.length > MAX_WEBHOOK_BATCH) {
    return {
      events: [],
      rejected: [{ payload: body, reason: `the batch holds more than ${MAX_WEBHOOK_BATCH} events` }],
    };
  }
  const result: ParsedWebhookBody = { events: [], rejected: [] };
  for (const candidate of parsed) {
    const unstorable = findJsonProblem(candidate, MAX_EVENT_DEPTH);
    if (unstorable) {
      const at = unstorable.path.join('.') || '(event)';
      result.rejected.push({ payload: candidate, reason: `${at}: ${unstorable.message}` });
      continue;
    }
    const event = WebhookEvent.safeParse(candidate);
    if (event.success) result.events.push(event.data);
    else result.rejected.push({ payload: candidate, reason: describe(event.error.issues) });
  }
  return result;
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
