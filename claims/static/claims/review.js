// Article reader: select claims with j/k, corroborate (c) / contradict (x), add evidence (e), ? for help.
// The panel is an HTMX fragment; this file only moves the selection and fills the verdict form.
(function () {
  "use strict";

  function claims() {
    return Array.prototype.slice.call(document.querySelectorAll("#article-body .claim[data-claim]"));
  }

  function selectedIndex() {
    var list = claims();
    for (var i = 0; i < list.length; i++) {
      if (list[i].classList.contains("selected")) return i;
    }
    return -1;
  }

  function panelClaim() {
    var panel = document.getElementById("claim-panel");
    return panel ? panel.getAttribute("data-claim") : null;
  }

  var pending = null;

  function select(index) {
    var list = claims();
    if (!list.length) return Promise.resolve();
    index = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (el) {
      el.classList.remove("selected");
      el.removeAttribute("aria-current");
    });
    var el = list[index];
    el.classList.add("selected");
    el.setAttribute("aria-current", "true");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
    if (panelClaim() === el.getAttribute("data-claim")) return Promise.resolve();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "?claim=" + el.getAttribute("data-claim"));
    }
    pending = htmx.ajax("GET", el.getAttribute("data-panel-url"), { target: "#panel", swap: "innerHTML" });
    return pending;
  }

  function ensureSelected() {
    if (selectedIndex() < 0) return select(0);
    var el = claims()[selectedIndex()];
    if (panelClaim() !== el.getAttribute("data-claim")) return select(selectedIndex());
    return pending || Promise.resolve();
  }

  function startVerdict(value, stance) {
    ensureSelected().then(function () {
      var form = document.getElementById("verdict-form");
      if (!form) return;
      form.elements["value"].value = value;
      form.elements["claim_stance"].value = stance;
      var input = form.elements["evidence_claim"];
      input.focus();
      input.select();
    });
  }

  function addEvidence() {
    ensureSelected().then(function () {
      var form = document.getElementById("verdict-form");
      if (form) form.elements["evidence_claim"].focus();
    });
  }

  function toggleShortcuts() {
    var dialog = document.getElementById("shortcuts");
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.open && event.key !== "?") return;
    switch (event.key) {
      case "j": select(selectedIndex() + 1); break;
      case "k": select(selectedIndex() < 0 ? 0 : selectedIndex() - 1); break;
      case "c": startVerdict("corroborated", "supports"); break;
      case "x": startVerdict("contradicted", "contradicts"); break;
      case "e": addEvidence(); break;
      case "?": toggleShortcuts(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var claim = target.closest("#article-body .claim[data-claim]");
    if (claim && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      select(claims().indexOf(claim));
      return;
    }
    var use = target.closest("[data-use-evidence]");
    if (use) {
      var form = document.getElementById("verdict-form");
      if (!form) return;
      form.elements["evidence_claim"].value = use.getAttribute("data-use-evidence");
      form.elements["claim_stance"].value = use.getAttribute("data-stance");
      form.elements["value"].focus();
      return;
    }
    if (target.closest("[data-shortcuts-open]")) toggleShortcuts();
  });

  // After the panel changes (a verdict was recorded...), show the claim's new status in the text.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail || !event.detail.target || event.detail.target.id !== "panel") return;
    var panel = document.getElementById("claim-panel");
    if (!panel) return;
    var el = document.getElementById("claim-" + panel.getAttribute("data-claim"));
    if (!el) return;
    var status = panel.getAttribute("data-status");
    el.className = el.className.replace(/\bstatus-[a-z_]+/, "status-" + status);
    var label = panel.getAttribute("data-status-label");
    el.setAttribute("aria-label", el.getAttribute("aria-label").replace(/, [^,]+$/, ", " + label));
    el.setAttribute("title", el.getAttribute("title").replace(/ · [^·]+$/, " · " + label));
    document.querySelectorAll("[data-count-for]").forEach(function (counter) {
      var name = counter.getAttribute("data-count-for");
      counter.textContent = String(document.querySelectorAll("#article-body .claim.status-" + name).length);
    });
    // One persistent live region: screen readers announce the outcome, not the whole panel.
    var live = document.getElementById("live-region");
    if (live) {
      var outcome = panel.querySelector(".conflict, .announcement:not(:empty)");
      var invalid = panel.querySelectorAll("[aria-invalid=true]").length;
      live.textContent = outcome ? outcome.textContent.trim()
        : invalid ? "Not saved: " + invalid + " field" + (invalid > 1 ? "s need" : " needs") + " attention."
        : "Sentence " + (el.getAttribute("data-position") || "") + ", " + label + ".";
    }
    var errors = panel.querySelector(".error, .conflict");
    if (errors && event.detail.xhr && event.detail.xhr.status >= 400) {
      var field = panel.querySelector("[aria-invalid=true]") || errors;
      if (field.focus) field.focus();
    }
  });

  // The shortcuts work from here on (the script is deferred; a key pressed earlier does nothing).
  document.documentElement.setAttribute("data-review-ready", "");
})();
