import { ApiError } from '../api.js';
import { currentSession } from '../auth.js';
import { formatBytes, formatCount, formatPercent } from '../format.js';
import { h, icon, setAttr } from '../ui/dom.js';
import { ChunkedUpload, UploadGoneError, uploadFormat } from '../upload/chunked-upload.js';
import { ResumeStore, describeFile, sameFile } from '../upload/resume-store.js';
import { uploadsApi } from '../upload/upload-client.js';
import { UploadPanel } from './upload-panel.js';

const SHOWN_BAD_LINES = 10;
const BAD_LINE = /^line (\d+): ([\s\S]*)$/i;

/**
 * The file half of the items field. A JSONL or CSV file is not read here: it starts uploading in
 * chunks as soon as it is chosen or dropped (while the rest of the form is filled in), and the
 * server reads it when the batch is created, so files have no item limit. An upload cut short by
 * a reload is offered again ("Resume upload of items.jsonl (43 %)") and continues from the
 * server's offset when the same file is chosen.
 *
 * onFile(file) hands any other file (a JSON array) back to the form, which reads it as before.
 */
export class FileUpload {
  constructor({ onFile, onChange }) {
    this.onFile = onFile;
    this.onChange = onChange;
    this.store = new ResumeStore(currentSession()?.subject);
    this.resumable = null;
    this.current = null;
    this.alive = true;

    this.pill = h('div', { class: 'file-pill', hidden: true, 'data-testid': 'file-pill' });
    this.panel = new UploadPanel({ onRetry: () => this.restart() });
    this.skipInvalid = h('input', { type: 'checkbox', class: 'checkbox', id: 'f-skipInvalid', name: 'skipInvalid' });
    this.skipField = h('label', { class: 'check check--sm skip-invalid', hidden: true, for: 'f-skipInvalid' }, this.skipInvalid,
      h('span', {}, h('strong', {}, 'Skip invalid lines'),
        ' — create the batch from the good lines and keep a report of the others'));
    this.badLines = h('div', { class: 'bad-lines', hidden: true, 'data-testid': 'bad-lines', role: 'alert', tabindex: -1 });
    this.resumeText = h('p', {});
    this.resumeBanner = h('div', { class: 'resume', hidden: true, 'data-testid': 'upload-resume', role: 'status' },
      icon('upload', 'resume__icon'),
      h('div', { class: 'resume__text' }, this.resumeText,
        h('p', { class: 'field__hint' }, 'Choose or drop the same file to continue where it stopped. Choosing another file discards it.')),
      h('button', { type: 'button', class: 'btn btn--ghost btn--sm', onclick: () => this.discardResumable() }, icon('x'), 'Discard'));
    this.element = h('div', { class: 'file-upload' }, this.resumeBanner, this.pill, this.panel.element, this.skipField, this.badLines);
    this.offerResume();
  }

  /** True while a file (not pasted text) provides the items. */
  get active() {
    return Boolean(this.current);
  }

  /** Any file chosen or dropped: JSONL and CSV upload, anything else goes back to the form. */
  choose(file) {
    const format = uploadFormat(file.name);
    if (!format) {
      this.onFile(file);
      return;
    }
    if (this.current && sameFile(describeFile(this.current.file), file)) {
      return;
    }
    this.remove({ discard: true });
    const entry = this.resumable;
    const resume = sameFile(entry?.stored, file) ? entry : null;
    if (entry && !resume) {
      this.discardResumable();
    }
    this.resumeBanner.hidden = true;
    // without a view (the server could not be asked on open) the id is enough: HEAD tells the offset
    const upload = resume ? (resume.view ?? { id: resume.stored.uploadId }) : null;
    this.current = { file, format, upload, promise: null, done: false };
    this.resumable = null;
    this.skipField.hidden = false;
    this.renderPill(file, format, resume);
    this.start();
    this.onChange?.();
  }

  /** Resolves to the upload's id once every byte is on the server (starting it again if it failed). */
  async ready() {
    if (!this.current) {
      throw new Error('No file chosen.');
    }
    const current = this.current;
    if (!current.promise) {
      this.start();
    }
    await current.promise;
    if (this.current !== current) {
      throw new DOMException('The file was removed', 'AbortError');
    }
    return current.upload.id;
  }

  /** The create body's extra field for a file. */
  get options() {
    return { skipInvalid: this.skipInvalid.checked };
  }

  /** The batch exists: the upload is used up and nothing is left to resume. */
  created() {
    if (this.current?.upload) {
      this.store.clear(this.current.upload.id);
    }
  }

