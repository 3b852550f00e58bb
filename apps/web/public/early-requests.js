// The page's first requests, sent the moment the HTML is read. A classic script of its own
// (public/, served as is), async in index.html's head, importing nothing: it runs while the app's
// chunks still download. Who is signed in, and the data of the AccessKey page; `api()` takes their
// answers when the app asks (src/lib/api-client.ts, through the global below). Before, they waited
// for the app to boot and the page to render, and the AccessKey page's content came ~0.5 s later
// (issue 12, P3). Each goes out once; a signed-out visitor or a member gets 401/403 for the page
// data, and no RAM call is made for them. src/early-requests.test.ts holds the paths here to
// config/paths.ts and to the API paths the app uses.
/* global window */
(function () {
  'use strict';
  var EARLY_PAGES = { '/account/access-keys': ['/api/account/access-keys'] };
  var OUTSIDE_THE_CONSOLE = /^\/(sign-in|change-password)(\/|$)/;
  var pathname = window.location.pathname.replace(/(.)\/$/, '$1');
  // `false`: the app has loaded and asks for itself; an answer from now could only be stale.
  if (OUTSIDE_THE_CONSOLE.test(pathname) || window.__ramConsoleEarlyGets === false) return;
  var gets = (window.__ramConsoleEarlyGets = window.__ramConsoleEarlyGets || new Map());
  var urls = ['/api/auth/me'].concat(EARLY_PAGES[pathname] || []);
  for (var i = 0; i < urls.length; i++) {
    if (gets.has(urls[i])) continue;
    var response = fetch(urls[i], {
      method: 'GET',
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    // A failure is seen by the api() call that takes it; one nobody takes is not an error.
    response.catch(function () {});
    gets.set(urls[i], { response: response, at: Date.now() });
  }
})();
