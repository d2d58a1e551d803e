/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) over a time window: where the CPU went
 * by package / area, and the top functions by self and by inclusive time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds on the clock V8 stamps the profile with. */
export interface Window {
  startUs: number;
  endUs: number;
}

export function summariseProfile(file: string, root: string, window?: Window, top = 20): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const label = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    if (!url) return name;
    const short = url.startsWith('file://') ? path.relative(root, new URL(url).pathname) : url;
    return `${name} ${short}:${lineNumber + 1}`;
  };
  const area = (n: ProfileNode) => {
    const { functionName, url } = n.callFrame;
    if (!url) return functionName.startsWith('(') ? functionName : '(V8 builtins / native)';
    if (url.startsWith('node:')) return 'node core';
    const file = url.startsWith('file://') ? new URL(url).pathname : url;
    const nm = file.lastIndexOf('/node_modules/');
    if (nm >= 0) {
      const parts = file.slice(nm + '/node_modules/'.length).split('/');
      return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? file);
    }
    const rel = path.relative(root, file);
    return rel.startsWith('..') ? file : `scriptdesk ${path.dirname(rel)}`;
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (window && (t < window.startUs || t > window.endUs)) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    total += duration;
    const key = label(node);
    self.set(key, (self.get(key) ?? 0) + duration);
    const a = area(node);
    areas.set(a, (areas.get(a) ?? 0) + duration);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id);
      if (!frame || frame.callFrame.functionName === '(root)') continue;
      const k = label(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + duration);
    }
  }
  const idle = areas.get('(idle)') ?? 0;
  const busy = total - idle;
  const pct = (us: number, of: number) => (of ? ((100 * us) / of).toFixed(1).padStart(5) : '  0.0');
  const rows = (m: Map<string, number>, n: number, of: number) =>
    [...m.entries()]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${pct(us, of)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return [
    `profile ${path.basename(file)}: ${(total / 1e6).toFixed(2)} s sampled${window ? ' in the measured window' : ''}, busy ${pct(busy, total).trim()}% (percentages below are of busy time)`,
    'by area (self time):',
    ...rows(areas, 18, busy),
    `top ${top} functions by self time:`,
    ...rows(self, top, busy),
    `top ${top} functions by inclusive time:`,
    ...rows(inclusive, top, busy),
  ].join('\n');
}
