/**
 * What the browser benchmark (browser.ts) installs in the kiosk page before any of its scripts run
 * (`page.addInitScript`), and what it reads back. Nothing here touches product code: it wraps browser
 * APIs the app uses (WebSocket's `onmessage`) and stands in for React DevTools' global hook, which
 * production React calls too.
 *
 * - Long tasks: PerformanceObserver 'longtask' (every task over 50 ms), and 'long-animation-frame'
 *   entries over 50 ms with their slowest scripts, to say what a long task was.
 * - React commits: render start = React's first write of its hooks dispatcher
 *   (`ReactSharedInternals.H`, set by `pushDispatcher` when a render pass starts) after the previous
 *   commit; end = `onCommitFiberRoot` (after the DOM mutations and layout effects).
 * - Patches: each Socket.IO frame `42/wallboard,["message",{"type":"patch",…,"seq":N,"serverTime":T…`
 *   is stamped on arrival (its head is read, not parsed). Socket.IO hands the message to the app in a
 *   microtask, the store's update schedules React's render in another: a chain of microtasks queued
 *   after the handler (HOPS deep) ends after all of them, still inside the message's task, and takes
 *   the DOM mutations made meanwhile. If there were any, painted = the next animation frame, then a
 *   message-channel task after it. Commits and render starts seen before then belong to the patch.
 */

export interface PatchRecord {
  readonly seq: number;
  /** The hub's clock when it started publishing this patch (ms since epoch, server). */
  readonly serverTime: number;
  /** Date.now() in the page on arrival, and performance.now(). */
  readonly receivedAt: number;
  readonly receivedPerf: number;
  readonly bytes: number;
  /** performance.now() when React first started rendering in this patch's task; null if it did not. */
  renderStart: number | null;
  /** performance.now() of the last commit in this patch's task, and of the end of its passive effects. */
  lastCommit: number | null;
  lastPassive: number | null;
  /** Arrival → end of the task's microtasks (decode, store, selectors, React), ms. */
  taskMs: number;
  mutated: boolean;
  /** Date.now() and performance.now() after the next frame; null if no DOM change / not yet. */
  paintedAt: number | null;
  paintedPerf: number | null;
}

export interface CommitRecord {
  readonly at: number;
  readonly ms: number;
  /** The patch whose message handler this commit ran in, or null (clock tick, rotation, resize…). */
  readonly seq: number | null;
}

/** A long animation frame and its slowest scripts ("<ms> <invoker> <function>@<file>"). */
export type LongFrame = { readonly start: number; readonly ms: number; readonly scripts: string[] };

export interface PageResults {
  readonly longTasks: { readonly start: number; readonly ms: number }[];
  readonly longTasksBefore: number;
  readonly longFrames: LongFrame[];
  readonly commits: CommitRecord[];
  /** Commits for which no render start was seen in the same task (time-sliced or not measurable). */
  readonly commitsUntimed: number;
  readonly patches: PatchRecord[];
  /** Every patch seq the page received, in or out of the window. */
  readonly received: number[];
  readonly hookInjected: boolean;
  readonly windowMs: number;
  /** Date.now() − (performance.timeOrigin + performance.now()) in the page, ms. */
  readonly clockSkew: number;
  readonly inlineScriptBytes: number;
}

export interface BenchApi {
  /** The window: from now for `ms` of the page's clock (a busy page runs this late, not the end). */
  start(ms: number): void;
  /** The highest patch seq received so far. */
  lastSeq(): number;
  results(): PageResults;
}

