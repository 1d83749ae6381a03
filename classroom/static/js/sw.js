// The letter editor's service worker: a student who reloads the editor without a connection
// still gets their letter (the text they typed since is in localStorage, see editor.js).
//
// Scope /letters/ (it is served from /letters/sw.js). Only editor pages (/letters/<id>) are
// kept, with the files they need; other requests go to the network untouched. The cache holds
// one account's pages: each editor page names its owner (X-Editor-Owner, an opaque value),
// and a page of another owner empties the cache first. Signing out empties it too (site.js).
const CACHE = "w4r-editor";
const OWNER_KEY = "/letters/__owner";
const EDITOR = /^\/letters\/\d+$/;

const isEditor = (url) => url.origin === self.location.origin && EDITOR.test(url.pathname);
const isStatic = (url) => url.origin === self.location.origin && url.pathname.startsWith("/static/");

// Keep an editor page's response, unless it is not a page of the letter itself (a redirect to
// the sign-in page, an error, another account).
const keepPage = async (request, response) => {
  const owner = response.headers.get("X-Editor-Owner");
  if (!response.ok || response.redirected || !owner) return;
  const cache = await caches.open(CACHE);
  const stored = await cache.match(OWNER_KEY);
  if (!stored || (await stored.text()) !== owner) {
    await caches.delete(CACHE);
    const fresh = await caches.open(CACHE);
    await fresh.put(OWNER_KEY, new Response(owner));
    await fresh.put(request, response);
    return;
  }
  await cache.put(request, response);
};

// Keep an editor page (fetched anew) and the files it loads.
const refresh = async (path, assets) => {
  const url = new URL(path, self.location.origin);
  if (!isEditor(url)) return;
  const request = new Request(url, { credentials: "same-origin" });
  await keepPage(request, await fetch(request));
  const cache = await caches.open(CACHE);
  for (const asset of assets) {
    const file = new URL(asset, self.location.origin);
    if (!isStatic(file)) continue;
    const response = await fetch(file);
    if (response.ok) await cache.put(file.pathname, response);
  }
};

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  // The page that registered us is taken over at once; it then asks to be kept (editor.js).
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "refresh" && typeof data.path === "string") {
    const assets = Array.isArray(data.assets) ? data.assets.filter((a) => typeof a === "string") : [];
    event.waitUntil(refresh(data.path, assets).catch(() => {}));
  }
  if (data.type === "forget") event.waitUntil(caches.delete(CACHE));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isEditor(url) && request.mode === "navigate") {
    // Network first: the cached copy is only for when there is no answer at all.
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        await keepPage(request, response.clone());
        return response;
      } catch (error) {
        const cached = await caches.match(url.pathname, { cacheName: CACHE });
        if (cached) return cached;
        throw error;
      }
    })());
  } else if (isStatic(url)) {
    event.respondWith((async () => {
      try {
        const response = await fetch(request);
        if (response.ok) await (await caches.open(CACHE)).put(url.pathname, response.clone());
        return response;
      } catch (error) {
        const cached = await caches.match(url.pathname, { cacheName: CACHE });
        if (cached) return cached;
        throw error;
      }
    })());
  }
});
