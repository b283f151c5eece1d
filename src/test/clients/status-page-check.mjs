// Drives the proxy's status page in headless Chromium (Debian's /usr/bin/chromium, playwright-core from npm) the
// way an operator opens it: the login form, then the page. Prints what the page shows as one JSON object on
// stdout, for StatusPageIT to compare with /metrics and /health. Loopback only: every request the page makes is
// recorded, and any to another origin is reported.
//   STATUS_BASE_URL   e.g. http://127.0.0.1:41234
//   STATUS_ADMIN_KEY  the proxy's admin key (a test key)
//   STATUS_SCREENSHOT optional: a PNG of the page is written there
//   CHROMIUM_PATH     default /usr/bin/chromium
import { chromium } from "playwright-core";

const base = process.env.STATUS_BASE_URL;
const key = process.env.STATUS_ADMIN_KEY;
if (!base || !key) {
  console.error("STATUS_BASE_URL and STATUS_ADMIN_KEY are required");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  // a fixed locale and zone, so that the times the page writes (quota resets) can be compared with /health's
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US",
    timezoneId: "UTC" });
  const page = await context.newPage();
  const requested = [];
  const consoleErrors = [];
  page.on("request", (r) => requested.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));

  const first = await page.goto(base + "/status");
  const loginStatus = first.status();
  const loginMessage = (await page.textContent("#login-message")).trim();
  await page.fill("#key", key);
  consoleErrors.length = 0; // the login page's own 401 is expected (loginStatus); from here on none is
  await Promise.all([page.waitForURL(base + "/status"), page.click("button[type=submit]")]);
  if (!(await page.$("#stale"))) {
    throw new Error("not on the status page after logging in: " + page.url() + " "
      + (await page.textContent("body")).replace(/\s+/g, " ").slice(0, 300));
  }
  await page.waitForFunction(() => document.body.hasAttribute("data-loaded")
    || !document.getElementById("stale").hidden, null, { timeout: 20000 });
  const stale = await page.evaluate(() => document.getElementById("stale").hidden ? null
    : document.getElementById("stale").textContent);
  if (stale) {
    throw new Error("the page could not draw its data: " + stale + "; console: " + consoleErrors.join(" | "));
  }

  const shown = await page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent.trim();
    const bars = (box) => ({ // SP9: what the quota cell draws from the credential's quota
      rows: [...box.querySelectorAll(".quota-row")].map((row) => ({
        window: row.getAttribute("data-window"),
        label: row.querySelector(".quota-label").textContent,
        value: row.querySelector(".quota-value").textContent,
        width: row.querySelector(".fill").style.width,
        exhausted: row.classList.contains("exhausted"),
        red: row.querySelector(".fill").classList.contains("high"),
      })),
      error: box.querySelector(".quota-error") && box.querySelector(".quota-error").textContent,
      checked: box.querySelector(".quota-checked") && box.querySelector(".quota-checked").textContent,
      legacy: box.querySelector(".quota-legacy") && box.querySelector(".quota-legacy").textContent,
      text: box.textContent.trim(),
    });
    const table = (id) => [...document.querySelectorAll("#" + id + " tbody tr:not(.empty)")]
      .map((tr) => [...tr.children].map((td) => td.textContent.trim()));
    return {
      health: text("health"),
      requests: Number(text("requests")),
      errors: Number(text("errors")),
      openStreams: Number(text("open-streams")),
      usable: text("usable"),
      chatCompletions: text("chat-completions"),
      credentials: [...document.querySelectorAll("#credentials tbody tr:not(.empty)")].map((tr) => ({
        id: tr.children[0].textContent.trim(),
        kind: tr.children[1].textContent.trim(),
        state: tr.children[2].querySelector(".state").textContent.trim(),
        quota: bars(tr.children[3]),
      })),
      routes: table("routes"),
      nodes: table("nodes"),
      models: table("models").length,
      chartBars: document.querySelectorAll("#chart rect").length,
      documentCookie: document.cookie,
    };
  });

  // SP9: a credential without a quota field (none of the live ones lacks one) says so
  const quota = await page.evaluate(() => ({ absent: StatusPage.quotaBars(undefined).textContent }));

  const cookie = (await context.cookies()).find((c) => c.name === "fp_status");
  if (process.env.STATUS_SCREENSHOT) { // the live page as drawn above: real polled quota, nothing injected
    await page.evaluate(() => StatusPage.stop());
    await page.screenshot({ path: process.env.STATUS_SCREENSHOT, fullPage: true });
  }
  const foreign = requested.filter((u) => !u.startsWith(base + "/"));
  console.log(JSON.stringify({
    loginStatus, loginMessage, shown, quota, consoleErrors, foreignRequests: foreign, requested,
    cookie: cookie && { httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path,
      isKey: cookie.value === key },
  }));
} finally {
  await browser.close();
}