  /** The API refused the file's lines (400 with "line N: reason" details): true if it did. */
  showBadLines(error) {
    const lines = (error.details ?? []).map((detail) => BAD_LINE.exec(detail)).filter(Boolean)
      .map(([, line, reason]) => ({ line: Number(line), reason }));
    if (!lines.length) {
      return false;
    }
    const total = Math.max(lines.length, Number.parseInt(String(error.message).replace(/[^\d\s]/g, '').trim(), 10) || 0);
    const more = total - Math.min(lines.length, SHOWN_BAD_LINES);
    this.badLines.hidden = false;
    this.badLines.replaceChildren(...[
      h('p', { class: 'bad-lines__title' }, icon('alert'), h('span', {}, error.message)),
      h('ul', { class: 'bad-lines__list' }, lines.slice(0, SHOWN_BAD_LINES).map(({ line, reason }) => h('li', { class: 'bad-line' },
        h('span', { class: 'bad-line__number mono' }, `Line ${formatCount(line)}`), h('span', { class: 'bad-line__reason' }, reason)))),
      more > 0 ? h('p', { class: 'bad-lines__more muted' }, `and ${formatCount(more)} more`) : null,
      h('p', { class: 'field__hint' }, 'Fix the file and choose it again, or tick “Skip invalid lines” to start the batch from the good lines.'),
    ].filter(Boolean));
    this.badLines.focus();
    return true;
  }

  clearErrors() {
    this.badLines.hidden = true;
    this.badLines.replaceChildren();
  }

  /** The remove button: stops sending and frees the server's copy. */
  remove({ discard = true } = {}) {
    const current = this.current;
    if (!current) {
      return;
    }
    this.current = null;
    current.engine?.abort();
    if (discard && current.upload && !current.done) {
      this.store.clear(current.upload.id);
      uploadsApi.remove(current.upload.id).catch(() => {});
    }
    this.pill.hidden = true;
    this.skipField.hidden = true;
    this.panel.hide();
    this.clearErrors();
    this.onChange?.();
  }

  /** The page goes away: stop sending, but keep what the server has for a resume. */
  dispose() {
    this.alive = false;
    this.current?.engine?.abort();
  }

  start() {
    const current = this.current;
    const engine = new ChunkedUpload(current.file, {
      client: uploadsApi,
      upload: current.upload,
      format: current.format,
      onCreated: (view) => {
        current.upload = view;
        this.store.save({ uploadId: view.id, ...describeFile(current.file), format: current.format });
      },
      onProgress: (progress) => this.alive && this.current === current && this.panel.progress(progress),
      onRetry: (retry) => this.alive && this.current === current && this.panel.retrying(retry),
    });
    current.engine = engine;
    current.done = false;
    this.panel.starting(current.file, Boolean(current.upload));
    current.promise = engine.run().then((view) => {
      current.upload = view;
      current.done = true;
      if (this.current === current) {
        this.panel.done(current.file, engine.chunks);
      }
    }, (error) => {
      current.promise = null;
      if (error.name === 'AbortError') {
        throw error;
      }
      if (error instanceof UploadGoneError) {
        this.store.clear(current.upload?.id);
        current.upload = null;
      }
      if (this.current === current && this.alive) {
        this.panel.failed(uploadProblem(error), !(error instanceof ApiError) || error.transient || error.status === 409);
      }
      throw error;
    });
    // the form awaits it on submit; until then a failure shows in the panel only
    current.promise.catch(() => {});
  }

  restart() {
    if (this.current && !this.current.promise) {
      this.start();
    }
  }

  async offerResume() {
    const stored = this.store.load();
    if (!stored) {
      return;
    }
    let view = null;
    try {
      view = await uploadsApi.get(stored.uploadId);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
        this.store.clear(stored.uploadId);
        return;
      }
    }
    if (!this.alive || this.current || (view && view.state === 'batched')) {
      if (view?.state === 'batched') {
        this.store.clear(stored.uploadId);
      }
      return;
    }
    this.resumable = { stored, view };
    const percent = view && stored.size > 0 ? Math.floor((view.offset / stored.size) * 100) : null;
    this.resumeText.replaceChildren(h('strong', {}, `Resume upload of ${stored.fileName}`),
      percent === null ? '' : ` (${percent} %)`,
      h('span', { class: 'muted' }, ` · ${formatBytes(view?.offset ?? NaN)} of ${formatBytes(stored.size)}`));
    this.resumeBanner.hidden = false;
  }

  discardResumable() {
    const entry = this.resumable;
    this.resumable = null;
    this.resumeBanner.hidden = true;
    if (entry) {
      this.store.clear(entry.stored.uploadId);
      uploadsApi.remove(entry.stored.uploadId).catch(() => {});
    }
  }

  renderPill(file, format, resume) {
    this.pill.hidden = false;
    const resumeAt = resume?.view && file.size > 0 ? resume.view.offset / file.size * 100 : null;
    this.pill.replaceChildren(...[icon('file'), h('span', { class: 'file-pill__name' }, file.name),
      h('span', { class: 'muted' }, `${formatBytes(file.size)} · ${format.toUpperCase()}`),
      resumeAt === null ? null : h('span', { class: 'pill pill--info' }, `resuming at ${formatPercent(resumeAt)}`),
      h('button', { type: 'button', class: 'btn btn--ghost btn--sm', onclick: () => this.remove(), 'aria-label': `Remove ${file.name}` }, icon('x'))]
      .filter(Boolean));
    setAttr(this.pill, 'data-format', format);
  }
}

function uploadProblem(error) {
  if (error instanceof UploadGoneError) {
    return error.message;
  }
  if (error instanceof ApiError && error.status === 413) {
    return `The file is too large: ${error.message}`;
  }
  if (error instanceof ApiError && error.details?.length) {
    return `${error.message} ${error.details.join(' · ')}`;
  }
  return error.message ?? String(error);
}
