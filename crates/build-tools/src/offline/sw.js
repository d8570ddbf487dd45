// Postback Tester's service worker: the page opens, and works, without a network.
//
// Written by the release build (crates/build-tools, offline.rs), which fills in the cache's
// name and the app's own files. It caches those files and nothing else, and answers only a GET
// for one of them from this origin: a postback the page fires (to any address, this site's
// included) always goes to the network as the page sent it.
const PREFIX = "__PREFIX__";
const VERSION = "__VERSION__";
const FILES = __FILES__;
// The files among them whose names carry the hash of what they hold.
const HASHED = __HASHED__;
// What each of them holds (Subresource Integrity).
const INTEGRITY = __INTEGRITY__;
// How long a page load waits for the network before the copy kept here is shown.
const NETWORK_WAIT_MS = 4000;

const scope = new URL("./", self.location.href);
// The caches of this copy of the app: another copy on the same origin (another folder of
// the owner's GitHub Pages) has a scope, and caches, of its own. A space never appears in a
// scope's path, so no scope's name starts another's.
const MINE = `${PREFIX}${scope.pathname} `;
const CACHE = MINE + VERSION;
const index = new URL("index.html", scope).href;
const own = new Set(FILES.map((name) => new URL(name, scope).href));
const hashed = new Set(HASHED.map((name) => new URL(name, scope).href));
const integrity = new Map(FILES.map((name) => [new URL(name, scope).href, INTEGRITY[name]]));

// A file whose name carries its hash is the same wherever it comes from, so the copy the page
// has just downloaded is taken from the browser's cache rather than downloaded a second time
// (a first visit on a phone pays for the app once). The page itself and the files without a
// hash in their names are asked of the network. Each file is checked against what the build
// made: one that differs fails the install, and the next visit tries again, instead of a bad
// copy being kept until the next release.
self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(
        [scope.href, ...own].map(
          (url) =>
            new Request(url, {
              cache: hashed.has(url) ? "default" : "reload",
              integrity: integrity.get(url) || "",
            }),
        ),
      ),
    ),
  );
});

// Only this copy's earlier caches are deleted: Cache Storage is shared by every site of the
// owner's GitHub Pages origin.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(MINE) && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.cache === "no-store") return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  const page = url.origin + url.pathname;
  if (request.mode === "navigate" && (page === scope.href || page === index)) {
    event.respondWith(networkFirst(request));
  } else if (!url.search && own.has(page)) {
    event.respondWith(cacheFirst(request));
  }
});

// The page itself: from the network when it answers in time, so a new release shows at once;
// otherwise the copy kept with the files it names.
async function networkFirst(request) {
  const kept = caches.open(CACHE).then((cache) => cache.match(scope.href));
  const fresh = fetch(request);
  fresh.catch(() => undefined);
  const late = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS));
  try {
    const first = await Promise.race([fresh, late.then(() => kept)]);
    if (first) return first;
    return await fresh;
  } catch (offline) {
    return (await kept) || Response.error();
  }
}

// Files whose names carry their hash never change: the kept copy is the file.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) || fetch(request);
}
