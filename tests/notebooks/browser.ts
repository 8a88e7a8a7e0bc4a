/**
 * The system Chromium driven by puppeteer-core, for the notebook and report tests: launch flags that
 * keep it off the network and out of the user's profile, and a look at a rendered report with every
 * request that is not a local file aborted.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";

// The functions passed to page.evaluate run in the page; the test tsconfig has no DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;

/** The first Chromium on PATH, or null. */
export function chromiumPath(): string | null {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    const r = spawnSync("which", [name], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** True when puppeteer-core is installed (a devDependency). */
export function hasPuppeteer(): boolean {
  try {
    require.resolve("puppeteer-core");
    return true;
  } catch {
    return false;
  }
}

/** Headless Chromium with a throw-away profile; `close()` also removes the profile. */
export async function launchChromium(executablePath: string): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const puppeteer = (await import("puppeteer-core")).default;
  const profile = mkdtempSync(join(tmpdir(), "chromium-profile-"));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a rendered page shows: figures, figures drawn (with their .main-svg), typeset formulas. */
export interface PageCounts {
  figures: number;
  drawn: number;
  math: number;
  /** TeX left between dollars in the text of markdown cells: formulas MathJax did not typeset. */
  rawMath: number;
}

/** Count figures, drawn figures and typeset math on the page. */
export function pageCounts(page: Page): Promise<PageCounts> {
  return page.evaluate(() => {
    const figures = [...document.querySelectorAll(".plotly-graph-div")];
    const markdown = [...document.querySelectorAll(".jp-RenderedMarkdown, .jp-MarkdownOutput, .rendered_html")].map((e: any) => e.textContent ?? "").join("\n");
    return {
      figures: figures.length,
      drawn: figures.filter((f: any) => f.querySelector(".main-svg") !== null).length,
      math: document.querySelectorAll("mjx-container").length,
      // TeX between dollars (a backslash, ^ or _ inside) still in the text; "\\$10M and ADV\\$" is prose
      rawMath: (markdown.match(/\$[^$\n]*[\\^_][^$\n]*\$/g) ?? []).length,
    };
  });
}

/**
 * Open a rendered report from disk with every non-file request aborted (the list of them is
 * returned), wait until each figure is drawn and MathJax has finished, and count.
 */
export async function openOffline(browser: Browser, htmlPath: string, { timeoutMs = 120_000 } = {}): Promise<PageCounts & { blocked: string[] }> {
  const page = await browser.newPage();
  const blocked: string[] = [];
  try {
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("file://") || url.startsWith("data:") || url.startsWith("blob:")) void request.continue();
      else {
        blocked.push(url);
        void request.abort();
      }
    });
    await page.goto(`file://${htmlPath}`, { waitUntil: "load", timeout: timeoutMs });
    await page
      .waitForFunction(() => [...document.querySelectorAll(".plotly-graph-div")].every((f: any) => f.querySelector(".main-svg") !== null), { timeout: timeoutMs, polling: 250 })
      .catch(() => undefined); // counted below: the assertion says what is missing
    // MathJax 3 (loaded in the head) resolves startup.promise once the page is typeset
    await page.evaluate(() => window.MathJax?.startup?.promise ?? null);
    return { ...(await pageCounts(page)), blocked };
  } finally {
    await page.close();
  }
}
