// SPDX-License-Identifier: EUPL-1.2
// keys.mjs — the digital key in headless Chromium (issue 12, item 5): two
// approved applicants each open the activation link at a phone viewport,
// type the activation code the interviewer read out, and make a key:
//  1. password + authenticator app: the page shows a QR code and the secret;
//     this test is the app (RFC 6238, SHA-1, 6 digits, 30 s, on the
//     intake's clock), types a first code, sees the done page (totp,
//     substantial), then signs in on /signin with a wrong code (refused in a
//     sentence), a fresh code (the result page says the key and the level)
//     and the same code again (refused: no replay);
//  2. a passkey, made by Chromium's virtual authenticator (DevTools
//     protocol, WebAuthn domain): first the person does not confirm (user
//     verification fails: the page says so, no key exists), then does; the
//     done page (passkey, substantial); then a sign-in with it on /signin.
// Every page: no console error, no uncaught exception, no CSP violation; no
// sideways scrolling, every field labelled, touch targets at least 44 px; the
// QR code and the secret readable at 390 px. The choice page and the sign-in
// page are looked at on a laptop too. Screenshots: $DK_BUILD/browser/keys-*.png.
//
// The applicants are real requests through the intake's API; their
// interview (reserved this morning, checks, session code, approval) is
// recorded by build/integration/interview_driver with common/interview, as
// the console records it (tests/browser/console.mjs drives the console's
// pages to the same approval). The page is opened at DK_PUBLIC_URL, which
// run.sh sets to http://localhost:PORT: WebAuthn takes no IP address as a
// relying party, and the passkeys' RP ID and origin are the public URL's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Failure, check, fail, pause, psql, totp, until } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = process.env.DK_BUILD || 'build';
const OUT = resolve(ROOT, BUILD, 'browser');
const DK = resolve(ROOT, BUILD, 'bin/dk');
const DRIVER = resolve(ROOT, BUILD, 'integration/interview_driver');
const CHROMIUM = process.env.DK_CHROMIUM || '/usr/bin/chromium';
const INTAKE = process.env.DK_INTAKE_URL;
const PUBLIC = (process.env.DK_PUBLIC_URL || '').replace(/\/+$/, '');
const VAR = process.env.DK_VAR_DIR;
const DSN = process.env.DK_PG_DSN;
const DK_NOW = process.env.DK_NOW || '2026-12-02T10:00:00Z';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const NAV_TIMEOUT_MS = 30000;
const WAIT_MS = 60000;
const PASSWORD = 'paarse olifant op de fiets';

function drive(op, args) {
    const out = JSON.parse(execFileSync(DRIVER, [op, JSON.stringify(args)], { encoding: 'utf8' }));
    check(out.rc === 0, `interview_driver ${op}: ${JSON.stringify(out)}`);
    return out;
}

