/**
 * RequestMetrics (src/ops/metrics.ts): the counters one process keeps, and their sum over several processes, which
 * /metrics answers for the workers of one `serve` (FENGQIAO_WORKERS, src/cluster.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestMetrics } from '../../src/ops/metrics.ts';

const line = (text: string, start: string) => text.split('\n').find((l) => l.startsWith(start));

test('the sum of several processes: requests by route and status, the histogram bucket by bucket, the oldest uptime', () => {
  const a = new RequestMetrics(Date.now() - 50_000);
  const b = new RequestMetrics(Date.now() - 10_000);
  a.observe('POST', '/api/v1/petitions', 201, 0.004);
  a.observe('POST', '/api/v1/petitions', 201, 0.02);
  a.observe('GET', '/api/v1/matters', 200, 0.3);
  b.observe('POST', '/api/v1/petitions', 201, 0.007);
  b.observe('POST', '/api/v1/petitions', 409, 0.001);
  const text = RequestMetrics.merged([a.snapshot(), b.snapshot()]).render([]);

  assert.equal(line(text, 'fengqiao_http_requests_total{method="POST",route="/api/v1/petitions",status="201"}'), 'fengqiao_http_requests_total{method="POST",route="/api/v1/petitions",status="201"} 3');
  assert.equal(line(text, 'fengqiao_http_requests_total{method="POST",route="/api/v1/petitions",status="409"}'), 'fengqiao_http_requests_total{method="POST",route="/api/v1/petitions",status="409"} 1');
  assert.equal(line(text, 'fengqiao_http_requests_total{method="GET",route="/api/v1/matters",status="200"}'), 'fengqiao_http_requests_total{method="GET",route="/api/v1/matters",status="200"} 1');
  const bucket = (le: string) => line(text, `fengqiao_http_request_duration_seconds_bucket{method="POST",route="/api/v1/petitions",le="${le}"}`)?.split(' ')[1];
  // 0.001, 0.004 ≤ 0.005; 0.007 ≤ 0.01; 0.02 ≤ 0.025
  assert.deepEqual(['0.005', '0.01', '0.025', '+Inf'].map(bucket), ['2', '3', '4', '4']);
  assert.equal(line(text, 'fengqiao_http_request_duration_seconds_sum{method="POST",route="/api/v1/petitions"}'), 'fengqiao_http_request_duration_seconds_sum{method="POST",route="/api/v1/petitions"} 0.032000');
  assert.equal(line(text, 'fengqiao_http_request_duration_seconds_count{method="POST",route="/api/v1/petitions"}'), 'fengqiao_http_request_duration_seconds_count{method="POST",route="/api/v1/petitions"} 4');
  const uptime = Number(line(text, 'fengqiao_process_uptime_seconds ')!.split(' ')[1]);
  assert.ok(uptime >= 50 && uptime < 60, `the oldest process's uptime: ${uptime}`);

  // merging does not change the processes' own counters
  assert.equal(line(a.render([]), 'fengqiao_http_requests_total{method="POST",route="/api/v1/petitions",status="201"}'), 'fengqiao_http_requests_total{method="POST",route="/api/v1/petitions",status="201"} 2');
});

test('one process: the sum of its own snapshot is what it renders', () => {
  const m = new RequestMetrics(Date.now());
  m.observe('GET', '/api/v1/ops/health', 200, 0.0004);
  assert.equal(RequestMetrics.merged([m.snapshot()]).render([]), m.render([]));
});
