// The "What to ask for" ticks beside the editor: a child's own check of their letter, kept in
// this browser per signed-in student and letter (the list's data-key), so a reload or coming
// back tomorrow on the same device keeps them. They are nobody else's business: they go
// when someone signs out (static/js/site.js). Without this script the boxes still tick.

const list = document.getElementById("asks");

if (list && list.dataset.key) {
  const key = list.dataset.key;
  const boxes = [...list.querySelectorAll('input[type="checkbox"]')];
  let ticked = [];
  try { ticked = JSON.parse(localStorage.getItem(key)) || []; } catch { ticked = []; }
  // Kept by the ask's words: a case whose asks are edited later keeps the ticks that still fit.
  for (const box of boxes) box.checked = ticked.includes(box.value);
  list.addEventListener("change", () => {
    const now = boxes.filter((box) => box.checked).map((box) => box.value);
    try {
      if (now.length) localStorage.setItem(key, JSON.stringify(now));
      else localStorage.removeItem(key);
    } catch { /* storage full or blocked: the ticks last until the page is left */ }
  });
}
