// Small enhancements that every page shares. Pages work without them.

// Ask before destructive actions (buttons with data-confirm).
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  const question = button && button.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Move focus to an error summary so keyboard and screen-reader users hear it first.
const summary = document.querySelector(".error-summary");
if (summary) {
  summary.focus();
}
