// licit as a library: each command's pipeline, returning data. Nothing here finds a config file, writes
// an output or sets an exit code; cli/ does that around these calls.
export { scan, walkInventory, evaluateInventory, todayUtc, type ScanOptions, type EvaluationSettings } from './scan.js';
export { scanAgainstBase, type BaseScanOptions } from './scan-against-base.js';
export { check, type CheckOptions } from './check.js';
export { buildNotice, type NoticeOptions } from './notice.js';
export { renderReport, REPORT_FORMATS, type ReportFormat, type RenderContext } from './render.js';
export { scanFails, checkFails, FAIL_ON, type FailOn } from './gate.js';
export { licitVersion } from './version.js';
