// Small enhancements that every page shares. Pages work without them.

// Ask before destructive actions (buttons with data-confirm).
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Long actions (forms with data-busy): the button says it is working and can't be pressed again.
// The server refuses a second submission of the same form anyway (classroom/once.py).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !form.dataset || !form.dataset.busy) {
    return;
  }
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  form.setAttribute("aria-busy", "true");
  const button = event.submitter || form.querySelector("button[type=submit]");
  if (button) {
    // Disabled after this event, so that the button's own value is still sent.
    setTimeout(() => {
      button.disabled = true;
      button.textContent = form.dataset.busy;
    }, 0);
  }
});

// Move focus to an error summary so keyboard and screen-reader users hear it first.
const summary = document.querySelector(".error-summary");
if (summary) {
  summary.focus();
}

// The letter editor's offline copies (static/js/sw.js) belong to whoever is signed in: they go
// when someone signs out, and on any page seen signed out (a shared Chromebook's next child).
const signOut = document.querySelector('form[action$="/auth/signout"]');
// The ticks of "What to ask for" (static/js/asks.js) go with them.
const forgetTicks = () => {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith("w4r-asks-")) localStorage.removeItem(key);
  } catch { /* storage blocked: nothing was kept */ }
};
const forgetOfflineCopies = () => {
  forgetTicks();
  return ("caches" in window ? caches.delete("w4r-editor") : Promise.resolve()).catch(() => {});
};
if (!signOut) forgetOfflineCopies();
signOut?.addEventListener("submit", (event) => {
  event.preventDefault();
  forgetOfflineCopies().finally(() => signOut.submit());
});

// Sign-up: a new school's time zone is the browser's (without JavaScript: UTC, changed on the school page).
for (const input of document.querySelectorAll("input[data-browser-zone]")) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) input.value = zone;
}
