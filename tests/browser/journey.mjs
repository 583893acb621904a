// SPDX-License-Identifier: EUPL-1.2
// journey.mjs — the applicant's journey in headless Chromium at a phone
// viewport, with page JavaScript disabled (the pages must work without it):
// the request form, the security code, the proposal e-mail and its link,
// a wrong code then the right one, the passport upload, the document check,
// the reservation and its e-mail with a calendar entry. Asserts on what the
// applicant sees (visible text, HTTP status of each navigation), and on every
// page: no horizontal scrolling at the phone width, every field labelled,
// touch targets at least 44 px high; on the form and the proposal page, each
// preferred slot's Day above its From and To, those two side by side. The
// empty form is checked again at 320 px (the narrowest phones in use). A
// full-page screenshot of every step goes to $DK_BUILD/browser/
// (build/browser/).
//
// Needs the stack's environment (DK_INTAKE_URL, DK_DEV_MAILDIR) and an
// interviewer for nl, fr and en: tests/browser/run.sh sets both up.
// DK_BROWSER_LANGS=nl,fr,en chooses the journeys (in that order).
import { mkdirSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Failure, check, fail, pause } from './support.mjs';
import { textPart, waitForMail } from './mail.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = process.env.DK_BUILD || 'build';
const OUT = resolve(ROOT, BUILD, 'browser');
const PHOTO = resolve(ROOT, process.env.DK_BROWSER_PHOTO || 'build/corpus/good-00.jpg');
const CHROMIUM = process.env.DK_CHROMIUM || '/usr/bin/chromium';
const INTAKE = process.env.DK_INTAKE_URL;
// Where the mails' links point (run.sh: http://localhost:PORT, the same intake).
const PUBLIC = (process.env.DK_PUBLIC_URL || INTAKE || '').replace(/\/+$/, '');
const MAILDIR = process.env.DK_DEV_MAILDIR;
const LANGS = (process.env.DK_BROWSER_LANGS || 'nl,fr,en').split(',').filter(Boolean);
const PHONE = { width: 390, height: 844 };
const NARROW = { width: 320, height: 640 };
const MAIL_TIMEOUT_MS = 60000;
const CHECK_TIMEOUT_MS = 60000;
const NAV_TIMEOUT_MS = 30000;

