import { ApiError, batchesApi } from '../api.js';
import { CallbacksCard } from '../batch/callbacks-card.js';
import { BatchControls } from '../batch/controls.js';
import { ResultsDownload } from '../batch/download.js';
import { FailuresCard } from '../batch/failures-card.js';
import { FinishNotice } from '../batch/finish-notice.js';
import { ItemSearch } from '../batch/item-search.js';
import { ItemFeed } from '../batch/feed.js';
import { LiveConnection } from '../batch/live.js';
import { BatchModel } from '../batch/model.js';
import { queueText } from '../batch/queue-place.js';
import { SourceCard } from '../batch/source-card.js';
import { DurationCard, StageNow, StageTimeline } from '../batch/stage-views.js';
import {
  formatCount, formatDateTime, formatDuration, formatItemTime, formatNumber, formatPercent, formatThroughput,
} from '../format.js';
import { href, navigate } from '../router.js';
import { barTone, batchStatus, isTerminal } from '../status.js';
import { statusBadge, updateStatusBadge } from '../ui/badge.js';
import { confirmDialog } from '../ui/dialog.js';
import { h, icon, setAttr, setText } from '../ui/dom.js';
import { toast } from '../ui/toast.js';

const CONNECTION_LABELS = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  busy: 'Live updates are busy',
  ended: 'Final',
};

const ACTION_DONE = {
  pause: 'Batch paused. Items in progress finish; no new ones start.',
  resume: 'Batch resumed.',
  cancel: 'Batch cancelled. Completed items are kept.',
  'retry-failed': 'Failed items are queued again.',
};

/**
 * The live batch page. Every source (stream events, reads, control answers) only updates the
 * model and asks for a frame; the page is drawn at most once per animation frame, so a batch
 * finishing thousands of items per second cannot flood the main thread.
 */
