// Polls a job's JSON status and updates its progress bar, so officers need not reload the page.
for (const box of document.querySelectorAll(".sv-job[data-status-url]")) {
  const bar = box.querySelector("progress");
  const percent = box.querySelector(".sv-job__percent");
  const message = box.querySelector(".sv-job__message");
  const poll = async () => {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const job = await response.json();
    bar.value = job.percent;
    percent.textContent = `${job.percent}%`;
    message.textContent = job.message;
    if (job.status === "done" || job.status === "failed") {
      window.location.reload();
    } else {
      window.setTimeout(poll, 1500);
    }
  };
  window.setTimeout(poll, 1500);
}
