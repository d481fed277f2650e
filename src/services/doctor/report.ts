// The doctor's report: one line per check, ok / warning / error, with the fix in one sentence.

export type DoctorStatus = 'ok' | 'warning' | 'error';
export type DoctorArea = 'config' | 'database' | 'slack' | 'outbox' | 'hubspot';

export interface DoctorCheck {
  area: DoctorArea;
  /** Stable name of the check, e.g. `slack.scope`; several lines may share one. */
  check: string;
  status: DoctorStatus;
  /** What was found, without a closing full stop. */
  message: string;
  /** What to do about it, one sentence; absent when all is well. */
  fix?: string;
}

export interface DoctorReport {
  /** The worst status of any check. */
  status: DoctorStatus;
  errors: number;
  warnings: number;
  checkedAt: Date;
  checks: DoctorCheck[];
}

export const ok = (area: DoctorArea, check: string, message: string): DoctorCheck => ({
  area,
  check,
  status: 'ok',
  message,
});

export const warning = (area: DoctorArea, check: string, message: string, fix: string): DoctorCheck => ({
  area,
  check,
  status: 'warning',
  message,
  fix,
});

export const error = (area: DoctorArea, check: string, message: string, fix: string): DoctorCheck => ({
  area,
  check,
  status: 'error',
  message,
  fix,
});

export function doctorReport(checks: DoctorCheck[], checkedAt: Date): DoctorReport {
  const errors = checks.filter((line) => line.status === 'error').length;
  const warnings = checks.filter((line) => line.status === 'warning').length;
  return {
    status: errors ? 'error' : warnings ? 'warning' : 'ok',
    errors,
    warnings,
    checkedAt,
    checks,
  };
}

/** "1 error, 2 warnings" */
export function countsText(report: Pick<DoctorReport, 'errors' | 'warnings'>): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`;
}

/**
 * The message of a thrown value, for a report line. Wrappers (a query builder's "Failed query: …")
 * hide the reason in their cause, so the innermost message is the one shown.
 */
export function reason(thrown: unknown): string {
  let current = thrown;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  return current.message || (typeof code === 'string' ? code : current.name);
}
