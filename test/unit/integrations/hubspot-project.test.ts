// The HubSpot project files agree with what the service reads and verifies. The HubSpot CLI validates
// a project only against HubSpot's servers, so their documented shape is checked here, offline.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { READ_PROPERTIES } from '../../../src/integrations/hubspot/properties.ts';
import { requiredHubspotScopes } from '../../../src/integrations/hubspot/scopes.ts';

const json = async (path: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`../../../hubspot/${path}`, import.meta.url), 'utf8'));

/** Scope names HubSpot documents, for the features a Creditline install could ask for. */
const OBJECTS = ['companies', 'contacts', 'deals', 'invoices', 'owners', 'quotes', 'line_items', 'custom'];
const KNOWN_SCOPES = new Set([
  'oauth',
  'tickets',
  'e-commerce',
  'settings.currencies.read',
  'settings.currencies.write',
  ...OBJECTS.flatMap((object) => [`crm.objects.${object}.read`, `crm.objects.${object}.write`]),
  ...OBJECTS.flatMap((object) => [`crm.schemas.${object}.read`, `crm.schemas.${object}.write`]),
]);

const uid = z.string().regex(/^[a-z0-9_-]{1,64}$/i);
const httpsUrl = z.url({ protocol: /^https$/ });

const Project = z.strictObject({
  name: z.string().min(1),
  srcDir: z.literal('src'),
  platformVersion: z.literal('2026.09'),
});

const App = z.strictObject({
  uid,
  type: z.literal('app'),
  config: z.strictObject({
    name: z.string().min(1).max(200),
    description: z.string().max(1_000),
    distribution: z.literal('private'),
    isUserLevel: z.literal(false).optional(),
    auth: z.strictObject({
      type: z.literal('static'),
      // Redirect URLs belong to OAuth; static auth defines required scopes only.
      redirectUrls: z.array(z.never()).optional(),
      requiredScopes: z.array(z.string().refine((scope) => KNOWN_SCOPES.has(scope), 'unknown scope')).min(1),
      optionalScopes: z.array(z.never()),
      conditionallyRequiredScopes: z.array(z.never()),
    }),
    permittedUrls: z.strictObject({
      fetch: z.array(httpsUrl).min(1),
      iframe: z.array(httpsUrl),
      img: z.array(httpsUrl),
    }),
    support: z.strictObject({
      supportEmail: z.email(),
      documentationUrl: httpsUrl,
      supportUrl: httpsUrl,
      supportPhone: z.string(),
    }),
  }),
});

const EVENTS = ['creation', 'deletion', 'merge', 'restore', 'propertyChange', 'associationChange'] as const;
const LEGACY_OBJECTS = ['contact', 'company', 'deal', 'ticket', 'product', 'line_item'];
const Webhooks = z.strictObject({
  uid,
  type: z.literal('webhooks'),
  config: z.strictObject({
    settings: z.strictObject({
      targetUrl: httpsUrl,
      maxConcurrentRequests: z.number().int().min(5),
    }),
    subscriptions: z.strictObject({
      crmObjects: z
        .array(
          z.strictObject({
            subscriptionType: z.enum(EVENTS.map((event) => `object.${event}` as const)),
            objectType: z.string().regex(/^[a-z_]+$/),
            propertyName: z.string().min(1).optional(),
            active: z.boolean(),
          }),
        )
        .optional(),
      legacyCrmObjects: z
        .array(
          z.strictObject({
            subscriptionType: z.enum([
              ...LEGACY_OBJECTS.flatMap((object) => EVENTS.map((event) => `${object}.${event}`)),
              'contact.privacyDeletion',
            ]),
            propertyName: z.string().min(1).optional(),
            active: z.boolean(),
          }),
        )
        .optional(),
      hubEvents: z
        .array(
          z.strictObject({ subscriptionType: z.literal('contact.privacyDeletion'), active: z.boolean() }),
        )
        .optional(),
    }),
  }),
});

/** The scope a webhook subscription on an object type needs the app to hold. */
const SUBSCRIPTION_SCOPE: Record<string, string> = {
  company: 'crm.objects.companies.read',
  contact: 'crm.objects.contacts.read',
  deal: 'crm.objects.deals.read',
  invoice: 'crm.objects.invoices.read',
  ticket: 'tickets',
};

describe('hubspot/ project', () => {
  it('is a 2026.09 project in HubSpot’s documented shape', async () => {
    expect(Project.safeParse(await json('hsproject.json')).error).toBeUndefined();
  });

  it('has a private static-auth app that requires exactly the scopes its calls need', async () => {
    const app = App.parse(await json('src/app/app-hsmeta.json'));
    expect([...app.config.auth.requiredScopes].sort()).toEqual(requiredHubspotScopes());
    expect(new Set(app.config.auth.requiredScopes).size).toBe(app.config.auth.requiredScopes.length);
  });

  it('has webhooks in the documented shape, each subscription covered by a granted scope', async () => {
    const hooks = Webhooks.parse(await json('src/app/webhooks/webhooks-hsmeta.json'));
    const app = App.parse(await json('src/app/app-hsmeta.json'));
    for (const sub of hooks.config.subscriptions.crmObjects ?? []) {
      const scope = SUBSCRIPTION_SCOPE[sub.objectType];
      expect(
        scope && app.config.auth.requiredScopes.includes(scope),
        `${sub.objectType} needs ${scope}`,
      ).toBe(true);
    }
  });

  it('refuses what HubSpot would refuse', () => {
    expect(Project.safeParse({ name: 'creditline', srcDir: 'src', platformVersion: '2025.2' }).success).toBe(
      false,
    );
    const app = {
      uid: 'creditline_app',
      type: 'app',
      config: {
        name: 'Creditline',
        description: '',
        distribution: 'private',
        auth: {
          type: 'static',
          requiredScopes: ['crm.objects.companies.raed'],
          optionalScopes: [],
          conditionallyRequiredScopes: [],
        },
        permittedUrls: { fetch: ['https://example.com'], iframe: [], img: [] },
        support: {
          supportEmail: 'a@example.com',
          documentationUrl: 'https://example.com',
          supportUrl: 'https://example.com',
          supportPhone: '',
        },
      },
    };
    expect(App.safeParse(app).success).toBe(false);
    const hooks = {
      uid: 'hooks',
      type: 'webhooks',
      config: {
        settings: { targetUrl: 'https://example.com/hubspot/webhooks', maxConcurrentRequests: 10 },
        subscriptions: {
          crmObjects: [{ subscriptionType: 'object.created', objectType: 'company', active: true }],
        },
      },
    };
    expect(Webhooks.safeParse(hooks).success).toBe(false);
  });

  it('subscribes to property changes only of properties the sync reads, and targets the webhook route', async () => {
    const hooks = Webhooks.parse(await json('src/app/webhooks/webhooks-hsmeta.json'));
    expect(new URL(hooks.config.settings.targetUrl).pathname).toBe('/hubspot/webhooks');
    const read: Record<string, readonly string[]> = {
      company: READ_PROPERTIES.companies,
      contact: READ_PROPERTIES.contacts,
      deal: READ_PROPERTIES.deals,
      invoice: READ_PROPERTIES.invoices,
    };
    const subscriptions = hooks.config.subscriptions.crmObjects ?? [];
    for (const sub of subscriptions.filter((s) => s.subscriptionType === 'object.propertyChange')) {
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
