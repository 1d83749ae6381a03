// The letter editor: live counts, autosave a moment after typing stops, work kept in the
// browser while offline (even across a reload), and no silent overwrite from a second tab.
// Without this script the page still works: the Save button posts the form.

const form = document.getElementById("letter-form");

if (form) {
  const textarea = document.getElementById("body");
  const baseInput = document.getElementById("base_version");
  const statusLine = document.getElementById("save-status");
  const url = form.dataset.autosaveUrl;
  const storageKey = `w4r-letter-${form.dataset.letterId}`;
  const perLine = Number(form.dataset.perLine);
  const linesPerPage = Number(form.dataset.linesPerPage);
  const charLimit = Number(form.dataset.charLimit || 0);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const DELAY_MS = 2000;
  const RETRY_MS = 10000;
  let timer = null;
  let inFlight = null; // the save under way (a promise), if any
  let again = false;
  let conflicted = false;

  // The status line is a live region: only real changes are written, so a screen reader
  // isn't interrupted on every key press.
  const setStatus = (text, kind = "") => {
    if (statusLine.textContent !== text) statusLine.textContent = text;
    statusLine.dataset.state = kind;
  };

  // --- counts (the server's estimate: its numbers and wide characters come with the page) --
  const paragraphGap = Number(form.dataset.paragraphGap || 0);
  // "1100-115f 231a-231b …": the characters that take the room of two (letters/safety/pagefit.py).
  const wideRanges = (form.dataset.wide || "").split(" ").filter(Boolean)
    .map((range) => range.split("-").map((hex) => `\\u{${hex}}`).join("-")).join("");
  const wide = new RegExp(`[${wideRanges}]`, "u");
  const charWidth = (word) => [...word].reduce((sum, c) => sum + (wide.test(c) ? 2 : 1), 0);
  const linesNeeded = (text) => {
    const paragraphs = text.split("\n").map((line) => line.split(/\s+/).filter(Boolean)).filter((w) => w.length);
    let total = 0;
    for (const words of paragraphs) {
      let lines = 1;
      let used = 0;
      for (const word of words) {
        const width = charWidth(word);
        if (used && used + 1 + width <= perLine) { used += 1 + width; continue; }
        if (used) lines += 1;
        const extra = Math.floor((width - 1) / perLine);
        lines += extra;
        used = width - extra * perLine;
      }
      total += lines;
    }
    return total + paragraphGap * Math.max(0, paragraphs.length - 1);
  };
  const updateCounts = () => {
    const text = textarea.value;
    const words = text.split(/\s+/).filter((chunk) => /[\p{L}\p{N}]/u.test(chunk)).length;
    const fraction = charLimit ? text.length / charLimit : linesNeeded(text) / linesPerPage;
    document.getElementById("word-count").textContent = words;
    document.getElementById("char-count").textContent = text.length;
    document.getElementById("page-estimate").textContent = charLimit
      ? `${text.length} of ${charLimit} characters` : `about ${Math.round(fraction * 100)}% of a page`;
    document.getElementById("page-warning").hidden = fraction <= 1;
  };

  // --- kept on this device -------------------------------------------------------------
  const keep = () => localStorage.setItem(storageKey, JSON.stringify({ body: textarea.value, base: Number(baseInput.value) }));
  const kept = () => {
    try { return JSON.parse(localStorage.getItem(storageKey)); } catch { return null; }
  };
  // After ``body`` was saved as ``version``: forget the copy, or, when the student typed on
  // meanwhile, note that the copy now builds on the saved version (so a reload is no conflict).
  const saved = (body, version) => {
    const item = kept();
    if (!item) return;
    if (item.body === body) localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, JSON.stringify({ body: item.body, base: version }));
  };

  // --- conflict --------------------------------------------------------------------------
  // The server compares the two versions (a word diff) and sends both with the differences
  // marked, already escaped, and the two combined; the student keeps one or combines them.
  const showConflict = (data) => {
    conflicted = true;
    const mineThen = textarea.value;
    setStatus("Not saved: this letter was changed somewhere else. Choose which version to keep.", "conflict");
    document.getElementById("live-conflict")?.remove();
    const box = document.createElement("section");
    box.id = "live-conflict";
    box.className = "panel conflict";
    box.setAttribute("aria-labelledby", "live-conflict-heading");
    box.innerHTML = `<h2 id="live-conflict-heading" tabindex="-1">This letter was changed somewhere else</h2>
      <p>It was saved in another tab or on another device. Nothing is lost. Here are both versions;
        <mark>marked</mark> words are only in that version. Keep one, or combine both and tidy up the letter.</p>
      <div class="two-col">
        <div><h3 id="live-other-heading">The other version (saved)</h3>
          <div class="letter-text conflict-text" role="region" aria-labelledby="live-other-heading" tabindex="0" data-role="other"></div>
          <button type="button" class="button" data-choice="other">Keep the other version</button></div>
        <div><h3 id="live-mine-heading">Your version (not saved yet)</h3>
          <div class="letter-text conflict-text" role="region" aria-labelledby="live-mine-heading" tabindex="0" data-role="mine"></div>
          <button type="button" class="button primary" data-choice="mine">Keep my version</button></div>
      </div>
      <p><button type="button" class="button" data-choice="both">Combine both</button>
        <span class="hint">Both texts in one letter, for you to tidy up.</span></p>`;
    box.querySelector('[data-role="other"]').innerHTML = data.other_html;
    box.querySelector('[data-role="mine"]').innerHTML = data.mine_html;
    form.before(box);
    box.onclick = (event) => {
      const choice = event.target.dataset.choice;
      if (!choice) return;
      baseInput.value = data.server_version;
      if (choice === "other") textarea.value = data.server_body;
      // Typed on after the box opened: the combined text of then would lose it, so both go in whole.
      else if (choice === "both") textarea.value = textarea.value === mineThen ? data.combined : `${data.server_body}\n\n${textarea.value}`;
      box.remove();
      conflicted = false;
      updateCounts();
      keep();
      save();
      textarea.focus();
    };
    box.querySelector("h2").focus();
  };

  // --- kept for opening offline (static/js/sw.js) ----------------------------------------
  function keepForOffline() {
    const assets = [...document.querySelectorAll('link[rel="stylesheet"], link[rel="icon"], script[src]')]
      .map((element) => element.href || element.src);
    navigator.serviceWorker?.controller?.postMessage({ type: "refresh", path: location.pathname, assets });
  }

  // --- saving ----------------------------------------------------------------------------
  const save = () => {
    clearTimeout(timer);
    if (conflicted) return Promise.resolve();
    if (inFlight) { again = true; return inFlight; }
    inFlight = send().finally(() => { inFlight = null; });
    return inFlight;
  };
  // Not saved this time (no answer, the server busy or its database away, signed out): the
  // text stays on this device, and the same save is tried again later. Waits for the server's
  // Retry-After when it gives one; a little randomness keeps a whole class from retrying at once.
  const notSaved = (message, retryAfter) => {
    keep();
    setStatus(message, "offline");
    clearTimeout(timer);
    if (!navigator.onLine) return; // the "online" event sends it
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 60000) : RETRY_MS;
    timer = setTimeout(save, wait + Math.random() * 1000);
  };
  const send = async () => {
    const body = textarea.value;
    setStatus("Saving…", "saving");
    let response;
    try {
      response = await fetch(url, {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
        body: JSON.stringify({ body, base_version: Number(baseInput.value) }),
        credentials: "same-origin",
      });
    } catch {
      // No answer: offline, or the connection dropped.
      notSaved("Offline: not saved yet, kept on this device. It will be saved when you're back online.");
      return;
    }
    const data = await response.json().catch(() => ({}));
    // A saved answer is JSON with the new version. Anything else that looks "ok" (a redirect to
    // the sign-in page once the session has ended) saved nothing: keep the text.
    const savedAs = response.ok && !response.redirected && Number.isInteger(data.version) ? data.version : null;
    // (A text the server already has is "saved" on any base version: when the answer to the
    // last try was lost on the way back, trying again is no conflict.)
    if (savedAs !== null) {
      baseInput.value = savedAs;
      saved(body, savedAs);
      setStatus(`Saved at ${data.saved_at_text}`, "saved"); // the server's time, as every page writes it
      document.getElementById("offline-banner")?.remove();
      keepForOffline(); // the copy kept for opening offline now shows this version
    } else if (response.status === 409) {
      showConflict(data);
    } else if (response.status === 423 || response.status === 400) {
      setStatus(data.error || "This letter can't be saved now.", "error");
    } else if (response.redirected || response.status === 401 || response.status === 403) {
      notSaved("Not saved: you are signed out. Your text is kept on this device; sign in again and it will be sent.");
      return;
    } else {
      // 503 (the server or its database is away for a moment), 429, 500...: like being offline.
      notSaved("Not saved yet: kept on this device. We'll try again in a moment.", response.headers.get("Retry-After"));
      return;
    }
    if (again && navigator.onLine && !conflicted) {
      again = false;
      timer = setTimeout(save, DELAY_MS);
    }
  };
  // Save until nothing is left only on this device (or saving can't go on).
  const flush = async () => {
    for (let attempt = 0; attempt < 3 && kept() && !conflicted; attempt += 1) await save();
  };

  textarea.addEventListener("input", () => {
    updateCounts();
    keep();
    if (conflicted) return; // nothing is saved until the student chooses: the status line keeps saying so
    setStatus(navigator.onLine ? "Typing…" : "Offline: kept on this device.", navigator.onLine ? "typing" : "offline");
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  });
  window.addEventListener("online", () => { if (kept()) save(); });
  window.addEventListener("offline", () => setStatus("Offline: kept on this device.", "offline"));

  // The Save button saves in place. "Send to my teacher" and the preview post the form (the
  // server saves the text with them); they first wait for the last save, so the version they
  // post is current and nothing is left only on this device.
  form.addEventListener("submit", async (event) => {
    const button = event.submitter;
    if (!button || button.id === "save-button") { event.preventDefault(); save(); return; }
    if (!kept() && !inFlight) return;
    event.preventDefault();
    if (inFlight) await inFlight;
    await flush();
    if (!kept() && !conflicted) form.requestSubmit(button);
    else if (conflicted) {
      setStatus("Not saved: choose which version to keep first, then go on.", "conflict");
      document.querySelector("#live-conflict h2")?.focus();
    }
  });

  // Helper sentences can be added with one click.
  for (const button of document.querySelectorAll(".scaffold-insert")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const text = button.dataset.text;
      textarea.value = textarea.value.trim() ? `${textarea.value.replace(/\s+$/, "")}\n\n${text}` : text;
      textarea.dispatchEvent(new Event("input"));
      textarea.focus();
    });
  }

  // The editor opens without a connection too: the service worker keeps this page and its files.
  if ("serviceWorker" in navigator && form.dataset.serviceWorker && navigator.onLine) {
    const scope = form.dataset.serviceWorker.replace(/[^/]*$/, "");
    navigator.serviceWorker.addEventListener("controllerchange", keepForOffline);
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope, type: "classic" }).catch(() => {});
    keepForOffline();
  }

  // After a reload, work kept on this device is restored and sent.
  const item = kept();
  const offlineNote = navigator.onLine ? "" : " Offline: not saved yet. It will be saved when you're back online.";
  if (!navigator.onLine) {
    // Opened from the copy kept on this device (static/js/sw.js): say so until a save gets through.
    const banner = document.createElement("p");
    banner.className = "warning";
    banner.id = "offline-banner";
    banner.textContent = "You are offline. This is your letter as kept on this device: it is not saved yet. "
      + "Keep writing; it will be saved when you are back online.";
    form.before(banner);
    setStatus("Offline: not saved yet.", "offline");
  }
  if (item && item.body !== textarea.value) {
    if (item.base === Number(baseInput.value)) {
      textarea.value = item.body;
      setStatus(`Restored your unsaved work from this device.${offlineNote}`, "offline");
      updateCounts();
      save();
    } else {
      // Kept on top of an older version: send it as it was based, and the server answers with the conflict.
      textarea.value = item.body;
      baseInput.value = item.base;
      updateCounts();
      save();
    }
  } else if (item) {
    localStorage.removeItem(storageKey);
  }
  updateCounts();
}