/** Self-contained (serialised into the page): no imports, no outer variables. */
export function instrument(timeReact: boolean): void {
  const now = () => performance.now();
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;
  const longTasks: { start: number; ms: number }[] = [];
  const longFrames: LongFrame[] = [];
  const commits: CommitRecord[] = [];
  const patches: PatchRecord[] = [];
  const untimed: number[] = [];
  let hookInjected = false;

  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  interface Loaf extends PerformanceEntry {
    scripts?: { duration: number; invoker?: string; sourceURL?: string; sourceFunctionName?: string }[];
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Loaf[]) {
        if (e.duration <= 50) continue;
        const scripts = [...(e.scripts ?? [])]
          .sort((a, b) => b.duration - a.duration)
          .slice(0, 3)
          .map(
            (s) =>
              `${Math.round(s.duration)} ms ${s.invoker ?? ''} ${s.sourceFunctionName ?? ''}@${(s.sourceURL ?? '').split('/').pop()}`,
          );
        longFrames.push({ start: e.startTime, ms: e.duration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {} // older browsers: long tasks only

  // React: a stand-in for the DevTools hook (production react-dom calls inject and onCommitFiberRoot).
  let renderStart: number | null = null;
  let current: PatchRecord | null = null;
  const hook = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map<number, unknown>(),
    inject(internals: { currentDispatcherRef?: Record<string, unknown> }) {
      const ref = internals.currentDispatcherRef;
      if (ref && timeReact && !hookInjected) {
        hookInjected = true;
        let h = ref.H;
        Object.defineProperty(ref, 'H', {
          configurable: true,
          enumerable: true,
          get: () => h,
          set: (v: unknown) => {
            if (renderStart === null) {
              const start = now();
              renderStart = start;
              if (current && current.renderStart === null) current.renderStart = start;
              // A render that ends without a commit in this task must not stretch the next one.
              setTimeout(() => {
                if (renderStart === start) renderStart = null;
              }, 0);
            }
            h = v;
          },
        });
      }
      return 1;
    },
    onCommitFiberRoot() {
      const t = now();
      if (renderStart === null) untimed.push(t);
      else commits.push({ at: t, ms: t - renderStart, seq: current?.seq ?? null });
      if (current) current.lastCommit = t;
      renderStart = null;
    },
    onPostCommitFiberRoot() {
      if (current) current.lastPassive = now();
    },
    onCommitFiberUnmount() {},
    checkDCE() {},
  };
  Object.defineProperty(window, '__REACT_DEVTOOLS_GLOBAL_HOOK__', { value: hook, configurable: true });

  // Painted: the next animation frame, then a task after it (the frame has been produced by then).
  const channel = new MessageChannel();
  const afterFrame: (() => void)[] = [];
  channel.port1.onmessage = () => {
    for (const f of afterFrame.splice(0)) f();
  };
  const observer = new MutationObserver(() => {
    if (current) current.mutated = true;
  });
  const watch = () =>
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  if (document.documentElement) watch();
  else document.addEventListener('readystatechange', watch, { once: true });

  const PREFIX = '42/wallboard,["message",{"type":"patch"';
  /** Microtask hops after the handler: Socket.IO's, the store's and React's chains are a few deep. */
  const HOPS = 50;
  const received: number[] = [];
  const wrap = (fn: (this: WebSocket, ev: MessageEvent) => unknown) =>
    function (this: WebSocket, ev: MessageEvent) {
      const data: unknown = ev.data;
      if (typeof data !== 'string' || !data.startsWith(PREFIX)) return fn.call(this, ev);
      const head = data.slice(0, 400);
      const p: PatchRecord = {
        seq: Number(/"seq":(\d+)/.exec(head)?.[1] ?? -1),
        serverTime: Number(/"serverTime":(\d+)/.exec(head)?.[1] ?? 0),
        receivedAt: Date.now(),
        receivedPerf: now(),
        bytes: data.length,
        renderStart: null,
        lastCommit: null,
        lastPassive: null,
        taskMs: 0,
        mutated: false,
        paintedAt: null,
        paintedPerf: null,
      };
      patches.push(p);
      received.push(p.seq);
      observer.takeRecords(); // mutations of earlier tasks are not this patch's
      current = p;
      let hops = 0;
      const settle = () => {
        if (++hops < HOPS) {
          queueMicrotask(settle);
          return;
        }
        current = null;
        p.taskMs = now() - p.receivedPerf;
        if (observer.takeRecords().length > 0) p.mutated = true;
        if (!p.mutated) return;
        requestAnimationFrame(() => {
          afterFrame.push(() => {
            p.paintedAt = Date.now();
            p.paintedPerf = now();
          });
          channel.port2.postMessage(0);
        });
      };
      try {
        return fn.call(this, ev);
      } finally {
        queueMicrotask(settle);
      }
    };
  const proto = WebSocket.prototype;
  const d = Object.getOwnPropertyDescriptor(proto, 'onmessage');
  const { get, set } = d ?? {};
  if (get && set)
    Object.defineProperty(proto, 'onmessage', {
      configurable: true,
      enumerable: d?.enumerable ?? true,
      get() {
        return get.call(this);
      },
      set(fn: unknown) {
        set.call(this, typeof fn === 'function' ? wrap(fn as (ev: MessageEvent) => unknown) : fn);
      },
    });

  const api: BenchApi = {
    start(ms) {
      windowStart = now();
      windowEnd = windowStart + ms;
    },
    lastSeq: () => Math.max(-1, ...received.slice(-50)),
    results() {
      let inline = 0;
      for (const s of document.querySelectorAll('script:not([src])')) inline += s.textContent?.length ?? 0;
      return {
        longTasks: longTasks.filter((t) => inWindow(t.start)),
        longTasksBefore: longTasks.filter((t) => t.start < windowStart).length,
        longFrames: longFrames.filter((f) => inWindow(f.start)),
        commits: commits.filter((c) => inWindow(c.at)),
        commitsUntimed: untimed.filter(inWindow).length,
        patches: patches.filter((p) => inWindow(p.receivedPerf)),
        received,
        hookInjected,
        windowMs: windowEnd - windowStart,
        clockSkew: Date.now() - (performance.timeOrigin + performance.now()),
        inlineScriptBytes: inline,
      };
    },
  };
  Object.defineProperty(window, '__callboardBench', { value: api });
}

/** The init script as text: tsx (esbuild, keepNames) wraps functions in `__name(…)`; give the page one. */
export const initScript = (timeReact: boolean) =>
  `var __name = (f) => f;\n(${instrument.toString()})(${timeReact});`;
