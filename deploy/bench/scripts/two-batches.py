#!/usr/bin/env python3
"""Two 10,000-item batches through the REST API as a new user sends them (simulated processor,
latency 0, maxInFlight as given, 1,000 by default); prints items/s from the first POST to the last completion."""
import json, sys, time, urllib.request
base = sys.argv[1]
max_in_flight = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header('Content-Type', 'application/json')
    if token: req.add_header('Authorization', 'Bearer ' + token)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())
token = call('GET', '/api/v1/dev/token?sub=newuser')['data']['token']
body = lambda n: {'name': 'two batches %d' % n, 'processor': 'simulated',
                  'config': {'latencyMs': 0, 'latencyJitterMs': 0, 'failureRate': 0.0},
                  'options': {'maxInFlight': max_in_flight},
                  'items': [{'label': 'item %d' % i, 'payload': {'n': i}} for i in range(10000)]}
start = time.time()
ids = [call('POST', '/api/v1/batches', body(n), token)['data']['id'] for n in (1, 2)]
done = {}
while len(done) < 2 and time.time() - start < 600:
    for i in ids:
        if i not in done:
            view = call('GET', '/api/v1/batches/' + i, token=token)['data']
            if view['status'] in ('completed', 'completed_with_errors', 'failed', 'cancelled'):
                done[i] = (time.time(), view['completedItems'], view['failedItems'])
    time.sleep(0.1)
end = max(t for t, _, _ in done.values())
items = sum(c + f for _, c, f in done.values())
print('%d items in %.1f s: %.0f items/s' % (items, end - start, items / (end - start)))
