/* The places pages: "use my location" fills coordinates from the phone (data-locate="#field" fills one field
   with "lat,lng"; the finder's #locate button fills its lat/lng inputs and submits). No map tiles are fetched. */
(function () {
  "use strict";
  function status(text) {
    var el = document.querySelector("[data-locate-status]");
    if (el) { el.textContent = text; }
  }
  function locate(done) {
    if (!navigator.geolocation) { status("此浏览器不支持定位，请从地图应用复制坐标粘贴"); return; }
    status("正在定位…");
    navigator.geolocation.getCurrentPosition(function (pos) {
      status("");
      done(pos.coords.latitude.toFixed(6), pos.coords.longitude.toFixed(6));
    }, function () { status("无法获取您的位置，请在浏览器中允许定位，或从地图应用复制坐标粘贴"); },
    { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  }
  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-locate],#locate") : null;
    if (!el) { return; }
    e.preventDefault();
    if (el.id === "locate") {
      var form = el.form || document.getElementById("finder");
      locate(function (lat, lng) {
        form.querySelector("[name=lat]").value = lat;
        form.querySelector("[name=lng]").value = lng;
        form.submit();
      });
    } else {
      var field = document.querySelector(el.getAttribute("data-locate"));
      locate(function (lat, lng) { if (field) { field.value = lat + "," + lng; } });
    }
  });
})();
