// Projector view: refresh the joined/finished counts every few seconds. Without JavaScript the page keeps a
// "Refresh the count" link, so nothing depends on this file.
const root = document.querySelector("[data-counts-url]");
if (root) {
  const joined = document.getElementById("joined-count");
  const completed = document.getElementById("completed-count");
  const refresh = async () => {
    try {
      const response = await fetch(root.dataset.countsUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const counts = await response.json();
      joined.textContent = String(counts.joined);
      completed.textContent = String(counts.completed);
    } catch (error) {
      // A missed refresh is harmless; the next one will catch up.
    }
  };
  setInterval(refresh, 4000);
}
