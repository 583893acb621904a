// SPDX-License-Identifier: EUPL-1.2
// mail.mjs — reads the development SMTP server's Maildir the way a mail
// client would: headers (folded, RFC 2047 encoded words), MIME multiparts,
// base64 and quoted-printable bodies. Just enough for the journey's
// assertions; no dependency.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function splitHead(buf) {
    const s = buf.toString('latin1');
    let i = s.indexOf('\r\n\r\n');
    let sep = 4;
    if (i < 0) { i = s.indexOf('\n\n'); sep = 2; }
    if (i < 0) return [s, Buffer.alloc(0)];
    return [s.slice(0, i), buf.subarray(i + sep)];
}

function decodeWords(value) {
    // =?charset?Q|B?text?= ; whitespace between two encoded words is dropped.
    return value
        .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1')
        .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset, enc, text) => {
            const bytes = enc.toUpperCase() === 'B'
                ? Buffer.from(text, 'base64')
                : qpBytes(text.replace(/_/g, ' '));
            return new TextDecoder(charset.toLowerCase()).decode(bytes);
        });
}

function parseHeaders(head) {
    const headers = new Map();
    const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
    for (const line of unfolded.split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        // Raw header bytes are UTF-8 at most; latin1 kept them byte for byte.
        const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
        if (!headers.has(name)) headers.set(name, decodeWords(value));
    }
    return headers;
}

// "text/plain; charset=UTF-8; name=\"x\"" → {value: 'text/plain', params: {charset, name}}
function parseParams(value) {
    const [first, ...rest] = (value || '').split(';');
    const params = {};
    for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq < 0) continue;
        let v = p.slice(eq + 1).trim();
        if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
        params[p.slice(0, eq).trim().toLowerCase()] = v;
    }
    return { value: first.trim().toLowerCase(), params };
}

function qpBytes(s) {
    const out = [];
    for (let i = 0; i < s.length; i++) {
        if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
            out.push(parseInt(s.slice(i + 1, i + 3), 16));
            i += 2;
        } else {
            out.push(s.charCodeAt(i) & 0xff);
        }
    }
    return Buffer.from(out);
}

function decodeBody(body, encoding) {
    switch ((encoding || '').toLowerCase()) {
    case 'base64':
        return Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
        return qpBytes(body.toString('latin1').replace(/=\r?\n/g, ''));
    default:
        return body;
    }
}

// Every leaf part of a message: {type, params, disposition, filename, bytes, text}.
function leaves(buf, out) {
    const [head, body] = splitHead(buf);
    const headers = parseHeaders(head);
    const ct = parseParams(headers.get('content-type') || 'text/plain; charset=us-ascii');
    if (ct.value.startsWith('multipart/') && ct.params.boundary) {
        const delim = '--' + ct.params.boundary;
        const s = body.toString('latin1');
        const pieces = s.split(new RegExp('(?:^|\\r?\\n)' + delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        // pieces[0] is the preamble; the last one starts with "--" (the epilogue).
        for (const piece of pieces.slice(1)) {
            if (piece.startsWith('--')) break;
            leaves(Buffer.from(piece.replace(/^[ \t]*\r?\n/, ''), 'latin1'), out);
        }
        return out;
    }
    const bytes = decodeBody(body, headers.get('content-transfer-encoding'));
    const disp = parseParams(headers.get('content-disposition') || '');
    const isText = ct.value.startsWith('text/');
    out.push({
        type: ct.value,
        params: ct.params,
        disposition: disp.value,
        filename: disp.params.filename || ct.params.name || '',
        bytes,
        text: isText ? new TextDecoder(ct.params.charset || 'utf-8').decode(bytes) : null,
    });
    return out;
}

export function parseMail(raw) {
    const [head] = splitHead(raw);
    const headers = parseHeaders(head);
    return { headers, subject: headers.get('subject') || '', to: headers.get('to') || '', parts: leaves(raw, []) };
}

// Every message in new/ and cur/, parsed, with its file name.
export function readMaildir(dir) {
    const out = [];
    for (const sub of ['new', 'cur']) {
        let names = [];
        try { names = readdirSync(join(dir, sub)); } catch { continue; }
        for (const name of names.sort()) {
            let raw;
            try { raw = readFileSync(join(dir, sub, name)); } catch { continue; }
            out.push({ file: join(sub, name), ...parseMail(raw) });
        }
    }
    return out;
}

// The first message to `address` that `pred` accepts, polling the Maildir
// every 200 ms for at most timeoutMs; throws with what did arrive.
export async function waitForMail(dir, address, pred, what, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const mine = readMaildir(dir).filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
        const hit = mine.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) {
            const got = mine.map((m) => `  "${m.subject}"`).join('\n') || '  (none)';
            throw new Error(`no ${what} e-mail to ${address} within ${timeoutMs / 1000} s; received:\n${got}`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

export function textPart(mail) {
    const p = mail.parts.find((x) => x.type === 'text/plain');
    return p ? p.text : '';
}
