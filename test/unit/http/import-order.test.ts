// The API's OpenAPI schemas must not depend on which module loaded first: a schema made with plain zod
// before @hono/zod-openapi extended it has no .openapi(). Here the input building blocks (through the
// webhook parser) load first, as they do when a job or the CLI starts before any route.

import { expect, it } from 'vitest';
import { parseWebhookBody } from '../../../src/integrations/hubspot/webhook-events.ts';

it('builds the admin API and its document after the input building blocks loaded first', async () => {
  expect(parseWebhookBody('[]').events).toEqual([]);
  const { adminApi } = await import('../../../src/routes/api/index.ts');
  const api = adminApi('x'.repeat(16));
  const response = await api.request('/openapi.json', {
    headers: { authorization: `Bearer ${'x'.repeat(16)}` },
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { components: { schemas: object } }).components.schemas).toHaveProperty(
    'CreditProfile',
  );
});
