// SPDX-License-Identifier: EUPL-1.2
// console.js — the console's one script, served as /console.js (CSP
// script-src 'self'; nothing inline). The dossier works without it; with it:
// - the new photos asked of the applicant appear by themselves: every two
//   seconds it asks the small JSON of /api/v1/interviews/{id}/photos and,
//   when its version differs from the page's, replaces the #photos section
//   with the one of a freshly rendered dossier;
// - captures of the call: the chosen file, or a frame of the shared screen
//   (getDisplayMedia where the browser has it), sent as the API's raw image
//   body with the page's CSRF token; then the page reloads to show it.
(function () {
  'use strict';

  var POLL_MS = 2000;

  function livePhotos() {
    var section = document.getElementById('photos');
    if (!section || !window.fetch || !window.DOMParser) {
      return;
    }
    var url = section.getAttribute('data-poll');
    var busy = false;
    function replace() {
      return fetch(location.href, {credentials: 'same-origin', cache: 'no-store'})
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) {
            return;
          }
          var fresh = new DOMParser().parseFromString(html, 'text/html')
            .getElementById('photos');
          var current = document.getElementById('photos');
          if (fresh && current) {
            current.parentNode.replaceChild(document.importNode(fresh, true), current);
          }
        });
    }
    function tick() {
      if (busy || document.hidden) {
        return;
      }
      busy = true;
      fetch(url, {credentials: 'same-origin', cache: 'no-store',
                  headers: {Accept: 'application/json'}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (doc) {
          var current = document.getElementById('photos');
          if (doc && current && doc.version !== current.getAttribute('data-version')) {
            return replace();
          }
          return null;
        })
        .catch(function () { return null; })
        .then(function () { busy = false; });
    }
    setInterval(tick, POLL_MS);
  }

  function frameOfScreen() {
    return navigator.mediaDevices.getDisplayMedia({video: true}).then(function (stream) {
      var video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      return video.play().then(function () {
        var canvas = document.createElement('canvas');
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext('2d').drawImage(video, 0, 0);
        stream.getTracks().forEach(function (t) { t.stop(); });
        return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.92); });
      });
    });
  }

  function captures() {
    var form = document.getElementById('capture-form');
    if (!form || !window.fetch) {
      return;
    }
    form.hidden = false;
    var status = document.getElementById('capture-status');
    var subject = document.getElementById('capture-subject');
    var file = document.getElementById('capture-file');
    var screen = document.getElementById('capture-screen');
    function fail() {
      status.textContent = form.getAttribute('data-failed');
    }
    function send(blob, source) {
      if (!blob) {
        fail();
        return Promise.resolve();
      }
      var url = form.getAttribute('data-upload') + '?subject=' +
        encodeURIComponent(subject.value) + '&source=' + source;
      return fetch(url, {method: 'POST', credentials: 'same-origin', body: blob,
                         headers: {'Content-Type': blob.type || 'image/jpeg',
                                   'X-CSRF-Token': form.getAttribute('data-csrf')}})
        .then(function (r) {
          if (r.status === 201) {
            location.reload();
          } else {
            fail();
          }
        }, fail);
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (file.files && file.files[0]) {
        send(file.files[0], 'upload');
      } else {
        file.focus();
      }
    });
    if (navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia) {
      screen.hidden = false;
      screen.addEventListener('click', function () {
        frameOfScreen().then(function (blob) { return send(blob, 'screen'); }, fail);
      });
    }
  }

  livePhotos();
  captures();
}());
