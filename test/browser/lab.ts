// Drives `npm run lab` and a headless Debian chromium (playwright-core) the way a user meets the notebooks.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../lib/plots/index.js';

export interface Lab {
  url: string;
  /** `http://127.0.0.1:PORT/lab/tree/<path>?token=...&reset` */
  open(path: string): string;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

/**
 * JupyterLab settings for the test server only: every cell kept in the page (no windowing, so all
 * figures can be counted) and no news pop-up over the notebook.
 */
function testSettingsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ww-lab-settings-'));
  const write = (ext: string, plugin: string, value: unknown) => {
    mkdirSync(join(dir, ext), { recursive: true });
    writeFileSync(join(dir, ext, `${plugin}.jupyterlab-settings`), JSON.stringify(value));
  };
  write('@jupyterlab/notebook-extension', 'tracker', { windowingMode: 'none' });
  write('@jupyterlab/apputils-extension', 'notification', { fetchNews: 'false', checkForUpdates: false });
  return dir;
}

/** Starts `npm run lab -- --no-browser --port P` in its own process group; resolves once it prints its URL. */
export async function startLab(env: Record<string, string>, timeoutMs = 300_000): Promise<Lab> {
  const port = await freePort();
  const child: ChildProcess = spawn('npm', ['run', '--silent', 'lab', '--', '--no-browser', `--port=${port}`, '--ServerApp.ip=127.0.0.1'], {
    env: { ...process.env, ...env, JUPYTERLAB_SETTINGS_DIR: testSettingsDir(), JUPYTERLAB_WORKSPACES_DIR: mkdtempSync(join(tmpdir(), 'ww-lab-ws-')) },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let out = '';
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const closed = new Promise((ok) => child.once('close', ok));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await closed;
    clearTimeout(timer);
  };
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm run lab printed no URL within ${timeoutMs / 1000} s:\n${out.slice(-3000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      const m = /\[lab\] JupyterLab is serving .*: open (\S+)/.exec(out);
      if (m) { clearTimeout(timer); ok(m[1]!); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('close', (code) => { clearTimeout(timer); fail(new Error(`npm run lab exited (${code}) before printing its URL:\n${out.slice(-3000)}`)); });
  }).catch(async (err) => { await stop(); throw err; });
  const u = new URL(url);
  return {
    url,
    // `reset`: a fresh workspace, so notebooks opened earlier are not restored beside this one.
    open: (path) => `${u.origin}/lab/tree/${path}${u.search}&reset`,
    log: () => out,
    stop,
  };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The display name of the notebooks' kernel (setup installs it). */
export const KERNEL = 'TypeScript (whatwhere)';

const TOOLBAR_KERNEL = '.jp-NotebookPanel-toolbar .jp-KernelName';

/** In the page: whether an element matching `sel` names kernel `name`. */
const namesKernel = ([sel, name]: [string, string]) => Array.from(document.querySelectorAll(sel)).some((e) => (e.textContent ?? '').includes(name));

/** Waits until the notebook's toolbar names `kernel` as its session's kernel. */
function waitForKernelName(page: Page, kernel: string, timeoutMs: number): Promise<unknown> {
  return page.waitForFunction(namesKernel, [TOOLBAR_KERNEL, kernel] as [string, string], { timeout: timeoutMs, polling: 250 });
}

/** True when the notebook's toolbar names `kernel` as its session's kernel. */
function kernelAttached(page: Page, kernel: string): Promise<boolean> {
  return page.evaluate(namesKernel, [TOOLBAR_KERNEL, kernel] as [string, string]);
}

/**
 * Opens a notebook and waits until its session has a kernel attached (the toolbar names it) and idle. The
 * execution indicator alone can read idle before JupyterLab has attached the session's kernel; cells run in that
 * window find "no kernel" and each asks "Select Kernel".
 */
export async function openNotebook(page: Page, url: string, kernel = KERNEL): Promise<void> {
  await page.goto(url);
  await page.locator('.jp-Notebook .jp-Cell').first().waitFor({ timeout: 90_000 });
  await chooseKernelIfAsked(page);
  await waitForKernelName(page, kernel, 120_000);
  await waitForKernelIdle(page, 120_000);
}

export async function waitForKernelIdle(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.jp-mod-current .jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'idle'
    || document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]') !== null, undefined, { timeout: timeoutMs });
}

/**
 * JupyterLab asks "Select Kernel" when a cell is run while the session has no kernel attached (or starting
 * the notebook's kernel failed): one dialog per cell, queued, so Run All Cells can leave a stack of them. A user
 * picks the notebook's kernel while none is attached and dismisses the dialogs once the toolbar names it (picking
 * again would start yet another kernel and drop the one the cells are about to use). This does the same until no
 * dialog is left, for at most `budgetMs`. True when it asked.
 */
export async function chooseKernelIfAsked(page: Page, budgetMs = 240_000, kernel = KERNEL): Promise<boolean> {
  const dialogs = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
  const deadline = Date.now() + budgetMs;
  let picked = 0;
  let dismissed = 0;
  while ((await dialogs.count()) > 0) {
    if (Date.now() > deadline) throw new Error(`JupyterLab kept asking "Select Kernel" (${picked} picks, ${dismissed} dismissed in ${budgetMs / 1000} s)`);
    const dialog = await dialogs.first().elementHandle();
    if (dialog === null) continue;
    if (await kernelAttached(page, kernel)) {
      await (await dialog.$('.jp-Dialog-footer .jp-mod-reject'))?.click();
      dismissed++;
    } else {
      const value = await dialog.$$eval('select option', (opts, name) =>
        (opts as HTMLOptionElement[]).find((o) => (o.textContent ?? '').includes(name))?.value, kernel);
      if (value === undefined) throw new Error(`JupyterLab asked for a kernel and offers no "${kernel}"`);
      await (await dialog.$('select'))!.selectOption(value);
      await (await dialog.$('.jp-Dialog-footer .jp-mod-accept'))!.click();
      picked++;
      console.warn(`[browser] JupyterLab asked for a kernel: chose ${kernel} (${picked})`);
    }
    // Wait for this dialog to go (the next queued one, if any, takes its place), then for the kernel to attach.
    await dialog.waitForElementState('hidden', { timeout: 30_000 }).catch(() => undefined);
    await waitForKernelName(page, kernel, 60_000).catch(() => undefined);
    await page.waitForTimeout(500);
  }
  if (picked + dismissed === 0) return false;
  if (dismissed > 0) console.warn(`[browser] dismissed ${dismissed} more "Select Kernel" dialogs (the kernel was attached)`);
  await waitForKernelIdle(page, Math.max(30_000, deadline - Date.now()));
  return true;
}

/**
 * Runs every cell as a user would, from the Run menu (Run All Cells), then waits until every code cell has
 * its count. A kernel that has just started can drop the first request without a trace (JupyterLab still
 * shows it idle), so when no cell has started within `startMs` the menu command is given again, at most
 * three times in all.
 */
export async function runAll(page: Page, timeoutMs: number, startMs = 45_000): Promise<void> {
  const started = () => page.waitForFunction(() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'))
    .some((p) => /\[(\*|\d+)\]/.test(p.textContent ?? '')), undefined, { timeout: startMs, polling: 250 }).then(() => true, () => false);
  for (let attempt = 1; ; attempt++) {
    await chooseKernelIfAsked(page);
    await page.locator('.lm-MenuBar-item', { hasText: /^Run$/ }).click();
    await page.locator('#jp-mainmenu-run .lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();
    if (await started()) break;
    if (await chooseKernelIfAsked(page) && await started()) break;
    if (attempt === 3) throw new Error(`Run All Cells started no cell in ${3 * startMs / 1000} s (three tries)`);
  }
  await page.waitForFunction(() => {
    const prompts = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt'));
    return prompts.length > 0 && prompts.every((p) => /\[\d+\]/.test(p.textContent ?? ''));
  }, undefined, { timeout: timeoutMs, polling: 500 });
}

export interface FigureState { total: number; drawn: number; images: number; sizes: { w: number; h: number }[] }

/** Counts jupyterlab-plotly outputs and how many show a drawn Plotly SVG or a loaded PNG fallback. */
export function figureState(page: Page): Promise<FigureState> {
  return page.evaluate(() => {
    const figs = Array.from(document.querySelectorAll('.jp-RenderedPlotly'));
    // Plotly sizes its SVG by attributes (SVG elements have no offsetWidth); cells scrolled out of view may
    // skip layout (content-visibility), so sizes are read from what was drawn, not from the layout box.
    const svgDrawn = (svg: Element | null) => svg !== null && Number(svg.getAttribute('width')) > 50 && Number(svg.getAttribute('height')) > 50;
    const drawn = figs.filter((f) => svgDrawn(f.querySelector('.plot-container .main-svg')) && f.querySelector('.main-svg .plot, .main-svg .heatmaplayer, .main-svg .scatterlayer, .main-svg .barlayer') !== null);
    const images = figs.filter((f) => { const img = f.querySelector('img.plot-img') as HTMLImageElement | null; return img !== null && img.complete && img.naturalWidth > 50; });
    return { total: figs.length, drawn: drawn.length, images: images.length, sizes: figs.map((f) => ({ w: (f as HTMLElement).offsetWidth, h: (f as HTMLElement).offsetHeight })) };
  });
}

/** Text of every error output and of every stderr stream in the notebook. */
export function cellErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]',
  )).map((e) => (e.textContent ?? '').slice(0, 500)));
}

/** Scrolls the n-th figure into view and saves a screenshot of the page. */
export async function screenshotFigure(page: Page, n: number, file: string): Promise<void> {
  const fig = page.locator('.jp-RenderedPlotly').nth(n);
  await fig.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await page.screenshot({ path: file });
}
