// Postback Tester's service worker: the page opens, and works, without a network.
//
// Written by the release build (crates/build-tools, offline.rs), which fills in the cache's
// name and the app's own files. It caches those files and nothing else, and answers only a GET
// for one of them from this origin: a postback the page fires (to any address, this site's
// included) always goes to the network as the page sent it.
const CACHE = "__CACHE__";
const PREFIX = "__PREFIX__";
const FILES = __FILES__;
// How long a page load waits for the network before the copy kept here is shown.
const NETWORK_WAIT_MS = 4000;

const scope = new URL("./", self.location.href);
const index = new URL("index.html", scope).href;
const own = new Set(FILES.map((name) => new URL(name, scope).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll([scope.href, ...own].map((url) => new Request(url, { cache: "reload" }))),
    ),
  );
});

// Only this app's earlier caches are deleted: Cache Storage is shared by every site of the
// owner's GitHub Pages origin.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX) && name !== CACHE)
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
