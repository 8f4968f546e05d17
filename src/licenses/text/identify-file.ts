// Bounded read of one file for identifyText: at most MAX_TEXT_BYTES, whatever the file's size; the
// file's name tells a side file of bundled notices (LICENSE.<name>) from the package's own terms.

import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { identifyText, MAX_TEXT_BYTES, type TextIdentification } from './identify.js';

export async function identifyFile(path: string): Promise<TextIdentification> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_TEXT_BYTES));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return identifyText(buffer.subarray(0, filled), { truncated: size > MAX_TEXT_BYTES, fileName: basename(path) });
  } finally {
    await handle.close();
  }
}
