// Credit write-back as batch updates of up to 100 records, each record settled on its own. From the
// 2026-09 API HubSpot checks writes against the portal's validation rules, so one record can be
// refused while the rest are fine. Per-record errors come in `errors[]` (on 200 or 207 alike); a
// whole batch refused with a 400 or 404 is resent without the records it names, or halved until the
// refused record stands alone. Records HubSpot no longer has are `missing`, records it refused are
// `refused` with its reason, records it said nothing definite about are `unsettled`; 5xx, 429 and
// network failures throw, so the caller retries the whole batch.

import type { CreditObjectType, CreditRefusal, CreditUpdate, CreditUpdateResult } from '../crm.ts';
import { hubspotPaths } from './api-paths.ts';
import { CREDIT_OBJECT, toHubspotProperties } from './credit-properties.ts';
import { HubspotRequestError } from './errors.ts';
import type { HubspotHttp } from './http.ts';

interface BatchError {
  category?: string;
  message?: string;
  id?: string | number;
  context?: { ids?: unknown; id?: unknown };
}

interface BatchBody {
  results?: { id?: string | number }[];
  errors?: BatchError[];
}

/** Per-record categories that say "not now" rather than "never": the record is tried again. */
const PASSING = new Set(['RATE_LIMITS', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'TIMEOUT']);
const NOT_FOUND = 'OBJECT_NOT_FOUND';

const empty = (): CreditUpdateResult => ({ updated: [], missing: [], refused: [], unsettled: [] });

function merge(into: CreditUpdateResult, from: CreditUpdateResult): CreditUpdateResult {
  into.updated.push(...from.updated);
  into.missing.push(...from.missing);
  into.refused.push(...from.refused);
  into.unsettled.push(...from.unsettled);
  return into;
}

function idsOf(entry: BatchError): string[] {
  const ids = Array.isArray(entry.context?.ids) ? entry.context.ids.map(String) : [];
  for (const single of [entry.id, entry.context?.id]) {
    if (typeof single === 'string' || typeof single === 'number') ids.push(String(single));
  }
  return ids;
}

export async function updateCredit(
  http: HubspotHttp,
  type: CreditObjectType,
  updates: readonly CreditUpdate[],
): Promise<CreditUpdateResult> {
  if (updates.length === 0) return empty();
  const sent = updates.map((update) => ({
    id: update.crmId,
    properties: toHubspotProperties(type, update.values),
  }));
  const refusal = (crmId: string, category: string, message: string): CreditRefusal => ({
    crmId,
    category,
    message,
    properties: sent.find((input) => input.id === crmId)?.properties ?? {},
  });
  let body: BatchBody;
  try {
    const response = await http.request({
      method: 'POST',
      path: hubspotPaths.batchUpdate(CREDIT_OBJECT[type]),
      body: { inputs: sent },
    });
    body = (response.body ?? {}) as BatchBody;
  } catch (error) {
    if (!(error instanceof HubspotRequestError) || error.retryable) throw error;
    if (error.httpStatus !== 400 && error.httpStatus !== 404) throw error;
    return settleRefusedBatch(http, type, updates, error, refusal);
  }
  return settleResponse(http, type, updates, body, refusal);
}

/** A whole batch answered 400/404: set aside what the error names, or halve until it names one. */
async function settleRefusedBatch(
  http: HubspotHttp,
  type: CreditObjectType,
  updates: readonly CreditUpdate[],
  error: HubspotRequestError,
  refusal: (crmId: string, category: string, message: string) => CreditRefusal,
): Promise<CreditUpdateResult> {
  const category = error.category ?? `HTTP_${error.httpStatus}`;
  const message = error.hubspotMessage ?? error.message;
  const gone = category === NOT_FOUND || error.httpStatus === 404;
  const named = new Set(error.contextIds);
  const set = updates.filter((update) => named.has(update.crmId));
  const rest = updates.filter((update) => !named.has(update.crmId));
  const result = empty();
  if (set.length === 0) {
    if (updates.length > 1) return halve(http, type, updates);
    set.push(...updates);
    rest.length = 0;
  }
  for (const update of set) {
    if (gone) result.missing.push(update.crmId);
    else result.refused.push(refusal(update.crmId, category, message));
  }
  return merge(result, await updateCredit(http, type, rest));
}

function settleResponse(
  http: HubspotHttp,
  type: CreditObjectType,
  updates: readonly CreditUpdate[],
  body: BatchBody,
  refusal: (crmId: string, category: string, message: string) => CreditRefusal,
): Promise<CreditUpdateResult> | CreditUpdateResult {
  const result = empty();
  const pending = new Set(updates.map((update) => update.crmId));
  const settle = (crmId: string, into: () => void) => {
    if (!pending.delete(crmId)) return;
    into();
  };
  for (const entry of body.results ?? []) {
    const id = String(entry.id);
    settle(id, () => result.updated.push(id));
  }
  const unnamed: BatchError[] = [];
  for (const entry of body.errors ?? []) {
    const ids = idsOf(entry);
    if (ids.length === 0) unnamed.push(entry);
    for (const id of ids) settle(id, () => classify(result, id, entry, refusal));
  }
  const left = updates.filter((update) => pending.has(update.crmId));
  if (left.length === 0) return result;
  const [only] = left;
  const [firstUnnamed] = unnamed;
  if (!firstUnnamed) {
    // HubSpot neither took them nor said why: a passing failure, tried again later.
    result.unsettled.push(...left.map((update) => update.crmId));
    return result;
  }
  if (left.length === 1 && only) {
    classify(result, only.crmId, firstUnnamed, refusal);
    return result;
  }
  // Errors that name no record, for several records: send those alone until each error has its record.
  return halve(http, type, left).then((rest) => merge(result, rest));
}

function classify(
  result: CreditUpdateResult,
  crmId: string,
  entry: BatchError,
  refusal: (crmId: string, category: string, message: string) => CreditRefusal,
): void {
  const category = entry.category ?? 'ERROR';
  if (category === NOT_FOUND) result.missing.push(crmId);
  else if (PASSING.has(category)) result.unsettled.push(crmId);
  else result.refused.push(refusal(crmId, category, entry.message ?? 'no message'));
}

async function halve(
  http: HubspotHttp,
  type: CreditObjectType,
  updates: readonly CreditUpdate[],
): Promise<CreditUpdateResult> {
  const middle = Math.ceil(updates.length / 2);
  const first = await updateCredit(http, type, updates.slice(0, middle));
  return merge(first, await updateCredit(http, type, updates.slice(middle)));
}