// ---- what the applicant reads, per language (producers/intake/i18n.c) ----
const T = {
    nl: {
        formTitle: 'Video-interview aanvragen voor een digitale sleutel',
        lastName: 'Naam', firstNames: 'Voornaam of voornamen', birthDate: 'Geboortedatum',
        country: 'Geboorteland', place: 'Geboorteplaats', sex: 'Geslacht',
        sexes: { F: 'Vrouw', M: 'Man', X: 'X' }, insz: 'Rijksregister- of bisnummer',
        email: 'Persoonlijk e-mailadres', motivation: 'Waarvoor zal je de digitale sleutel',
        slot: (n) => `Tijdslot ${n}`, day: 'Dag', from: 'Van', to: 'Tot',
        language: 'Het interview verloopt in', languageName: 'Nederlands',
        consent: 'Ik ga ermee akkoord', submit: 'Interview aanvragen',
        successTitle: 'Je aanvraag is ontvangen', codeLabel: 'Je persoonlijke beveiligingscode',
        propTitle: 'Je voorstel voor een video-interview', codeField: 'Beveiligingscode',
        codeSubmit: 'Verder', codeWrong: 'Deze beveiligingscode klopt niet',
        slotLabel: 'Tijdslot (Belgische tijd)', proposed: 'We stellen je dit tijdslot voor',
        docKind: 'Soort document', passport: 'Paspoort', front: 'Voorkant',
        upload: 'Tijdslot bevestigen en document versturen',
        pending: 'Je document wordt gecontroleerd', rejected: 'Je document werd niet aanvaard',
        reserved: 'Je afspraak is definitief vastgelegd', video: 'Link naar het video-interview',
        month: 'december',
        weekdays: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
        // "dinsdag 8 december 2026, van 09:00 tot 09:30"
        when: /^(\S+ \d+ \S+ \d{4}), van (\d\d):(\d\d) tot (\d\d):(\d\d)$/,
    },
    fr: {
        formTitle: 'Demander un entretien vidéo pour une clé numérique',
        lastName: 'Nom', firstNames: 'Prénom(s)', birthDate: 'Date de naissance',
        country: 'Pays de naissance', place: 'Lieu de naissance', sex: 'Sexe',
        sexes: { F: 'Femme', M: 'Homme', X: 'X' }, insz: 'Numéro de registre national',
        email: 'Adresse e-mail personnelle', motivation: 'À quoi utiliserez-vous',
        slot: (n) => `Plage ${n}`, day: 'Jour', from: 'De', to: 'À',
        language: "L'entretien se déroule en", languageName: 'français',
        consent: "J'accepte que Sigedis", submit: "Demander l'entretien",
        successTitle: 'Votre demande a bien été reçue', codeLabel: 'Votre code de sécurité personnel',
        propTitle: "Votre proposition d'entretien vidéo", codeField: 'Code de sécurité',
        codeSubmit: 'Continuer', codeWrong: "Ce code de sécurité n'est pas correct",
        slotLabel: 'Plage horaire (heure belge)', proposed: 'Nous vous proposons cette plage horaire',
        docKind: 'Type de document', passport: 'Passeport', front: 'Recto',
        upload: 'Confirmer la plage horaire et envoyer le document',
        pending: 'Votre document est en cours de vérification',
        rejected: "Votre document n'a pas été accepté",
        reserved: 'Votre rendez-vous est définitivement réservé', video: "Lien vers l'entretien vidéo",
        month: 'décembre',
        weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
        // "mercredi 9 décembre 2026, de 10h00 à 10h30", as in the e-mails
        when: /^(\S+ \d+(?:er)? \S+ \d{4}), de (\d\d?)h(\d\d) à (\d\d?)h(\d\d)$/,
    },
    en: {
        formTitle: 'Request a video interview for a digital key',
        lastName: 'Last name', firstNames: 'First name(s)', birthDate: 'Date of birth',
        country: 'Country of birth', place: 'Place of birth', sex: 'Sex',
        sexes: { F: 'Female', M: 'Male', X: 'X' }, insz: 'National register or bis number',
        email: 'Personal e-mail address', motivation: 'What will you use the digital key for',
        slot: (n) => `Slot ${n}`, day: 'Day', from: 'From', to: 'To',
        language: 'The interview is held in', languageName: 'English',
        consent: 'I agree that Sigedis', submit: 'Request the interview',
        successTitle: 'Your request has been received', codeLabel: 'Your personal security code',
        propTitle: 'Your video interview proposal', codeField: 'Security code',
        codeSubmit: 'Continue', codeWrong: 'This security code is not correct',
        slotLabel: 'Slot (Belgian time)', proposed: 'We propose this slot to you',
        docKind: 'Kind of document', passport: 'Passport', front: 'Front',
        upload: 'Confirm the slot and send the document',
        pending: 'Your document is being checked', rejected: 'Your document was not accepted',
        reserved: 'Your appointment is definitively booked', video: 'Link to the video interview',
        month: 'December',
        weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
        // "Thursday 10 December 2026, 14:00–14:30"
        when: /^(\S+ \d+ \S+ \d{4}), (\d\d):(\d\d)–(\d\d):(\d\d)$/,
    },
};

