// SPDX-License-Identifier: EUPL-1.2
// console.mjs — the interviewer's side in headless Chromium (issue 10, item
// 10): an interviewer enrols through the one-time link (this test computes
// the TOTP codes from the secret the page shows, RFC 6238, on the console's
// clock), signs in, opens the dossier of today's reserved interview, asks
// for a new photo that the applicant's page (a second browser context, its
// JavaScript off as in the applicant's journey) answers with an upload, and
// sees it appear in the dossier without a reload by hand (the console's own
// script polls); records the checks and the security features, the session
// code read from the applicant's page, a capture, approves, reads the
// activation code on the page; the activation mail arrives in the Maildir
// with its link and without the code. Every console page is checked for
// sideways scrolling at 1280 px and for use at 390 px. Screenshots:
// $DK_BUILD/browser/console-*.png.
//
// The applicant is real (a request through the intake's API, the proposal
// mail's link, the passport through the accept call, the document check);
// only the reserved slot is then moved to this morning (09:30-10:30 UTC on
// DK_NOW's day) with psql, since an outcome may only be given from the
// interview's start on and requests can only ask for later days.
// Needs the stack's environment and the interviewer that run.sh adds.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Failure, check, fail, psql, serverStep, totp, until } from './support.mjs';
import { textPart, waitForMail } from './mail.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = process.env.DK_BUILD || 'build';
const OUT = resolve(ROOT, BUILD, 'browser');
const DK = resolve(ROOT, BUILD, 'bin/dk');
// Photos the pipeline accepts (not an expired document's: run.sh asks
// tests/corpus/mrz_photos.py).
const PHOTO = resolve(ROOT, process.env.DK_BROWSER_PHOTO || 'build/corpus/good-00.jpg');
const NEW_PHOTO = resolve(ROOT, process.env.DK_BROWSER_NEW_PHOTO || 'build/corpus/good-10.jpg');
const CHROMIUM = process.env.DK_CHROMIUM || '/usr/bin/chromium';
const INTAKE = process.env.DK_INTAKE_URL;
const CONSOLE = process.env.DK_CONSOLE_URL;
const MAILDIR = process.env.DK_DEV_MAILDIR;
const DSN = process.env.DK_PG_DSN;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const WAIT_MS = 60000;
const NAV_TIMEOUT_MS = 30000;
const PASSWORD = 'correct horse battery staple on a tuesday';
const STAFF_EMAIL = 'browser.staff.0123456789@example.be';
const APPLICANT_EMAIL = 'browser.console.0123456789@example.be';

// ---- what a person would trip over on a console page ----
async function layoutProblems(page, touch) {
    return page.evaluate((touchTargets) => {
        const vw = window.innerWidth;
        const out = [];
        const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.name ? `[name=${el.name}]` : '');
        const sw = document.scrollingElement.scrollWidth;
        if (sw > vw) {
            out.push(`scrolls sideways: ${sw} px of content in a ${vw} px viewport`);
            // What overflows its own box (the cause, when nothing sticks out).
            for (const el of document.body.querySelectorAll('*'))
                if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
                    out.push(`  ${name(el)} holds ${el.scrollWidth} px in ${el.clientWidth} px`);
        }
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && (r.right > vw + 0.5 || r.left < -0.5))
                out.push(`${name(el)} sticks out of the screen (${Math.round(r.left)}..${Math.round(r.right)} px)`);
        }
        for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden' || !el.checkVisibility()) continue;
            const text = [...(el.labels || [])].map((l) => l.textContent.trim()).join(' ');
            if (!text && !el.getAttribute('aria-label')) out.push(`${name(el)} has no label`);
        }
        if (touchTargets) {
            for (const el of document.querySelectorAll('button, input, select, textarea')) {
                if (el.type === 'hidden' || !el.checkVisibility()) continue;
                const target = (el.type === 'radio' || el.type === 'checkbox') ? el.closest('label') || el : el;
                const h = target.getBoundingClientRect().height;
                if (h < 44) out.push(`${name(el)}: touch target ${Math.round(h)} px high (< 44)`);
            }
        }
        return out;
    }, touch);
}

