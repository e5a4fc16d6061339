/* The DSFR's settings, read by static/dsfr/dsfr.module.min.js, which loads after this file:
 * quiet in the browser's console (no version banner nor notices). */
window.dsfr = { production: true };
