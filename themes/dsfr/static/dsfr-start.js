/* Starts the DSFR's JavaScript (static/dsfr/dsfr.nomodule.min.js, loaded after this file)
 * once the page is parsed, quietly, after mending one bug of its "nomodule" build (1.13 to
 * 1.15.3 at least): there, Modal's `isActive` accessor calls the parent's on the prototype
 * rather than on the modal (`superclass.prototype.isActive = value`), so the header's search
 * and menu modals throw "Cannot read properties of undefined (reading 'ascend')" and stay
 * half set up. The accessor below is the one of the DSFR's source (modal.module.js). */
(function () {
  "use strict";
  window.dsfr = { mode: "manual", production: true };

  function mendModal(api) {
    var Modal = api.modal && api.modal.Modal;
    if (!Modal || typeof Modal.prototype._ensureAccessibleName !== "function") return;
    var base = null;
    for (var p = Object.getPrototypeOf(Modal.prototype); p && !base; p = Object.getPrototypeOf(p)) {
      base = Object.getOwnPropertyDescriptor(p, "isActive") || null;
    }
    if (!base || !base.get || !base.set) return;
    Object.defineProperty(Modal.prototype, "isActive", {
      configurable: true,
      get: function () { return base.get.call(this); },
      set: function (value) {
        base.set.call(this, value);
        if (value) this._ensureAccessibleName();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var api = window.dsfr;
    if (!api || typeof api.start !== "function") return;
    mendModal(api);
    api.start();
  });
})();
