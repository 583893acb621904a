// SPDX-License-Identifier: EUPL-1.2
// dashboard.mjs — the operations dashboard in headless Chromium (issue 14):
// an operator enrolled through the console's one-time link (its JSON API:
// the console's pages are console.mjs's) signs in on the dashboard's own
// sign-in page with a TOTP code computed on the dashboard's clock; the page
// is checked at a laptop's 1366x768 and a wall screen's 1920x1080 (no
// sideways scrolling, every chart drawn, the funnel's numbers readable as
// text, the same figures as /api/v1/funnel), in nl and en, and its script
// replaces the figures within a few seconds without a reload. Two requests
// go through the intake's API first, so that the funnel is not empty.
// Screenshots: $DK_BUILD/browser/dashboard-*.png.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Failure, check, pause, serverStep, totp } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = process.env.DK_BUILD || 'build';
const OUT = resolve(ROOT, BUILD, 'browser');
const DK = resolve(ROOT, BUILD, 'bin/dk');
const CHROMIUM = process.env.DK_CHROMIUM || '/usr/bin/chromium';
const INTAKE = process.env.DK_INTAKE_URL;
const CONSOLE = process.env.DK_CONSOLE_URL;
const DASH = process.env.DK_DASHBOARD_URL;
const PASSWORD = 'correct horse battery staple on a tuesday';
const EMAIL = 'browser.operator.0123456789@example.be';
const SCREENS = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];

async function main() {
    check(INTAKE && CONSOLE && DASH, 'DK_INTAKE_URL, DK_CONSOLE_URL and DK_DASHBOARD_URL must be set (tests/browser/run.sh)');
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (f.startsWith('dashboard-') && f.endsWith('.png')) rmSync(join(OUT, f));
    const t0 = Date.now();
    const say = (msg) => console.log(`ok   dashboard ${msg}  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);

    for (const lang of ['nl', 'fr']) {
        const r = await fetch(INTAKE + '/api/v1/applications', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
                last_name: 'Claes', first_names: 'An', birth_date: '1979-03-03', birth_country: 'BE',
                birth_place: 'Brugge', sex: 'F', email: `dash.${lang}.${Date.now()}@example.be`,
                motivation: 'Belastingen.', preferred_slots: [{ date: '2026-12-15', from: '09:00', to: '12:00' }],
                language: lang, consent: true,
            }),
        });
        check(r.status === 201, `a request answered ${r.status}`);
    }
    // The operator, enrolled through the console's API.
    const added = JSON.parse(execFileSync(DK, ['staff', 'add', '--name', 'Browser Operator',
        '--email', EMAIL, '--role', 'operator'], { encoding: 'utf8' }));
    let r = await fetch(added.enrol_url, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ password: PASSWORD }) });
    check(r.status === 200, `enrolment answered ${r.status}`);
    const secret = (await r.json()).totp_secret;
    const enrolStep = (await serverStep(CONSOLE)) - 1;
    r = await fetch(added.enrol_url + '/confirm', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ totp: totp(secret, enrolStep) }) });
    check(r.status === 204, `the first code answered ${r.status}`);
    say('operator enrolled');

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
        const context = await browser.newContext({ viewport: SCREENS[0] });
        context.setDefaultTimeout(30000);
        const page = await context.newPage();
        const errors = [];
        page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', (e) => errors.push(String(e)));
        let resp = await page.goto(DASH + '/?lang=en');
        check(new URL(resp.url()).pathname === '/signin', `without a session: ${resp.url()}`);
        await page.getByLabel('E-mail address').fill(EMAIL);
        await page.getByLabel('Password').fill(PASSWORD);
        const cur = await serverStep(DASH);
        await page.getByLabel('Code from your authenticator app').fill(totp(secret, Math.max(enrolStep + 1, cur - 1)));
        await page.screenshot({ path: join(OUT, 'dashboard-signin.png') });
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
        check(new URL(page.url()).pathname === '/', `after signing in: ${page.url()}`);
        say('signed in on the dashboard');

        // The same figures as the JSON, once the requests are folded.
        const funnel = async () => (await (await page.request.get(DASH + '/api/v1/funnel')).json()).stages;
        const deadline = Date.now() + 60000;
        while ((await funnel()).requested < 2) {
            check(Date.now() < deadline, 'the two requests never reached the funnel');
            await pause(500);
        }
        for (const size of SCREENS) {
            for (const lang of ['nl', 'en']) {
                await page.setViewportSize(size);
                // The pipeline may still be folding earlier journeys' requests:
                // the page is compared with the JSON only when the JSON held
                // still across the page's load and reading (else again).
                const names = ['requested', 'proposed', 'waiting'];
                for (let tries = 1; ; tries++) {
                    const before = await funnel();
                    await page.goto(`${DASH}/?lang=${lang}`);
                    const shown = [];
                    for (const name of names) shown.push(Number(await page.locator(`#stage-${name}`).textContent()));
                    const stages = await funnel();
                    if (names.some((name) => before[name] !== stages[name])) {
                        check(tries < 30, 'the funnel never held still for a page load');
                        await pause(500);
                        continue;
                    }
                    names.forEach((name, i) =>
                        check(shown[i] === stages[name], `${name}: the page says ${shown[i]}, the JSON ${stages[name]}`));
                    break;
                }
                const problems = await page.evaluate(() => {
                    const out = [];
                    if (document.documentElement.scrollWidth > window.innerWidth + 1)
                        out.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
                    for (const svg of document.querySelectorAll('svg.chart')) {
                        const b = svg.getBoundingClientRect();
                        if (b.width < 200 || b.height < 40) out.push(`a chart of ${b.width}x${b.height}`);
                    }
                    const h = document.querySelector('#h-funnel');
                    if (!h || parseFloat(getComputedStyle(h).fontSize) < 14) out.push('the headings are too small');
                    return out;
                });
                check(problems.length === 0, `${size.width}x${size.height} ${lang}: ${problems.join('; ')}`);
                await page.screenshot({ path: join(OUT, `dashboard-${lang}-${size.width}x${size.height}.png`), fullPage: true });
                say(`${size.width}x${size.height} ${lang}: no sideways scrolling, charts drawn, funnel as the JSON`);
            }
        }
        // The script swaps in fresh figures without a reload.
        await page.evaluate(() => { document.getElementById('live').dataset.old = '1'; window.dkMark = 1; });
        await page.waitForFunction(() => !document.getElementById('live').dataset.old && window.dkMark === 1,
            null, { timeout: 20000 });
        say('the figures refreshed in place');
        check(errors.length === 0, `errors in the page: ${errors.join('; ')}`);
    } finally {
        await browser.close();
    }
}

main().then(() => console.log('browser: dashboard passed'), (e) => {
    console.error(`FAIL dashboard: ${e instanceof Failure ? e.message : e.stack}`);
    process.exit(1);
});
