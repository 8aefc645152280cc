/**
 * Turns pasted text or a file (JSON array, JSONL, CSV) into the create request's items
 * [{label, payload}], in the browser. Each problem names its line or position.
 */

export class ItemsParseError extends Error {
}

/** Picks the format from the file name, or from the text itself when pasted. */
export function parseItems(text, fileName = '') {
  const trimmed = text.trim();
  if (!trimmed) {
    throw new ItemsParseError('No items: paste JSON or choose a file.');
  }
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) {
    return parseCsv(trimmed, lower.endsWith('.tsv') ? '\t' : ',');
  }
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    return parseJsonLines(trimmed);
  }
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !looksLikeJsonLines(trimmed))) {
    return parseJson(trimmed);
  }
  if (trimmed.startsWith('{')) {
    return parseJsonLines(trimmed);
  }
  return parseCsv(trimmed, trimmed.split('\n', 1)[0].includes('\t') ? '\t' : ',');
}

function looksLikeJsonLines(text) {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

function parseJson(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ItemsParseError(`Not valid JSON: ${error.message}`);
  }
  const list = Array.isArray(value) ? value : Array.isArray(value?.items) ? value.items : null;
  if (!list) {
    throw new ItemsParseError('Expected a JSON array of items, or an object with an "items" array.');
  }
  return list.map((entry, index) => toItem(entry, index));
}

function parseJsonLines(text) {
  const items = [];
  text.split(/\r?\n/).forEach((line, lineIndex) => {
    if (!line.trim()) {
      return;
    }
    let value;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ItemsParseError(`Line ${lineIndex + 1} is not valid JSON: ${error.message}`);
    }
    items.push(toItem(value, items.length));
  });
  return items;
}

/** RFC 4180 CSV with a header row; numbers and booleans become JSON numbers and booleans. */
function parseCsv(text, separator) {
  const records = csvRecords(text, separator);
  if (records.length < 2) {
    throw new ItemsParseError('A CSV file needs a header row and at least one row of items.');
  }
  const header = records[0].map((name) => name.trim());
  if (header.some((name) => !name)) {
    throw new ItemsParseError('Every CSV column needs a name in the header row.');
  }
  const labelColumn = header.findIndex((name) => name.toLowerCase() === 'label');
  return records.slice(1)
    .filter((record) => record.some((cell) => cell.trim() !== ''))
    .map((record, index) => {
      if (record.length !== header.length) {
        throw new ItemsParseError(`CSV row ${index + 2} has ${record.length} columns; the header has ${header.length}.`);
      }
      const payload = {};
      header.forEach((name, column) => {
        if (column !== labelColumn) {
          payload[name] = typed(record[column]);
        }
      });
      const label = labelColumn >= 0 ? record[labelColumn].trim() : String(record[0]).trim();
      return { label: label || `Item ${index + 1}`, payload };
    });
}

function csvRecords(text, separator) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && cell === '') {
      quoted = true;
    } else if (char === separator) {
      record.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') {
        i++;
      }
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (quoted) {
    throw new ItemsParseError('The CSV has a quote that is never closed.');
  }
  record.push(cell);
  records.push(record);
  return records;
}

function typed(raw) {
  const value = raw.trim();
  if (value === '') {
    return null;
  }
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) {
    return Number(value);
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return value;
}

/** {label, payload} as given; any other object or value becomes the payload of a labelled item. */
function toItem(entry, index) {
  if (entry && typeof entry === 'object' && !Array.isArray(entry) && 'payload' in entry) {
    return { label: String(entry.label ?? `Item ${index + 1}`), payload: entry.payload };
  }
  if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    const label = entry.label ?? entry.name ?? entry.symbol ?? entry.id ?? entry.title;
    return { label: label === undefined ? `Item ${index + 1}` : String(label), payload: entry };
  }
  return { label: String(entry), payload: { value: entry } };
}

/** Demo items for trying the product: a back-test style parameter sweep. */
export function sampleItems(count) {
  const symbols = ['NVDA', 'TSLA', 'AAPL', 'MSFT', 'AMZN', 'META', 'GOOG', 'AMD'];
  return Array.from({ length: count }, (_, index) => {
    const symbol = symbols[index % symbols.length];
    const beta = Math.round((0.5 + ((index * 7) % 26) / 10) * 10) / 10;
    const coeff = Math.round((1 + ((index * 3) % 11) / 10) * 10) / 10;
    return { label: `${symbol} beta=${beta} coeff=${coeff}`, payload: { symbol, beta, coeff } };
  });
}
