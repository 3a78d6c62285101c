// Search page: Pagefind's JavaScript API with a small Vietnamese interface.
// The state lives in the address (?q=…&loai=…&nam=…&chu-de=…), so the plain GET form
// in every page header lands here with results, and a result list can be shared.
// Folding (see site_builder/search.py): the index holds `đ` as `d` + U+0335, so the
// query's `đ` becomes `d`, and titles and excerpts get their `đ` back before showing.
(function () {
  "use strict";
  var list = document.getElementById("ket-qua");
  var form = document.getElementById("tim-kiem-form");
  if (!list || !form) return;
  var PAGE_SIZE = 10;
  var root = list.getAttribute("data-root") || "./";
  var input = document.getElementById("tu-khoa");
  var status = document.getElementById("trang-thai");
  var more = document.getElementById("xem-them");
  var empty = document.getElementById("khong-co-ket-qua");
  var broken = document.getElementById("tim-kiem-loi");
  var filterBox = document.getElementById("bo-loc");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var pagefind = null, allFilters = {}, shown = [], run = 0;

  function restore(text) {
    return text.replace(/([dD])\u0335/g, function (_, d) { return d === "d" ? "đ" : "Đ"; });
  }
  function foldQuery(text) {
    return text.normalize("NFC").replace(/đ/g, "d").replace(/Đ/g, "D").trim();
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }
  // Pagefind's excerpt is HTML with <mark> around hits; rebuild it from text nodes
  // and marks only, so nothing else from the index can become markup.
  function excerptNode(html) {
    var p = el("p", "search-excerpt");
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    Array.prototype.forEach.call(parsed ? parsed.childNodes : [], function (child) {
      var text = restore(child.textContent);
      p.appendChild(child.nodeName === "MARK" ? el("mark", "", text) : document.createTextNode(text));
    });
    return p;
  }
  function resultItem(data) {
    var li = el("li", "search-result");
    var meta = data.meta || {};
    var facts = [meta.loai];
    if (meta.ngay) facts.push(meta.ngay);
    else if (data.filters && data.filters.nam) facts.push("năm " + data.filters.nam[0]);
    li.appendChild(el("p", "meta", facts.filter(Boolean).join(" · ")));
    var heading = el("h2");
    var link = el("a", "", restore(meta.title || data.url));
    link.href = root + data.url.replace(/^\/+/, "");
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(excerptNode(data.excerpt || ""));
    return li;
  }

  function chosenFilters() {
    var chosen = {};
    selects.forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-filter")] = select.value;
    });
    return chosen;
  }
  function fillFilters(all, counts) {
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var values = Object.keys(all[name] || {});
      values.sort(name === "nam" ? function (a, b) { return b.localeCompare(a); } : function (a, b) { return a.localeCompare(b, "vi"); });
      var current = select.value || select.getAttribute("data-wanted") || "";
      while (select.options.length > 1) select.remove(1);
      values.forEach(function (value) {
        var count = counts && counts[name] ? counts[name][value] || 0 : all[name][value];
        var option = new Option(value + " (" + count + ")", value);
        select.appendChild(option);
      });
      select.value = values.indexOf(current) >= 0 ? current : "";
    });
    filterBox.hidden = selects.every(function (s) { return s.options.length <= 1; });
  }

  function showMore() {
    var next = shown.slice(list.children.length, list.children.length + PAGE_SIZE);
    var mine = run;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== run) return;
      datas.forEach(function (data) { list.appendChild(resultItem(data)); });
      more.hidden = list.children.length >= shown.length;
    });
  }

  function search() {
    var raw = input.value.trim();
    var filters = chosenFilters();
    var mine = ++run;
    list.textContent = "";
    more.hidden = true;
    empty.hidden = true;
    if (!raw && !Object.keys(filters).length) {
      status.textContent = "Gõ từ cần tìm, có dấu hay không dấu đều được.";
      return Promise.resolve();
    }
    status.textContent = "Đang tìm…";
    return pagefind.search(raw ? foldQuery(raw) : null, { filters: filters }).then(function (found) {
      if (mine !== run) return;
      shown = found.results;
      if (found.filters) fillFilters(allFilters, found.filters);
      // The count is announced once the first results are on the page.
      return showMore().then(function () {
        if (mine !== run) return;
        var what = raw ? " cho “" + raw + "”" : "";
        if (!shown.length) {
          status.textContent = "Không tìm thấy trang nào" + what + ".";
          empty.hidden = false;
        } else {
          status.textContent = "Tìm thấy " + shown.length + " trang" + what + ".";
        }
      });
    });
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (select) {
      select.setAttribute("data-wanted", params.get(select.name) || "");
    });
  }
  function writeAddress() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }
  function submit(event) {
    if (event) event.preventDefault();
    writeAddress();
    search();
  }
  function fail() {
    status.textContent = "";
    broken.hidden = false;
  }

  readAddress();
  var bundle = new URL(root + "pagefind/pagefind.js", window.location.href).href;
  import(bundle).then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: "/", excerptLength: 24 });
  }).then(function () {
    return pagefind.filters();
  }).then(function (all) {
    allFilters = all;
    fillFilters(all, null);
    form.addEventListener("submit", submit);
    more.addEventListener("click", showMore);
    selects.forEach(function (select) { select.addEventListener("change", submit); });
    return search();
  }).catch(fail);
})();
