// Review page: selecting words in the letter fills the passage of a new comment.
// Without this script the teacher copies the passage into the field by hand.

const letter = document.getElementById("letter-body");
const quote = document.getElementById("quote");
const start = document.getElementById("start");

// Offset of (node, offset) in the letter's own text, skipping the comment numbers.
const textOffset = (container, node, offset) => {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest(".comment-ref") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let total = 0;
  for (let current = walker.nextNode(); current; current = walker.nextNode()) {
    if (current === node) return total + offset;
    total += current.textContent.length;
  }
  return null;
};

if (letter && quote && start) {
  letter.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !letter.contains(selection.anchorNode)) return;
    const range = selection.getRangeAt(0);
    const from = textOffset(letter, range.startContainer, range.startOffset);
    const text = selection.toString();
    if (from === null || !text.trim()) return;
    quote.value = text;
    start.value = from;
    document.getElementById("body").focus();
  });
  quote.addEventListener("input", () => { start.value = ""; });
}
