// The app asks for exactly the scopes its calls need, and every HubSpot path lives in api-paths.ts.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_API_VERSION, hubspotPaths } from '../../../src/integrations/hubspot/api-paths.ts';
import {
  HUBSPOT_CALLS,
  hubspotCallFor,
  requiredHubspotScopes,
} from '../../../src/integrations/hubspot/scopes.ts';
import { projectScopes } from '../../msw/hubspot-gate.ts';

const SRC = new URL('../../../src/', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat().filter((file) => file.endsWith('.ts'));
}

describe('HubSpot scopes', () => {
  it('the project requires exactly the scopes the call table needs', () => {
    expect([...projectScopes()].sort()).toEqual(requiredHubspotScopes());
  });

  it('needs currencies, owners, invoices, engagement writes and account details, and no tickets yet', () => {
    expect(requiredHubspotScopes()).toEqual(
      expect.arrayContaining([
        'settings.currencies.read',
        'crm.objects.owners.read',
        'crm.objects.invoices.read',
        'crm.objects.contacts.write',
        'oauth',
      ]),
    );
    expect(requiredHubspotScopes()).not.toContain('tickets');
    const byCall = new Map(HUBSPOT_CALLS.map((entry) => [entry.call, entry.scope]));
    expect(byCall.get('tasks.create')).toBe('crm.objects.contacts.write');
    expect(byCall.get('notes.create')).toBe('crm.objects.contacts.write');
    expect(byCall.get('account.details')).toBe('oauth');
    expect(byCall.get('objects.batchUpdate deals')).toBe('crm.objects.deals.write');
  });

  it('finds the entry of a concrete request, with named segments matching any value', () => {
    const property = hubspotPaths.property('companies', 'creditline_credit_limit');
    expect(hubspotCallFor('GET', property)?.scope).toBe('crm.schemas.companies.read');
    expect(hubspotCallFor('PATCH', property)?.scope).toBe('crm.schemas.companies.write');
    expect(hubspotCallFor('GET', hubspotPaths.list('invoices'))?.call).toBe('objects.list invoices');
    expect(hubspotCallFor('GET', '/crm/v3/objects/companies')).toBeUndefined();
    expect(hubspotCallFor('DELETE', property)).toBeUndefined();
  });

  it('every call is on the one API version, and no other source file names a HubSpot path', async () => {
    for (const entry of HUBSPOT_CALLS) expect(entry.path, entry.call).toContain(`/${HUBSPOT_API_VERSION}`);
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      if (file.endsWith('integrations/hubspot/api-paths.ts')) continue;
      const text = await readFile(file, 'utf8');
      if (
        /\/(crm|settings|account-info|oauth|webhooks|app-webhooks)\/([a-z-]+\/)?(v\d+|\d{4}-\d{2})\b/.test(
          text,
        )
      ) {
        offenders.push(file.slice(SRC.length));
      }
    }
    expect(offenders).toEqual([]);
  });
});
