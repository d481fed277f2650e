import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeSignedUri,
  signHubspotV3,
  verifyHubspotV3,
} from '../../../src/integrations/hubspot/signature.ts';

const documented = (secret: string, source: string) =>
  createHmac('sha256', secret).update(source).digest('base64');

describe('HubSpot signature v3', () => {
  it('decodes exactly the characters HubSpot lists, in either case, and nothing else', () => {
    expect(decodeSignedUri('https://x.io/a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm')).toBe(
      "https://x.io/a:b/c?d@e!f$g'h(i)j*k,l;m",
    );
    expect(decodeSignedUri('https://x.io/?q=a%3ab%2fc')).toBe('https://x.io/?q=a:b/c');
    expect(decodeSignedUri('https://x.io/?q=a%20b%26c%3Dd%25')).toBe('https://x.io/?q=a%20b%26c%3Dd%25');
  });

  it('signs method + decoded URI + body + timestamp with HMAC-SHA256, base64', async () => {
    const request = {
      method: 'POST',
      uri: 'https://credit.example.com/hubspot/webhooks?x=%3A',
      body: '[{"eventId":1}]',
      timestamp: '1764158400000',
    };
    expect(await signHubspotV3('s3cret', request)).toBe(
      documented('s3cret', 'POSThttps://credit.example.com/hubspot/webhooks?x=:[{"eventId":1}]1764158400000'),
    );
  });

  it('judges freshness in both directions and reports a missing header', async () => {
    const now = new Date(1_764_158_400_000);
    const base = { method: 'POST', uri: 'https://a.b/hubspot/webhooks', body: '[]' };
    const sign = async (timestamp: string) => ({
      ...base,
      timestamp,
      signature: await signHubspotV3('k', { ...base, timestamp }),
    });
    expect(await verifyHubspotV3('k', await sign(String(now.getTime() - 299_000)), now)).toBe('valid');
    expect(await verifyHubspotV3('k', await sign(String(now.getTime() - 301_000)), now)).toBe('stale');
    expect(await verifyHubspotV3('k', await sign(String(now.getTime() + 301_000)), now)).toBe('stale');
    expect(
      await verifyHubspotV3('k', { ...base, timestamp: String(now.getTime()), signature: undefined }, now),
    ).toBe('missing');
    expect(await verifyHubspotV3('other', await sign(String(now.getTime())), now)).toBe('mismatch');
  });
});
