// Keyboard coding on the answers list (progressive enhancement: without it every answer still has its own form).
// J/K move between answers, 1-9 tick the first nine themes of the open answer, S saves it. After a save the list
// comes back at the saved answer (#answer-N) and the next answer's form is opened, so coding runs on without a mouse.
// Shortcuts never fire while typing in a box, and the officer can turn them off (WCAG 2.1.4); the choice is kept.
const answers = [...document.querySelectorAll(".sv-answer")];
const panel = document.getElementById("coding-shortcuts");
const toggle = document.getElementById("shortcuts-on");
const STORE = "sv-coding-shortcuts";

if (answers.length && panel && toggle) {
  panel.hidden = false;
  toggle.checked = window.localStorage.getItem(STORE) !== "off";
  toggle.addEventListener("change", () => window.localStorage.setItem(STORE, toggle.checked ? "on" : "off"));

  let current = -1;
  const open = (index) => {
    current = Math.max(0, Math.min(index, answers.length - 1));
    const answer = answers[current];
    answer.querySelector("details").open = true;
    answer.scrollIntoView({ block: "start" });
    answer.querySelector("summary").focus({ preventScroll: true });
  };
  const form = () => (current >= 0 ? answers[current].querySelector("details form") : null);

  const saved = answers.findIndex((answer) => `#${answer.id}` === window.location.hash);
  // After the load event: the browser's own jump to #answer-N would otherwise move focus back to the page.
  const resume = () => window.setTimeout(() => open(saved + 1 < answers.length ? saved + 1 : saved), 0);
  if (saved >= 0 && document.readyState === "complete") resume();
  else if (saved >= 0) window.addEventListener("load", resume, { once: true });

  for (const [index, answer] of answers.entries()) {
    answer.addEventListener("focusin", () => { current = index; });
  }

  document.addEventListener("keydown", (event) => {
    if (!toggle.checked || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target.matches("input[type=search], input[type=text], textarea, select, [contenteditable]");
    if (typing) return;
    const key = event.key.toLowerCase();
    if (key === "j") { open(current + 1); event.preventDefault(); }
    else if (key === "k") { open(current - 1); event.preventDefault(); }
    else if (/^[1-9]$/.test(key) && form()) {
      const box = form().querySelectorAll("input[name=themes]")[Number(key) - 1];
      if (box) { box.checked = !box.checked; box.focus(); event.preventDefault(); }
    } else if (key === "s" && form()) { form().requestSubmit(); event.preventDefault(); }
  });
}
