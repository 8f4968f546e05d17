const LICENSE_FILE_NAME = /^(?:.*[-_.])?(?:licen[cs]e|copying|notice|unlicense|copyright)(?:[-_.].*)?$/i;
const NOT_A_LICENSE_FILE = /\.(?:js|cjs|mjs|ts|cts|mts|jsx|tsx|json|map|node|png|svg|jpe?g|gif|css|html?|sh|py)$/i;
const MODEL_WEIGHTS = /\.(gguf|safetensors)$/i;

/** LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE… in any case, but not code that merely has the word. */
export function isLicenseFileName(name: string): boolean {
  return LICENSE_FILE_NAME.test(name) && !NOT_A_LICENSE_FILE.test(name);
}

/** Model weight files, the only model artifacts looked for inside installed packages. */
export function isModelWeightFileName(name: string): boolean {
  return MODEL_WEIGHTS.test(name);
}

const MODEL_DIRECTORY = /^(models?|weights|checkpoints)$/i;

/** Folders of an installed package where shipped model weights usually sit. */
export function isModelDirectoryName(name: string): boolean {
  return MODEL_DIRECTORY.test(name);
}
