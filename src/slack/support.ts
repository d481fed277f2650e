// What every listener shares: the verb context for the Slack user, reading button values, turning
// errors into a sentence for the person, opening modals and refreshing the App Home.

import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { AppError, CreditFileRefusedError } from '../domain/errors.ts';
import { refusalBlocks, refusalText } from '../integrations/slack/blocks/access.ts';
import { companyCardBlocks } from '../integrations/slack/blocks/company-card.ts';
import { homeView } from '../integrations/slack/blocks/home.ts';
import type { KnownBlock, ModalView } from '../integrations/slack/blocks/kit.ts';
import { errorBlocks } from '../integrations/slack/blocks/lists.ts';
import { readCreditFile } from '../services/collections/read/credit-file.ts';
import { homeLists } from '../services/collections/read/work-lists.ts';
import { type ServiceContext, serviceContextFor } from './context.ts';

export type SlackClient = webApi.WebClient;
export type { ServiceContext };
export { serviceContextFor };

const buttonValue = z.object({ companyId: z.uuid(), invoiceId: z.uuid().optional() });
export type ButtonValue = z.infer<typeof buttonValue>;

/** Button values come back from Slack: parse them like any other outside input. */
export function parseButtonValue(value: unknown): ButtonValue | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed = buttonValue.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A sentence for the person. AppErrors carry one; anything else is logged and kept vague. */
export function describeError(deps: AppDeps, error: unknown): string {
  if (error instanceof AppError) return error.message;
  deps.logger.error({ err: error }, 'slack action failed');
  return 'Something went wrong on our side; nothing was changed. Please try again in a minute.';
}

/** An error as a message: a refused credit file names who can see it; anything else as describeError. */
export function errorAnswer(deps: AppDeps, error: unknown): { text: string; blocks: KnownBlock[] } {
  if (error instanceof CreditFileRefusedError) {
    return { text: refusalText(error), blocks: refusalBlocks(error) };
  }
  const text = describeError(deps, error);
  return { text, blocks: errorBlocks(text) };
}

/** From a message, a modal opens; from inside a modal, it is pushed on top. */
export async function openModal(
  client: SlackClient,
  body: { trigger_id?: string; view?: unknown },
  view: ModalView,
) {
  if (!body.trigger_id) return;
  if (body.view) await client.views.push({ trigger_id: body.trigger_id, view });
  else await client.views.open({ trigger_id: body.trigger_id, view });
}

/** The card of one customer for this Slack user; the read verb refuses it if they may not see it. */
export async function cardBlocks(deps: AppDeps, userId: string, companyId: string): Promise<KnownBlock[]> {
  const card = await readCreditFile({ ctx: serviceContextFor(deps, userId), input: { companyId } });
  const base = deps.config.PUBLIC_BASE_URL?.replace(/\/$/, '');
  return companyCardBlocks({
    ...card,
    company: card.company,
    profile: card.profile,
    panelUrl: base ? `${base}/panel/companies/${companyId}` : undefined,
  });
}

/** Redraws one person's App Home (a direct call: it replaces a view, it posts nothing). */
export async function publishHome(client: SlackClient, deps: AppDeps, userId: string): Promise<void> {
  const lists = await homeLists({ ctx: serviceContextFor(deps, userId) });
  await client.views.publish({
    user_id: userId,
    view: homeView({
      atRisk: lists.atRisk,
      overdue: lists.overdue,
      approvals: lists.approvals.rows,
      grievances: lists.grievances.rows,
      hidden: { approvals: lists.approvals.hidden, grievances: lists.grievances.hidden },
      updatedAt: `${deps.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    }),
  });
}

/** After an action the App Home should show it; a failure here must not undo or hide the action. */
export async function refreshHomeQuietly(client: SlackClient, deps: AppDeps, userId: string): Promise<void> {
  try {
    await publishHome(client, deps, userId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'app home refresh failed');
  }
}
