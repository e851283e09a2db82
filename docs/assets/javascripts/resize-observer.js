/* Material's bundle fetches a ResizeObserver polyfill from a CDN when the
   browser lacks one. Load the copy shipped inside the site instead, and only
   in such old browsers; document.write keeps it ahead of the bundle. */
(function () {
  if ("ResizeObserver" in window) return;
  var here = document.currentScript.src;
  var src = here.slice(0, here.lastIndexOf("/") + 1) + "../vendor/ResizeObserver.global.js";
  document.write('<script src="' + src + '"><\/script>');
})();
