// Kept apart from the matcher so that readers can bound a read without loading the text index's code.

/** Only this much of a text is read. */
export const MAX_TEXT_BYTES = 1024 * 1024;