// ---- the applicants: what each one types (valid at DK_NOW 2026-12-02,
// slots on working days 2026-12-07 .. 2026-12-18, 09:00-17:00) ----
// Ten digits: the e-mail field's content then has one width (the digits of
// Arial's metrics are equally wide; an address with three m/w in it once
// overflowed the field at 390 px). Fixed, not drawn: run.sh starts a fresh
// stack, and the screenshots of two runs must compare pixel for pixel.
const tag = '0123456789';
const PEOPLE = {
    nl: {
        lastName: 'Peeters', firstNames: 'Jan Marie', birthDate: '1985-07-30', country: 'België',
        place: 'Gent', sex: 'M', insz: '85.07.30-033.28',
        motivation: 'Ik wil mijn belastingaangifte online doen en mijn pensioendossier bekijken.',
        slots: [{ date: '2026-12-08', from: '09:00', to: '10:30' },
            { date: '2026-12-10', from: '13:00', to: '16:00' }],
    },
    fr: {
        lastName: 'Lefèvre', firstNames: 'Zoë Anaïs', birthDate: '1990-03-15', country: 'France',
        place: 'Lyon', sex: 'F', insz: '90.03.15-124.76',
        motivation: "Je veux consulter mon dossier de pension et remplir ma déclaration d'impôts en ligne.",
        slots: [{ date: '2026-12-09', from: '10:00', to: '12:00' }],
    },
    en: {
        lastName: "O'Brien", firstNames: 'Siobhán', birthDate: '1978-11-02', country: 'Ireland',
        place: 'Cork', sex: 'X', insz: '', // optional: left empty, as many foreigners would
        motivation: 'I want to file my Belgian tax return online and look at my pension file.',
        slots: [{ date: '2026-12-11', from: '14:00', to: '16:00' },
            { date: '2026-12-14', from: '09:00', to: '11:00' },
            { date: '2026-12-16', from: '13:00', to: '15:00' }],
    },
};

// ---- small helpers ----
const startsWith = (s) => new RegExp('^' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

// The date as the pages write it: "dinsdag 8 december 2026".
function dayText(lang, iso) {
    const d = new Date(iso + 'T12:00:00Z');
    const wd = T[lang].weekdays[(d.getUTCDay() + 6) % 7];
    const n = d.getUTCDate();
    return `${wd} ${n}${lang === 'fr' && n === 1 ? 'er' : ''} ${T[lang].month} ${d.getUTCFullYear()}`;
}
const minutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// Runs an action that navigates (a click on a submit button) and returns the
// final response of that navigation, after any redirect.
async function navigate(page, action) {
    const [resp] = await Promise.all([page.waitForNavigation({ timeout: NAV_TIMEOUT_MS }), action()]);
    check(resp, 'the action did not load a page');
    return resp;
}

async function visibleText(page) {
    return (await page.locator('body').innerText()).replace(/[ \t]+/g, ' ');
}

// What a phone user would trip over, measured in the page (page.evaluate
// runs even with the page's own JavaScript disabled).
async function phoneProblems(page) {
    return page.evaluate(() => {
        const vw = window.innerWidth;
        const out = [];
        const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.name ? `[name=${el.name}]` : '') + (el.className && typeof el.className === 'string'
                ? '.' + el.className.trim().split(/\s+/).join('.') : '');
        const sw = document.scrollingElement.scrollWidth;
        if (sw > vw) out.push(`scrolls sideways: ${sw} px of content in a ${vw} px viewport`);
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0 && (r.right > vw + 0.5 || r.left < -0.5))
                out.push(`${name(el)} sticks out of the screen (${Math.round(r.left)}..${Math.round(r.right)} px)`);
            const cs = getComputedStyle(el);
            if ((cs.overflowX === 'hidden' || cs.overflowX === 'clip' || cs.textOverflow === 'ellipsis')
                && el.scrollWidth > el.clientWidth + 1)
                out.push(`${name(el)} cuts its content off (${el.scrollWidth} > ${el.clientWidth} px)`);
        }
        for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden') continue;
            const labels = [...(el.labels || [])];
            // textContent: a label folded away in a closed <details> has no innerText.
            const text = labels.map((l) => l.textContent.trim()).join(' ');
            if (!text && !el.getAttribute('aria-label')) {
                out.push(`${name(el)} has no label`);
                continue;
            }
            if (el.checkVisibility() && !labels.some((l) => l.checkVisibility()
                && l.getBoundingClientRect().height > 0 && l.innerText.trim()))
                out.push(`${name(el)} is visible but its label is not`);
        }
        // Touch targets: the control, or for a radio or checkbox its label.
        for (const el of document.querySelectorAll('button, input, select, textarea, summary')) {
            if (el.type === 'hidden' || !el.checkVisibility()) continue;
            const target = (el.type === 'radio' || el.type === 'checkbox') ? el.closest('label') || el : el;
            const h = target.getBoundingClientRect().height;
            if (h < 44) out.push(`${name(el)}: touch target ${Math.round(h)} px high (< 44)`);
            // The button inside a file field is what people tap.
            if (el.type === 'file') {
                const b = getComputedStyle(el, '::file-selector-button');
                if (!(parseFloat(b.minHeight) >= 44))
                    out.push(`${name(el)}: its "choose file" button is not 44 px high (min-height ${b.minHeight})`);
            }
        }
        return out;
    });
}

