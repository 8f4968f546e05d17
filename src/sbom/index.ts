export { toCycloneDx, type CycloneDxOptions } from './cyclonedx.js';
export { toSpdx, type SpdxOptions, type LicenseRefDescription } from './spdx.js';
