/**
 * The unfinished upload of this browser, per signed-in user, in localStorage: enough to offer
 * "Resume upload of items.jsonl" after a reload and to know the same file when it is chosen
 * again (name, size and last-modified time all match). One at a time: a new file replaces it.
 */
const PREFIX = 'batchpulse.upload.';

export class ResumeStore {
  constructor(subject, storage = globalThis.localStorage) {
    this.key = PREFIX + (subject ?? 'anonymous');
    this.storage = storage;
  }

  /** {uploadId, fileName, size, lastModified, format, form} or null. */
  load() {
    try {
      const entry = JSON.parse(this.storage.getItem(this.key) ?? 'null');
      return entry && typeof entry.uploadId === 'string' && Number.isSafeInteger(entry.size) ? entry : null;
    } catch {
      return null;
    }
  }

  save(entry) {
    try {
      this.storage.setItem(this.key, JSON.stringify(entry));
    } catch {
      // private mode or full storage: the upload still works, it just cannot be resumed after a reload
    }
  }

  clear(uploadId) {
    const entry = this.load();
    if (!uploadId || entry?.uploadId === uploadId) {
      try {
        this.storage.removeItem(this.key);
      } catch {
        // nothing stored then either
      }
    }
  }
}

/** True if {@code file} is the file of {@code entry}. */
export function sameFile(entry, file) {
  return Boolean(entry && file) && entry.fileName === file.name && entry.size === file.size
    && entry.lastModified === file.lastModified;
}

export function describeFile(file) {
  return { fileName: file.name, size: file.size, lastModified: file.lastModified };
}
