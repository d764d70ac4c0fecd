// dateline explorer: small behaviours every page shares (no data from outside this server).
"use strict";

// Read the JSON a page embeds in <script type="application/json" id="...">; null when absent.
function pageData(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

document.addEventListener("DOMContentLoaded", () => {
  // On a document page, a click on highlighted evidence or a quote opens its card beside the text.
  const text = document.getElementById("doc-text");
  if (!text) return;
  text.addEventListener("click", (event) => {
    const seg = event.target.closest(".seg");
    if (!seg || event.target.closest("a")) return;
    const id = seg.dataset.events ? "ev-" + seg.dataset.events.split(" ")[0]
      : seg.dataset.quotes ? "q-" + seg.dataset.quotes.split(" ")[0] : null;
    if (!id) return;
    const card = document.getElementById(id);
    if (card) {
      document.querySelectorAll(".cards li.current").forEach((li) => li.classList.remove("current"));
      card.classList.add("current");
      card.scrollIntoView({ block: "nearest" });
    }
  });
});
