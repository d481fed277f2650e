// The HubSpot project files agree with what the service reads and verifies.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { READ_PROPERTIES } from '../../../src/integrations/hubspot/properties.ts';

const json = async (path: string) =>
  JSON.parse(await readFile(new URL(`../../../hubspot/${path}`, import.meta.url), 'utf8'));

describe('hubspot/ project', () => {
  it('is a 2025.2 project with a static-auth app and the scopes the adapter needs', async () => {
    expect(await json('hsproject.json')).toMatchObject({ srcDir: 'src', platformVersion: '2025.2' });
    const app = await json('src/app/app-hsmeta.json');
    expect(app).toMatchObject({ type: 'app', config: { distribution: 'private', auth: { type: 'static' } } });
    expect(app.config.auth.requiredScopes).toEqual(
      expect.arrayContaining([
        'crm.objects.companies.write',
        'crm.objects.deals.write',
        'crm.objects.contacts.write',
        'crm.objects.owners.read',
        'crm.objects.invoices.read',
        'crm.schemas.companies.write',
        'crm.schemas.deals.write',
      ]),
    );
    expect(app.config.permittedUrls.fetch.length).toBeGreaterThan(0);
  });

  it('subscribes to property changes only of properties the sync reads, and targets the webhook route', async () => {
    const hooks = await json('src/app/webhooks/webhooks-hsmeta.json');
    expect(new URL(hooks.config.settings.targetUrl).pathname).toBe('/hubspot/webhooks');
    const read: Record<string, readonly string[]> = {
      company: READ_PROPERTIES.companies,
      contact: READ_PROPERTIES.contacts,
      deal: READ_PROPERTIES.deals,
      invoice: READ_PROPERTIES.invoices,
    };
    const subscriptions = hooks.config.subscriptions.crmObjects as {
      subscriptionType: string;
      objectType: string;
      propertyName?: string;
    }[];
    for (const sub of subscriptions.filter(
      (s) => s.subscriptionType === 'object.propertyChange' && s.objectType !== 'ticket',
    )) {
      expect(read[sub.objectType], `${sub.objectType}.${sub.propertyName}`).toContain(sub.propertyName);
    }
    for (const object of ['company', 'contact', 'deal']) {
      for (const kind of ['object.creation', 'object.deletion', 'object.merge', 'object.associationChange']) {
        expect(
          subscriptions.some((s) => s.objectType === object && s.subscriptionType === kind),
          `${object} ${kind}`,
        ).toBe(true);
      }
    }
  });
});
