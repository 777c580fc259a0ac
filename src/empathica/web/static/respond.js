// Item page: the suggested reply (copy it, redraft for another channel or tone) and the
// "Check my reply" coach, which asks the API for a verdict after the agent stops typing.
// Plain browser APIs only: no library, no network beyond this server.
(function () {
  "use strict";
  const panel = document.querySelector("[data-testid=reply-panel]");
  const coach = document.querySelector("[data-testid=coach-panel]");
  if (!panel || !coach) return;
  const feedbackId = Number(panel.dataset.feedbackId);
  const draftBox = panel.querySelector("[data-testid=reply-text]");
  const status = panel.querySelector("[data-testid=reply-status]");
  const input = coach.querySelector("[data-testid=coach-input]");
  const verdictBox = coach.querySelector("[data-testid=coach-verdict]");
  const errorBox = coach.querySelector("[data-testid=coach-error]");
  const DEBOUNCE_MS = 450;
  const LABELS = {
    acknowledges_emotion: "names how they feel",
    validates: "says the feeling makes sense",
    apologises: "apologises",
    thanks: "thanks them",
    reassures: "reassures",
    next_step: "commits to a next step",
    addresses_cause: "addresses what went wrong",
    personal: "personal, not generic",
  };

  const say = (text) => {
    status.textContent = text;
    if (text) setTimeout(() => { if (status.textContent === text) status.textContent = ""; }, 2500);
  };

  // With login on, the API takes the session cookie only together with the page's CSRF token.
  const csrf = (document.querySelector("meta[name=csrf-token]") || {}).content || "";

  const post = async (path, body) => {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : data.detail;
      throw new Error(detail || "the server answered " + response.status);
    }
    return data;
  };

  panel.querySelector("[data-action=copy]").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(draftBox.value);
    } catch (_) {
      draftBox.select();
      document.execCommand("copy");
    }
    say("Copied");
  });

  panel.querySelector("[data-action=use]").addEventListener("click", () => {
    input.value = draftBox.value;
    input.focus();
    check();
  });

  panel.querySelectorAll("select").forEach((select) => {
    select.addEventListener("change", async () => {
      const form = panel.querySelector("[data-testid=reply-options]");
      say("Drafting…");
      try {
        const draft = await post("/api/v1/replies/draft", {
          feedback_id: feedbackId,
          channel: form.channel.value,
          tone: form.tone.value,
        });
        draftBox.value = draft.text;
        // The step, and so the situation it answers, changes with the channel (a public reply only invites a DM).
        const situation = panel.querySelector("[data-testid=grounding-situation]");
        if (situation) {
          situation.hidden = !draft.grounding.situation;
          situation.querySelector("strong").textContent = draft.grounding.situation || "";
        }
        const parts = panel.querySelector("[data-testid=reply-parts]");
        parts.replaceChildren(
          ...draft.parts.map((p) => {
            const li = document.createElement("li");
            const badge = document.createElement("span");
            badge.className = "badge role-badge";
            badge.textContent = p.role.replace("_", " ");
            li.append(badge, " " + p.text);
            return li;
          })
        );
        say("New draft");
      } catch (error) {
        say("Could not redraft: " + error.message);
      }
    });
  });

  const item = (text, cls) => {
    const li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    return li;
  };

  const show = (v) => {
    coach.querySelector("[data-testid=coach-score]").textContent = v.score;
    coach.querySelector("[data-testid=empathy-needed]").textContent = v.empathy_needed;
    verdictBox.dataset.score = v.score;
    const checks = coach.querySelector("[data-testid=coach-checks]");
    checks.replaceChildren(
      ...Object.entries(v.behaviours).map(([name, present]) => {
        const li = item((present ? "✓ " : "✗ ") + (LABELS[name] || name), present ? "ok" : "missing");
        li.dataset.behaviour = name;
        return li;
      })
    );
    const m = v.mechanisms;
    coach.querySelector("[data-testid=coach-mechanisms]").textContent =
      "Emotional reactions " + m.emotional_reactions + "/2 · interpretations " + m.interpretations +
      "/2 · explorations " + m.explorations + "/2";
    const scripted = coach.querySelector("[data-testid=coach-scripted]");
    scripted.hidden = v.scripted.score < 0.5;
    scripted.textContent = "Sounds scripted: close to “" + v.scripted.closest + "”";
    coach.querySelector("[data-testid=coach-tips]").replaceChildren(...v.suggestions.map((s) => item(s)));
    verdictBox.hidden = false;
  };

  let timer = null;
  let asked = 0;
  const check = async () => {
    const reply = input.value.trim();
    if (!reply) {
      verdictBox.hidden = true;
      return;
    }
    const ticket = ++asked;
    try {
      const verdict = await post("/api/v1/replies/assess", { feedback_id: feedbackId, reply: reply });
      if (ticket !== asked) return; // a newer check is on its way
      errorBox.hidden = true;
      show(verdict);
    } catch (error) {
      if (ticket !== asked) return;
      errorBox.textContent = "The coach could not check this reply: " + error.message;
      errorBox.hidden = false;
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  });
})();