// The preferred-slot rows laid out compactly (producers/intake/style.c): in
// every visible row, Day above From and To, From and To on one line (tops
// within 3 px), From left of To, each label above its input. Rows folded
// away in the closed <details> are not measured.
async function slotLayoutProblems(page) {
    return page.evaluate(() => {
        const out = [];
        let rows = 0;
        for (const set of document.querySelectorAll('fieldset.slot')) {
            if (!set.checkVisibility()) continue;
            rows++;
            const what = set.querySelector('legend').textContent.trim();
            const [day, from, to] = ['date', 'from', 'to']
                .map((part) => set.querySelector(`input[name$="_${part}"]`));
            if (!day || !from || !to) {
                out.push(`${what}: lacks a day, from or to input`);
                continue;
            }
            const [d, f, t] = [day, from, to].map((el) => el.getBoundingClientRect());
            if (Math.abs(f.top - t.top) > 3)
                out.push(`${what}: From (top ${Math.round(f.top)}) and To (top ${Math.round(t.top)}) are not on one line`);
            if (f.right > t.left + 0.5)
                out.push(`${what}: From (${Math.round(f.left)}..${Math.round(f.right)} px) is not left of To (from ${Math.round(t.left)} px)`);
            if (d.bottom > Math.min(f.top, t.top) + 0.5)
                out.push(`${what}: Day (bottom ${Math.round(d.bottom)}) is not above From and To (top ${Math.round(f.top)})`);
            for (const el of [day, from, to]) {
                const label = [...el.labels].find((l) => l.checkVisibility());
                if (!label) out.push(`${what}: ${el.name} has no visible label`);
                else if (label.getBoundingClientRect().bottom > el.getBoundingClientRect().top + 0.5)
                    out.push(`${what}: the label of ${el.name} is not above it`);
            }
        }
        if (rows === 0) out.push('no preferred-slot row is visible');
        return out;
    });
}

// What differs from run to run is written over, in the page shown, with a
// fixed value of the same form before each screenshot, so that the
// screenshots of two runs compare pixel for pixel (compare_screens.py): the
// security code, ids, the video room (random), and the minute a hold ends
// (the scheduler's clock runs from DK_NOW). The checks read the page before.
async function pinRunValues(page) {
    await page.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            node.nodeValue = node.nodeValue
                .replace(/\b[2-9A-HJKMNP-Z]{5}(?:-[2-9A-HJKMNP-Z]{5}){3}\b/g, '7KQ2M-X9RTP-4HWD8-C3NFA')
                .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
                    '01234567-89ab-4cde-8f01-23456789abcd')
                .replace(/(digitalkey-)([0-9a-f]+)/g, (m, p, room) => p + '0'.repeat(room.length))
                .replace(/(\d{4} (?:om|à|at) )\d\d?([:h])\d\d/g, (m, p, sep) => `${p}11${sep}00`);
        }
    });
}

