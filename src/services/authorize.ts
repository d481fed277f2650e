// Who may run the admin verbs: the admin API's token holder, the CLI and jobs. Checked inside the verb,
// so a new caller (a Slack listener, say) cannot reach them by accident.

import { ForbiddenError } from '../domain/errors.ts';
import type { ServiceContext } from './context.ts';

export function assertAdmin(ctx: ServiceContext, what: string): void {
  if (ctx.actor.kind === 'admin' || ctx.actor.kind === 'system') return;
  throw new ForbiddenError(`Only an administrator can ${what}.`, {
    actor: `${ctx.actor.kind}:${ctx.actor.id}`,
  });
}
