// Modal submissions: read the fields, run the verb as the submitting user, and either close the modal
// (then confirm ephemerally where the button was) or keep it open with the problem shown on the field.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { AppError, ValidationError } from '../../domain/errors.ts';
import type { ServiceContext } from '../../services/context.ts';
import { describeError, refreshHomeQuietly, serviceContextFor } from '../support.ts';

const targetSchema = z.object({
  companyId: z.uuid().optional(),
  invoiceId: z.uuid().optional(),
  channelId: z.string().optional(),
});
export type SubmissionTarget = z.infer<typeof targetSchema>;

type StateValue = {
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value?: string } | null;
};
export type FormValues = (blockId: string) => string | undefined;

export interface SubmissionSpec {
  /** Verb field → block id, so a validation issue lands under the right input. */
  fields: Record<string, string>;
  run(ctx: ServiceContext, target: SubmissionTarget, form: FormValues): Promise<string>;
}

export function registerSubmission(app: App, deps: AppDeps, callbackId: string, spec: SubmissionSpec): void {
  app.view(callbackId, async ({ ack, body, view, client }) => {
    const parsed = targetSchema.safeParse(safeJson(view.private_metadata));
    const state = view.state.values as Record<string, Record<string, StateValue>>;
    const form: FormValues = (blockId) => {
      const entry = state[blockId]?.value;
      const raw = entry?.value ?? entry?.selected_date ?? entry?.selected_option?.value ?? undefined;
      return raw === null || raw === undefined || raw === '' ? undefined : raw;
    };
    const firstBlock = Object.values(spec.fields)[0] ?? 'amount';
    if (!parsed.success) {
      await ack({
        response_action: 'errors',
        errors: { [firstBlock]: 'This form is out of date; open it again.' },
      });
      return;
    }
    let confirmation: string;
    try {
      confirmation = await spec.run(serviceContextFor(deps, body.user.id), parsed.data, form);
    } catch (error) {
      const errors: Record<string, string> = {};
      if (error instanceof ValidationError && error.issues.length) {
        for (const issue of error.issues) {
          const block = spec.fields[issue.path.split('.')[0] ?? ''] ?? firstBlock;
          errors[block] ??= error.issues.length === 1 ? error.message : `${issue.path}: ${issue.message}`;
        }
      } else {
        errors[firstBlock] = error instanceof AppError ? error.message : describeError(deps, error);
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    if (parsed.data.channelId) {
      try {
        await client.chat.postEphemeral({
          channel: parsed.data.channelId,
          user: body.user.id,
          text: confirmation,
        });
      } catch (error) {
        deps.logger.warn({ err: error }, 'confirmation could not be shown');
      }
    }
    await refreshHomeQuietly(client, deps, body.user.id);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
