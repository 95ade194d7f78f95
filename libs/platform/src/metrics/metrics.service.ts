import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per app; metrics are created once and reused by name. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter<string>>();
  private readonly histograms = new Map<string, Histogram<string>>();
  private readonly gauges = new Map<string, Gauge<string>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'postventa_' });
  }

  counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
    let metric = this.counters.get(name);
    if (!metric) {
      metric = new Counter({ name, help, labelNames, registers: [this.registry] });
      this.counters.set(name, metric);
    }
    return metric;
  }

  histogram(name: string, help: string, labelNames: string[] = [], buckets?: number[]): Histogram<string> {
    let metric = this.histograms.get(name);
    if (!metric) {
      metric = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
      this.histograms.set(name, metric);
    }
    return metric;
  }

  /** A gauge; `collect` (if given) sets its value(s) on every scrape. */
  gauge(
    name: string,
    help: string,
    labelNames: string[] = [],
    collect?: (gauge: Gauge<string>) => void | Promise<void>,
  ): Gauge<string> {
    let metric = this.gauges.get(name);
    if (!metric) {
      metric = new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        ...(collect
          ? {
              async collect(this: Gauge<string>) {
                await collect(this);
              },
            }
          : {}),
      });
      this.gauges.set(name, metric);
    }
    return metric;
  }
}
