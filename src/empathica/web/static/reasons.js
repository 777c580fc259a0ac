// Item page: ties each cause and need in the "Why" panel to its highlighted words in the text.
// Hover or focus lights a pair up; a click pins it (click again to unpin). No library, no network.
(function () {
  "use strict";
  const cards = Array.from(document.querySelectorAll("[data-span-key]"));
  if (!cards.length) return;
  const marksFor = (key) => document.querySelectorAll('mark[data-spans~="' + key + '"]');
  const cardsFor = (keys) => cards.filter((card) => keys.includes(card.dataset.spanKey));
  const light = (key, on, cls) => {
    marksFor(key).forEach((m) => m.classList.toggle(cls, on));
    cardsFor([key]).forEach((c) => c.classList.toggle(cls, on));
  };
  cards.forEach((card) => {
    const key = card.dataset.spanKey;
    card.addEventListener("mouseenter", () => light(key, true, "active"));
    card.addEventListener("mouseleave", () => light(key, false, "active"));
    card.addEventListener("focus", () => light(key, true, "active"));
    card.addEventListener("blur", () => light(key, false, "active"));
    card.addEventListener("click", () => {
      const pinned = !card.classList.contains("pinned");
      cards.forEach((other) => light(other.dataset.spanKey, false, "pinned"));
      light(key, pinned, "pinned");
      card.setAttribute("aria-pressed", String(pinned));
      const first = marksFor(key)[0];
      if (pinned && first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
  });
  document.querySelectorAll("mark[data-spans]").forEach((mark) => {
    const keys = mark.dataset.spans.split(" ");
    mark.addEventListener("mouseenter", () => keys.forEach((k) => light(k, true, "active")));
    mark.addEventListener("mouseleave", () => keys.forEach((k) => light(k, false, "active")));
  });
})();