// ---- the journey of one applicant ----
async function journey(lang) {
    const t = T[lang];
    const locale = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' }[lang];
    // One browser per language: on Linux, Chromium draws its own controls
    // (date and time fields, the file button) in the language of LANG.
    const browser = await chromium.launch({
        executablePath: CHROMIUM, args: ['--no-sandbox'],
        env: { ...process.env, LANG: locale.replace('-', '_') + '.UTF-8', LANGUAGE: locale.replace('-', '_') },
    });
    const who = PEOPLE[lang];
    const email = `browser.${lang}.${tag}@example.be`;
    let current = 'start';
    let page = null;
    let n = 0;
    // sub: an extra view of the last step ("01b"), numbered after it.
    const shot = async (step, sub = '') => {
        const number = String(sub ? n : ++n).padStart(2, '0') + sub;
        const file = join(OUT, `${lang}-${number}-${step}.png`);
        await pinRunValues(page);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
        return file;
    };
    try {
        const context = await browser.newContext({
            viewport: PHONE, screen: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true,
            locale, timezoneId: 'Europe/Brussels',
            javaScriptEnabled: false,
        });
        context.setDefaultTimeout(NAV_TIMEOUT_MS);
        if (lang === LANGS[0]) console.log(`browser: Chromium ${browser.version()}`);
        page = await context.newPage();
        const t0 = Date.now();
        // Every page: screenshot, then the phone checks; slots: also the
        // layout of the preferred-slot rows.
        const look = async (step, { slots = false, sub = '' } = {}) => {
            const file = await shot(step, sub);
            const width = await page.evaluate(() => window.innerWidth);
            const problems = await phoneProblems(page);
            if (slots) problems.push(...await slotLayoutProblems(page));
            check(problems.length === 0, `${step}: not usable at ${width} px (${file}):\n  `
                + problems.join('\n  '));
        };
        // The same page on the narrowest phone, then back to PHONE.
        const lookNarrow = async (step, opts) => {
            await page.setViewportSize(NARROW);
            try {
                const width = await page.evaluate(() => window.innerWidth);
                check(width === NARROW.width, `the page is ${width} px wide, not ${NARROW.width}`);
                await look(step, opts);
            } finally {
                await page.setViewportSize(PHONE);
            }
        };
        const say = (step, msg) => console.log(`ok   ${lang}  ${step.padEnd(34)} ${msg}`
            + `  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
        // a. The form, filled like a person would, label by label.
        current = 'a. form';
        let resp = await page.goto(`${INTAKE}/?lang=${lang}`);
        check(resp.status() === 200, `GET /?lang=${lang} answered ${resp.status()}`);
        check(await page.getByRole('heading', { level: 1, name: t.formTitle }).isVisible(),
            `the form's title "${t.formTitle}" is not visible`);
        check(await page.locator('html').getAttribute('lang') === lang, 'the page is not marked as ' + lang);
        await look('form-empty', { slots: true });
        await lookNarrow(`form-${NARROW.width}px`, { slots: true, sub: 'b' });
        await page.getByLabel(startsWith(t.lastName)).fill(who.lastName);
        await page.getByLabel(startsWith(t.firstNames)).fill(who.firstNames);
        await page.getByLabel(startsWith(t.birthDate)).fill(who.birthDate);
        await page.getByLabel(startsWith(t.country)).selectOption({ label: who.country });
        await page.getByLabel(startsWith(t.place)).fill(who.place);
        await page.getByRole('group', { name: startsWith(t.sex) })
            .getByRole('radio', { name: t.sexes[who.sex], exact: true }).check();
        await page.getByLabel(startsWith(t.insz)).fill(who.insz);
        await page.getByLabel(startsWith(t.email)).fill(email);
        await page.getByLabel(startsWith(t.motivation)).fill(who.motivation);
        for (const [i, s] of who.slots.entries()) {
            const row = page.getByRole('group', { name: new RegExp('^' + t.slot(i + 1) + '\\b') });
            check(await row.isVisible(), `"${t.slot(i + 1)}" is not visible`);
            await row.getByLabel(startsWith(t.day)).fill(s.date);
            await row.getByLabel(startsWith(t.from)).fill(s.from);
            await row.getByLabel(startsWith(t.to)).fill(s.to);
        }
        const langRadio = page.getByRole('group', { name: startsWith(t.language) })
            .getByRole('radio', { name: t.languageName, exact: true });
        check(await langRadio.isChecked(), `the interview language is not preset to ${t.languageName}`);
        await page.getByRole('checkbox', { name: startsWith(t.consent) }).check();
        await look('form-filled');
        resp = await navigate(page, () => page.getByRole('button', { name: t.submit }).click());
        if (resp.status() !== 200) {
            await shot('form-refused');
            fail(`sending the form answered ${resp.status()}:\n${(await visibleText(page)).slice(0, 1500)}`);
        }
        check(await page.getByRole('heading', { level: 1, name: t.successTitle }).isVisible(),
            `after sending: no "${t.successTitle}"`);
        const codeBox = page.getByRole('region', { name: t.codeLabel });
        const code = ((await codeBox.innerText()).match(/\b[2-9A-Z]{5}(?:-[2-9A-Z]{5}){3}\b/) || [])[0];
        check(code, `no security code under "${t.codeLabel}"`);
        // Copied by hand from the screen: it must not be split across lines.
        const lines = await codeBox.getByText(code, { exact: true }).evaluate((el) => {
            const r = document.createRange();
            r.selectNodeContents(el);
            return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
        });
        check(lines === 1, `the security code is split over ${lines} lines at ${PHONE.width} px`);
        await look('security-code');
        say('a. form sent, code shown', `200, code ${code.slice(0, 5)}-…`);

        // b. The proposal e-mail and its link.
        current = 'b. proposal e-mail';
        const proposalMail = await waitForMail(MAILDIR, email,
            (m) => /\/proposal\/[A-Za-z0-9_-]{43}/.test(textPart(m)), 'proposal', MAIL_TIMEOUT_MS);
        const link = (textPart(proposalMail).match(/https?:\/\/\S+\/proposal\/[A-Za-z0-9_-]{43}\b/) || [])[0];
        check(link && link.startsWith(PUBLIC + '/proposal/'), `the proposal e-mail's link is not on ${PUBLIC}: ${link}`);
        check(!textPart(proposalMail).includes(code), 'the proposal e-mail contains the security code');
        say('b. proposal e-mail', `"${proposalMail.subject}"`);

        // c. The link: only a code field; a wrong code; the right one.
        current = 'c. link and code';
        resp = await page.goto(link);
        check(resp.status() === 200, `opening the link answered ${resp.status()}`);
        check(await page.locator('html').getAttribute('lang') === lang, `the link's page is not in ${lang}`);
        const onlyCode = async (when) => {
            const fields = page.locator('input:not([type=hidden]), select, textarea');
            check(await fields.count() === 1, `${when}: ${await fields.count()} fields, want only the code`);
            check(await page.getByLabel(t.codeField, { exact: true }).isVisible(),
                `${when}: no field labelled "${t.codeField}"`);
            const text = await visibleText(page);
            for (const secret of [t.month, '2026', who.lastName, who.firstNames, email, who.place])
                check(!text.includes(secret), `${when}: the page shows "${secret}" before the code`);
        };
        await onlyCode('the link alone');
        await look('link-code-form');
        const wrong = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
        await page.getByLabel(t.codeField, { exact: true }).fill(wrong);
        resp = await navigate(page, () => page.getByRole('button', { name: t.codeSubmit }).click());
        check(resp.status() === 401, `a wrong code answered ${resp.status()}, want 401`);
        check((await visibleText(page)).includes(t.codeWrong), `a wrong code: no "${t.codeWrong}"`);
        await onlyCode('after a wrong code');
        await look('wrong-code');
        // Typed the way people copy it from paper: lower case, spaces for dashes.
        await page.getByLabel(t.codeField, { exact: true }).fill(code.toLowerCase().replace(/-/g, ' '));
        resp = await navigate(page, () => page.getByRole('button', { name: t.codeSubmit }).click());
        check(resp.status() === 200, `the right code answered ${resp.status()}`);
        check(await page.getByRole('heading', { level: 1, name: t.propTitle }).isVisible(),
            `no "${t.propTitle}" after the right code`);
        check(await page.getByRole('heading', { name: t.slotLabel }).isVisible(), `no "${t.slotLabel}"`);
        const when = (await page.locator('#slot').innerText()).trim();
        const m = when.match(t.when);
        check(m, `the slot is not written out as a date and times: "${when}"`);
        const [from, to] = [m[2].padStart(2, '0') + ':' + m[3], m[4].padStart(2, '0') + ':' + m[5]];
        const wish = who.slots.find((s) => dayText(lang, s.date) === m[1]
            && minutes(from) >= minutes(s.from) && minutes(to) <= minutes(s.to));
        check(wish, `the proposed slot "${when}" is in none of the wished windows`);
        check((await visibleText(page)).includes(t.proposed), `no "${t.proposed}"`);
        await look('proposal', { slots: true });
        say('c. link: code only, 401, proposal', `401 then 200: "${when}"`);

        // d. Accept with a photo of the passport; the check; reserved.
        current = 'd. upload';
        await page.getByRole('group', { name: startsWith(t.docKind) })
            .getByRole('radio', { name: t.passport, exact: true }).check();
        await page.getByLabel(startsWith(t.front)).setInputFiles(PHOTO);
        await look('passport-chosen');
        resp = await navigate(page, () => page.getByRole('button', { name: t.upload }).click());
        check(resp.status() === 200, `the upload ended on ${resp.status()}`);
        check(resp.url().split('?')[0] === link, `after the upload the page is ${resp.url()}, not the proposal`);
        let text = await visibleText(page);
        const early = text.includes(t.reserved);
        check(text.includes(t.pending) || early, `after the upload: no "${t.pending}"`);
        check(await page.locator('input[type=file]').count() === 0, 'after the upload: still a file field');
        await look('document-being-checked');
        say('d. passport uploaded', early ? '200: already reserved' : `200: "${t.pending}"`);
        current = 'd. document check';
        const deadline = Date.now() + CHECK_TIMEOUT_MS;
        let reloads = 0;
        while (!text.includes(t.reserved)) {
            if (text.includes(t.rejected)) {
                const why = await page.getByRole('list').allInnerTexts();
                fail(`the document was rejected: ${why.join(' ').replace(/\s+/g, ' ').trim()}`);
            }
            check(Date.now() < deadline, `not reserved within ${CHECK_TIMEOUT_MS / 1000} s of the upload`);
            await pause(500);
            resp = await page.reload();
            reloads++;
            check(resp.status() === 200, `reloading answered ${resp.status()}`);
            text = await visibleText(page);
        }
        check(await page.getByRole('heading', { name: t.video }).isVisible(), `no "${t.video}"`);
        const video = page.getByRole('link', { name: /^https:\/\// });
        check(await video.isVisible(), 'no video link');
        const videoUrl = await video.getAttribute('href');
        check((await page.locator('#slot').innerText()).trim() === when, 'the slot changed');
        await look('reserved');
        say('d. reserved', `after ${reloads} reload(s): ${videoUrl}`);

        // e. The reservation e-mail with its calendar entry.
        current = 'e. reserved e-mail';
        const reservedMail = await waitForMail(MAILDIR, email,
            (m) => m.parts.some((p) => p.type === 'text/calendar'), 'reserved', MAIL_TIMEOUT_MS);
        const ics = reservedMail.parts.find((p) => p.type === 'text/calendar');
        const icsText = ics.bytes.toString('utf8');
        check(/^BEGIN:VCALENDAR\r?$/m.test(icsText) && /^METHOD:REQUEST\r?$/m.test(icsText)
            && /^BEGIN:VEVENT\r?$/m.test(icsText) && /^DTSTART/m.test(icsText),
        `the calendar attachment is not an iCalendar REQUEST:\n${icsText.slice(0, 500)}`);
        check(textPart(reservedMail).includes(videoUrl), 'the reserved e-mail lacks the video link of the page');
        say('e. reserved e-mail', `"${reservedMail.subject}" + ${ics.filename || 'text/calendar'}`);
    } catch (e) {
        try { if (page) await shot('FAILED'); } catch { /* the page may be gone */ }
        e.message = `${lang} ${current}: ${e.message}`;
        throw e;
    } finally {
        await browser.close();
    }
}

async function main() {
    check(INTAKE && MAILDIR, 'DK_INTAKE_URL and DK_DEV_MAILDIR must be set (tests/browser/run.sh does it)');
    check(existsSync(PHOTO), `${PHOTO} is missing: make corpus`);
    for (const l of LANGS) check(T[l], `unknown language ${l} in DK_BROWSER_LANGS`);
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT)) if (f.endsWith('.png')) rmSync(join(OUT, f));
    const t0 = Date.now();
    console.log(`browser: ${CHROMIUM}, ${PHONE.width}×${PHONE.height} @3x, JavaScript off; screenshots in ${OUT}`);
    for (const lang of LANGS) await journey(lang);
    console.log(`browser: ${LANGS.length} journey(s) passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
    console.error(`FAIL ${e instanceof Failure ? e.message : e.stack || e}`);
    process.exit(1);
});
