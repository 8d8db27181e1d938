"use strict";
// The share page's one script (backend/presign/share_page.py serves it inline, allowed by its
// hash in the Content-Security-Policy). It asks this page's own address for the album's
// photos, a page at a time, and shows them; renditions load straight from the store.
(function () {
  var photosUrl = location.pathname.replace(/\/+$/, "") + "/photos";
  var grid = document.getElementById("grid");
  var title = document.getElementById("title");
  var note = document.getElementById("note");
  var problem = document.getElementById("problem");
  var form = document.getElementById("password-form");
  var more = document.getElementById("more");
  var end = document.getElementById("end");  // always laid out: a hidden element never intersects
  var viewer = document.getElementById("viewer");
  var big = document.getElementById("big");
  var where = document.getElementById("where");
  var caption = document.getElementById("viewer-caption");
  var download = document.getElementById("download");
  var items = [], cursor = null, done = false, loading = false, password = null, shown = -1;
  var opener = null;

  function say(text) { problem.textContent = text || ""; problem.hidden = !text; }

  function load() {
    if (loading || done) { return; }
    loading = true;
    var body = {cursor: cursor};
    if (password !== null) { body.password = password; }
    var text = JSON.stringify(body);
    signed(text)
      .then(function (headers) {
        return fetch(photosUrl, {method: "POST", headers: headers, body: text,
                                 credentials: "omit", cache: "no-store"});
      })
      .then(function (answer) {
        return answer.json().then(function (data) { return {status: answer.status, data: data}; });
      })
      .then(function (result) {
        loading = false;
        var data = result.data;
        if (result.status === 401 || result.status === 403) {
          form.hidden = false;
          say(result.status === 403 ? data.message : "");
          note.textContent = result.status === 401 ? data.message : note.textContent;
          document.getElementById("password").focus();
          return;
        }
        if (result.status !== 200) {
          done = true;
          say(data.message || "The photos could not be loaded; reload the page to try again.");
          return;
        }
        form.hidden = true;
        say("");
        title.textContent = data.title;
        document.title = data.title;
        data.items.forEach(add);
        cursor = data.next_cursor;
        done = !cursor;
        note.textContent = items.length === 1 ? "1 photo" : items.length + " photos";
        if (!done) {
          watchEnd();
          // The observer speaks on changes only: an end still in view after this page asks now.
          if (end.getBoundingClientRect().top < window.innerHeight + 600) { load(); }
        }
      })
      .catch(function () {
        loading = false;
        say("The photos could not be loaded (no connection?); reload the page to try again.");
      });
  }

  // Behind the CloudFront front door (docs/DEPLOY.md) Lambda takes a body only with its
  // SHA-256 in this header. crypto.subtle exists on https and localhost; a plain-http LAN
  // backend needs no header.
  function signed(text) {
    var headers = {"content-type": "application/json"};
    if (!(window.crypto && crypto.subtle)) { return Promise.resolve(headers); }
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (d) {
      headers["x-amz-content-sha256"] = Array.prototype.map.call(new Uint8Array(d), function (b) {
        return ("0" + b.toString(16)).slice(-2); }).join("");
      return headers;
    });
  }

  function add(item) {
    var index = items.length;
    items.push(item);
    var li = document.createElement("li");
    var button = document.createElement("button");
    button.className = "tile";
    button.type = "button";
    var img = document.createElement("img");
    img.src = item.thumbnail_url;
    img.srcset = item.thumbnail_url + " 256w, " + item.large_url + " 1600w";
    img.sizes = "(max-width: 600px) 50vw, 220px";
    img.loading = "lazy";
    img.decoding = "async";
    img.width = 256;
    img.height = 256;
    img.alt = describe(item, index);
    button.appendChild(img);
    button.addEventListener("click", function () { open(index, button); });
    li.appendChild(button);
    if (item.name || item.date) {
      var text = document.createElement("p");
      text.className = "caption";
      text.textContent = [item.name, item.date].filter(Boolean).join(" · ");
      li.appendChild(text);
    }
    grid.appendChild(li);
  }

  function describe(item, index) {
    var parts = [item.name || "Photo " + (index + 1)];
    if (item.date) { parts.push("taken " + item.date); }
    return parts.join(", ");
  }

  var watcher = null;
  function watchEnd() {
    if (!("IntersectionObserver" in window)) { more.hidden = false; return; }
    if (watcher === null) {
      watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) { load(); }
      }, {rootMargin: "600px"});
      watcher.observe(end);
    }
  }

  function open(index, from) {
    opener = from || opener;
    shown = index;
    var item = items[index];
    big.src = item.large_url;
    big.alt = describe(item, index);
    where.textContent = (index + 1) + " of " + items.length + (done ? "" : "+");
    caption.textContent = [item.name, item.date].filter(Boolean).join(" · ");
    download.hidden = !item.original_url;
    if (item.original_url) { download.href = item.original_url; }
    viewer.hidden = false;
    document.getElementById("close").focus();
    if (index >= items.length - 3) { load(); }
  }

  function close() {
    viewer.hidden = true;
    big.removeAttribute("src");
    shown = -1;
    if (opener) { opener.focus(); }
  }

  function step(by) {
    if (shown < 0) { return; }
    var next = shown + by;
    if (next >= 0 && next < items.length) { open(next); }
  }

  document.getElementById("previous").addEventListener("click", function () { step(-1); });
  document.getElementById("next").addEventListener("click", function () { step(1); });
  document.getElementById("close").addEventListener("click", close);
  more.addEventListener("click", load);
  document.addEventListener("keydown", function (event) {
    if (viewer.hidden) { return; }
    if (event.key === "ArrowRight") { step(1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { step(-1); event.preventDefault(); }
    else if (event.key === "Escape") { close(); event.preventDefault(); }
  });
  var touchX = null;
  viewer.addEventListener("touchstart", function (event) {
    touchX = event.changedTouches[0].clientX;
  }, {passive: true});
  viewer.addEventListener("touchend", function (event) {
    if (touchX === null) { return; }
    var dx = event.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) > 50) { step(dx < 0 ? 1 : -1); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    password = document.getElementById("password").value;
    say("");
    load();
  });
  load();
})();
