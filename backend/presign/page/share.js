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
  var terms = null;  // what the share takes from guests (null: no uploads)
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
        if (data.uploads && terms === null) { offerUploads(data.uploads); }
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

  // -- guest uploads: hash, ask for presigned PUTs, send with progress --------------------

  var uploadsUrl = location.pathname.replace(/\/+$/, "") + "/uploads";
  var sending = document.getElementById("sending");
  var picker = document.getElementById("files");
  var drop = document.getElementById("drop");
  var waiting = [], busy = 0, SENDING_AT_ONCE = 2, CHUNK = 1 << 20;

  function offerUploads(given) {
    terms = given;
    var extensions = [];
    Object.keys(terms.types).forEach(function (kind) {
      extensions = extensions.concat(terms.types[kind]);
    });
    picker.accept = Object.keys(terms.types).concat(extensions).join(",");
    document.getElementById("add-note").textContent = "Photos up to " + megabytes(terms.max_bytes) +
      " each (" + extensions.filter(function (e, i) { return i === 0 ||
        !sameKind(e, extensions[i - 1]); }).join(", ") + "). They appear in the album once " +
      "they are ready.";
    document.getElementById("add").hidden = false;
    picker.addEventListener("change", function () {
      Array.prototype.forEach.call(picker.files, enqueue);
      picker.value = "";
    });
    ["dragenter", "dragover"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      document.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    document.addEventListener("drop", function (event) {
      event.preventDefault();
      Array.prototype.forEach.call(event.dataTransfer.files, enqueue);
    });
  }

  function sameKind(a, b) {
    return Object.keys(terms.types).some(function (kind) {
      return terms.types[kind].indexOf(a) >= 0 && terms.types[kind].indexOf(b) >= 0;
    });
  }

  function megabytes(bytes) { return Math.round(bytes / 1048576) + " MB"; }

  function kindOf(file) {
    var dot = file.name.lastIndexOf(".");
    var extension = dot < 0 ? "" : file.name.slice(dot).toLowerCase();
    var kinds = Object.keys(terms.types);
    if (kinds.indexOf(file.type) >= 0) { return file.type; }
    // Some browsers give HEIC and AVIF no type: the extension says it.
    return kinds.filter(function (kind) { return terms.types[kind].indexOf(extension) >= 0; })[0];
  }

  function enqueue(file) {
    var row = document.createElement("li");
    var name = document.createElement("span");
    name.className = "name";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 1;
    bar.value = 0;
    var state = document.createElement("span");
    state.className = "state";
    row.appendChild(name);
    row.appendChild(bar);
    row.appendChild(state);
    sending.appendChild(row);
    var job = {file: file, kind: kindOf(file), bar: bar, state: state, row: row};
    if (!job.kind) {
      return failed(job, file.name + " is not a kind of photo this album takes; send a JPEG, " +
                    "HEIC or PNG.");
    }
    if (file.size > terms.max_bytes || file.size === 0) {
      return failed(job, file.size === 0 ? file.name + " is empty." : file.name +
                    " is larger than " + megabytes(terms.max_bytes) + "; send a smaller copy.");
    }
    state.textContent = "Waiting…";
    waiting.push(job);
    next();
  }

  function failed(job, sentence) {
    job.state.textContent = sentence;
    job.state.classList.add("failed");
    job.bar.hidden = true;
  }

  function next() {
    while (busy < SENDING_AT_ONCE && waiting.length) {
      busy += 1;
      send(waiting.shift()).then(function () {
        busy -= 1;
        if (busy === 0 && !waiting.length && sending.querySelector(".sent")) {
          fresh.hidden = false;  // they show once ready: the guest asks for the album again
        }
        next();
      });
    }
  }

  var fresh = document.getElementById("fresh");
  fresh.addEventListener("click", function () {
    fresh.hidden = true;
    items = [];
    cursor = null;
    done = false;
    grid.textContent = "";
    load();
  });

  function send(job) {
    job.state.textContent = "Checking…";
    return digest(job.file, function (share) { job.bar.value = share * 0.1; })
      .then(function (sha256) {
        var body = {files: [{filename: job.file.name, content_type: job.kind,
                             size: job.file.size, sha256: sha256,
                             file_time: new Date(job.file.lastModified).toISOString()}],
                    name: document.getElementById("guest-name").value};
        if (password !== null) { body.password = password; }
        var text = JSON.stringify(body);
        return signed(text).then(function (headers) {
          return fetch(uploadsUrl, {method: "POST", headers: headers, body: text,
                                    credentials: "omit", cache: "no-store"});
        });
      })
      .then(function (answer) { return answer.json(); })
      .then(function (data) {
        var item = data.items ? data.items[0] : {status: "error", message: data.message};
        if (item.status === "duplicate") {
          job.bar.value = 1;
          job.state.textContent = "Already in the gallery: now in this album too.";
          return null;
        }
        if (item.status !== "upload") { return failed(job, item.message); }
        job.state.textContent = "Sending…";
        return put(job, item.upload);
      })
      .catch(function () {
        failed(job, job.file.name + " could not be sent (no connection?); pick it again to " +
               "retry.");
      });
  }

  function put(job, upload) {
    return new Promise(function (resolve) {
      var request = new XMLHttpRequest();
      request.open(upload.method, upload.url);
      Object.keys(upload.headers).forEach(function (name) {
        // The browser sets Content-Length itself, from the file: the signed value.
        if (name.toLowerCase() !== "content-length") {
          request.setRequestHeader(name, upload.headers[name]);
        }
      });
      request.upload.onprogress = function (event) {
        if (event.lengthComputable) { job.bar.value = 0.1 + 0.9 * event.loaded / event.total; }
      };
      request.onload = function () {
        if (request.status >= 200 && request.status < 300) {
          job.bar.value = 1;
          job.state.textContent = "Sent: it appears in the album once it is ready.";
          job.row.classList.add("sent");
        } else {
          failed(job, job.file.name + " was refused by the store (" + request.status +
                 "); pick it again to retry.");
        }
        resolve();
      };
      request.onerror = function () {
        failed(job, job.file.name + " could not be sent (the connection broke); pick it " +
               "again to retry.");
        resolve();
      };
      request.send(job.file);
    });
  }

  // SHA-256 of a file, read a slice at a time (never the whole file in memory). Web Crypto
  // has no streaming digest and none at all on a plain-http LAN backend, so it is done here.
  function digest(file, progress) {
    var hash = new Sha256(), offset = 0;
    function step() {
      if (offset >= file.size) { return Promise.resolve(hash.base64()); }
      return file.slice(offset, offset + CHUNK).arrayBuffer().then(function (buffer) {
        hash.update(new Uint8Array(buffer));
        offset += buffer.byteLength;
        progress(offset / file.size);
        return step();
      });
    }
    return step();
  }

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2]);

  function Sha256() {
    this.h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f,
                              0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    this.w = new Uint32Array(64);
    this.rest = new Uint8Array(64);
    this.kept = 0;   // bytes waiting in `rest` for a whole 64-byte block
    this.length = 0; // bytes hashed so far
  }

  Sha256.prototype.update = function (bytes) {
    var at = 0;
    this.length += bytes.length;
    if (this.kept) {
      var taken = Math.min(64 - this.kept, bytes.length);
      this.rest.set(bytes.subarray(0, taken), this.kept);
      this.kept += taken;
      at = taken;
      if (this.kept < 64) { return; }
      this.block(this.rest, 0);
      this.kept = 0;
    }
    for (; at + 64 <= bytes.length; at += 64) { this.block(bytes, at); }
    this.rest.set(bytes.subarray(at), 0);
    this.kept = bytes.length - at;
  };

  Sha256.prototype.block = function (b, o) {
    var w = this.w, h = this.h, t, x, y;
    for (t = 0; t < 16; t++) {
      w[t] = (b[o + 4 * t] << 24) | (b[o + 4 * t + 1] << 16) | (b[o + 4 * t + 2] << 8) |
             b[o + 4 * t + 3];
    }
    for (t = 16; t < 64; t++) {
      x = w[t - 15];
      y = w[t - 2];
      w[t] = w[t - 16] + (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + w[t - 7] +
             (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10));
    }
    var a = h[0], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7], bb = h[1];
    for (t = 0; t < 64; t++) {
      var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] +
                w[t]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  };

  Sha256.prototype.base64 = function () {
    var bits = this.length * 8;
    var tail = new Uint8Array((this.kept < 56 ? 64 : 128) - this.kept);
    tail[0] = 0x80;
    var view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 4294967296));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.update(tail);
    var out = new DataView(new ArrayBuffer(32));
    for (var i = 0; i < 8; i++) { out.setUint32(4 * i, this.h[i]); }
    return btoa(String.fromCharCode.apply(null, new Uint8Array(out.buffer)));
  };

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  load();
})();
