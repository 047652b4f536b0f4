/**
 * A small Prometheus registry (text exposition format 0.0.4): counters and gauges with labels, plus the process
 * figures an operator expects. Small enough not to warrant a dependency.
 */
export type Labels = Readonly<Record<string, string>>;

export type Counter = { inc(labels?: Labels, by?: number): void };
export type Gauge = { set(value: number, labels?: Labels): void };

export type Metrics = {
  counter(name: string, help: string): Counter;
  gauge(name: string, help: string): Gauge;
  /** The exposition text for `GET /metrics`. */
  render(): string;
};

type Family = { type: 'counter' | 'gauge'; help: string; values: Map<string, number> };

export function createMetrics(options: { prefix?: string; startedAt: Date }): Metrics {
  const prefix = options.prefix ?? 'foedera_';
  const families = new Map<string, Family>();
  const family = (name: string, type: Family['type'], help: string): Family => {
    const full = prefix + name;
    const existing = families.get(full);
    if (existing !== undefined) return existing;
    const created: Family = { type, help, values: new Map() };
    families.set(full, created);
    return created;
  };
  return {
    counter(name, help) {
      const f = family(name, 'counter', help);
      return {
        inc: (labels = {}, by = 1) => f.values.set(key(labels), (f.values.get(key(labels)) ?? 0) + by),
      };
    },
    gauge(name, help) {
      const f = family(name, 'gauge', help);
      return { set: (value, labels = {}) => f.values.set(key(labels), value) };
    },
    render() {
      const memory = process.memoryUsage();
      const lines = [
        ...processFamily('process_resident_memory_bytes', 'Resident memory size in bytes', memory.rss),
        ...processFamily('process_heap_bytes', 'V8 heap used in bytes', memory.heapUsed),
        ...processFamily('process_heap_committed_bytes', 'V8 heap committed in bytes', memory.heapTotal),
        ...processFamily(
          'process_start_time_seconds',
          'Start time of the process since the Unix epoch in seconds',
          options.startedAt.getTime() / 1000,
        ),
      ];
      for (const [name, f] of families) {
        lines.push(`# HELP ${name} ${escapeHelp(f.help)}`, `# TYPE ${name} ${f.type}`);
        for (const [labels, value] of f.values) lines.push(`${name}${labels} ${value}`);
      }
      return lines.join('\n') + '\n';
    },
  };
}

function processFamily(name: string, help: string, value: number): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`];
}

function key(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`).join(',')}}`;
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
