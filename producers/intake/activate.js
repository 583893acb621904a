/* SPDX-License-Identifier: EUPL-1.2 */
/* activate.js — the one script of the activation pages (served by the
 * intake as /activate.js; the Content-Security-Policy allows scripts from
 * our own origin only, never inline). The pages work without it but for
 * the passkey, which only a browser can make:
 *  - the choice page: "show password" (the box stays hidden without it);
 *  - the passkey page: the creation options the server put in
 *    #passkey[data-options] go to navigator.credentials.create, and the
 *    answer (base64url) into the hidden fields of #passkey-form, which is
 *    then posted like any form. */
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
    if (!row || !box) return;
    row.hidden = false;
    box.addEventListener('change', function () {
      ['password', 'password_repeat'].forEach(function (id) {
        var f = document.getElementById(id);
        if (f) f.type = box.checked ? 'text' : 'password';
      });
    });
  }

  function passkey() {
    var section = document.getElementById('passkey');
    var button = document.getElementById('passkey-create');
    var form = document.getElementById('passkey-form');
    var error = document.getElementById('passkey-error');
    if (!section || !button || !form || !error) return;
    function fail() {
      error.textContent = section.getAttribute('data-failed');
      error.hidden = false;
      button.disabled = false;
    }
    var options;
    try {
      options = JSON.parse(section.getAttribute('data-options')).publicKey;
    } catch (e) {
      options = null;
    }
    if (!options || !window.PublicKeyCredential || !navigator.credentials) {
      fail();
      button.disabled = true;
      return;
    }
    button.disabled = false;
    button.addEventListener('click', function () {
      button.disabled = true;
      error.hidden = true;
      var publicKey = Object.assign({}, options, {
        challenge: fromB64url(options.challenge),
        user: Object.assign({}, options.user, { id: fromB64url(options.user.id) })
      });
      if (options.excludeCredentials) {
        publicKey.excludeCredentials = options.excludeCredentials.map(function (c) {
          return Object.assign({}, c, { id: fromB64url(c.id) });
        });
      }
      navigator.credentials.create({ publicKey: publicKey }).then(function (cred) {
        if (!cred) return fail();
        document.getElementById('passkey_id').value = toB64url(cred.rawId);
        document.getElementById('passkey_client_data').value =
          toB64url(cred.response.clientDataJSON);
        document.getElementById('passkey_attestation').value =
          toB64url(cred.response.attestationObject);
        form.submit();
      }, fail);
    });
  }

  showPassword();
  passkey();
})();
