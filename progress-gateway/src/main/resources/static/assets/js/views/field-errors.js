/**
 * Sorts the API's validation details ("options.maxInFlight: must be greater than or equal to 1")
 * to the form fields they name: an exact path, else the longest field path it starts with
 * ("items[3].label" → "items", "options.failurePolicy" → its first field). What matches no field
 * is returned for a summary.
 */
export function fieldErrorsByPath(details, fieldPaths) {
  const byField = new Map();
  const unmatched = [];
  for (const detail of details ?? []) {
    const separator = detail.indexOf(': ');
    const path = separator > 0 ? detail.slice(0, separator) : '';
    const message = separator > 0 ? detail.slice(separator + 2) : detail;
    const target = matchField(path.replace(/\[\d+]/g, ''), fieldPaths);
    if (target) {
      byField.set(target, [...(byField.get(target) ?? []), target === path ? message : `${path}: ${message}`]);
    } else {
      unmatched.push(detail);
    }
  }
  return { byField, unmatched };
}

function matchField(path, fieldPaths) {
  if (!path) {
    return null;
  }
  if (fieldPaths.includes(path)) {
    return path;
  }
  const parents = fieldPaths.filter((field) => path.startsWith(`${field}.`)).sort((a, b) => b.length - a.length);
  if (parents.length) {
    return parents[0];
  }
  return fieldPaths.find((field) => field.startsWith(`${path}.`)) ?? null;
}
