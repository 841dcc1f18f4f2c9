// `npm run test:browser`: JupyterLab as a user meets it. `npm run lab` serves the repo; headless Debian chromium
// runs notebooks/04 live (Plotly figures drawn, no cell errors, saving leaves git clean) and opens the executed
// results/tiny/notebooks/04 (figures show without running anything). Screenshots go to test/browser/screenshots/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellErrors, figureState, launchChromium, openNotebook, runAll, screenshotFigure, startLab, type Lab } from './lab.js';

const NB = '04-representational-similarity.ipynb';
const EXECUTED = join('results', 'tiny', 'notebooks', NB);
const SHOTS = join('test', 'browser', 'screenshots');

let lab: Lab;
let browser: Browser;

beforeAll(async () => {
  // What CI meets on a fresh clone: no results yet. The paper command computes only what is missing.
  if (!existsSync(EXECUTED) || !readFileSync(EXECUTED, 'utf8').includes('application/vnd.plotly.v1+json')) {
    const r = spawnSync(process.execPath, ['bin/whatwhere.mjs', 'paper', '--scale', 'tiny', '--only', 'fig4'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`whatwhere paper --scale tiny --only fig4 failed (${r.status})`);
  }
  mkdirSync(SHOTS, { recursive: true });
  lab = await startLab({ WHATWHERE_SCALE: 'tiny', WHATWHERE_PNG: '0' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function newPage(): Promise<Page> {
  return browser.newPage({ viewport: { width: 1400, height: 1000 } });
}

describe('JupyterLab in headless chromium', () => {
  it('runs notebooks/04 live: every Plotly figure drawn, no cell errors, and saving leaves git clean', async () => {
    const committed = readFileSync(join('notebooks', NB));
    const page = await newPage();
    try {
      await openNotebook(page, lab.open(`notebooks/${NB}`));
      await runAll(page, 420_000);
      await page.waitForFunction(() => document.querySelectorAll('.jp-RenderedPlotly .main-svg').length >= 7, undefined, { timeout: 60_000 });
      const figs = await figureState(page);
      expect(figs.total).toBe(7);     // Fig 4a at four layers, 4b, D.2, D.3
      expect(figs.drawn).toBe(7);
      expect(await cellErrors(page)).toEqual([]);
      await screenshotFigure(page, 0, join(SHOTS, 'live-04-fig4a.png'));
      await screenshotFigure(page, 6, join(SHOTS, 'live-04-figD3.png'));
      await page.keyboard.press('Control+s');
      await page.waitForTimeout(3000);
      expect(spawnSync('git', ['status', '--porcelain', '--', 'notebooks/'], { encoding: 'utf8' }).stdout).toBe('');
    } catch (err) {
      await page.screenshot({ path: join(SHOTS, 'live-04-failed.png') }).catch(() => undefined);
      writeFileSync(join(SHOTS, 'live-04-failed-lab.log'), lab.log());
      // CI's clone is gone afterwards: the server's side of the story goes to the test output too.
      console.error(`[browser] JupyterLab log (last 6000 characters):\n${lab.log().slice(-6000)}`);
      throw err;
    } finally {
      await page.close();
      writeFileSync(join('notebooks', NB), committed);
    }
  });

  it('opens the executed results/tiny/notebooks/04 with its figures showing, without running it', async () => {
    const page = await newPage();
    try {
      await openNotebook(page, lab.open(EXECUTED));
      await page.waitForFunction(() => document.querySelectorAll('.jp-RenderedPlotly').length >= 7, undefined, { timeout: 60_000 });
      await page.waitForTimeout(3000);
      const figs = await figureState(page);
      expect(figs.total).toBe(7);
      // Each shows the drawn figure, or its PNG fallback until hovered (jupyterlab-plotly's way).
      expect(figs.drawn + figs.images).toBeGreaterThanOrEqual(7);
      const prompts = await page.locator('.jp-CodeCell .jp-InputPrompt').allTextContents();
      expect(prompts.map((p) => p.trim())).toEqual(prompts.map((_, i) => `[${i + 1}]:`));
      await screenshotFigure(page, 0, join(SHOTS, 'executed-04-fig4a.png'));
      await screenshotFigure(page, 4, join(SHOTS, 'executed-04-fig4b.png'));
    } finally {
      await page.close();
    }
  });
});
