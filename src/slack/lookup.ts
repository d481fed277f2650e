// Answers "which customer?" the same way for /credit, `status <name>` and the lookup shortcut: a card
// for one match, a pick list for several, a clear sentence for none.

import type { AppDeps } from '../deps.ts';
import { companyPickerBlocks } from '../integrations/slack/blocks/company-card.ts';
import type { KnownBlock } from '../integrations/slack/blocks/kit.ts';
import { errorBlocks } from '../integrations/slack/blocks/lists.ts';
import { findCompanies } from '../services/collections/read/find-companies.ts';
import { cardBlocks, errorAnswer, serviceContextFor } from './support.ts';

export interface LookupAnswer {
  text: string;
  blocks: KnownBlock[];
}

export async function lookupAnswer(deps: AppDeps, userId: string, query: string): Promise<LookupAnswer> {
  try {
    const result = await findCompanies({ ctx: serviceContextFor(deps, userId), input: { query } });
    if (result.kind === 'none') {
      const text = `No customer matches “${query}”. Try part of the name or the web domain.`;
      return { text, blocks: errorBlocks(text) };
    }
    if (result.kind === 'many') {
      return {
        text: `Several customers match “${query}”.`,
        blocks: companyPickerBlocks(query, result.matches),
      };
    }
    return {
      text: `Credit card for ${result.company.name}`,
      blocks: await cardBlocks(deps, userId, result.company.id),
    };
  } catch (error) {
    return errorAnswer(deps, error);
  }
}
