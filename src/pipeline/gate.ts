// When a result fails the gate `--fail-on` sets: the one rule behind the exit code 1 of `scan` and `check`.
import type { CheckReport, ScanResult } from '../model/index.js';

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Findings reach the --fail-on level (on a diff, only new findings count). */
export function scanFails(result: ScanResult, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  const onlyNew = result.diff?.gate === 'new';
  const errors = onlyNew ? result.diff!.newErrors : result.summary.errors;
  const warnings = onlyNew ? result.diff!.newWarnings : result.summary.warnings;
  return errors > 0 || (failOn === 'warning' && warnings > 0);
}

/** The findings the packages add reach the --fail-on level. */
export function checkFails(report: CheckReport, failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return report.diff.findingsAdded.some((finding) => finding.severity === 'error' || (failOn === 'warning' && finding.severity === 'warning'));
}
