// Action, view and block ids: the contract between the Block Kit builders and the listeners.

export const ACTIONS = {
  logPromise: 'collections.log_promise',
  snooze: 'collections.snooze',
  markDisputed: 'collections.mark_disputed',
  escalate: 'collections.escalate',
  openHubspot: 'collections.open_hubspot',
  requestLimit: 'credit.request_limit',
  openGrievance: 'credit.open_grievance',
  openPanel: 'credit.open_panel',
  pickCompany: 'credit.pick_company',
} as const;

export const VIEWS = {
  promise: 'collections.promise_modal',
  snooze: 'collections.snooze_modal',
  limitIncrease: 'credit.limit_modal',
  grievance: 'credit.grievance_modal',
  lookup: 'credit.lookup_modal',
} as const;

export const SHORTCUTS = {
  lookup: 'credit.lookup',
  grievanceFromMessage: 'credit.grievance_from_message',
} as const;
