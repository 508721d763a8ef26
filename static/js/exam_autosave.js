/* Exam autosave: debounced saves with an increasing sequence number, a
 * status line ("已保存 hh:mm:ss" / "保存失败，正在重试"), and the remaining
 * time as the server reports it (counted down locally between saves, re-synced
 * from every response). The server decides when time is up; this only shows it. */
(function () {
  "use strict";
  var form = document.getElementById("exam-form");
  var configNode = document.getElementById("exam-config");
  if (!form || !configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var text = config.text;
  var statusNode = document.getElementById("exam-save-status");
  var remainingNode = document.getElementById("exam-remaining");
  var seqInput = form.querySelector("input[name=seq]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var seq = config.seq;              // last sequence number the server accepted
  var dirty = {};                    // question keys changed since the last accepted save
  var timer = null, retryDelay = 2000, inFlight = false, finished = false;
  var remaining = config.remaining, syncedAt = Date.now();

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clockText(d) { return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); }
  function setStatus(message, kind) { statusNode.textContent = message; statusNode.className = kind || ""; }

  function valueOf(question) {
    var key = question.getAttribute("data-key"), type = question.getAttribute("data-type");
    var name = "answer-" + key;
    if (type === "multiple") {
      return Array.prototype.map.call(form.querySelectorAll("input[name='" + name + "']:checked"), function (i) { return i.value; });
    }
    if (type === "single" || type === "true_false") {
      var checked = form.querySelector("input[name='" + name + "']:checked");
      if (!checked) { return null; }
      return type === "true_false" ? checked.value === "true" : checked.value;
    }
    return form.elements[name].value;
  }

  function answers(all) {
    var result = {};
    Array.prototype.forEach.call(form.querySelectorAll(".exam-question"), function (q) {
      var key = q.getAttribute("data-key");
      if (all || dirty[key]) { result[key] = valueOf(q); }
    });
    return result;
  }

  function showRemaining() {
    var left = Math.max(0, remaining - Math.floor((Date.now() - syncedAt) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    remainingNode.textContent = (h ? h + ":" : "") + pad(m) + ":" + pad(s);
    if (left === 0 && !finished) { finished = true; setStatus(text.timeUp); submit(); }
  }

  function sync(seconds) {
    if (typeof seconds === "number") { remaining = seconds; syncedAt = Date.now(); }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)
    });
  }

  function save() {
    timer = null;
    if (inFlight || finished || !Object.keys(dirty).length) { return; }
    inFlight = true;
    var sending = dirty, next = seq + 1;
    dirty = {};
    setStatus(text.saving);
    post(config.save, {seq: next, answers: answers(true)}).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (r) {
      inFlight = false;
      if (r.status === 200) {
        seq = r.data.seq; seqInput.value = seq + 1; retryDelay = 2000;
        sync(r.data.remaining_seconds);
        setStatus(text.saved + " " + (r.data.saved_at || clockText(new Date())), "saved");
        if (Object.keys(dirty).length) { schedule(300); }
      } else if (r.status === 409) {
        seq = r.data.seq; seqInput.value = seq + 1; sync(r.data.remaining_seconds);
        setStatus(text.stale, "error");
      } else if (r.status === 410) {
        finished = true; setStatus(text.closed); window.location.href = r.data.result_url;
      } else {
        throw new Error("save failed");
      }
    }).catch(function () {
      inFlight = false;
      Object.keys(sending).forEach(function (k) { dirty[k] = true; });
      setStatus(text.retrying, "error");
      schedule(retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    });
  }

  function schedule(delay) {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, delay);
  }

  function changed(event) {
    var question = event.target.closest(".exam-question");
    if (!question) { return; }
    dirty[question.getAttribute("data-key")] = true;
    schedule(event.type === "input" ? 1200 : 400);
  }

  // 503: the database was unavailable. Nothing was handed in; the server says
  // the saved answers are kept. Show its message and let the trainee (or, once
  // time is up, this script every few seconds) try again.
  var awaitingRetry = false;

  function submit() {
    finished = true;
    awaitingRetry = false;
    if (timer) { clearTimeout(timer); }
    post(config.submit, {seq: seq + 1, answers: answers(true)}).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (r) {
      if (r.status === 503) {
        awaitingRetry = true;
        setStatus(r.data.message || text.retrying, "error");
        if (remaining - Math.floor((Date.now() - syncedAt) / 1000) <= 0) { setTimeout(submit, 5000); }
        return;
      }
      window.location.href = r.data.result_url || config.result;
    }).catch(function () { form.submit(); });
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (finished && !awaitingRetry) { return; }
    if (window.confirm(text.confirm)) { submit(); }
  });
  showRemaining();
  setInterval(showRemaining, 1000);
})();
