/* SPDX-License-Identifier: EUPL-1.2 */
/* signin.js — the one script of the sign-in page (served by the intake as
 * /signin.js; the Content-Security-Policy allows scripts and requests to
 * our own origin only). The page works without it but for the passkey:
 *  - "show password" (the box stays hidden without it);
 *  - "sign in with my passkey": the e-mail address typed above goes to
 *    POST /api/v1/keys/passkey/options, the challenge it answers to
 *    navigator.credentials.get (user verification required), and the
 *    signed answer (base64url) into the hidden fields of
 *    #passkey-signin-form, which is then posted like any form. */
(function () {
  'use strict';

  function fromB64url(s) {
    var b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toB64url(buf) {
    var bytes = new Uint8Array(buf), bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function showPassword() {
    var row = document.getElementById('show-password-row');
    var box = document.getElementById('show-password');
    var field = document.getElementById('password');
    if (!row || !box || !field) return;
    row.hidden = false;
    box.addEventListener('change', function () {
      field.type = box.checked ? 'text' : 'password';
    });
  }

  function passkey() {
    var section = document.getElementById('passkey');
    var button = document.getElementById('passkey-signin');
    var form = document.getElementById('passkey-signin-form');
    var error = document.getElementById('passkey-error');
    var identifier = document.getElementById('identifier');
    if (!section || !button || !form || !error || !identifier) return;
    function say(attr) {
      error.textContent = section.getAttribute(attr);
      error.hidden = false;
      button.disabled = false;
    }
    function fail() {
      say('data-failed');
    }
    if (!window.PublicKeyCredential || !navigator.credentials || !window.fetch) return;
    button.disabled = false;
    button.addEventListener('click', function () {
      var who = identifier.value.trim();
      if (!who) {
        say('data-need-identifier');
        identifier.focus();
        return;
      }
      button.disabled = true;
      error.hidden = true;
      fetch('/api/v1/keys/passkey/options', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ identifier: who })
      }).then(function (r) {
        if (!r.ok) throw new Error('options ' + r.status);
        return r.json();
      }).then(function (answer) {
        var o = answer.publicKey;
        var publicKey = Object.assign({}, o, { challenge: fromB64url(o.challenge) });
        if (o.allowCredentials) {
          publicKey.allowCredentials = o.allowCredentials.map(function (c) {
            return Object.assign({}, c, { id: fromB64url(c.id) });
          });
        }
        return navigator.credentials.get({ publicKey: publicKey });
      }).then(function (cred) {
        if (!cred) return fail();
        var r = cred.response;
        document.getElementById('passkey_identifier').value = who;
        document.getElementById('passkey_id').value = toB64url(cred.rawId);
        document.getElementById('passkey_client_data').value = toB64url(r.clientDataJSON);
        document.getElementById('passkey_authenticator_data').value =
          toB64url(r.authenticatorData);
        document.getElementById('passkey_signature').value = toB64url(r.signature);
        document.getElementById('passkey_user_handle').value =
          r.userHandle ? toB64url(r.userHandle) : '';
        form.submit();
      }).catch(fail);
    });
  }

  showPassword();
  passkey();
})();
