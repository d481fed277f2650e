import { createHubspotCrm } from '../../integrations/hubspot/client.ts';
import type { CliCommand } from '../command.ts';

export const hubspotCommand: CliCommand = {
  name: 'hubspot',
  usage: 'creditline hubspot setup',
  summary: 'Create the "Credit" property group and properties on HubSpot companies and deals (idempotent)',
  async run(args, env) {
    const [action] = args;
    if (action !== 'setup') {
      env.io.err(`Unknown hubspot action "${action ?? ''}".\n${hubspotCommand.usage}`);
      return 2;
    }
    if (!env.config.HUBSPOT_ACCESS_TOKEN) {
      env.io.err('HubSpot is not configured: set HUBSPOT_ACCESS_TOKEN (see docs/hubspot-and-slack.md).');
      return 2;
    }
    const result = await createHubspotCrm(env.config).ensureCreditProperties();
    for (const name of result.created) env.io.out(`created   ${name}`);
    for (const name of result.updated) env.io.out(`updated   ${name}`);
    env.io.out(
      `${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} already up to date`,
    );
    return 0;
  },
};
