/** Batch and item statuses: their labels and which colour role (design token) shows them. */

const BATCH = {
  created: { label: 'Created', tone: 'muted' },
  running: { label: 'Running', tone: 'info' },
  paused: { label: 'Paused', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'error' },
  completed: { label: 'Completed', tone: 'success' },
  completed_with_errors: { label: 'Completed with errors', tone: 'warning' },
  failed: { label: 'Failed', tone: 'error' },
};

const ITEM = {
  pending: { label: 'Pending', tone: 'muted' },
  dispatched: { label: 'Queued', tone: 'info' },
  in_progress: { label: 'In progress', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  failed: { label: 'Failed', tone: 'error' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
};

export const TERMINAL_STATUSES = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);
export const ACTIVE_STATUSES = new Set(['created', 'running', 'paused']);

export function batchStatus(status) {
  return BATCH[status] ?? { label: status ?? 'Unknown', tone: 'muted' };
}

export function itemStatus(status) {
  return ITEM[status] ?? { label: status ?? 'Unknown', tone: 'muted' };
}

export function isTerminal(status) {
  return TERMINAL_STATUSES.has(status);
}

/** The progress bar's colour: blue running, green complete, amber paused, red failed/cancelled. */
export function barTone(status) {
  switch (status) {
    case 'completed':
      return 'success';
    case 'completed_with_errors':
    case 'paused':
      return 'warning';
    case 'failed':
    case 'cancelled':
      return 'error';
    case 'created':
      return 'muted';
    default:
      return 'info';
  }
}

export const BATCH_STATUS_FILTERS = ['running', 'paused', 'completed', 'completed_with_errors', 'failed', 'cancelled'];

/** Stages of a batch's life (batch.stage): file batches start with uploading and parsing. */
const STAGE = {
  uploading: { label: 'Uploading', tone: 'info' },
  parsing: { label: 'Parsing', tone: 'info' },
  queued: { label: 'Queued', tone: 'muted' },
  processing: { label: 'Processing', tone: 'info' },
  finalizing: { label: 'Finalizing', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  failed: { label: 'Failed', tone: 'error' },
  cancelled: { label: 'Cancelled', tone: 'error' },
};

export const TERMINAL_STAGES = new Set(['completed', 'failed', 'cancelled']);

export function batchStage(stage) {
  return STAGE[stage] ?? batchStatus(stage);
}
