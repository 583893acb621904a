// SPDX-License-Identifier: EUPL-1.2
// record.mjs — records WebAuthn test vectors from Chromium's virtual
// authenticator (CTAP2, internal transport, resident keys, user verification
// done), for tests/unit/test_webauthn.c: for each algorithm (ES256 and RS256)
// and attestation conveyance ("none", "direct"), one registration
// (navigator.credentials.create) and two authentications
// (navigator.credentials.get) of the same credential, written as
// chromium-<alg>-<attestation>.json with every binary field in base64url and
// the challenge, origin and RP ID each ceremony was run with.
// Run once, by hand; the files are committed and the unit test does not need
// Chromium:
//   (cd tests/browser && npm ci) && node tests/data/webauthn/record.mjs
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
// playwright-core as tests/browser locks it.
const { chromium } = createRequire(join(ROOT, 'tests/browser/package.json'))('playwright-core');
const CHROMIUM = process.env.DK_CHROMIUM || '/usr/bin/chromium';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

// A blank page on http://localhost:<port> (localhost is a secure context, so
// WebAuthn runs there; the RP ID is "localhost").
const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>webauthn vectors</title><p>recording</p>');
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;
const origin = `http://localhost:${port}`;
const rpId = 'localhost';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const written = [];
try {
    for (const [algName, alg] of [['es256', -7], ['rs256', -257]]) {
        for (const attestation of ['none', 'direct']) {
            const context = await browser.newContext();
            const page = await context.newPage();
            const cdp = await context.newCDPSession(page);
            await cdp.send('WebAuthn.enable', { enableUI: false });
            await cdp.send('WebAuthn.addVirtualAuthenticator', {
                options: {
                    protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
                    hasUserVerification: true, isUserVerified: true,
                },
            });
            await page.goto(origin + '/');

            const regChallenge = randomBytes(32);
            const userId = randomBytes(16);
            let reg;
            try {
                reg = await page.evaluate(async ({ challenge, userId, alg, attestation, rpId }) => {
                    const u = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
                    const e = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
                    const cred = await navigator.credentials.create({
                        publicKey: {
                            challenge: u(challenge),
                            rp: { id: rpId, name: 'Digital key (test vectors)' },
                            user: { id: u(userId), name: 'vector@example.be', displayName: 'Vector' },
                            pubKeyCredParams: [{ type: 'public-key', alg }],
                            authenticatorSelection: { userVerification: 'required', residentKey: 'preferred' },
                            attestation,
                            timeout: 30000,
                        },
                    });
                    return {
                        id: cred.id,
                        clientDataJSON: e(cred.response.clientDataJSON),
                        attestationObject: e(cred.response.attestationObject),
                    };
                }, { challenge: b64url(regChallenge), userId: b64url(userId), alg, attestation, rpId });
            } catch (err) {
                console.log(`record: ${algName}/${attestation}: Chromium refused: ${err.message.split('\n')[0]}`);
                await context.close();
                continue;
            }

            const assertions = [];
            for (let i = 0; i < 2; i++) {
                const challenge = randomBytes(32);
                const got = await page.evaluate(async ({ challenge, id, rpId }) => {
                    const u = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
                    const e = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
                    const cred = await navigator.credentials.get({
                        publicKey: {
                            challenge: u(challenge),
                            rpId,
                            allowCredentials: [{ type: 'public-key', id: u(id) }],
                            userVerification: 'required',
                            timeout: 30000,
                        },
                    });
                    return {
                        id: cred.id,
                        clientDataJSON: e(cred.response.clientDataJSON),
                        authenticatorData: e(cred.response.authenticatorData),
                        signature: e(cred.response.signature),
                        userHandle: cred.response.userHandle ? e(cred.response.userHandle) : null,
                    };
                }, { challenge: b64url(challenge), id: reg.id, rpId });
                assertions.push({ challenge: b64url(challenge), ...got });
            }

            const file = `chromium-${algName}-${attestation}.json`;
            const vector = {
                source: `Chromium ${browser.version()} virtual authenticator (CDP WebAuthn, ctap2, internal, ` +
                    `resident key, user verified), recorded by tests/data/webauthn/record.mjs`,
                rp_id: rpId,
                origin,
                alg,
                attestation,
                // What the service answers (common/auth/dk_auth_webauthn.h):
                // "none" registers; "direct" gets Chromium's "packed"
                // attestation with its batch certificate (x5c), which the
                // service does not take. The assertions verify either way, with
                // the key from the authenticator data.
                expect_registration: attestation === 'none' ? 'ok' : 'attestation_format',
                expect_authentication: 'ok',
                user_id: b64url(userId),
                registration: { challenge: b64url(regChallenge), ...reg },
                authentications: assertions,
            };
            writeFileSync(join(HERE, file), JSON.stringify(vector, null, 2) + '\n');
            written.push(file);
            await context.close();
        }
    }
} finally {
    await browser.close();
    server.close();
}
console.log(`record: wrote ${written.join(', ')}`);
