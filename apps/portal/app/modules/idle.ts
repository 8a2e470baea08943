/**
 * The idle warning (loaded on signed-in pages). The server ends a session after a stretch of
 * inactivity; a minute before that, a small dialog asks "Are you still there?". "Stay signed in"
 * pings the server (which slides the deadline); at the deadline the page signs out. Without
 * JavaScript the server still ends the session and the next page says why.
 */
const WARN_BEFORE_MS = 60_000;
const dialog = document.querySelector<HTMLDialogElement>("dialog#idle-dialog");

if (dialog) {
  const stay = dialog.querySelector<HTMLButtonElement>("[data-idle-stay]");
  const signOut = dialog.querySelector<HTMLFormElement>("form[data-idle-signout]");
  let warnTimer: ReturnType<typeof setTimeout> | undefined;
  let endTimer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (seconds: number) => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    const ms = seconds * 1000;
    warnTimer = setTimeout(
      () => {
        if (!dialog.open) dialog.showModal();
        stay?.focus();
      },
      Math.max(0, ms - WARN_BEFORE_MS),
    );
    endTimer = setTimeout(() => signOut?.submit(), Math.max(0, ms));
  };

  const keepAlive = async () => {
    if (stay) {
      stay.disabled = true;
      stay.textContent = "Keeping you signed in…";
    }
    try {
      const response = await fetch("/session/keepalive", {
        method: "POST",
        headers: { Accept: "application/json" },
      });
      const body = (await response.json()) as { idleSeconds?: number };
      if (!response.ok || !body.idleSeconds) {
        signOut?.submit();
        return;
      }
      dialog.close();
      schedule(body.idleSeconds);
    } finally {
      if (stay) {
        stay.disabled = false;
        stay.textContent = "Stay signed in";
      }
    }
  };

  stay?.addEventListener("click", () => void keepAlive());
  // Escape means "I'm here", not "sign me out".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    void keepAlive();
  });
  schedule(Number(dialog.dataset.idleSeconds ?? "0"));
}
