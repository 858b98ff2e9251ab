// cvkit's live preview: reload this page once the export after a save is done, and show the
// profile's problems over it. `cvkit serve PROFILE` adds this script to the pages it sends;
// no exported file carries it, and it loads nothing from another host.
(() => {
  "use strict";
  const previewPage = typeof window.cvkitPreview === "function";
  const framed = !previewPage && window.parent !== window;
  let seen = null;

  function showProblems(errors) {
    let box = document.getElementById("cvkit-problems");
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "cvkit-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "margin:0;padding:12px 16px;background:#fff4f4;color:#5c0000;" +
        "border-top:3px solid #c00;font:13px/1.45 ui-monospace,monospace;z-index:2147483647;" +
        "box-shadow:0 -4px 16px rgba(0,0,0,.15)";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = "The profile has problems; this is the last good export.";
    box.appendChild(title);
    for (const problem of errors) {
      const item = document.createElement("pre");
      item.style.cssText = "margin:8px 0 0;white-space:pre-wrap";
      let text = problem.text;
      if (problem.excerpt !== undefined) {
        text += "\n  " + problem.line + " | " + problem.excerpt +
          "\n  " + " ".repeat(String(problem.line).length) + " | " +
          " ".repeat(Math.max(0, problem.column - 1)) + "^";
      }
      item.textContent = text;
      box.appendChild(item);
    }
  }
  window.cvkitShowProblems = showProblems;

  const events = new EventSource("/_cvkit/events");
  events.addEventListener("state", (message) => {
    const state = JSON.parse(message.data);
    window.cvkitToldAt = performance.timeOrigin + performance.now();
    const first = seen === null;
    const restarted = !first && state.session !== seen.session;
    seen = state;
    if (previewPage) {
      window.cvkitPreview(state, first, restarted);
      return;
    }
    if (!framed) showProblems(state.errors);
    if (restarted || (!first && !state.errors.length && state.changed.includes("html"))) {
      state.templates ? location.reload() : refresh();
    }
  });

  // A save of the profile changes the page's text, not its stylesheets: the new page's body
  // takes the old one's place (no reload: faster, and the scroll position stays). A save of
  // a template, or a page whose language or stylesheets differ, is loaded afresh.
  async function refresh() {
    try {
      const response = await fetch(location.href, { cache: "no-store" });
      if (!response.ok) throw new Error(response.statusText);
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      if (outline(fresh) !== outline(document)) throw new Error("new stylesheets");
      document.title = fresh.title;
      document.body.replaceWith(document.adoptNode(fresh.body));
      window.cvkitShownAt = performance.timeOrigin + performance.now();
    } catch (_) {
      location.reload();
    }
  }

  function outline(page) {
    const root = page.documentElement;
    const sheets = [...page.querySelectorAll("link[rel~=stylesheet], head style")]
      .map((e) => e.outerHTML);
    return [root.lang, root.dir, root.className, ...sheets].join("\n");
  }
})();