// ---- the intake's clock, for the authenticator app's codes ----
// The intake's clock: DK_NOW at its process's start, advancing since
// (core/dk_clock.h); read from /proc as tests/integration does.
function intakeNow() {
    const pid = readFileSync(join(VAR, 'run/intake.pid'), 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(readFileSync('/proc/stat', 'utf8').match(/^btime (\d+)$/m)[1]);
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    return Date.parse(DK_NOW) / 1000 + (Date.now() / 1000 - (boot + ticks / hz));
}
// The intake's time step, away from its end so that a code stays valid, and
// from its start: intakeNow() reckons from the process's start (/proc's boot
// time in whole seconds), a little before the clock started, so the true time
// may lag by that much.
async function intakeStep() {
    for (let i = 0; i < 5; i++) {
        const now = intakeNow();
        if (now % 30 >= 6 && now % 30 < 24) return Math.floor(now / 30);
        await pause(((30 - (now % 30) + 6.3) % 30) * 1000);
    }
    fail('no stable time step on the intake');
}

// ---- an applicant approved at an interview held this morning ----
async function approved(email, lang, interviewer, staff) {
    const body = {
        last_name: 'Claes', first_names: 'Lotte', birth_date: '1979-03-21', birth_country: 'BE',
        birth_place: 'Hasselt', sex: 'F', email,
        motivation: 'Ik wil mijn belastingaangifte online invullen.',
        preferred_slots: [{ date: '2026-12-16', from: '09:00', to: '12:00' }],
        language: lang, consent: true,
    };
    const resp = await fetch(INTAKE + '/api/v1/applications', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const created = await resp.json();
    check(resp.status === 201, `the request answered ${resp.status}: ${JSON.stringify(created)}`);
    const app = created.application_id;
    // The scheduler proposes first; then the interview is this morning's.
    await until(() => ['proposed', 'waiting'].includes(psql(`SELECT status FROM applications WHERE id = '${app}'`)),
        WAIT_MS, 'the scheduler\'s proposal');
    psql(`UPDATE appointments SET status = 'withdrawn', ended_at = now()
           WHERE application_id = '${app}' AND status IN ('held', 'reserved');
          INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at, status,
                                    match, preferred_rank, token_hash, held_until, room_id,
                                    proposed_at, reserved_at)
          SELECT gen_random_uuid(), '${app}', '${interviewer}', '2026-12-02T09:30:00Z',
                 '2026-12-02T10:30:00Z', 'reserved', 'preferred', 1,
                 encode(sha256(gen_random_uuid()::text::bytea), 'hex'), '2026-12-02T09:30:00Z',
                 'browser-keys-' || left('${app}', 8), greatest(now(), max(proposed_at) + interval '1 second'), now()
            FROM (SELECT proposed_at FROM appointments WHERE application_id = '${app}'
                  UNION ALL SELECT NULL) AS p;
          UPDATE applications SET status = 'reserved' WHERE id = '${app}'`);
    const appt = psql(`SELECT id FROM appointments WHERE application_id = '${app}' AND status = 'reserved'`);
    const who = { staff_id: staff, appointment_id: appt };
    for (const c of ['primary_document', 'not_forged', 'not_stolen', 'person_matches', 'data_matches'])
        drive('check', { ...who, check: c, result: 'yes' });
    drive('check', { ...who, check: 'document_valid', valid_until: '2031-05-01' });
    for (const f of drive('features', { ...who, kind: 'be_id_card' }).features)
        drive('check', { ...who, check: 'feature.' + f.key, kind: 'be_id_card', result: 'seen' });
    drive('code_issue', who);
    const session = drive('code_live', { appointment_id: appt }).code;
    check(drive('code_verify', { ...who, code: session }).verified, 'the session code did not verify');
    const outcome = drive('outcome', { ...who, outcome: 'approved' });
    check(outcome.activation_code && outcome.activation_url, `no activation: ${JSON.stringify(outcome)}`);
    check(outcome.activation_url.startsWith(PUBLIC + '/activate/'),
        `the activation link ${outcome.activation_url} is not on ${PUBLIC}`);
    return { app, email, code: outcome.activation_code, link: outcome.activation_url };
}

// ---- what a person would trip over on a page ----
async function layoutProblems(page) {
    return page.evaluate(() => {
        const vw = window.innerWidth;
        const out = [];
        const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.name ? `[name=${el.name}]` : '');
        const sw = document.scrollingElement.scrollWidth;
        if (sw > vw) out.push(`scrolls sideways: ${sw} px of content in a ${vw} px viewport`);
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
        for (const el of document.querySelectorAll('button, input, select, textarea, a.button')) {
            if (el.type === 'hidden' || !el.checkVisibility()) continue;
            const target = (el.type === 'radio' || el.type === 'checkbox') ? el.closest('label') || el : el;
            const h = target.getBoundingClientRect().height;
            if (h < 44) out.push(`${name(el)}: touch target ${Math.round(h)} px high (< 44)`);
        }
        return out;
    });
}

async function main() {
    check(INTAKE && PUBLIC && VAR && DSN,
        'DK_INTAKE_URL, DK_PUBLIC_URL, DK_VAR_DIR and DK_PG_DSN must be set (tests/browser/run.sh)');
    check(new URL(PUBLIC).hostname === 'localhost',
        `DK_PUBLIC_URL is ${PUBLIC}: a passkey needs a host name WebAuthn accepts (run.sh sets localhost)`);
    for (const f of [DK, DRIVER]) check(existsSync(f), `${f} is missing (make)`);
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (f.startsWith('keys-') && f.endsWith('.png')) rmSync(join(OUT, f));
    const t0 = Date.now();
    let step = 'setup';
    const say = (msg) => console.log(`ok   keys  ${step.padEnd(26)} ${msg}  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);

    const interviewer = psql("SELECT id FROM interviewers WHERE email = 'browser.interviewer@example.be'");
    check(/^[0-9a-f-]{36}$/.test(interviewer), 'no interviewer "Browser Test" (run.sh adds it)');
    // The interviewer's account: the console suite, run before on the same
    // stack, may have made it already (one account per interviewer).
    const staff = psql(`SELECT id FROM staff WHERE interviewer_id = '${interviewer}' AND disabled_at IS NULL`) ||
        JSON.parse(execFileSync(DK, ['staff', 'add', '--name', 'Browser Keys Interviewer',
            '--email', 'browser.keys.staff@example.be', '--role', 'interviewer', '--interviewer', interviewer],
        { encoding: 'utf8' })).staff_id;
    const appA = await approved('browser.keys.app.0123456789@example.be', 'en', interviewer, staff);
    const appP = await approved('browser.keys.passkey.0123456789@example.be', 'nl', interviewer, staff);
    say('two applicants approved');

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    let page = null, n = 0;
    // Console errors, uncaught exceptions, CSP violations: none expected,
    // but the status line Chromium logs for a page answered 401 or 422 on
    // purpose (expect() says which).
    const problems = [];
    let expected = new Set();
    const expect = (status) => { expected = new Set([status]); };
    const watch = (p) => {
        p.on('console', (m) => {
            if (m.type() !== 'error' && m.type() !== 'warning') return;
            const text = m.text();
            const st = text.match(/^Failed to load resource: the server responded with a status of (\d+)/);
            if (st && expected.has(Number(st[1]))) return;
            if (m.type() === 'warning' && !/Content.Security.Policy|Refused to/i.test(text)) return;
            problems.push(`${m.type()} on ${m.location().url}: ${text}`);
        });
        p.on('pageerror', (e) => problems.push(`uncaught on ${p.url()}: ${e.message}`));
        p.on('response', (r) => {
            if (r.request().resourceType() !== 'document' && r.status() >= 400)
                problems.push(`${r.status()} for ${r.url()}`);
        });
    };
    const shot = async (name) => {
        const file = join(OUT, `keys-${String(++n).padStart(2, '0')}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
        return file;
    };
    const look = async (name) => {
        const file = await shot(name);
        const found = await layoutProblems(page);
        check(found.length === 0, `${name} (${file}):\n  ` + found.join('\n  '));
        check(problems.length === 0, `${name}: the browser reported\n  ` + problems.join('\n  '));
        expected = new Set();
    };
    // A page at the laptop width too, then back to the phone.
    const onLaptop = async (name) => {
        const size = page.viewportSize();
        await page.setViewportSize(LAPTOP);
        try { await look(name + '-laptop'); } finally { await page.setViewportSize(size); }
    };
    const navigate = async (action) => {
        const [r] = await Promise.all([page.waitForNavigation({ timeout: NAV_TIMEOUT_MS }), action()]);
        check(r, 'the action did not load a page');
        return r;
    };
    const phone = () => browser.newContext({
        viewport: PHONE, isMobile: true, hasTouch: true, locale: 'en-BE', timezoneId: 'Europe/Brussels',
    });
    try {
        // ---- 1. password + authenticator app ----
        step = '1a. choice';
        let ctx = await phone();
        ctx.setDefaultTimeout(NAV_TIMEOUT_MS);
        page = await ctx.newPage();
        watch(page);
        let resp = await page.goto(appA.link + '?lang=en');
        check(resp.status() === 200, `the activation link answered ${resp.status()}`);
        check(await page.locator('html').getAttribute('lang') === 'en', 'the page is not in English');
        await look('activate-choice');
        await onLaptop('activate-choice');
        await page.locator('#activation_code').fill(appA.code);
        await page.locator('#key_type-totp').check();
        await page.locator('#password').fill(PASSWORD);
        await page.locator('#password_repeat').fill(PASSWORD);
        await look('activate-filled-totp');
        resp = await navigate(() => page.locator('#activate-next').click());
        check(resp.status() === 200, `the choice answered ${resp.status()}`);
        say('code, authenticator app and password typed');

        step = '1b. QR code and secret';
        const qr = page.locator('#totp-qr svg');
        check(await qr.count() === 1, 'no QR code');
        const qrBox = await qr.boundingBox();
        check(qrBox && qrBox.width >= 160 && qrBox.height >= 160 && qrBox.x >= 0 && qrBox.x + qrBox.width <= PHONE.width,
            `the QR code is ${JSON.stringify(qrBox)} at ${PHONE.width} px: too small to scan, or cut off`);
        const secret = await page.locator('#totp-secret').getAttribute('data-secret');
        check(/^[A-Z2-7]{32}$/.test(secret || ''), `the secret is "${secret}"`);
        const shown = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
        check(shown === secret, `the secret shown (${shown}) is not the one given (${secret})`);
        const secretFont = await page.locator('#totp-secret').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        check(secretFont >= 16, `the secret is set in ${secretFont} px: too small to copy by hand on a phone`);
        await look('totp-qr');
        // A wrong first code: a sentence, no key.
        const enrolStep = (await intakeStep()) - 1; // one step back: the next ones stay free for the sign-in
        const goodEnrol = totp(secret, enrolStep);
        await page.locator('#totp').fill(totp(secret, enrolStep + 20));
        expect(401);
        resp = await navigate(() => page.locator('#totp-submit').click());
        check(resp.status() === 401, `a wrong first code answered ${resp.status()}`);
        const enrolError = (await page.locator('#totp-error').innerText()).trim();
        check(/not right/.test(enrolError), `the wrong first code is said as "${enrolError}"`);
        check(/new QR code/.test(await page.locator('#totp-start-over').innerText()),
            'after a wrong code, the page does not say how to get a new QR code');
        check(psql(`SELECT count(*) FROM digital_keys WHERE application_id = '${appA.app}'`) === '0',
            'a key exists after a wrong first code');
        await look('totp-wrong-code');
        say(`QR code ${Math.round(qrBox.width)} px, secret ${secretFont} px; a wrong code: "${enrolError.slice(0, 40)}…"`);

        step = '1c. first code';
        await page.locator('#totp').fill(goodEnrol);
        resp = await navigate(() => page.locator('#totp-submit').click());
        check(resp.status() === 201, `the first code answered ${resp.status()}`);
        const summary = page.locator('#key-summary');
        check(await summary.getAttribute('data-key-type') === 'totp', 'the done page does not say totp');
        check(await summary.getAttribute('data-level') === 'substantial', 'the done page does not say substantial');
        check(/Keep your password/.test(await page.locator('#done-next').innerText()), 'the done page does not say to keep the password');
        await look('totp-done');
        check(psql(`SELECT status FROM applications WHERE id = '${appA.app}'`) === 'activated', 'not activated');
        say(`done: "${(await page.locator('#key-type').innerText()).trim()}", "${(await page.locator('#key-level').innerText()).trim()}"`);

        step = '1d. sign-in';
        resp = await navigate(() => page.locator('#go-signin').click());
        check(resp.status() === 200 && new URL(resp.url()).pathname === '/signin', `the way to sign in: ${resp.url()}`);
        await look('signin');
        await onLaptop('signin');
        await page.locator('#identifier').fill(appA.email);
        await page.locator('#password').fill(PASSWORD);
        let cur = await intakeStep();
        await page.locator('#totp').fill(totp(secret, cur + 20));
        expect(401);
        resp = await navigate(() => page.locator('#signin-submit').click());
        check(resp.status() === 401, `a wrong code answered ${resp.status()}`);
        const wrong = (await page.locator('.banner[role=alert]').innerText()).trim();
        check(/not right/.test(wrong), `the wrong code is said as "${wrong}"`);
        check(await page.locator('#identifier').inputValue() === appA.email, 'the address typed is gone');
        await look('signin-wrong-code');
        await page.locator('#password').fill(PASSWORD);
        cur = await intakeStep();
        const fresh = totp(secret, Math.max(enrolStep + 1, cur));
        await page.locator('#totp').fill(fresh);
        resp = await navigate(() => page.locator('#signin-submit').click());
        check(resp.status() === 200, `the sign-in answered ${resp.status()}`);
        check(await page.locator('#signin-result').isVisible(), 'no result');
        check(await summary.getAttribute('data-key-type') === 'totp', 'the result does not say totp');
        check(await summary.getAttribute('data-level') === 'substantial', 'the result does not say substantial');
        await look('signin-totp-ok');
        say(`wrong code refused ("${wrong.slice(0, 40)}…"); signed in: substantial`);
        // The same code once more: refused (no replay).
        await page.goto(PUBLIC + '/signin?lang=en');
        await page.locator('#identifier').fill(appA.email);
        await page.locator('#password').fill(PASSWORD);
        await page.locator('#totp').fill(fresh);
        expect(401);
        resp = await navigate(() => page.locator('#signin-submit').click());
        check(resp.status() === 401, `the same code again answered ${resp.status()}`);
        await look('signin-totp-replay');
        say('the same code again: refused');
        await ctx.close();

        // ---- 2. a passkey, from Chromium's virtual authenticator ----
        step = '2a. passkey page';
        ctx = await phone();
        ctx.setDefaultTimeout(NAV_TIMEOUT_MS);
        page = await ctx.newPage();
        watch(page);
        const cdp = await ctx.newCDPSession(page);
        await cdp.send('WebAuthn.enable');
        const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
            options: {
                protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
                hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true,
            },
        });
        resp = await page.goto(appP.link + '?lang=nl');
        check(resp.status() === 200, `the activation link answered ${resp.status()}`);
        await look('passkey-choice-nl');
        await page.locator('#activation_code').fill(appP.code);
        await page.locator('#key_type-passkey').check();
        resp = await navigate(() => page.locator('#activate-next').click());
        check(resp.status() === 200, `choosing the passkey answered ${resp.status()}`);
        await page.locator('#passkey-create:enabled').waitFor();
        await look('passkey-page');
        say('the passkey page, its button ready');

        step = '2b. refused';
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
        await page.locator('#passkey-create').click();
        await page.locator('#passkey-error').waitFor({ state: 'visible' });
        const refused = (await page.locator('#passkey-error').innerText()).trim();
        check(refused.length > 20, `the refusal is said as "${refused}"`);
        check(await page.locator('#passkey-create').isEnabled(), 'the button stays disabled after a refusal');
        check(psql(`SELECT count(*) FROM digital_keys WHERE application_id = '${appP.app}'`) === '0',
            'a key exists after the person refused');
        check((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length === 0,
            'the authenticator holds a credential after the refusal');
        await look('passkey-refused');
        say(`not confirmed: "${refused.slice(0, 50)}…"`);

        step = '2c. created';
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
        resp = await navigate(() => page.locator('#passkey-create').click());
        check(resp.status() === 201, `the passkey answered ${resp.status()}`);
        check(await page.locator('#key-summary').getAttribute('data-key-type') === 'passkey', 'not a passkey');
        check(await page.locator('#key-summary').getAttribute('data-level') === 'substantial', 'not substantial');
        const creds = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
        check(creds.length === 1, `${creds.length} credentials on the authenticator`);
        const stored = psql(`SELECT translate(encode(c.credential_id, 'base64'), E'\\n', '') FROM passkey_credentials c
            JOIN digital_keys k ON k.id = c.key_id WHERE k.application_id = '${appP.app}'`);
        check(stored === creds[0].credentialId, `the stored credential ${stored} is not the authenticator's ${creds[0].credentialId}`);
        check(/zonder wachtwoord/.test(await page.locator('#done-next').innerText()),
            'the passkey\'s done page speaks of a password');
        await look('passkey-done');
        say('passkey made: substantial');

        step = '2d. sign-in';
        resp = await navigate(() => page.locator('#go-signin').click());
        await page.locator('#passkey-signin:enabled').waitFor();
        // Without an address: said, nothing sent.
        await page.locator('#passkey-signin').click();
        await page.locator('#passkey-error').waitFor({ state: 'visible' });
        check(await page.locator('#identifier').evaluate((e) => e === document.activeElement), 'the address field has no focus');
        await look('signin-passkey-no-address');
        await page.locator('#identifier').fill(appP.email);
        // Not confirmed on the device: said, no sign-in.
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
        const noAddress = (await page.locator('#passkey-error').innerText()).trim();
        const failed = await page.locator('#passkey').getAttribute('data-failed');
        check(noAddress && failed && noAddress !== failed, `"${noAddress}" and "${failed}"`);
        await page.locator('#passkey-signin').click();
        await until(async () => (await page.locator('#passkey-error').innerText()).trim() === failed
            && await page.locator('#passkey-signin').isEnabled(), 10000, 'the refusal said');
        check(new URL(page.url()).pathname === '/signin', 'left the sign-in page');
        await look('signin-passkey-refused');
        await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
        resp = await navigate(() => page.locator('#passkey-signin').click());
        check(resp.status() === 200, `the passkey sign-in answered ${resp.status()}`);
        check(await page.locator('#key-summary').getAttribute('data-key-type') === 'passkey', 'the result is not a passkey');
        check(await page.locator('#key-summary').getAttribute('data-level') === 'substantial', 'the result is not substantial');
        const signCount = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0].signCount;
        check(psql(`SELECT c.sign_count FROM passkey_credentials c JOIN digital_keys k ON k.id = c.key_id
            WHERE k.application_id = '${appP.app}'`) === String(signCount), 'the sign counter is not kept');
        check(psql(`SELECT string_agg(s.result || ':' || s.key_type || ':' || coalesce(s.assurance_level, ''), ',' ORDER BY s.id)
            FROM key_signins s JOIN digital_keys k ON k.id = s.key_id WHERE k.application_id = '${appP.app}'`)
            .endsWith('ok:passkey:substantial'), 'the sign-in is not recorded');
        await look('signin-passkey-ok');
        await onLaptop('signin-passkey-ok');
        say(`signed in with the passkey: substantial (counter ${signCount})`);
        await ctx.close();
    } catch (e) {
        try { if (page && !page.isClosed()) await shot('FAILED'); } catch { /* the page may be gone */ }
        e.message = `keys ${step}: ${e.message}`;
        throw e;
    } finally {
        await browser.close();
    }
    console.log(`browser: the digital key passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
    console.error(`FAIL ${e instanceof Failure ? e.message : e.stack || e}`);
    process.exit(1);
});
