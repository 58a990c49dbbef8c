/**
 * Drives Debian's `chromium` in headless mode over the Chrome DevTools protocol on
 * `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-separated JSON messages): no port, no WebSocket
 * client needed (Node 20's WebSocket is still behind --experimental-websocket).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The chromium binary, or undefined when it is not installed. */
export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

/** Flags every run uses: headless, no sandbox (CI runs as root), nothing fetched by the browser itself. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-extensions',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--hide-scrollbars',
];

/** What a page did while loading. */
export interface PageObservations {
  /** Console messages of level error, uncaught exceptions and browser log errors (CSP violations, failed loads). */
  readonly consoleErrors: string[];
  /** URLs of every request the page made (the document itself included). */
  readonly requests: string[];
  /** Requests that failed, with the reason (e.g. `csp`). */
  readonly failedRequests: string[];
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string };

/** A CDP session on one page of a headless chromium. */
export class HeadlessChromium {
  readonly #child: ChildProcess;
  readonly #in: Writable;
  readonly #userDataDir: string;
  #nextId = 1;
  #pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  #listeners: ((m: Message) => void)[] = [];
  #sessionId = '';
  readonly stderr: string[] = [];

  private constructor(binary: string) {
    this.#userDataDir = mkdtempSync(path.join(os.tmpdir(), 'gen2to3-chromium-'));
    this.#child = spawn(binary, [...CHROMIUM_FLAGS, '--remote-debugging-pipe', `--user-data-dir=${this.#userDataDir}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    this.#in = this.#child.stdio[3] as Writable;
    const out = this.#child.stdio[4] as Readable;
    this.#child.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    let buffer = '';
    out.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nul: number;
      while ((nul = buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffer.slice(0, nul)) as Message;
        buffer = buffer.slice(nul + 1);
        this.#dispatch(message);
      }
    });
    this.#child.on('exit', () => {
      for (const p of this.#pending.values()) p.reject(new Error(`chromium exited: ${this.stderr.join('').slice(-2000)}`));
      this.#pending.clear();
    });
  }

  /** Starts chromium and opens a blank page to drive. */
  static async launch(binary: string): Promise<HeadlessChromium> {
    const browser = new HeadlessChromium(binary);
    const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' }, false);
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true }, false);
    browser.#sessionId = String(sessionId);
    return browser;
  }

  #dispatch(message: Message): void {
    if (message.id !== undefined) {
      const p = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) p?.reject(new Error(message.error.message));
      else p?.resolve(message.result ?? {});
      return;
    }
    for (const l of this.#listeners) l(message);
  }

  /** Sends a CDP command (to the page session unless `onPage` is false). */
  send(method: string, params: Record<string, unknown> = {}, onPage = true): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    const message = { id, method, params, ...(onPage ? { sessionId: this.#sessionId } : {}) };
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#in.write(`${JSON.stringify(message)}\0`);
    });
  }

  /** Loads `url` and records console errors and network requests until the load event (plus `settleMs`). */
  async load(url: string, settleMs = 300): Promise<PageObservations> {
    const obs: PageObservations = { consoleErrors: [], requests: [], failedRequests: [] };
    const requestUrls = new Map<string, string>();
    let loaded: () => void = () => undefined;
    const loadEvent = new Promise<void>((resolve) => (loaded = resolve));
    this.#listeners.push((m) => {
      const p = m.params ?? {};
      switch (m.method) {
        case 'Runtime.consoleAPICalled':
          if (p.type === 'error' || p.type === 'assert') obs.consoleErrors.push(`console.${String(p.type)}: ${JSON.stringify((p.args as { value?: unknown }[]).map((a) => a.value))}`);
          break;
        case 'Runtime.exceptionThrown':
          obs.consoleErrors.push(`exception: ${JSON.stringify((p.exceptionDetails as { text?: string }).text)}`);
          break;
        case 'Log.entryAdded': {
          const entry = p.entry as { level: string; text: string; url?: string };
          if (entry.level === 'error') obs.consoleErrors.push(`log: ${entry.text}${entry.url ? ` (${entry.url})` : ''}`);
          break;
        }
        case 'Network.requestWillBeSent': {
          const req = p.request as { url: string };
          requestUrls.set(String(p.requestId), req.url);
          obs.requests.push(req.url);
          break;
        }
        case 'Network.loadingFailed':
          obs.failedRequests.push(`${requestUrls.get(String(p.requestId)) ?? '?'}: ${String(p.blockedReason ?? p.errorText)}`);
          break;
        case 'Page.loadEventFired':
          loaded();
          break;
      }
    });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await this.send(`${domain}.enable`);
    await this.send('Page.navigate', { url });
    await loadEvent;
    await new Promise((r) => setTimeout(r, settleMs));
    return obs;
  }

  /** Evaluates `expression` in the page and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return (r.result as { value: T }).value;
  }

  /** A PNG of the whole page at `width` px (height capped at `maxHeight`). */
  async screenshot(width = 1280, maxHeight = 6000): Promise<Buffer> {
    const height = Math.min(maxHeight, Math.ceil(await this.evaluate<number>('document.documentElement.scrollHeight')));
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    const r = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
    return Buffer.from(String(r.data), 'base64');
  }

  /** Closes the browser and removes its profile. */
  async close(): Promise<void> {
    const exited = this.#child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.send('Browser.close', {}, false).catch(() => undefined);
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.#userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

/** `chromium --headless --dump-dom URL`: the DOM after parsing, as HTML text. */
export function dumpDom(binary: string, url: string): string {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'gen2to3-chromium-'));
  try {
    const r = spawnSync(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, '--dump-dom', url], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 2 ** 20 });
    if (r.status !== 0) throw new Error(`chromium --dump-dom exited ${r.status}: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
