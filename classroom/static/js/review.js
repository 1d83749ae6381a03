// Review page: selecting words in the letter fills the passage of a new comment.
// Without this script the teacher copies the passage into the field by hand.

const letter = document.getElementById("letter-body");
const quote = document.getElementById("quote");
const start = document.getElementById("start");

// The letter's own text inside a range: the comment numbers (<sup class="comment-ref">) are
// page furniture, not part of what the student wrote.
const letterText = (range) => {
  const copy = range.cloneContents();
  for (const ref of copy.querySelectorAll(".comment-ref")) ref.remove();
  return copy.textContent;
};

// Offset of (node, offset) in the letter's text; works whether the browser reports a text
// node or an element as the boundary (double and triple clicks often give elements).
const textOffset = (node, offset) => {
  const before = document.createRange();
  before.setStart(letter, 0);
  before.setEnd(node, offset);
  return letterText(before).length;
};

if (letter && quote && start) {
  letter.addEventListener("mouseup", () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!letter.contains(range.startContainer) || !letter.contains(range.endContainer)) return;
    const text = letterText(range);
    if (!text.trim()) return;
    quote.value = text;
    start.value = textOffset(range.startContainer, range.startOffset);
    document.getElementById("body").focus();
  });
  quote.addEventListener("input", () => { start.value = ""; });
}
