/* 驾驶舱: draws the charts from the JSON the page embeds (#chart-data) with ECharts, and opens the list behind a
   bar or point when it is clicked. Each chart marks itself data-rendered="1" once drawn (the browser test waits
   for it). Charts resize with the window, so the page works on a large screen and on a phone. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var RED = "#c8102e", COLORS = [RED, "#e8573b", "#f29d38", "#2b7bb9", "#5aa469", "#8e6bbf", "#6c757d"];
  var charts = [];
  var narrow = function () { return window.innerWidth < 576; };

  function empty(el, text) {
    el.innerHTML = '<div class="text-muted small text-center py-5">' + text + "</div>";
    el.dataset.rendered = "1";
    el.dataset.empty = "1";
  }

  function draw(el, option, links) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(Object.assign({ color: COLORS, animation: false, textStyle: { fontFamily: "sans-serif" } }, option));
    chart.on("click", function (params) {
      var url = links(params);
      if (url) { window.location.href = url; }
    });
    chart.on("finished", function () { el.dataset.rendered = "1"; });
    el.dataset.rendered = "1";
    charts.push(chart);
    return chart;
  }

  // Long org names are shortened on the axis (the tooltip, on hover, gives the full name).
  function shorten(text, n) { text = String(text); return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  function orgLabels() { return Object.assign(slanted(), { formatter: function (v) { return shorten(v, narrow() ? 6 : 9); } }); }

  // The current month is not over: its figures are marked 本月至今 (not read as a drop), and months still to
  // come in the period are left out rather than drawn as zeros.
  var now = new Date();
  var thisMonth = now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2);
  function upToNow(block, keys) {
    var last = block.labels.indexOf(thisMonth);
    var future = block.labels.filter(function (l) { return l > thisMonth; }).length;
    if (last < 0 && !future) { return block; }
    var cut = last >= 0 ? last + 1 : block.labels.length - future;
    var out = Object.assign({}, block);
    ["labels", "links"].concat(keys).forEach(function (k) { if (out[k]) { out[k] = out[k].slice(0, cut); } });
    out.labels = out.labels.map(function (l) { return l === thisMonth ? l + "（本月至今）" : l; });
    out.partial = last >= 0 ? last : -1;
    return out;
  }
  function partialBar(values, index) {
    return values.map(function (v, i) { return i === index ? { value: v, itemStyle: { opacity: 0.45 } } : v; });
  }

  function grid() { return { left: 48, right: 16, top: 40, bottom: narrow() ? 70 : 50, containLabel: true }; }
  function slanted() { return { interval: 0, rotate: narrow() ? 45 : 30, fontSize: 11, hideOverlap: true }; }
  var pct = function (v) { return v === null || v === undefined ? "—" : v + "%"; };

  // Each chart is declared by an app (core.metrics.Chart) and drawn by its kind.
  var KINDS = {
    growth: function (el, block) {
      var growth = upToNow(block, ["members", "joined"]);
      draw(el, {
        tooltip: { trigger: "axis" },
        legend: { data: ["会员人数", "新入会"] },
        grid: grid(),
        xAxis: { type: "category", data: growth.labels, axisLabel: slanted() },
        yAxis: [{ type: "value", name: "人" }, { type: "value", name: "新入会", splitLine: { show: false } }],
        series: [
          { name: "会员人数", type: "bar", data: partialBar(growth.members, growth.partial), cursor: "pointer" },
          { name: "新入会", type: "line", yAxisIndex: 1, data: growth.joined, symbolSize: 8 }
        ]
      }, function (p) { return growth.links[p.dataIndex]; });
    },
    rate_by_child: function (el, rate) {
      var rated = rate.values.some(function (v) { return v !== null; });
      if (!rate.labels.length) { empty(el, "该组织没有下级组织"); return; }
      if (!rated) { empty(el, el.dataset.empty); return; }
      draw(el, {
        tooltip: { trigger: "axis", valueFormatter: pct },
        grid: grid(),
        xAxis: { type: "category", data: rate.labels, axisLabel: orgLabels() },
        yAxis: { type: "value", name: "%", max: function (v) { return Math.max(100, Math.ceil(v.max)); } },
        series: [{ name: el.getAttribute("aria-label"), type: "bar", data: rate.values, cursor: "pointer", label: { show: !narrow(), position: "top", formatter: function (p) { return pct(p.value); } } }]
      }, function (p) { return rate.links[p.dataIndex]; });
    },
    ranking: function (el, block) {
      if (!block.labels.length) { empty(el, el.dataset.empty); return; }
      draw(el, {
        tooltip: { trigger: "axis" },
        grid: { left: 16, right: 40, top: 24, bottom: 16, containLabel: true },
        xAxis: { type: "value", name: block.unit || "", nameLocation: "end", nameGap: 8, nameTextStyle: { align: "right", verticalAlign: "bottom", padding: [0, 0, 20, 0] } },
        yAxis: { type: "category", data: block.labels.slice().reverse(), axisLabel: { width: narrow() ? 90 : 160, overflow: "truncate" } },
        series: [{ name: block.unit || "", type: "bar", data: block.values.slice().reverse(), cursor: "pointer", label: { show: true, position: "right" } }]
      }, function (p) { return block.links[block.links.length - 1 - p.dataIndex]; });
    },
    stacked: function (el, block) {
      if (!block.categories.length) { empty(el, el.dataset.empty); return; }
      draw(el, {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { type: "scroll", top: 0 },
        grid: grid(),
        xAxis: { type: "category", data: block.categories, axisLabel: slanted() },
        yAxis: { type: "value", name: block.unit || "件" },
        series: block.series.map(function (s) { return { name: s.name, type: "bar", stack: "state", data: s.values, cursor: "pointer" }; })
      }, function (p) { return block.series[p.seriesIndex].links[p.dataIndex]; });
    },
    trend: function (el, block) {
      var sat = upToNow(block, ["values"]);
      draw(el, {
        tooltip: { trigger: "axis", valueFormatter: pct },
        grid: grid(),
        xAxis: { type: "category", data: sat.labels, axisLabel: slanted() },
        yAxis: { type: "value", name: "%", min: 0, max: 100 },
        series: [{ name: el.getAttribute("aria-label"), type: "line", data: sat.values, connectNulls: true, symbolSize: 10, cursor: "pointer", itemStyle: { color: RED } }]
      }, function (p) { return sat.links[p.dataIndex]; });
    }
  };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var drawKind = KINDS[el.dataset.kind];
    if (drawKind) { drawKind(el, data[el.dataset.chart]); } else { empty(el, el.dataset.empty); }
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.body.dataset.chartsReady = "1";
})();
