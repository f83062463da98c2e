import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// Playwright cannot download its own browsers here: use Debian's chromium.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 30_000,
  retries: 0,
  workers: 1, // 2-core machine: the server and one browser are enough
  forbidOnly: !!process.env.CI,
  reporter: "list",
  use: { baseURL, launchOptions, trace: "off" },
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: baseURL,
    env: { E2E_PORT: String(port) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
    {
      name: "phone",
      // two app instances on one database is about the server, not the screen: desktop only
      testIgnore: /two-instances/,
      // Pixel 7 user agent and scale, with the full-height 412×915 viewport.
      use: { ...devices["Pixel 7"], viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true },
    },
  ],
});
