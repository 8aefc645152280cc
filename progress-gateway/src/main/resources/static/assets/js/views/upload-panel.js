import { formatByteRate, formatBytes, formatCount, formatPercent, formatTimeLeft } from '../format.js';
import { h, icon, setAttr, setText } from '../ui/dom.js';

/**
 * The upload's progress under the file: "Chunk 3 of 19 — 24.0 MB of 150.0 MB — 12.3 MB/s —
 * about 10 s left" over a bar. Bytes move many times a second, so the text and bar are drawn
 * once per frame; screen readers hear only the milestones (each chunk, a retry, the end)
 * through a polite live region.
 */
export class UploadPanel {
  constructor({ onRetry }) {
    this.status = h('p', { class: 'upload__status', 'data-testid': 'upload-status' });
    this.percent = h('span', { class: 'upload__percent', 'data-testid': 'upload-percent' });
    this.fill = h('div', { class: 'progress__fill' });
    this.bar = h('div', {
      class: 'progress progress--thin', role: 'progressbar', 'aria-label': 'Upload progress', 'aria-valuemin': '0',
      'aria-valuemax': '100', 'aria-valuenow': '0', 'data-testid': 'upload-bar', 'data-tone': 'info',
    }, this.fill);
    this.note = h('p', { class: 'upload__note', hidden: true, 'data-testid': 'upload-note' });
    this.retryButton = h('button', { type: 'button', class: 'btn btn--secondary btn--sm', hidden: true, onclick: onRetry },
      icon('retry'), 'Try again');
    this.announcer = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'upload-announcer' });
    this.element = h('div', { class: 'upload', hidden: true, role: 'group', 'aria-label': 'File upload', 'data-testid': 'upload-progress' },
      h('div', { class: 'upload__top' }, this.status, this.percent),
      this.bar,
      h('div', { class: 'upload__footer' }, this.note, this.retryButton),
      this.announcer);
    this.pending = null;
    this.frame = 0;
    this.announcedChunk = 0;
    this.retries = 0;
  }

  hide() {
    this.element.hidden = true;
    this.cancelFrame();
  }

  starting(file, resuming) {
    this.element.hidden = false;
    this.element.dataset.state = 'uploading';
    this.announcedChunk = 0;
    this.retries = 0;
    this.setNote(null);
    this.retryButton.hidden = true;
    setText(this.status, resuming ? `Asking the server how much of ${file.name} it has…` : `Starting the upload of ${file.name}…`);
    this.draw({ sent: 0, size: file.size });
  }

  progress(progress) {
    if (progress.event === 'chunk' && this.note.dataset.tone === 'warning') {
      this.setNote('info', `Recovered: ${this.retries === 1 ? 'a chunk was' : `${formatCount(this.retries)} chunks were`} sent again from the server's offset.`);
    }
    this.pending = progress;
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        const latest = this.pending;
        this.pending = null;
        if (latest && this.element.dataset.state === 'uploading') {
          this.draw(latest);
        }
      });
    }
  }

  retrying({ attempt, delayMs, error }) {
    this.element.dataset.state = 'uploading';
    this.retries++;
    this.setNote('warning', `${error.message} Trying again in ${Math.max(1, Math.round(delayMs / 1000))} s (attempt ${attempt + 1}), from where the server stopped.`);
    this.announce(`Upload interrupted; trying again in ${Math.max(1, Math.round(delayMs / 1000))} seconds.`);
  }

  done(file, chunks) {
    this.cancelFrame();
    this.element.dataset.state = 'done';
    this.draw({ sent: file.size, size: file.size });
    setText(this.status, `Uploaded ${formatBytes(file.size)} in ${formatCount(chunks)} ${chunks === 1 ? 'chunk' : 'chunks'}`);
    this.bar.dataset.tone = 'success';
    const retried = this.retries ? ` ${this.retries === 1 ? 'One chunk was' : `${formatCount(this.retries)} chunks were`} retried after a lost connection.` : '';
    this.setNote('success', `The file is read on the server when the batch starts.${retried}`);
    this.announce(`Upload of ${file.name} complete.`);
  }

  /** retryable: whether Try again can help (not for a file the server refuses). */
  failed(message, retryable = true) {
    this.cancelFrame();
    this.element.dataset.state = 'failed';
    this.bar.dataset.tone = 'error';
    this.setNote('error', `Upload stopped: ${message}`);
    this.retryButton.hidden = !retryable;
    this.announce(`Upload stopped: ${message}`);
  }

  draw({ sent, size, chunk, chunks, bytesPerSecond, msLeft }) {
    const percent = size > 0 ? (sent / size) * 100 : 100;
    const shown = Math.floor(percent * 10) / 10;
    this.fill.style.width = `${Math.min(100, percent)}%`;
    setText(this.percent, formatPercent(shown));
    setAttr(this.bar, 'aria-valuenow', shown);
    setAttr(this.bar, 'aria-valuetext', `${formatBytes(sent)} of ${formatBytes(size)} (${formatPercent(shown)})`);
    if (this.element.dataset.state === 'uploading') {
      this.bar.dataset.tone = 'info';
      this.bar.classList.toggle('progress--active', sent < size);
    } else {
      this.bar.classList.remove('progress--active');
    }
    if (!chunks) {
      return;
    }
    const parts = [`Chunk ${formatCount(chunk)} of ${formatCount(chunks)}`, `${formatBytes(sent)} of ${formatBytes(size)}`];
    if (Number.isFinite(bytesPerSecond)) {
      parts.push(formatByteRate(bytesPerSecond));
    }
    const left = sent < size ? formatTimeLeft(msLeft) : '';
    if (left) {
      parts.push(left);
    }
    setText(this.status, parts.join(' — '));
    if (chunk !== this.announcedChunk && this.element.dataset.state === 'uploading') {
      this.announcedChunk = chunk;
      this.announce(`Uploading chunk ${chunk} of ${chunks}, ${formatPercent(shown)}.`);
    }
  }

  setNote(tone, text) {
    this.note.hidden = !tone;
    if (tone) {
      this.note.dataset.tone = tone;
      setText(this.note, text);
    } else {
      delete this.note.dataset.tone;
    }
  }

  announce(text) {
    setText(this.announcer, text);
  }

  cancelFrame() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = null;
  }
}
