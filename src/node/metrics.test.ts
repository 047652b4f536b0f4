import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from './metrics.ts';

test('render() writes counters and gauges in the Prometheus text format with escaped labels', () => {
  const metrics = createMetrics({ startedAt: new Date(1_000_000) });
  const refused = metrics.counter('tls_refused_total', 'Refused clients');
  refused.inc({ reason: 'revoked' });
  refused.inc({ reason: 'revoked' });
  refused.inc({ reason: 'say "no"' }, 3);
  metrics.gauge('peers', 'Known peers').set(2);
  const text = metrics.render();
  assert.match(text, /^# TYPE foedera_tls_refused_total counter$/m);
  assert.match(text, /^foedera_tls_refused_total\{reason="revoked"\} 2$/m);
  assert.match(text, /^foedera_tls_refused_total\{reason="say \\"no\\""\} 3$/m);
  assert.match(text, /^foedera_peers 2$/m);
  assert.match(text, /^process_start_time_seconds 1000$/m);
  assert.ok(text.endsWith('\n'));
});
