import { formatDateTime, formatDuration, formatPercent } from '../format.js';
import { batchStage, TERMINAL_STAGES } from '../status.js';
import { h, setAttr, setText } from '../ui/dom.js';
import { DURATION_PARTS } from './stages.js';

/** Stages the progress line above does not tell about (it speaks of items being processed). */
const SHOWN_NOW = new Set(['uploading', 'parsing', 'queued', 'finalizing']);

/**
 * The stage the batch is in, under its progress bar, while the items' numbers alone do not say
 * it: "Parsing · Parsed 200,000 of 1,000,000 items · 20.0 %". A polite live region: it changes
 * a few dozen times in a batch's life.
 */
export class StageNow {
  constructor() {
    this.name = h('span', { class: 'stage-now__name badge badge--info', 'data-testid': 'stage-name' });
    this.message = h('span', { class: 'stage-now__message', 'data-testid': 'stage-message' });
    this.percent = h('span', { class: 'stage-now__percent', 'data-testid': 'stage-percent' });
    this.fill = h('div', { class: 'progress__fill' });
    this.bar = h('div', { class: 'progress progress--thin stage-now__bar', 'aria-hidden': 'true' }, this.fill);
    this.element = h('div', { class: 'stage-now', hidden: true, role: 'status', 'aria-live': 'polite', 'data-testid': 'stage-now' },
      h('span', { class: 'visually-hidden' }, 'Stage: '), this.name, this.message, this.bar, this.percent);
  }

  update(stage) {
    this.element.hidden = !stage || !SHOWN_NOW.has(stage.stage);
    if (this.element.hidden) {
      return;
    }
    const { label, tone } = batchStage(stage.stage);
    setText(this.name, label);
    this.name.className = `stage-now__name badge badge--${tone}`;
    this.element.dataset.stage = stage.stage;
    setText(this.message, stage.message ?? '');
    const hasPercent = Number.isFinite(stage.percentage) && !TERMINAL_STAGES.has(stage.stage);
    this.bar.hidden = !hasPercent;
    this.percent.hidden = !hasPercent;
    if (hasPercent) {
      setText(this.percent, formatPercent(stage.percentage));
      this.fill.style.width = `${Math.min(100, Math.max(0, stage.percentage))}%`;
    }
  }
}

/** The stages one under another, each with its start, its duration and, when known, its message. */
export class StageTimeline {
  constructor() {
    this.element = h('ol', { class: 'timeline', 'data-testid': 'timeline' });
  }

  update(spans, current, now = Date.now()) {
    const items = spans.map((span, index) => {
      const open = !span.endedAt;
      const point = TERMINAL_STAGES.has(span.name) || (index === spans.length - 1 && span.endedAt
        && span.endedAt.getTime() === span.startedAt.getTime());
      const ms = (span.endedAt ?? new Date(now)).getTime() - span.startedAt.getTime();
      // the last stage is the current one: its message (and, while open, its percentage) is the freshest
      const live = index === spans.length - 1 && current?.stage === span.name ? current : null;
      return {
        name: span.name, open, at: span.startedAt,
        duration: point ? '' : open ? `${formatDuration(ms)} so far` : formatDuration(ms),
        message: live?.message ?? span.message ?? '',
        percentage: live && open && Number.isFinite(live.percentage) && !point ? live.percentage : null,
      };
    });
    const key = items.map((item) => `${item.name}|${item.open}|${item.at?.getTime()}`).join(';');
    if (this.element.dataset.key !== key) {
      this.element.dataset.key = key;
      this.element.replaceChildren(...items.map((item) => {
        const { label, tone } = batchStage(item.name);
        const fill = h('div', { class: 'progress__fill' });
        return h('li', { class: `timeline__item${item.open ? ' timeline__item--open' : ''}`, 'data-tone': item.open ? tone : doneTone(item.name), 'data-stage': item.name },
          h('span', { class: 'timeline__dot', 'aria-hidden': 'true' }),
          h('div', { class: 'timeline__text' },
            h('span', { class: 'timeline__name' }, label),
            h('span', { class: 'timeline__when muted' }, formatDateTime(item.at)),
            h('span', { class: 'timeline__message' }),
            h('div', { class: 'progress progress--thin timeline__bar', 'aria-hidden': 'true', hidden: true }, fill)),
          h('span', { class: 'timeline__duration mono' }));
      }));
    }
    items.forEach((item, index) => {
      const row = this.element.children[index];
      setText(row.querySelector('.timeline__duration'), item.duration);
      const message = [item.message, item.percentage === null ? '' : formatPercent(item.percentage)].filter(Boolean).join(' · ');
      setText(row.querySelector('.timeline__message'), message);
      const bar = row.querySelector('.timeline__bar');
      bar.hidden = item.percentage === null;
      if (item.percentage !== null) {
        bar.firstChild.style.width = `${Math.min(100, Math.max(0, item.percentage))}%`;
      }
    });
  }
}

/** A finished stage is green; the final stages keep their own colour. */
function doneTone(name) {
  return TERMINAL_STAGES.has(name) ? batchStage(name).tone : 'success';
}

/** Total / upload / parse / queued / processing / finalizing, as rows and one stacked bar. */
export class DurationCard {
  constructor() {
    this.bar = h('div', { class: 'duration-bar', 'aria-hidden': 'true' });
    this.list = h('dl', { class: 'summary durations' });
    this.element = h('section', { class: 'card', 'aria-labelledby': 'durations-title', hidden: true, 'data-testid': 'durations' },
      h('h2', { class: 'card__title', id: 'durations-title' }, 'Duration'), this.bar, this.list);
  }

  update(durations) {
    this.element.hidden = !durations;
    if (!durations) {
      return;
    }
    const parts = DURATION_PARTS.filter(([, key]) => Number.isFinite(durations[key]));
    const total = Number.isFinite(durations.totalMs) ? durations.totalMs
      : parts.reduce((sum, [, key]) => sum + durations[key], 0);
    const key = parts.map(([, part]) => part).join(',');
    if (this.list.dataset.key !== key) {
      this.list.dataset.key = key;
      this.list.replaceChildren(
        h('dt', { class: 'durations__total' }, 'Total'), h('dd', { class: 'durations__total', 'data-part': 'totalMs' }),
        ...parts.flatMap(([, part, label]) => [
          h('dt', {}, h('span', { class: 'duration-dot', 'data-part': part, 'aria-hidden': 'true' }), label),
          h('dd', { 'data-part': part })]));
      this.bar.replaceChildren(...parts.map(([, part]) => h('span', { class: 'duration-bar__part', 'data-part': part })));
    }
    setText(this.list.querySelector('dd[data-part="totalMs"]'), formatDuration(total));
    for (const [, part] of parts) {
      setText(this.list.querySelector(`dd[data-part="${part}"]`), formatDuration(durations[part]));
      const share = total > 0 ? (durations[part] / total) * 100 : 0;
      const segment = this.bar.querySelector(`[data-part="${part}"]`);
      segment.style.width = `${share}%`;
      setAttr(segment, 'title', `${part.replace(/Ms$/, '')}: ${formatDuration(durations[part])}`);
    }
  }
}