export function mountBatchPage(container, route) {
  const id = route.id;
  const model = new BatchModel(id);
  const feed = new ItemFeed(retryItem);
  let frame = 0;
  let streamMessage = null;
  let fatal = null;

  const title = h('h1', { class: 'page-title batch-title' }, 'Loading batch…');
  const badge = statusBadge('created', 'badge--lg');
  const meta = h('p', { class: 'batch-meta' });
  const connection = h('span', { class: 'conn', 'data-testid': 'connection', 'data-state': 'connecting', role: 'status' },
    h('span', { class: 'conn__dot', 'aria-hidden': 'true' }), h('span', { class: 'conn__label' }, CONNECTION_LABELS.connecting));
  const controls = new BatchControls(runAction, confirmAction);
  const download = new ResultsDownload(id, (error) => toast(`Could not download the results: ${error.message}`, 'error', 7000));
  const banner = h('div', { class: 'banner', hidden: true, 'data-testid': 'batch-banner' });

  const line = h('p', { class: 'progress-line', 'data-testid': 'progress-line', 'aria-live': 'off' });
  const bigPercent = h('span', { class: 'progress-percent', 'data-testid': 'progress-percent' });
  const fill = h('div', { class: 'progress__fill' });
  const bar = h('div', {
    class: 'progress', role: 'progressbar', 'aria-label': 'Batch progress', 'aria-valuemin': '0', 'aria-valuemax': '100',
    'aria-valuenow': '0', 'data-testid': 'progressbar',
  }, fill);
  const breakdown = {
    completed: countChip('Completed', 'success'),
    inProgress: countChip('In progress', 'info'),
    failed: countChip('Failed', 'error'),
    pending: countChip('Pending', 'muted'),
    cancelled: countChip('Cancelled', 'muted'),
  };
  const stats = {
    elapsed: stat('Elapsed', 'clock'),
    remaining: stat('Remaining', 'hourglass'),
    average: stat('Avg per item', 'timer'),
    throughput: stat('Throughput', 'gauge'),
  };
  const bestBody = h('div', { class: 'best__body' });
  const summaryList = h('dl', { class: 'summary' });
  const timeline = new StageTimeline();
  const stageNow = new StageNow();
  const durationCard = new DurationCard();
  const sourceCard = new SourceCard();
  const failuresCard = new FailuresCard(retryGroup);
  const callbacksCard = new CallbacksCard(id, {
    onResent: (delivery) => toast(`The ${delivery.event} callback is being sent again.`, 'success'),
    onError: (error) => toast(`Callbacks: ${error.message}`, 'error', 7000),
  });
  const finishNotice = new FinishNotice();
  const itemSearch = new ItemSearch(id, feed.element);
  feed.element.querySelector('.feed__tools').prepend(itemSearch.input);
  feed.element.querySelector('.feed__body').append(itemSearch.element);

  const progressCard = h('section', { class: 'card progress-card', 'aria-label': 'Progress' },
    h('div', { class: 'progress-card__top' }, line, bigPercent),
    bar,
    stageNow.element,
    h('ul', { class: 'breakdown', 'aria-label': 'Status breakdown' }, Object.values(breakdown).map((chip) => chip.element)),
    h('div', { class: 'stats' }, Object.values(stats).map((item) => item.element)));
  const page = h('div', { class: 'batch-page' },
    h('div', { class: 'page-header page-header--batch' },
      h('div', { class: 'batch-heading' },
        h('a', { class: 'back-link', href: href('list') }, icon('arrowLeft'), 'Batches'),
        h('div', { class: 'batch-title-row' }, title, badge),
        meta),
      h('div', { class: 'batch-actions' }, connection, finishNotice.element, controls.element, download.element)),
    banner,
    progressCard,
    h('div', { class: 'batch-grid' },
      h('div', { class: 'batch-grid__main' }, feed.element),
      h('aside', { class: 'batch-grid__side', 'aria-label': 'Batch details' },
        failuresCard.element,
        h('section', { class: 'card best', 'aria-labelledby': 'best-title' },
          h('h2', { class: 'card__title', id: 'best-title' }, icon('trophy', 'card__icon'), 'Best result so far'), bestBody),
        sourceCard.element,
        callbacksCard.element,
        h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
          h('h2', { class: 'card__title', id: 'timeline-title' }, 'Timeline'), timeline.element),
        durationCard.element,
        h('section', { class: 'card', 'aria-labelledby': 'summary-title' },
          h('h2', { class: 'card__title', id: 'summary-title' }, 'Summary'), summaryList))));
  container.append(page);

  const handlers = {
    onDetails: (details, options) => {
      model.applyDetails(details, options);
      schedule();
    },
    onSnapshot: (snapshot) => {
      model.applySnapshot(snapshot);
      schedule();
    },
    onItems: (entries, current) => {
      if (entries.length) {
        model.noteItems(entries);
        feed.push(entries);
      }
      if (current) {
        model.noteCurrent(current);
      }
      schedule();
    },
    onStarted: (label) => {
      if (label) {
        model.noteCurrent([label, ...model.current.filter((other) => other !== label)].slice(0, 10));
        schedule();
      }
    },
    onGap: (gap) => feed.gap(gap.skipped ?? gap.count),
    onSampled: (notice) => feed.sampled(notice),
    onStage: (event) => {
      const before = model.stage()?.stage;
      model.applyStage(event);
      schedule();
      if (event.stage && event.stage !== before) {
        // a new stage moves what the batch read shows (totals once queued, final numbers at the end)
        live.refresh();
      }
    },
    onStreamMessage: (message) => {
      streamMessage = message;
      schedule();
    },
    onState: () => schedule(),
    onFatal: (error) => {
      fatal = error;
      schedule();
    },
  };
  const live = new LiveConnection(id, handlers);
  live.start();
  const ticker = setInterval(schedule, 1000);
  window.__batchpulse = {
    connection: () => ({ state: live.state, mode: live.mode, lastEventId: live.lastEventId }),
    dropStream: () => live.simulateDrop(),
    // feeds finished items in as if the stream had sent them: load checks of the page itself
    receiveItems: (entries) => handlers.onItems(entries, null),
  };

  function schedule() {
    if (!frame) {
      frame = requestAnimationFrame(render);
    }
  }

  async function confirmAction(action, button) {
    if (action !== 'cancel') {
      return true;
    }
    return confirmDialog({
      title: 'Cancel this batch?',
      body: [
        h('p', {}, 'Pending items will not run. Items already in progress finish first.'),
        h('p', { class: 'dialog__keep' }, icon('check'),
          `Completed items are kept (${formatCount(model.counts.completed)} so far), and stay listed on this page.`),
      ],
      confirmLabel: 'Cancel batch',
      cancelLabel: 'Keep running',
      returnFocus: button,
    });
  }

  async function runAction(action) {
    if (action === 'rerun') {
      await runAgain();
      return;
    }
    try {
      const result = await batchesApi.control(id, action);
      model.setStatus(result.newStatus);
      toast(ACTION_DONE[action] ?? 'Done.', 'success');
    } catch (error) {
      const message = error instanceof ApiError && error.code === 'INVALID_TRANSITION'
        ? `Not possible now: ${error.message}` : `Could not ${action.replace('-', ' ')}: ${error.message}`;
      toast(message, 'error', 7000);
    }
    schedule();
    await live.refresh();
  }

  /** Run again: the new batch's page, where it starts once its items are copied. */
  async function runAgain() {
    try {
      const batch = await batchesApi.rerun(id);
      toast(`Running “${batch.name ?? 'the batch'}” again as a new batch.`, 'success');
      navigate('batch', { id: batch.id });
    } catch (error) {
      toast(`Could not run the batch again: ${error.message}`, 'error', 7000);
    }
  }

  async function retryItem(index, button) {
    button.disabled = true;
    try {
      const result = await batchesApi.retryItem(id, index);
      model.setStatus(result.newStatus);
      toast(`Item #${(index + 1).toLocaleString()} is queued again.`, 'success');
    } catch (error) {
      toast(`Could not retry item #${(index + 1).toLocaleString()}: ${error.message}`, 'error', 7000);
    }
    button.disabled = false;
    schedule();
    await live.refresh();
  }

  async function retryGroup(group) {
    try {
      const result = await batchesApi.retryGroup(id, group.key);
      model.setStatus(result.newStatus);
      toast(`${formatCount(group.count)} failed ${group.count === 1 ? 'item is' : 'items are'} queued again.`, 'success');
    } catch (error) {
      toast(`Could not retry these: ${error.message}`, 'error', 7000);
    }
    schedule();
    await live.refresh();
  }

  function render(now) {
    frame = 0;
    if (feed.flush(now)) {
      schedule();
    }
    if (fatal) {
      renderFatal();
      return;
    }
    renderConnection();
    if (!model.loaded) {
      return;
    }
    const details = model.details;
    const status = model.status;
    const { total, completed, failed, cancelled, inProgress, pending } = model.counts;
    const finished = model.finished;
    const percent = model.percent;
    const tone = barTone(status);

    setText(title, details.name || 'Untitled batch');
    document.title = `${isTerminal(status) ? batchStatus(status).label : formatPercent(percent)} · ${details.name || 'Batch'} — Batchpulse`;
    updateStatusBadge(badge, status);
    renderMeta(details);

    setText(line, progressLine(status, finished, total, percent));
    setText(bigPercent, formatPercent(percent));
    bigPercent.dataset.tone = tone;
    fill.style.width = `${Math.min(100, percent)}%`;
    bar.dataset.tone = tone;
    bar.classList.toggle('progress--active', status === 'running');
    setAttr(bar, 'aria-valuenow', percent);
    setAttr(bar, 'aria-valuetext', `${formatCount(finished)} of ${formatCount(total)} items (${formatPercent(percent)}), ${batchStatus(status).label}`);

    breakdown.completed.set(completed);
    breakdown.inProgress.set(inProgress);
    breakdown.failed.set(failed);
    breakdown.pending.set(pending);
    breakdown.cancelled.set(cancelled);

    const eta = model.etaSeconds();
    stats.elapsed.set(formatDuration(model.elapsedMs()));
    stats.remaining.set(status === 'running' ? (Number.isFinite(eta) ? `~${formatDuration(eta * 1000)}` : 'Estimating…')
      : isTerminal(status) ? 'Done' : status === 'paused' ? 'Paused' : '—');
    stats.average.set(formatItemTime(model.averageItemMs()));
    stats.throughput.set(formatThroughput(model.throughput()));

    controls.update(status, failed);
    // a failed row's "Retry this item" is offered while the batch takes a retry
    feed.element.classList.toggle('feed--retryable', status === 'completed_with_errors' || status === 'failed');
    failuresCard.update(model.snapshot?.failureGroups, failed, status);
    finishNotice.update(status, details.name, model.counts);
    renderBanner(status, model.statusReason);
    renderBest();
    renderSummary();
    const stage = model.stage();
    stageNow.update(stage);
    timeline.update(model.stages(), stage);
    durationCard.update(model.durations());
    sourceCard.update(model.source);
    callbacksCard.update(status);
  }

  function progressLine(status, finished, total, percent) {
    const of = `${formatCount(finished)} of ${formatCount(total)}`;
    switch (status) {
      case 'running': {
        const queued = queueText(model.snapshot?.queue);
        if (queued) {
          return `${queued} (${of})`;
        }
        const current = model.current[0];
        return current ? `Processing ${current} (${of}) — ${formatPercent(percent)}` : `Processing (${of}) — ${formatPercent(percent)}`;
      }
      case 'paused':
        return `Paused at ${of} — ${formatPercent(percent)}`;
      case 'created': {
        const stage = model.stage();
        if (stage && (stage.stage === 'uploading' || stage.stage === 'parsing')) {
          return `Reading ${model.source?.fileName ?? 'the file'}: ${stage.message ?? 'parsing'}`;
        }
        return total > 0 ? `Starting ${formatCount(total)} items…` : 'Starting…';
      }
      case 'completed':
        return `All ${formatCount(total)} items completed — ${formatPercent(percent)}`;
      case 'completed_with_errors':
        return `Finished ${of} — ${formatCount(model.counts.failed)} failed`;
      case 'cancelled':
        return `Cancelled at ${of} — ${formatCount(model.counts.completed)} completed items kept`;
      case 'failed':
        return `Stopped at ${of} — ${formatPercent(percent)}`;
      default:
        return of;
    }
  }

  function renderConnection() {
    const state = fatal ? 'ended' : live.state;
    if (state === 'busy') {
      // the server is at its stream capacity: say when the page tries again
      setText(connection.querySelector('.conn__label'),
        `${CONNECTION_LABELS.busy}, retrying in ${live.busyRetryInSeconds} s`);
    }
    if (connection.dataset.state !== state || connection.dataset.mode !== live.mode) {
      connection.dataset.state = state;
      connection.dataset.mode = live.mode;
      if (state !== 'busy') {
        setText(connection.querySelector('.conn__label'), CONNECTION_LABELS[state]);
      }
      connection.title = state === 'ended' ? 'The batch has finished: these are its final numbers.'
        : state === 'busy' ? 'The server has as many live streams as it can carry; the numbers update every 2 seconds meanwhile'
        : live.mode === 'poll' ? 'Updating every 2 seconds' : 'Updates stream in as they happen';
    }
  }

  function renderMeta(details) {
    const text = [`ID ${details.id.slice(0, 8)}`, details.owner ? `by ${details.owner}` : null,
      details.processor ? `${details.processor} processor` : null, `created ${formatDateTime(details.createdAt)}`]
      .filter(Boolean).join(' · ');
    setText(meta, text);
    setAttr(meta, 'title', details.id);
  }

  function renderBanner(status, reason) {
    const recap = model.recap();
    const { completed, failed } = model.counts;
    let tone = null;
    let heading = '';
    let text = '';
    if (status === 'failed' && reason === 'TIMEOUT') {
      tone = 'error';
      heading = 'Timed out';
      text = `The batch passed its deadline${Number.isFinite(recap.deadlineMs) ? ` of ${formatDuration(recap.deadlineMs)}` : ''}`
        + ` and was stopped. Items that had not finished were cancelled; ${formatCount(completed)} completed items are kept.`;
    } else if (reason === 'FAILURE_THRESHOLD') {
      const ratio = recap.failurePolicy?.maxFailureRatio;
      const limit = Number.isFinite(ratio) ? ` more than ${formatNumber(ratio * 100)} % of finished items failed` : ' too many items failed';
      tone = status === 'paused' ? 'warning' : 'error';
      heading = status === 'paused' ? 'Paused automatically' : 'Stopped: too many failures';
      text = status === 'paused'
        ? `The failure policy paused the batch:${limit}. Review the failed items, then resume or cancel.`
        : `The failure policy stopped the batch:${limit}. ${formatCount(completed)} completed items are kept; Retry failed runs the ${formatCount(failed)} failed ones again.`;
    } else if (status === 'failed') {
      tone = 'error';
      heading = 'The batch failed';
      text = `${reason ? `Reason: ${reason}. ` : ''}${formatCount(completed)} completed items are kept.`;
    } else if (status === 'completed_with_errors') {
      tone = 'warning';
      heading = `Completed with ${formatCount(failed)} failed ${failed === 1 ? 'item' : 'items'}`;
      text = 'Open a failed item below to see why, or retry the failed items.';
    } else if (status === 'cancelled') {
      tone = 'info';
      heading = 'Cancelled';
      text = `Items that had not started will not run. ${formatCount(completed)} completed items are kept.`;
    } else if (streamMessage) {
      tone = 'error';
      heading = 'The live stream reported a problem';
      text = `${streamMessage.message ?? ''}${streamMessage.code ? ` (${streamMessage.code})` : ''}`;
    }
    const key = `${tone}|${heading}|${text}`;
    if (banner.dataset.key === key) {
      return;
    }
    banner.dataset.key = key;
    banner.hidden = !tone;
    if (tone) {
      banner.className = `banner banner--${tone}`;
      banner.setAttribute('role', tone === 'error' ? 'alert' : 'status');
      banner.replaceChildren(icon(tone === 'info' ? 'info' : 'alert'), h('div', {}, h('strong', {}, heading), h('p', {}, text)));
    }
  }

  function renderBest() {
    const best = model.best;
    const key = best ? `${best.label}|${best.score}|${best.summary}` : 'none';
    if (bestBody.dataset.key === key) {
      return;
    }
    bestBody.dataset.key = key;
    bestBody.replaceChildren(...(best
      ? [h('p', { class: 'best__label' }, best.label ?? `Item #${best.index + 1}`),
        h('p', { class: 'best__score' }, h('span', { class: 'best__value' }, formatNumber(best.score)), h('span', { class: 'muted' }, ' score')),
        best.summary ? h('p', { class: 'best__summary muted' }, best.summary) : null]
      : [h('p', { class: 'muted' }, 'No scored result yet. The best one shows here as items complete.')]).filter(Boolean));
  }

  function renderSummary() {
    const recap = model.recap();
    const config = recap.config ?? {};
    const processorText = recap.processor === 'simulated'
      ? `Simulated · ${formatCount(config.latencyMs ?? 0)} ms ± ${formatCount(config.latencyJitterMs ?? 0)} · ${formatNumber((config.failureRate ?? 0) * 100)} % failures`
      : recap.processor === 'http' ? `HTTP · ${config.url ?? ''}` : recap.processor ?? '—';
    const policy = recap.failurePolicy;
    const rows = [
      ['Processor', processorText],
      ['Max in flight', formatCount(recap.maxInFlight)],
      ['Max attempts', formatCount(recap.maxAttempts)],
      ['Item timeout', formatDuration(recap.itemTimeoutMs)],
      ['Rate limit', Number.isFinite(recap.itemsPerSecond) ? formatThroughput(recap.itemsPerSecond) : 'None'],
      ['Shared limit', recap.limit ?? 'None'],
      ['Priority', recap.priority],
      ['Deadline', Number.isFinite(recap.deadlineMs) ? formatDuration(recap.deadlineMs) : 'None'],
      ['Failure policy', policy ? `${policy.action ?? 'pause'} above ${formatNumber(policy.maxFailureRatio * 100)} % after ${formatCount(policy.minFinished ?? 10)}` : 'None'],
      ['Created', formatDateTime(model.createdAt)],
      ['Started', formatDateTime(model.startedAt)],
      ['Finished', model.finishedAt ? formatDateTime(model.finishedAt) : '—'],
      ['Elapsed', formatDuration(model.elapsedMs())],
      ['Throughput', formatThroughput(model.throughput())],
    ];
    if (summaryList.childElementCount !== rows.length * 2) {
      summaryList.replaceChildren(...rows.flatMap(([term]) => [h('dt', {}, term), h('dd', {})]));
    }
    rows.forEach(([, value], index) => setText(summaryList.children[index * 2 + 1], value));
  }

  function renderFatal() {
    const notFound = fatal.status === 404;
    page.replaceChildren(h('div', { class: 'empty card' },
      h('div', { class: 'empty__icon' }, icon('alert')),
      h('h1', { class: 'empty__title' }, notFound ? 'Batch not found' : fatal.status === 403 ? 'Not your batch' : 'This batch cannot be shown'),
      h('p', { class: 'muted' }, notFound ? 'It may have been mistyped, or it belongs to another installation.'
        : fatal.status === 403 ? 'Only its owner or an administrator can see this batch.' : fatal.message),
      h('a', { class: 'btn btn--primary', href: href('list') }, 'Back to batches')));
  }

  return () => {
    live.stop();
    callbacksCard.stop();
    clearInterval(ticker);
    cancelAnimationFrame(frame);
    delete window.__batchpulse;
    document.title = 'Batchpulse';
  };
}

function countChip(label, tone) {
  const value = h('span', { class: 'breakdown__value' }, '0');
  const element = h('li', { class: 'breakdown__item', 'data-tone': tone, 'data-testid': `count-${label.toLowerCase().replace(' ', '-')}` },
    h('span', { class: 'breakdown__dot', 'aria-hidden': 'true' }), h('span', { class: 'breakdown__label' }, label), value);
  return { element, set: (count) => setText(value, formatCount(count)) };
}

function stat(label, iconName) {
  const value = h('span', { class: 'stat__value' }, '—');
  const element = h('div', { class: 'stat', 'data-testid': `stat-${label.toLowerCase().replace(/ /g, '-')}` },
    h('span', { class: 'stat__label' }, icon(iconName, 'stat__icon'), label), value);
  return { element, set: (text) => setText(value, text) };
}

