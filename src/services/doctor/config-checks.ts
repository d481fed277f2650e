// Configuration and secrets for each enabled feature. Pure: reads only the parsed config, so readiness
// can run these on every probe.

import { enabledIntegrations } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import { type DoctorCheck, error, ok, warning } from './report.ts';

const SETUP = 'docs/hubspot-and-slack.md';

export function configChecks(config: Config): DoctorCheck[] {
  const enabled = enabledIntegrations(config);
  const checks: DoctorCheck[] = [];

  checks.push(
    config.ADMIN_API_TOKEN
      ? ok('config', 'config.admin', 'the admin API is on (ADMIN_API_TOKEN is set)')
      : warning(
          'config',
          'config.admin',
          'the admin API is off: ADMIN_API_TOKEN is not set',
          'set ADMIN_API_TOKEN to a random string of 16+ characters, e.g. `openssl rand -hex 32`',
        ),
  );

  if (!enabled.hubspot) {
    checks.push(
      warning(
        'config',
        'config.hubspot',
        config.HUBSPOT_CLIENT_SECRET
          ? 'HubSpot is off: HUBSPOT_CLIENT_SECRET is set but HUBSPOT_ACCESS_TOKEN is not'
          : 'HubSpot is off: HUBSPOT_ACCESS_TOKEN is not set',
        `copy the access token and client secret from the HubSpot app's Auth tab into HUBSPOT_ACCESS_TOKEN and HUBSPOT_CLIENT_SECRET (${SETUP})`,
      ),
    );
  } else if (!config.HUBSPOT_CLIENT_SECRET) {
    checks.push(
      error(
        'config',
        'config.hubspot',
        'HUBSPOT_CLIENT_SECRET is not set: every HubSpot webhook and card fetch is refused',
        "copy the client secret from the HubSpot app's Auth tab into HUBSPOT_CLIENT_SECRET",
      ),
    );
  } else {
    checks.push(ok('config', 'config.hubspot', 'HubSpot is on (access token and client secret are set)'));
  }

  if (config.PUBLIC_BASE_URL) {
    checks.push(ok('config', 'config.public_base_url', `PUBLIC_BASE_URL is ${config.PUBLIC_BASE_URL}`));
  } else if (enabled.hubspot) {
    checks.push(
      error(
        'config',
        'config.public_base_url',
        'PUBLIC_BASE_URL is not set: HubSpot signatures are checked over the public URL, so webhooks behind a proxy are refused',
        'set PUBLIC_BASE_URL to the origin HubSpot and Slack reach this service at, e.g. https://credit.example.com',
      ),
    );
  } else if (enabled.slack) {
    checks.push(
      warning(
        'config',
        'config.public_base_url',
        'PUBLIC_BASE_URL is not set: Slack cards have no Open panel link',
        'set PUBLIC_BASE_URL to the origin Slack users reach this service at',
      ),
    );
  }

  checks.push(
    enabled.slack
      ? ok('config', 'config.slack', 'Slack is on (bot token and signing secret are set)')
      : warning(
          'config',
          'config.slack',
          'Slack is off: SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set',
          `install the Slack app from manifest.json and set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (${SETUP})`,
        ),
  );
  if (enabled.slack && enabled.hubspot && !config.HUBSPOT_PORTAL_ID) {
    checks.push(
      warning(
        'config',
        'config.hubspot_portal_id',
        'HUBSPOT_PORTAL_ID is not set: Slack messages have no Open in HubSpot buttons',
        'set HUBSPOT_PORTAL_ID to the numeric HubSpot account id',
      ),
    );
  }
  return checks;
}
