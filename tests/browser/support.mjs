// SPDX-License-Identifier: EUPL-1.2
// support.mjs — what the browser tests share besides the browser: failing
// with a message, waiting for a condition, asking PostgreSQL (DK_PG_DSN), and
// the authenticator app's codes (RFC 6238: SHA-1, 6 digits, 30 s).
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';

export class Failure extends Error {}
export const fail = (msg) => { throw new Failure(msg); };
export const check = (cond, msg) => { if (!cond) fail(msg); };
export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

// One query's rows, as psql prints them unaligned (fields split by |).
export function psql(sql) {
    return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1',
        process.env.DK_PG_DSN, '-c', sql], { encoding: 'utf8' }).trim();
}

// fn's first truthy answer, asked every 250 ms for at most ms.
export async function until(fn, ms, what) {
    const deadline = Date.now() + ms;
    for (;;) {
        const v = await fn();
        if (v) return v;
        check(Date.now() < deadline, `${what}: not within ${ms / 1000} s`);
        await pause(250);
    }
}

export function base32(s) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = 0, value = 0;
    const out = [];
    for (const c of s.replace(/=+$/, '')) {
        const v = alphabet.indexOf(c);
        check(v >= 0, `"${c}" in the secret is no base32 letter`);
        value = ((value << 5) | v) & 0xffff;
        bits += 5;
        if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    return Buffer.from(out);
}

// A server's time step (the clock its /healthz tells: DK_NOW in tests), away
// from the step's end so that a code made for it stays valid.
export async function serverStep(base) {
    for (let i = 0; i < 5; i++) {
        const now = Date.parse((await (await fetch(base + '/healthz')).json()).now) / 1000;
        if (now % 30 < 26) return Math.floor(now / 30);
        await pause((30 - (now % 30)) * 1000 + 200);
    }
    fail(`no stable time step on ${base}`);
}

// The code of a base32 secret at a 30 s time step.
export function totp(secret, step) {
    const msg = Buffer.alloc(8);
    msg.writeBigUInt64BE(BigInt(step));
    const mac = createHmac('sha1', base32(secret)).update(msg).digest();
    const off = mac[mac.length - 1] & 15;
    return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}
