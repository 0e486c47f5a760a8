/**
 * Prometheus metrics, hand-written in the text exposition format 0.0.4 (no client library): request counts by
 * route and status, a latency histogram by route, and gauges read from the database at scrape time (outbox depth,
 * hotline callbacks waiting, matters past their earliest running due date). One registry per app instance.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histo { counts: number[]; sum: number; count: number }

/** One process's counters, as the cluster's primary carries them between processes (src/cluster.ts). */
export interface MetricsSnapshot { requests: [string, number][]; latency: [string, Histo][]; startedAt: number }

export class RequestMetrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histo>();
  constructor(readonly startedAt = Date.now()) {}

  observe(method: string, route: string, status: number, seconds: number): void {
    const rk = `${method}\u0000${route}\u0000${status}`;
    this.requests.set(rk, (this.requests.get(rk) ?? 0) + 1);
    const lk = `${method}\u0000${route}`;
    let h = this.latency.get(lk);
    if (!h) { h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }; this.latency.set(lk, h); }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  snapshot(): MetricsSnapshot {
    return { requests: [...this.requests], latency: [...this.latency], startedAt: this.startedAt };
  }

  /** The sum of several processes' counters; the uptime is the oldest one's. */
  static merged(parts: MetricsSnapshot[]): RequestMetrics {
    const m = new RequestMetrics(Math.min(...parts.map((p) => p.startedAt)));
    for (const p of parts) {
      for (const [k, v] of p.requests) m.requests.set(k, (m.requests.get(k) ?? 0) + v);
      for (const [k, h] of p.latency) {
        const have = m.latency.get(k);
        if (!have) m.latency.set(k, { counts: [...h.counts], sum: h.sum, count: h.count });
        else {
          h.counts.forEach((c, i) => { have.counts[i] = (have.counts[i] ?? 0) + c; });
          have.sum += h.sum;
          have.count += h.count;
        }
      }
    }
    return m;
  }

  render(gauges: { name: string; help: string; value: number; labels?: Record<string, string> }[]): string {
    const out: string[] = [];
    out.push('# HELP fengqiao_http_requests_total HTTP requests answered, by method, route and status.');
    out.push('# TYPE fengqiao_http_requests_total counter');
    for (const [k, v] of [...this.requests].sort()) {
      const [method, route, status] = k.split('\u0000') as [string, string, string];
      out.push(`fengqiao_http_requests_total{method="${esc(method)}",route="${esc(route)}",status="${status}"} ${v}`);
    }
    out.push('# HELP fengqiao_http_request_duration_seconds Time from request to response, by method and route.');
    out.push('# TYPE fengqiao_http_request_duration_seconds histogram');
    for (const [k, h] of [...this.latency].sort()) {
      const [method, route] = k.split('\u0000') as [string, string];
      const l = `method="${esc(method)}",route="${esc(route)}"`;
      BUCKETS.forEach((b, i) => out.push(`fengqiao_http_request_duration_seconds_bucket{${l},le="${b}"} ${h.counts[i]}`));
      out.push(`fengqiao_http_request_duration_seconds_bucket{${l},le="+Inf"} ${h.count}`);
      out.push(`fengqiao_http_request_duration_seconds_sum{${l}} ${h.sum.toFixed(6)}`);
      out.push(`fengqiao_http_request_duration_seconds_count{${l}} ${h.count}`);
    }
    const seen = new Set<string>();
    for (const g of gauges) {
      if (!seen.has(g.name)) {
        out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
        seen.add(g.name);
      }
      const labels = g.labels ? `{${Object.entries(g.labels).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}` : '';
      out.push(`${g.name}${labels} ${g.value}`);
    }
    out.push('# HELP fengqiao_process_uptime_seconds Seconds since this server process started.', '# TYPE fengqiao_process_uptime_seconds gauge');
    out.push(`fengqiao_process_uptime_seconds ${((Date.now() - this.startedAt) / 1000).toFixed(0)}`);
    return `${out.join('\n')}\n`;
  }
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