async function main() {
    check(INTAKE && CONSOLE && MAILDIR && DSN,
        'DK_INTAKE_URL, DK_CONSOLE_URL, DK_DEV_MAILDIR and DK_PG_DSN must be set (tests/browser/run.sh)');
    for (const f of [PHOTO, NEW_PHOTO, DK]) check(existsSync(f), `${f} is missing`);
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (f.startsWith('console-') && f.endsWith('.png')) rmSync(join(OUT, f));
    const t0 = Date.now();
    let step = 'setup';
    const say = (msg) => console.log(`ok   console  ${step.padEnd(30)} ${msg}  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);

    // ---- the applicant, through the intake's API ----
    const interviewer = psql("SELECT id FROM interviewers WHERE email = 'browser.interviewer@example.be'");
    check(/^[0-9a-f-]{36}$/.test(interviewer), 'no interviewer "Browser Test" (run.sh adds it)');
    const body = {
        last_name: 'Janssens', first_names: 'Els', birth_date: '1982-04-12', birth_country: 'BE',
        birth_place: 'Leuven', sex: 'F', email: APPLICANT_EMAIL,
        motivation: 'Ik wil mijn pensioendossier online bekijken.',
        preferred_slots: [{ date: '2026-12-17', from: '09:00', to: '12:00' }],
        language: 'nl', consent: true,
    };
    let resp = await fetch(INTAKE + '/api/v1/applications', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const created = await resp.json();
    check(resp.status === 201, `the request answered ${resp.status}: ${JSON.stringify(created)}`);
    const app = created.application_id, code = created.security_code;
    const proposalMail = await waitForMail(MAILDIR, APPLICANT_EMAIL,
        (m) => /\/proposal\/[A-Za-z0-9_-]{43}/.test(textPart(m)), 'proposal', WAIT_MS);
    const link = textPart(proposalMail).match(/https?:\/\/\S+\/proposal\/([A-Za-z0-9_-]{43})\b/);
    check(link, 'no link in the proposal mail');
    const token = link[1];
    const form = new FormData();
    form.set('security_code', code);
    form.set('document_kind', 'passport');
    form.set('front', new Blob([readFileSync(PHOTO)], { type: 'image/jpeg' }), 'passport.jpg');
    resp = await fetch(`${INTAKE}/api/v1/proposals/${token}/accept`, { method: 'POST', body: form });
    check(resp.status === 202 || resp.status === 200, `the accept answered ${resp.status}: ${await resp.text()}`);
    await until(() => psql(`SELECT status FROM applications WHERE id = '${app}'`) === 'reserved',
        WAIT_MS, 'the reservation');
    psql(`UPDATE appointments SET starts_at = '2026-12-02T09:30:00Z', ends_at = '2026-12-02T10:30:00Z',
          interviewer_id = '${interviewer}', room_id = 'browser-console-room'
          WHERE application_id = '${app}' AND status = 'reserved'`);
    const appt = psql(`SELECT id FROM appointments WHERE application_id = '${app}' AND status = 'reserved'`);
    say(`applicant ${app.slice(0, 8)}… reserved, moved to 10:30 today`);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    let page = null, n = 0;
    const shot = async (name) => {
        const file = join(OUT, `console-${String(++n).padStart(2, '0')}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
        return file;
    };
    // Each console page: screenshot at 1280 px, no sideways scrolling; then
    // at 390 px usable (nothing outside the screen, labels, touch targets).
    const look = async (name) => {
        const file = await shot(name);
        let problems = await layoutProblems(page, false);
        check(problems.length === 0, `${name} at ${DESKTOP.width} px (${file}):\n  ` + problems.join('\n  '));
        await page.setViewportSize(PHONE);
        try {
            problems = await layoutProblems(page, true);
            if (problems.length) {
                const narrow = await shot(name + '-390px');
                fail(`${name} at ${PHONE.width} px (${narrow}):\n  ` + problems.join('\n  '));
            }
        } finally {
            await page.setViewportSize(DESKTOP);
        }
    };
    const navigate = async (action) => {
        const [r] = await Promise.all([page.waitForNavigation({ timeout: NAV_TIMEOUT_MS }), action()]);
        check(r, 'the action did not load a page');
        return r;
    };
    try {
        const staffContext = await browser.newContext({
            viewport: DESKTOP, locale: 'nl-BE', timezoneId: 'Europe/Brussels',
        });
        staffContext.setDefaultTimeout(NAV_TIMEOUT_MS);
        const applicantContext = await browser.newContext({
            viewport: PHONE, isMobile: true, hasTouch: true, locale: 'nl-BE',
            timezoneId: 'Europe/Brussels', javaScriptEnabled: false,
        });
        applicantContext.setDefaultTimeout(NAV_TIMEOUT_MS);
        page = await staffContext.newPage();
        const applicant = await applicantContext.newPage();
        console.log(`browser: console at ${DESKTOP.width} px (script on), applicant at ${PHONE.width} px (JavaScript off)`);

        // a. Enrolment: password, then the secret shown and the first code.
        step = 'a. enrolment';
        const added = JSON.parse(execFileSync(DK, ['staff', 'add', '--name', 'Browser Interviewer',
            '--email', STAFF_EMAIL, '--role', 'interviewer', '--interviewer', interviewer], { encoding: 'utf8' }));
        check(added.enrol_url.startsWith(CONSOLE + '/enrol/'), `enrol_url ${added.enrol_url}`);
        resp = await page.goto(added.enrol_url + '?lang=en');
        check(resp.status() === 200, `the enrolment link answered ${resp.status()}`);
        await look('enrol-password');
        await page.getByLabel('New password').fill(PASSWORD);
        resp = await navigate(() => page.getByRole('button', { name: 'Save the password' }).click());
        check(resp.status() === 200, `setting the password answered ${resp.status()}`);
        const secret = (await page.locator('#secret').innerText()).replace(/\s+/g, '');
        check(/^[A-Z2-7]{32}$/.test(secret), `the secret shown is "${secret}"`);
        check(await page.locator('figure.qr svg').count() === 1, 'no QR code');
        await look('enrol-totp');
        const enrolStep = (await serverStep(CONSOLE)) - 1; // one step of drift: the next ones stay free
        await page.getByLabel('Code from your authenticator app').fill(totp(secret, enrolStep));
        resp = await navigate(() => page.getByRole('button', { name: 'Confirm' }).click());
        check(resp.status() === 200, `the first code answered ${resp.status()}`);
        await look('enrolled');
        say('enrolled with the computed code');

        // b. Sign-in: password and a later code.
        step = 'b. sign-in';
        resp = await page.goto(CONSOLE + '/interviews?lang=en');
        check(new URL(resp.url()).pathname === '/signin', `without a session: ${resp.url()}`);
        await page.getByLabel('E-mail address').fill(STAFF_EMAIL);
        await page.getByLabel('Password').fill(PASSWORD);
        const cur = await serverStep(CONSOLE);
        await page.getByLabel('Code from your authenticator app').fill(totp(secret, Math.max(enrolStep + 1, cur - 1)));
        await look('signin');
        resp = await navigate(() => page.getByRole('button', { name: 'Sign in' }).click());
        check(new URL(resp.url()).pathname === '/interviews', `after signing in: ${resp.url()}`);
        const row = page.locator(`tr[data-appointment="${appt}"]`);
        check(await row.count() === 1, 'today\'s interview is not in the list');
        await look('interviews');
        say('signed in, the interview listed');

        // c. The dossier; the applicant's page open with link and code.
        step = 'c. dossier';
        resp = await navigate(() => row.getByRole('link', { name: /Janssens/ }).click());
        check(resp.status() === 200 && resp.url().includes(appt), `the dossier: ${resp.status()} ${resp.url()}`);
        const docImage = page.locator('#documents img.document-image').first();
        check(await docImage.evaluate((img) => img.complete && img.naturalWidth > 0), 'the passport image is not shown');
        await look('dossier');
        resp = await applicant.goto(`${INTAKE}/proposal/${token}?lang=nl`);
        check(resp.status() === 200, `the applicant's link answered ${resp.status()}`);
        await applicant.getByLabel('Beveiligingscode', { exact: true }).fill(code);
        const [aresp] = await Promise.all([applicant.waitForNavigation(),
            applicant.getByRole('button', { name: 'Verder' }).click()]);
        check(aresp.status() === 200, `the applicant's code answered ${aresp.status()}`);
        say('dossier open; the applicant\'s page open');

        // d. A new photo: asked, answered from the applicant's page, shown
        // in the dossier by its script, the page not reloaded.
        step = 'd. new photo';
        await page.getByLabel('Photo to ask for').selectOption('passport_page');
        await navigate(() => page.getByRole('button', { name: 'Ask for a new photo' }).click());
        check(await page.locator('#photos [data-subject="passport_page"]').count() === 1, 'the request is not shown');
        await look('photo-asked');
        await page.evaluate(() => { window.dkNotReloaded = true; });
        await applicant.reload();
        const photoForm = applicant.locator('section[id^="photo-"] form');
        check(await photoForm.count() === 1, 'the applicant\'s page shows no new-photo form');
        await photoForm.locator('input[type=file]').setInputFiles(NEW_PHOTO);
        await Promise.all([applicant.waitForNavigation(), photoForm.getByRole('button', { name: 'Foto versturen' }).click()]);
        await applicant.screenshot({ path: join(OUT, 'console-applicant-photo-sent.png'), fullPage: true });
        const shown = Date.now();
        await page.locator('#photos figure[data-status="accepted"] img').waitFor({ timeout: WAIT_MS });
        check(await page.evaluate(() => window.dkNotReloaded === true), 'the dossier was reloaded');
        const img = page.locator('#photos figure[data-status="accepted"] img');
        await until(() => img.evaluate((i) => i.complete && i.naturalWidth > 0), 10000, 'the new photo drawn');
        await look('photo-arrived');
        say(`the new photo accepted and shown after ${((Date.now() - shown) / 1000).toFixed(1)} s, no reload`);

        // e. The checks and the drawn security features.
        step = 'e. checks';
        for (const key of ['primary_document', 'not_forged', 'not_stolen', 'person_matches', 'data_matches']) {
            const f = page.locator(`form[data-check="${key}"]`);
            await f.locator('input[value="yes"]').check();
            await navigate(() => f.getByRole('button', { name: 'Record' }).click());
        }
        const valid = page.locator('form[data-check="document_valid"]');
        await valid.locator('input[name="valid_until"]').fill('2031-05-01');
        await navigate(() => valid.getByRole('button', { name: 'Record' }).click());
        const features = await page.locator('form[data-check^="feature."]').evaluateAll(
            (fs) => fs.map((f) => f.getAttribute('data-check')));
        check(features.length >= 3, `${features.length} features drawn`);
        for (const key of features) {
            const f = page.locator(`form[data-check="${key}"]`);
            await f.locator('input[value="seen"]').check();
            await navigate(() => f.getByRole('button', { name: 'Record' }).click());
        }
        await look('checks');
        say(`6 checks and ${features.length} features recorded`);

        // f. The session code: sent, read on the applicant's page, typed.
        step = 'f. session code';
        await navigate(() => page.getByRole('button', { name: 'Send code' }).click());
        await applicant.reload();
        const sessionCode = await applicant.locator('[data-code]').getAttribute('data-code');
        check(/^[0-9]{6}$/.test(sessionCode || ''), `the applicant's page shows no session code (${sessionCode})`);
        await page.getByLabel('Code read aloud').fill(sessionCode);
        await navigate(() => page.getByRole('button', { name: 'Check the code' }).click());
        check((await page.locator('#code-state').innerText()).length > 0, 'no code state');
        await look('session-code');
        say('session code verified');

        // g. A capture of the person (the file; getDisplayMedia needs a
        // person to pick a screen).
        step = 'g. capture';
        check(await page.locator('#capture-form').isVisible(), 'the capture form is hidden with the script on');
        await page.getByLabel('What the image shows').selectOption('person');
        await page.getByLabel('Image (JPEG or PNG)').setInputFiles(PHOTO);
        await navigate(() => page.getByRole('button', { name: 'Add the image' }).click());
        check(await page.locator('figure.capture').count() === 1, 'the capture is not in the dossier');
        check(await page.locator('figure.capture img').evaluate((i) => i.complete && i.naturalWidth > 0),
            'the capture is not drawn');
        await look('capture');
        say('capture added');

        // h. Approval; the activation code on the page.
        step = 'h. approval';
        await page.locator('input[name="outcome"][value="approved"]').check();
        resp = await navigate(() => page.getByRole('button', { name: 'Record the outcome' }).click());
        check(resp.status() === 200 || resp.status() === 201, `the outcome answered ${resp.status()}`);
        const activation = (await page.locator('#activation-code').innerText()).trim();
        check(/^[2-9A-HJKMNP-Z-]{10,}$/.test(activation), `the activation code shown is "${activation}"`);
        await look('activation-code');
        say(`approved, activation code ${activation.slice(0, 4)}… shown`);

        // i. The activation mail: the link, never the code.
        step = 'i. activation mail';
        const mail = await waitForMail(MAILDIR, APPLICANT_EMAIL,
            (m) => /\/activate\/[A-Za-z0-9_-]{20,}/.test(textPart(m)), 'activation', WAIT_MS);
        check(mail.subject === 'CSAM – Mijn digitale sleutels: activatie', `the subject is "${mail.subject}"`);
        const all = mail.parts.map((p) => p.text || '').join('\n');
        check(!all.includes(activation) && !all.includes(activation.replace(/-/g, '')), 'the mail contains the code');
        say(`"${mail.subject}", link only`);

        // j. The dossier after the outcome, and the list, once more.
        step = 'j. after';
        await page.goto(`${CONSOLE}/interviews/${appt}?lang=fr`);
        check(await page.locator('#outcome').count() === 1, 'the dossier does not say the outcome');
        await look('dossier-after');
        await page.goto(`${CONSOLE}/interviews?lang=nl`);
        await look('interviews-after');
        say('pages checked at 1280 and 390 px');
    } catch (e) {
        try { if (page) await shot('FAILED'); } catch { /* the page may be gone */ }
        e.message = `console ${step}: ${e.message}`;
        throw e;
    } finally {
        await browser.close();
    }
    console.log(`browser: the interviewer's console passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
    console.error(`FAIL ${e instanceof Failure ? e.message : e.stack || e}`);
    process.exit(1);
});
